"""How the diff picture marks a change, in three ways at once so that none depends on colour
alone: a fill, a glyph before the name (+ added, − removed, ~ renamed, moved or changed) and an
outline that means one thing (dashed: removed; dotted: an open position; double: an overlay).

The fills are light versions of blue, orange and yellow (Okabe & Ito's hues), chosen so that
every pair, and each against an unchanged white box, stays at least ΔE*ab 20 apart under
simulated deuteranopia, protanopia and tritanopia (tests/test_diff_colours.py); the old green
and pink were 6 apart for deuteranopes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orgmodel.graph.model import Border, Edge, EdgeKind, LegendEntry, Node

ADDED = "#9DCBF0"
REMOVED = "#E9915A"
CHANGED = "#FFE16E"
FOLDED = "#EEEEEE"


@dataclass(frozen=True)
class Mark:
    fill: str
    glyph: str
    border: Border
    words: str  # the legend's


MARKS = {
    "added": Mark(ADDED, "+", "solid", "+ added (joined, opened)"),
    "removed": Mark(REMOVED, "−", "dashed", "− removed (left, closed)"),
    "changed": Mark(CHANGED, "~", "solid", "~ renamed, moved or changed"),
}
# Each kind of change, of units and of people, as one of the three marks.
MARK_OF = {
    "added": "added",
    "joined": "added",
    "opened": "added",
    "removed": "removed",
    "left": "removed",
    "closed": "removed",
    "renamed": "changed",
    "moved": "changed",
    "changed": "changed",
    "filled": "changed",
}


def mark(change: str | None) -> Mark | None:
    return MARKS[MARK_OF[change]] if change is not None else None


def heading(name: str, change: str | None) -> str:
    """A box's first line: the glyph of its change, then the name."""
    m = mark(change)
    return f"{m.glyph} {name}" if m else name


def legend(nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[LegendEntry, ...]:
    """One sample per style the picture draws, and only those, in a fixed order."""
    nodes = list(nodes)
    fills = {node.fill for node in nodes}
    entries = [
        LegendEntry(m.words, fill=m.fill, border=m.border)
        for m in MARKS.values()
        if m.fill in fills
    ]
    kinds = {node.kind for node in nodes}
    if any(node.fill is None and node.kind in ("unit", "person") for node in nodes):
        entries.append(LegendEntry("unchanged", box="unit"))
    if "collapsed" in kinds:
        entries.append(LegendEntry("unchanged, folded into one box", fill=FOLDED, box="collapsed"))
    if "overlay" in kinds:
        entries.append(LegendEntry("overlay (cross-cutting)", box="overlay"))
    if "vacancy" in kinds:
        entries.append(LegendEntry("open position", border="dotted", box="vacancy"))
    drawn: set[EdgeKind] = {edge.kind for edge in edges}
    for kind in ("lineage", "collaboration", "x-as-a-service", "facilitating"):
        if kind in drawn:
            entries.append(LegendEntry(kind, edge=kind))
    return tuple(entries)
