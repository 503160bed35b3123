"""`orgmodel stats`: org metrics, for one org or before and after."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, app, guard, input_format_of
from orgmodel.formats.registry import Format


class StatsFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def stats(
    file: Annotated[str, typer.Argument(help="The org: PATH, REV:PATH or - for stdin.")],
    against: Annotated[
        str | None, typer.Option("--against", help="Another org, for before / after columns.")
    ] = None,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", help="Report format.")
    ] = StatsFormat.text,
    input_format: InputFormatOption = None,
) -> None:
    """Org metrics: headcount, layers, spans, the shape of each parent unit, key-person risk."""
    from orgmodel.metrics import org_stats
    from orgmodel.pipeline import load_org
    from orgmodel.report.stats import REPORTERS

    kind = input_format_of(input_format)
    sides = []
    for spec in [file, *([against] if against else [])]:
        loaded = guard(partial(load_org, spec, kind))
        as_of = loaded.org.as_of.isoformat() if loaded.org.as_of else None
        sides.append((loaded.org.name, as_of, org_stats(loaded.structure)))
    sys.stdout.write(REPORTERS[Format(output_format)](sides))
