"""The `orgmodel` command: a thin shell that parses options, calls the library and picks a
reporter. Library errors become one located line on stderr and the documented exit code."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from orgmodel import __version__
from orgmodel.errors import OrgmodelError, UsageError
from orgmodel.load.source import Format

if TYPE_CHECKING:
    from orgmodel.diff.model import OrgDiff
    from orgmodel.structure import Structure

T = TypeVar("T")

app = typer.Typer(
    name="orgmodel",
    help="Org charts as code: validate, compare and draw organisations kept as YAML, JSON or CSV.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class InputFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format", help="Format of the input when it cannot be told from the name."
    ),
]


def _fail(error: OrgmodelError) -> NoReturn:
    from orgmodel.validate import InvalidOrgError

    if isinstance(error, InvalidOrgError):
        for issue in error.result.errors:
            typer.echo(issue.located(error.result.file), err=True)
    else:
        typer.echo(f"orgmodel: {error.located()}", err=True)
    raise typer.Exit(error.exit_code)


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except OrgmodelError as error:
        _fail(error)


def _input_format(option: InputFormat | None) -> Format | None:
    return option.value if option else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"orgmodel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Org charts as code."""


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Org files: PATH, REV:PATH or - for stdin.")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", help="Report format.")
    ] = ValidateFormat.text,
    input_format: InputFormatOption = None,
) -> None:
    """Check org files: every error and warning, located as FILE:LINE:COL."""
    from orgmodel.report.validation import REPORTERS
    from orgmodel.validate import validate_file

    fmt = _input_format(input_format)
    results = [_guard(partial(validate_file, spec, fmt)) for spec in files]
    report = REPORTERS[output_format.value](results, strict)
    if output_format is ValidateFormat.json:
        sys.stdout.write(report)
    else:
        sys.stderr.write(report)
    if not all(r.ok(strict) for r in results):
        raise typer.Exit(1)


@app.command()
def show(
    file: Annotated[str, typer.Argument(help="Org file: PATH, REV:PATH or - for stdin.")],
    root: Annotated[str | None, typer.Option("--root", help="Show only this unit.")] = None,
    depth: Annotated[
        int | None, typer.Option("--depth", min=1, help="Collapse units below this depth.")
    ] = None,
    units_only: Annotated[bool, typer.Option("--units-only", help="Leave out people.")] = False,
    input_format: InputFormatOption = None,
) -> None:
    """Print the org as a tree: units with lead and headcount, people with title."""
    from rich.console import Console

    from orgmodel.show import build_tree
    from orgmodel.validate import load_org

    loaded = _guard(partial(load_org, file, _input_format(input_format)))
    tree = _guard(lambda: build_tree(loaded.structure, root, depth, units_only))
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or redirected: no wrapping at an imagined 80 columns
        console = Console(highlight=False, width=100_000)
    console.print(tree)


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


DIFF_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".json": "json", ".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot",
                   ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid"}  # fmt: skip
PICTURES = frozenset(("svg", "png", "pdf", "dot", "mermaid"))


def _diff_format(output: Path | None, chosen: DiffFormat | None) -> str:
    if chosen is not None:
        return chosen.value
    if output is None:
        return "text"
    found = DIFF_EXTENSIONS.get(output.suffix.lower())
    if found is None:
        known = ", ".join(sorted(DIFF_EXTENSIONS))
        raise UsageError(
            f"-o {output}: cannot tell the format from '{output.suffix}'; use one of {known} "
            "or give --format"
        )
    return found


