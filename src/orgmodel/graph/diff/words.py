"""The diff picture's words: what happened to a person or a unit, in the words a reader of a
reorganisation uses ("from Qianwen", "hired: Bo Li", "moved from Engineering to Co."), never
ids or raw field values. The text report keeps ids, for a reader who looks them up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from orgmodel import wording
from orgmodel.diff.model import FieldChange, PersonChange, UnitChange
from orgmodel.graph.cards import person_heading
from orgmodel.structure import Structure

# A unit's box names at most this many of the people who joined, left or moved, leads first;
# the rest are counted ("+ 12 more").
MOST_NAMED = 5


class Names:
    """Names of people and units as the later snapshot has them, or the earlier one."""

    def __init__(self, before: Structure, after: Structure) -> None:
        self.b, self.a = before, after

    def person(self, pid: str | None) -> str:
        if pid is None:
            return "no one"
        for s in (self.a, self.b):
            if pid in s.people:
                return person_heading(s.people[pid])
        return pid

    def unit(self, uid: str | None) -> str:
        if uid is None:
            return "no unit"
        for s in (self.a, self.b):
            if uid in s.units:
                return s.units[uid].name
        return uid

    def people(self, pids: Iterable[str]) -> str:
        return " & ".join(self.person(p) for p in pids) or "no one"

    def units(self, uids: Iterable[str]) -> str:
        return ", ".join(self.unit(u) for u in uids) or "none"


def plain(shown: Any) -> str:
    """A field's value as words: no quotes, lists joined, nothing as "none"."""
    if shown is None or shown == []:
        return "none"
    if isinstance(shown, bool):
        return "yes" if shown else "no"
    if isinstance(shown, list):
        return ", ".join(plain(item) for item in shown)
    return str(shown)


def _gained_lost(change: FieldChange) -> tuple[list[str], list[str]]:
    before, after = (list(side) if isinstance(side, list) else [] for side in change)
    return [x for x in after if x not in before], [x for x in before if x not in after]


def person_words(change: PersonChange, names: Names) -> list[str]:
    """What happened to one person, for their own box: "from Qianwen", "title: A → B"."""
    if change.change == "joined":
        return ["joined"]
    if change.change == "left":
        return ["left"]
    if change.change == "opened":
        return ["new position"]
    if change.change == "closed":
        return ["position closed"]
    out = ["hired into an open position"] if change.change == "filled" else []
    fields = change.fields
    for field, (was, now) in fields.items():
        if field in ("name", "vacant") and change.change == "filled":
            continue
        if field == "unit":
            out.append(
                f"from {names.unit(was)}" if was is not None else f"now in {names.unit(now)}"
            )
        elif field == "manager":
            if "unit" in fields:
                continue  # a move shows the new manager by where it draws them
            if was is None:
                out.append(f"now reports to {names.person(now)}")
            elif now is None:
                out.append(f"no longer reports to {names.person(was)}")
            else:
                out.append(f"now reports to {names.person(now)} (was {names.person(was)})")
        elif field == "memberships":
            gained, lost = _gained_lost((was, now))
            out += [f"also in {names.unit(u)}" for u in gained]
            out += [f"no longer in {names.unit(u)}" for u in lost]
        elif field == "dotted":
            gained, lost = _gained_lost((was, now))
            out += [f"dotted line to {names.person(p)}" for p in gained]
            out += [f"no dotted line to {names.person(p)}" for p in lost]
        elif field == "home":
            out.append(f"home now {names.unit(now)}")
        elif field == "name":
            out.append(f"was {plain(was)}")
        else:
            out.append(f"{field}: {plain(was)} → {plain(now)}")
    return out


def unit_words(change: UnitChange, names: Names) -> list[str]:
    """What happened to a unit's own fields, for its box (its name is the box's heading)."""
    out = []
    for field, (was, now) in change.fields.items():
        if field == "name" or change.change in ("added", "removed"):
            continue
        if field == "id":
            out.append("new id")
        elif field == "parent":
            to = names.unit(now) if now is not None else "the top"
            out.append(f"moved from {names.unit(was) if was is not None else 'the top'} to {to}")
        elif field == "lead":
            out.append(f"lead: {names.people(was or [])} → {names.people(now or [])}")
        elif field == "spans":
            gained, lost = _gained_lost((was, now))
            out += [f"now spans {names.unit(u)}" for u in gained]
            out += [f"no longer spans {names.unit(u)}" for u in lost]
        else:
            out.append(f"{field}: {plain(was)} → {plain(now)}")
    return out


def named(groups: Sequence[tuple[str, Sequence[str]]], most: int = MOST_NAMED) -> list[str]:
    """Lines "left: Lin Junyang (lead)", "joined: Zhou Hao", … naming at most `most` people in
    all, in the order given (leads first within a group), then "+ 12 more"."""
    out = []
    left = most
    hidden = 0
    for heading, people in groups:
        shown, rest = list(people[:left]), len(people) - min(left, len(people))
        left -= len(shown)
        hidden += rest
        if shown:
            out.append(f"{heading}: {', '.join(shown)}")
    if hidden:
        out.append(f"+ {hidden} more")
    return out


def folded_words(count: int, changed: int, what: tuple[str, str], people: int = 0) -> str:
    """A folded box's words: "12 unchanged units · 340 people", or "12 units (3 changed)" where
    a depth limit folds changes away too."""
    noun = wording.noun(count, *what)
    head = f"{count} {noun} ({changed} changed)" if changed else f"{count} unchanged {noun}"
    return f"{head} · {wording.people(people)}" if people else head
