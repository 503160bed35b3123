"""`orgmodel render`: an org chart as SVG, PNG or PDF through Graphviz, or as DOT or Mermaid."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, Level, app, fail, guard, input_format_of
from orgmodel.errors import UsageError
from orgmodel.formats.registry import CHART_FORMATS, Format, extensions_of, format_for


class RenderFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


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
        typer.Option("--compact/--no-compact", help="Stack a manager's leaf reports in one box."),
    ] = True,
    sort: Annotated[
        Sort,
        typer.Option(
            "--sort", help="Siblings: in file order, by name, or by headcount (largest first)."
        ),
    ] = Sort.file,
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="The Graphviz program to lay the chart out.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Draw an org chart: SVG, PNG or PDF through Graphviz, or DOT and Mermaid text."""
    from orgmodel.graph.chart import LARGE_CHART, ChartOptions, build_graph
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.pipeline import load_org
    from orgmodel.render import render_graph

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
    )
    graph = guard(partial(build_graph, loaded.structure, options))
    if level is Level.people and len(graph.nodes) > LARGE_CHART:
        typer.echo(
            f"orgmodel: warning: {len(graph.nodes)} boxes are slow to lay out and hard to read; "
            "try --level units, --root UNIT or --depth N",
            err=True,
        )
    content = guard(partial(render_graph, graph, fmt, dot_program))
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    else:
        guard(partial(write_atomic, output, content))
