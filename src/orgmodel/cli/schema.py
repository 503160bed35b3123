"""`orgmodel schema`: the JSON Schema of the org file, or of `diff --format json`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import app, guard


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
        guard(lambda: write_atomic(output, text))
