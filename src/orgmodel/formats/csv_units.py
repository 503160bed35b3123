"""Units from the rows of an HRIS-style CSV (DESIGN §1.6): nested by a parent column, a path
column, or where the heads' managers sit; each led by the row marked as its lead or else by the
member the others report to; and a manager kept explicit only where the units do not already
give it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

from orgmodel.errors import InputError, Path
from orgmodel.formats.csv_map import CsvSourceMap
from orgmodel.managers import derived_managers
from orgmodel.model import MAX_UNIT_DEPTH

_ID_LIKE = re.compile(r"[A-Za-z0-9._:-]+\Z")
_ID_OF = methodcaller("get", "id")


def unit_cell_is_id(value: str) -> bool:
    """Whether a `unit` cell is taken as the unit's id as it is (else it is made a slug)."""
    return _ID_LIKE.match(value) is not None


@dataclass
class Rows:
    """What the rows say, before units are built: people as plain data, each row's unit key,
    and the units (and parents) the rows name, with the line each first appears on.

    A unit's key is its `unit` cell, or for a `unit_path` segment a key of its own (`label`
    holds the segment): keys never repeat the path above them, so they stay as small as the
    cells they come from.
    """

    people: list[dict[str, Any]] = field(default_factory=list)
    unit_of: list[str | None] = field(default_factory=list)
    unit_parent: dict[str, str] = field(default_factory=dict)
    unit_name: dict[str, str] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    parent_line: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)  # path keys: the segment
    path_keys: dict[tuple[str | None, str], str] = field(default_factory=dict)
    unit_ids_as_written: bool = False  # a `unit_id` column: keys are ids, never slugs
    leads: list[bool] | None = None  # a `unit_lead` column: the rows marked as leads
    as_of: str | None = None


def read_row_units(
    rows: Rows,
    fields: list[str],
    keyed: list[tuple[str, ...]],
    lines: Sequence[int],
    top_values: frozenset[str],
    path_sep: str,
    file: str,
    source_map: CsvSourceMap,
) -> None:
    """Each row's unit key, recording the units (and parents) the rows name. Rows with the same
    unit cells (`keyed`, the row's cells of `fields`) record the same things, so each distinct
    set of cells is read once, at the row where it first appears (which also keeps the units in
    file order)."""
    first_row = dict(zip(reversed(keyed), range(len(keyed) - 1, -1, -1), strict=True))
    unit_of: dict[tuple[str, ...], str | None] = {}
    for key in dict.fromkeys(keyed):
        cells = dict.fromkeys(("unit", "unit_parent", "unit_name", "unit_path"), "")
        cells.update(zip(fields, key, strict=True))
        line = lines[first_row[key]]
        if cells["unit_path"]:
            unit_of[key] = _path_unit(cells["unit_path"], path_sep, rows, line, file, source_map)
        else:
            unit_of[key] = _column_unit(cells, top_values, rows, line, file, source_map)
    rows.unit_of = list(map(unit_of.__getitem__, keyed))


def _path_unit(
    cell: str, sep: str, rows: Rows, line: int, file: str, source_map: CsvSourceMap
) -> str | None:
    """The unit a `unit_path` cell ends in, recording the units along it. The depth is checked
    first, so that a hostile path costs time and memory in proportion to its length."""
    segments = [s for s in map(str.strip, cell.split(sep)) if s]
    if len(segments) > MAX_UNIT_DEPTH:
        line, column = source_map.cell(line, source_map.field_columns["unit_path"])
        raise InputError(
            f"unit_path has {len(segments)} levels; units nest at most {MAX_UNIT_DEPTH} levels",
            file=file,
            line=line,
            column=column,
        )
    parent: str | None = None
    for segment in segments:
        key = rows.path_keys.get((parent, segment))
        if key is None:
            key = f"\x1f{len(rows.path_keys)}"  # no stripped cell starts with \x1f
            rows.path_keys[(parent, segment)] = key
            rows.label[key] = segment
            rows.first_line[key] = line
            if parent is not None:
                rows.unit_parent[key] = parent
        parent = key
    return parent


