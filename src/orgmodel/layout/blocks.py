"""Rigid pieces of a chart and the rows they are packed in.

A `Piece` is a laid-out part of the chart in its own frame (0, 0 at its top left): its cards,
its connectors, the pieces nested in it at offsets (so nesting costs nothing per card until the
one final flatten), and the paths by which a parent's connector reaches its heads from its entry
point on the top edge.

`rows_block` packs pieces in rows of k around a vertical trunk, the classic org chart's answer to
a wide span: k = 1 hangs them in a column beside the trunk, k = 2 puts one each side, more columns
hang from a bus above each row. Width then grows with the square root of the span, not linearly.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from orgmodel.layout.model import Point

ROW_GAP = 14.0  # between rows of cards connected from the side
TEAM_ROW_GAP = 36.0  # between rows of whole subtrees (a frame's padding and name need 32)
BUS_DROP = 12.0  # from a row's bus down to its cards
GUTTER = 28.0  # the trunk's lane between the columns either side of it
COLUMN_GAP = 16.0  # between columns on the same side of the trunk
LOPSIDED = 1.25  # a block is widened to centre its trunk up to this much, no more
SHELF_GAP = 40.0  # between shelves of top-level boxes: room for the lanes under a row
OFF_CENTRE = 0.25  # what an off-centre trunk costs a block, in |log(aspect / target)|


@dataclass
class Piece:
    width: float
    height: float
    entry: float  # x of the point on the top edge where the parent's connector arrives
    cards: list[tuple[str, float, float]] = field(default_factory=list)  # id, centre x, top
    lines: list[tuple[str, str, list[Point]]] = field(default_factory=list)  # tail, head, path
    parts: list[tuple[Piece, float, float]] = field(default_factory=list)  # piece, dx, dy
    # From (entry, 0) to each head's border; a head that is this piece's top card has a path of
    # the one point (entry, 0), so a side connector may end on the card's side instead.
    heads: list[tuple[str, list[Point]]] = field(default_factory=list)
    origin: Point = (0.0, 0.0)  # added to this piece's own cards and lines when flattened
    top_card: tuple[float, float] | None = None  # (width, height) of the card at (entry, 0)


def card_piece(node: str, width: float, height: float) -> Piece:
    return Piece(
        width,
        height,
        width / 2,
        cards=[(node, width / 2, 0.0)],
        heads=[(node, [(width / 2, 0.0)])],
        top_card=(width, height),
    )


def flatten(
    piece: Piece,
) -> tuple[list[tuple[str, float, float]], list[tuple[str, str, list[Point]]]]:
    """Every card (id, centre x, top) and connector (tail, head, points) in absolute terms."""
    cards: list[tuple[str, float, float]] = []
    lines: list[tuple[str, str, list[Point]]] = []
    stack: list[tuple[Piece, float, float]] = [(piece, 0.0, 0.0)]
    while stack:
        current, dx, dy = stack.pop()
        ox, oy = dx + current.origin[0], dy + current.origin[1]
        cards.extend((node, x + ox, y + oy) for node, x, y in current.cards)
        for tail, head, points in current.lines:
            lines.append((tail, head, [(x + ox, y + oy) for x, y in points]))
        stack.extend((part, dx + px, dy + py) for part, px, py in current.parts)
    return cards, lines


def simplify(points: Sequence[Point]) -> list[Point]:
    """A path without repeated points or points in the middle of a straight run."""
    out: list[Point] = []
    for x, y in points:
        if out:
            px, py = out[-1]
            if abs(px - x) < 1e-6 and abs(py - y) < 1e-6:
                continue
            if len(out) >= 2:
                qx, qy = out[-2]
                if (abs(qx - px) < 1e-6 and abs(px - x) < 1e-6) or (
                    abs(qy - py) < 1e-6 and abs(py - y) < 1e-6
                ):
                    out[-1] = (x, y)
                    continue
        out.append((x, y))
    return out


# -- rows around a trunk ------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Where the cells go: each cell's top left, and the trunk's x (the middle)."""

    width: float
    height: float
    trunk: float
    cells: tuple[Point, ...]


