"""An org chart as a graph (DESIGN §4): people or units as boxes, reporting lines, overlays
and interactions, limited by `--root` and `--depth`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from orgmodel import wording
from orgmodel.graph.cards import (
    chart_title,
    person_heading,
    person_lines,
    person_tooltip,
    unit_lines,
)
from orgmodel.graph.model import (
    Cluster,
    Edge,
    EdgeKind,
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
from orgmodel.graph.options import ChartOptions, SortKey
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


def ordered(
    items: Iterable[str], sort: SortKey, name: Callable[[str], str], count: Mapping[str, int]
) -> list[str]:
    """Siblings in the chart's order; sorting is stable, so ties keep file order."""
    if sort == "name":
        return sorted(items, key=lambda item: name(item).casefold())
    if sort == "headcount":
        return sorted(items, key=lambda item: -count[item])
    return list(items)


# -- scope: --root and --depth ----------------------------------------------------------------


def _units_in_scope(s: Structure, options: ChartOptions) -> tuple[list[str], dict[str, int]]:
    """Units drawn (pre-order, siblings in the chart's order) and the depth of each, 1 at the
    top of the chart."""
    check_root(s, options.root)
    headcount = s.headcounts()

    def siblings(units: Iterable[str]) -> list[str]:
        return ordered(units, options.sort, lambda u: s.units[u].name, headcount)

    tops = [options.root] if options.root else [u for u in s.unit_order if s.parent[u] is None]
    depth: dict[str, int] = {}
    order: list[str] = []
    stack = [(u, 1) for u in reversed(siblings(tops))]
    while stack:
        unit, level = stack.pop()
        depth[unit] = level
        order.append(unit)
        if options.depth is None or level < options.depth:
            stack.extend((child, level + 1) for child in reversed(siblings(s.children[unit])))
    return order, depth


# -- people level -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stack:
    """A manager's leaf reports in one unit, drawn as one box of rows."""

    manager: str
    unit: str | None
    people: tuple[str, ...]
    ident: str  # the manager's id, and the unit's when a manager has several stacks

    @property
    def node(self) -> str:
        return node_id("s", self.ident)


@dataclass(frozen=True)
class _People:
    """Who a people chart draws, and how: the people in scope, the stacks that hold some of them,
    and each one's children in the chart's order (people, stacks and collapsed branches)."""

    shown: set[str]
    tops: list[str]
    children: dict[str, list[str | _Stack]]
    stack_of: dict[str, _Stack]


def _shown_people(s: Structure, options: ChartOptions, in_scope: set[str]) -> list[str]:
    """People in scope, in file order: those whose home is drawn, people without a unit on an
    unrooted chart, and the root unit's own leads wherever their home is."""
    people = [p for p in s.people if s.home.get(p) in in_scope]
    if options.root is None:
        people += [p for p in s.people if s.home.get(p) is None]
    else:
        people += [p for p in s.leads(options.root) if s.home.get(p) not in in_scope]
    return list(dict.fromkeys(people))


def _plan_people(
    s: Structure, options: ChartOptions, people: list[str], under: dict[str, int]
) -> _People:
    shown = set(people)

    def siblings(ids: Iterable[str]) -> list[str]:
        return ordered(ids, options.sort, lambda p: person_heading(s.people[p]), under)

    children: dict[str, list[str | _Stack]] = {}
    stack_of: dict[str, _Stack] = {}
    for manager in people:
        reports = siblings(r for r in s.reports.get(manager, ()) if r in shown and r != manager)
        leaves = [r for r in reports if not s.reports.get(r) and not s.people[r].assistant]
        stacks: dict[str | None, list[str]] = {}
        if options.stacks and len(leaves) > COMPACT_AFTER:
            for pid in leaves:  # one stack per unit when clusters box people by unit
                stacks.setdefault(s.home.get(pid) if options.clusters else None, []).append(pid)
        made: dict[str | None, _Stack] = {}
        for unit, group in stacks.items():
            ident = manager if len(stacks) == 1 else f"{manager} in {unit}"
            made[unit] = _Stack(manager, unit, tuple(group), ident)
            stack_of.update((pid, made[unit]) for pid in group)
        kids: list[str | _Stack] = []
        for pid in reports:  # a stack stands where its first person would
            stack = stack_of.get(pid)
            if stack is None:
                kids.append(pid)
            elif stack.people[0] == pid:
                kids.append(stack)
        if kids:
            children[manager] = kids
    tops = siblings(p for p in people if s.manager.get(p) not in shown or s.manager[p] == p)
    return _People(shown, tops, children, stack_of)


def _preorder(plan: _People, people: list[str]) -> list[str | _Stack]:
    """Everyone once, parents before children and siblings in order; people on a reporting
    cycle (reached from no top) follow in file order."""
    seen: set[str] = set()
    out: list[str | _Stack] = []
    for start in [*plan.tops, *people]:
        if start in seen or start in plan.stack_of:
            continue
        todo: list[str | _Stack] = [start]
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                if item in seen:
                    continue
                seen.add(item)
                todo.extend(reversed(plan.children.get(item, ())))
            out.append(item)
    return out


