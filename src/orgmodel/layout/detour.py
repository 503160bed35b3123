"""Connectors that go around cards: right-angled paths through the gaps between cards, for the
few lines a reader must follow from one part of the chart to another (lineage in a diff
picture). A straight line from card to card crosses whatever lies between; these paths cross
no card, share as little as they can with each other, keep off the tree's own lines, and get
their label beside one of their segments where it covers no card and no other label.

The paths are shortest paths, counting bends and shared stretches as length, on the grid of
lines that run just outside each card's border (the "Hanan grid" of the cards), built once for
all the connectors of a chart."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from orgmodel.layout import measure
from orgmodel.layout.fonts import EDGE_LABEL_POINTS
from orgmodel.layout.model import Box, Point

CLEARANCE = 9.0  # between a card's border and a path running beside it
LANES = 3  # lanes beside each card's top and bottom, CLEARANCE apart, for paths side by side
BEND = 30.0  # a bend costs as much as this many points of length
SHARED = 3.0  # a stretch another path (or a tree line) already runs along costs this many times
MARGIN = 40.0  # the grid reaches this far past the cards a path joins
# Past this many grid points (some 150 cards in the region) a path is not worth its time (the
# search visits every point): the connector is drawn straight instead.
MOST_POINTS = 40_000
LABEL_GAP = 3.0
ARROW_ROOM = 4.0  # between a label and the piece that turns toward the card
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Routed:
    points: tuple[Point, ...]
    label_at: Point | None


class Grid:
    """The free grid over a region of the chart: every crossing of the lines beside the cards
    that lies outside all cards (the two a path joins excepted, which it leaves and enters)."""

    def __init__(self, cards: Sequence[Box], ends: Sequence[Box]) -> None:
        left = min(b.left for b in ends) - MARGIN
        right = max(b.right for b in ends) + MARGIN
        top = min(b.top for b in ends) - MARGIN
        bottom = max(b.bottom for b in ends) + MARGIN
        self.cards = [b for b in cards if b.right > left and b.left < right]
        self.cards = [b for b in self.cards if b.bottom > top and b.top < bottom]
        xs = {left, right}
        ys = {top, bottom}
        for b in self.cards:
            xs.update((b.left - CLEARANCE, b.right + CLEARANCE))
            for lane in range(1, LANES + 1):
                ys.update((b.top - lane * CLEARANCE, b.bottom + lane * CLEARANCE))
        for b in ends:
            xs.update((b.x, b.x - b.width / 4, b.x + b.width / 4))
            ys.add(b.y)
        self.xs = sorted(x for x in xs if left <= x <= right)
        self.ys = sorted(y for y in ys if top <= y <= bottom)
        # The paths along each grid piece, by their ends (a tree line has none).
        self.used: dict[tuple[Point, Point], list[tuple[str, str] | None]] = {}

    @property
    def size(self) -> int:
        return len(self.xs) * len(self.ys)

    def blocked(self, a: Point, b: Point, ends: tuple[Box, Box]) -> bool:
        """Whether the straight piece a–b passes through a card other than `ends`."""
        (x1, y1), (x2, y2) = a, b
        lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        for card in self.cards:
            if card is ends[0] or card is ends[1]:
                continue
            if lo_x < card.right and hi_x > card.left and lo_y < card.bottom and hi_y > card.top:
                return True
        return False

    def mark(
        self, points: Sequence[Point], ends: tuple[str, str] | None = None, near: float = 0.0
    ) -> None:
        """Record the grid pieces a line runs along (or within `near` of), so later paths keep
        off them."""
        for a, b in pairwise(points):
            for piece in self._pieces(a, b, near):
                self.used.setdefault(piece, []).append(ends)

    def crowding(self, piece: tuple[Point, Point], ends: tuple[str, str]) -> int:
        """The lines along a piece that a path between `ends` should not run with: arrows from
        one card (a split) or to one card (a merge) may share a trunk, as a bus does."""
        return sum(
            1
            for other in self.used.get(piece, ())
            if other is None or (other[0] != ends[0] and other[1] != ends[1])
        )

    def _pieces(self, a: Point, b: Point, near: float) -> Iterable[tuple[Point, Point]]:
        def within(values: list[float], lo: float, hi: float) -> list[float]:
            return values[bisect_left(values, lo) : bisect_right(values, hi)]

        if a[1] == b[1]:
            xs = within(self.xs, *sorted((a[0], b[0])))
            for y in within(self.ys, a[1] - near, a[1] + near):
                yield from (((p, y), (q, y)) for p, q in pairwise(xs))
        elif a[0] == b[0]:
            ys = within(self.ys, *sorted((a[1], b[1])))
            for x in within(self.xs, a[0] - near, a[0] + near):
                yield from (((x, p), (x, q)) for p, q in pairwise(ys))


def _inside(box: Box, point: Point) -> bool:
    return box.left <= point[0] <= box.right and box.top <= point[1] <= box.bottom


def shortest_path(
    grid: Grid, tail: Box, head: Box, vertical: bool = True, names: tuple[str, str] = ("", "")
) -> tuple[Point, ...] | None:
    """The cheapest right-angled path from the tail card's centre to the head card's, cut where
    it leaves the tail and enters the head; None when the grid has no way through. With
    `vertical` it leaves and enters cards through their tops and bottoms, as a top-down chart's
    lines do (a line across the narrow gap between two siblings has no room for its label);
    otherwise through their sides."""
    xs, ys = grid.xs, grid.ys
    start = (bisect_left(xs, tail.x), bisect_left(ys, tail.y))
    goal = (bisect_left(xs, head.x), bisect_left(ys, head.y))
    if xs[start[0]] != tail.x or ys[start[1]] != tail.y:
        return None
    ends = (tail, head)
    # state: (grid column, grid row, direction 0-3 or -1 at the start)
    best: dict[tuple[int, int, int], float] = {(*start, -1): 0.0}
    came: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    queue = [(0.0, start[0], start[1], -1)]
    steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
    found: tuple[int, int, int] | None = None
    while queue:
        cost, i, j, facing = heapq.heappop(queue)
        if cost > best.get((i, j, facing), float("inf")):
            continue
        if (i, j) == goal:
            found = (i, j, facing)
            break
        here = (xs[i], ys[j])
        in_end = _inside(tail, here) or _inside(head, here)
        for direction, (di, dj) in enumerate(steps):
            ni, nj = i + di, j + dj
            if not (0 <= ni < len(xs) and 0 <= nj < len(ys)):
                continue
            there = (xs[ni], ys[nj])
            if grid.blocked(here, there, ends):
                continue
            length = abs(there[0] - here[0]) + abs(there[1] - here[1])
            inside = in_end and (_inside(tail, there) or _inside(head, there))
            crossing = in_end != (_inside(tail, there) or _inside(head, there))
            if crossing and (dj != 0) != vertical:
                continue
            step = 0.0 if inside else length
            piece = (here, there) if here <= there else (there, here)
            step += length * SHARED * grid.crowding(piece, names) if not inside else 0.0
            if facing not in (-1, direction) and not inside:
                step += BEND
            state = (ni, nj, direction)
            if cost + step < best.get(state, float("inf")):
                best[state] = cost + step
                came[state] = (i, j, facing)
                heapq.heappush(queue, (cost + step, ni, nj, direction))
    if found is None:
        return None
    path = [found]
    while path[-1] in came:
        path.append(came[path[-1]])
    points = [(xs[i], ys[j]) for i, j, _ in reversed(path)]
    return _cut(_corners(points), tail, head)


def _corners(points: list[Point]) -> list[Point]:
    """The path's ends and the points where it turns."""
    out = [points[0]]
    for before, here, after in zip(points, points[1:], points[2:], strict=False):
        straight = (before[0] == here[0] == after[0]) or (before[1] == here[1] == after[1])
        if not straight:
            out.append(here)
    out.append(points[-1])
    return out


