"""How wide text is drawn, and what a card holds (DESIGN §4).

Cards are boxes of a fixed size that Graphviz draws (`fixedsize=true`), so orgmodel sizes them
itself, from font metrics and never from the fonts a machine has: the same input gives the same
DOT everywhere, and graphviz-pure, which takes every non-ASCII character for a space, draws the
same cards as `dot`. The metrics (`font_widths`) are Liberation Sans's advance widths (the
stand-in for Helvetica and Arial that fontconfig gives on Debian) and, for the other scripts,
the widest character of each block as `dot` 2.43 draws it; tests/test_layout_measure.py holds
them against what `dot` draws. An estimate is never smaller than what `dot` draws: text never
overflows its card.

The renderer draws a card's lines with the markup and attributes below; a card's size counts on
them.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from orgmodel import bidi
from orgmodel.graph.model import Line
from orgmodel.layout import font_widths
from orgmodel.layout.model import Card, Size

# The graph's (and every node's) `fontname`. Found by experiment with `dot` 2.43 (pango 1.50,
# Debian 12) and graphviz-pure 0.2.2:
# - `dot` maps "Helvetica" (a PostScript name) to fontconfig's generic "sans", DejaVu Sans, which
#   is up to 20% wider than Helvetica; "Arial", "Liberation Sans" or "Arimo" give Liberation Sans;
# - a comma-separated list works in `dot` when its first name that fontconfig knows is a Latin
#   family ("Helvetica,Arial,Noto Sans CJK SC" draws Liberation Sans), but "Helvetica,Noto Sans
#   CJK SC" draws Latin text in Noto Sans CJK's own Latin glyphs, another width;
# - a single family already draws CJK with real glyphs in `dot`: fontconfig falls back to Noto
#   Sans CJK for the characters Liberation Sans lacks (and to DejaVu Sans for Arabic);
# - graphviz-pure knows "Arial" (its Helvetica/Arial metrics) but takes a list as one unknown
#   name and places text by Times metrics, so Latin lines, narrower in Times, start right of
#   where Helvetica needs them and run over the card's right edge.
# So one name: "Arial", which every browser showing the SVG has too (or fontconfig's Liberation
# Sans for it), and whose missing glyphs fall back to the system's CJK font there as well.
FONTNAME = "Arial"
BOLD_SIZE = 14.0  # points: Graphviz's default font size, the size of a bold line
TEXT_SIZE = 10.0  # points: every other line
BOLD_LINE = "<B>{}</B>"  # an escaped line of text in an HTML-like label
TEXT_LINE = '<FONT POINT-SIZE="10">{}</FONT>'
LINE_BREAK = "<BR/>"
PADDING_X = 9.0  # points between the text and a card's left and right borders
PADDING_Y = 6.0  # and its top and bottom borders
# A card's node attributes; `margin` (inches) is the padding above, which Graphviz checks the
# label fits inside at the fixed size ("size too small for label" otherwise). Graphviz rounds
# each margin to whole points, so the paddings are whole points.
NODE_ATTRIBUTES = {
    "shape": "box",
    "style": "rounded",
    "fixedsize": "true",
    "margin": f"{PADDING_X / 72:g},{PADDING_Y / 72:g}",
}
ELLIPSIS = "…"
# Graphviz takes a label's width as the whole points below its text's width, plus one.
LABEL_ROUNDING = 1.0

# pango lays text out at 96 dpi and rounds each glyph's advance to whole pixels (hinting), so a
# glyph is drawn up to half a pixel wider than its metrics say; counting the larger of the two
# keeps the estimate at or above what `dot` draws whether hinting is on or off.
_PIXELS_PER_POINT = 96 / 72
# Widths are kept in whole 1/16 pt, rounded up: sums are exact (a line measures the sum of its
# parts) and an ASCII line is measured by bytes.translate and sum() in C: 0.9 µs for a 24-letter
# title against 3.0 µs looking each letter up in a tuple.
_QUANTUM = 16
_ZERO_WIDTH = frozenset(("Mn", "Me", "Cf"))  # combining marks and invisible format characters
_WIDE = frozenset(("W", "F"))


def _advances(rows: str) -> dict[int, float]:
    """The font_widths rows as code point → advance in em."""
    table: dict[int, float] = {}
    for line in rows.strip().splitlines():
        first, *widths = line.split()
        cp = int(first, 16)
        for width in widths:
            units, _, count = width.partition("*")
            for _ in range(int(count or 1)):
                table[cp] = int(units) / font_widths.UNITS_PER_EM
                cp += 1
    return table


@dataclass(frozen=True)
class _Estimate:
    """A block's widest characters, in em: narrow ones, wide ones and marks."""

    narrow: float
    wide: float
    mark: float