@app.command()
def diff(
    before: Annotated[str, typer.Argument(help="The earlier org: PATH, REV:PATH or -.")],
    after: Annotated[str, typer.Argument(help="The later org: PATH, REV:PATH or -.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the report to this file.")
    ] = None,
    output_format: Annotated[
        DiffFormat | None,
        typer.Option("--format", help="Report format (default: from -o's extension, or text)."),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with 1 when the orgs differ.")
    ] = False,
    level: Annotated[
        str, typer.Option("--level", help="Pictures: draw units (default) or people.")
    ] = "units",
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="Pictures: the Graphviz program to use.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Compare two orgs: units and lineage, people by change, metrics before and after; or draw
    the reorganisation as a picture (-o reorg.svg)."""
    from orgmodel.diff import diff_structures
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.report.diff_json import render_json
    from orgmodel.report.diff_markdown import render_markdown
    from orgmodel.report.diff_text import render_text
    from orgmodel.report.terminal import print_coloured, wants_colour
    from orgmodel.validate import LoadedOrg, empty_org, load_org

    fmt = _guard(lambda: _diff_format(output, output_format))
    if before == "-" and after == "-":
        _fail(UsageError("only one of BEFORE and AFTER can be standard input"))
    if output is not None:
        _guard(partial(refuse_input, output, [before, after]))
    kind = _input_format(input_format)

    def side(spec: str) -> LoadedOrg:
        # git hands an external diff /dev/null for the missing side of an added or deleted file.
        return empty_org() if spec == os.devnull else _guard(partial(load_org, spec, kind))

    old, new = side(before), side(after)
    result = diff_structures(old.structure, new.structure)
    report: str | bytes
    if fmt in PICTURES:
        report = _guard(
            partial(_diff_picture, result, old.structure, new.structure, fmt, level, dot_program)
        )
    else:
        renderers = {"text": render_text, "markdown": render_markdown, "json": render_json}
        report = renderers[fmt](result)
    if output is not None:
        _guard(partial(write_atomic, output, report))
    elif isinstance(report, bytes):
        sys.stdout.buffer.write(report)
    elif fmt == "text" and wants_colour(sys.stdout):
        print_coloured(report)
    else:
        sys.stdout.write(report)
    if exit_code and not result.empty:
        raise typer.Exit(1)


class ConvertFrom(StrEnum):
    auto = "auto"
    yaml = "yaml"
    json = "json"
    csv = "csv"
    backstage = "backstage"


ORG_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}


def _column_map(pairs: list[str]) -> dict[str, str]:
    from orgmodel.load.csv import mapped_field

    columns: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        target = target.strip()
        if not sep or not header.strip():
            raise UsageError(f'--map {pair!r}: write it as "Column header=field"')
        if not mapped_field(target):
            raise UsageError(
                f"--map {pair!r}: {target!r} is not a field; use id, name, title, manager, unit, "
                "unit_parent, unit_name, unit_path, vacant, dotted or attrs.<key>"
            )
        columns[header.strip()] = target
    return columns


@app.command()
def convert(
    source: Annotated[
        str, typer.Argument(help="The org: PATH, REV:PATH, - for stdin, or a Backstage catalog.")
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="The file to write (- for stdout).")
    ],
    output_format: Annotated[
        InputFormat | None,
        typer.Option("--format", help="Output format (default: from -o's extension)."),
    ] = None,
    source_format: Annotated[
        ConvertFrom, typer.Option("--from", help="Input format (default: from the name).")
    ] = ConvertFrom.auto,
    column_map: Annotated[
        list[str] | None,
        typer.Option("--map", help='CSV: read a column as a field, "Header=field" (repeatable).'),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="CSV: the file's text encoding.")
    ] = None,
    top_values: Annotated[
        list[str] | None,
        typer.Option("--top-value", help="CSV: a manager value that means none (repeatable)."),
    ] = None,
    unit_path_sep: Annotated[
        str, typer.Option("--unit-path-sep", help="CSV: separator in a unit_path column.")
    ] = " | ",
    keep_external_managers: Annotated[
        bool,
        typer.Option(
            "--keep-external-managers",
            help="CSV: keep managers missing from the file as open positions.",
        ),
    ] = False,
    name: Annotated[str | None, typer.Option("--name", help="The org's name.")] = None,
) -> None:
    """Convert an org between YAML, JSON and CSV, or read a Backstage catalog."""
    from orgmodel.load import CsvOptions, Parsed, Source, read_and_parse
    from orgmodel.load.backstage import load_backstage
    from orgmodel.load.locate import SourceMap
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.validate import InvalidOrgError, validate_parsed
    from orgmodel.write import csv_losses, render_csv, render_json, render_yaml

    target = Path(output)
    fmt = output_format.value if output_format else ORG_EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        _fail(
            UsageError(
                f"-o {output}: cannot tell the format from {target.suffix!r}; use .yaml, .yml, "
                ".json or .csv, or give --format"
            )
        )
    if output != "-":
        _guard(partial(refuse_input, target, [source]))
    kind = source_format.value
    if kind == "auto" and Path(source).is_dir():
        kind = "backstage"
    csv_only = column_map or encoding or top_values or keep_external_managers
    is_csv = kind == "csv" or (kind == "auto" and source.lower().endswith(".csv"))
    if csv_only and not is_csv:
        _fail(UsageError("--map, --encoding, --top-value and --keep-external-managers are for CSV"))
    options = CsvOptions(
        columns=_guard(partial(_column_map, column_map or [])),
        name=name,
        top_values=frozenset(top_values or ()),
        unit_path_sep=unit_path_sep,
        keep_external_managers=keep_external_managers,
        encoding=encoding,
    )
    if kind == "backstage":
        data, found = _guard(partial(load_backstage, Path(source), name))
        parsed = Parsed(Source(source, b"", "yaml"), data, SourceMap(), found)
    else:
        input_kind: Format | None = None if kind == "auto" else kind  # type: ignore[assignment]
        parsed = _guard(partial(read_and_parse, source, input_kind, None, options))
        if name and not is_csv and isinstance(parsed.data, dict):
            parsed.data["name"] = name
    result = validate_parsed(parsed)
    for issue in result.warnings:
        typer.echo(issue.located(result.file), err=True)
    if result.errors or result.org is None or result.structure is None:
        _fail(InvalidOrgError(result))
    renderers = {
        "yaml": lambda: render_yaml(result.org),
        "json": lambda: render_json(result.org),
        "csv": lambda: render_csv(result.structure),
    }
    text = renderers[fmt]()
    if fmt == "csv":
        for loss in csv_losses(result.structure):
            typer.echo(f"orgmodel: warning: the CSV form leaves out {loss}", err=True)
    if output == "-":
        sys.stdout.write(text)
    else:
        _guard(partial(write_atomic, target, text))
        structure = result.structure
        typer.echo(
            f"orgmodel: wrote {output}: {len(structure.people)} people in "
            f"{len(structure.units)} units",
            err=True,
        )


def _diff_picture(
    result: OrgDiff, before: Structure, after: Structure, fmt: str, level: str, program: str | None
) -> str | bytes:
    from orgmodel.diff_graph import diff_graph
    from orgmodel.graph import ChartOptions
    from orgmodel.render.dot import render_dot
    from orgmodel.render.graphviz import run_layout
    from orgmodel.render.mermaid import render_mermaid

    if level not in ("units", "people"):
        raise UsageError(f"--level {level!r}: use units or people")
    graph = diff_graph(result, before, after, ChartOptions(level=level))  # type: ignore[arg-type]
    if fmt == "mermaid":
        return render_mermaid(graph)
    if fmt == "dot":
        return render_dot(graph)
    return run_layout(render_dot(graph), fmt, program)  # type: ignore[arg-type]


class RenderFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


class Level(StrEnum):
    people = "people"
    units = "units"


class Direction(StrEnum):
    TB = "TB"
    LR = "LR"
    BT = "BT"
    RL = "RL"


CHART_EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
                    ".mmd": "mermaid", ".mermaid": "mermaid"}  # fmt: skip


@app.command()
def render(
    file: Annotated[str, typer.Argument(help="The org: PATH, REV:PATH or - for stdin.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the chart to this file.")
    ] = None,
    output_format: Annotated[
        RenderFormat | None,
        typer.Option("--format", help="Chart format (default: from -o's extension, or dot)."),
    ] = None,
    level: Annotated[Level, typer.Option("--level", help="One box a person, or a unit.")] = (
        Level.people
    ),
    root: Annotated[str | None, typer.Option("--root", help="Draw only this unit.")] = None,
    depth: Annotated[
        int | None, typer.Option("--depth", min=1, help="Collapse units below this depth.")
    ] = None,
    direction: Annotated[Direction, typer.Option("--direction", help="Layout direction.")] = (
        Direction.TB
    ),
    clusters: Annotated[
        bool, typer.Option("--clusters", help="Box people by unit (people level).")
    ] = False,
    compact: Annotated[
        bool,
        typer.Option("--compact/--no-compact", help="Stack a manager's leaf reports in one box."),
    ] = True,
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="The Graphviz program to lay the chart out.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Draw an org chart: SVG, PNG or PDF through Graphviz, or DOT and Mermaid text."""
    from orgmodel.graph import LARGE_CHART, ChartOptions, build_graph
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.render.dot import render_dot
    from orgmodel.render.graphviz import run_layout
    from orgmodel.render.mermaid import render_mermaid
    from orgmodel.validate import load_org

    fmt = output_format.value if output_format else None
    if fmt is None and output is not None:
        fmt = CHART_EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(CHART_EXTENSIONS))
            _fail(
                UsageError(
                    f"-o {output}: cannot tell the format from {output.suffix!r}; use {known}"
                )
            )
    fmt = fmt or "dot"
    if output is not None:
        _guard(partial(refuse_input, output, [file]))
    loaded = _guard(partial(load_org, file, _input_format(input_format)))
    options = ChartOptions(
        level=level.value,
        root=root,
        depth=depth,
        direction=direction.value,
        clusters=clusters,
        compact=compact,
    )
    graph = _guard(partial(build_graph, loaded.structure, options))
    if level is Level.people and len(graph.nodes) > LARGE_CHART:
        typer.echo(
            f"orgmodel: warning: {len(graph.nodes)} boxes are slow to lay out and hard to read; "
            "try --level units, --root UNIT or --depth N",
            err=True,
        )
    content: str | bytes
    if fmt == "mermaid":
        content = render_mermaid(graph)
    elif fmt == "dot":
        content = render_dot(graph)
    else:
        content = _guard(partial(run_layout, render_dot(graph), fmt, dot_program))  # type: ignore[arg-type]
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    else:
        _guard(partial(write_atomic, output, content))


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
    from orgmodel.build import read_config

    diagrams = _guard(partial(read_config, directory))
    result = _guard(partial(build_diagrams, diagrams, check, dot_program, force))

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


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    of_diff: Annotated[
        bool, typer.Option("--diff", help="The schema of `diff --format json` instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the org file (for editors' YAML and JSON support)."""
    from orgmodel.output import write_atomic
    from orgmodel.report.diff_schema import render_diff_schema
    from orgmodel.schema import render_schema

    text = render_diff_schema() if of_diff else render_schema()
    if output is None:
        sys.stdout.write(text)
    else:
        _guard(lambda: write_atomic(output, text))


def main() -> None:
    # A short-lived process reading large orgs: the cycle collector would only slow it down
    # (the library pauses it around loading; here it stays off to the end).
    gc.disable()
    app()