def _cut(points: list[Point], tail: Box, head: Box) -> tuple[Point, ...]:
    """The path from where it last leaves the tail to where it first enters the head."""
    first = max(i for i, p in enumerate(points) if _inside(tail, p))
    last = min(i for i, p in enumerate(points) if _inside(head, p) and i > first)
    kept = points[first : last + 1]
    kept[0] = _exit(kept[0], kept[1], tail)
    kept[-1] = _exit(kept[-1], kept[-2], head)
    return tuple(kept)


def _exit(inside: Point, outside: Point, box: Box) -> Point:
    """Where the axis-parallel piece from a point in `box` to one outside crosses its border."""
    (x, y), (ox, oy) = inside, outside
    if x == ox:
        return (x, box.top if oy < y else box.bottom)
    return (box.left if ox < x else box.right, y)


def place_label(
    points: Sequence[Point],
    label: str,
    cards: Sequence[Box],
    taken: list[Box],
    from_tail: bool = False,
) -> Point | None:
    """A spot for the label beside one of the path's pieces, the last pieces first (a label near
    the card an arrow reaches tells which arrow it belongs to; with `from_tail`, the first, for
    arrows that meet at one card), where it covers no card and no label already placed; None
    when there is none."""
    width = measure.text_width(label, size=EDGE_LABEL_POINTS) + 2 * LABEL_GAP
    height = EDGE_LABEL_POINTS * 1.3
    pieces = list(pairwise(points))
    if from_tail:  # each piece as running away from the card the label belongs near
        pieces = [(b, a) for a, b in pieces]
    pieces.reverse()
    # The pieces long enough to hold the label beside them first, then any piece, then spots
    # set further out from each piece: the first spot that covers nothing is taken.
    tries = [(piece, 0) for piece in pieces if _holds(piece, width, height)]
    tries += [(piece, 0) for piece in pieces]
    tries += [(piece, away) for away in (1, 2, 3) for piece in pieces]
    for (a, b), away in tries:
        for x, y in _spots(a, b, width, height, away * height):
            box = Box(x, y, width, height)
            if not any(_overlap(box, other) for other in (*cards, *taken)):
                taken.append(box)
                return (x, y)
    return None


