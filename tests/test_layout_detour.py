"""Connectors around cards (`layout.detour`): right-angled, through no card, labels on none."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.layout.detour import route_all
from orgmodel.layout.model import Box, Point


def _crosses(a: Point, b: Point, box: Box) -> bool:
    lo_x, hi_x = sorted((a[0], b[0]))
    lo_y, hi_y = sorted((a[1], b[1]))
    return lo_x < box.right and hi_x > box.left and lo_y < box.bottom and hi_y > box.top


@st.composite
def rows_of_cards(draw: st.DrawFn) -> dict[str, Box]:
    """Cards in rows with gaps between them, as a chart lays them out."""
    columns, rows = draw(st.integers(2, 6)), draw(st.integers(1, 4))
    gap = draw(st.sampled_from([16.0, 24.0, 40.0]))
    return {
        f"c{r}_{c}": Box(c * (120 + gap) + 60, r * (50 + 36) + 25, 120, 50)
        for r in range(rows)
        for c in range(columns)
    }


@settings(max_examples=150, deadline=None)
@given(rows_of_cards(), st.data())
def test_a_detour_crosses_no_card_and_its_label_covers_none(
    boxes: dict[str, Box], data: st.DataObject
) -> None:
    names = sorted(boxes)
    ends = data.draw(
        st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=5)
    )
    pairs: list[tuple[str, str, str | None]] = [
        (a, b, "3 people · 100%") for a, b in ends if a != b
    ]
    routed = route_all(pairs, boxes, ())
    assert len(routed) == len(pairs)
    labels = []
    for (tail, head, _), found in zip(pairs, routed, strict=True):
        assert found is not None  # rows with gaps always leave a way round
        points = found.points
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points))
        # it starts on the tail's top or bottom border and ends on the head's
        assert points[0][1] in (boxes[tail].top, boxes[tail].bottom)
        assert points[-1][1] in (boxes[head].top, boxes[head].bottom)
        for name, box in boxes.items():
            if name in (tail, head):
                continue
            assert not any(_crosses(a, b, box) for a, b in itertools.pairwise(points))
        if found.label_at is not None:
            labels.append(found.label_at)
            x, y = found.label_at
            assert not any(
                abs(x - b.x) < b.width / 2 and abs(y - b.y) < b.height / 2 for b in boxes.values()
            )
    assert len(set(labels)) == len(labels)


def test_a_split_shares_one_trunk() -> None:
    """Arrows from one card to several may run along one trunk, as a bus does; arrows between
    other cards keep off it."""
    boxes = {f"c{i}": Box(i * 160 + 60, 25, 120, 50) for i in range(5)}
    pairs = [("c4", f"c{i}", f"{i} people") for i in range(4)]
    routed = route_all(pairs, boxes, ())
    lanes = {p[1] for r in routed if r for p in r.points[1:-1]}
    assert len(lanes) == 1  # one lane under the row carries all four


def test_a_region_too_big_to_search_is_drawn_straight() -> None:
    boxes = {f"c{i}_{j}": Box(i * 140, j * 90, 120, 50) for i in range(150) for j in range(150)}
    assert route_all([("c0_0", "c149_149", None)], boxes, ()) == [None]
