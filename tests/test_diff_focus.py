"""The focus of a diff picture (`graph.diff.tree`): properties over random trees and changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.graph.diff.tree import Focus, UnionTree, focus_on, union_tree


@st.composite
def trees(draw: st.DrawFn) -> tuple[UnionTree, list[str]]:
    """A random forest over n nodes (each node's parent is an earlier node or none), and some
    of its nodes as the changed ones."""
    n = draw(st.integers(1, 40))
    ids = [f"n{i}" for i in range(n)]
    parents = {ids[i]: draw(st.sampled_from([None, *ids[:i]])) for i in range(n)}
    changed = draw(st.lists(st.sampled_from(ids), max_size=6))
    return union_tree(ids, parents), changed


def _hidden(tree: UnionTree, folded: dict[str | None, tuple[str, ...]]) -> list[str]:
    return [node for tops in folded.values() for top in tops for node in tree.subtree(top)]


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(0, 3), st.booleans())
def test_everything_is_drawn_or_folded_once(
    case: tuple[UnionTree, list[str]], context: int, full: bool
) -> None:
    tree, changed = case
    shown = focus_on(tree, changed, Focus(context=context, full=full))
    drawn = list(shown.drawn)
    hidden = _hidden(tree, dict(shown.folded))
    assert sorted(drawn + hidden) == sorted(tree.order)  # each node once, drawn or folded
    assert set(changed) <= set(drawn)
    for node in drawn:  # the way up is drawn, and a drawn node's parent comes before it
        parent = tree.parent[node]
        assert parent is None or drawn.index(parent) < drawn.index(node)
    for parent, tops in shown.folded.items():  # folded boxes hang from drawn parents
        assert parent is None or parent in drawn
        assert all(tree.parent[top] == parent for top in tops)
    if full:
        assert not shown.folded


@settings(max_examples=200, deadline=None)
@given(trees())
def test_more_context_draws_more(case: tuple[UnionTree, list[str]]) -> None:
    tree, changed = case
    sizes = [len(focus_on(tree, changed, Focus(context=c)).drawn) for c in range(4)]
    assert sizes == sorted(sizes)
    assert sizes[0] >= 1  # never an empty picture


@settings(max_examples=200, deadline=None)
@given(trees(), st.integers(1, 4))
def test_depth_and_root_limit_the_scope(case: tuple[UnionTree, list[str]], depth: int) -> None:
    tree, changed = case
    top = tree.order[-1]
    shown = focus_on(tree, changed, Focus(full=True), (top,), depth)
    under = set(tree.subtree(top))
    assert set(shown.drawn) <= under
    assert all(tree.depth(n) - tree.depth(top) < depth for n in shown.drawn)


def test_a_cycle_is_cut_so_every_node_hangs_from_a_root() -> None:
    tree = union_tree(["a", "b", "c"], {"a": "c", "b": "a", "c": "b"})
    assert sorted(tree.order) == ["a", "b", "c"] and len(tree.roots) == 1
