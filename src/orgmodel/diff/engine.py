"""The semantic diff (DESIGN §3): people and units matched by id, units also by lineage, and the
metrics side by side. A pure function of two orgs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from orgmodel.diff.lineage import infer_lineage
from orgmodel.diff.model import (
    FieldChange,
    InteractionChange,
    InteractionChangeKind,
    OrgDiff,
    PersonChange,
    PersonChangeKind,
    Snapshot,
    UnitChange,
    UnitChangeKind,
)
from orgmodel.metrics import org_metrics
from orgmodel.model import Org, Person
from orgmodel.structure import Structure, derive

# Unit fields compared one to one; members and child units show up as people and unit changes.
_UNIT_FIELDS = ("kind", "function", "topology", "overlay", "description", "url")
_PERSON_FIELDS = ("name", "title", "assistant", "url")


def diff(before: Org, after: Org) -> OrgDiff:
    return diff_structures(derive(before), derive(after))


def diff_structures(b: Structure, a: Structure) -> OrgDiff:
    lineage = tuple(infer_lineage(b, a))
    renamed = {line.from_[0]: line.to[0] for line in lineage if line.kind == "rename"}
    before_metrics, after_metrics = org_metrics(b).as_dict(), org_metrics(a).as_dict()
    return OrgDiff(
        before=_snapshot(b),
        after=_snapshot(a),
        people=tuple(_people(b, a, renamed)),
        units=tuple(_units(b, a, renamed)),
        lineage=lineage,
        interactions=tuple(_interactions(b, a, renamed)),
        metrics={key: (before_metrics[key], after_metrics[key]) for key in before_metrics},
    )


def _snapshot(s: Structure) -> Snapshot:
    as_of = s.org.as_of.isoformat() if s.org.as_of else None
    return Snapshot(s.org.name, as_of, len(s.people), len(s.units))


def _attrs(prefix: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, FieldChange]:
    return {
        f"{prefix}.{key}": (before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def _as_after(renamed: dict[str, str], units: Iterable[str]) -> list[str]:
    """Before-side unit ids as the after side names them, sorted: a unit renamed to a new id is
    the same unit, so listing it before and after is no change."""
    return sorted(renamed.get(unit, unit) for unit in units)


def _mapped(renamed: dict[str, str], unit: str | None) -> str | None:
    return renamed.get(unit, unit) if unit is not None else None


def _tags(before: tuple[str, ...], after: tuple[str, ...]) -> dict[str, FieldChange]:
    if sorted(before) == sorted(after):
        return {}
    return {"tags": (sorted(before), sorted(after))}


# -- people -----------------------------------------------------------------------------------


def _people(b: Structure, a: Structure, renamed: dict[str, str]) -> Iterator[PersonChange]:
    # Most people do not change: find the ones who might, without comparing field by field
    # (a model's __dict__ holds its field values) and without sorting everyone.
    bp, ap, bh, ah, bm, am = b.people, a.people, b.home, a.home, b.manager, a.manager
    bl, al = b.listings, a.listings
    candidates = [
        pid
        for pid, old in bp.items()
        if (new := ap.get(pid)) is None
        or old.__dict__ != new.__dict__
        or bh[pid] != ah[pid]
        or bm[pid] != am[pid]
        or bl.get(pid) != al.get(pid)
    ]
    candidates += ap.keys() - bp.keys()
    for pid in sorted(candidates):
        old, new = bp.get(pid), ap.get(pid)
        if old is None and new is not None:
            kind: PersonChangeKind = "opened" if new.vacant else "joined"
            yield PersonChange(pid, kind, new.label, {"unit": (None, a.home[pid])})
        elif new is None and old is not None:
            kind = "closed" if old.vacant else "left"
            yield PersonChange(pid, kind, old.label, {"unit": (b.home[pid], None)})
        elif old is not None and new is not None:
            fields = _person_fields(b, a, pid, old, new, renamed)
            home_changed = _mapped(renamed, b.home[pid]) != a.home[pid]
            if home_changed:
                fields = {"unit": (b.home[pid], a.home[pid]), **fields}
            if old.vacant and not new.vacant:
                kind = "filled"
            elif home_changed:
                kind = "moved"
            elif fields:
                kind = "changed"
            else:
                continue
            yield PersonChange(pid, kind, new.label, fields)


def _person_fields(
    b: Structure, a: Structure, pid: str, old: Person, new: Person, renamed: dict[str, str]
) -> dict[str, FieldChange]:
    fields: dict[str, FieldChange] = {}
    for name in _PERSON_FIELDS:
        if getattr(old, name) != getattr(new, name):
            fields[name] = (getattr(old, name), getattr(new, name))
    if old.vacant != new.vacant:
        fields["vacant"] = (old.vacant, new.vacant)
    if b.manager[pid] != a.manager[pid]:
        fields["manager"] = (b.manager[pid], a.manager[pid])
    if old.dotted != new.dotted and sorted(old.dotted) != sorted(new.dotted):
        fields["dotted"] = (sorted(old.dotted), sorted(new.dotted))
    before_also = _as_after(renamed, (u for u in b.listings.get(pid, ()) if u != b.home[pid]))
    after_also = sorted(u for u in a.listings.get(pid, ()) if u != a.home[pid])
    if before_also != after_also:
        fields["memberships"] = (before_also, after_also)
    if old.tags != new.tags:
        fields.update(_tags(old.tags, new.tags))
    if old.attrs != new.attrs:
        fields.update(_attrs("attrs", old.attrs, new.attrs))
    return fields


# -- units ------------------------------------------------------------------------------------


def _units(b: Structure, a: Structure, renamed: dict[str, str]) -> Iterator[UnitChange]:
    renamed_from = {new: old for old, new in renamed.items()}
    for uid in sorted(b.units.keys() | a.units.keys()):
        if uid in b.units and uid in a.units:
            change = _unit_change(b, a, uid, uid, renamed)
        elif uid in a.units and uid in renamed_from:
            change = _unit_change(b, a, renamed_from[uid], uid, renamed)
        elif uid in a.units:
            unit = a.units[uid]
            fields: dict[str, FieldChange] = {
                "name": (None, unit.name),
                "parent": (None, a.parent[uid]),
            }
            change = UnitChange(uid, "added", unit.name, fields)
        elif uid not in renamed:
            unit = b.units[uid]
            fields = {"name": (unit.name, None), "parent": (b.parent[uid], None)}
            change = UnitChange(uid, "removed", unit.name, fields)
        else:
            change = None  # reported under its new id
        if change is not None:
            yield change


def _unit_change(
    b: Structure, a: Structure, old_id: str, new_id: str, renamed: dict[str, str]
) -> UnitChange | None:
    old, new = b.units[old_id], a.units[new_id]
    fields: dict[str, FieldChange] = {}
    if old_id != new_id:
        fields["id"] = (old_id, new_id)
    if old.name != new.name:
        fields["name"] = (old.name, new.name)
    if _mapped(renamed, b.parent[old_id]) != a.parent[new_id]:
        fields["parent"] = (b.parent[old_id], a.parent[new_id])
    if old.lead != new.lead:
        fields["lead"] = (list(old.lead), list(new.lead))
    for name in _UNIT_FIELDS:
        if getattr(old, name) != getattr(new, name):
            fields[name] = (getattr(old, name), getattr(new, name))
    if old.spans or new.spans:
        spans_before = _as_after(renamed, old.spans)
        if spans_before != sorted(new.spans):
            fields["spans"] = (spans_before, sorted(new.spans))
    if old.tags != new.tags:
        fields.update(_tags(old.tags, new.tags))
    if old.attrs != new.attrs:
        fields.update(_attrs("attrs", old.attrs, new.attrs))
    kind: UnitChangeKind
    if "id" in fields or "name" in fields:
        kind = "renamed"
    elif "parent" in fields:
        kind = "moved"
    elif fields:
        kind = "changed"
    else:
        return None
    return UnitChange(new_id, kind, new.name, fields)


# -- interactions -----------------------------------------------------------------------------


def _interactions(
    b: Structure, a: Structure, renamed: dict[str, str]
) -> Iterator[InteractionChange]:
    # Interactions of a unit renamed to a new id continue under the new id.
    before = {
        (renamed.get(i.from_, i.from_), renamed.get(i.to, i.to)): i.mode for i in b.org.interactions
    }
    after = {(i.from_, i.to): i.mode for i in a.org.interactions}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        change: InteractionChangeKind = (
            "added" if old is None else "removed" if new is None else "changed"
        )
        yield InteractionChange(key[0], key[1], change, (old, new))
