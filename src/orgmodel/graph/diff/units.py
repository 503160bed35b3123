"""The unit-level diff picture: the units that changed, the way up to the top, their unchanged
neighbours folded into one box per parent, lineage arrows with the report's counts, and on each
unit the people who joined, left or moved there, by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from orgmodel import wording
from orgmodel.diff.model import OrgDiff, PersonChange
from orgmodel.diff.summary import percent
from orgmodel.errors import UsageError
from orgmodel.graph.diff import style
from orgmodel.graph.diff.tree import Focus, UnionTree, focus_on, union_tree
from orgmodel.graph.diff.words import Names, folded_words, named, unit_words
from orgmodel.graph.model import Edge, EdgeKind, Line, Node, element_id, node_id, unit_node
from orgmodel.structure import Structure
from orgmodel.urls import safe_url
from orgmodel.wording import suggestion


@dataclass
class _Sides:
    """Both snapshots with units under the ids the picture draws them by: a unit renamed to a
    new id is drawn once, under the new one."""

    b: Structure
    a: Structure
    new_id: dict[str, str] = field(default_factory=dict)  # old id → new id
    old_id: dict[str, str] = field(default_factory=dict)

    def drawn(self, uid: str | None) -> str | None:
        return self.new_id.get(uid, uid) if uid is not None else None

    def before_id(self, uid: str) -> str:
        return self.old_id.get(uid, uid)

    def side(self, uid: str) -> tuple[Structure, str]:
        """The snapshot that has the unit (the later one first) and its id there."""
        return (self.a, uid) if uid in self.a.units else (self.b, self.before_id(uid))


def unit_tree(result: OrgDiff, before: Structure, after: Structure) -> tuple[_Sides, UnionTree]:
    sides = _Sides(before, after)
    for change in result.units:
        if "id" in change.fields:
            old, new = change.fields["id"]
            sides.new_id[old], sides.old_id[new] = new, old
    only_before = [u for u in before.unit_order if u not in after.units and u not in sides.new_id]
    parent: dict[str, str | None] = {u: after.parent[u] for u in after.unit_order}
    parent.update({u: sides.drawn(before.parent[u]) for u in only_before})
    return sides, union_tree([*after.unit_order, *only_before], parent)


def changed_units(result: OrgDiff, sides: _Sides) -> list[str]:
    """Every unit the diff names: changed units, every unit of a lineage, the units people
    joined, left or moved between, and the ends of changed interactions."""
    out = [u.id for u in result.units]
    for line in result.lineage:
        out += [u for u in (*map(sides.drawn, line.from_), *line.to) if u is not None]
    for person in result.people:
        out += [u for u in _units_of(person, sides) if u is not None]
    for interaction in result.interactions:
        out += [u for u in (sides.drawn(interaction.source), interaction.target) if u]
    return list(dict.fromkeys(out))


def _units_of(person: PersonChange, sides: _Sides) -> list[str | None]:
    fields = person.fields
    if "unit" in fields:
        was, now = fields["unit"]
        return [sides.drawn(was), sides.drawn(now)]
    if set(fields) <= {"memberships"} and "memberships" in fields:
        was_in, now_in = (set(side or ()) for side in fields["memberships"])
        return [sides.drawn(u) for u in sorted(was_in ^ now_in)]
    home = sides.a.home.get(person.id) if person.id in sides.a.people else None
    if home is None:
        home = sides.drawn(sides.b.home.get(person.id))
    return [home]


def _tops(root: str | None, sides: _Sides, tree: UnionTree) -> tuple[str, ...] | None:
    if root is None:
        return None
    drawn = sides.new_id.get(root, root)
    if drawn not in tree.parent:
        known = list(tree.parent)
        raise UsageError(f"--root: no unit {root!r} in either org{suggestion(root, known)}")
    return (drawn,)


def scope_units(tree: UnionTree, sides: _Sides, root: str | None, depth: int | None) -> set[str]:
    """The units under `--root` and within `--depth` levels of it (of the tree's roots)."""
    return set(focus_on(tree, (), Focus(full=True), _tops(root, sides, tree), depth).drawn)


def unit_picture(
    result: OrgDiff,
    before: Structure,
    after: Structure,
    root: str | None,
    depth: int | None,
    focus: Focus,
) -> tuple[list[Node], list[Edge]]:
    sides, tree = unit_tree(result, before, after)
    changed = changed_units(result, sides)
    shown = focus_on(tree, changed, focus, _tops(root, sides, tree), depth)
    drawn = set(shown.drawn)
    flows = _flows(result, sides, drawn)
    people = _people_lines(result, sides, {(source, target) for source, target, _ in flows})
    interactions = _interaction_lines(result, sides)
    changes = {u.id: u for u in result.units}
    names = Names(before, after)
    counts_b, counts_a = before.listed_counts(), after.listed_counts()
    nodes: list[Node] = []
    edges: list[Edge] = []
    for uid in shown.drawn:
        s, own = sides.side(uid)
        unit = s.units[own]
        change = changes.get(uid)
        kind = change.change if change else None
        old_name = before.units[sides.before_id(uid)].name if kind == "renamed" else unit.name
        title = unit.name if old_name == unit.name else f"{old_name} → {unit.name}"
        lines = [Line(style.heading(title, kind), bold=True)]
        lines += [Line(words) for words in (unit_words(change, names) if change else [])]
        lines.append(Line(_count(counts_b.get(sides.before_id(uid)), counts_a.get(uid))))
        lines += [Line(words) for words in people.get(uid, ())]
        lines += [Line(words) for words in interactions.get(uid, ())]
        m = style.mark(kind)
        nodes.append(
            unit_node(
                uid,
                unit.overlay,
                lines,
                f"{unit.name} ({kind})" if kind else unit.name,
                url=safe_url(unit.url),
                fill=m.fill if m else None,
                border=m.border if m else "solid",
            )
        )
        parent = tree.parent[uid]
        if parent in drawn and parent is not None:
            placed: EdgeKind = "overlay" if unit.overlay else "unit"
            edges.append(Edge(node_id("u", parent), node_id("u", uid), placed))
    for parent, hidden in shown.folded.items():
        node = _folded(parent, hidden, tree, sides, set(changed))
        nodes.append(node)
        if parent is not None:
            edges.append(Edge(node_id("u", parent), node.id, "unit"))
    edges += [Edge(node_id("u", t), node_id("u", h), "lineage", label) for t, h, label in flows]
    return nodes, edges


def _count(was: int | None, now: int | None) -> str:
    if was is not None and now is not None:
        return wording.people(now) if was == now else f"{was} → {wording.people(now)}"
    if now is not None:
        return wording.people(now)
    return f"had {wording.people(was or 0)}"


def _flows(result: OrgDiff, sides: _Sides, drawn: set[str]) -> list[tuple[str, str, str]]:
    """Lineage between drawn units as (source, target, label), labelled with the text report's
    counts: "9 people · 35%". A rename is one box, not an arrow."""
    out = []
    for line in result.lineage:
        if line.kind == "rename":
            continue
        for flow in line.flows:
            source = sides.drawn(flow.source)
            if source not in drawn or flow.target not in drawn or source == flow.target:
                continue
            if not (flow.people or flow.units or line.explicit):
                continue
            parts = []
            if flow.people:
                parts += [wording.people(len(flow.people)), percent(flow.share)]
            if flow.units:
                parts.append(wording.plural(len(flow.units), "unit"))
            out.append((source, flow.target, " · ".join(parts) or "declared"))
    return out


_TOWARD = {"collaboration": "with", "x-as-a-service": "to", "facilitating": "for"}


def _interaction_lines(result: OrgDiff, sides: _Sides) -> dict[str, list[str]]:
    """Per unit, the interactions it started, changed or ended, in words on its box ("new:
    x-as-a-service to Pre-training, Post-training"): a line per interaction across the chart
    would hide the lineage arrows."""
    names = Names(sides.b, sides.a)
    grouped: dict[tuple[str, str], list[str]] = {}
    for interaction in result.interactions:
        was, now = interaction.mode
        source = sides.drawn(interaction.source) or interaction.source
        if interaction.change == "added":
            words = f"new: {now} {_TOWARD.get(str(now), 'with')}"
        elif interaction.change == "removed":
            words = f"ended: {was} {_TOWARD.get(str(was), 'with')}"
        else:
            words = f"now {now} (was {was}) {_TOWARD.get(str(now), 'with')}"
        grouped.setdefault((source, words), []).append(names.unit(interaction.target))
    out: dict[str, list[str]] = {}
    for (source, words), targets in grouped.items():
        out.setdefault(source, []).append(f"{words} {', '.join(targets)}")
    return out


def _people_lines(
    result: OrgDiff, sides: _Sides, flows: set[tuple[str, str]]
) -> dict[str, list[str]]:
    """Per unit, the people who left, joined or moved there by name ("left: Lin Junyang
    (lead)"), leads first; moves a lineage arrow already counts are not repeated."""
    names = Names(sides.b, sides.a)
    groups: dict[str, dict[str, list[tuple[bool, str]]]] = {}

    def add(unit: str | None, heading: str, pid: str, s: Structure, own: str | None) -> None:
        if unit is None:
            return
        lead = own is not None and own in s.units and pid in s.units[own].lead
        person = s.people[pid]
        # An opened or closed position is named by what it is; a person by their name.
        shown = person.title if person.vacant and person.title else names.person(pid)
        label = shown + (" (lead)" if lead else "")
        groups.setdefault(unit, {}).setdefault(heading, []).append((not lead, label))

    for person in result.people:
        pid, kind = person.id, person.change
        home_a = sides.a.home.get(pid) if pid in sides.a.people else None
        home_b = sides.b.home.get(pid) if pid in sides.b.people else None
        if kind == "left":
            add(sides.drawn(home_b), "left", pid, sides.b, home_b)
        elif kind == "joined":
            add(home_a, "joined", pid, sides.a, home_a)
        elif kind == "filled":
            add(home_a, "hired", pid, sides.a, home_a)
        elif kind == "opened":
            add(home_a, "opened", pid, sides.a, home_a)
        elif kind == "closed":
            add(sides.drawn(home_b), "closed", pid, sides.b, home_b)
        elif kind == "moved" and "unit" in person.fields:
            was, now = (sides.drawn(u) for u in person.fields["unit"])
            if was is None or now is None or (was, now) in flows:
                continue
            add(now, f"from {names.unit(was)}", pid, sides.a, home_a)
            add(was, f"to {names.unit(now)}", pid, sides.b, home_b)
    order = ("left", "joined", "hired", "opened", "closed")
    out = {}
    for unit, by_heading in groups.items():
        headings = sorted(
            by_heading, key=lambda h: (order.index(h) if h in order else len(order), h)
        )
        out[unit] = named(
            [
                (h, [label for _, label in sorted(by_heading[h], key=lambda x: x[0])])
                for h in headings
            ]
        )
    return out


def _folded(
    parent: str | None, hidden: tuple[str, ...], tree: UnionTree, sides: _Sides, changed: set[str]
) -> Node:
    units = [u for top in hidden for u in tree.subtree(top)]
    people: set[str] = set()
    for uid in units:
        s, own = sides.side(uid)
        people.update(s.unit_people(own))
    changes = sum(u in changed for u in units)
    words = folded_words(len(units), changes, ("unit", "units"), len(people))
    ident = parent if parent is not None else ""
    if parent is None:
        where = "the top"
    else:
        holder, own_id = sides.side(parent)
        where = holder.units[own_id].name
    return Node(
        id=node_id("x", ident),
        kind="collapsed",
        lines=(Line(words),),
        element_id=element_id("folded", ident or "top"),
        tooltip=f"{words}, under {where}",
        fill=style.FOLDED,
    )
