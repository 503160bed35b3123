"""Drawing a laid-out chart at fixed positions (`render_positioned_dot`, `-Kneato -n2`), checked
by measuring the SVG each layout program draws from hand-built layouts: cards where the layout
put them, connectors from border to border in their styles, clusters behind their members, the
title and legend inside their boxes, hostile text drawn literally, the same bytes every time."""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from svgmeasure import Drawing, Rect, on_border, overlaps, parse_svg, texts_inside

from orgmodel import bidi
from orgmodel.errors import ExternalProgramError
from orgmodel.formats.registry import Format
from orgmodel.graph.model import Cluster, Edge, Graph, LegendEntry, Line, Node, NodeKind
from orgmodel.layout.legend import legend_size, plan_legend, title_size
from orgmodel.layout.model import Box, Card, Connector, Layout, Point, Size
from orgmodel.render.graphviz import run_layout
from orgmodel.render.positioned import ARROW_LENGTH, PAD_POINTS, render_positioned_dot

from conftest import PROGRAMS

CARD = Size(140, 44)


def _node(ident: str, name: str, title: str, kind: NodeKind = "person", **kw: object) -> Node:
    return Node(
        id=f"p_{ident}",
        kind=kind,
        lines=(Line(name, bold=True), Line(title)),
        element_id=f"person-{ident}",
        tooltip=f"{name} — {title}",
        **kw,  # type: ignore[arg-type]
    )


def _bus(boxes: dict[str, Box], tail: str, head: str) -> Connector:
    """A right-angled connector from the bottom of `tail`'s card to the top of `head`'s."""
    top, below = boxes[tail], boxes[head]
    middle = (top.bottom + below.top) / 2
    points = ((top.x, top.bottom), (top.x, middle), (below.x, middle), (below.x, below.top))
    return Connector(tail, head, "reports", points, arrow=True)


LEGEND = (
    LegendEntry("Engineering", fill="#DDEEFF"),
    LegendEntry("open position", border="dashed"),
    LegendEntry("dotted-line manager", edge="dotted"),
    LegendEntry("collaboration", edge="collaboration"),
    LegendEntry("lineage", edge="lineage"),
)


def _chart(name: str = "Acme", people: Sequence[str] = ()) -> tuple[Graph, Layout]:
    """A manager, two reports in a cluster (one filled, one an open position), a collapsed
    subtree, a dotted-line manager with a label, a title with a caption and a legend with every
    kind of sample; `people` replaces the names (for hostile text)."""
    names = list(people) or ["Ann", "Bob", "Cy", "Di"]
    nodes = [
        _node("a", names[0], "Chief"),
        _node("b", names[1], "Engineer", fill="#DDEEFF", cluster="eng", url="https://e.org/b"),
        _node("c", names[2], "Open: Engineer", kind="vacancy", border="dashed", cluster="eng"),
        _node("d", names[3], "+12 people in 3 units", kind="collapsed"),
    ]
    edges = [
        Edge("p_a", "p_b", "reports"),
        Edge("p_a", "p_c", "reports"),
        Edge("p_a", "p_d", "reports"),
        Edge("p_d", "p_b", "dotted", label=f"dotted {names[0]}"),
    ]
    graph = Graph.of(
        name,
        "TB",
        nodes,
        edges,
        (Cluster("eng", f"Eng {name}", "unit-eng"),),
        LEGEND,
        caption=f"as of 2026-01-01 {name}",
    )
    heading = title_size(graph.title, graph.caption)
    width = 640.0
    title = Box(width / 2, 12 + heading.height / 2, heading.width, heading.height)
    top = title.bottom + 30
    boxes = {
        "p_a": Box(320, top + CARD.height / 2, CARD.width, CARD.height),
        "p_b": Box(120, top + 150, CARD.width, CARD.height),
        "p_c": Box(300, top + 150, CARD.width, CARD.height),
        "p_d": Box(520, top + 150, CARD.width, CARD.height),
    }
    b, d = boxes["p_b"], boxes["p_d"]
    connectors = (
        _bus(boxes, "p_a", "p_b"),
        _bus(boxes, "p_a", "p_c"),
        _bus(boxes, "p_a", "p_d"),
        Connector(
            "p_d",
            "p_b",
            "dotted",
            ((d.x, d.bottom), (d.x, d.bottom + 20), (b.x, d.bottom + 20), (b.x, b.bottom)),
            arrow=True,
            label=f"dotted {names[0]}",
        ),
    )
    cluster = Box(210, b.y - 8, 2 * CARD.width + 80, CARD.height + 50)
    frame = legend_size(LEGEND)
    legend = Box(12 + frame.width / 2, b.bottom + 60 + frame.height / 2, frame.width, frame.height)
    cards = {n.id: Card(n.lines, CARD) for n in nodes}
    layout = Layout(
        cards, boxes, connectors, {"eng": cluster}, title, legend, width, legend.bottom + 12
    )
    return graph, layout


