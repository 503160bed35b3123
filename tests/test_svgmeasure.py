"""The SVG measuring kit on SVG written by hand, where every number is known: the transform is
applied, paths and arrowheads are read, and the checks find what they are meant to find."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from svgmeasure import (
    Rect,
    aspect_ratio,
    largest_row,
    on_border,
    overlaps,
    parse_svg,
    rows,
    texts_inside,
)

# Two nodes (one linked, so its shape is nested in <a>), an edge with an arrowhead, a cluster, a
# text-only node; the graph is translated by (4, 104) as Graphviz does.
HAND_MADE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="208pt" height="108pt" viewBox="0.00 0.00 208.00 108.00"
 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 104)">
<title>Org &amp; &lt;co&gt;</title>
<polygon fill="white" stroke="transparent" points="-4,4 -4,-104 204,-104 204,4 -4,4"/>
<g id="clust1" class="cluster">
<title>cluster_eng</title>
<path fill="#f7f7f7" stroke="#bbbbbb"
 d="M10,-10C10,-10 190,-10 190,-10 190,-10 190,-60 190,-60 190,-60 10,-60 10,-60Z"/>
<text text-anchor="middle" x="100" y="-48" font-family="Helvetica" font-size="12.00">Eng</text>
</g>
<g id="person-a" class="node">
<title>p_a</title>
<polygon fill="#ddeeff" stroke="black" points="80,-70 20,-70 20,-100 80,-100 80,-70"/>
<text text-anchor="middle" x="50" y="-82" font-weight="bold" font-size="14.00">Ann</text>
</g>
<g id="person-b" class="node">
<title>p_b</title>
<g id="a_person-b"><a xlink:href="https://example.org" xlink:title="Bob">
<path fill="none" stroke="black" stroke-dasharray="5,2"
 d="M160,-20C160,-20 120,-20 120,-20 120,-20 120,-50 120,-50 120,-50 160,-50 160,-50
 160,-50 160,-20 160,-20"/>
<text text-anchor="start" x="125" y="-30" font-size="10.00">Bob</text>
</a></g>
</g>
<g id="title" class="node">
<title>title</title>
<text text-anchor="middle" x="150" y="-90" font-size="18.00">Org</text>
</g>
<g id="edge1" class="edge">
<title>p_a&#45;&gt;p_b</title>
<path fill="none" stroke="#555555" stroke-dasharray="5,2"
 d="M50,-70C50,-70 50,-60 50,-60 50,-60 140,-60 140,-60 140,-60 140,-56 140,-56"/>
<polygon fill="#555555" stroke="#555555" points="142,-56 140,-50 138,-56 142,-56"/>
</g>
</g>
</svg>
"""


def test_the_drawing_and_its_title() -> None:
    drawing = parse_svg(HAND_MADE)
    assert (drawing.width, drawing.height) == (208.0, 108.0)
    assert drawing.title == "Org & <co>"
    assert aspect_ratio(drawing) == pytest.approx(208 / 108)


def test_node_boxes_are_in_svg_coordinates_nested_links_included() -> None:
    drawing = parse_svg(HAND_MADE)
    ann, bob = drawing.node("person-a"), drawing.node("person-b")
    assert ann.name == "p_a" and ann.box == Rect(24, 4, 84, 34)
    assert ann.fill == "#ddeeff" and not ann.dashed
    assert bob.box == Rect(124, 54, 164, 84)
    assert bob.fill is None and bob.dashed
    assert [(t.text, t.x, t.y, t.anchor, t.size, t.bold) for t in ann.texts] == [
        ("Ann", 54, 22, "middle", 14.0, True)
    ]
    assert [t.text for t in bob.texts] == ["Bob"]
    assert texts_inside(ann) and texts_inside(bob)
    title = drawing.node("title")
    assert title.box is None and not texts_inside(title)  # no box to be inside of
    assert set(drawing.boxes()) == {"person-a", "person-b"}
    assert set(drawing.boxes(["person-b", "title"])) == {"person-b"}