def _blocks(rows: str) -> dict[int, _Estimate]:
    """The font_widths blocks as block number → estimates."""
    blocks = {}
    for entry in rows.split():
        first, *ems = entry.split(":")
        narrow, wide, mark = map(float, ems)
        blocks[int(first, 16) // font_widths.BLOCK_SIZE] = _Estimate(narrow, wide, mark)
    return blocks


_REGULAR = _advances(font_widths.REGULAR)
_BOLD = _advances(font_widths.BOLD)
_BLOCKS = _blocks(font_widths.BLOCKS)
# A character no block measured (one newer than the Unicode tables the metrics were made with):
# as wide as the widest estimate.
_UNMEASURED_EM = max(max(e.narrow, e.wide, e.mark) for e in _BLOCKS.values())
_UNMEASURED = _Estimate(_UNMEASURED_EM, _UNMEASURED_EM, _UNMEASURED_EM)


def _em(char: str, bold: bool) -> float:
    """How wide `char` is drawn, in em (before hinting)."""
    cp = ord(char)
    category = unicodedata.category(char)
    if category == "Cc":  # drawn as a space (bidi.drawable)
        cp = 0x20
    if cp > 0xFFFF:
        return font_widths.ASTRAL_EM
    block = _BLOCKS.get(cp // font_widths.BLOCK_SIZE)
    if category in _ZERO_WIDTH:
        # Drawn on the character before, or not at all, where a font has it; a box otherwise.
        return (block or _UNMEASURED).mark
    known = (_BOLD if bold else _REGULAR).get(cp)
    if known is not None:
        return known
    if block is None:
        return _UNMEASURED_EM
    estimate = block.wide if unicodedata.east_asian_width(char) in _WIDE else block.narrow
    return estimate or max(block.narrow, block.wide) or _UNMEASURED_EM


@functools.cache
def _units(char: str, bold: bool, size: float) -> int:
    """How wide `char` is drawn at `size`, in 1/16 pt, rounded up."""
    pixels = _em(char, bold) * size * _PIXELS_PER_POINT
    points = max(pixels, math.floor(pixels + 0.5)) / _PIXELS_PER_POINT
    return math.ceil(points * _QUANTUM - 1e-9)


@functools.cache
def _ascii_table(bold: bool, size: float) -> bytes | None:
    """A bytes.translate table from an ASCII character to its width in 1/16 pt, or None when a
    width does not fit in a byte (past about 16 pt)."""
    widths = [_units(chr(code), bold, size) for code in range(128)]
    return bytes(widths + [0] * 128) if max(widths) < 256 else None


def text_width(text: str, *, bold: bool = False, size: float = 14.0) -> float:
    """How wide `text` is drawn on one line, in points: never less than `dot` draws it."""
    if text.isascii():
        table = _ascii_table(bold, size)
        if table is not None:
            return sum(text.encode("ascii").translate(table)) / _QUANTUM
    return sum(_units(char, bold, size) for char in text) / _QUANTUM


def _clusters(text: str) -> Iterator[str]:
    """`text` cut into characters, each with the zero-width characters after it (combining
    marks, joiners): a line is never broken inside one."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.category(text[index]) not in _ZERO_WIDTH:
            yield text[start:index]
            start = index


def _breaks_anywhere(cluster: str) -> bool:
    """Chinese, Japanese and Korean text breaks between any two characters."""
    return unicodedata.east_asian_width(cluster[0]) in _WIDE or "\uff61" <= cluster[0] <= "\uffdc"


def _pieces(text: str) -> Iterator[str]:
    """`text` as the pieces a line may break between: words, runs of spaces, and single CJK
    characters (a break at spaces drops them; between other pieces it drops nothing)."""
    piece, kind = "", ""
    for cluster in _clusters(text):
        this = "space" if cluster == " " else "cjk" if _breaks_anywhere(cluster) else "word"
        if piece and (this == "cjk" or this != kind):
            yield piece
            piece = ""
        piece, kind = piece + cluster, this
    if piece:
        yield piece


def wrap(
    text: str, width: float, *, bold: bool = False, size: float = 14.0, max_lines: int = 2
) -> tuple[str, ...]:
    """`text` broken into lines no wider than `width` points: at spaces, between CJK
    characters, and inside a word only when the word alone is wider than a line. Past
    `max_lines`, the last line is cut to end with "…" and still fit. Spaces at either end are
    not drawn; a single character wider than `width` has a line of its own."""
    if max_lines < 1:
        raise ValueError("max_lines must be at least 1")
    text = text.strip(" ")
    measure = functools.partial(text_width, bold=bold, size=size)
    if measure(text) <= width:
        return (text,) if text else ()
    lines: list[tuple[int, int]] = []  # each line as text[start:end]
    start = end = position = 0
    used = gap = 0.0  # the current line's width, and that of the spaces after it
    for piece in _pieces(text):
        begin, position = position, position + len(piece)
        if piece[0] == " ":
            gap = measure(piece)
            continue
        piece_width = measure(piece)
        if end > start and used + gap + piece_width <= width:
            used, end = used + gap + piece_width, position
        else:
            if end > start:
                lines.append((start, end))
            start = end = begin
            used = 0.0
            for cluster in _clusters(piece) if piece_width > width else (piece,):
                cluster_width = measure(cluster)
                if end > start and used + cluster_width > width:
                    lines.append((start, end))
                    start, used = end, 0.0
                used, end = used + cluster_width, end + len(cluster)
        gap = 0.0
    lines.append((start, end))
    if len(lines) <= max_lines:
        return tuple(text[a:b] for a, b in lines)
    room = width - measure(ELLIPSIS)
    cut, used = "", 0.0
    for cluster in _clusters(text[lines[max_lines - 1][0] :]):
        used += measure(cluster)
        if used > room:
            break
        cut += cluster
    return (*(text[a:b] for a, b in lines[: max_lines - 1]), cut.rstrip(" ") + ELLIPSIS)


def _size(line: Line) -> float:
    return BOLD_SIZE if line.bold else TEXT_SIZE


def _drawn(line: Line) -> str:
    """A line's text as the renderer draws it (control characters as spaces or markers)."""
    return bidi.drawable(line.text).strip(" ")


def natural_width(lines: Sequence[Line]) -> float:
    """The width of a card that holds every line unwrapped, padding included."""
    widest = max(
        (text_width(_drawn(line), bold=line.bold, size=_size(line)) for line in lines),
        default=0.0,
    )
    return widest + LABEL_ROUNDING + 2 * PADDING_X


def text_height(lines: Sequence[Line]) -> float:
    """How tall `dot` makes a label of these lines (measured with 2.43): the sum of their font
    sizes plus one, and a point more a line when none of them is bold."""
    extra = 0 if any(line.bold for line in lines) else len(lines)
    return sum(map(_size, lines)) + 1 + extra


def card(lines: Sequence[Line], width: float) -> Card:
    """A card `width` points wide: each line wrapped to at most two lines (the second ending
    with "…" when there was more), and as tall as its wrapped lines, padding included."""
    room = width - 2 * PADDING_X - LABEL_ROUNDING
    drawn = tuple(
        Line(part, line.bold)
        for line in lines
        for part in wrap(_drawn(line), room, bold=line.bold, size=_size(line), max_lines=2)
    )
    return Card(drawn, Size(width, text_height(drawn) + 2 * PADDING_Y))
