"""HRIS-style CSV → plain org data: one row per person, units built from a unit column or a path
column (DESIGN §1.6).

Default columns: id, name, title, manager, unit, plus optional unit_parent, unit_name, vacant,
dotted (`;`-separated) and `attrs.<key>`. Headers match case-insensitively; `CsvOptions.columns`
maps other headers (`--map "Post Unique Reference=id"`). A unit's lead is inferred as the member
the others report to, and a manager is kept explicit only where the units do not already say it
(`csv_units`).

What orgmodel itself writes reads back the same through a few more columns: `unit_id` (a unit
column whose values are ids as written, never made into slugs), `unit_lead` (yes on the row of
its unit's lead), `as_of` (the snapshot date, the same on every row) and `attrs.<key>:json`
(typed attribute values, `csv_cells`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from orgmodel.check.result import Issue
from orgmodel.errors import InputError, UsageError
from orgmodel.formats.csv_cells import TYPED_SUFFIX, id_list, read_typed, truth
from orgmodel.formats.csv_map import CsvSourceMap
from orgmodel.formats.csv_units import (
    Rows,
    build_units,
    drop_derivable_managers,
    parents_from_managers,
    read_row_units,
)
from orgmodel.formats.source import MAX_INPUT_BYTES
from orgmodel.wording import listing, plural

PERSON_FIELDS = ("id", "name", "title", "manager", "vacant", "dotted", "unit_lead")
UNIT_FIELDS = ("unit", "unit_parent", "unit_name", "unit_path")
KNOWN_FIELDS = (*PERSON_FIELDS, *UNIT_FIELDS, "unit_id", "as_of")

# Python's csv module refuses cells over 128 KiB by default; a cell may be as large as the
# input limit (README "Limits"). Only ever raised, never lowered below a caller's setting.
MAX_FIELD_CHARS = MAX_INPUT_BYTES


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


@dataclass
class Header:
    """What the header says beyond each column's field (kept in the source map): which
    `attrs.*` columns are typed, and whether the unit column holds ids as written (`unit_id`)."""

    typed: set[str] = field(default_factory=set)
    unit_ids_as_written: bool = False
    issues: list[Issue] = field(default_factory=list)


def _normal_field(target: str, header: Header) -> str:
    """`unit_id` is the unit column read as ids; `attrs.<key>:json` the typed `attrs.<key>`."""
    if target == "unit_id":
        header.unit_ids_as_written = True
        return "unit"
    if target.startswith("attrs.") and target.lower().endswith(TYPED_SUFFIX):
        attr = target[: -len(TYPED_SUFFIX)]
        if len(attr) > len("attrs."):
            header.typed.add(attr)
            return attr
    return target


def _header(names: list[str], options: CsvOptions, file: str, source_map: CsvSourceMap) -> Header:
    lowered = {key.strip().lower(): value for key, value in options.columns.items()}
    header = Header()
    ignored: list[int] = []
    for index, name in enumerate(names):
        found = _field_for(name, lowered)
        target = None if found is None else _normal_field(found, header)
        if target is not None and target in source_map.field_columns:
            line, column = source_map.cell(1, index)
            raise InputError(
                f"two columns map to '{target}' (columns {source_map.field_columns[target] + 1} "
                f"and {index + 1})",
                file=file,
                line=line,
                column=column,
            )
        if target is None:
            ignored.append(index)
        else:
            source_map.field_columns[target] = index
    header.issues += _ignored_columns(names, ignored, source_map)
    present = {h.strip().lower() for h in names}
    unmapped = [key for key in lowered if key not in present]
    if unmapped:
        found = listing(names)
        raise InputError(
            f"--map names a column this file does not have: {unmapped[0]!r} (columns: {found})",
            file=file,
            line=1,
        )
    if "id" not in source_map.field_columns:
        found = listing(names) or "none"
        raise InputError(
            f"no 'id' column (columns found: {found}); rename one or map it, "
            'e.g. --map "Employee ID=id"',
            file=file,
            line=1,
        )
    if "unit_path" in source_map.field_columns and not options.unit_path_sep:
        raise UsageError("--unit-path-sep: the separator of unit_path cannot be empty")
    return header


def load_csv(
    text: str, file: str, options: CsvOptions | None = None
) -> tuple[dict[str, Any], CsvSourceMap, list[Issue]]:
    """CSV text → (org data, source map, findings about the columns and links)."""
    options = options or CsvOptions()
    source_map = CsvSourceMap(text)
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        names = next(reader)
    except StopIteration:
        raise InputError("empty CSV file: a header row is needed", file=file) from None
    except csv.Error as exc:
        raise _csv_error(exc, 1, file, source_map) from None
    header = _header(names, options, file, source_map)
    issues = header.issues
    table, lines = _table(text, reader, file, source_map)
    rows = _read_rows(table, lines, len(names), header, options, file, source_map)
    issues += _external_managers(rows, options, source_map)
    if not {"unit_parent", "unit_path"} & source_map.field_columns.keys():
        parents_from_managers(rows)
    units = build_units(rows, source_map, file)
    drop_derivable_managers(rows.people, units)
    name = options.name or file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    data: dict[str, Any] = {"name": name, "people": rows.people, "units": units}
    if rows.as_of is not None:
        data["as_of"] = rows.as_of
    return data, source_map, issues


def _csv_error(exc: csv.Error, line: int, file: str, source_map: CsvSourceMap) -> InputError:
    if "unexpected end of data" in str(exc):
        line, column = source_map.unclosed_quote(line)
        message = f"a quoted field in the row starting on line {line} is never closed"
        return InputError(message, file=file, line=line, column=column)
    return InputError(f"CSV: {exc}", file=file, line=line)


def _table(
    text: str, reader: Any, file: str, source_map: CsvSourceMap
) -> tuple[list[list[str]], Sequence[int]]:
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
        raise _csv_error(exc, last_line + 1, file, source_map) from None
    return table, lines


def _read_rows(
    table: list[list[str]],
    lines: Sequence[int],
    width: int,
    header: Header,
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
        line, column = source_map.cell(lines[too_long], width)
        error = InputError(message, file=file, line=line, column=column)
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
    rows = Rows(unit_ids_as_written=header.unit_ids_as_written)
    rows.people = [{f: v for i, f in plain if (v := row[i].strip())} for row in table]
    if options.top_values:
        for person in rows.people:
            if person.get("manager") in options.top_values:
                del person["manager"]
    attr_at = [
        (i, f[len("attrs.") :], f in header.typed) for f, i in columns.items() if f[:6] == "attrs."
    ]
    if attr_at:
        every_attrs = [
            {
                key: read_typed(v) if typed else v
                for i, key, typed in attr_at
                if (v := row[i].strip())
            }
            for row in table
        ]
        for person, attrs in zip(rows.people, every_attrs, strict=True):
            if attrs:
                person["attrs"] = attrs
    for name, convert in (("vacant", truth), ("dotted", id_list)):
        if name in columns:
            at = columns[name]
            for person, row in zip(rows.people, table, strict=True):
                if value := row[at].strip():
                    person[name] = convert(value)
    if "unit_lead" in columns:
        rows.leads = _leads(table, lines, columns["unit_lead"], file, source_map)
    if "as_of" in columns:
        rows.as_of = _as_of(table, lines, columns["as_of"], file, source_map)
    unit_fields = [f for f in UNIT_FIELDS if f in columns]
    unit_at = [columns[f] for f in unit_fields]
    keyed = [tuple([row[i].strip() for i in unit_at]) for row in table]
    read_row_units(
        rows, unit_fields, keyed, lines, options.top_values, options.unit_path_sep, file, source_map
    )
    source_map.row_lines = list(lines)
    if error is not None:
        raise error
    return rows


def _leads(
    table: list[list[str]], lines: Sequence[int], at: int, file: str, source_map: CsvSourceMap
) -> list[bool]:
    """The rows marked as their unit's lead: yes/no words, empty for no."""
    marks = [truth(row[at].strip()) for row in table]
    for index, mark in enumerate(marks):
        if not isinstance(mark, bool):
            line, column = source_map.cell(lines[index], at)
            raise InputError(
                f"unit_lead is {mark!r}: write yes (this person leads their unit) or leave it "
                "empty",
                file=file,
                line=line,
                column=column,
            )
    return [mark is True for mark in marks]


