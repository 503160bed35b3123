"""Graph → DOT, through the `graphviz` package's Digraph. Every label is an HTML-like label built
from escaped text, so no name can inject DOT, HTML or SVG; node ids are generated."""

from __future__ import annotations

import re

import graphviz

from orgmodel import bidi
from orgmodel.graph.model import Edge, EdgeKind, Graph, LegendEntry, Line, Node, Row
from orgmodel.layout.fonts import DETAIL_POINTS, EDGE_LABEL_POINTS, FONT
from orgmodel.layout.legend import EDGE_MEANING

# How each kind of edge is drawn, by Graphviz's own layout and from fixed positions alike.
EDGE_STYLE: dict[str, dict[str, str]] = {
    "reports": {},
    "unit": {},
    "assistant": {"style": "dashed", "arrowhead": "none", "constraint": "false"},
    "dotted": {"style": "dashed", "color": "#777777", "constraint": "false"},
    "spans": {"style": "dashed", "color": "#777777", "arrowhead": "none", "constraint": "false"},
    # An overlay sits among its parent's children: the edge ranks it, the style says "overlay".
    "overlay": {"style": "dashed", "color": "#777777", "arrowhead": "none"},
    "collaboration": {"style": "bold", "color": "#7B3294", "dir": "both", "constraint": "false"},
    "x-as-a-service": {"color": "#0072B2", "constraint": "false"},
    "facilitating": {"style": "dotted", "color": "#009E73", "constraint": "false"},
    # Lineage says where a unit went, not where it sits: it must not rank the new unit under the
    # old one (it would read as its child).
    "lineage": {"style": "bold", "color": "#0072B2", "penwidth": "2", "constraint": "false"},
}
# Box styles described in words, by the kind of node the style marks.
_LEGEND_BOX = {"overlay": "double box", "collapsed": "folded box"}
# Line styles described in words, since this legend has no line samples: box-drawing glyphs are
# missing from some layout programs' fonts.
_LOOKS: dict[EdgeKind, str] = {
    "dotted": "dashed grey arrow",
    "spans": "dashed grey line, no arrow",
    "collaboration": "bold purple line",
    "x-as-a-service": "blue arrow",
    "facilitating": "dotted green arrow",
    "lineage": "bold blue arrow",
}
_LEGEND_LINE = {kind: f"{looks}: {EDGE_MEANING[kind]}" for kind, looks in _LOOKS.items()}


# What html.escape(quote=True) does, control characters to spaces, bidirectional controls to
# visible markers and backslashes doubled, in one C pass (a 10,000-person chart escapes some
# 50,000 texts). Graphviz expands `\N`, `\G` and the like even in HTML-like labels; `\\` is
# its escape for one literal backslash there. Graphviz 2.4x refuses a text that starts with `]`,
# so `]` is written as a character reference.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_LABEL_TEXT = str.maketrans(
    {
        **bidi.CONTROLS_TO_SPACES,
        **_HTML,
        **{c: "".join(_HTML.get(x, x) for x in marker) for c, marker in bidi.MARKERS.items()},
        "\\": "\\\\",
        "]": "&#93;",
    }
)
# A tooltip is expanded twice (`\\N` in one still shows the node's name), so each backslash is
# written four times; `&` as in `ampersands`. Graphviz escapes `<`, `>` and quotes itself, and
# the package quotes the value.
_TOOLTIP = str.maketrans(
    {**bidi.CONTROLS_TO_SPACES, **bidi.MARKERS, "&": "&amp;", "\\": "\\\\\\\\"}
)
# A backslash before a quote or at the end of the graph's name would escape the closing quote:
# the name is taken as written (it is the SVG's <title>), so such a backslash gets a space.
_BEFORE_QUOTE = re.compile(r'\\+(?="|$)')


def text(value: str) -> str:
    """User text for an HTML-like label: escaped, one line, no control characters, and every
    character drawn as itself."""
    return value.translate(_LABEL_TEXT)


def tooltip(value: str) -> str:
    """User text for a node's or the graph's tooltip, shown literally."""
    escaped: str = graphviz.nohtml(value.translate(_TOOLTIP))
    return escaped


def graph_name(value: str) -> str:
    """The graph's name, which Graphviz writes unexpanded as the SVG's <title>."""
    name = ampersands(bidi.drawable(value))
    escaped: str = graphviz.nohtml(_BEFORE_QUOTE.sub(r"\g<0> ", name))
    return escaped


def attribute(value: str) -> str:
    """A generated value for a quoted attribute (an element id, a link): backslashes kept
    literal, so `\\N` or a final backslash cannot expand or break out; the package quotes the
    rest."""
    escaped: str = graphviz.escape(value.translate(bidi.CONTROLS_TO_SPACES))
    return escaped


def ampersands(value: str) -> str:
    """`&` as `&amp;`, for values Graphviz copies into SVG attributes: 2.4x copies a link
    unescaped (a bare `&` is not XML) and every version keeps what looks like an entity as it is
    (`&lt;` in a tooltip would show as `<`). A PDF's link then carries `&amp;`: better than an
    SVG that is not XML."""
    return value.replace("&", "&amp;")


def card_lines(lines: tuple[Line, ...]) -> str:
    """A card's lines as HTML-like label markup (without the enclosing `<>`): the bold line at
    the default NAME_POINTS, the others at DETAIL_POINTS, the markup the layout sizes for."""
    parts = []
    for line in lines:
        escaped = text(line.text)
        parts.append(
            f"<B>{escaped}</B>"
            if line.bold
            else f'<FONT POINT-SIZE="{DETAIL_POINTS:g}">{escaped}</FONT>'
        )
    return "<BR/>".join(parts)


