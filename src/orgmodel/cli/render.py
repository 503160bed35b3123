"""`orgmodel render`: an org chart as SVG, PNG or PDF through Graphviz, as DOT or Mermaid, or as
an interactive HTML page."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgmodel.cli.app import (
    InputFormatOption,
    LayoutChoice,
    LayoutOption,
    Level,
    app,
    fail,
    guard,
    input_format_of,
)
from orgmodel.errors import UsageError, located
from orgmodel.formats.registry import CHART_FORMATS, Format, extensions_of, format_for

if TYPE_CHECKING:
    from orgmodel.graph.options import ChartOptions
    from orgmodel.structure import Structure


class RenderFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


class Sort(StrEnum):
    file = "file"
    name = "name"
    headcount = "headcount"


class Direction(StrEnum):
    TB = "TB"
    LR = "LR"
    BT = "BT"
    RL = "RL"


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
        typer.Option(
            "--compact/--no-compact",
            help="Pack leaf reports in blocks and wrap wide rows (with --layout dot: stack a "
            "manager's leaf reports in one box).",
        ),
    ] = True,
    layout: LayoutOption = LayoutChoice.org,
    sort: Annotated[
        Sort,
        typer.Option(
            "--sort", help="Siblings: in file order, by name, or by headcount (largest first)."
        ),
    ] = Sort.file,
    split: Annotated[
        bool,
        typer.Option(
            "--split",
            help="Mermaid: one chart per top-level unit and an overview linking them (needs -o).",
        ),
    ] = False,
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="The Graphviz program to lay the chart out.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Draw an org chart: SVG, PNG or PDF through Graphviz, DOT and Mermaid text, or an
    interactive HTML page (-o chart.html)."""
    from orgmodel.graph.chart import LARGE_CHART, build_graph
    from orgmodel.graph.options import ChartOptions
    from orgmodel.output import is_plain_file, refuse_input
    from orgmodel.pipeline import load_org
    from orgmodel.render import render_graph
    from orgmodel.render.mermaid_split import mermaid_chart
    from orgmodel.report.mermaid_limits import mermaid_warning

    fmt = Format(output_format) if output_format else None
    if fmt is None and output is not None:
        fmt = format_for(output, CHART_FORMATS)
        if fmt is None:
            known = ", ".join(extensions_of(CHART_FORMATS))
            fail(
                UsageError(
                    f"-o {output}: cannot tell the format from {output.suffix!r}; use {known}"
                )
            )
    fmt = fmt or Format.dot
    if split and fmt is not Format.mermaid:
        fail(UsageError(f"--split: only Mermaid charts are split, not {fmt.upper()}; use -o X.mmd"))
    if split and (output is None or not is_plain_file(output)):
        fail(UsageError("--split writes one file per top-level unit: give -o FILE.mmd"))
    if output is not None:
        guard(partial(refuse_input, output, [file]))
    loaded = guard(partial(load_org, file, input_format_of(input_format)))
    options = ChartOptions(
        level=level.value,
        root=root,
        depth=depth,
        direction=direction.value,
        clusters=clusters,
        compact=compact,
        sort=sort.value,
        layout=layout.value,
    ).drawn_as(fmt)
    if split and output is not None:
        _write_split(loaded.structure, options, output, file)
        return
    if fmt is Format.html:
        from orgmodel.html import chart_page

        _emit(output, guard(partial(chart_page, loaded.structure, options)))
        return
    graph = guard(partial(build_graph, loaded.structure, options))
    if options.layout == "dot" and level is Level.people and len(graph.nodes) > LARGE_CHART:
        typer.echo(
            f"orgmodel: warning: {len(graph.nodes)} boxes are slow to lay out and hard to read; "
            "try --level units, --root UNIT or --depth N",
            err=True,
        )
    content: str | bytes
    if fmt is Format.mermaid:
        chart = mermaid_chart(graph)
        content = chart.text
        if chart.overruns:
            _warn(output, mermaid_warning(chart.overruns))
    else:
        shown = str(output) if output is not None else None
        draw = partial(render_graph, graph, fmt, dot_program, output=shown)
        content = guard(partial(draw, layout=options.layout, compact=options.compact))
    _emit(output, content)


def _emit(output: Path | None, content: str | bytes) -> None:
    from orgmodel.output import write_atomic

    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    else:
        guard(partial(write_atomic, output, content))


def _warn(output: Path | None, message: str) -> None:
    where = str(output) if output is not None else None
    typer.echo(f"orgmodel: warning: {located(message, where)}", err=True)


def _write_split(structure: Structure, options: ChartOptions, output: Path, source: str) -> None:
    """The overview at `output` and one chart per top-level unit beside it, each written
    atomically; the overview last, so that it never links to a file not yet written."""
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.render.limits import SMALLER_CHART_HINT, describe_overruns
    from orgmodel.render.mermaid_split import split_mermaid

    parts = guard(partial(split_mermaid, structure, options, str(output)))
    targets = [(output.parent / part.name, part) for part in parts]
    for target, _ in targets:
        guard(partial(refuse_input, target, [source]))
    for target, part in (*targets[1:], *targets[:1]):
        guard(partial(write_atomic, target, part.chart.text))
        if not part.chart.overruns:
            continue
        over = describe_overruns(part.chart.overruns)
        if len(parts) == 1:  # nothing to split it into
            what, hint = "this Mermaid chart", f"draw less ({SMALLER_CHART_HINT})"
        elif part.unit is None:
            what, hint = "the overview", "draw one unit's part of the org with --root UNIT"
        else:
            what, hint = f"the chart of unit {part.unit!r}", "draw less: --level units or --depth N"
        _warn(target, f"GitHub will not draw {what}: {over}; {hint}")