def _as_of(
    table: list[list[str]], lines: Sequence[int], at: int, file: str, source_map: CsvSourceMap
) -> str | None:
    """The one date the rows give as the snapshot's `as_of` (validation checks that it is one)."""
    values = [row[at].strip() for row in table]
    given = [(index, value) for index, value in enumerate(values) if value]
    if not given:
        return None
    first, as_of = given[0]
    source_map.as_of_line = lines[first]
    for index, value in given:
        if value != as_of:
            line, column = source_map.cell(lines[index], at)
            raise InputError(
                f"as_of is {value!r} here but {as_of!r} on line {lines[first]}; a file is one "
                "snapshot",
                file=file,
                line=line,
                column=column,
            )
    return as_of


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
            if rows.leads is not None:
                rows.leads.append(False)
            source_map.row_lines.append(source_map.row_lines[0] if source_map.row_lines else 1)
        what = "kept as open positions (--keep-external-managers)"
    else:
        for person in pointing:
            del person["manager"]
        what = "they are left without a manager (--keep-external-managers keeps the managers)"
    naming = plural(len(pointing), "row names", "rows name")
    managers = plural(len(missing), "manager that is", "managers that are")
    message = f"{naming} {managers} not in this file ({shown}); {what}"
    return [Issue("warning", "csv-external-managers", message, line=1, column=1)]


# A warning for each ignored column up to this many; the rest are named in one more warning, so
# that a file with thousands of stray columns still gets a report one can read.
MAX_COLUMN_WARNINGS = 10


def _ignored_columns(names: list[str], ignored: list[int], source_map: CsvSourceMap) -> list[Issue]:
    issues = []
    for index in ignored[:MAX_COLUMN_WARNINGS]:
        name = names[index].strip()
        shown = repr(name) if name else f"{index + 1} (no header)"
        line, column = source_map.cell(1, index)
        issues.append(
            Issue(
                "warning",
                "csv-column-ignored",
                f"column {shown} is not a known field and is ignored "
                f'(map it with --map "{_typeable(name) or "HEADER"}=FIELD")',
                line=line,
                column=column,
            )
        )
    rest = ignored[MAX_COLUMN_WARNINGS:]
    if rest:
        line, column = source_map.cell(1, rest[0])
        issues.append(
            Issue(
                "warning",
                "csv-column-ignored",
                f"{plural(len(rest), 'more column')} are not known fields and are ignored: "
                f"{listing([names[i].strip() for i in rest])}",
                line=line,
                column=column,
            )
        )
    return issues


def _typeable(header: str) -> str:
    """A header as it can be typed in a hint: control characters escaped, as repr shows them."""
    return header if header.isprintable() else repr(header)[1:-1]
