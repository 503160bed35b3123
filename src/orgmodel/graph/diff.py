"""The diff picture (DESIGN §4): the union of both snapshots, coloured by what happened to each
unit (or person), with lineage arrows from old units to new ones, the summary line as caption and
a legend. The same Graph structure as every other chart, so DOT and Mermaid both draw it."""

from __future__ import annotations

from collections.abc import Iterable

from orgmodel.diff.model import OrgDiff
from orgmodel.diff.summary import field_changes, summary_line
from orgmodel.graph.cards import person_heading
from orgmodel.graph.chart import ChartOptions
from orgmodel.graph.model import (
    Edge,
    EdgeKind,
    Graph,
    LegendEntry,
    Line,
    Node,
    node_id,
    person_node,
    unit_node,
)
from orgmodel.structure import Structure

ADDED = "#B7E4C7"
REMOVED = "#F4B6B6"
CHANGED = "#FBD38D"
_UNIT_FILL = {
    "added": ADDED,
    "removed": REMOVED,
    "renamed": CHANGED,
    "moved": CHANGED,
    "changed": CHANGED,
}
_PERSON_FILL = {
    "joined": ADDED,
    "opened": ADDED,
    "left": REMOVED,
    "closed": REMOVED,
    "moved": CHANGED,
    "changed": CHANGED,
    "filled": CHANGED,
}


def _legend(kinds: set[str], nodes: list[Node], edges: list[Edge]) -> tuple[LegendEntry, ...]:
    """One entry per style the picture draws, and only those."""
    entries = []
    if kinds & {"added", "joined", "opened"}:
        entries.append(LegendEntry("added", fill=ADDED))
    if kinds & {"removed", "left", "closed"}:
        entries.append(LegendEntry("removed (dashed box)", fill=REMOVED))
    if kinds & {"renamed", "moved", "changed", "filled"}:
        entries.append(LegendEntry("moved or changed", fill=CHANGED))
    if any(n.kind == "overlay" for n in nodes):
        entries.append(LegendEntry("overlay (cross-cutting)", box="overlay"))
    if any(e.kind == "lineage" for e in edges):
        entries.append(LegendEntry("lineage: old unit to new", edge="lineage"))
    return tuple(entries)


def _picture(
    result: OrgDiff, options: ChartOptions, nodes: list[Node], edges: list[Edge], kinds: set[str]
) -> Graph:
    """The diff picture's graph: titled by both names, captioned by the summary line."""
    return Graph.of(
        f"{result.before.name} → {result.after.name}",
        options.direction,
        nodes,
        edges,
        legend=_legend(kinds, nodes, edges),
        caption=summary_line(result),
    )


def _union(after: Iterable[str], before: Iterable[str]) -> list[str]:
    """Both snapshots' ids in file order: the later file's, then what only the earlier has."""
    return list(dict.fromkeys([*after, *before]))


def diff_graph(
    result: OrgDiff, before: Structure, after: Structure, options: ChartOptions
) -> Graph:
    if options.level == "people":
        return _people(result, before, after, options)
    return _units(result, before, after, options)


def _units(result: OrgDiff, b: Structure, a: Structure, options: ChartOptions) -> Graph:
    changes = {u.id: u for u in result.units}
    renamed_from = {u.fields["id"][0]: u.id for u in result.units if "id" in u.fields}
    former_id = {new: old for old, new in renamed_from.items()}
    before_count, after_count = b.headcounts(), a.headcounts()
    nodes: list[Node] = []
    edges: list[Edge] = []
    for uid in _union(a.unit_order, b.unit_order):
        if uid in renamed_from:
            continue  # drawn under its new id
        change = changes.get(uid)
        now = a if uid in a.units else b
        unit = now.units[uid]
        name = unit.name
        lines = [Line(name, bold=True)]
        if change is not None and change.change == "renamed":
            old_id, _ = change.fields.get("id", (uid, uid))
            old_name = b.units[old_id].name
            lines = [Line(f"{old_name} → {name}" if old_name != name else name, bold=True)]
            if old_id != uid:
                lines.append(Line(f"id {old_id} → {uid}"))
        if change is not None and change.change in ("moved", "changed", "renamed"):
            details = field_changes(change.fields, ("id", "name"))
            if details:
                lines.append(Line(details))
        was = before_count.get(former_id.get(uid, uid))
        now_count = after_count.get(uid)
        if was is not None and now_count is not None and was != now_count:
            lines.append(Line(f"{was} → {now_count} people"))
        elif now_count is None and was is not None:
            lines.append(Line(f"had {was} people"))
        elif was is None and now_count is not None:
            lines.append(Line(f"{now_count} people"))
        nodes.append(
            unit_node(
                uid,
                unit.overlay,
                lines,
                f"{name} ({change.change})" if change else name,
                fill=_UNIT_FILL.get(change.change) if change else None,
                dashed=change is not None and change.change == "removed",
            )
        )
        parent = now.parent[uid]
        if parent is not None:
            parent = renamed_from.get(parent, parent)
            kind: EdgeKind = "overlay" if unit.overlay else "unit"
            edges.append(Edge(node_id("u", parent), node_id("u", uid), kind))
    for line in result.lineage:
        if line.kind == "rename":
            continue
        for flow in line.flows:
            if flow.people or flow.units or line.explicit:
                edges.append(
                    Edge(node_id("u", flow.source), node_id("u", flow.target), "lineage", line.kind)
                )
    return _picture(result, options, nodes, edges, {u.change for u in result.units})


def _people(result: OrgDiff, b: Structure, a: Structure, options: ChartOptions) -> Graph:
    changes = {p.id: p for p in result.people}
    nodes: list[Node] = []
    edges: list[Edge] = []
    for pid in _union(a.people, b.people):
        now = a if pid in a.people else b
        person = now.people[pid]
        change = changes.get(pid)
        lines = [Line(person_heading(person), bold=True)]
        if person.title and not person.vacant:
            lines.append(Line(person.title))
        if change is not None:
            details = (
                field_changes(change.fields, ("manager",))
                if change.change in ("moved", "changed", "filled")
                else change.change
            )
            lines.append(Line(details or change.change))
        nodes.append(
            person_node(
                pid,
                person.vacant,
                lines,
                f"{person.label} ({change.change})" if change else person.label,
                fill=_PERSON_FILL.get(change.change) if change else None,
                # Dashed means removed here; an open position says so in its first line.
                dashed=change is not None and change.change in ("left", "closed"),
            )
        )
        boss = now.manager.get(pid)
        if boss is not None:
            edges.append(Edge(node_id("p", boss), node_id("p", pid), "reports"))
    return _picture(result, options, nodes, edges, {p.change for p in result.people})
