"""The org-chart layout's invariants (DESIGN §4), on the `Layout` itself: every card placed once,
no two cards overlapping, every connector running from its tail card's border to its head
card's, siblings in file order, rows of at most `MOST_IN_ROW`, and charts of any shape within the
page's aspect ratio."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.graph.chart import build_graph
from orgmodel.graph.model import Edge, EdgeKind, Graph, Line, Node
from orgmodel.graph.options import ChartOptions
from orgmodel.layout import layout_chart
from orgmodel.layout.model import Box, Layout, Point
from orgmodel.layout.orgchart import MOST_IN_ROW
from orgmodel.layout.tree import chart_tree
from orgmodel.pipeline import load_org

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import orggen

REPO = Path(__file__).resolve().parents[1]
TOLERANCE = 0.01


def _graph(parents: list[int | None], texts: list[str], assistants: set[int],
           dotted: list[tuple[int, int]], direction: str = "TB") -> Graph:  # fmt: skip
    nodes = [
        Node(f"n{i}", "person", (Line(f"P{i} {texts[i]}", bold=True), Line("Title")), f"e{i}", "t")
        for i in range(len(parents))
    ]
    edges: list[Edge] = []
    for i, parent in enumerate(parents):
        if parent is not None:
            kind: EdgeKind = "assistant" if i in assistants else "reports"
            edges.append(Edge(f"n{parent}", f"n{i}", kind))
    edges += [Edge(f"n{a}", f"n{b}", "dotted") for a, b in dotted if a != b]
    return Graph.of("Org", direction, nodes, edges)  # type: ignore[arg-type]


@st.composite
def org_graphs(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(1, 90))
    # Parents earlier in the list: a forest whose shape ranges from chains to wide fans.
    fan = draw(st.sampled_from([1, 3, 12, 60]))
    parents: list[int | None] = [None]
    for i in range(1, n):
        top = draw(st.booleans()) if i < 4 else draw(st.integers(0, 40)) == 0
        parents.append(None if top else draw(st.integers(max(0, i - fan), i - 1)))
    texts = [draw(st.text("abcdefgh ", max_size=40)) for _ in range(n)]
    assistants = set(draw(st.lists(st.integers(0, n - 1), max_size=3)))
    dotted = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4))
    direction = draw(st.sampled_from(["TB", "TB", "LR"]))
    return _graph(parents, texts, assistants, dotted, direction)


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.left < b.right - TOLERANCE
        and b.left < a.right - TOLERANCE
        and a.top < b.bottom - TOLERANCE
        and b.top < a.bottom - TOLERANCE
    )


def _on_border(point: Point, box: Box) -> bool:
    x, y = point
    inside = (
        box.left - TOLERANCE <= x <= box.right + TOLERANCE
        and box.top - TOLERANCE <= y <= box.bottom + TOLERANCE
    )
    edge = min(abs(x - box.left), abs(x - box.right), abs(y - box.top), abs(y - box.bottom))
    return inside and edge <= TOLERANCE


def check_layout(graph: Graph, layout: Layout) -> None:
    assert set(layout.boxes) == {node.id for node in graph.nodes} == set(layout.cards)
    boxes = list(layout.boxes.values())
    # Sweep by left edge: overlaps are found without comparing every pair of a 5,000-card chart.
    ordered = sorted(boxes, key=lambda b: b.left)
    for i, box in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.left >= box.right - TOLERANCE:
                break
            assert not _overlap(box, other), (box, other)
    for box in boxes:
        assert box.left >= -TOLERANCE and box.right <= layout.width + TOLERANCE
        assert box.top >= -TOLERANCE and box.bottom <= layout.height + TOLERANCE
    tree = chart_tree(graph)
    for c in layout.connectors:
        assert len(c.points) >= 2, c
        assert _on_border(c.points[0], layout.boxes[c.tail]), c
        assert _on_border(c.points[-1], layout.boxes[c.head]), c
        placing = c.kind in ("reports", "unit", "assistant", "overlay")
        if placing and tree.parent.get(c.head) == c.tail:  # the tree's own lines
            for (x1, y1), (x2, y2) in zip(c.points, c.points[1:], strict=False):
                assert abs(x1 - x2) < TOLERANCE or abs(y1 - y2) < TOLERANCE, c  # right angles
    placed = {(c.tail, c.head) for c in layout.connectors}
    for child, parent in tree.parent.items():
        assert (parent, child) in placed


def sibling_rows(graph: Graph, layout: Layout) -> list[list[str]]:
    """Each manager's placed children grouped into rows (cards sharing a top, or a left edge
    across the chart when it runs left to right)."""
    tree = chart_tree(graph)
    across = graph.direction in ("LR", "RL")
    rows: list[list[str]] = []
    for children in tree.children.values():
        by_line: dict[float, list[str]] = {}
        for child in children:
            box = layout.boxes[child]
            by_line.setdefault(round(box.left if across else box.top, 1), []).append(child)
        rows += by_line.values()
    return rows


def aspect(layout: Layout) -> float:
    return max(layout.width, layout.height) / min(layout.width, layout.height)


@settings(max_examples=60, deadline=None)
@given(org_graphs(), st.booleans())
def test_every_layout_is_well_formed(graph: Graph, compact: bool) -> None:
    layout = layout_chart(graph, compact=compact)
    check_layout(graph, layout)
    if compact:
        assert max((len(row) for row in sibling_rows(graph, layout)), default=0) <= MOST_IN_ROW


@settings(max_examples=30, deadline=None)
@given(org_graphs())
def test_the_same_graph_gives_the_same_layout(graph: Graph) -> None:
    assert layout_chart(graph) == layout_chart(graph)


def test_siblings_follow_the_file_left_to_right_and_row_by_row() -> None:
    # One manager, 23 reports with reports of their own (so none is a leaf block), and 9 leaves.
    parents: list[int | None] = [None, *([0] * 23), *range(1, 24), *([0] * 9)]
    graph = _graph(parents, ["x"] * len(parents), set(), [])
    layout = layout_chart(graph)
    reports = [f"n{i}" for i in range(1, 24)]
    boxes = [layout.boxes[r] for r in reports]
    reading = sorted(range(len(reports)), key=lambda i: (round(boxes[i].top), boxes[i].x))
    assert reading == list(range(len(reports)))
    leaves = [layout.boxes[f"n{i}"] for i in range(47, 56)]
    reading = sorted(range(9), key=lambda i: (round(leaves[i].top), leaves[i].x))
    assert reading == list(range(9))


def test_leaf_reports_go_in_a_block_not_a_row() -> None:
    graph = _graph([None, *([0] * 30)], ["x"] * 31, set(), [])
    layout = layout_chart(graph)
    check_layout(graph, layout)
    rows = sibling_rows(graph, layout)
    assert len(rows) >= 3 and max(len(row) for row in rows) <= MOST_IN_ROW
    assert aspect(layout) <= 3
    plain = layout_chart(graph, compact=False)
    assert len(sibling_rows(graph, plain)) == 1  # --no-compact: the plain tidy tree


def test_an_assistant_sits_beside_the_trunk_above_the_reports() -> None:
    graph = _graph([None, 0, 0, 0, 0], ["x"] * 5, {1}, [])
    layout = layout_chart(graph)
    check_layout(graph, layout)
    boss, assistant = layout.boxes["n0"], layout.boxes["n1"]
    reports = [layout.boxes[f"n{i}"] for i in (2, 3, 4)]
    assert assistant.top > boss.bottom
    assert all(assistant.bottom < r.top for r in reports)
    assert assistant.left > boss.x or assistant.right < boss.x


def test_left_to_right_is_the_transposed_chart() -> None:
    parents: list[int | None] = [None, 0, 0, 1, 1, 2]
    down = layout_chart(_graph(parents, ["x"] * 6, set(), []))
    across = layout_chart(_graph(parents, ["x"] * 6, set(), [], "LR"))
    root, child = across.boxes["n0"], across.boxes["n1"]
    assert child.left > root.right
    assert math.isclose(abs(down.boxes["n1"].x - down.boxes["n2"].x) > 0, True)


@pytest.mark.parametrize(
    "path",
    [
        "orgs/qianwen-2025.yaml",
        "orgs/qianwen-2026.yaml",
        "tests/cases/diff/rust-libs-merge-2026/after.yaml",
    ],
)
@pytest.mark.parametrize("level", ["people", "units"])
def test_real_orgs_read_at_docs_width(path: str, level: str) -> None:
    s = load_org(str(REPO / path)).structure
    graph = build_graph(s, ChartOptions(level=level, compact=False))  # type: ignore[arg-type]
    layout = layout_chart(graph)
    check_layout(graph, layout)
    assert aspect(layout) <= 3
    assert max((len(row) for row in sibling_rows(graph, layout)), default=0) <= MOST_IN_ROW


@pytest.mark.parametrize("people", [1000, 5000])
@pytest.mark.parametrize("level", ["people", "units"])
def test_generated_orgs_read_at_docs_width(people: int, level: str, tmp_path: Path) -> None:
    paths = orggen.write_all(orggen.generate(people), tmp_path / "org")
    s = load_org(str(paths["yaml"])).structure
    graph = build_graph(s, ChartOptions(level=level, compact=False))  # type: ignore[arg-type]
    layout = layout_chart(graph)
    check_layout(graph, layout)
    assert aspect(layout) <= 3
    assert max((len(row) for row in sibling_rows(graph, layout)), default=0) <= MOST_IN_ROW


def test_a_dotted_line_beside_a_reporting_line_leaves_the_reporting_line_solid() -> None:
    # Lead reports to the boss and also has a dotted line from them: two edges, one pair.
    graph = _graph([None, 0, 1], ["x"] * 3, set(), [(0, 1)])
    layout = layout_chart(graph)
    kinds = sorted(c.kind for c in layout.connectors if (c.tail, c.head) == ("n0", "n1"))
    assert kinds == ["dotted", "reports"]


@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_an_interaction_within_a_row_runs_in_a_lane_beside_it(direction: str) -> None:
    graph = _graph([None, 0, 0, 0, 0], ["x"] * 5, set(), [], direction)
    serves = Edge("n4", "n1", "x-as-a-service", "platform")
    graph = Graph.of("Org", graph.direction, list(graph.nodes), [*graph.edges, serves])
    layout = layout_chart(graph, compact=False)  # the four in one row (or column)
    check_layout(graph, layout)
    (lane,) = [c for c in layout.connectors if c.kind == "x-as-a-service"]
    tail, head = layout.boxes["n4"], layout.boxes["n1"]
    assert len(lane.points) == 4 and lane.arrow
    if direction == "TB":
        assert lane.points[0][1] == tail.bottom and lane.points[-1][1] == head.bottom
        below = min(b.bottom for b in layout.boxes.values() if b.top == tail.top)
        assert lane.points[1][1] > below  # under every card of the row, not through them
        assert lane.label_at is not None and lane.label_at[1] > lane.points[1][1]
    else:
        assert lane.points[0][0] == tail.right and lane.points[-1][0] == head.right
        assert lane.points[1][0] > max(b.right for b in layout.boxes.values() if b.x == tail.x)
        assert lane.label_at is not None and lane.label_at[0] > lane.points[1][0]


def test_staff_whose_trunk_is_off_centre_keeps_clear_of_its_neighbours() -> None:
    # Found by the property above: left to right, three leaf reports beside a manager make a
    # staff block whose trunk is off its centre; the band must reach as far as the block does.
    parents: list[int | None] = [None] * 86
    for child, parent in {1: 0, 2: 0, 3: 0, 32: 0, 63: 3, 64: 4, 83: 23, 84: 83}.items():
        parents[child] = parent
    for direction in ("LR", "TB"):
        graph = _graph(parents, [""] * 86, set(), [], direction)
        check_layout(graph, layout_chart(graph))


def test_a_reporting_cycle_is_broken_so_every_card_is_placed() -> None:
    # An invalid org's graph: n1 and n2 report to each other, n3 to n2; n0 stands alone.
    nodes = [Node(f"n{i}", "person", (Line(f"P{i}", bold=True),), f"e{i}", "t") for i in range(4)]
    edges = [Edge("n1", "n2", "reports"), Edge("n2", "n1", "reports"), Edge("n2", "n3", "reports")]
    graph = Graph.of("Org", "TB", nodes, edges)
    tree = chart_tree(graph)
    assert set(tree.depth) == {"n0", "n1", "n2", "n3"}
    assert len(tree.roots) == 2  # n0, and the cycle's member whose closing edge was dropped
    layout = layout_chart(graph)
    check_layout(graph, layout)
    # the dropped edge is still drawn, over the tree
    assert len([c for c in layout.connectors if c.kind == "reports"]) == 3


def test_cluster_frames_nest_or_keep_apart() -> None:
    s = load_org(str(REPO / "orgs/qianwen-2026.yaml")).structure
    graph = build_graph(s, ChartOptions(clusters=True))
    frames = list(layout_chart(graph).clusters.values())
    assert len(frames) >= 6
    for i, a in enumerate(frames):
        for b in frames[i + 1 :]:
            inside = (a.left <= b.left and b.right <= a.right and a.top <= b.top
                      and b.bottom <= a.bottom)  # fmt: skip
            around = (b.left <= a.left and a.right <= b.right and b.top <= a.top
                      and a.bottom <= b.bottom)  # fmt: skip
            assert inside or around or not _overlap(a, b), (a, b)