def test_a_text_outside_its_box_is_found() -> None:
    moved = HAND_MADE.replace('x="125" y="-30"', 'x="125" y="-10"')
    assert not texts_inside(parse_svg(moved).node("person-b"))


def test_edges_give_their_corners_their_style_and_the_arrow_tip() -> None:
    (edge,) = parse_svg(HAND_MADE).edges
    assert edge.name == "p_a->p_b"
    assert edge.points == ((54, 34), (54, 44), (144, 44), (144, 48))
    assert edge.start == (54, 34)
    assert edge.end == (144, 54)  # the arrowhead's tip, not the line's end
    assert edge.stroke == "#555555" and edge.dashed and edge.width == 1.0
    drawing = parse_svg(HAND_MADE)
    a, b = drawing.node("person-a").box, drawing.node("person-b").box
    assert a is not None and b is not None
    assert on_border(edge.start, a) and on_border(edge.end, b)
    assert not on_border(edge.points[1], a) and not on_border(edge.points[-1], b)


def test_an_arrowhead_at_the_start_is_its_start() -> None:
    both = HAND_MADE.replace(
        '<polygon fill="#555555"',
        '<polygon fill="#555555" stroke="#555555" points="48,-64 50,-70 52,-64 48,-64"/>'
        '<polygon fill="#555555"',
    ).replace("M50,-70C50,-70 50,-60", "M50,-64C50,-64 50,-60")
    (edge,) = parse_svg(both).edges
    assert edge.start == (54, 34) and edge.end == (144, 54)


def test_clusters() -> None:
    (cluster,) = parse_svg(HAND_MADE).clusters
    assert cluster.id == "clust1" and cluster.box == Rect(14, 44, 194, 94)
    assert [t.text for t in cluster.texts] == ["Eng"]


def test_scale_is_applied() -> None:
    scaled = HAND_MADE.replace("scale(1 1)", "scale(0.5 0.5)")
    assert parse_svg(scaled).node("person-a").box == Rect(12, 2, 42, 17)


def test_rows_group_by_top_within_the_tolerance() -> None:
    boxes = [Rect(30, 0.5, 40, 10), Rect(0, 0, 10, 10), Rect(0, 20, 10, 30), Rect(15, 0.9, 25, 9)]
    assert rows(boxes) == [
        [Rect(0, 0, 10, 10), Rect(15, 0.9, 25, 9), Rect(30, 0.5, 40, 10)],
        [Rect(0, 20, 10, 30)],
    ]
    assert largest_row(boxes) == 3
    assert largest_row(boxes, tol=0.2) == 1
    assert largest_row([]) == 0


def test_on_border() -> None:
    box = Rect(0, 0, 100, 50)
    assert on_border((0, 25), box) and on_border((50, 50.8), box) and on_border((100, 0), box)
    assert not on_border((50, 25), box)  # inside
    assert not on_border((50, 53), box)  # outside
    assert on_border((50, 53), box, tol=3.5)


def test_overlaps_are_pairs_in_id_order_and_touching_is_not_overlapping() -> None:
    boxes = {
        "b": Rect(0, 0, 10, 10),
        "a": Rect(5, 5, 15, 15),
        "c": Rect(10, 0, 20, 10),  # touches b, overlaps a
        "d": Rect(100, 100, 110, 110),
    }
    assert overlaps(boxes) == [("a", "b"), ("a", "c")]
    assert overlaps({}) == []


_rects = st.builds(
    lambda x, y, w, h: Rect(x, y, x + w, y + h),
    st.floats(0, 500),
    st.floats(0, 500),
    st.floats(1, 120),
    st.floats(1, 60),
)


@given(st.lists(_rects, max_size=30))
def test_overlaps_finds_what_comparing_every_pair_finds(found: list[Rect]) -> None:
    boxes = {f"n{i:02}": r for i, r in enumerate(found)}
    every_pair = sorted(
        (a, b) for a, b in combinations(sorted(boxes), 2) if boxes[a].intersects(boxes[b], 0.5)
    )
    assert overlaps(boxes) == every_pair
