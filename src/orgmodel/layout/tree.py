"""The tree a chart is laid out as: the graph's reporting (or unit) edges, in the graph's order,
with assistants and overlays set apart to be drawn beside their manager or parent unit. Every
other edge (dotted lines, spans, interactions, lineage) is drawn over the tree and does not move
a card."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from orgmodel.forest import break_cycles
from orgmodel.graph.model import Graph

# Edges that place a card: the main tree, and the side children beside their parent.
MAIN_EDGES = frozenset(("reports", "unit"))
SIDE_EDGES = frozenset(("assistant", "overlay"))


@dataclass(frozen=True)
class ChartTree:
    roots: tuple[str, ...]  # in graph order
    children: Mapping[str, tuple[str, ...]]  # main children, in graph order
    side: Mapping[str, tuple[str, ...]]  # assistants and overlays, drawn beside the parent
    parent: Mapping[str, str]
    depth: Mapping[str, int]  # 0 at a root; side children at their parent's depth + 1


def chart_tree(graph: Graph) -> ChartTree:
    """The first placing edge into a node is its parent; an edge that would close a cycle (a
    graph built from an invalid org) places nothing."""
    known = {node.id for node in graph.nodes}
    parent: dict[str, str] = {}
    is_side: set[str] = set()
    for edge in graph.edges:
        placing = edge.kind in MAIN_EDGES or edge.kind in SIDE_EDGES
        if not placing or edge.head in parent or edge.head == edge.tail:
            continue
        if edge.tail not in known or edge.head not in known:
            continue
        parent[edge.head] = edge.tail
        if edge.kind in SIDE_EDGES:
            is_side.add(edge.head)
    order = [node.id for node in graph.nodes]
    children, side, roots, depth = _assemble(order, parent, is_side)
    if len(depth) < len(order):  # some hang from a cycle, which no root reaches
        break_cycles(parent, order)
        children, side, roots, depth = _assemble(order, parent, is_side)
    return ChartTree(
        roots=roots,
        children={k: tuple(v) for k, v in children.items()},
        side={k: tuple(v) for k, v in side.items()},
        parent=parent,
        depth=depth,
    )


def _assemble(
    order: list[str], parent: Mapping[str, str], is_side: set[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]], tuple[str, ...], dict[str, int]]:
    """Children, side children, roots and depths from the parents: the nodes a root reaches."""
    children: dict[str, list[str]] = {}
    side: dict[str, list[str]] = {}
    # A side child with children of its own is laid out as a main child: a card beside its
    # parent has no room for a subtree.
    has_children = set(parent.values())
    for node in order:
        boss = parent.get(node)
        if boss is None:
            continue
        beside = node in is_side and node not in has_children
        (side if beside else children).setdefault(boss, []).append(node)
    roots = tuple(node for node in order if node not in parent)
    depth: dict[str, int] = {}
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        node, level = stack.pop()
        depth[node] = level
        stack.extend((child, level + 1) for child in side.get(node, ()))
        stack.extend((child, level + 1) for child in children.get(node, ()))
    return children, side, roots, depth
