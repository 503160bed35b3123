"""Graph + Layout → DOT that Graphviz draws without laying anything out (`-Kneato -n2`, with the
system `dot` and graphviz-pure alike): every card at its `pos` and fixed size, every connector
as the polyline the layout routed, clusters as boxes behind their members, and the title block
and legend in the boxes the layout reserved for them.

The layout's points have y growing downwards from the top left; Graphviz's grow upwards, so
every y is flipped with the layout's height. Labels and node attributes are those of today's
renderer (`render.dot`), escaped by the same functions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import pairwise

import graphviz
from graphviz.quoting import quote

from orgmodel.graph.model import EdgeKind, Graph, Node
from orgmodel.layout.fonts import (
    CAPTION_POINTS,
    CLUSTER_POINTS,
    EDGE_LABEL_POINTS,
    FONT,
    LEGEND_POINTS,
    NAME_POINTS,
    TITLE_POINTS,
)
from orgmodel.layout.legend import HEADING, LegendRow, plan_legend
from orgmodel.layout.measure import NODE_ATTRIBUTES
from orgmodel.layout.model import Box, Connector, Layout, Point
from orgmodel.render.dot import (
    EDGE_STYLE,
    attribute,
    card_lines,
    edge_label,
    graph_name,
    node_attrs,
    text,
    tooltip,
)

PAD_POINTS = 4.0  # Graphviz's margin around the drawing (its default), so tests can add it
ARROW_SIZE = 0.6  # as today's renderer draws them
ARROW_LENGTH = 10.0 * ARROW_SIZE  # Graphviz's arrowhead is 10 points long at arrowsize 1
EDGE_COLOR = "#555555"
FRAME_COLOR = "#BBBBBB"  # clusters and the legend
CLUSTER_FILL = "#F7F7F7"
# Options of `dot`'s own layout that mean nothing when the layout is given.
_LAYOUT_ONLY = ("constraint", "arrowhead", "dir")
# Node ids are generated (graph.model.node_id): DOT identifiers that need no quoting.
_DOT_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render_positioned_dot(graph: Graph, layout: Layout) -> str:
    """DOT for `neato -n2`: `graph`'s nodes and styles at `layout`'s positions."""
    flip = layout.height
    dot = graphviz.Digraph(name=graph_name(graph.title))
    dot.attr(
        bb=f"0,0,{_n(layout.width)},{_n(layout.height)}",
        pad=f"{PAD_POINTS / 72:.4f}",
        fontname=FONT,
        tooltip=tooltip(graph.title),
        outputorder="edgesfirst",  # a card's outline and text lie on top of any line
    )
    # The cards' padding is the margin their sizes were measured with (`layout.measure`).
    dot.attr("node", fontname=FONT, fontsize=f"{NAME_POINTS:g}", **NODE_ATTRIBUTES)
    dot.attr("edge", color=EDGE_COLOR, arrowsize=f"{ARROW_SIZE:g}", fontname=FONT)
    # Graphviz shrinks the drawing to what is drawn; two empty nodes at the corners keep its
    # origin at the layout's, so every point lands where the layout put it.
    _anchor(dot, "corner_top_left", (0.0, 0.0), flip)
    _anchor(dot, "corner_bottom_right", (layout.width, layout.height), flip)
    _title(dot, graph, layout.title, flip)
    _cards(dot, graph, layout, flip)
    if graph.legend and layout.legend is not None:
        _legend(dot, graph, layout.legend, flip)
    for connector in layout.connectors:
        _connector(dot, connector, flip)
    source: str = dot.source
    return source


def _n(value: float) -> str:
    """A coordinate in points, to 1/100 pt: the same text for the same value."""
    return f"{value:.2f}"


def _pos(point: Point, flip: float) -> str:
    return f"{point[0]:.2f},{flip - point[1]:.2f}"


def _inches(points: float) -> str:
    return f"{points / 72:.5f}"


def _bb(box: Box, flip: float) -> str:
    """A box as Graphviz's `bb`: lower left, upper right, y up."""
    return f"{_n(box.left)},{_n(flip - box.bottom)},{_n(box.right)},{_n(flip - box.top)}"


def _sized(box: Box, flip: float) -> dict[str, str]:
    return {
        "pos": _pos((box.x, box.y), flip),
        "width": _inches(box.width),
        "height": _inches(box.height),
    }


