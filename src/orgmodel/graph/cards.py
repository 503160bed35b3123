"""What a chart's cards and title say (DESIGN §4), for every layout alike: only what tells the
reader something. A person's unit only where it differs from their manager's, a roll-up only on
managers, a unit's lead only when it has one, no "0 direct / 0 total"."""

from __future__ import annotations

from orgmodel import wording
from orgmodel.graph.model import Line
from orgmodel.model import Person
from orgmodel.structure import Structure


def person_heading(person: Person) -> str:
    """A person's first line: the name, or what the open position is."""
    if person.vacant and person.title:
        return f"Open: {person.title}"
    if person.vacant:
        return person.name or "Open position"
    return person.label


def person_lines(
    s: Structure, pid: str, manager: str | None, people_below: int = 0
) -> tuple[Line, ...]:
    """A person's card: name (bold), title, the unit when `manager` (the manager drawn above,
    None at the top of the chart) is in another unit, and "N people" on a manager."""
    person = s.people[pid]
    lines = [Line(person_heading(person), bold=True)]
    if person.title and not person.vacant:
        lines.append(Line(person.title))
    home = s.home.get(pid)
    if home is not None and (manager is None or s.home.get(manager) != home):
        lines.append(Line(s.units[home].name))
    if people_below:
        lines.append(Line(wording.people(people_below)))
    return tuple(lines)


def person_tooltip(s: Structure, pid: str) -> str:
    person = s.people[pid]
    parts = [person_heading(person)]
    if person.title and not person.vacant:
        parts.append(person.title)
    return " — ".join(parts)


def unit_lines(s: Structure, uid: str, headcount: int, direct: int) -> tuple[Line, ...]:
    """A unit's card: name (bold), kind · function, its leads, and its people: "N people", with
    "M direct" beside it only when the unit has both its own people and child units."""
    unit = s.units[uid]
    lines = [Line(unit.name, bold=True)]
    facts = [f for f in (unit.kind, unit.function) if f]
    if facts:
        lines.append(Line(" · ".join(facts)))
    leads = [s.people[p].label for p in s.leads(uid)]
    if leads:
        lines.append(Line("lead " + " & ".join(leads)))
    has_children = any(not s.units[c].overlay for c in s.children[uid])
    if headcount and not unit.overlay and has_children and 0 < direct < headcount:
        lines.append(Line(f"{wording.people(headcount)} · {direct} direct"))
    elif headcount:
        lines.append(Line(wording.people(headcount)))
    return tuple(lines)


def chart_title(s: Structure, root: str | None) -> str:
    """The org's name, the root unit's when the chart is limited to one, and the date of the
    snapshot when the org has one: "Qianwen — Pre-training · as of 2026-03-01"."""
    title = s.org.name
    if root is not None:
        title += f" — {s.units[root].name}"
    if s.org.as_of is not None:
        title += f" · as of {s.org.as_of.isoformat()}"
    return title