def grid(sizes: Sequence[tuple[float, float]], k: int, sideways: bool, apart: bool = False) -> Grid:
    """Rows of k cells in file order, each row split either side of a trunk in the middle (where
    its halves come nearest in width), the left half hugging the trunk from the left and the
    right half from the right. No columns are shared between rows, so one wide cell widens only
    its own row."""
    return _grid(tuple(sizes), max(1, min(k, len(sizes))), sideways, apart)


# Teams of a generated or real org repeat the same cards, so the same grids: at 20,000 people
# the cache took the layout's grids from 0.82 s to 0.2 s of a 1.2 s layout.
@functools.lru_cache(maxsize=4096)
def _grid(sizes: tuple[tuple[float, float], ...], k: int, sideways: bool, apart: bool) -> Grid:
    n = len(sizes)
    gap = ROW_GAP if sideways else 2 * BUS_DROP
    if apart:  # rows of whole teams: room between them for a cluster's frame and name
        gap = max(gap, TEAM_ROW_GAP)
    top = 0.0 if sideways else BUS_DROP
    rows: list[tuple[int, int, int, float]] = []  # first, last, split, left half's width
    lefts = rights = 0.0
    tops: list[float] = []
    for first in range(0, n, k):
        last = min(n, first + k)
        split, left, right = _split([w for w, _ in sizes[first:last]])
        rows.append((first, last, first + split, left))
        lefts, rights = max(lefts, left), max(rights, right)
        tops.append(top)
        top += max(h for _, h in sizes[first:last]) + gap
    # The trunk in the middle, so the parent above sits over it, unless that would leave much
    # of the block empty (halves of very unequal width): then the parent's line jogs to it.
    if 2 * max(lefts, rights) <= LOPSIDED * (lefts + rights):
        lefts = rights = max(lefts, rights)
    trunk = lefts + GUTTER / 2
    cells: list[Point] = []
    for (first, last, split, left), row_top in zip(rows, tops, strict=True):
        x = trunk - GUTTER / 2 - left
        for i in range(first, last):
            if i == split:
                x = trunk + GUTTER / 2
            cells.append((x, row_top))
            x += sizes[i][0] + COLUMN_GAP
    return Grid(lefts + rights + GUTTER, top - gap, trunk, tuple(cells))


def _split(widths: list[float]) -> tuple[int, float, float]:
    """Where a row's cells go right of the trunk (the index of the first), nearest half the
    row's width, and the widths of its halves; a lone cell goes right, the way a hanging column
    does."""
    if len(widths) == 1:
        return 0, 0.0, widths[0]
    total = sum(widths) + COLUMN_GAP * (len(widths) - 1)
    best, best_gap, best_left = 1, math.inf, 0.0
    run = -COLUMN_GAP
    for i in range(1, len(widths)):
        run += widths[i - 1] + COLUMN_GAP
        gap = abs(2 * run + COLUMN_GAP - total)
        if gap < best_gap:
            best, best_gap, best_left = i, gap, run
    return best, best_left, total - best_left - COLUMN_GAP


def shelves(
    sizes: Sequence[tuple[float, float]],
    width: float,
    most: int,
    gap: float = COLUMN_GAP,
    counts: Sequence[int] | None = None,
) -> Grid:
    """Cells packed in rows, in order, each row as full as `width` allows and centred: how a
    forest of top-level boxes is laid out under the title. A row holds at most `most` boxes in
    its top line, a cell counting as `counts[i]` of them (a group of boxes, as many as its own
    first row has), else as one."""
    rows: list[tuple[int, int, float]] = []
    first = 0
    while first < len(sizes):
        last, span = first + 1, sizes[first][0]
        boxes = counts[first] if counts else 1
        while last < len(sizes):
            more = counts[last] if counts else 1
            wider = span + gap + sizes[last][0]
            if wider > width or boxes + more > most:
                break
            span, last, boxes = wider, last + 1, boxes + more
        rows.append((first, last, span))
        first = last
    widest = max(span for _, _, span in rows)
    cells: list[Point] = []
    top = 0.0
    for first, last, span in rows:
        x = (widest - span) / 2
        for i in range(first, last):
            cells.append((x, top))
            x += sizes[i][0] + gap
        top += max(h for _, h in sizes[first:last]) + SHELF_GAP
    return Grid(widest, top - SHELF_GAP, widest / 2, tuple(cells))