def _node(
    dot: graphviz.Digraph,
    name: str,
    label: str,
    attrs: Mapping[str, str],
    numbers: Mapping[str, str],
) -> None:
    """A card written as DOT text directly: `attrs` (user text, escaped by `render.dot` for the
    package to quote) quoted as the package quotes them, `numbers` and the HTML-like `label`
    as they are. The package's own `node()` took 1.1 s of 1.8 s for 15,000 cards."""
    if not _DOT_ID.fullmatch(name):
        raise ValueError(f"{name!r} is not a generated node id")
    quoted = "".join(f" {key}={quote(value)}" for key, value in attrs.items())
    placed = "".join(f' {key}="{value}"' for key, value in numbers.items())
    dot.body.append(f"\t{name} [label={label}{quoted}{placed}]\n")


def _anchor(dot: graphviz.Digraph, name: str, point: Point, flip: float) -> None:
    """A node that draws nothing and takes no room: a corner of the drawing or an end of a
    legend's line sample."""
    dot.node(
        name, "", shape="plain", fixedsize="false", width="0", height="0", pos=_pos(point, flip)
    )


def _text(dot: graphviz.Digraph, name: str, box: Box, markup: str, flip: float) -> None:
    """Words left-aligned in `box`: a cell of the box's size holds them at its left, whatever
    width Graphviz finds for them."""
    w, h = _n(box.width), _n(box.height)
    cell = f'FIXEDSIZE="TRUE" WIDTH="{w}" HEIGHT="{h}"'
    label = (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0" {cell}>'
        f'<TR><TD ALIGN="LEFT" {cell}>{markup}</TD></TR></TABLE>>'
    )
    dot.node(name, label, shape="plain", fixedsize="false", id=name, pos=_pos((box.x, box.y), flip))


def _title(dot: graphviz.Digraph, graph: Graph, box: Box, flip: float) -> None:
    markup = f'<B><FONT POINT-SIZE="{TITLE_POINTS:g}">{text(graph.title)}</FONT></B>'
    if graph.caption:
        markup += f'<BR/><FONT POINT-SIZE="{CAPTION_POINTS:g}">{text(graph.caption)}</FONT>'
    dot.node(
        "title",
        f"<{markup}>",
        shape="plain",
        fixedsize="false",
        id="title",
        tooltip=tooltip(graph.title),
        pos=_pos((box.x, box.y), flip),
    )


def _card(dot: graphviz.Digraph, node: Node, layout: Layout, flip: float) -> None:
    # A stack's rows are not drawn one by one here: the layout gives each card its own lines.
    box = layout.boxes.get(node.id)
    card = layout.cards.get(node.id)
    if box is None or card is None:
        raise ValueError(f"the layout has no card for node {node.id}")
    label = f"<{card_lines(card.lines)}>" if card.lines else '""'
    _node(dot, node.id, label, node_attrs(node), _sized(box, flip))


def _cards(dot: graphviz.Digraph, graph: Graph, layout: Layout, flip: float) -> None:
    """Every card, inside the cluster boxes the layout drew (a cluster it has no box for adds
    nothing: its members are drawn in the one around it)."""
    children, by_id, members = graph.cluster_tree()

    def fill(target: graphviz.Digraph, cluster: str | None) -> None:
        for node in members.get(cluster, ()):
            _card(target, node, layout, flip)
        for child in children.get(cluster, ()):
            box = layout.clusters.get(child)
            if box is None:
                fill(target, child)
                continue
            info = by_id[child]
            with target.subgraph(name=f"cluster_{child}") as sub:
                sub.attr(
                    bb=_bb(box, flip),
                    label=f"<{text(info.label)}>",
                    labelloc="t",
                    id=attribute(info.element_id),
                    style="rounded,filled",
                    color=FRAME_COLOR,
                    fillcolor=CLUSTER_FILL,
                    fontname=FONT,
                    fontsize=f"{CLUSTER_POINTS:g}",
                )
                fill(sub, child)

    fill(dot, None)


def _arrows(kind: EdgeKind) -> tuple[bool, bool]:
    """(at the head, at the tail): how today's renderer draws this kind of edge."""
    style = EDGE_STYLE[kind]
    both = style.get("dir") == "both"
    return both or style.get("arrowhead") != "none", both


@cache
def _edge_style(kind: EdgeKind, head: bool, tail: bool) -> str:
    """The attributes of an edge of this kind with these arrowheads, as DOT text (constants,
    quoted as they are: no user text)."""
    attrs = {k: v for k, v in EDGE_STYLE[kind].items() if k not in _LAYOUT_ONLY}
    attrs["dir"] = {(True, True): "both", (True, False): "forward", (False, True): "back"}.get(
        (head, tail), "none"
    )
    return " ".join(f'{key}="{value}"' for key, value in sorted(attrs.items()))