def _draw(program: str, graph: Graph, layout: Layout, fmt: str = "svg") -> bytes:
    return run_layout(render_positioned_dot(graph, layout), Format(fmt), program, positioned=True)


def _svg_rect(box: Box) -> Rect:
    """Where a layout box lands in the SVG: Graphviz's margin is added on every side."""
    return Rect(
        box.left + PAD_POINTS, box.top + PAD_POINTS, box.right + PAD_POINTS, box.bottom + PAD_POINTS
    )


def _same(a: Rect | None, b: Rect, tol: float = 1.0) -> bool:
    return a is not None and all(
        abs(x - y) <= tol
        for x, y in zip(
            (a.left, a.top, a.right, a.bottom), (b.left, b.top, b.right, b.bottom), strict=True
        )
    )


def _tip_tolerance(program: str, pen: float) -> float:
    """graphviz-pure (Graphviz 16) draws an arrowhead short of the `e` point so that its
    outline's mitred tip, not the polygon's, reaches it: by (pen / 2) / sin(half the arrow's
    angle), 1.5 points per point of pen at arrowsize 0.6."""
    return 1.0 + (1.6 * pen if "graphviz-pure" in program else 0.0)


def _cards(graph: Graph, drawing: Drawing) -> dict[str, Rect]:
    return drawing.boxes(n.element_id for n in graph.nodes)


# -- where things are -------------------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_cards_are_drawn_where_the_layout_put_them(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    assert drawing.width == pytest.approx(layout.width + 2 * PAD_POINTS, abs=1)
    assert drawing.height == pytest.approx(layout.height + 2 * PAD_POINTS, abs=1)
    for node in graph.nodes:
        drawn = drawing.node(node.element_id)
        assert _same(drawn.box, _svg_rect(layout.boxes[node.id])), (node.id, drawn.box)
        assert texts_inside(drawn), node.id
        assert [t.text for t in drawn.texts] == [line.text for line in node.lines]
        assert [t.bold for t in drawn.texts] == [line.bold for line in node.lines]
        assert [t.size for t in drawn.texts] == [14.0, 10.0]
    assert overlaps(_cards(graph, drawing)) == []


