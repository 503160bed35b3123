"""Where the title block and the legend's pieces go (DESIGN §4): their sizes, so the layout can
reserve space outside the chart, and the boxes of the legend's heading, samples and words, so
the renderer only draws. Pure: no DOT here.

A legend row is a sample and its meaning: a colour swatch, a short line drawn in the edge's own
style, or a dashed box; the words say what it means, never what it looks like."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from orgmodel.graph.model import EdgeKind, LegendEntry
from orgmodel.layout import measure
from orgmodel.layout.fonts import (
    CAPTION_POINTS,
    LEGEND_POINTS,
    NAME_POINTS,
    TITLE_POINTS,
)
from orgmodel.layout.model import Box, Size

LINE_HEIGHT = 1.2  # a line of text takes this many times its font size, as Graphviz sets it
PADDING = 8.0  # inside the title block and the legend frame
SAMPLE_WIDTH = 36.0  # a line sample is long enough to show its dashes and its arrowhead
SAMPLE_HEIGHT = 10.0
GAP = 8.0  # between a sample and its words
ROW_HEIGHT = LEGEND_POINTS * LINE_HEIGHT + 4.0
HEADING_HEIGHT = NAME_POINTS * LINE_HEIGHT + 4.0  # graphviz-pure finds 1.2 × size too tight
HEADING = "Legend"

# What an edge style means, drawn beside its sample (the style itself is shown, not named).
EDGE_MEANING: dict[EdgeKind, str] = {
    "dotted": "dotted-line manager",
    "spans": "an overlay's parent and the units it spans",
    "overlay": "an overlay's parent and the units it spans",
    "collaboration": "collaboration",
    "x-as-a-service": "x-as-a-service (provider to consumer)",
    "facilitating": "facilitating",
    "lineage": "lineage, old unit to new (split, merge, carve-out)",
}


def text_width(text: str, *, bold: bool = False, size: float) -> float:
    """Every width in this module, measured as the cards are."""
    return measure.text_width(text, bold=bold, size=size)


def meaning(entry: LegendEntry) -> str:
    """The words beside an entry's sample."""
    if entry.edge is not None:
        return EDGE_MEANING.get(entry.edge, entry.label)
    return entry.label


def title_size(title: str, caption: str | None) -> Size:
    """The title block: the title in bold, the caption on the line below."""
    width = text_width(title, bold=True, size=TITLE_POINTS)
    height = TITLE_POINTS * LINE_HEIGHT
    if caption:
        width = max(width, text_width(caption, size=CAPTION_POINTS))
        height += CAPTION_POINTS * LINE_HEIGHT
    return Size(width + 2 * PADDING, height + 2 * PADDING)


def legend_size(entries: Sequence[LegendEntry]) -> Size:
    """The legend's frame: a bold heading, then one row per entry."""
    words = max((text_width(meaning(e), size=LEGEND_POINTS) for e in entries), default=0.0)
    heading = text_width(HEADING, bold=True, size=NAME_POINTS)
    width = max(heading, SAMPLE_WIDTH + GAP + words)
    height = HEADING_HEIGHT + len(entries) * ROW_HEIGHT
    return Size(width + 2 * PADDING, height + 2 * PADDING)


@dataclass(frozen=True)
class LegendRow:
    entry: LegendEntry
    words: str
    sample: Box  # the swatch, the dashed box, or the line sample's extent (left to right)
    text: Box  # the words, left-aligned in this box


@dataclass(frozen=True)
class LegendPlan:
    heading: Box
    rows: tuple[LegendRow, ...]


def plan_legend(entries: Sequence[LegendEntry], frame: Box) -> LegendPlan:
    """The heading and rows of a legend drawn in `frame` (as big as `legend_size` or bigger),
    top-left aligned, y down."""
    left = frame.left + PADDING
    inner = frame.width - 2 * PADDING
    heading_height = HEADING_HEIGHT
    top = frame.top + PADDING
    heading = Box(left + inner / 2, top + heading_height / 2, inner, heading_height)
    rows = []
    text_left = left + SAMPLE_WIDTH + GAP
    text_width_available = frame.right - PADDING - text_left
    for i, entry in enumerate(entries):
        middle = top + heading_height + (i + 0.5) * ROW_HEIGHT
        sample = Box(left + SAMPLE_WIDTH / 2, middle, SAMPLE_WIDTH, SAMPLE_HEIGHT)
        words = Box(text_left + text_width_available / 2, middle, text_width_available, ROW_HEIGHT)
        rows.append(LegendRow(entry, meaning(entry), sample, words))
    return LegendPlan(heading, tuple(rows))
