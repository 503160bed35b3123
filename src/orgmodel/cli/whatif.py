"""`orgmodel whatif`: departures, vacancies and moves, and what they do to the org."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, app, fail, guard, input_format_of
from orgmodel.errors import UsageError


@app.command()
def whatif(
    file: Annotated[str, typer.Argument(help="The org: PATH, REV:PATH or - for stdin.")],
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="A person who leaves (repeatable).")
    ] = None,
    vacate: Annotated[
        list[str] | None,
        typer.Option("--vacate", help="A person whose position becomes open (repeatable)."),
    ] = None,
    move: Annotated[
        list[str] | None, typer.Option("--move", help="PERSON=UNIT: a move (repeatable).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the resulting org here.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Simulate departures, vacancies and moves: who is orphaned, which units lose their lead,
    whose span jumps, and the whole change as a diff. The input is never written."""
    from orgmodel.formats.registry import format_for
    from orgmodel.formats.write import dump_org
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.pipeline import load_org
    from orgmodel.report.diff_text import render_text
    from orgmodel.report.whatif import render_impact
    from orgmodel.whatif import Change, parse_move, what_if

    changes = [Change("remove", p) for p in remove or []]
    changes += [Change("vacate", p) for p in vacate or []]
    changes += [guard(partial(parse_move, text)) for text in move or []]
    if not changes:
        fail(UsageError("say what happens: --remove ID, --vacate ID or --move ID=UNIT"))
    fmt = format_for(output) if output is not None else None
    if output is not None:
        if fmt is None:
            fail(UsageError(f"-o {output}: write the resulting org as .yaml, .json or .csv"))
        guard(partial(refuse_input, output, [file]))
    loaded = guard(partial(load_org, file, input_format_of(input_format)))
    result = guard(partial(what_if, loaded.structure, changes))
    sys.stdout.write(render_impact(result) + "\n" + render_text(result.diff))
    if output is not None and fmt is not None:
        guard(partial(write_atomic, output, dump_org(result.structure, fmt)))
