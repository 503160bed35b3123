"""The result of comparing two snapshots: a small vocabulary of changes that every report renders
(text, Markdown, JSON, pictures). Pure data; lists are kept sorted by id."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

PersonChangeKind = Literal["joined", "left", "moved", "changed", "opened", "closed", "filled"]
UnitChangeKind = Literal["added", "removed", "renamed", "moved", "changed"]
LineageKind = Literal["split", "merge", "rename", "carve-out"]
InteractionChangeKind = Literal["added", "removed", "changed"]

# A field's value before and after; None where it was not set.
FieldChange = tuple[Any, Any]

# Each count of `OrgDiff.summary`: its key, the list it counts in and the kind it counts.
SUMMARY: tuple[tuple[str, str, str], ...] = (
    ("people_joined", "people", "joined"),
    ("people_left", "people", "left"),
    ("people_moved", "people", "moved"),
    ("people_changed", "people", "changed"),
    ("positions_opened", "people", "opened"),
    ("positions_closed", "people", "closed"),
    ("positions_filled", "people", "filled"),
    ("units_added", "units", "added"),
    ("units_removed", "units", "removed"),
    ("units_renamed", "units", "renamed"),
    ("units_moved", "units", "moved"),
    ("units_changed", "units", "changed"),
    ("units_split", "lineage", "split"),
    ("units_merged", "lineage", "merge"),
    ("units_carved_out", "lineage", "carve-out"),
    ("interactions_added", "interactions", "added"),
    ("interactions_removed", "interactions", "removed"),
    ("interactions_changed", "interactions", "changed"),
)
SUMMARY_KEYS = tuple(key for key, _, _ in SUMMARY)


@dataclass(frozen=True)
class Snapshot:
    """Which org a side of the diff is."""

    name: str
    as_of: str | None
    people: int
    units: int


@dataclass(frozen=True)
class PersonChange:
    """One person (or open position) whose entry differs. `fields` maps a field (`unit`,
    `title`, `manager`, `attrs.location`, …) to its value before and after. `memberships`
    names on both sides the units as they are named after, so a unit renamed to a new id is
    no change."""

    id: str
    change: PersonChangeKind
    label: str  # the name, or "Open: title", as the latest snapshot shows it
    fields: dict[str, FieldChange] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitChange:
    """One unit that was added, removed or differs. A unit renamed to a new id is one entry under
    its new id, with `fields["id"]` giving both ids; `spans` names on both sides the units as
    they are named after."""

    id: str
    change: UnitChangeKind
    name: str
    fields: dict[str, FieldChange] = field(default_factory=dict)


@dataclass(frozen=True)
class Flow:
    """What went from one unit of `from_` to one unit of `to`: people and child units."""

    source: str
    target: str
    people: tuple[str, ...]
    units: tuple[str, ...] = ()
    share: float = 0.0  # of the source's people who exist in both snapshots


@dataclass(frozen=True)
class UnitLineage:
    """Units that continue others: a rename to a new id, a split, a merge, or a carve-out.
    `people` and `share` count the people of `from_` (present in both snapshots) who went to
    `to`; `flows` are the evidence, one per source and target."""

    kind: LineageKind
    from_: tuple[str, ...]
    to: tuple[str, ...]
    people: int
    share: float
    explicit: bool
    flows: tuple[Flow, ...] = ()


@dataclass(frozen=True)
class InteractionChange:
    source: str
    target: str
    change: InteractionChangeKind
    mode: FieldChange


@dataclass(frozen=True)
class OrgDiff:
    """Everything that differs between two snapshots, and their metrics side by side."""

    before: Snapshot
    after: Snapshot
    people: tuple[PersonChange, ...]
    units: tuple[UnitChange, ...]
    lineage: tuple[UnitLineage, ...]
    interactions: tuple[InteractionChange, ...]
    metrics: dict[str, FieldChange]

    @property
    def empty(self) -> bool:
        return not (self.people or self.units or self.lineage or self.interactions)

    @property
    def summary(self) -> dict[str, int]:
        """Counts by kind of change; each equals the length of the matching list."""
        kinds: dict[str, Counter[str]] = {
            "people": Counter(p.change for p in self.people),
            "units": Counter(u.change for u in self.units),
            "lineage": Counter(line.kind for line in self.lineage),
            "interactions": Counter(i.change for i in self.interactions),
        }
        return {key: kinds[where][kind] for key, where, kind in SUMMARY}
