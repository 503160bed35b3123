"""Views of a history: the commits to show, one person through time, one unit's lineage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from orgmodel import wording
from orgmodel.errors import InputError
from orgmodel.history.model import (
    HistoryEntry,
    OrgHistory,
    PersonEvent,
    PersonHistory,
    UnitEvent,
    UnitHistory,
)

T = TypeVar("T")


def window(
    items: Sequence[T], limit: int | None = None, oldest_first: bool = False
) -> tuple[T, ...]:
    """The newest `limit` of `items` (given newest first), in the order asked for."""
    kept = tuple(items[:limit] if limit is not None else items)
    return tuple(reversed(kept)) if oldest_first else kept


def shown(
    history: OrgHistory, every: bool = False, limit: int | None = None, oldest_first: bool = False
) -> OrgHistory:
    """The entries a reader asked for: those where the org changed (or stopped loading), or
    `every` commit that touched the file; the newest `limit` of them."""
    entries = [e for e in history.entries if every or e.semantic]
    return replace(history, entries=window(entries, limit, oldest_first))


def _ids(history: OrgHistory, of_people: bool) -> set[str]:
    """Every person (or unit) id a diff of the history names."""
    found: set[str] = set()
    for entry in history.entries:
        if entry.diff is None:
            continue
        if of_people:
            found.update(p.id for p in entry.diff.people)
        else:
            found.update(u.id for u in entry.diff.units)
            for line in entry.diff.lineage:
                found.update((*line.from_, *line.to))
    return found


def _unknown(kind: str, wanted: str, history: OrgHistory, of_people: bool) -> InputError:
    hint = wording.suggestion(wanted, sorted(_ids(history, of_people)))
    return InputError(f"no change in this history names {kind} '{wanted}'{hint}", file=history.file)


def follow_person(history: OrgHistory, person: str) -> PersonHistory:
    """Each commit that changed the person's entry (joined, moved, title, manager, left …),
    newest first. InputError when no commit of the history names them."""
    events = []
    for entry in history.entries:
        if entry.diff is None:
            continue
        for change in entry.diff.people:
            if change.id == person:
                events.append(PersonEvent(entry, change))
    if not events:
        raise _unknown("person", person, history, of_people=True)
    return PersonHistory(history.file, person, tuple(events))


def _lineage_closure(entries: Sequence[HistoryEntry], start: str, forward: bool) -> set[str]:
    """The units `start` became (`forward`, walking oldest to newest) or came from (walking
    newest to oldest): each rename, split or merge from (into) one of them adds its other side."""
    family = {start}
    for entry in entries if not forward else reversed(entries):
        if entry.diff is None:
            continue
        for line in entry.diff.lineage:
            near, far = (line.from_, line.to) if forward else (line.to, line.from_)
            if line.kind != "carve-out" and family.intersection(near):
                family.update(far)
    return family


def follow_unit(history: OrgHistory, unit: str) -> UnitHistory:
    """One unit's lineage in both directions, and each commit that changed the unit or one of
    those it came from or became, newest first. InputError when no commit names it."""
    entries = [e for e in history.entries if e.diff is not None]
    ancestors = _lineage_closure(entries, unit, forward=False) - {unit}
    descendants = _lineage_closure(entries, unit, forward=True) - {unit}
    family = ancestors | descendants | {unit}
    events = []
    for entry in entries:
        assert entry.diff is not None
        units = tuple(u for u in entry.diff.units if u.id in family)
        lineage = tuple(
            line for line in entry.diff.lineage if family.intersection((*line.from_, *line.to))
        )
        if units or lineage:
            events.append(UnitEvent(entry, units, lineage))
    if not events:
        raise _unknown("unit", unit, history, of_people=False)
    return UnitHistory(
        history.file, unit, tuple(sorted(ancestors)), tuple(sorted(descendants)), tuple(events)
    )
