"""A Mermaid chart split into one chart per top-level unit and an overview that links to them
(`render --split`), so that each stays within what GitHub draws (`render.limits`). Pure: it
names the files and gives their text; the CLI writes them.

The top-level units are the children of `--root`, or of the org's one top unit; an org with
several top units (a forest) is split into those. `-o org.mmd` gives the overview `org.mmd`
and `org.<unit>.mmd` beside it, the unit id made safe as a file name."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from orgmodel.graph.chart import build_graph, unit_graph
from orgmodel.graph.model import Graph, node_id
from orgmodel.graph.options import ChartOptions
from orgmodel.render.limits import Overrun, mermaid_overruns
from orgmodel.render.mermaid import render_mermaid
from orgmodel.scope import check_root
from orgmodel.structure import Structure
from orgmodel.urls import relative_link

# Characters kept from a unit id in a file name: portable everywhere, no path separators.
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# A unit id's part of a file name, before its digest: short enough for any file system's
# 255-byte limit with the output's stem around it.
_MAX_NAME_PART = 80


@dataclass(frozen=True)
class MermaidChart:
    """One Mermaid file: its text and the GitHub limits it is over (none: GitHub draws it)."""

    text: str
    overruns: tuple[Overrun, ...]


@dataclass(frozen=True)
class MermaidPart:
    """One file of a split chart: its name (beside the overview), the top-level unit it draws
    (None for the overview) and its chart."""

    name: str
    unit: str | None
    chart: MermaidChart


def mermaid_chart(graph: Graph) -> MermaidChart:
    """A graph as Mermaid, with the limits it is over (the renderer writes one link a edge)."""
    text = render_mermaid(graph)
    return MermaidChart(text, mermaid_overruns(text, len(graph.edges)))


def split_units(s: Structure, root: str | None) -> tuple[str | None, list[str]]:
    """The unit the overview starts from (None for a forest) and the top-level units, one chart
    each, in file order; overlays draw no one of their own and get no chart."""
    check_root(s, root)
    if root is None:
        tops = [u for u in s.unit_order if s.parent[u] is None and not s.units[u].overlay]
        if len(tops) != 1:
            return None, tops
        root = tops[0]
    return root, [u for u in s.children[root] if not s.units[u].overlay]


def part_names(output: str, units: Sequence[str]) -> dict[str, str]:
    """Each unit's file name beside `output` (`org.mmd` → `org.<unit>.mmd`). A unit id that is
    not already a safe file name, or whose name another unit took first (names are compared
    case-folded, for case-insensitive file systems), gets a digest of the id: the same org
    always gives the same names."""
    path = PurePath(output)
    suffix = path.suffix or ".mmd"
    names: dict[str, str] = {}
    taken: set[str] = set()
    for unit in units:
        safe = _UNSAFE_IN_NAME.sub("-", unit).strip(".-")[:_MAX_NAME_PART] or "unit"
        part = safe
        if safe != unit or safe.casefold() in taken:
            part = f"{safe}-{hashlib.sha1(unit.encode('utf-8')).hexdigest()[:8]}"
        # A digest that collides as well (or a name such a digest made): count on, in order.
        candidate, n = part, 2
        while candidate.casefold() in taken:
            candidate, n = f"{part}-{n}", n + 1
        taken.add(candidate.casefold())
        names[unit] = f"{path.stem}.{candidate}{suffix}"
    return names


def overview_graph(
    s: Structure, root: str | None, options: ChartOptions, links: dict[str, str]
) -> Graph:
    """`root` and the top-level units below it (or a forest's top units) at unit level, with
    their headcounts and what lies below them, each unit linking to its own chart."""
    scope = ChartOptions(
        level="units", root=root, depth=1 if root is None else 2, direction=options.direction
    )
    graph = unit_graph(s, scope)
    by_node = {node_id("u", unit): link for unit, link in links.items()}
    nodes = tuple(replace(n, url=by_node.get(n.id, n.url)) for n in graph.nodes)
    return replace(graph, nodes=nodes)


def split_mermaid(s: Structure, options: ChartOptions, output: str) -> tuple[MermaidPart, ...]:
    """The overview (named as `output`) first, then one chart per top-level unit in file order,
    drawn as `options` says with that unit as the root. A chart with no units below its root
    is not split: it is the one part."""
    root, units = split_units(s, options.root)
    name = PurePath(output).name
    if not units:
        return (MermaidPart(name, None, mermaid_chart(build_graph(s, options))),)
    names = part_names(name, units)
    overview = overview_graph(s, root, options, {u: relative_link(names[u]) for u in units})
    parts = [MermaidPart(name, None, mermaid_chart(overview))]
    for unit in units:
        graph = build_graph(s, replace(options, root=unit))
        parts.append(MermaidPart(names[unit], unit, mermaid_chart(graph)))
    return tuple(parts)
