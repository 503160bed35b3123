"""The title block's and legend's sizes and the legend's plan: pure geometry the layout reserves
space with and the renderer draws in, so both agree on where every piece goes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgmodel.graph.model import LegendEntry
from orgmodel.layout import fonts, legend
from orgmodel.layout.legend import legend_size, meaning, plan_legend, text_width, title_size
from orgmodel.layout.model import Box

_entries = st.lists(
    st.one_of(
        st.builds(LegendEntry, st.text(max_size=40), fill=st.just("#DDEEFF")),
        st.builds(LegendEntry, st.text(max_size=40), border=st.just("dashed")),
        st.builds(
            LegendEntry,
            st.text(max_size=40),
            edge=st.sampled_from(["dotted", "collaboration", "lineage", "spans", "unit"]),
        ),
    ),
    max_size=12,
)


def _inside(inner: Box, outer: Box) -> bool:
    eps = 1e-6
    return (
        outer.left - eps <= inner.left
        and inner.right <= outer.right + eps
        and outer.top - eps <= inner.top
        and inner.bottom <= outer.bottom + eps
    )


@given(_entries, st.floats(0, 400), st.floats(0, 400), st.floats(0, 100))
def test_every_piece_of_the_legend_is_inside_its_frame_and_rows_do_not_meet(
    entries: list[LegendEntry], x: float, y: float, spare: float
) -> None:
    size = legend_size(entries)
    frame = Box(x, y, size.width + spare, size.height)
    plan = plan_legend(entries, frame)
    assert _inside(plan.heading, frame)
    assert [row.entry for row in plan.rows] == entries
    for row in plan.rows:
        assert _inside(row.sample, frame) and _inside(row.text, frame)
        assert row.sample.right < row.text.left  # the words follow the sample
        assert row.text.width >= text_width(row.words, size=fonts.LEGEND_POINTS) - 1e-6
    tops = [plan.heading.bottom, *(row.text.top for row in plan.rows)]
    bottoms = [plan.heading.bottom, *(row.text.bottom for row in plan.rows)]
    assert all(b <= t + 1e-6 for b, t in zip(bottoms, tops[1:], strict=False))


def test_the_legend_grows_with_its_rows_and_its_longest_words() -> None:
    one = legend_size([LegendEntry("a", fill="#fff")])
    two = legend_size([LegendEntry("a", fill="#fff"), LegendEntry("b", border="dashed")])
    longer = legend_size([LegendEntry("a much longer meaning", fill="#fff")])
    assert two.height - one.height == pytest.approx(legend.ROW_HEIGHT) and two.width == one.width
    assert longer.width > one.width and longer.height == one.height
    assert legend_size([]).width >= text_width("Legend", bold=True, size=fonts.NAME_POINTS)


def test_an_edge_style_is_explained_by_what_it_means() -> None:
    assert meaning(LegendEntry("dotted-line manager", edge="dotted")) == "dotted-line manager"
    assert meaning(LegendEntry("x-as-a-service", edge="x-as-a-service")) == (
        "x-as-a-service (provider to consumer)"
    )
    assert meaning(LegendEntry("reports", edge="reports")) == "reports"  # no entry: its label
    assert meaning(LegendEntry("open position", border="dashed")) == "open position"


def test_the_title_block_holds_the_title_and_the_caption() -> None:
    alone = title_size("Acme", None)
    captioned = title_size("Acme", "as of 2026-01-01, a long caption line")
    assert captioned.height > alone.height
    assert captioned.width > alone.width  # the caption is the wider line here
    assert alone.width == text_width("Acme", bold=True, size=fonts.TITLE_POINTS) + 16
    assert title_size("Acme", "").height == alone.height