def _column_unit(
    cells: dict[str, str],
    top_values: frozenset[str],
    rows: Rows,
    line: int,
    file: str,
    source_map: CsvSourceMap,
) -> str | None:
    """The row's `unit` cell as its unit key, recording its name and parent on the way."""
    unit = cells["unit"] or None
    if unit is None:
        return None
    rows.first_line.setdefault(unit, line)
    if cells["unit_name"]:
        rows.unit_name.setdefault(unit, cells["unit_name"])
    parent_id = cells["unit_parent"]
    if parent_id and parent_id not in top_values:
        if rows.unit_parent.setdefault(unit, parent_id) != parent_id:
            line, column = source_map.cell(line, source_map.field_columns["unit_parent"])
            raise InputError(
                f"unit {unit!r} is given parent {parent_id!r} here but "
                f"{rows.unit_parent[unit]!r} on line {rows.parent_line[unit]}",
                file=file,
                line=line,
                column=column,
            )
        rows.parent_line.setdefault(unit, line)
        rows.first_line.setdefault(parent_id, line)
    return unit


def parents_from_managers(rows: Rows) -> None:
    """With only a unit column, nest each unit under the unit its members' managers mostly sit in
    (a department under the division its head reports into), never making a unit its own
    ancestor."""
    unit_of = {str(p["id"]): u for p, u in zip(rows.people, rows.unit_of, strict=True) if "id" in p}
    votes: dict[str, Counter[str]] = {}
    for person, unit in zip(rows.people, rows.unit_of, strict=True):
        manager_unit = unit_of.get(str(person.get("manager")))
        if unit is not None and manager_unit is not None and manager_unit != unit:
            votes.setdefault(unit, Counter())[manager_unit] += 1
    for unit in rows.first_line:
        if unit not in votes:
            continue
        for candidate, _ in votes[unit].most_common():
            above: str | None = candidate
            while above is not None and above != unit:
                above = rows.unit_parent.get(above)
            if above is None:  # not a descendant of `unit`
                rows.unit_parent[unit] = candidate
                break


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unit"


def _unit_ids(rows: Rows) -> dict[str, str]:
    """An id for every unit key. Unit-column values that are already id-like are kept; names and
    path segments become slugs, prefixed with their parent's id where two would collide."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in rows.first_line:
        if key not in rows.label and (rows.unit_ids_as_written or unit_cell_is_id(key)):
            ids[key] = key
            taken.add(key)
    for key in rows.first_line:  # parents are seen before children, rows in order
        if key in ids:
            continue
        candidate = _slug(rows.label.get(key, key))
        parent = rows.unit_parent.get(key)
        if candidate in taken and parent is not None and parent in ids:
            candidate = f"{ids[parent]}--{candidate}"
        base, n = candidate, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        ids[key] = candidate
        taken.add(candidate)
    return ids


def build_units(rows: Rows, source_map: CsvSourceMap, file: str) -> list[dict[str, Any]]:
    """Units from the unit column, nested by unit_parent (or the path), each led by the row
    marked as its lead (a `unit_lead` column) or else by the member the others report to."""
    ids = _unit_ids(rows)
    members: dict[str, list[str]] = {key: [] for key in rows.first_line}
    for pid, unit in zip(map(_ID_OF, rows.people), rows.unit_of, strict=True):
        if unit is not None and pid is not None:
            members[unit].append(str(pid))
    manager_of = {
        str(p["id"]): str(p["manager"]) for p in rows.people if "id" in p and "manager" in p
    }
    report_counts = Counter(manager_of.values())
    marked = _marked_leads(rows, source_map, file) if rows.leads is not None else None

    nodes: dict[str, dict[str, Any]] = {}
    for key, pids in members.items():
        label = rows.unit_name.get(key) or rows.label.get(key, key)
        node: dict[str, Any] = {"id": ids[key], "name": label}
        if marked is not None:
            lead = marked.get(key)
        else:
            lead = infer_lead(pids, manager_of, report_counts)
        if lead is not None:
            node["lead"] = lead
        rest = [pid for pid in pids if pid != lead]
        if rest:
            node["members"] = rest
        nodes[key] = node

    children: dict[str | None, list[str]] = {}
    for key in nodes:
        parent = rows.unit_parent.get(key)
        children.setdefault(parent if parent in nodes else None, []).append(key)
    roots: list[dict[str, Any]] = []
    stack: list[tuple[str, list[dict[str, Any]], Path]] = [
        (key, roots, ("units",)) for key in reversed(children.get(None, []))
    ]
    reached: set[str] = set()
    while stack:  # children are pushed reversed, so each list fills in file order
        key, siblings, at = stack.pop()
        reached.add(key)
        path = (*at, len(siblings))
        siblings.append(nodes[key])
        source_map.unit_lines[path] = rows.first_line[key]
        kids = children.get(key, [])
        if kids:
            nodes[key]["units"] = []
            for kid in reversed(kids):
                stack.append((kid, nodes[key]["units"], (*path, "units")))
    for key in nodes:
        if key not in reached:
            line, column = source_map.cell(rows.first_line[key], source_map.unit_index())
            raise InputError(
                f"unit {ids[key]!r} is its own ancestor through unit_parent",
                file=file,
                line=line,
                column=column,
            )
    return roots


def _marked_leads(rows: Rows, source_map: CsvSourceMap, file: str) -> dict[str, str]:
    """Each unit's lead as the `unit_lead` column marks it: one row per unit at most."""
    leads: dict[str, str] = {}
    first: dict[str, int] = {}
    for index, (person, unit, mark) in enumerate(
        zip(rows.people, rows.unit_of, rows.leads or (), strict=True)
    ):
        if not mark or unit is None or "id" not in person:
            continue
        if unit in leads:
            at = source_map.row_lines
            line, column = source_map.cell(at[index], source_map.field_columns["unit_lead"])
            raise InputError(
                f"{person['id']!r} is marked as the lead of a unit already led by "
                f"{leads[unit]!r} (line {at[first[unit]]}); mark one lead per unit",
                file=file,
                line=line,
                column=column,
            )
        leads[unit], first[unit] = str(person["id"]), index
    return leads