def people_graph(s: Structure, options: ChartOptions) -> Graph:
    units, depth = _units_in_scope(s, options)
    in_scope = set(units)
    headcount = s.headcounts()
    people = _shown_people(s, options, in_scope)
    under = people_under(s)
    plan = _plan_people(s, options, people, under)
    shown, stack_of = plan.shown, plan.stack_of

    def drawn_manager(pid: str) -> str | None:
        boss = s.manager.get(pid)
        return boss if boss in shown and boss != pid else None

    def end(pid: str) -> tuple[str, str | None]:
        """The node an edge to or from a person ends at, and the row's port in a stack."""
        stack = stack_of.get(pid)
        return (stack.node, node_id("p", pid)) if stack else (node_id("p", pid), None)

    def cluster(unit: str | None) -> str | None:
        return node_id("c", unit) if options.clusters and unit is not None else None

    collapsed_under: dict[str, list[str]] = {}  # lead → units whose branches are collapsed
    orphans: list[str] = []
    if options.depth is not None:
        for unit in units:
            if depth[unit] == options.depth and s.children[unit]:
                lead = next(iter(s.leads(unit)), None)
                if lead is not None and lead in shown:
                    collapsed_under.setdefault(lead, []).append(unit)
                else:
                    orphans.append(unit)

    nodes: list[Node] = []
    edges: list[Edge] = []

    def dotted(pid: str) -> None:
        head, head_port = end(pid)
        for other in s.people[pid].dotted:
            if other in shown:
                tail, tail_port = end(other)
                edges.append(Edge(tail, head, "dotted", tail_port=tail_port, head_port=head_port))

    def collapsed(unit: str, lead: str | None) -> None:
        count, below = hidden_below(s, unit, headcount)
        collapsed_id = node_id("x", unit)
        nodes.append(
            Node(
                id=collapsed_id,
                kind="collapsed",
                lines=(Line(wording.more_below(count, below)),),
                element_id=element_id("collapsed", unit),
                tooltip=f"Below {s.units[unit].name}",
                cluster=cluster(unit),
            )
        )
        if lead is not None:
            tail, tail_port = end(lead)
            edges.append(Edge(tail, collapsed_id, "reports", tail_port=tail_port))

    for item in _preorder(plan, people):
        if isinstance(item, _Stack):
            nodes.append(_stack_node(s, item, cluster(item.unit)))
            edges.append(Edge(node_id("p", item.manager), item.node, "reports"))
            for pid in item.people:
                dotted(pid)
            for pid in item.people:
                for unit in collapsed_under.get(pid, ()):
                    collapsed(unit, pid)
            continue
        pid, person = item, s.people[item]
        boss = drawn_manager(pid)
        nodes.append(
            person_node(
                pid,
                person.vacant,
                person_lines(s, pid, boss, under.get(pid, 0)),
                person_tooltip(s, pid),
                url=safe_url(person.url),
                border="dashed" if person.vacant else "solid",
                cluster=cluster(s.home.get(pid)),
                group=s.home.get(pid),
            )
        )
        if boss is not None:
            kind: EdgeKind = "assistant" if person.assistant else "reports"
            edges.append(Edge(node_id("p", boss), node_id("p", pid), kind))
        dotted(pid)
        for unit in collapsed_under.get(pid, ()):
            collapsed(unit, pid)
    for unit in orphans:
        collapsed(unit, None)

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
        legend.append(LegendEntry("open position", border="dashed"))
    if any(e.kind == "dotted" for e in edges):
        legend.append(LegendEntry("dotted-line manager", edge="dotted"))
    title = chart_title(s, options.root)
    return Graph.of(title, options.direction, nodes, edges, clusters, tuple(legend))


def _stack_node(s: Structure, stack: _Stack, cluster: str | None) -> Node:
    manager = stack.manager
    rows = tuple(
        Row(
            port=node_id("p", pid),
            element_id=element_id("person", pid),
            lines=person_lines(s, pid, manager),
            tooltip=person_tooltip(s, pid),
            url=safe_url(s.people[pid].url),
            vacant=s.people[pid].vacant,
        )
        for pid in stack.people
    )
    boss_name = person_heading(s.people[manager])
    count = len(stack.people)
    return Node(
        id=stack.node,
        kind="stack",
        lines=(Line(f"{wording.plural(count, 'report')} of {boss_name}"),),
        element_id=element_id("reports", stack.ident),
        tooltip=f"{wording.plural(count, 'direct report')} of {boss_name}",
        rows=rows,
        cluster=cluster,
    )


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
        lines = unit_lines(s, uid, headcount[uid], direct[uid])
        if options.depth is not None and depth[uid] == options.depth and s.children[uid]:
            count, below = hidden_below(s, uid, headcount)
            lines = (*lines, Line(wording.more_below(count, below)))
        nodes.append(
            unit_node(
                uid,
                unit.overlay,
                lines,
                unit.description or unit.name,
                url=safe_url(unit.url),
                fill=fills.get(unit.function or "", None),
            )
        )
        parent = s.parent[uid]
        if parent is not None and parent in in_scope:
            kind: EdgeKind = "overlay" if unit.overlay else "unit"
            edges.append(Edge(node_id("u", parent), node_id("u", uid), kind))
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
        legend.append(
            LegendEntry("overlay (cross-cutting, members keep their home)", box="overlay")
        )
    used = {e.kind for e in edges}
    if used & {"overlay", "spans"}:
        legend.append(LegendEntry("an overlay's parent and the units it spans", edge="spans"))
    for mode in ("collaboration", "x-as-a-service", "facilitating"):
        if mode in used:
            legend.append(LegendEntry(mode, edge=mode))
    title = chart_title(s, options.root)
    return Graph.of(title, options.direction, nodes, edges, legend=tuple(legend))


def build_graph(s: Structure, options: ChartOptions) -> Graph:
    if options.level == "units":
        return unit_graph(s, options)
    return people_graph(s, options)
