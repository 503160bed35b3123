"""Converting an org (`orgmodel convert`): read it in any org format, or from a Backstage catalog,
check it, and write it in another format, with what the CSV form cannot hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from orgmodel.check.result import ValidationResult
from orgmodel.errors import UsageError
from orgmodel.formats.backstage import read_backstage
from orgmodel.formats.csv import CsvOptions, mapped_field
from orgmodel.formats.parse import read_and_parse
from orgmodel.formats.registry import Format, format_for
from orgmodel.formats.write import csv_losses, dump_org
from orgmodel.pipeline import validate_parsed

SourceFormat = Literal["auto", "yaml", "json", "csv", "backstage"]


@dataclass(frozen=True)
class ConvertOptions:
    """How to read the input. `column_map` holds "Header=field" pairs; it and the other CSV
    options are refused for an input that is not CSV."""

    source_format: SourceFormat = "auto"
    name: str | None = None
    column_map: tuple[str, ...] = ()
    top_values: frozenset[str] = frozenset()
    unit_path_sep: str = " | "
    keep_external_managers: bool = False
    encoding: str | None = None


@dataclass(frozen=True)
class Conversion:
    """The checked input, and (when it is a valid org) the text in the wanted format with what
    that form leaves out."""

    result: ValidationResult
    text: str | None = None
    losses: tuple[str, ...] = ()


def column_map(pairs: Sequence[str]) -> dict[str, str]:
    """`--map "Header=field"` pairs as a header → field table."""
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


def convert_org(
    source: str, to: Format, options: ConvertOptions, read_back_as: str | None = None
) -> Conversion:
    """`source` (a path, `-`, `REV:PATH` or a catalog folder) checked and written as `to`.
    `read_back_as` is the name a written CSV will be read back under (None for stdout)."""
    kind = options.source_format
    if kind == "auto" and Path(source).is_dir():
        kind = "backstage"
    given = options
    csv_only = bool(
        given.column_map or given.encoding or given.top_values or given.keep_external_managers
    )
    is_csv = kind == "csv" or (kind == "auto" and format_for(source) is Format.csv)
    if csv_only and not is_csv:
        raise UsageError("--map, --encoding, --top-value and --keep-external-managers are for CSV")
    csv_options = CsvOptions(
        columns=column_map(options.column_map),
        name=options.name,
        top_values=options.top_values,
        unit_path_sep=options.unit_path_sep,
        keep_external_managers=options.keep_external_managers,
        encoding=options.encoding,
    )
    if kind == "backstage":
        parsed = read_backstage(source, options.name)
    else:
        input_format = None if kind == "auto" else Format(kind)
        parsed = read_and_parse(source, input_format, None, csv_options)
        if options.name and not is_csv and isinstance(parsed.data, dict):
            parsed.data["name"] = options.name
    result = validate_parsed(parsed)
    if result.errors or result.structure is None:
        return Conversion(result)
    losses = csv_losses(result.structure, read_back_as) if to is Format.csv else []
    return Conversion(result, dump_org(result.structure, to), tuple(losses))
