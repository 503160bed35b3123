"""`orgmodel validate`: every error and warning of org files, and the policy gates."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, app, guard, input_format_of, tell
from orgmodel.errors import OrgmodelError
from orgmodel.formats.registry import Format


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Org files: PATH, REV:PATH or - for stdin.")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", help="Report format.")
    ] = ValidateFormat.text,
    max_span: Annotated[
        int | None, typer.Option("--max-span", min=1, help="Policy: most direct reports.")
    ] = None,
    max_layers: Annotated[
        int | None, typer.Option("--max-layers", min=1, help="Policy: most management layers.")
    ] = None,
    min_span: Annotated[
        int | None,
        typer.Option("--min-span", min=1, help="Policy: fewest reports a manager may have."),
    ] = None,
    require_leads: Annotated[
        bool, typer.Option("--require-leads", help="Policy: every unit has a lead.")
    ] = False,
    input_format: InputFormatOption = None,
) -> None:
    """Check org files: every error and warning, located as FILE:LINE:COL. Policy gates come
    from the options or [tool.orgmodel.policy] in pyproject.toml."""
    from orgmodel.config import read_policy
    from orgmodel.pipeline import validate_file
    from orgmodel.report.validation import REPORTERS

    fmt = input_format_of(input_format)
    policy = guard(partial(read_policy, Path())).merged(
        max_span=max_span, max_layers=max_layers, min_span=min_span, require_leads=require_leads
    )
    results, unreadable = [], []
    for spec in files:  # one file that cannot be read does not hide the others' findings
        try:
            results.append(validate_file(spec, fmt, None, None, policy))
        except OrgmodelError as error:
            unreadable.append(error)
    report = REPORTERS[Format(output_format)](results, strict) if results else ""
    if output_format is ValidateFormat.json:
        sys.stdout.write(report)
    else:
        sys.stderr.write(report)
    if unreadable:
        raise typer.Exit(max(tell(error) for error in unreadable))
    if not all(r.ok(strict) for r in results):
        raise typer.Exit(1)
