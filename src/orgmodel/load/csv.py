"""HRIS-style CSV → plain org data: one row per person, units built from a unit column or a path
column (DESIGN §1.6).

Default columns: id, name, title, manager, unit, plus optional unit_parent, unit_name, vacant,
dotted (`;`-separated) and `attrs.<key>`. Headers match case-insensitively; `CsvOptions.columns`
maps other headers (`--map "Post Unique Reference=id"`). A unit's lead is inferred as the member
the others report to, and a manager is kept explicit only where the units do not already say it
(`csv_units`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from orgmodel.errors import InputError, Path
from orgmodel.issues import Issue
from orgmodel.load.csv_units import (
    Rows,
    build_units,
    drop_derivable_managers,
    parents_from_managers,
)
from orgmodel.load.locate import SourceMap

PERSON_FIELDS = ("id", "name", "title", "manager", "vacant", "dotted")
UNIT_FIELDS = ("unit", "unit_parent", "unit_name", "unit_path")
KNOWN_FIELDS = PERSON_FIELDS + UNIT_FIELDS
TRUE_WORDS = frozenset(("true", "yes", "y", "1", "x"))
FALSE_WORDS = frozenset(("false", "no", "n", "0", ""))
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class CsvOptions:
    """How a CSV export is read.

    `columns` maps a header (any case) to a field (`id`, `name`, `title`, `manager`, `unit`,
    `unit_parent`, `unit_name`, `unit_path`, `vacant`, `dotted`, `attrs.<key>`); `top_values`
    are the manager values that mean "no manager" (besides an empty cell); `unit_path_sep`
    splits a `unit_path` column into nested units; `keep_external_managers` keeps managers the
    file does not contain as open positions instead of dropping the link.
    """

    columns: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    top_values: frozenset[str] = frozenset()
    unit_path_sep: str = " | "
    keep_external_managers: bool = False
    encoding: str | None = None


def mapped_field(target: str) -> bool:
    """Whether `target` is a field a column can be mapped to."""
    return target in KNOWN_FIELDS or (target.startswith("attrs.") and len(target) > 6)


def _field_for(header: str, lowered: dict[str, str]) -> str | None:
    key = header.strip().lower()
    if key in lowered:
        return lowered[key]
    if key in KNOWN_FIELDS:
        return key
    if key.startswith("attrs.") and len(key) > len("attrs."):
        return "attrs." + header.strip()[len("attrs.") :]
    return None


class CsvSourceMap(SourceMap):
    """People point at their row and column; units at the first row that names them."""

    def __init__(self) -> None:
        self.row_lines: list[int] = []
        self.field_columns: dict[str, int] = {}
        self.unit_lines: dict[Path, int] = {}

    def locate(self, path: Path) -> tuple[int, int] | None:
        row = path[1] if len(path) >= 2 and path[0] == "people" else None
        if isinstance(row, int) and row < len(self.row_lines):
            column = self.field_columns.get(str(path[2]), 0) if len(path) > 2 else 0
            return self.row_lines[row], column + 1
        for end in range(len(path), 0, -1):
            line = self.unit_lines.get(path[:end])
            if line is not None:
                unit_column = self.field_columns.get("unit", self.field_columns.get("unit_path"))
                return line, (unit_column or 0) + 1
        return (1, 1) if not path else None


def _header(
    header: list[str], options: CsvOptions, file: str, source_map: CsvSourceMap
) -> tuple[list[str | None], list[Issue]]:
    lowered = {key.strip().lower(): value for key, value in options.columns.items()}
    fields: list[str | None] = []
    issues: list[Issue] = []
    for index, name in enumerate(header):
        target = _field_for(name, lowered)
        if target is not None and target in source_map.field_columns:
            raise InputError(
                f"two columns map to '{target}' (columns {source_map.field_columns[target] + 1} "
                f"and {index + 1})",
                file=file,
                line=1,
                column=index + 1,
            )
        fields.append(target)
        if target is None:
            shown = repr(name.strip()) if name.strip() else f"{index + 1} (no header)"
            issues.append(
                Issue(
                    "warning",
                    "csv-column-ignored",
                    f"column {shown} is not a known field and is ignored "
                    f'(map it with --map "{name.strip() or "HEADER"}=FIELD")',
                    line=1,
                    column=index + 1,
                )
            )
        else:
            source_map.field_columns[target] = index
    unmapped = [key for key in lowered if key not in {h.strip().lower() for h in header}]
    if unmapped:
        found = ", ".join(repr(h) for h in header)
        raise InputError(
            f"--map names a column this file does not have: {unmapped[0]!r} (columns: {found})",
            file=file,
            line=1,
        )
    if "id" not in source_map.field_columns:
        found = ", ".join(repr(h) for h in header) or "none"
        raise InputError(
            f"no 'id' column (columns found: {found}); rename one or map it, "
            'e.g. --map "Employee ID=id"',
            file=file,
            line=1,
        )
    return fields, issues


def load_csv(
    text: str, file: str, options: CsvOptions | None = None
) -> tuple[dict[str, Any], CsvSourceMap, list[Issue]]:
    """CSV text → (org data, source map, findings about the columns and links)."""
    options = options or CsvOptions()
    source_map = CsvSourceMap()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty CSV file: a header row is needed", file=file) from None
    except csv.Error as exc:
        raise InputError(f"CSV: {exc}", file=file, line=1) from None
    _, issues = _header(header, options, file, source_map)
    table, lines = _table(text, reader, file)
    rows = _read_rows(table, lines, len(header), options, file, source_map)
    issues += _external_managers(rows, options, source_map)
    if not {"unit_parent", "unit_path"} & source_map.field_columns.keys():
        parents_from_managers(rows)
    units = build_units(rows, source_map.unit_lines, file)
    drop_derivable_managers(rows.people, units)
    name = options.name or file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {"name": name, "people": rows.people, "units": units}, source_map, issues


def _table(text: str, reader: Any, file: str) -> tuple[list[list[str]], Sequence[int]]:
    """The rows after the header, and the line each starts on. Read in one go when every row
    is one line (the usual export); row by row when a quoted cell spans lines or the file is
    malformed, to know where each row starts."""
    header_lines = reader.line_num
    try:
        table = list(reader)
        if reader.line_num - header_lines == len(table):
            return table, range(header_lines + 1, header_lines + 1 + len(table))
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    table, lines = [], []
    last_line = header_lines
    try:
        for row in reader:
            lines.append(last_line + 1)
            last_line = reader.line_num
            table.append(row)
    except csv.Error as exc:
        start = last_line + 1
        if "unexpected end of data" in str(exc):
            message = f"a quoted field in the row starting on line {start} is never closed"
        else:
            message = f"CSV: {exc}"
        raise InputError(message, file=file, line=start) from None
    return table, lines


def _read_rows(
    table: list[list[str]],
    lines: Sequence[int],
    width: int,
    options: CsvOptions,
    file: str,
    source_map: CsvSourceMap,
) -> Rows:
    """People (plain data) and their units' keys from the rows, in comprehensions (a 100,000-row
    export is read in a few passes, not one Python call per cell)."""
    lengths = list(map(len, table))
    too_long = next((i for i, n in enumerate(lengths) if n > width), None)
    error: InputError | None = None
    if too_long is not None:  # reported after the rows above it, whose errors come first
        message = f"row has {lengths[too_long]} fields but the header has {width}"
        error = InputError(message, file=file, line=lines[too_long])
        table, lines = table[:too_long], lines[:too_long]
    if table and min(lengths[: len(table)]) < width:
        padding = [""] * width
        table = [row + padding[len(row) :] if len(row) < width else row for row in table]
    # Rows with nothing in them are skipped.
    filled = list(map(bool, map(str.strip, map("".join, table))))
    if not all(filled):
        table, lines = list(compress(table, filled)), list(compress(lines, filled))
    columns = source_map.field_columns
    plain = [(columns[f], f) for f in ("id", "name", "title", "manager") if f in columns]
    rows = Rows()
    rows.people = [{f: v for i, f in plain if (v := row[i].strip())} for row in table]
    if options.top_values:
        for person in rows.people:
            if person.get("manager") in options.top_values:
                del person["manager"]
    attr_at = [(i, f[len("attrs.") :]) for f, i in columns.items() if f.startswith("attrs.")]
    if attr_at:
        every_attrs = [{key: v for i, key in attr_at if (v := row[i].strip())} for row in table]
        for person, attrs in zip(rows.people, every_attrs, strict=True):
            if attrs:
                person["attrs"] = attrs
    for name, convert in (("vacant", _truth), ("dotted", _id_list)):
        if name in columns:
            at = columns[name]
            for person, row in zip(rows.people, table, strict=True):
                if value := row[at].strip():
                    person[name] = convert(value)
    unit_fields = [f for f in UNIT_FIELDS if f in columns]
    unit_at = [columns[f] for f in unit_fields]
    keyed = [tuple([row[i].strip() for i in unit_at]) for row in table]
    _row_units(rows, unit_fields, keyed, lines, options, file)
    source_map.row_lines = list(lines)
    if error is not None:
        raise error
    return rows


def _id_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]


def _row_units(
    rows: Rows,
    fields: list[str],
    keyed: list[tuple[str, ...]],
    lines: Sequence[int],
    options: CsvOptions,
    file: str,
) -> None:
    """Each row's unit key, recording the units (and parents) the rows name. Rows with the same
    unit cells (`keyed`, the row's cells of `fields`) record the same things, so each distinct
    set of cells is read once, at the row where it first appears (which also keeps the units in
    file order)."""
    first_row = dict(zip(reversed(keyed), range(len(keyed) - 1, -1, -1), strict=True))
    unit_of: dict[tuple[str, ...], str | None] = {}
    for key in dict.fromkeys(keyed):
        cells = dict.fromkeys(UNIT_FIELDS, "")
        cells.update(zip(fields, key, strict=True))
        unit_of[key] = _row_unit(cells, options, rows, lines[first_row[key]], file)
    rows.unit_of = list(map(unit_of.__getitem__, keyed))


def _row_unit(
    cells: dict[str, str], options: CsvOptions, rows: Rows, line: int, file: str
) -> str | None:
    """The row's unit id, recording the units (and parents) the row names on the way."""
    if cells["unit_path"]:
        parent: str | None = None
        parent_path = ""
        for segment in (s.strip() for s in cells["unit_path"].split(options.unit_path_sep)):
            if not segment:
                continue
            path = f"{parent_path}\x1f{segment}"
            rows.first_line.setdefault(path, line)
            if parent is not None:
                rows.unit_parent.setdefault(path, parent)
            parent, parent_path = path, path
        return parent
    unit = cells["unit"] or None
    if unit is None:
        return None
    rows.first_line.setdefault(unit, line)
    if cells["unit_name"]:
        rows.unit_name.setdefault(unit, cells["unit_name"])
    parent_id = cells["unit_parent"]
    if parent_id and parent_id not in options.top_values:
        if rows.unit_parent.setdefault(unit, parent_id) != parent_id:
            raise InputError(
                f"unit {unit!r} is given parent {parent_id!r} here but "
                f"{rows.unit_parent[unit]!r} on line {rows.parent_line[unit]}",
                file=file,
                line=line,
            )
        rows.parent_line.setdefault(unit, line)
        rows.first_line.setdefault(parent_id, line)
    return unit


def _truth(value: str) -> bool | str:
    """Spreadsheet yes/no words as booleans; anything else is left for validation to report."""
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return value


def _external_managers(rows: Rows, options: CsvOptions, source_map: CsvSourceMap) -> list[Issue]:
    """Managers named but not in the file: one summary warning, and either the link dropped or
    the manager kept as an open position (`keep_external_managers`)."""
    people = rows.people
    known = {p["id"] for p in people if "id" in p}
    pointing = [p for p in people if "manager" in p and p["manager"] not in known]
    if not pointing:
        return []
    missing = list(dict.fromkeys(p["manager"] for p in pointing))
    shown = ", ".join(repr(m) for m in missing[:3]) + (", …" if len(missing) > 3 else "")
    if options.keep_external_managers:
        for manager in missing:
            people.append({"id": manager, "title": "Manager outside this file", "vacant": True})
            rows.unit_of.append(None)
            source_map.row_lines.append(source_map.row_lines[0] if source_map.row_lines else 1)
        what = "kept as open positions (--keep-external-managers)"
    else:
        for person in pointing:
            del person["manager"]
        what = "they are left without a manager (--keep-external-managers keeps the managers)"
    naming = f"{len(pointing)} row names" if len(pointing) == 1 else f"{len(pointing)} rows name"
    managers = "1 manager that is" if len(missing) == 1 else f"{len(missing)} managers that are"
    message = f"{naming} {managers} not in this file ({shown}); {what}"
    return [Issue("warning", "csv-external-managers", message, line=1, column=1)]
