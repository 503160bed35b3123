"""Unit lineage (DESIGN §3.1–3.2): which units continue which, read first from `formerly` and then
from the flow of people and child units. Linear in the size of the orgs: flows are built from the
people who changed units, never by comparing every unit with every other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from orgmodel.diff.model import Flow, LineageKind, UnitLineage
from orgmodel.structure import Structure

SPLIT_SHARE = 0.25
SUCCESSOR_SHARE = 0.5
RENAME_SHARE = 0.5
CARVE_OUT_SHARE = 0.2


class _Sides:
    """Both snapshots, with the facts lineage needs computed once."""

    def __init__(self, before: Structure, after: Structure) -> None:
        self.b, self.a = before, after
        self.common = before.people.keys() & after.people.keys()
        self.removed = [u for u in before.unit_order if u not in after.units]
        self.added = {u for u in after.unit_order if u not in before.units}
        self._before: dict[str, list[str]] = {}
        self._after: dict[str, list[str]] = {}

    def _people(self, s: Structure, unit: str) -> list[str]:
        """A unit's people present in both snapshots: its leads and members, or for a unit that
        lists no one, the people of its subtree."""
        listed = s.unit_people(unit)
        if not listed:
            listed = list(dict.fromkeys(p for u in s.subtree(unit) for p in s.unit_people(u)))
        return [p for p in listed if p in self.common]

    def people_before(self, unit: str) -> list[str]:
        if unit not in self._before:
            self._before[unit] = self._people(self.b, unit)
        return self._before[unit]

    def people_after(self, unit: str) -> list[str]:
        if unit not in self._after:
            self._after[unit] = self._people(self.a, unit)
        return self._after[unit]

    def newly_joined(self, person: str) -> list[str]:
        """After-units that list `person` and did not list them before."""
        before = self.b.listings.get(person, ())
        return [u for u in self.a.listings.get(person, ()) if u not in before]

    def moved_children(self, source: str, target: str) -> tuple[str, ...]:
        """Child units of `source` (before) that sit under `target` now."""
        return tuple(
            sorted(c for c in self.b.children.get(source, ()) if self.a.parent.get(c) == target)
        )


def infer_lineage(before: Structure, after: Structure) -> list[UnitLineage]:
    sides = _Sides(before, after)
    explicit, named = _explicit(sides)
    inferred = _inferred(sides, named)
    return sorted([*explicit, *inferred], key=lambda line: (line.from_, line.to, line.kind))


# -- explicit: `formerly` ---------------------------------------------------------------------


def _explicit(sides: _Sides) -> tuple[list[UnitLineage], set[str]]:
    """Lineage the after-units declare, and every unit it names (excluded from inference)."""
    targets: dict[str, list[str]] = defaultdict(list)  # removed unit → after-units naming it
    sources: dict[str, list[str]] = defaultdict(list)  # after-unit → removed units it names
    out: list[UnitLineage] = []
    named: set[str] = set()
    for unit_id in sides.a.unit_order:
        for former in dict.fromkeys(sides.a.units[unit_id].formerly):
            if former == unit_id or former not in sides.b.units:
                continue
            carved = former in sides.a.units
            earlier = sides.b.units.get(unit_id)
            if carved and earlier is not None and former in earlier.formerly:
                continue  # the hint was there before too: an earlier change, not this one
            named.update((former, unit_id))
            if carved:
                out.append(_lineage(sides, "carve-out", [former], [unit_id], explicit=True))
            else:
                targets[former].append(unit_id)
                sources[unit_id].append(former)
    for former, units in targets.items():
        if len(units) > 1:
            out.append(_lineage(sides, "split", [former], units, explicit=True))
    for unit_id, formers in sources.items():
        if len(formers) > 1:
            out.append(_lineage(sides, "merge", formers, [unit_id], explicit=True))
        elif len(targets[formers[0]]) == 1:
            kind: LineageKind = "rename" if unit_id in sides.added else "merge"
            out.append(_lineage(sides, kind, formers, [unit_id], explicit=True))
    return out, named


# -- inferred: flows of people and child units ------------------------------------------------


def _inferred(sides: _Sides, named: set[str]) -> list[UnitLineage]:
    out: list[UnitLineage] = []
    successors: dict[str, list[str]] = defaultdict(list)  # successor → removed units
    for removed in sides.removed:
        if removed in named:
            continue
        shares = _shares(sides, removed)
        split = sorted(t for t, share in shares.items() if share >= SPLIT_SHARE and t not in named)
        if len(split) >= 2:
            out.append(_lineage(sides, "split", [removed], split, explicit=False, shares=shares))
            continue
        successor = next((t for t, share in shares.items() if share >= SUCCESSOR_SHARE), None)
        if successor is None and not shares:
            successor = _parent_of_surviving_children(sides, removed)
        if successor is not None and successor not in named:
            successors[successor].append(removed)
    for successor, removed_units in successors.items():
        if successor in sides.added and len(removed_units) == 1:
            source = removed_units[0]
            if _mostly_from(sides, successor, source):
                out.append(_lineage(sides, "rename", [source], [successor], explicit=False))
                continue
        out.append(_lineage(sides, "merge", removed_units, [successor], explicit=False))
    out.extend(_carve_outs(sides, named))
    return out


def _shares(sides: _Sides, removed: str) -> dict[str, float]:
    """For each after-unit, the share of the removed unit's people who newly joined it; a person
    who joined several units counts equally toward each."""
    people = sides.people_before(removed)
    weights: dict[str, float] = defaultdict(float)
    for person in people:
        joined = sides.newly_joined(person)
        for unit in joined:
            weights[unit] += 1 / len(joined)
    return {unit: weight / len(people) for unit, weight in weights.items()}


def _parent_of_surviving_children(sides: _Sides, removed: str) -> str | None:
    """The one unit under which all of the removed unit's surviving child units now sit."""
    surviving = [c for c in sides.b.children.get(removed, ()) if c in sides.a.units]
    parents = {sides.a.parent[c] for c in surviving}
    if len(parents) == 1:
        return next(iter(parents))
    return None


