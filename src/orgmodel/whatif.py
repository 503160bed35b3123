"""`orgmodel whatif` (DESIGN §5): departures, vacancies and moves applied to an org in memory,
reporting lines re-derived, and the impact read with the diff engine: a `WhatIf` result, which
`report.whatif` puts in words. The input is never written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from orgmodel.diff import OrgDiff, diff_structures
from orgmodel.errors import UsageError
from orgmodel.formats.write import org_data, walk_units
from orgmodel.model import Org
from orgmodel.structure import Structure, derive
from orgmodel.wording import suggestion

ChangeKind = Literal["remove", "vacate", "move"]
# A span change at least this large (in reports) is reported as a jump.
SPAN_JUMP = 2


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    person: str
    unit: str | None = None  # for a move


@dataclass(frozen=True)
class Orphan:
    person: str
    manager_before: str
    manager_after: str | None


@dataclass(frozen=True)
class WhatIf:
    changes: tuple[Change, ...]
    org: Org
    structure: Structure
    diff: OrgDiff
    orphans: tuple[Orphan, ...]
    leaderless: tuple[str, ...]
    span_jumps: tuple[tuple[str, int, int], ...]  # (manager, before, after)
    layers: tuple[int, int]


def parse_move(text: str) -> Change:
    person, sep, unit = text.partition("=")
    if not sep or not person.strip() or not unit.strip():
        raise UsageError(f"--move {text!r}: write it as PERSON=UNIT")
    return Change("move", person.strip(), unit.strip())


def _leads(unit: dict[str, Any]) -> list[str]:
    lead = unit.get("lead", [])
    return [lead] if isinstance(lead, str) else list(lead)


def _set_leads(unit: dict[str, Any], leads: list[str]) -> None:
    if leads:
        unit["lead"] = leads[0] if len(leads) == 1 else leads
    else:
        unit.pop("lead", None)


def _unlist(units: list[dict[str, Any]], person: str, overlays_too: bool) -> None:
    for unit in units:
        if unit.get("overlay") and not overlays_too:
            continue
        _set_leads(unit, [p for p in _leads(unit) if p != person])
        if "members" in unit:
            unit["members"] = [p for p in unit["members"] if p != person]


def apply_changes(before: Structure, changes: list[Change]) -> Org:
    """The org after the changes. Reports of a removed person go to the next manager up; a
    removed or moved sole lead leaves their unit without a lead; a moved person's reporting line
    is derived anew from their new unit."""
    data = org_data(before.org)
    units = list(walk_units(data.get("units", [])))
    people = {p["id"]: p for p in data.get("people", [])}
    for change in changes:
        if change.person not in people:
            hint = suggestion(change.person, list(people))
            raise UsageError(f"--{change.kind}: no person {change.person!r} here{hint}")
        if change.kind == "remove":
            next_up = before.manager.get(change.person)
            del people[change.person]
            _unlist(units, change.person, overlays_too=True)
            for person in people.values():
                if person.get("manager") == change.person:
                    person["manager"] = next_up
                if change.person in person.get("dotted", []):
                    person["dotted"] = [d for d in person["dotted"] if d != change.person]
        elif change.kind == "vacate":
            person = people[change.person]
            person.pop("name", None)
            person["vacant"] = True
        else:
            target = next((u for u in units if u["id"] == change.unit), None)
            if target is None:
                hint = suggestion(str(change.unit), [u["id"] for u in units])
                raise UsageError(f"--move: no unit {change.unit!r} here{hint}")
            _unlist(units, change.person, overlays_too=False)
            target.setdefault("members", []).append(change.person)
            people[change.person].pop("home", None)
            people[change.person].pop("manager", None)
    data["people"] = list(people.values())
    return Org.model_validate(data)


def what_if(before: Structure, changes: list[Change]) -> WhatIf:
    org = apply_changes(before, changes)
    after = derive(org)
    touched = {c.person for c in changes if c.kind in ("remove", "move")}
    orphans = tuple(
        Orphan(pid, manager, after.manager.get(pid))
        for pid, manager in before.manager.items()
        if manager in touched and pid in after.people and pid not in touched
    )
    leaderless = tuple(
        u
        for u in before.unit_order
        if before.units[u].lead and u in after.units and not after.units[u].lead
    )
    jumps = []
    for manager in after.people.keys() | before.people.keys():
        old, new = len(before.reports.get(manager, ())), len(after.reports.get(manager, ()))
        if manager in after.people and abs(new - old) >= SPAN_JUMP:
            jumps.append((manager, old, new))
    jumps.sort(key=lambda j: (-abs(j[2] - j[1]), j[0]))
    return WhatIf(
        changes=tuple(changes),
        org=org,
        structure=after,
        diff=diff_structures(before, after),
        orphans=tuple(sorted(orphans, key=lambda o: o.person)),
        leaderless=leaderless,
        span_jumps=tuple(jumps),
        layers=(before.layers, after.layers),
    )
