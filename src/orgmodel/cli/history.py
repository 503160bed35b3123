"""`orgmodel history`: an org's reorganisations, read from its git history."""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, app, fail, guard, input_format_of
from orgmodel.errors import UsageError
from orgmodel.formats.registry import HISTORY_FORMATS, Format, extensions_of, format_for


class HistoryFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _history_format(output: Path | None, chosen: HistoryFormat | None) -> Format:
    if chosen is not None:
        return Format(chosen)
    if output is None:
        return Format.text
    found = format_for(output, HISTORY_FORMATS)
    if found is None:
        known = ", ".join(extensions_of(HISTORY_FORMATS))
        raise UsageError(
            f"-o {output}: cannot tell the format from '{output.suffix}'; a history is written "
            f"as {known} (or give --format text, markdown or json)"
        )
    return found


@app.command()
def history(
    file: Annotated[
        str, typer.Argument(help="The org file's path (the file may since have been deleted).")
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only commits after this revision, or since this date."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only commits up to this revision, or until this date."),
    ] = None,
    max_count: Annotated[
        int | None,
        typer.Option("-n", "--max-count", min=1, help="Show at most this many (the newest)."),
    ] = None,
    first_parent: Annotated[
        bool, typer.Option("--first-parent", help="Follow only the first parent of merges.")
    ] = False,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    every: Annotated[
        bool,
        typer.Option("--all", help="Also commits that changed the file but not the org."),
    ] = False,
    person: Annotated[
        str | None, typer.Option("--person", help="Follow one person through time.")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Follow one unit's lineage: what it came from and became."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the report to this file.")
    ] = None,
    output_format: Annotated[
        HistoryFormat | None,
        typer.Option("--format", help="Report format (default: from -o's extension, or text)."),
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """The reorganisations of an org from its git history: one entry per commit that changed
    it (following renames of the file), with the diff's summary and lineage; or one person's or
    one unit's changes through time."""
    from orgmodel.history import Range, follow_person, follow_unit, read_history, shown, window
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.report.history_reports import REPORTERS

    fmt = guard(lambda: _history_format(output, output_format))
    if person is not None and unit is not None:
        fail(UsageError("give one of --person and --unit"))
    if output is not None:
        guard(partial(refuse_input, output, [file]))
    chosen = Range(since, until, first_parent)
    order = (max_count, reverse)
    found = guard(partial(read_history, file, chosen, input_format_of(input_format)))
    reporters = REPORTERS[fmt]
    if person is not None:
        followed = guard(partial(follow_person, found, person))
        report = reporters.person(replace(followed, events=window(followed.events, *order)))
    elif unit is not None:
        lineage = guard(partial(follow_unit, found, unit))
        report = reporters.unit(replace(lineage, events=window(lineage.events, *order)))
    else:
        report = reporters.history(shown(found, every, *order))
    if output is not None:
        guard(partial(write_atomic, output, report))
    else:
        sys.stdout.write(report)
