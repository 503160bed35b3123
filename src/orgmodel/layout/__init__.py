"""orgmodel's own org-chart layout (DESIGN §4): pure functions from a chart graph to a `Layout`,
which Graphviz then draws from fixed positions.

    cards (text measured, one width per level) → the tree (`tree`) → arrangements and tidy
    regions (`orgchart`, `tidy`, `blocks`) → connectors over the tree (`route`) → title, legend
    and margins here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from orgmodel.graph.model import EdgeKind, Graph, Line, Node
from orgmodel.layout import measure
from orgmodel.layout.blocks import Piece, flatten
from orgmodel.layout.fonts import EDGE_LABEL_POINTS
from orgmodel.layout.legend import legend_size, title_size
from orgmodel.layout.model import Box, Card, Connector, Layout, Point
from orgmodel.layout.orgchart import arrange
from orgmodel.layout.route import DETOURS, cluster_boxes, over_the_tree
from orgmodel.layout.tree import MAIN_EDGES, SIDE_EDGES, ChartTree, chart_tree

__all__ = ["layout_chart"]

MARGIN = 16.0
TITLE_GAP = 18.0  # between the title block and the chart, and the chart and the legend
NARROWEST_CARD = 110.0
WIDEST_CARD = 210.0
# A level's cards are as wide as this share of them needs unwrapped: the few longest titles wrap
# rather than widen every card of the level.
WIDTH_QUANTILE = 0.9


def layout_chart(graph: Graph, *, compact: bool = True) -> Layout:
    """Where every card and connector of `graph` goes. `compact` packs leaf reports in blocks and
    wraps wide rows; without it the chart is a plain tidy tree."""
    tree = chart_tree(graph)
    cards = _cards(graph, tree)
    across = graph.direction in ("LR", "RL")
    # Left to right is the top-down layout of the transposed cards, transposed back.
    sizes = {
        node: (card.size.height, card.size.width) if across else (card.size.width, card.size.height)
        for node, card in cards.items()
    }
    linked = frozenset(n for e in graph.edges if e.kind in DETOURS for n in (e.tail, e.head))
    groups = {node.id: node.group for node in graph.nodes}
    piece = arrange(tree, sizes, groups, compact, linked)
    boxes, tree_lines = _place(piece, sizes, graph, across)
    connectors = [Connector(tail, head, kind, points) for tail, head, kind, points in tree_lines]
    connectors += over_the_tree(graph, boxes, tree, [c.points for c in connectors])
    # Cluster boxes reach past the cards they hold (their name sits above the top one), and
    # lines drawn around the cards may run past the outermost ones: the chart is all of them.
    clusters = cluster_boxes(graph, boxes)
    chart_w, chart_h = (piece.height, piece.width) if across else (piece.width, piece.height)
    reach = [Box(chart_w / 2, chart_h / 2, chart_w, chart_h), *clusters.values()]
    reach += [_label_box(c) for c in connectors if c.label_at is not None]
    points = [p for c in connectors for p in c.points]
    left = min([b.left for b in reach] + [x for x, _ in points])
    top = min([b.top for b in reach] + [y for _, y in points])
    chart_w = max([b.right for b in reach] + [x for x, _ in points]) - left
    chart_h = max([b.bottom for b in reach] + [y for _, y in points]) - top

    title = title_size(graph.title, graph.caption)
    legend = legend_size(graph.legend) if graph.legend else None
    width = max(chart_w, title.width, legend.width if legend else 0.0) + 2 * MARGIN
    chart_top = MARGIN + title.height + TITLE_GAP
    chart_left = (width - chart_w) / 2
    height = chart_top + chart_h + (TITLE_GAP + legend.height if legend else 0.0) + MARGIN
    dx, dy = chart_left - left, chart_top - top

    boxes = {node: _moved(b, dx, dy) for node, b in boxes.items()}
    connectors = [_shifted(c, dx, dy) for c in connectors]
    return Layout(
        cards=cards,
        boxes=boxes,
        connectors=tuple(connectors),
        clusters={cluster: _moved(b, dx, dy) for cluster, b in clusters.items()},
        title=Box(width / 2, MARGIN + title.height / 2, title.width, title.height),
        legend=(
            Box(
                MARGIN + legend.width / 2,
                chart_top + chart_h + TITLE_GAP + legend.height / 2,
                legend.width,
                legend.height,
            )
            if legend
            else None
        ),
        width=width,
        height=height,
    )


def _moved(box: Box, dx: float, dy: float) -> Box:
    return Box(box.x + dx, box.y + dy, box.width, box.height)


def _shifted(connector: Connector, dx: float, dy: float) -> Connector:
    at = connector.label_at
    return replace(
        connector,
        points=tuple((x + dx, y + dy) for x, y in connector.points),
        label_at=(at[0] + dx, at[1] + dy) if at is not None else None,
    )


def _label_box(connector: Connector) -> Box:
    """The room a connector's label takes where the layout put it."""
    assert connector.label_at is not None and connector.label is not None
    width = measure.text_width(connector.label, size=EDGE_LABEL_POINTS)
    return Box(*connector.label_at, width, EDGE_LABEL_POINTS * 1.3)


