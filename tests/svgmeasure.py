"""Measuring a Graphviz SVG, for tests that check a picture by what can be measured in it rather
than by its bytes: the drawing's size, every node's box and texts, every edge's path and
arrowheads, and the cluster boxes, all in the SVG's own coordinates (points, y down, the
origin at the top left of the viewBox), plus the checks the chart tests share.

Written for what the system `dot` (2.4x) and graphviz-pure write: a `<g class="graph">` with a
`scale(..) rotate(0) translate(..)` transform holding `<g class="node|edge|cluster">` groups,
shapes as `<polygon>` or `<path d="M x,y C x,y ...">`, labels as `<text>`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]

_PAIR = re.compile(r"(-?\d+(?:\.\d*)?(?:[eE]-?\d+)?)[ ,](-?\d+(?:\.\d*)?(?:[eE]-?\d+)?)")
_NUMBER = r"(-?\d+(?:\.\d*)?)"
_SCALE = re.compile(rf"scale\({_NUMBER}(?:[ ,]+{_NUMBER})?\)")
_TRANSLATE = re.compile(rf"translate\({_NUMBER}[ ,]+{_NUMBER}\)")


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> Point:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def contains(self, point: Point, tol: float = 0.0) -> bool:
        x, y = point
        return self.left - tol <= x <= self.right + tol and self.top - tol <= y <= self.bottom + tol

    def intersects(self, other: Rect, tol: float = 0.0) -> bool:
        """True when the two share more than a border (`tol` of overlap is forgiven)."""
        return (
            self.left < other.right - tol
            and other.left < self.right - tol
            and self.top < other.bottom - tol
            and other.top < self.bottom - tol
        )


@dataclass(frozen=True)
class Text:
    text: str
    x: float  # the anchor point: start, middle or end of the baseline
    y: float
    anchor: str  # "start", "middle" or "end"
    size: float
    bold: bool


@dataclass(frozen=True)
class Node:
    id: str  # the element id (the node's `id` attribute, or Graphviz's own `nodeN`)
    name: str  # the node's name in the DOT, from its <title>
    box: Rect | None  # None for a node that draws no shape (plain text, an anchor)
    texts: tuple[Text, ...]
    fill: str | None  # the shape's fill colour, None when unfilled
    dashed: bool  # its outline is dashed


@dataclass(frozen=True)
class Edge:
    id: str
    name: str  # "tail->head"
    path: tuple[Point, ...]  # every point of the path, control points included
    arrowheads: tuple[tuple[Point, ...], ...]
    stroke: str  # the line's colour, as Graphviz wrote it (lower case)
    dashed: bool  # dashed or dotted
    width: float  # the stroke width
    texts: tuple[Text, ...] = ()  # its label

    @property
    def points(self) -> tuple[Point, ...]:
        """The points the drawn curve passes through: the start, then each Bézier segment's
        end (for a straight-segment spline, the polyline's corners)."""
        return self.path[:1] + self.path[3::3]

    @property
    def start(self) -> Point:
        return self._tip(self.path[0], _before(self.path))

    @property
    def end(self) -> Point:
        return self._tip(self.path[-1], _before(self.path[::-1]))

    def _tip(self, point: Point, before: Point) -> Point:
        """Where the edge really ends at `point` (the line coming from `before`): the tip of the
        arrowhead drawn there, its vertex farthest along the line's direction, or the line's
        own end. (graphviz-pure draws the arrowhead back over the line's last points.)"""
        other = self.path[0] if point == self.path[-1] else self.path[-1]
        dx, dy = point[0] - before[0], point[1] - before[1]
        for head in self.arrowheads:
            if min(_distance(point, p) for p in head) <= min(_distance(other, p) for p in head):
                return max(head, key=lambda p: (p[0] - point[0]) * dx + (p[1] - point[1]) * dy)
        return point


@dataclass(frozen=True)
class Cluster:
    id: str
    box: Rect
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Drawing:
    width: float  # the viewBox, in points
    height: float
    title: str  # the graph's <title>
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...]

    def node(self, element_id: str) -> Node:
        found = [n for n in self.nodes if n.id == element_id]
        assert len(found) == 1, f"{len(found)} nodes with id {element_id!r}"
        return found[0]

    def boxes(self, ids: Iterable[str] | None = None) -> dict[str, Rect]:
        """The boxes of the nodes with these ids (every node that draws a shape by default)."""
        wanted = None if ids is None else set(ids)
        return {
            n.id: n.box
            for n in self.nodes
            if n.box is not None and (wanted is None or n.id in wanted)
        }


def _before(path: Sequence[Point]) -> Point:
    """The first point of `path` that differs from its start (control points repeat)."""
    return next((p for p in path if _distance(p, path[0]) > 1e-6), path[0])


def _distance(a: Point, b: Point) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _size(value: str | None) -> float:
    if value is None:
        return 0.0
    return float(re.sub(r"[a-z]+$", "", value.strip()))


class _Transform:
    """The graph group's `scale(s) rotate(0) translate(tx ty)`: p' = s·(p + t)."""

    def __init__(self, spec: str) -> None:
        scale = _SCALE.search(spec)
        translate = _TRANSLATE.search(spec)
        self.sx = float(scale.group(1)) if scale else 1.0
        self.sy = float(scale.group(2) or scale.group(1)) if scale else 1.0
        self.tx = float(translate.group(1)) if translate else 0.0
        self.ty = float(translate.group(2)) if translate else 0.0

    def __call__(self, x: float, y: float) -> Point:
        return (self.sx * (x + self.tx), self.sy * (y + self.ty))


def _points(element: ET.Element, at: _Transform) -> list[Point]:
    spec = element.get("points") if _local(element.tag) != "path" else element.get("d")
    return [at(float(x), float(y)) for x, y in _PAIR.findall(spec or "")]


