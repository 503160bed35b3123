"""The diff picture (DESIGN §4): a focused, honest account of a reorganisation. Both snapshots
as one tree, of which it draws what changed, the way up to the top and their unchanged
neighbours folded into one box per parent (`Focus` widens it); lineage arrows that carry the
text report's counts and place nothing; the people who joined, left or moved named where it
happened; every change marked by a fill, a glyph and an outline (`style`); the summary line and
both dates as the caption."""

from __future__ import annotations

from orgmodel.diff.model import OrgDiff
from orgmodel.diff.summary import summary_line
from orgmodel.graph.diff import style
from orgmodel.graph.diff.people import people_picture
from orgmodel.graph.diff.tree import Focus
from orgmodel.graph.diff.units import unit_picture
from orgmodel.graph.model import Graph
from orgmodel.graph.options import ChartOptions
from orgmodel.structure import Structure

__all__ = ["Focus", "diff_graph"]


def diff_graph(
    result: OrgDiff,
    before: Structure,
    after: Structure,
    options: ChartOptions,
    focus: Focus | None = None,
) -> Graph:
    focus = focus or Focus()
    if options.level == "people":
        nodes, edges = people_picture(
            result, before, after, options.root, options.depth, focus, options.stacks
        )
    else:
        nodes, edges = unit_picture(result, before, after, options.root, options.depth, focus)
    dates = f"{result.before.as_of or 'undated'} → {result.after.as_of or 'undated'}"
    return Graph.of(
        f"{result.before.name} → {result.after.name}",
        options.direction,
        nodes,
        edges,
        legend=style.legend(nodes, edges),
        caption=f"{dates} · {summary_line(result)}",
    )
