"""What is drawn over the tree without moving a card: dotted lines, spans, interactions and
lineage as connectors from border to border (straight, or through a lane under a row), and the
boxes around clusters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from orgmodel.graph.model import Graph
from orgmodel.layout import measure
from orgmodel.layout.detour import route_all
from orgmodel.layout.fonts import EDGE_LABEL_POINTS
from orgmodel.layout.model import Box, Connector, Point
from orgmodel.layout.tree import MAIN_EDGES, SIDE_EDGES, ChartTree

# Arrowheads say which way a relation runs; a reporting line reads from its position.
ARROWS = frozenset(("dotted", "x-as-a-service", "facilitating", "lineage"))
# Lines a reader follows across the chart go around the cards (`detour`); the others are short
# or many, and go straight or under their row.
DETOURS = frozenset(("lineage",))
LANE_GAP = 6.0  # between a row's bottom and each lane under it
LABEL_GAP = 3.0  # between a lane and its label
LANES = 2  # lanes under a row before they reuse the first (the reports' bus runs below them)
CLUSTER_PAD = 8.0
CLUSTER_LABEL = 16.0  # room above the cards for the cluster's name


def over_the_tree(
    graph: Graph,
    boxes: Mapping[str, Box],
    tree: ChartTree,
    tree_lines: Iterable[Sequence[Point]] = (),
) -> list[Connector]:
    connectors = []
    lanes: dict[float, int] = {}  # lanes used under each row of cards, by the row's bottom
    columns: dict[float, int] = {}  # and beside each column, by its right edge
    edges = []
    for edge in graph.edges:
        placed = tree.parent.get(edge.head) == edge.tail and (
            edge.kind in MAIN_EDGES or edge.kind in SIDE_EDGES
        )
        if placed or edge.tail not in boxes or edge.head not in boxes or edge.tail == edge.head:
            continue
        edges.append(edge)
    detours = [e for e in edges if e.kind in DETOURS]
    routed = dict(
        zip(
            detours,
            route_all(
                [(e.tail, e.head, e.label) for e in detours],
                boxes,
                tree_lines,
                vertical=graph.direction in ("TB", "BT"),
            ),
            strict=True,
        )
    )
    for edge in edges:
        tail, head = boxes[edge.tail], boxes[edge.head]
        label_at: Point | None = None
        around = routed.get(edge)
        if around is not None:
            points, label_at = around.points, around.label_at
        elif abs(tail.y - head.y) < 0.5 and abs(tail.height - head.height) < 0.5:
            points = _under_the_row(tail, head, lanes)
            label_at = _beside_lane(points, edge.label, across=False)
        elif abs(tail.x - head.x) < 0.5 and abs(tail.width - head.width) < 0.5:
            # A column of cards (a chart drawn left to right): the same, turned a quarter.
            turned = _under_the_row(_turned(tail), _turned(head), columns)
            points = tuple((y, x) for x, y in turned)
            label_at = _beside_lane(points, edge.label, across=True)
        else:
            points = (_border(tail, (head.x, head.y)), _border(head, (tail.x, tail.y)))
        arrow = edge.kind in ARROWS
        connectors.append(
            Connector(edge.tail, edge.head, edge.kind, points, arrow, edge.label, label_at)
        )
    return connectors


def _under_the_row(tail: Box, head: Box, lanes: dict[float, int]) -> tuple[Point, ...]:
    """Two cards of one row joined by a lane under it, leaving and entering their bottoms off
    centre (the centre is where their own reports' lines start): a straight line would cross
    every card between them."""
    bottom = round(tail.bottom, 1)
    lane = lanes.get(bottom, 0)
    lanes[bottom] = lane + 1
    y = tail.bottom + LANE_GAP * (1 + lane % LANES)
    toward = 1.0 if head.x > tail.x else -1.0
    start = tail.x + toward * tail.width / 4
    end = head.x - toward * head.width / 4
    return ((start, tail.bottom), (start, y), (end, y), (end, head.bottom))


def _beside_lane(points: tuple[Point, ...], label: str | None, across: bool) -> Point | None:
    """A lane's label, outside it: under a row's lane, right of a column's."""
    if label is None:
        return None
    (x1, y1), (x2, y2) = points[1], points[2]
    if across:
        width = measure.text_width(label, size=EDGE_LABEL_POINTS)
        return (x1 + width / 2 + LABEL_GAP, (y1 + y2) / 2)
    return ((x1 + x2) / 2, y1 + EDGE_LABEL_POINTS / 2 + LABEL_GAP)


def _turned(box: Box) -> Box:
    return Box(box.y, box.x, box.height, box.width)


def _border(box: Box, toward: Point) -> Point:
    """Where the line from the box's centre toward a point leaves the box."""
    dx, dy = toward[0] - box.x, toward[1] - box.y
    if dx == 0 and dy == 0:
        return (box.x, box.bottom)
    sx = (box.width / 2) / abs(dx) if dx else float("inf")
    sy = (box.height / 2) / abs(dy) if dy else float("inf")
    scale = min(sx, sy)
    return (box.x + dx * scale, box.y + dy * scale)


def cluster_boxes(graph: Graph, boxes: Mapping[str, Box]) -> dict[str, Box]:
    """Each cluster around its cards and the clusters inside it, innermost first."""
    children, _, members = graph.cluster_tree()
    out: dict[str, Box] = {}

    def around(cluster: str) -> Box | None:
        inner = [boxes[n.id] for n in members.get(cluster, ()) if n.id in boxes]
        inner += [b for child in children.get(cluster, ()) if (b := around(child)) is not None]
        if not inner:
            return None
        left = min(b.left for b in inner) - CLUSTER_PAD
        right = max(b.right for b in inner) + CLUSTER_PAD
        top = min(b.top for b in inner) - CLUSTER_PAD - CLUSTER_LABEL
        bottom = max(b.bottom for b in inner) + CLUSTER_PAD
        box = Box((left + right) / 2, (top + bottom) / 2, right - left, bottom - top)
        out[cluster] = box
        return box

    for top in children.get(None, ()):
        around(top)
    return out