def _edge(
    dot: graphviz.Digraph, tail: str, head: str, style: str, extra: Mapping[str, str]
) -> None:
    """An edge written as DOT text directly, not through the package's quoting of every value:
    at 15,000 connectors that took 1.2 s of the drawing's 1.9 s. Its ends are generated ids,
    its style constants, `pos` numbers and a label `edge_label`'s escaped HTML-like text."""
    for end in (tail, head):
        if not _DOT_ID.fullmatch(end):
            raise ValueError(f"{end!r} is not a generated node id")
    attrs = "".join(
        f" {key}={value}" if value.startswith("<") else f' {key}="{value}"'
        for key, value in extra.items()
    )
    dot.body.append(f"\t{tail} -> {head} [{style}{attrs}]\n")


def _toward(a: Point, b: Point, distance: float) -> Point:
    """`b` moved `distance` back towards `a` (never past it)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0.0:
        return b
    t = max(0.0, 1.0 - distance / length)
    return (a[0] + dx * t, a[1] + dy * t)


def _spline(points: Sequence[Point], head: bool, tail: bool, flip: float) -> str:
    """A polyline as Graphviz's edge `pos`: a B-spline of 3n+1 points whose segments a→b are
    written a, b, b, so each is drawn straight. An arrowhead is drawn from the spline's end to
    the `e` (or `s`) point: the line stops one arrow short of the border and the tip touches
    it."""
    line = list(points)
    ends = []
    if tail and len(line) > 1:
        ends.append(f"s,{_pos(line[0], flip)}")
        line[0] = _toward(line[1], line[0], ARROW_LENGTH)
    if head and len(line) > 1:
        ends.append(f"e,{_pos(line[-1], flip)}")
        line[-1] = _toward(line[-2], line[-1], ARROW_LENGTH)
    at = [_pos(point, flip) for point in line]
    spline = [at[0]]
    for a, b in pairwise(at):
        spline += (a, b, b)
    return " ".join([*ends, *spline])


def _middle(points: Sequence[Point]) -> Point:
    """The point halfway along a polyline."""
    segments = list(pairwise(points))
    lengths = [((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for a, b in segments]
    left = sum(lengths) / 2
    for (a, b), length in zip(segments, lengths, strict=True):
        if left <= length and length > 0:
            t = left / length
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        left -= length
    return points[-1]


def _connector(dot: graphviz.Digraph, connector: Connector, flip: float) -> None:
    _, both = _arrows(connector.kind)
    head, tail = connector.arrow, connector.arrow and both
    attrs = {"pos": _spline(connector.points, head, tail, flip)}
    if connector.label:
        attrs["label"] = edge_label(connector.label)
        # the label's centre: where the layout put it, or a little above the line's middle so
        # the line does not strike it through
        if connector.label_at is not None:
            attrs["lp"] = _pos(connector.label_at, flip)
        else:
            x, y = _middle(connector.points)
            attrs["lp"] = _pos((x, y - EDGE_LABEL_POINTS * 0.8), flip)
    _edge(dot, connector.tail, connector.head, _edge_style(connector.kind, head, tail), attrs)


def _legend(dot: graphviz.Digraph, graph: Graph, frame: Box, flip: float) -> None:
    """The frame, its heading, and per entry a sample drawn as what it explains, then the
    words."""
    dot.node(
        "legend",
        "",
        style="rounded",
        color=FRAME_COLOR,
        id="legend",
        tooltip="Legend",
        **_sized(frame, flip),
    )
    plan = plan_legend(graph.legend, frame)
    _text(dot, "legend_heading", plan.heading, f"<B>{HEADING}</B>", flip)
    for i, row in enumerate(plan.rows):
        _sample(dot, f"legend_{i}", row, flip)
        words = f'<FONT POINT-SIZE="{LEGEND_POINTS:g}">{text(row.words)}</FONT>'
        _text(dot, f"legend_{i}_words", row.text, words, flip)


def _sample(dot: graphviz.Digraph, name: str, row: LegendRow, flip: float) -> None:
    box, entry = row.sample, row.entry
    if entry.edge is not None:
        left, right = (box.left, box.y), (box.right, box.y)
        _anchor(dot, f"{name}_from", left, flip)
        _anchor(dot, f"{name}_to", right, flip)
        head, tail = _arrows(entry.edge)
        attrs = {"id": f"{name}_line", "pos": _spline((left, right), head, tail, flip)}
        _edge(dot, f"{name}_from", f"{name}_to", _edge_style(entry.edge, head, tail), attrs)
        return
    style = ["rounded"]
    if entry.fill:
        style.append("filled")
    if entry.border != "solid":
        style.append(entry.border)
    attrs = {"fillcolor": entry.fill} if entry.fill else {}
    if entry.box == "overlay":
        attrs["peripheries"] = "2"
    elif entry.box == "collapsed":
        attrs["shape"] = "note"
    dot.node(name, "", id=name, style=",".join(style), **attrs, **_sized(box, flip))
