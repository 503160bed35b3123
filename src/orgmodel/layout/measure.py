"""How wide text is drawn, and what a card holds (DESIGN §4).

Cards are boxes of a fixed size that Graphviz draws (`fixedsize=true`), so orgmodel sizes them
itself, from font metrics and never from the fonts a machine has: the same input gives the same
DOT everywhere, and graphviz-pure, which takes every non-ASCII character for a space, draws the
same cards as `dot`. The metrics (`font_widths`) are Liberation Sans's advance widths (the
stand-in for Helvetica and Arial that fontconfig gives on Debian) and, for the other scripts,
what `dot` 2.43 draws: each Arabic letter in its widest form, the widest character of each
block for the rest; tests/test_layout_measure.py holds them against what `dot` draws. An
estimate is never smaller than what `dot` draws: text never overflows its card.

The renderer draws a card's lines with the markup and attributes below; a card's size counts on
them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from orgmodel import bidi
from orgmodel.graph.model import Line
from orgmodel.layout import font_widths
from orgmodel.layout.fonts import DETAIL_POINTS as TEXT_SIZE
from orgmodel.layout.fonts import NAME_POINTS as BOLD_SIZE
from orgmodel.layout.model import Card, Size

# The markup a card's lines are drawn in is `orgmodel.render.dot.card_lines`, in the fonts of
# `orgmodel.layout.fonts`.
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
# parts) and an ASCII line is measured by bytes.translate and sum() in C: 0.56 µs a call for a
# 24-letter title, against 1.39 µs summing a tuple lookup a letter.
_QUANTUM = 16
_ZERO_WIDTH = frozenset(("Mn", "Me", "Cf"))  # combining marks and invisible format characters
_MARKS = frozenset(("Mn", "Me"))
# A mark with no letter before it (first, or after a space) is drawn on a dotted circle.
_DOTTED_CIRCLE = "\u25cc"
_WIDE = frozenset(("W", "F"))


def _advances(rows: str, units_per_em: int) -> dict[int, float]:
    """Rows of font_widths as code point → advance in em."""
    table: dict[int, float] = {}
    for line in rows.strip().splitlines():
        first, *widths = line.split()
        cp = int(first, 16)
        for width in widths:
            units, _, count = width.partition("*")
            for _ in range(int(count or 1)):
                table[cp] = int(units) / units_per_em
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


_REGULAR = _advances(font_widths.REGULAR, font_widths.UNITS_PER_EM)
_BOLD = _advances(font_widths.BOLD, font_widths.UNITS_PER_EM)
_MEASURED_REGULAR = _advances(font_widths.MEASURED_REGULAR, font_widths.MEASURED_UNITS_PER_EM)
_MEASURED_BOLD = _advances(font_widths.MEASURED_BOLD, font_widths.MEASURED_UNITS_PER_EM)
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
    measured = (_MEASURED_BOLD if bold else _MEASURED_REGULAR).get(cp)
    if measured is not None:
        return measured
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


def _text_units(text: str, bold: bool, size: float) -> int:
    """How wide `text` is drawn, in 1/16 pt."""
    if text.isascii():
        table = _ascii_table(bold, size)
        if table is not None:
            return sum(text.encode("ascii").translate(table))
    total, previous = 0, " "
    for char in text:
        total += _units(char, bold, size)
        if previous == " " and unicodedata.category(char) in _MARKS:
            total += _units(_DOTTED_CIRCLE, bold, size)
        previous = char
    return total


def text_width(text: str, *, bold: bool = False, size: float = 14.0) -> float:
    """How wide `text` is drawn on one line, in points: never less than `dot` draws it."""
    return _text_units(text, bold, size) / _QUANTUM


def _clusters(text: str) -> list[str]:
    """`text` cut into characters, each with the zero-width characters after it (combining
    marks, joiners): a line is never broken inside one."""
    if text.isascii():
        return list(text)
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char) in _ZERO_WIDTH:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _cluster_units(clusters: list[str], text: str, bold: bool, size: float) -> list[int]:
    """Each cluster's width in 1/16 pt (they add up to the text's: a mark is in the cluster of
    the character it is drawn on)."""
    table = _ascii_table(bold, size) if text.isascii() else None
    if table is not None:
        return list(text.encode("ascii").translate(table))
    return [_text_units(cluster, bold, size) for cluster in clusters]


_SPACE, _WORD, _CJK = range(3)
_ASCII_PIECE = re.compile(" +|[^ ]+")


def _kind(cluster: str) -> int:
    """A space, part of a word, or a character that breaks anywhere: Chinese, Japanese and
    Korean text breaks between any two characters."""
    if cluster == " ":
        return _SPACE
    if cluster < "\u1100":  # below Hangul Jamo, the first wide characters
        return _WORD
    wide = unicodedata.east_asian_width(cluster[0]) in _WIDE
    return _CJK if wide or "\uff61" <= cluster[0] <= "\uffdc" else _WORD


def _pieces(clusters: list[str]) -> list[tuple[int, int, int]]:
    """The pieces a line may break between, as (kind, first, end) cluster indices: words, runs
    of spaces, and single CJK characters. A break at spaces drops them; between other pieces
    it drops nothing."""
    if len(clusters) == len(text := "".join(clusters)) and text.isascii():
        # 4.4 µs for a 60-letter title, against 7.7 µs in the loop below
        return [
            (_SPACE if m[0][0] == " " else _WORD, *m.span()) for m in _ASCII_PIECE.finditer(text)
        ]
    pieces: list[tuple[int, int, int]] = []
    for index, cluster in enumerate(clusters):
        kind = _kind(cluster)
        if pieces and kind != _CJK and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1], index + 1)
        else:
            pieces.append((kind, index, index + 1))
    return pieces


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
    if text_width(text, bold=bold, size=size) <= width:
        return (text,) if text else ()
    clusters = _clusters(text)
    # Widths from the start of the text to each cluster, in 1/16 pt: a line's width is a
    # difference of two.
    reach = [0, *itertools.accumulate(_cluster_units(clusters, text, bold, size))]
    room = math.floor(width * _QUANTUM + 1e-9)
    lines: list[tuple[int, int]] = []  # each line as clusters[start:end]
    start = end = 0
    for kind, first, last in _pieces(clusters):
        if kind == _SPACE:
            continue
        if end > start and reach[last] - reach[start] <= room:
            end = last
            continue
        if end > start:
            lines.append((start, end))
        start, end = first, last
        if reach[last] - reach[first] > room:  # a word wider than a line: broken by character
            end = first
            for index in range(first, last):
                if end > start and reach[index + 1] - reach[start] > room:
                    lines.append((start, end))
                    start = end
                end = index + 1
        if len(lines) >= max_lines:
            break
    else:  # the whole text in at most max_lines lines
        lines.append((start, end))
        return tuple("".join(clusters[a:b]) for a, b in lines)
    # Cut short: the last line is what fits of the rest with "…" after it.
    first = lines[max_lines - 1][0]
    fits = reach[first] + room - _units(ELLIPSIS, bold, size)
    cut = max(first, bisect.bisect_right(reach, fits) - 1)
    last_line = "".join(clusters[first:cut]).rstrip(" ") + ELLIPSIS
    return (*("".join(clusters[a:b]) for a, b in lines[: max_lines - 1]), last_line)


def _size(line: Line) -> float:
    return BOLD_SIZE if line.bold else TEXT_SIZE


def _drawn(line: Line) -> str:
    """A line's text as the renderer draws it (control characters as spaces or markers)."""
    text = line.text
    if not (text.isascii() and text.isprintable()):  # printable ASCII has none
        text = bidi.drawable(text)
    return text.strip(" ")


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
    bold = sum(line.bold for line in lines)
    other = len(lines) - bold
    return bold * BOLD_SIZE + other * TEXT_SIZE + 1 + (0 if bold else other)


# Titles and unit names repeat across an org, and cards of a level share a width: 100,000
# cards of GitLab's people (its 1,336 repeated) take 1.05 s with this cache, 2.6 s without.
@functools.lru_cache(maxsize=1 << 16)
def _wrap_in_card(text: str, room: float, bold: bool) -> tuple[str, ...]:
    return wrap(text, room, bold=bold, size=BOLD_SIZE if bold else TEXT_SIZE, max_lines=2)


def card(lines: Sequence[Line], width: float) -> Card:
    """A card `width` points wide: each line wrapped to at most two lines (the second ending
    with "…" when there was more), and as tall as its wrapped lines, padding included."""
    room = width - 2 * PADDING_X - LABEL_ROUNDING
    drawn: list[Line] = []
    for line in lines:
        parts = _wrap_in_card(_drawn(line), room, line.bold)
        if parts == (line.text,):
            drawn.append(line)
        else:
            drawn += (Line(part, line.bold) for part in parts)
    return Card(tuple(drawn), Size(width, text_height(drawn) + 2 * PADDING_Y))