def _cards(graph: Graph, tree: ChartTree) -> dict[str, Card]:
    """Each node's card: one width for every card of a level (the classic org chart's look),
    the text wrapped to it."""
    natural: dict[int, list[float]] = {}
    widths: dict[str, float] = {}
    for node in graph.nodes:
        widths[node.id] = measure.natural_width(_lines(node))
        natural.setdefault(tree.depth.get(node.id, 0), []).append(widths[node.id])
    level_width = {}
    for depth, values in natural.items():
        values.sort()
        chosen = values[min(len(values) - 1, int(WIDTH_QUANTILE * len(values)))]
        level_width[depth] = min(WIDEST_CARD, max(NARROWEST_CARD, chosen))
    return {
        node.id: measure.card(_lines(node), level_width[tree.depth.get(node.id, 0)])
        for node in graph.nodes
    }


def _lines(node: Node) -> tuple[Line, ...]:
    if not node.rows:
        return node.lines
    # A stacked box (today's `dot` layout only) drawn as one card: its heading, then each row.
    return (*node.lines, *(line for row in node.rows for line in row.lines))


def _place(
    piece: Piece,
    sizes: Mapping[str, tuple[float, float]],
    graph: Graph,
    across: bool,
) -> tuple[dict[str, Box], list[tuple[str, str, EdgeKind, tuple[Point, ...]]]]:
    # The tree's lines take the kind of the edge that placed the card (a dotted line between the
    # same two people is drawn over the tree, as itself).
    kinds: dict[tuple[str, str], EdgeKind] = {}
    for e in graph.edges:
        if e.kind in MAIN_EDGES or e.kind in SIDE_EDGES:
            kinds.setdefault((e.tail, e.head), e.kind)
    boxes: dict[str, Box] = {}
    lines: list[tuple[str, str, EdgeKind, tuple[Point, ...]]] = []
    flip_x = graph.direction == "RL"
    flip_y = graph.direction == "BT"
    span_x, span_y = (piece.height, piece.width) if across else (piece.width, piece.height)

    def turn(point: Point) -> Point:
        x, y = (point[1], point[0]) if across else point
        return (span_x - x if flip_x else x, span_y - y if flip_y else y)

    cards, paths = flatten(piece)
    for node, x, top in cards:
        w, h = sizes[node]
        cx, cy = turn((x, top + h / 2))
        boxes[node] = Box(cx, cy, *((h, w) if across else (w, h)))
    for tail, head, points in paths:
        kind = kinds.get((tail, head), "reports")
        lines.append((tail, head, kind, tuple(turn(p) for p in points)))
    return boxes, lines
