"""The tidy tree (layout/tidy.py): properties every layout must have, over random trees of random
box sizes, a few positions worked out by hand or taken from d3-flextree's own tests, and trees
too deep or too wide for recursion."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from orgmodel.layout.model import Point, Size
from orgmodel.layout.tidy import tidy_tree


@dataclass(frozen=True)
class Tree:
    sizes: list[Size]
    children: list[list[int]]
    root: int
    sibling_gap: float
    subtree_gap: float
    level_gap: float

    def layout(self) -> list[Point | None]:
        return tidy_tree(
            self.sizes,
            self.children,
            self.root,
            sibling_gap=self.sibling_gap,
            subtree_gap=self.subtree_gap,
            level_gap=self.level_gap,
        )


def _shapes(draw: st.DrawFn, max_nodes: int) -> list[list[int]]:
    """Children lists of a random tree under node 0, mixing chains (parent = the node before),
    fans (parent = node 0) and random parents."""
    count = draw(st.integers(1, max_nodes))
    children: list[list[int]] = [[] for _ in range(count)]
    for node in range(1, count):
        parent = draw(st.one_of(st.just(node - 1), st.just(0), st.integers(0, node - 1)))
        children[parent].append(node)
    return children


LENGTH = st.one_of(st.sampled_from([0, 10, 40, 100, 200]), st.integers(0, 400)).map(float)
GAP = st.integers(0, 40).map(float)


@st.composite
def trees(draw: st.DrawFn, max_nodes: int = 40) -> Tree:
    """Random trees with sizes from zero to very unequal; the root may be any node, leaving the
    rest unreachable."""
    children = _shapes(draw, max_nodes)
    sizes = [Size(draw(LENGTH), draw(LENGTH)) for _ in children]
    root = draw(st.one_of(st.just(0), st.integers(0, len(children) - 1)))
    return Tree(sizes, children, root, draw(GAP), draw(GAP), draw(GAP))


@st.composite
def families(draw: st.DrawFn) -> Tree:
    """A root over two or three random subtrees: every last child has a subtree of its own."""
    children: list[list[int]] = [[]]
    for _ in range(draw(st.integers(2, 3))):
        offset = len(children)
        children[0].append(offset)
        children += [[offset + c for c in kids] for kids in _shapes(draw, 15)]
    sizes = [Size(draw(LENGTH), draw(LENGTH)) for _ in children]
    return Tree(sizes, children, 0, draw(GAP), draw(GAP), draw(GAP))


def _parents(tree: Tree) -> dict[int, int]:
    return {c: v for v, kids in enumerate(tree.children) for c in kids}


def _placed(positions: list[Point | None]) -> dict[int, Point]:
    return {v: p for v, p in enumerate(positions) if p is not None}


TOLERANCE = 1e-6


def _apart(tree: Tree, at: dict[int, Point], a: int, b: int) -> float | None:
    """How much further apart boxes a and b are than their gap, if they share some height; None
    if one is above the other. A box's height counts the level gap below it, as the algorithm
    counts it (the paper's boxes include their spacing): a box deeper in the neighbour subtree
    can tuck in under it only one full level lower."""
    (xa, ya), (xb, yb) = at[a], at[b]
    sa, sb = tree.sizes[a], tree.sizes[b]
    if not (ya < yb + sb.height + tree.level_gap and yb < ya + sa.height + tree.level_gap):
        return None
    parent = _parents(tree)
    siblings = parent.get(a, -1) == parent.get(b, -2)
    gap = tree.sibling_gap if siblings else tree.subtree_gap
    return abs(xa - xb) - (sa.width + sb.width) / 2 - gap


def _subtree(tree: Tree, v: int) -> list[int]:
    found, stack = [], [v]
    while stack:
        u = stack.pop()
        found.append(u)
        stack.extend(tree.children[u])
    return found


@settings(max_examples=300, deadline=None)
@given(trees())
def test_boxes_keep_the_gaps_wherever_they_share_height(tree: Tree) -> None:
    at = _placed(tree.layout())
    placed = sorted(at)
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            apart = _apart(tree, at, a, b)
            assert apart is None or apart >= -TOLERANCE, (a, b, apart)


@settings(max_examples=500, deadline=None)
@given(st.one_of(trees(), families()))
def test_a_last_child_sits_as_far_left_as_the_gaps_allow(tree: Tree) -> None:
    """Tidy means no slack: some box of the last child's subtree keeps exactly its gap to a box
    of the subtrees before it. (Children between are spread out, so only the last is tight.)"""
    # Flat boxes with no level gap have no height to share, though the walk keeps them apart.
    assume(tree.level_gap > 0 or min(size.height for size in tree.sizes) > 0)
    at = _placed(tree.layout())
    for v in at:
        kids = tree.children[v]
        if len(kids) < 2:
            continue
        before = [a for kid in kids[:-1] for a in _subtree(tree, kid)]
        slack = [_apart(tree, at, a, b) for a in before for b in _subtree(tree, kids[-1])]
        slack.append(_beside(tree, at, kids[-2], kids[-1]))  # even if flat, with no level gap
        assert min(s for s in slack if s is not None) == pytest.approx(0, abs=TOLERANCE)


def _beside(tree: Tree, at: dict[int, Point], a: int, b: int) -> float:
    return (
        abs(at[a][0] - at[b][0])
        - (tree.sizes[a].width + tree.sizes[b].width) / 2
        - tree.sibling_gap
    )


@settings(max_examples=300, deadline=None)
@given(trees())
def test_children_in_order_below_and_under_their_parent(tree: Tree) -> None:
    at = _placed(tree.layout())
    assert at[tree.root] == (0.0, 0.0)
    reachable = set(_subtree(tree, tree.root))
    assert set(at) == reachable
    for v in reachable:
        kids = tree.children[v]
        if not kids:
            continue
        x, y = at[v]
        for c in kids:
            assert at[c][1] == pytest.approx(y + tree.sizes[v].height + tree.level_gap)
        for a, b in itertools.pairwise(kids):
            right_of_a = at[a][0] + tree.sizes[a].width / 2
            left_of_b = at[b][0] - tree.sizes[b].width / 2
            assert left_of_b - right_of_a >= tree.sibling_gap - TOLERANCE
        first, last = at[kids[0]][0], at[kids[-1]][0]
        assert x == pytest.approx((first + last) / 2, abs=TOLERANCE)


@settings(max_examples=200, deadline=None)
@given(trees(), st.randoms(use_true_random=False))
def test_numbering_does_not_matter(tree: Tree, rng: random.Random) -> None:
    count = len(tree.sizes)
    new = list(range(count))
    rng.shuffle(new)  # node v is called new[v]
    sizes = [Size(0, 0)] * count
    children: list[list[int]] = [[] for _ in range(count)]
    for v in range(count):
        sizes[new[v]] = tree.sizes[v]
        children[new[v]] = [new[c] for c in tree.children[v]]
    relabelled = Tree(
        sizes, children, new[tree.root], tree.sibling_gap, tree.subtree_gap, tree.level_gap
    ).layout()
    at = tree.layout()
    assert [relabelled[new[v]] for v in range(count)] == at


# A tree as d3-flextree's tests write one: (width, height, children).
Spec = tuple[float, float, tuple["Spec", ...]]


def box(width: float, height: float, *children: Spec) -> Spec:
    return (width, height, children)


def _layout(spec: Spec, gaps: tuple[float, float, float]) -> list[Point]:
    """Positions of the nodes of `spec` in preorder."""
    sizes: list[Size] = []
    children: list[list[int]] = []
    stack: list[tuple[Spec, int]] = [(spec, -1)]
    while stack:
        (width, height, kids), parent = stack.pop()
        v = len(sizes)
        sizes.append(Size(width, height))
        children.append([])
        if parent >= 0:
            children[parent].append(v)
        stack.extend((kid, v) for kid in reversed(kids))
    sibling, subtree, level = gaps
    at = tidy_tree(sizes, children, sibling_gap=sibling, subtree_gap=subtree, level_gap=level)
    return list(_placed(at).values())


def test_three_equal_children() -> None:
    at = _layout(box(10, 10, box(10, 10), box(10, 10), box(10, 10)), (5, 99, 20))
    assert at == [(0, 0), (-15, 30), (0, 30), (15, 30)]


def test_sibling_and_subtree_gaps_apply_where_they_belong() -> None:
    # Two parents' children meet as cousins (subtree gap 30); the parents are siblings (gap 2).
    at = _layout(box(10, 10, box(10, 10, box(10, 10)), box(10, 10, box(10, 10))), (2, 30, 0))
    assert at == [(0, 0), (-20, 10), (-20, 20), (20, 10), (20, 20)]
    # Past the flat second child, the third meets the first: siblings still, gap 2, not 30.
    at = _layout(box(10, 10, box(30, 10), box(0, 1), box(10, 10)), (2, 30, 0))
    assert at == [(0, 0), (-12, 10), (5, 10), (12, 10)]


def test_d3_flextree_simple_tree() -> None:
    """d3-flextree's "simple tree" (src/test/test-trees.js) with its expected positions; its
    parents are centred over the outer edges of their first and last child, ours over their
    centres, which here only moves the root, by 2.5 (first and last children 40 and 50 wide)."""
    spec = box(
        *(30, 50),
        box(40, 70, box(50, 60), box(50, 100)),
        box(20, 140, box(50, 60), box(50, 60)),
        box(50, 60, box(50, 60), box(50, 60)),
    )
    flextree = [(0, 0), (-82.5, 50), (-107.5, 120), (-57.5, 120), (17.5, 50), (-7.5, 190)]
    flextree += [(42.5, 190), (77.5, 50), (52.5, 110), (102.5, 110)]
    at = _layout(spec, (0, 0, 0))
    assert at[1:] == [(x + 2.5, y) for x, y in flextree[1:]]


def test_d3_flextree_layout_bug_simple_case() -> None:
    """d3-flextree's "layout bug, simple case": the paper's code only ever moves a subtree right,
    so a subtree whose root sits far right in its own frame kept a gap from its left sibling.
    Here the two siblings touch; the 100- and 200-wide children are centred under their parent
    by their centres (d3-flextree: by their outer edges, 25 further left)."""
    at = _layout(box(40, 40, box(40, 40), box(40, 40, box(100, 40), box(200, 40))), (0, 0, 0))
    assert at == [(0, 0), (-20, 40), (20, 40), (-55, 80), (95, 80)]


def test_small_siblings_between_large_ones_are_spread_evenly() -> None:
    # The outer children carry 100-wide boxes that push them 100 apart; the two leaves between
    # them share the distance in three equal steps instead of huddling on the left.
    wide = box(10, 10, box(100, 10))
    at = _layout(box(10, 10, wide, box(10, 10), box(10, 10), wide), (0, 0, 10))
    xs = [x for x, _ in at]
    assert xs[:3] == [0, -50, -50]
    assert xs[3:5] == pytest.approx([-50 / 3, 50 / 3])
    assert xs[5:] == [50, 50]


def test_a_short_subtree_lets_a_deeper_one_tuck_under_it() -> None:
    # Non-layered: the 60-wide grandchildren are at different heights, so they only need to
    # clear the other side's box at their own height, not each other's row.
    at = _layout(box(10, 10, box(10, 10, box(60, 10)), box(10, 30, box(60, 10))), (0, 0, 0))
    assert at == [(0, 0), (-17.5, 10), (-17.5, 20), (17.5, 10), (17.5, 40)]


def test_a_long_chain_and_a_wide_fan() -> None:
    count = 100_000
    box = [Size(10, 10)] * count
    chain = [[v + 1] for v in range(count - 1)] + [[]]
    at = tidy_tree(box, chain, sibling_gap=1, subtree_gap=1, level_gap=5)
    assert at[-1] == (0, 15 * (count - 1))
    fan = [list(range(1, count))] + [[] for _ in range(count - 1)]
    at = tidy_tree(box, fan, sibling_gap=1, subtree_gap=1, level_gap=5)
    assert at[1] == (-11 * (count - 2) / 2, 15) and at[-1] == (11 * (count - 2) / 2, 15)


@pytest.mark.parametrize(
    ("children", "root", "message"),
    [
        ([[1], [0]], 0, "reached twice"),
        ([[1, 1], []], 0, "reached twice"),
        ([[2], []], 0, "not a node"),
        ([[1], []], 2, "root 2"),
    ],
)
def test_not_a_tree(children: list[list[int]], root: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tidy_tree([Size(1, 1)] * 2, children, root, sibling_gap=0, subtree_gap=0, level_gap=0)


def test_negative_sizes_and_gaps() -> None:
    with pytest.raises(ValueError, match="negative size"):
        tidy_tree([Size(-1, 1)], [[]], sibling_gap=0, subtree_gap=0, level_gap=0)
    with pytest.raises(ValueError, match="gaps"):
        tidy_tree([Size(1, 1)], [[]], sibling_gap=0, subtree_gap=-1, level_gap=0)