def shelf_width(
    sizes: Sequence[tuple[float, float]],
    target: float,
    most: int,
    gap: float = COLUMN_GAP,
    counts: Sequence[int] | None = None,
) -> float:
    """The shelf width that brings a packed forest nearest the target aspect: a few widths
    around the one a square-ish packing of the cells' area needs."""
    area = sum((w + gap) * (h + SHELF_GAP) for w, h in sizes)
    widest = max(w for w, _ in sizes)
    ideal = max(widest, math.sqrt(area * target))
    best, best_score = ideal, math.inf
    for factor in (0.6, 0.8, 1.0, 1.25, 1.6):
        width = max(widest, ideal * factor)
        shape = shelves(sizes, width, most, gap, counts)
        score = abs(math.log(max(shape.width, 1.0) / max(shape.height, 1.0) / target))
        if score < best_score - 1e-9:
            best, best_score = width, score
    return best


def rows_block(cells: Sequence[Piece], k: int, apart: bool = False) -> Piece:
    """The cells packed k to a row around a trunk, with the paths from the trunk's top to every
    head of every cell: from the side when k <= 2 and each cell has a card on top, else from a
    bus above each row."""
    sideways = k <= 2 and all(c.top_card is not None for c in cells)
    layout = grid([(c.width, c.height) for c in cells], k, sideways, apart)
    t = layout.trunk
    block = Piece(layout.width, layout.height, t)
    for cell, (x, y) in zip(cells, layout.cells, strict=True):
        block.parts.append((cell, x, y))
        if sideways and cell.top_card is not None:
            card_w, card_h = cell.top_card
            middle = y + card_h / 2
            centre = x + cell.entry
            side = centre - card_w / 2 if centre > t else centre + card_w / 2
            head = cell.heads[0][0]
            block.heads.append((head, simplify([(t, 0.0), (t, middle), (side, middle)])))
            continue
        bus = y - BUS_DROP
        into = x + cell.entry
        for head, path in cell.heads:
            rest = [(px + x, py + y) for px, py in path]
            block.heads.append((head, simplify([(t, 0.0), (t, bus), (into, bus), *rest])))
    return block


def forest_block(
    cells: Sequence[Piece],
    width: float,
    most: int,
    gap: float = COLUMN_GAP,
    counts: Sequence[int] | None = None,
) -> Piece:
    """Top-level pieces on shelves, with no connectors between them."""
    layout = shelves([(c.width, c.height) for c in cells], width, most, gap, counts)
    block = Piece(layout.width, layout.height, layout.trunk)
    block.parts = [(cell, x, y) for cell, (x, y) in zip(cells, layout.cells, strict=True)]
    return block


def columns_for(
    sizes: Sequence[tuple[float, float]], target: float, most: int, apart: bool = False
) -> int:
    """The cells to a row (2..most; 1 for a single cell) whose block comes nearest the target
    aspect (width / height), judged on a few candidates around the square-root estimate: trying
    every k made a 100,000-person chart's layout spend most of its time here."""
    n = len(sizes)
    if n <= 1:
        return 1
    mean_w = sum(w for w, _ in sizes) / n + COLUMN_GAP
    mean_h = sum(h for _, h in sizes) / n + ROW_GAP
    guess = round(math.sqrt(n * target * mean_h / mean_w))
    candidates = {max(2, min(most, n, k)) for k in (guess - 1, guess, guess + 1, 2)}
    best, best_score = 2, math.inf
    for k in sorted(candidates):
        shape = grid(sizes, k, sideways=k <= 2, apart=apart)
        score = abs(math.log(max(shape.width, 1.0) / max(shape.height, 1.0) / target))
        if abs(2 * shape.trunk - shape.width) > 1.0:
            score += OFF_CENTRE  # its parent's line jogs to the trunk: worse, if not by much
        if n > k > 2 and n % k == 1:
            score += OFF_CENTRE  # a last row of one, under full rows, reads as left over
        if score < best_score - 1e-9:
            best, best_score = k, score
    return best
