"""`orgmodel schema`: the JSON Schema of the org file, or of `diff` or `history --format json`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import app, fail, guard


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    of_diff: Annotated[
        bool, typer.Option("--diff", help="The schema of `diff --format json` instead.")
    ] = False,
    of_history: Annotated[
        bool, typer.Option("--history", help="The schema of `history --format json` instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the org file (for editors' YAML and JSON support), or of a
    JSON report."""
    from orgmodel.errors import UsageError
    from orgmodel.output import write_atomic
    from orgmodel.report.diff_schema import render_diff_schema
    from orgmodel.report.history_schema import render_history_schema
    from orgmodel.schema import render_schema

    if of_diff and of_history:
        fail(UsageError("give one of --diff and --history"))
    text = render_diff_schema() if of_diff else render_schema()
    if of_history:
        text = render_history_schema()
    if output is None:
        sys.stdout.write(text)
    else:
        guard(lambda: write_atomic(output, text))