def _row(row: Row) -> str:
    # An HTML-like label's entities are decoded once before Graphviz copies the values.
    attrs = f' ID="{text(row.element_id)}" TOOLTIP="{text(ampersands(row.tooltip))}"'
    if row.url:
        attrs += f' HREF="{text(ampersands(row.url))}"'
    if row.vacant:
        attrs += ' BGCOLOR="#F2F2F2"'
    # BALIGN aligns the lines after each <BR/> as ALIGN does the first: name and title together.
    cell = f'<TD PORT="{row.port}" ALIGN="LEFT" BALIGN="LEFT"{attrs}>'
    return f"<TR>{cell}{card_lines(row.lines)}</TD></TR>"


def _label(node: Node) -> str:
    if node.rows:
        head = f'<TR><TD ALIGN="LEFT"><I>{text(node.lines[0].text)}</I></TD></TR>'
        body = "".join(_row(row) for row in node.rows)
        return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">{head}{body}</TABLE>>'
    return f"<{card_lines(node.lines)}>"


def edge_label(label: str) -> str:
    return f'<<FONT POINT-SIZE="{EDGE_LABEL_POINTS:g}">{text(label)}</FONT>>'


def node_attrs(node: Node) -> dict[str, str]:
    """A node's ids, tooltip, link, fill and line style, however it is laid out."""
    style = ["rounded"]
    if node.fill:
        style.append("filled")
    if node.border != "solid":
        style.append(node.border)
    attrs = {
        "id": attribute(node.element_id),
        "tooltip": tooltip(node.tooltip),
        "style": ",".join(style),
    }
    if node.fill:
        attrs["fillcolor"] = node.fill
    if node.url:
        attrs["URL"] = attribute(ampersands(node.url))
    if node.kind == "collapsed":
        attrs["shape"] = "note"
    if node.kind == "overlay":  # its own mark: an outline style means open or removed
        attrs["peripheries"] = "2"
    return attrs


def _legend(entries: tuple[LegendEntry, ...]) -> str:
    rows = []
    for entry in entries:
        if entry.fill:
            swatch = f'<TD BGCOLOR="{entry.fill}" WIDTH="16"> </TD>'
            rows.append(f'<TR>{swatch}<TD ALIGN="LEFT">{text(entry.label)}</TD></TR>')
        elif entry.edge:
            shown = _LEGEND_LINE.get(entry.edge, entry.label)
            rows.append(f'<TR><TD></TD><TD ALIGN="LEFT">{text(shown)}</TD></TR>')
        else:
            box = _LEGEND_BOX.get(entry.box or "", f"{entry.border} box")
            rows.append(f'<TR><TD></TD><TD ALIGN="LEFT">{box}: {text(entry.label)}</TD></TR>')
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2"><TR><TD COLSPAN="2"><B>Legend</B>'
        f"</TD></TR>{''.join(rows)}</TABLE>>"
    )


def to_digraph(graph: Graph) -> graphviz.Digraph:
    dot = graphviz.Digraph(name=graph_name(graph.title))
    dot.attr(
        rankdir=graph.direction,
        label=f"<<B>{text(graph.title)}</B>"
        + (f"<BR/>{text(graph.caption)}" if graph.caption else "")
        + ">",
        labelloc="t",
        fontname=FONT,
        tooltip=tooltip(graph.title),
        newrank="true",
    )
    dot.attr("node", shape="box", fontname=FONT, margin="0.15,0.06")
    dot.attr("edge", color="#555555", arrowsize="0.6", fontname=FONT)
    children, by_id, members = graph.cluster_tree()

    def fill(target: graphviz.Digraph, cluster: str | None) -> None:
        for node in members.get(cluster, ()):
            target.node(node.id, _label(node), **node_attrs(node))
        for child in children.get(cluster, ()):
            info = by_id[child]
            with target.subgraph(name=f"cluster_{child}") as sub:
                sub.attr(
                    label=f"<{text(info.label)}>",
                    id=attribute(info.element_id),
                    style="rounded",
                    color="#BBBBBB",
                    fontname=FONT,
                )
                fill(sub, child)

    fill(dot, None)
    for edge in graph.edges:
        _edge(dot, edge)
        if edge.kind == "assistant":  # beside their manager, not in the row of reports
            with dot.subgraph() as beside:
                beside.attr(rank="same")
                beside.node(edge.tail)
                beside.node(edge.head)
    if graph.legend:
        dot.node(
            "legend",
            _legend(graph.legend),
            shape="box",
            style="rounded",
            color="#BBBBBB",
            id="legend",
            tooltip="Legend",
        )
    return dot


def _edge(dot: graphviz.Digraph, edge: Edge) -> None:
    attrs = dict(EDGE_STYLE[edge.kind])
    if edge.label:
        attrs["label"] = edge_label(edge.label)
    # Ports are generated ids, like the nodes: `node:port` cannot be mistaken.
    tail = f"{edge.tail}:{edge.tail_port}" if edge.tail_port else edge.tail
    head = f"{edge.head}:{edge.head_port}" if edge.head_port else edge.head
    dot.edge(tail, head, **attrs)


def render_dot(graph: Graph) -> str:
    source: str = to_digraph(graph).source
    return source
