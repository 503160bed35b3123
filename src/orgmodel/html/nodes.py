"""The cards of an interactive page as plain data: one record per person or unit, holding its
parent in the drawn tree, the card's lines (the same words as the static charts, from
`graph.cards`), its colour, and the fields the details panel lists. The viewer only draws these
records; every rule about what a card says stays here and in `graph.cards`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orgmodel import wording
from orgmodel.graph.cards import person_lines, unit_lines
from orgmodel.graph.chart import function_fills
from orgmodel.metrics import people_under
from orgmodel.model import Person, Unit
from orgmodel.structure import Structure
from orgmodel.urls import safe_url

# A node record: JSON-ready, keys left out when empty so a 100,000-person page stays small.
Record = dict[str, Any]

# The parent of every top card when an org has several tops (people in no unit, several top
# units): one card that names the org, so the drawn tree has one root. Its id starts with the
# "symbol for null" character, which no id in a real org file starts with.
TOP = "\u2400top"


def _compact(record: Record) -> Record:
    return {k: v for k, v in record.items() if v not in (None, "", (), [], {}, False)}


def person_fields(person: Person) -> Record:
    """What the file says about a person, as the details panel lists it (the id and the links
    are shown apart)."""
    return _compact(
        {
            "name": person.name,
            "title": person.title,
            "vacant": person.vacant,
            "assistant": person.assistant,
            "tags": list(person.tags),
            "attrs": dict(person.attrs),
        }
    )


def unit_fields(unit: Unit) -> Record:
    return _compact(
        {
            "name": unit.name,
            "kind": unit.kind,
            "function": unit.function,
            "topology": unit.topology,
            "overlay": unit.overlay,
            "description": unit.description,
            "tags": list(unit.tags),
            "attrs": dict(unit.attrs),
        }
    )


def _names(s: Structure, ids: Iterable[str], kind: str) -> list[str]:
    if kind == "person":
        return [s.people[i].label for i in ids if i in s.people]
    return [s.units[i].name for i in ids if i in s.units]


def person_facts(s: Structure, pid: str, under: dict[str, int]) -> list[tuple[str, str]]:
    """Where a person stands, derived from the whole org: unit, manager, dotted lines, other
    memberships, reports."""
    person = s.people[pid]
    home = s.home.get(pid)
    facts: list[tuple[str, str]] = []
    if home is not None:
        facts.append(("unit", s.units[home].name))
    manager = s.manager.get(pid)
    if manager is not None and manager in s.people:
        facts.append(("manager", s.people[manager].label))
    if person.dotted:
        facts.append(("dotted-line managers", ", ".join(_names(s, person.dotted, "person"))))
    others = [u for u in s.listings.get(pid, ()) if u != home and u in s.units]
    if others:
        facts.append(("also in", ", ".join(_names(s, others, "unit"))))
    if s.led.get(pid):
        facts.append(("leads", ", ".join(_names(s, s.led[pid], "unit"))))
    if s.reports.get(pid):
        facts.append(("direct reports", str(len(s.reports[pid]))))
        facts.append(("in org", wording.people(under.get(pid, 0))))
    return facts


def unit_facts(s: Structure, uid: str, headcount: int, direct: int) -> list[tuple[str, str]]:
    unit = s.units[uid]
    facts: list[tuple[str, str]] = []
    parent = s.parent.get(uid)
    if parent is not None:
        facts.append(("parent", s.units[parent].name))
    leads = _names(s, s.leads(uid), "person")
    if leads:
        facts.append(("lead", " & ".join(leads)))
    facts.append(("people", f"{wording.people(headcount)} ({direct} direct)"))
    if unit.spans:
        facts.append(("spans", ", ".join(_names(s, unit.spans, "unit"))))
    return facts


def person_record(
    s: Structure, pid: str, parent: str | None, under: dict[str, int], fills: dict[str, str]
) -> Record:
    """A person's card under `parent` (None at the top)."""
    person = s.people[pid]
    manager = s.manager.get(pid)
    home = s.home.get(pid)
    function = s.units[home].function if home is not None else None
    return _compact(
        {
            "id": pid,
            "parent": parent,
            "lines": [line.text for line in person_lines(s, pid, manager, under.get(pid, 0))],
            "fill": fills.get(function or ""),
            "dashed": person.vacant,
            "fields": person_fields(person),
            "facts": person_facts(s, pid, under),
            "url": safe_url(person.url),
        }
    )


def unit_record(
    s: Structure,
    uid: str,
    parent: str | None,
    counts: tuple[dict[str, int], dict[str, int]],
    fills: dict[str, str],
) -> Record:
    """A unit's card under `parent`; `counts` are the org's headcounts and home counts."""
    unit = s.units[uid]
    headcount, direct = counts[0][uid], counts[1][uid]
    return _compact(
        {
            "id": uid,
            "parent": parent,
            "lines": [line.text for line in unit_lines(s, uid, headcount, direct)],
            "fill": fills.get(unit.function or ""),
            "dashed": unit.overlay,
            "fields": unit_fields(unit),
            "facts": unit_facts(s, uid, headcount, direct),
            "url": safe_url(unit.url),
        }
    )


def people_records(s: Structure) -> list[Record]:
    """A card per person under their manager of record, in file order; the tops under TOP when
    the org has several."""
    under = people_under(s)
    fills = function_fills(s, list(s.units))
    tops = [p for p in s.people if s.manager.get(p) not in s.people]
    top = TOP if len(tops) != 1 else None
    return [
        person_record(
            s, pid, s.manager[pid] if s.manager.get(pid) in s.people else top, under, fills
        )
        for pid in s.people
    ]


def unit_records(s: Structure) -> list[Record]:
    """A card per unit under its parent (overlays too, dashed), in file order."""
    counts = (s.headcounts(), s.home_counts())
    fills = function_fills(s, list(s.units))
    tops = [u for u in s.unit_order if s.parent[u] is None]
    top = TOP if len(tops) != 1 else None
    return [unit_record(s, uid, s.parent[uid] or top, counts, fills) for uid in s.unit_order]


def top_record(title: str, lines: list[str]) -> Record:
    return {"id": TOP, "lines": [title, *lines], "top": True}


def legend(s: Structure) -> list[Record]:
    """Function colours, then what a dashed card means."""
    entries: list[Record] = [
        {"label": function, "fill": fill}
        for function, fill in function_fills(s, list(s.units)).items()
    ]
    if any(p.vacant for p in s.people.values()):
        entries.append({"label": "open position", "dashed": True})
    if any(u.overlay for u in s.units.values()):
        entries.append({"label": "overlay (cross-cutting unit)", "dashed": True})
    return entries
