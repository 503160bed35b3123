"""Units from the rows of an HRIS-style CSV (DESIGN §1.6): nested by a parent column, a path
column, or where the heads' managers sit; each led by the member the others report to; and a
manager kept explicit only where the units do not already give it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

from orgmodel.errors import InputError, Path

_ID_LIKE = re.compile(r"[A-Za-z0-9._:-]+\Z")
_ID_OF = methodcaller("get", "id")


@dataclass
class Rows:
    """What the rows say, before units are built: people as plain data, each row's unit key,
    and the units (and parents) the rows name, with the line each first appears on."""

    people: list[dict[str, Any]] = field(default_factory=list)
    unit_of: list[str | None] = field(default_factory=list)
    unit_parent: dict[str, str] = field(default_factory=dict)
    unit_name: dict[str, str] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    parent_line: dict[str, int] = field(default_factory=dict)


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
        if "\x1f" not in key and _ID_LIKE.match(key):
            ids[key] = key
            taken.add(key)
    for key in rows.first_line:  # parents are seen before children, rows in order
        if key in ids:
            continue
        label = key.rsplit("\x1f", 1)[-1]
        candidate = _slug(label)
        parent = rows.unit_parent.get(key)
        if candidate in taken and parent is not None and parent in ids:
            candidate = f"{ids[parent]}--{candidate}"
        base, n = candidate, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        ids[key] = candidate
        taken.add(candidate)
    return ids


def build_units(rows: Rows, unit_lines: dict[Path, int], file: str) -> list[dict[str, Any]]:
    """Units from the unit column, nested by unit_parent (or the path), each led by the member
    the others report to."""
    ids = _unit_ids(rows)
    members: dict[str, list[str]] = {key: [] for key in rows.first_line}
    for pid, unit in zip(map(_ID_OF, rows.people), rows.unit_of, strict=True):
        if unit is not None and pid is not None:
            members[unit].append(str(pid))
    manager_of = {
        str(p["id"]): str(p["manager"]) for p in rows.people if "id" in p and "manager" in p
    }
    report_counts = Counter(manager_of.values())

    nodes: dict[str, dict[str, Any]] = {}
    for key, pids in members.items():
        label = rows.unit_name.get(key) or key.rsplit("\x1f", 1)[-1]
        node: dict[str, Any] = {"id": ids[key], "name": label}
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
        unit_lines[path] = rows.first_line[key]
        kids = children.get(key, [])
        if kids:
            nodes[key]["units"] = []
            for kid in reversed(kids):
                stack.append((kid, nodes[key]["units"], (*path, "units")))
    for key in nodes:
        if key not in reached:
            raise InputError(
                f"unit {ids[key]!r} is its own ancestor through unit_parent",
                file=file,
                line=rows.first_line[key],
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
    derived: dict[str, str | None] = {}
    stack: list[tuple[dict[str, Any], str | None]] = [(unit, None) for unit in units]
    while stack:
        unit, above = stack.pop()
        lead = unit.get("lead")
        if lead is not None:
            derived[lead] = above
        for member in unit.get("members", ()):
            derived[member] = lead if lead is not None else above
        stack.extend(
            (child, lead if lead is not None else above) for child in unit.get("units", ())
        )
    for person in people:
        wanted = person.get("manager")
        if derived.get(str(person.get("id"))) == wanted:
            person.pop("manager", None)
        else:
            person["manager"] = wanted
