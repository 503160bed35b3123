"""`orgmodel build`: the project's diagrams and Markdown regions, rendered or checked for
staleness."""

from __future__ import annotations

import contextlib
import io
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import app, guard
from orgmodel.errors import UsageError, located


@app.command()
def build(
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if any diagram or region is stale."),
    ] = False,
    directory: Annotated[
        Path, typer.Option("--dir", help="The project folder (with pyproject.toml or orgs/).")
    ] = Path(),
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="The Graphviz program to lay charts out.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Render every diagram, even those up to date.")
    ] = False,
) -> None:
    """Render the project's diagrams ([tool.orgmodel] in pyproject.toml, or orgmodel.toml;
    otherwise every orgs/*.yaml to diagrams/NAME.svg) and refresh the <!-- orgmodel … -->
    regions of the Markdown files it lists."""
    from orgmodel.build import build as build_diagrams
    from orgmodel.config import read_diagrams, read_markdown
    from orgmodel.regions import refresh_regions
    from orgmodel.report.mermaid_limits import mermaid_warning

    diagrams = guard(partial(read_diagrams, directory))
    markdown = guard(partial(read_markdown, directory))
    if not diagrams and not markdown:
        guard(partial(_nothing_to_build))
    result = guard(partial(build_diagrams, diagrams, check, dot_program, force))

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(directory.resolve() if path.is_absolute() else directory))
        except ValueError:
            return str(path)

    for path in result.written:
        typer.echo(f"orgmodel: wrote {shown(path)}", err=True)
    for path, overruns in result.over_limits:
        split = "split it with `orgmodel render --split` (one chart per top-level unit)"
        message = mermaid_warning(overruns, split)
        typer.echo(f"orgmodel: warning: {located(message, shown(path))}", err=True)
    for path, why in result.stale:
        typer.echo(f"orgmodel: {shown(path)}: {why}; run `orgmodel build`", err=True)
    regions = guard(partial(refresh_regions, markdown, _region_runner(directory), check, shown))
    for path in regions.written:
        typer.echo(f"orgmodel: wrote {shown(path)}", err=True)
    for path, region in regions.stale if check else ():
        where = located(f"region `{region.command_line}` is stale", shown(path), region.line)
        typer.echo(f"orgmodel: {where}; run `orgmodel build`", err=True)
    if check:
        fresh = len(result.fresh)
        typer.echo(f"orgmodel: {fresh} of {len(diagrams)} diagrams up to date", err=True)
        if markdown:
            typer.echo(
                f"orgmodel: {regions.fresh} of {regions.total} Markdown regions up to date",
                err=True,
            )
        if result.stale or regions.stale:
            raise typer.Exit(1)


def _nothing_to_build() -> None:
    raise UsageError(
        "no diagrams: declare them in [tool.orgmodel] or put orgs in orgs/ "
        "(or list Markdown files with regions in `markdown`)"
    )


def _region_runner(root: Path) -> partial[str]:
    return partial(_run_region, root)


def _run_region(root: Path, argv: list[str]) -> str:
    """What `orgmodel ARGV` prints, run in this process from the project folder (a region's
    paths are the project's, as a diagram's are). `validate` says its findings on stderr and
    exits 1 for an invalid org: both are its output. Any other failure is a UsageError with
    the command's own message."""
    from typer.main import get_command

    from orgmodel.cli.commands import register

    command = get_command(register())  # a run registers its own command only
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            # Help is wrapped at 80 columns whatever the terminal, so a page reads the same
            # wherever it was built.
            code = command.main(
                argv,
                prog_name="orgmodel",
                standalone_mode=False,
                terminal_width=80,
                max_content_width=80,
            )
        except typer.TyperException as exc:  # a usage error (a bad option): told, not raised
            raise UsageError(exc.format_message()) from None
    status = code if isinstance(code, int) else 0
    if argv[0] == "validate" and status in (0, 1):
        return out.getvalue() + err.getvalue()
    if status != 0:
        said = [line for line in err.getvalue().splitlines() if line.strip()]
        message = said[-1].removeprefix("orgmodel: ") if said else f"exited with {status}"
        raise UsageError(message)
    return out.getvalue()
