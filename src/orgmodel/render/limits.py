"""What the programs that draw a chart can take: the largest PNG Graphviz can write, and the
Mermaid charts GitHub will draw. Pure rules over sizes and counts, each stated once; the CLI
decides whether an overrun is refused (PNG) or told as a warning (Mermaid)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from orgmodel.errors import UsageError
from orgmodel.formats.registry import Format

# Graphviz draws PNG through cairo, whose image surfaces stop at 32,767 px a side; past that
# `dot` prints "graph is too large for cairo-renderer bitmaps" and scales the whole picture
# down (a 5,000-person chart came out 32,767 x 231 px, its text unreadable).
PNG_MAX_SIDE = 32_000
# Pixels a point at Graphviz's default bitmap resolution (96 dpi; a point is 1/72 in), and the
# margin (`pad`, 4 pt) it adds on every side: Graphviz sizes a bitmap as
# ROUND((side + 2 x pad) x dpi / 72). Checked against `dot` 2.43 (bb 3872 x 381 pt gave a
# 5173 x 519 px PNG) and graphviz-pure 0.2.2, which rounds the points first and so can be a
# pixel off (bb 5975.9 x 776.4 pt: 7979 x 1045 px, where the rule says 7979 x 1046).
PNG_PIXELS_PER_POINT = 96 / 72
GRAPHVIZ_PAD_POINTS = 4.0
LIMITED_IMAGES = frozenset((Format.png,))

# GitHub draws Mermaid with mermaid.js's defaults, which a chart cannot raise from inside
# (they are "secure" settings): `maxTextSize` 50,000 characters of text
# (https://mermaid.js.org/config/schema-docs/config-properties-maxtextsize.html; mermaidAPI
# replaces a longer text, `text.length > maxTextSize`, by "Maximum text size in diagram
# exceeded") and `maxEdges` 500 links
# (https://mermaid.js.org/config/schema-docs/config-properties-maxedges.html; flowDb's
# addSingleLink pushes a link while `edges.length < maxEdges`, so the 501st is refused with
# "Edge limit exceeded").
MERMAID_MAX_TEXT = 50_000
MERMAID_MAX_EDGES = 500
SMALLER_CHART_HINT = "--level units, --root UNIT or --depth N"


class ImageTooLargeError(UsageError):
    """The picture would be larger than its format can be written (exit 2, before drawing)."""


def image_pixels(width_pt: float, height_pt: float) -> tuple[int, int]:
    """The size in pixels of the PNG Graphviz writes for a drawing of this many points."""
    return _pixels(width_pt), _pixels(height_pt)


def _pixels(points: float) -> int:
    # Graphviz's ROUND: halves away from zero (Python's round() would round them to even).
    return math.floor((points + 2 * GRAPHVIZ_PAD_POINTS) * PNG_PIXELS_PER_POINT + 0.5)


def check_image_size(
    width_pt: float, height_pt: float, fmt: Format, *, file: str | None = None
) -> None:
    """ImageTooLargeError when a drawing of this size (in points, Graphviz's bounding box) is
    over what `fmt` can hold; vector formats have no such limit. `file` locates the message."""
    if fmt not in LIMITED_IMAGES:
        return
    width, height = image_pixels(width_pt, height_pt)
    if max(width, height) <= PNG_MAX_SIDE:
        return
    raise ImageTooLargeError(
        f"the chart would be a {width:,} x {height:,} px PNG, over the {PNG_MAX_SIDE:,} px a "
        f"side Graphviz can write; draw less ({SMALLER_CHART_HINT}) or write SVG",
        file=file,
    )


@dataclass(frozen=True)
class Overrun:
    """One limit a chart is over: what is counted, how many there are, and the limit."""

    what: str  # "characters", "edges"
    found: int
    limit: int

    def __str__(self) -> str:
        return (
            f"{self.found:,} {self.what}, {self.found - self.limit:,} over the limit of "
            f"{self.limit:,}"
        )


def mermaid_overruns(text: str, edges: int) -> tuple[Overrun, ...]:
    """The GitHub limits a Mermaid chart of `text` with `edges` links is over (none: it draws).
    Its length is counted as JavaScript does, in UTF-16 code units."""
    size = len(text.encode("utf-16-le")) // 2
    found = (
        Overrun("characters", size, MERMAID_MAX_TEXT),
        Overrun("edges", edges, MERMAID_MAX_EDGES),
    )
    return tuple(o for o in found if o.found > o.limit)


def describe_overruns(overruns: tuple[Overrun, ...]) -> str:
    """`61,234 characters, 11,234 over the limit of 50,000 and 812 edges, …`"""
    return " and ".join(map(str, overruns))
