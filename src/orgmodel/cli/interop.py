"""`orgmodel convert`: between YAML, JSON and CSV, and from Backstage catalogs."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormat, app, fail, guard
from orgmodel.errors import UsageError
from orgmodel.formats.registry import Format, format_for


class ConvertFrom(StrEnum):
    auto = "auto"
    yaml = "yaml"
    json = "json"
    csv = "csv"
    backstage = "backstage"


def _column_map(pairs: list[str]) -> dict[str, str]:
    from orgmodel.formats.csv import mapped_field

    columns: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        target = target.strip()
        if not sep or not header.strip():
            raise UsageError(f'--map {pair!r}: write it as "Column header=field"')
        if not mapped_field(target):
            raise UsageError(
                f"--map {pair!r}: {target!r} is not a field; use id, name, title, manager, unit, "
                "unit_id, unit_parent, unit_name, unit_path, unit_lead, vacant, dotted, as_of or "
                "attrs.<key>"
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
    from orgmodel.formats.backstage import read_backstage
    from orgmodel.formats.parse import CsvOptions, read_and_parse
    from orgmodel.formats.write import csv_losses, dump_org
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.pipeline import InvalidOrgError, validate_parsed

    target = Path(output)
    fmt = Format(output_format) if output_format else format_for(target)
    if fmt is None:
        fail(
            UsageError(
                f"-o {output}: cannot tell the format from {target.suffix!r}; use .yaml, .yml, "
                ".json or .csv, or give --format"
            )
        )
    if output != "-":
        guard(partial(refuse_input, target, [source]))
    kind = source_format.value
    if kind == "auto" and Path(source).is_dir():
        kind = "backstage"
    csv_only = column_map or encoding or top_values or keep_external_managers
    is_csv = kind == "csv" or (kind == "auto" and format_for(source) is Format.csv)
    if csv_only and not is_csv:
        fail(UsageError("--map, --encoding, --top-value and --keep-external-managers are for CSV"))
    options = CsvOptions(
        columns=guard(partial(_column_map, column_map or [])),
        name=name,
        top_values=frozenset(top_values or ()),
        unit_path_sep=unit_path_sep,
        keep_external_managers=keep_external_managers,
        encoding=encoding,
    )
    if kind == "backstage":
        parsed = guard(partial(read_backstage, source, name))
    else:
        input_kind = None if kind == "auto" else Format(kind)
        parsed = guard(partial(read_and_parse, source, input_kind, None, options))
        if name and not is_csv and isinstance(parsed.data, dict):
            parsed.data["name"] = name
    result = validate_parsed(parsed)
    for issue in result.warnings:
        typer.echo(issue.located(result.file), err=True)
    if result.errors or result.org is None or result.structure is None:
        fail(InvalidOrgError(result))
    text = dump_org(result.structure, fmt)
    if fmt is Format.csv:
        read_back_as = None if output == "-" else target.stem
        for loss in csv_losses(result.structure, read_back_as):
            typer.echo(f"orgmodel: warning: the CSV form leaves out {loss}", err=True)
    if output == "-":
        sys.stdout.write(text)
    else:
        guard(partial(write_atomic, target, text))
        structure = result.structure
        typer.echo(
            f"orgmodel: wrote {output}: {len(structure.people)} people in "
            f"{len(structure.units)} units",
            err=True,
        )
