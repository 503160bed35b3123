"""Both snapshots as one tree, and the part of it a focused diff picture draws.

The union tree holds every unit (or person) of either snapshot once: a unit renamed to a new id
under its new id, each where the later snapshot has it and what only the earlier one has where
that had it. The focus keeps what changed, the path from it up to the top, and `context` levels
of unchanged neighbours; every other child of a drawn node is folded into one box per parent."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from orgmodel.forest import break_cycles


@dataclass(frozen=True)
class UnionTree:
    order: tuple[str, ...]  # pre-order, siblings as the later snapshot has them, then the earlier
    parent: Mapping[str, str | None]
    children: Mapping[str, tuple[str, ...]]
    roots: tuple[str, ...]

    def subtree(self, node: str) -> Iterator[str]:
        stack = [node]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(self.children.get(current, ())))

    def ancestors(self, node: str) -> Iterator[str]:
        current = self.parent.get(node)
        while current is not None:
            yield current
            current = self.parent.get(current)

    def depth(self, node: str) -> int:
        return sum(1 for _ in self.ancestors(node))


def union_tree(ids: Iterable[str], parent_of: Mapping[str, str | None]) -> UnionTree:
    """The tree of `ids` (in sibling order) under `parent_of`; a parent that is not one of the
    ids, or a link that would close a cycle (an invalid org's reporting loop), makes a root."""
    listed = list(dict.fromkeys(ids))
    known = set(listed)
    links: dict[str, str] = {}
    for each in listed:
        up = parent_of.get(each)
        if up is not None and up in known and up != each:
            links[each] = up
    break_cycles(links, listed)
    parent: dict[str, str | None] = {each: links.get(each) for each in listed}
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for node in listed:
        up = parent[node]
        if up is None:
            roots.append(node)
        else:
            children.setdefault(up, []).append(node)
    order: list[str] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children.get(node, ())))
    return UnionTree(tuple(order), parent, {k: tuple(v) for k, v in children.items()}, tuple(roots))


@dataclass(frozen=True)
class Focus:
    """How much of the union a diff picture draws: what changed and the way up to the top
    (`context` 0), N levels of unchanged neighbours around it, or everything (`full`)."""

    context: int = 0
    full: bool = False


@dataclass(frozen=True)
class Shown:
    drawn: tuple[str, ...]  # pre-order
    # Per drawn parent (None: the top), the children folded into one box, in order.
    folded: Mapping[str | None, tuple[str, ...]]


def focus_on(
    tree: UnionTree,
    changed: Iterable[str],
    focus: Focus,
    tops: tuple[str, ...] | None = None,
    depth: int | None = None,
) -> Shown:
    """What to draw of `tree`: under `tops` (the tree's roots by default) and at most `depth`
    levels down from them, the changed nodes, their ancestors, `focus.context` levels of
    neighbours (each level adds every child of what is drawn), or everything with `focus.full`.
    When nothing in scope changed the tops are drawn, so the picture is never empty."""
    tops = tree.roots if tops is None else tops
    level: dict[str, int] = {}
    for top in tops:
        todo = [(top, 1)]
        while todo:
            node, at = todo.pop()
            level[node] = at
            if depth is None or at < depth:
                todo.extend((child, at + 1) for child in tree.children.get(node, ()))
    drawn: set[str] = set()
    if focus.full:
        drawn = set(level)
    else:
        for node in changed:
            if node in level and node not in drawn:
                drawn.add(node)
                for up in tree.ancestors(node):
                    if up not in level or up in drawn:
                        break
                    drawn.add(up)
        if not drawn:
            drawn = set(tops)
        for _ in range(focus.context):
            wider = {
                child
                for node in drawn
                for child in tree.children.get(node, ())
                if child in level and child not in drawn
            }
            if not wider:
                break
            drawn |= wider
    order: list[str] = []
    folded: dict[str | None, tuple[str, ...]] = {}
    hidden_tops = tuple(top for top in tops if top not in drawn)
    if hidden_tops:
        folded[None] = hidden_tops
    stack = [top for top in reversed(tops) if top in drawn]
    while stack:
        node = stack.pop()
        order.append(node)
        kids = tree.children.get(node, ())
        hidden = tuple(child for child in kids if child not in drawn)
        if hidden:
            folded[node] = hidden
        stack.extend(child for child in reversed(kids) if child in drawn)
    return Shown(tuple(order), folded)