def _mostly_from(sides: _Sides, added: str, source: str) -> bool:
    """Whether at least half of an added unit's people present in both snapshots came from
    `source` (units listing no one are judged by the people of their subtrees)."""
    mine = sides.people_after(added)
    if not mine:
        return not sides.people_before(source)
    theirs = set(sides.people_before(source))
    return sum(1 for p in mine if p in theirs) >= RENAME_SHARE * len(mine)


def _carve_outs(sides: _Sides, named: set[str]) -> Iterable[UnitLineage]:
    """A unit present in both that lost at least a fifth of its people to one added unit. Counted
    from the people of the added units, which are few, rather than from every unit."""
    b, a = sides.b, sides.a
    lost_to: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for target in sides.added:
        if target in named:
            continue
        for person in a.unit_people(target):
            if person not in sides.common:
                continue
            now = a.listings.get(person, ())
            for unit in b.listings.get(person, ()):
                if unit in a.units and unit not in named and unit not in now:
                    lost_to[unit][target] += 1
    for unit in b.unit_order:
        if unit not in lost_to:
            continue
        people = sum(1 for p in b.unit_people(unit) if p in sides.common)
        for target, count in sorted(lost_to[unit].items()):
            if count >= CARVE_OUT_SHARE * people:
                yield _lineage(sides, "carve-out", [unit], [target], explicit=False)


# -- evidence ---------------------------------------------------------------------------------


def _lineage(
    sides: _Sides,
    kind: LineageKind,
    sources: list[str],
    targets: list[str],
    explicit: bool,
    shares: dict[str, float] | None = None,
) -> UnitLineage:
    """A lineage with its evidence: per source and target, the people (present in both) who went
    from one to the other (now in the target or a unit below it), and the child units that
    followed."""
    flows: list[Flow] = []
    moved: set[str] = set()
    total = 0
    for source in sources:
        people = sides.people_before(source)
        total += len(people)
        for target in targets:
            now = {p for unit in sides.a.subtree(target) for p in sides.a.unit_people(unit)}
            went = tuple(sorted(p for p in people if p in now))
            moved.update(went)
            if shares is not None and len(sources) == 1:
                share = shares.get(target, 0.0)
            else:
                share = len(went) / len(people) if people else 0.0
            flows.append(
                Flow(source, target, went, sides.moved_children(source, target), round(share, 4))
            )
    share = len(moved) / total if total else 0.0
    return UnitLineage(
        kind=kind,
        from_=tuple(sorted(sources)),
        to=tuple(sorted(targets)),
        people=len(moved),
        share=round(share, 4),
        explicit=explicit,
        flows=tuple(sorted(flows, key=lambda flow: (flow.source, flow.target))),
    )
