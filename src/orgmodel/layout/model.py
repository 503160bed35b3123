"""What a laid-out chart is (DESIGN §4): every card's text as drawn and its rectangle, every
connector as a right-angled or straight polyline, in points with y growing downwards. Built by
`orgmodel.layout` from a `Graph`; the positioned DOT renderer flips y for Graphviz.

Pure data: the layout decides, the renderer only draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from orgmodel.graph.model import EdgeKind, Line

Point = tuple[float, float]


@dataclass(frozen=True)
class Size:
    width: float
    height: float


@dataclass(frozen=True)
class Card:
    """A node's text as drawn, wrapped to the card's width, and the card's size."""

    lines: tuple[Line, ...]
    size: Size


@dataclass(frozen=True)
class Box:
    """A rectangle by its centre and size, in points."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Connector:
    """One edge of the graph as drawn: a polyline whose first point is on the tail card's border
    and whose last is on the head card's border (a bus is several connectors sharing a trunk)."""

    tail: str  # node ids of the graph
    head: str
    kind: EdgeKind
    points: tuple[Point, ...]
    arrow: bool = False  # an arrowhead at the head
    label: str | None = None
    label_at: Point | None = None  # the label's centre, where the layout chose one


@dataclass(frozen=True)
class Layout:
    cards: Mapping[str, Card]  # by node id
    boxes: Mapping[str, Box]  # by node id, the same keys as cards
    connectors: tuple[Connector, ...]
    clusters: Mapping[str, Box]  # by cluster id
    title: Box  # where the title block (title and caption) is drawn
    legend: Box | None
    width: float  # the whole drawing, title and legend included; (0, 0) is its top left
    height: float
