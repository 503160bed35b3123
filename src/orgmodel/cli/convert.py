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
    from orgmodel import wording
    from orgmodel.convert import ConvertOptions, convert_org
    from orgmodel.output import refuse_input, write_atomic
    from orgmodel.pipeline import InvalidOrgError

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
    options = ConvertOptions(
        source_format=source_format.value,
        name=name,
        column_map=tuple(column_map or ()),
        top_values=frozenset(top_values or ()),
        unit_path_sep=unit_path_sep,
        keep_external_managers=keep_external_managers,
        encoding=encoding,
    )
    read_back_as = None if output == "-" else target.stem
    done = guard(partial(convert_org, source, fmt, options, read_back_as))
    result = done.result
    for issue in result.warnings:
        typer.echo(issue.located(result.file), err=True)
    if done.text is None or result.structure is None:
        fail(InvalidOrgError(result))
    for loss in done.losses:
        typer.echo(f"orgmodel: warning: the CSV form leaves out {loss}", err=True)
    if output == "-":
        sys.stdout.write(done.text)
    else:
        guard(partial(write_atomic, target, done.text))
        structure = result.structure
        typer.echo(
            f"orgmodel: wrote {output}: {wording.people(len(structure.people))} in "
            f"{wording.plural(len(structure.units), 'unit')}",
            err=True,
        )
