"""`orgmodel diff`: a reorganisation as a report or a picture."""

from __future__ import annotations

import os
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
from orgmodel.errors import UsageError
from orgmodel.formats.registry import CHART_FORMATS, DIFF_FORMATS, Format, extensions_of, format_for

if TYPE_CHECKING:
    from orgmodel.diff.model import OrgDiff
    from orgmodel.graph.diff import Focus
    from orgmodel.graph.options import ChartOptions
    from orgmodel.structure import Structure


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


def _diff_format(output: Path | None, chosen: DiffFormat | None) -> Format:
    if chosen is not None:
        return Format(chosen)
    if output is None:
        return Format.text
    found = format_for(output, DIFF_FORMATS)
    if found is None:
        known = ", ".join(extensions_of(DIFF_FORMATS))
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
        Level, typer.Option("--level", help="Pictures: draw units (default) or people.")
    ] = Level.units,
    dot_program: Annotated[
        str | None, typer.Option("--dot", help="Pictures: the Graphviz program to use.")
    ] = None,
    root: Annotated[
        str | None, typer.Option("--root", help="Pictures: draw only this unit's part.")
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=1, help="Pictures: fold units below this depth."),
    ] = None,
    context: Annotated[
        int,
        typer.Option(
            "--context", min=0, help="Pictures: draw N levels of unchanged units around changes."
        ),
    ] = 0,
    full: Annotated[
        bool, typer.Option("--full", help="Pictures: draw both whole orgs, not just the change.")
    ] = False,
    layout: LayoutOption = LayoutChoice.org,
    input_format: InputFormatOption = None,
) -> None:
    """Compare two orgs: units and lineage, people by change, metrics before and after; or draw
    the reorganisation as a picture (-o reorg.svg) or an interactive page (-o reorg.html)."""
    from orgmodel.diff import diff_structures
    from orgmodel.graph.diff import Focus
    from orgmodel.graph.options import ChartOptions
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.pipeline import LoadedOrg, empty_org, load_org
    from orgmodel.report.diff_json import render_diff_json
    from orgmodel.report.diff_markdown import render_markdown
    from orgmodel.report.diff_text import render_text
    from orgmodel.report.terminal import print_coloured, wants_colour

    fmt = guard(lambda: _diff_format(output, output_format))
    drawing_only = {
        "--root": root is not None,
        "--depth": depth is not None,
        "--context": context != 0,
        "--full": full,
    }
    # The page (-o reorg.html) holds the whole diff, to filter and search in.
    partial_picture = fmt in CHART_FORMATS and fmt is not Format.html
    if not partial_picture and any(drawing_only.values()):
        given = ", ".join(name for name, set_ in drawing_only.items() if set_)
        fail(
            UsageError(
                f"{given}: only a picture is drawn in part; write one with -o reorg.svg "
                "(or --format svg|png|pdf|dot|mermaid)"
            )
        )
    if before == "-" and after == "-":
        fail(UsageError("only one of BEFORE and AFTER can be standard input"))
    if output is not None:
        guard(partial(refuse_input, output, [before, after]))
    kind = input_format_of(input_format)

    def side(spec: str) -> LoadedOrg:
        # git hands an external diff /dev/null for the missing side of an added or deleted file.
        return empty_org() if spec == os.devnull else guard(partial(load_org, spec, kind))

    old, new = side(before), side(after)
    result = diff_structures(old.structure, new.structure)
    report: str | bytes
    if fmt is Format.html:
        from orgmodel.html import diff_page

        options = ChartOptions(level=level.value, layout=layout.value)
        report = diff_page(result, old.structure, new.structure, options)
    elif fmt in CHART_FORMATS:
        report = guard(
            partial(
                _diff_picture,
                result,
                old.structure,
                new.structure,
                fmt,
                ChartOptions(level=level.value, root=root, depth=depth, layout=layout.value),
                Focus(context=context, full=full),
                dot_program,
                output,
            )
        )
    else:
        renderers = {
            Format.text: render_text,
            Format.markdown: render_markdown,
            Format.json: render_diff_json,
        }
        report = renderers[fmt](result)
    if output is not None:
        guard(partial(write_atomic, output, report))
    elif isinstance(report, bytes):
        sys.stdout.buffer.write(report)
    elif fmt is Format.text and wants_colour(sys.stdout):
        print_coloured(report)
    else:
        sys.stdout.write(report)
    if exit_code and not result.empty:
        raise typer.Exit(1)


def _diff_picture(
    result: OrgDiff,
    before: Structure,
    after: Structure,
    fmt: Format,
    options: ChartOptions,
    focus: Focus,
    program: str | None,
    output: Path | None,
) -> str | bytes:
    from orgmodel.graph.diff import diff_graph
    from orgmodel.render import render_graph

    graph = diff_graph(result, before, after, options, focus)
    shown = str(output) if output is not None else None
    return render_graph(graph, fmt, program, output=shown, layout=options.layout)