def _holds(piece: tuple[Point, Point], width: float, height: float) -> bool:
    (x1, y1), (x2, y2) = piece
    return abs(x2 - x1) >= width if y1 == y2 else abs(y2 - y1) >= height


def _spots(a: Point, b: Point, width: float, height: float, away: float) -> list[Point]:
    """Label centres beside the piece a → b: by its end b (nearest the card), then its middle;
    above and below a level piece, right and left of an upright one; `away` further out."""
    middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    if a[1] == b[1]:
        toward = 1.0 if a[0] > b[0] else -1.0
        near = b[0] + toward * (width / 2 + ARROW_ROOM)
        off = height / 2 + 1 + away
        return [(x, a[1] + dy) for x in (near, middle[0]) for dy in (-off, off)]
    toward = 1.0 if a[1] > b[1] else -1.0
    near = b[1] + toward * (height / 2 + ARROW_ROOM)
    off = width / 2 + 1 + away
    return [(a[0] + dx, y) for y in (middle[1], near) for dx in (off, -off)]


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def route_all(
    pairs: Sequence[tuple[str, str, str | None]],
    boxes: Mapping[str, Box],
    tree_lines: Iterable[Sequence[Point]],
    vertical: bool = True,
) -> list[Routed | None]:
    """Paths for (tail, head, label) between cards, in order; None for one the grid cannot
    carry (too big a region, or no way through), to be drawn straight."""
    if not pairs:
        return []
    cards = list(boxes.values())
    ends = [boxes[node] for tail, head, _ in pairs for node in (tail, head)]
    grid = Grid(cards, ends)
    if grid.size > MOST_POINTS:
        return [None] * len(pairs)
    for line in tree_lines:
        grid.mark(list(line), near=CLEARANCE)
    taken: list[Box] = []
    out: list[Routed | None] = []
    arriving = Counter(head for _, head, _ in pairs)
    leaving = Counter(tail for tail, _, _ in pairs)
    for tail, head, label in pairs:
        path = shortest_path(grid, boxes[tail], boxes[head], vertical, (tail, head))
        if path is None:
            out.append(None)
            continue
        grid.mark(path, (tail, head))
        shared_head = arriving[head] > 1 and leaving[tail] == 1
        spot = place_label(path, label, cards, taken, shared_head) if label else None
        out.append(Routed(path, spot))
    return out