def infer_lead(
    ids: list[str], manager_of: dict[str, str], report_counts: Counter[str] | None = None
) -> str | None:
    """The member the others report to: among members whose own manager is outside the unit, the
    one with the most reports inside it, then the most reports anywhere (a one-person unit whose
    member manages the units below it). Ties go to the first in file order; no one with reports
    means no lead."""
    inside = set(ids)
    everywhere = report_counts if report_counts is not None else Counter(manager_of.values())
    within: dict[str, int] = {}  # reports inside the unit, by manager
    candidates = []
    for pid in ids:  # one plain loop: this runs for every unit of a 100,000-row export
        boss = manager_of.get(pid)
        if boss in inside:
            within[boss] = within.get(boss, 0) + 1
        elif everywhere[pid] > 0:
            candidates.append(pid)
    if not candidates:
        return None
    return max(candidates, key=lambda pid: (within.get(pid, 0), everywhere[pid]))


def drop_derivable_managers(people: list[dict[str, Any]], units: list[dict[str, Any]]) -> None:
    """Keep `manager` only where the units do not already give that manager of record (§1.4),
    and write `manager: null` where the file says "no manager" but the units would give one, so
    the reporting lines are exactly the file's. Each row sits in one unit, so the derived manager
    is its unit's lead, or for the lead, the lead of the nearest unit above."""
    order: list[int] = []  # units by position in a walk, parents first
    parent: dict[int, int | None] = {}
    first_lead: dict[int, str] = {}
    home: dict[str, int | None] = {}
    led: dict[str, list[int]] = {}
    stack: list[tuple[dict[str, Any], int | None]] = [(unit, None) for unit in reversed(units)]
    while stack:
        unit, above = stack.pop()
        key = len(order)
        order.append(key)
        parent[key] = above
        lead = unit.get("lead")
        if lead is not None:
            first_lead[key] = lead
            home[lead] = key
            led[lead] = [key]
        for member in unit.get("members", ()):
            home[member] = key
        stack.extend((child, key) for child in reversed(unit.get("units", ())))
    derived = derived_managers(order, parent, first_lead, home, led)
    for person in people:
        wanted = person.get("manager")
        if derived.get(str(person.get("id"))) == wanted:
            person.pop("manager", None)
        else:
            person["manager"] = wanted
