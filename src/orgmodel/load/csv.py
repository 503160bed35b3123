"""HRIS-style CSV → plain org data: one row per person, units built from a `unit` column.

Default columns (DESIGN §1.6): id, name, title, manager, unit, plus optional unit_parent, vacant,
dotted (`;`-separated) and `attrs.<key>` columns. Headers match case-insensitively; other columns
are reported and ignored. A unit's lead is inferred as the member the others report to.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from orgmodel.errors import InputError, Path
from orgmodel.issues import Issue
from orgmodel.load.locate import SourceMap

PERSON_FIELDS = ("id", "name", "title", "manager", "vacant", "dotted")
UNIT_FIELDS = ("unit", "unit_parent")
KNOWN_FIELDS = PERSON_FIELDS + UNIT_FIELDS
TRUE_WORDS = frozenset(("true", "yes", "y", "1", "x"))
FALSE_WORDS = frozenset(("false", "no", "n", "0", ""))
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class CsvOptions:
    """How columns map to fields. `columns` maps a header (any case) to a field name."""

    columns: dict[str, str] = field(default_factory=dict)
    name: str | None = None  # the org's name; defaults to the file's stem


def _field_for(header: str, options: CsvOptions) -> str | None:
    lowered = {key.lower(): value for key, value in options.columns.items()}
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
                return line, self.field_columns.get("unit", 0) + 1
        return (1, 1) if not path else None


def load_csv(
    text: str, file: str, options: CsvOptions | None = None
) -> tuple[dict[str, Any], CsvSourceMap, list[Issue]]:
    """CSV text → (org data, source map, warnings about the columns)."""
    options = options or CsvOptions()
    source_map = CsvSourceMap()
    warnings: list[Issue] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty CSV file: a header row is needed", file=file) from None
    except csv.Error as exc:
        raise InputError(f"CSV: {exc}", file=file, line=1) from None

    fields: list[str | None] = []
    for index, name in enumerate(header):
        target = _field_for(name, options)
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
            warnings.append(
                Issue(
                    "warning",
                    "csv-column-ignored",
                    f"column {name.strip()!r} is not a known field and is ignored",
                    line=1,
                    column=index + 1,
                )
            )
        else:
            source_map.field_columns[target] = index
    if "id" not in source_map.field_columns:
        found = ", ".join(repr(h) for h in header) or "none"
        raise InputError(
            f"no 'id' column (columns found: {found}); rename one or map it, "
            'e.g. --map "Employee ID=id"',
            file=file,
            line=1,
        )

    columns = source_map.field_columns
    plain = [(i, f) for f, i in columns.items() if f in ("id", "name", "title", "manager")]
    attr_columns = [(i, f[len("attrs.") :]) for f, i in columns.items() if f.startswith("attrs.")]
    unit_at, parent_at = columns.get("unit"), columns.get("unit_parent")
    vacant_at, dotted_at = columns.get("vacant"), columns.get("dotted")
    width = len(header)
    padding = [""] * width

    people: list[dict[str, Any]] = []
    unit_of: list[str | None] = []
    unit_parent: dict[str, str] = {}
    unit_first_line: dict[str, int] = {}
    parent_seen_at: dict[str, int] = {}
    last_line = 1
    try:
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if len(row) != width:
                if len(row) > width:
                    raise InputError(
                        f"row has {len(row)} fields but the header has {width}",
                        file=file,
                        line=line,
                    )
                row += padding[len(row) :]
            if not "".join(row).strip():
                continue
            person: dict[str, Any] = {f: v for i, f in plain if (v := row[i].strip())}
            if attr_columns:
                attrs = {key: v for i, key in attr_columns if (v := row[i].strip())}
                if attrs:
                    person["attrs"] = attrs
            if vacant_at is not None and (value := row[vacant_at].strip()):
                person["vacant"] = _truth(value)
            if dotted_at is not None and (value := row[dotted_at].strip()):
                person["dotted"] = [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
            unit = row[unit_at].strip() or None if unit_at is not None else None
            parent = row[parent_at].strip() or None if parent_at is not None else None
            people.append(person)
            unit_of.append(unit)
            source_map.row_lines.append(line)
            if unit is not None:
                unit_first_line.setdefault(unit, line)
                if parent is not None:
                    if unit_parent.setdefault(unit, parent) != parent:
                        raise InputError(
                            f"unit {unit!r} is given parent {parent!r} here but "
                            f"{unit_parent[unit]!r} on line {parent_seen_at[unit]}",
                            file=file,
                            line=line,
                        )
                    parent_seen_at.setdefault(unit, line)
                    unit_first_line.setdefault(parent, line)
    except csv.Error as exc:
        raise InputError(f"CSV: {exc}", file=file, line=reader.line_num) from None

    units = _build_units(people, unit_of, unit_parent, unit_first_line, source_map, file)
    name = options.name or file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {"name": name, "people": people, "units": units}, source_map, warnings


def _truth(value: str) -> bool | str:
    """Spreadsheet yes/no words as booleans; anything else is left for validation to report."""
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return value


def _build_units(
    people: list[dict[str, Any]],
    unit_of: list[str | None],
    unit_parent: dict[str, str],
    first_line: dict[str, int],
    source_map: CsvSourceMap,
    file: str,
) -> list[dict[str, Any]]:
    """Units from the unit column, nested by unit_parent, each led by the member the others
    report to."""
    members: dict[str, list[str]] = {unit: [] for unit in first_line}
    for person, unit in zip(people, unit_of, strict=True):
        if unit is not None and "id" in person:
            members[unit].append(str(person["id"]))
    manager_of = {str(p["id"]): str(p["manager"]) for p in people if "id" in p and "manager" in p}
    report_counts = Counter(manager_of.values())

    nodes: dict[str, dict[str, Any]] = {}
    for unit, ids in members.items():
        node: dict[str, Any] = {"id": unit, "name": unit}
        lead = infer_lead(ids, manager_of, report_counts)
        if lead is not None:
            node["lead"] = lead
        rest = [pid for pid in ids if pid != lead]
        if rest:
            node["members"] = rest
        nodes[unit] = node

    children: dict[str | None, list[str]] = {}
    for unit in nodes:
        parent = unit_parent.get(unit)
        children.setdefault(parent if parent in nodes else None, []).append(unit)
    # Walk down from the roots; a unit never reached sits on a parent cycle.
    roots: list[dict[str, Any]] = []
    stack: list[tuple[str, list[dict[str, Any]], Path]] = []
    for unit in reversed(children.get(None, [])):
        stack.append((unit, roots, ("units",)))
    reached: set[str] = set()
    while stack:
        unit, siblings, at = stack.pop()
        reached.add(unit)
        path = (*at, len(siblings))
        siblings.append(nodes[unit])
        source_map.unit_lines[path] = first_line[unit]
        kids = children.get(unit, [])
        if kids:
            nodes[unit]["units"] = []
            for kid in reversed(kids):
                stack.append((kid, nodes[unit]["units"], (*path, "units")))
    # Children were pushed reversed, so each list was filled in file order.
    for unit in nodes:
        if unit not in reached:
            raise InputError(
                f"unit {unit!r} is its own ancestor through unit_parent",
                file=file,
                line=first_line[unit],
            )
    return roots


def infer_lead(
    ids: list[str], manager_of: dict[str, str], report_counts: Counter[str] | None = None
) -> str | None:
    """The member the others report to: among members whose own manager is outside the unit, the
    one with the most reports inside it, then the most reports anywhere (a one-person unit whose
    member manages the units below it). Ties go to the first in file order; no one with reports
    means no lead."""
    inside = set(ids)
    everywhere = report_counts if report_counts is not None else Counter(manager_of.values())
    within = Counter(manager_of[pid] for pid in ids if manager_of.get(pid) in inside)
    candidates = [pid for pid in ids if manager_of.get(pid) not in inside and everywhere[pid] > 0]
    if not candidates:
        return None
    return max(candidates, key=lambda pid: (within[pid], everywhere[pid]))