def _rect(points: Sequence[Point]) -> Rect | None:
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Rect(min(xs), min(ys), max(xs), max(ys))


def _shape_points(group: ET.Element, at: _Transform) -> list[Point]:
    points: list[Point] = []
    for element in group.iter():
        tag = _local(element.tag)
        if tag in ("polygon", "path", "polyline"):
            points += _points(element, at)
        elif tag == "ellipse":
            cx, cy = float(element.get("cx", 0)), float(element.get("cy", 0))
            rx, ry = float(element.get("rx", 0)), float(element.get("ry", 0))
            points += [at(cx - rx, cy - ry), at(cx + rx, cy + ry)]
    return points


def _texts(group: ET.Element, at: _Transform) -> tuple[Text, ...]:
    found = []
    for element in group.iter(f"{SVG}text"):
        x, y = at(float(element.get("x", 0)), float(element.get("y", 0)))
        found.append(
            Text(
                text="".join(element.itertext()),
                x=x,
                y=y,
                anchor=element.get("text-anchor", "start"),
                size=float(element.get("font-size", 14)),
                bold=element.get("font-weight") == "bold",
            )
        )
    return tuple(found)


def _style(group: ET.Element) -> tuple[str | None, str, bool, float]:
    """(fill, stroke, dashed, stroke width) of the group's first shape."""
    for element in group.iter():
        if _local(element.tag) in ("polygon", "path", "polyline", "ellipse"):
            fill = element.get("fill")
            return (
                None if fill in (None, "none", "transparent") else fill,
                element.get("stroke", "black"),
                element.get("stroke-dasharray") is not None,
                float(element.get("stroke-width", 1)),
            )
    return None, "none", False, 0.0


def _title(group: ET.Element) -> str:
    title = group.find(f"{SVG}title")
    return "" if title is None or title.text is None else title.text


def parse_svg(svg: str | bytes) -> Drawing:
    root = ET.fromstring(svg)
    view = root.get("viewBox")
    if view:
        _, _, width, height = (float(v) for v in view.split())
    else:
        width, height = _size(root.get("width")), _size(root.get("height"))
    graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
    at = _Transform(graph.get("transform", ""))
    nodes, edges, clusters = [], [], []
    for group in graph.iter(f"{SVG}g"):
        kind, ident = group.get("class"), group.get("id", "")
        if kind == "node":
            shape = _rect(_shape_points(group, at))
            fill, _, dashed, _ = _style(group)
            nodes.append(Node(ident, _title(group), shape, _texts(group, at), fill, dashed))
        elif kind == "edge":
            paths = [p for e in group.iter(f"{SVG}path") for p in _points(e, at)]
            heads = tuple(tuple(_points(e, at)) for e in group.iter(f"{SVG}polygon"))
            _, stroke, dashed, pen = _style(group)
            edges.append(
                Edge(
                    ident,
                    _title(group),
                    tuple(paths),
                    heads,
                    stroke,
                    dashed,
                    pen,
                    _texts(group, at),
                )
            )
        elif kind == "cluster":
            box = _rect(_shape_points(group, at))
            assert box is not None, f"cluster {ident} draws no box"
            clusters.append(Cluster(ident, box, _texts(group, at)))
    return Drawing(width, height, _title(graph), tuple(nodes), tuple(edges), tuple(clusters))


# -- the checks charts share -------------------------------------------------------------------


def overlaps(boxes: dict[str, Rect], tol: float = 0.5) -> list[tuple[str, str]]:
    """Every pair of boxes that intersect by more than `tol`, in id order. Boxes are bucketed in
    a grid of cells as big as the largest box, so each is compared only with its neighbours:
    20,000 cards in about a second, where comparing every pair would take minutes."""
    if not boxes:
        return []
    cell = max(max(r.width for r in boxes.values()), max(r.height for r in boxes.values()), 1.0)
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for ident, r in boxes.items():
        for gx in range(int(r.left // cell), int(r.right // cell) + 1):
            for gy in range(int(r.top // cell), int(r.bottom // cell) + 1):
                grid[(gx, gy)].append(ident)
    found: set[tuple[str, str]] = set()
    for members in grid.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if boxes[a].intersects(boxes[b], tol):
                    found.add((min(a, b), max(a, b)))
    return sorted(found)


def aspect_ratio(drawing: Drawing) -> float:
    """The drawing's long side over its short side."""
    return max(drawing.width, drawing.height) / min(drawing.width, drawing.height)


def rows(boxes: Iterable[Rect], tol: float = 1.0) -> list[list[Rect]]:
    """Boxes grouped by equal top (within `tol` of the row's first), top row first, each row
    left to right."""
    grouped: list[list[Rect]] = []
    for box in sorted(boxes, key=lambda r: (r.top, r.left)):
        if grouped and box.top - grouped[-1][0].top <= tol:
            grouped[-1].append(box)
        else:
            grouped.append([box])
    return [sorted(row, key=lambda r: r.left) for row in grouped]


def largest_row(boxes: Iterable[Rect], tol: float = 1.0) -> int:
    return max((len(row) for row in rows(boxes, tol)), default=0)


def on_border(point: Point, box: Rect, tol: float = 1.0) -> bool:
    """True when `point` is within `tol` of the box's outline (inside or out)."""
    x, y = point
    if not box.contains(point, tol):
        return False
    return min(x - box.left, box.right - x, y - box.top, box.bottom - y) <= tol


def texts_inside(node: Node, tol: float = 0.5) -> bool:
    """True when every text of the node is anchored inside its box."""
    box = node.box
    return box is not None and all(box.contains((t.x, t.y), tol) for t in node.texts)
