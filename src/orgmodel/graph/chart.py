"""An org chart as a graph (DESIGN §4): people or units as boxes, reporting lines, overlays
and interactions, limited by `--root` and `--depth`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from orgmodel import wording
from orgmodel.graph.model import (
    Cluster,
    Direction,
    Edge,
    Graph,
    LegendEntry,
    Line,
    Node,
    Row,
    element_id,
    node_id,
    person_node,
    unit_node,
)
from orgmodel.metrics import people_under
from orgmodel.scope import check_root, hidden_below
from orgmodel.structure import Structure
from orgmodel.urls import safe_url

# Colour-blind-safe fills by function (Okabe & Ito), lightened for black text; functions beyond
# the palette share the last colour.
PALETTE = ("#F5C26B", "#9FD3F2", "#7FCDB4", "#F5EE9A", "#7FB4DA", "#EFA47F", "#E5B3D0")
OTHER_FILL = "#DDDDDD"
# A manager whose reports include more leaf reports than this gets them stacked in one box.
COMPACT_AFTER = 4
# Beyond this many boxes a people-level chart is slow to lay out and hard to read.
LARGE_CHART = 3000


@dataclass(frozen=True)
class ChartOptions:
    level: Literal["people", "units"] = "people"
    root: str | None = None
    depth: int | None = None
    direction: Direction = "TB"
    clusters: bool = False
    compact: bool = True


# -- scope: --root and --depth ----------------------------------------------------------------


def _units_in_scope(s: Structure, options: ChartOptions) -> tuple[list[str], dict[str, int]]:
    """Units drawn (pre-order) and the depth of each, 1 at the top of the chart."""
    check_root(s, options.root)
    tops = [options.root] if options.root else [u for u in s.unit_order if s.parent[u] is None]
    depth: dict[str, int] = {}
    order: list[str] = []
    stack = [(u, 1) for u in reversed(tops)]
    while stack:
        unit, level = stack.pop()
        depth[unit] = level
        order.append(unit)
        if options.depth is None or level < options.depth:
            stack.extend((child, level + 1) for child in reversed(s.children[unit]))
    return order, depth


# -- people level -----------------------------------------------------------------------------


def _person_lines(s: Structure, pid: str) -> tuple[Line, ...]:
    person = s.people[pid]
    lines = [Line(person.label, bold=True)]
    if person.title and not person.vacant:
        lines.append(Line(person.title))
    home = s.home.get(pid)
    if home is not None:
        lines.append(Line(s.units[home].name))
    return tuple(lines)


def _tooltip(s: Structure, pid: str) -> str:
    person = s.people[pid]
    parts = [person.label]
    if person.title and not person.vacant:
        parts.append(person.title)
    return " — ".join(parts)


def people_graph(s: Structure, options: ChartOptions) -> Graph:
    units, depth = _units_in_scope(s, options)
    in_scope = set(units)
    headcount = s.headcounts()
    people = [p for p in s.people if s.home.get(p) in in_scope]
    if options.root is None:
        people += [p for p in s.people if s.home.get(p) is None]
    shown = set(people)
    under = people_under(s)

    stacked: dict[str, list[str]] = {}
    if options.compact:
        for manager in people:
            leaves = [
                r
                for r in s.reports.get(manager, ())
                if r in shown and not s.reports.get(r) and not s.people[r].assistant
            ]
            if len(leaves) > COMPACT_AFTER:
                stacked[manager] = leaves
    in_stack = {pid for leaves in stacked.values() for pid in leaves}

    nodes: list[Node] = []
    edges: list[Edge] = []
    for pid in people:
        if pid in in_stack:
            continue
        person = s.people[pid]
        lines = _person_lines(s, pid)
        if under.get(pid):
            lines = (*lines, Line(f"{under[pid]} in org"))
        home = s.home.get(pid)
        nodes.append(
            person_node(
                pid,
                person.vacant,
                lines,
                _tooltip(s, pid),
                url=safe_url(person.url),
                dashed=person.vacant,
                cluster=node_id("c", home) if options.clusters and home else None,
            )
        )
        boss = s.manager.get(pid)
        if boss is not None and boss in shown:
            edges.append(
                Edge(
                    node_id("p", boss),
                    node_id("p", pid),
                    "assistant" if person.assistant else "reports",
                )
            )
        for other in person.dotted:
            if other in shown and other not in in_stack:
                edges.append(Edge(node_id("p", other), node_id("p", pid), "dotted"))
    for manager, leaves in stacked.items():
        stack_id = node_id("s", manager)
        rows = tuple(
            Row(
                element_id=element_id("person", pid),
                lines=_person_lines(s, pid),
                tooltip=_tooltip(s, pid),
                url=safe_url(s.people[pid].url),
                vacant=s.people[pid].vacant,
            )
            for pid in leaves
        )
        boss_name = s.people[manager].label
        nodes.append(
            Node(
                id=stack_id,
                kind="stack",
                lines=(Line(f"{wording.plural(len(leaves), 'report')} of {boss_name}"),),
                element_id=element_id("reports", manager),
                tooltip=f"{wording.plural(len(leaves), 'direct report')} of {boss_name}",
                rows=rows,
            )
        )
        edges.append(Edge(node_id("p", manager), stack_id, "reports"))

    if options.depth is not None:
        for unit in units:
            if depth[unit] == options.depth and s.children[unit]:
                count, below = hidden_below(s, unit, headcount)
                lead = next(iter(s.leads(unit)), None)
                collapsed_id = node_id("x", unit)
                nodes.append(
                    Node(
                        id=collapsed_id,
                        kind="collapsed",
                        lines=(Line(wording.more_below(count, below)),),
                        element_id=element_id("collapsed", unit),
                        tooltip=f"Below {s.units[unit].name}",
                        dashed=True,
                    )
                )
                if lead is not None and lead in shown:
                    edges.append(Edge(node_id("p", lead), collapsed_id, "reports"))
    clusters: tuple[Cluster, ...] = ()
    if options.clusters:
        clusters = tuple(
            Cluster(
                node_id("c", u),
                s.units[u].name,
                element_id("unit", u),
                _parent_cluster(s, u, in_scope),
            )
            for u in units
            if not s.units[u].overlay
        )
    legend: list[LegendEntry] = []
    if any(n.kind == "vacancy" for n in nodes) or any(r.vacant for n in nodes for r in n.rows):
        legend.append(LegendEntry("open position", dashed=True))
    if any(e.kind == "dotted" for e in edges):
        legend.append(LegendEntry("dotted-line manager", edge="dotted"))
    return Graph.of(s.org.name, options.direction, nodes, edges, clusters, tuple(legend))


def _parent_cluster(s: Structure, unit: str, in_scope: set[str]) -> str | None:
    parent = s.parent[unit]
    return node_id("c", parent) if parent is not None and parent in in_scope else None


# -- unit level -------------------------------------------------------------------------------


def function_fills(s: Structure, units: list[str]) -> dict[str, str]:
    functions = sorted({f for u in units if (f := s.units[u].function)})
    return {
        function: PALETTE[i] if i < len(PALETTE) else OTHER_FILL
        for i, function in enumerate(functions)
    }


def unit_graph(s: Structure, options: ChartOptions) -> Graph:
    units, depth = _units_in_scope(s, options)
    in_scope = set(units)
    headcount = s.headcounts()
    direct = s.home_counts()
    fills = function_fills(s, units)
    nodes: list[Node] = []
    edges: list[Edge] = []
    for uid in units:
        unit = s.units[uid]
        leads = [s.people[p].label for p in s.leads(uid)]
        lines = [Line(unit.name, bold=True)]
        facts = [f for f in (unit.kind, unit.function) if f]
        if facts:
            lines.append(Line(" · ".join(facts)))
        lines.append(Line("lead " + " & ".join(leads) if leads else "no lead"))
        counts = (
            f"{headcount[uid]} people"
            if unit.overlay
            else (f"{direct[uid]} direct / {headcount[uid]} total")
        )
        lines.append(Line(counts))
        if options.depth is not None and depth[uid] == options.depth and s.children[uid]:
            count, below = hidden_below(s, uid, headcount)
            lines.append(Line(wording.more_below(count, below)))
        nodes.append(
            unit_node(
                uid,
                unit.overlay,
                lines,
                unit.description or unit.name,
                url=safe_url(unit.url),
                fill=fills.get(unit.function or "", None),
                dashed=unit.overlay,
            )
        )
        parent = s.parent[uid]
        if parent in in_scope and not unit.overlay:
            edges.append(Edge(node_id("u", parent), node_id("u", uid), "unit"))
        if unit.overlay:
            for spanned in unit.spans:
                if spanned in in_scope:
                    edges.append(Edge(node_id("u", uid), node_id("u", spanned), "spans"))
    for interaction in s.org.interactions:
        if interaction.from_ in in_scope and interaction.to in in_scope:
            edges.append(
                Edge(
                    node_id("u", interaction.from_),
                    node_id("u", interaction.to),
                    interaction.mode,
                    interaction.note,
                )
            )
    legend = [LegendEntry(function, fill=fill) for function, fill in fills.items()]
    if any(n.kind == "overlay" for n in nodes):
        legend.append(LegendEntry("overlay (cross-cutting, members keep their home)", dashed=True))
    used = {e.kind for e in edges}
    for mode in ("collaboration", "x-as-a-service", "facilitating"):
        if mode in used:
            legend.append(LegendEntry(mode, edge=mode))
    return Graph.of(s.org.name, options.direction, nodes, edges, legend=tuple(legend))


def build_graph(s: Structure, options: ChartOptions) -> Graph:
    if options.level == "units":
        return unit_graph(s, options)
    return people_graph(s, options)