@pytest.mark.parametrize("program", PROGRAMS)
def test_node_styles_are_kept(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    assert drawing.node("person-b").fill == "#ddeeff"
    assert drawing.node("person-c").dashed and drawing.node("person-c").fill is None
    assert not drawing.node("person-a").dashed
    svg = _draw(program, graph, layout).decode()
    assert 'href="https://e.org/b"' in svg
    assert "<title>Ann — Chief</title>" in svg or 'title="Ann — Chief"' in svg


@pytest.mark.parametrize("program", PROGRAMS)
def test_connectors_run_from_border_to_border_along_the_layouts_polyline(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    by_name = {edge.name: edge for edge in drawing.edges}
    for connector in layout.connectors:
        edge = by_name[f"{connector.tail}->{connector.head}"]
        tail = _svg_rect(layout.boxes[connector.tail])
        head = _svg_rect(layout.boxes[connector.head])
        assert on_border(edge.start, tail), (connector, edge.start)
        assert on_border(edge.end, head, _tip_tolerance(program, edge.width)), (connector, edge.end)
        assert not on_border(edge.points[-1], head, ARROW_LENGTH - 1)  # the arrow draws the rest
        shifted = [(x + PAD_POINTS, y + PAD_POINTS) for x, y in connector.points]
        assert [pytest.approx(p, abs=0.5) for p in edge.points[:-1]] == shifted[:-1]
        assert len(edge.arrowheads) == 1
    dotted = by_name["p_d->p_b"]
    assert dotted.dashed and dotted.stroke == "#777777"
    assert not by_name["p_a->p_b"].dashed and by_name["p_a->p_b"].stroke == "#555555"


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_edge_label_sits_at_the_middle_of_its_connector(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    (edge,) = [e for e in drawing.edges if e.name == "p_d->p_b"]
    connector = layout.connectors[-1]
    (x0, _), (x1, y1) = connector.points[1], connector.points[2]
    (label,) = edge.texts
    assert label.text == "dotted Ann" and label.size == 9.0
    # Graphviz writes an HTML-like label's text from its start: centred on the long run's middle
    middle = (x0 + x1) / 2 + PAD_POINTS
    assert middle - 40 < label.x < middle - 10
    assert 0 < (y1 + PAD_POINTS) - label.y < 12  # just above the line
    assert edge.dashed


@pytest.mark.parametrize("program", PROGRAMS)
def test_clusters_are_drawn_behind_their_members_with_the_unit_name_at_the_top(
    program: str,
) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    (cluster,) = drawing.clusters
    assert cluster.id == "unit-eng"
    expected = _svg_rect(layout.clusters["eng"])
    assert _same(cluster.box, expected)
    (label,) = cluster.texts
    assert label.text == "Eng Acme" and label.size == 12.0
    assert expected.top < label.y < expected.top + 20
    for member in ("person-b", "person-c"):
        box = drawing.node(member).box
        assert box is not None and cluster.box.contains(box.centre) and label.y < box.top


@pytest.mark.parametrize("program", PROGRAMS)
def test_title_and_legend_are_inside_their_boxes(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    title = drawing.node("title")
    assert [(t.text, t.bold, t.size) for t in title.texts] == [
        ("Acme", True, 18.0),
        ("as of 2026-01-01 Acme", False, 11.0),
    ]
    area = _svg_rect(layout.title)
    assert all(area.contains((t.x, t.y)) for t in title.texts)
    assert layout.legend is not None
    frame = _svg_rect(layout.legend)
    assert _same(drawing.node("legend").box, frame)
    pieces = [n for n in drawing.nodes if n.id.startswith("legend_")]
    assert {"legend_heading", *(f"legend_{i}_words" for i in range(len(LEGEND)))} <= {
        n.id for n in pieces
    }
    for node in pieces:
        assert node.box is None or frame.contains(node.box.centre), node.id
        assert all(frame.contains((t.x, t.y)) for t in node.texts), node.id
    words = [t.text for i in range(len(LEGEND)) for t in drawing.node(f"legend_{i}_words").texts]
    assert words == [
        "Engineering",
        "open position",
        "dotted-line manager",
        "collaboration",
        "lineage, old unit to new (split, merge, carve-out)",
    ]
    # the words of every row start at the same left, where the plan put them
    plan = plan_legend(LEGEND, layout.legend)
    lefts = [drawing.node(f"legend_{i}_words").texts[0] for i in range(len(LEGEND))]
    for text, row in zip(lefts, plan.rows, strict=True):
        assert text.anchor == "start"
        assert text.x == pytest.approx(row.text.left + PAD_POINTS, abs=1.5)


@pytest.mark.parametrize("program", PROGRAMS)
def test_the_legend_samples_are_drawn_as_what_they_explain(program: str) -> None:
    graph, layout = _chart()
    drawing = parse_svg(_draw(program, graph, layout))
    assert drawing.node("legend_0").fill == "#ddeeff"
    assert drawing.node("legend_1").dashed and drawing.node("legend_1").fill is None
    lines = {e.id: e for e in drawing.edges if e.id.startswith("legend_")}
    assert set(lines) == {"legend_2_line", "legend_3_line", "legend_4_line"}
    chart = {e.name: e for e in drawing.edges}
    assert (lines["legend_2_line"].stroke, lines["legend_2_line"].dashed) == (
        chart["p_d->p_b"].stroke,
        True,
    )
    collaboration, lineage = lines["legend_3_line"], lines["legend_4_line"]
    assert collaboration.stroke == "#7b3294" and len(collaboration.arrowheads) == 2
    assert lineage.stroke == "#0072b2" and lineage.width == 2.0
    assert len(lineage.arrowheads) == 1
    for line in lines.values():
        start, end = line.start, line.end
        # a real sample, left to right, whole but for the arrowheads' tolerance at each end
        assert end[0] - start[0] == pytest.approx(36, abs=2 * _tip_tolerance(program, line.width))
        assert start[1] == pytest.approx(end[1])


# -- text ---------------------------------------------------------------------------------------

HOSTILE = [
    'Ann <b>"&amp;"</b> \'s',
    r"Bo \N \G \L \T \\ x",
    "] Cy [x]",
    "Di \u202egnp.exe\u202c \ufffe end \\",
]


@pytest.mark.parametrize("program", PROGRAMS)
def test_hostile_text_draws_literally(program: str) -> None:
    org = 'Org "x" <&> \\N \u202e'
    graph, layout = _chart(org, HOSTILE)
    drawing = parse_svg(_draw(program, graph, layout))
    for node, name in zip(sorted(graph.nodes, key=lambda n: n.id), HOSTILE, strict=True):
        drawn = drawing.node(node.element_id)
        assert drawn.texts[0].text == bidi.drawable(name), node.id
    assert drawing.title == bidi.drawable(org)
    shown = [t.text for n in drawing.nodes for t in n.texts]
    assert bidi.drawable(org) in shown
    assert f"as of 2026-01-01 {bidi.drawable(org)}" in shown
    assert f"Eng {bidi.drawable(org)}" in [t.text for c in drawing.clusters for t in c.texts]
    assert not bidi.contains(_draw(program, graph, layout).decode())
    labels = [t.text for e in drawing.edges for t in e.texts]
    assert labels == [f"dotted {HOSTILE[0]}"]


def test_the_same_input_gives_the_same_bytes() -> None:
    graph, layout = _chart("Acme", HOSTILE)
    first = render_positioned_dot(graph, layout)
    again = _chart("Acme", HOSTILE)
    assert render_positioned_dot(*again) == first


@pytest.mark.parametrize("program", PROGRAMS)
def test_the_same_input_draws_the_same_svg(program: str) -> None:
    graph, layout = _chart()
    assert _draw(program, graph, layout) == _draw(program, graph, layout)


def test_a_node_the_layout_does_not_place_is_an_error() -> None:
    graph, layout = _chart()
    missing = Layout({}, {}, (), {}, layout.title, None, layout.width, layout.height)
    with pytest.raises(ValueError, match="no card for node p_a"):
        render_positioned_dot(graph, missing)


# -- images -------------------------------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_png_is_the_drawing_at_96_dpi(program: str, tmp_path: Path) -> None:
    graph, layout = _chart("图表 Ωmega")
    png = _draw(program, graph, layout, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == pytest.approx((layout.width + 2 * PAD_POINTS) * 96 / 72, abs=2)
    assert height == pytest.approx((layout.height + 2 * PAD_POINTS) * 96 / 72, abs=2)
    (tmp_path / "chart.png").write_bytes(png)


@pytest.mark.parametrize("program", PROGRAMS)
def test_dot_is_not_asked_to_lay_out(program: str) -> None:
    """The same DOT laid out by `dot` itself moves every card: the positions come from -n2."""
    graph, layout = _chart()
    source = render_positioned_dot(graph, layout)
    laid_out = subprocess.run(
        [program, "-Tsvg"], input=source.encode(), capture_output=True, check=True
    ).stdout
    box = parse_svg(laid_out).node("person-a").box
    assert not _same(box, _svg_rect(layout.boxes["p_a"]))


# -- any layout ---------------------------------------------------------------------------------


def _grid(sizes: list[tuple[float, float]], columns: int) -> tuple[Graph, Layout]:
    """Cards of the given sizes in a grid of cells as big as the largest, each connected to the
    first by a right-angled line."""
    cell_w = max(w for w, _ in sizes) + 20
    cell_h = max(h for _, h in sizes) + 40
    nodes, boxes, connectors = [], {}, []
    for i, (w, h) in enumerate(sizes):
        node = _node(f"{i:03}", f"P{i}", "t")
        nodes.append(node)
        boxes[node.id] = Box(
            20 + (i % columns + 0.5) * cell_w, 80 + (i // columns + 0.5) * cell_h, w, h
        )
    root = boxes[nodes[0].id]
    for node in nodes[1:]:
        box = boxes[node.id]
        points: tuple[Point, ...] = (
            (root.x, root.bottom),
            (root.x, box.top - 10),
            (box.x, box.top - 10),
            (box.x, box.top),
        )
        connectors.append(Connector(nodes[0].id, node.id, "reports", points, arrow=True))
    rows = (len(sizes) + columns - 1) // columns
    width, height = 40 + columns * cell_w, 100 + rows * cell_h
    graph = Graph.of("Grid", "TB", nodes, [])
    cards = {n.id: Card(n.lines, Size(boxes[n.id].width, boxes[n.id].height)) for n in nodes}
    title = Box(width / 2, 30, 100, 30)
    return graph, Layout(cards, boxes, tuple(connectors), {}, title, None, width, height)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.floats(60, 200), st.floats(30, 80)), min_size=2, max_size=12),
    st.integers(1, 5),
)
def test_any_grid_is_drawn_where_it_was_laid_out(
    sizes: list[tuple[float, float]], columns: int
) -> None:
    program = next((p.values[0] for p in PROGRAMS if p.values[0]), None)
    if program is None:
        pytest.skip("no layout program is installed")
    graph, layout = _grid(sizes, columns)
    drawing = parse_svg(_draw(str(program), graph, layout))
    for node in graph.nodes:
        assert _same(drawing.node(node.element_id).box, _svg_rect(layout.boxes[node.id]))
    assert overlaps(_cards(graph, drawing)) == []
    for edge in drawing.edges:
        tail, head = edge.name.split("->")
        assert on_border(edge.start, _svg_rect(layout.boxes[tail]))
        assert on_border(
            edge.end, _svg_rect(layout.boxes[head]), _tip_tolerance(str(program), edge.width)
        )


def test_a_node_id_that_is_not_generated_is_refused() -> None:
    """Cards and connectors are written as DOT text directly: only generated ids go in."""
    graph, layout = _chart()
    odd = Node("a b", "person", (Line("A", bold=True),), "person-x", "A")
    box = Box(100, 100, 50, 20)
    cards = {"a b": Card(odd.lines, Size(50, 20))}
    weird = Layout(cards, {"a b": box}, (), {}, layout.title, None, 300, 300)
    with pytest.raises(ValueError, match="not a generated node id"):
        render_positioned_dot(Graph.of("x", "TB", [odd], []), weird)
    loop = Connector("p_a", 'p_b" -> x', "reports", ((0, 0), (1, 1)))
    with pytest.raises(ValueError, match="not a generated node id"):
        render_positioned_dot(graph, Layout(**{**layout.__dict__, "connectors": (loop,)}))


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_program_that_cannot_draw_says_so(program: str) -> None:
    with pytest.raises(ExternalProgramError, match="failed to write SVG"):
        run_layout("digraph { a [pos=", Format.svg, program, positioned=True)
