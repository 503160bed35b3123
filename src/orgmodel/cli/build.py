"""`orgmodel build`: the project's diagrams, rendered or checked for staleness."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import app, guard


@app.command()
def build(
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any diagram is stale.")
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
    otherwise every orgs/*.yaml to diagrams/NAME.svg)."""
    from orgmodel.build import build as build_diagrams
    from orgmodel.config import read_diagrams

    diagrams = guard(partial(read_diagrams, directory))
    result = guard(partial(build_diagrams, diagrams, check, dot_program, force))

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(directory.resolve() if path.is_absolute() else directory))
        except ValueError:
            return str(path)

    for path in result.written:
        typer.echo(f"orgmodel: wrote {shown(path)}", err=True)
    for path, why in result.stale:
        typer.echo(f"orgmodel: {shown(path)}: {why}; run `orgmodel build`", err=True)
    if check:
        fresh = len(result.fresh)
        typer.echo(f"orgmodel: {fresh} of {len(diagrams)} diagrams up to date", err=True)
        if result.stale:
            raise typer.Exit(1)
