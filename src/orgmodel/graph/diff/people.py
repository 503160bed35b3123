"""The people-level diff picture: everyone whose entry changed, drawn once where they are now
(or were, for who left) with what happened in words, the managers above them, and each
manager's unchanged reports folded into one box."""

from __future__ import annotations

from orgmodel import wording
from orgmodel.diff.model import OrgDiff
from orgmodel.graph.cards import person_heading
from orgmodel.graph.chart import COMPACT_AFTER
from orgmodel.graph.diff import style
from orgmodel.graph.diff.tree import Focus, UnionTree, focus_on, union_tree
from orgmodel.graph.diff.units import scope_units, unit_tree
from orgmodel.graph.diff.words import Names, folded_words, person_words
from orgmodel.graph.model import (
    Border,
    Edge,
    EdgeKind,
    Line,
    Node,
    Row,
    element_id,
    node_id,
    person_node,
)
from orgmodel.structure import Structure
from orgmodel.urls import safe_url


def people_picture(
    result: OrgDiff,
    before: Structure,
    after: Structure,
    root: str | None,
    depth: int | None,
    focus: Focus,
    stacks: bool = False,
) -> tuple[list[Node], list[Edge]]:
    """The people picture's boxes and lines; with `stacks` (Graphviz's own layout, which would
    set every report in one row), a manager's drawn leaf reports are rows of one stacked box, as
    `render` draws them."""
    sides, units = unit_tree(result, before, after)
    ids = [*after.people, *(p for p in before.people if p not in after.people)]

    def side(pid: str) -> Structure:
        return after if pid in after.people else before

    home = {pid: sides.drawn(side(pid).home.get(pid)) for pid in ids}
    if root is not None or depth is not None:
        in_scope = scope_units(units, sides, root, depth)
        ids = [pid for pid in ids if home[pid] in in_scope]
    tree = union_tree(ids, {pid: side(pid).manager.get(pid) for pid in ids})
    changes = {p.id: p for p in result.people}
    shown = focus_on(tree, changes, focus)
    drawn = set(shown.drawn)
    names = Names(before, after)
    stacked = _stacks(tree, shown.drawn, drawn) if stacks else {}
    nodes: list[Node] = []
    edges: list[Edge] = []
    lines: dict[str, tuple[Line, ...]] = {}
    for pid in shown.drawn:
        person = side(pid).people[pid]
        change = changes.get(pid)
        kind = change.change if change else None
        card = [Line(style.heading(person_heading(person), kind), bold=True)]
        if person.title and not person.vacant:
            card.append(Line(person.title))
        card += [Line(words) for words in (person_words(change, names) if change else [])]
        lines[pid] = tuple(card)
    for pid in shown.drawn:
        boss = tree.parent[pid]
        if pid in stacked:
            group = stacked[pid]
            if group[0] == pid and boss is not None:  # a stack stands where its first row would
                nodes.append(_stack_node(boss, group, lines, names))
                edges.append(Edge(node_id("p", boss), node_id("s", boss), "reports"))
            continue
        person = side(pid).people[pid]
        kind = changes[pid].change if pid in changes else None
        m = style.mark(kind)
        border: Border = m.border if m else "solid"
        if person.vacant and border == "solid":
            border = "dotted"
        nodes.append(
            person_node(
                pid,
                person.vacant,
                lines[pid],
                f"{person.label} ({kind})" if kind else person.label,
                url=safe_url(person.url),
                fill=m.fill if m else None,
                border=border,
                group=home[pid],
            )
        )
        if boss is not None and boss in drawn:
            placed: EdgeKind = "assistant" if person.assistant else "reports"
            edges.append(Edge(node_id("p", boss), node_id("p", pid), placed))
    for boss, hidden in shown.folded.items():
        everyone = [p for top in hidden for p in tree.subtree(top)]
        changed = sum(p in changes for p in everyone)
        words = folded_words(len(everyone), changed, ("person", "people"))
        ident = boss if boss is not None else ""
        where = names.person(boss) if boss is not None else "the top"
        node = Node(
            id=node_id("y", ident),
            kind="collapsed",
            lines=(Line(words),),
            element_id=element_id("folded-people", ident or "top"),
            tooltip=f"{words}, under {where}",
            fill=style.FOLDED,
        )
        nodes.append(node)
        if boss is not None:
            edges.append(Edge(node_id("p", boss), node.id, "reports"))
    return nodes, edges


def _stacks(tree: UnionTree, order: tuple[str, ...], drawn: set[str]) -> dict[str, list[str]]:
    """Drawn people stacked under their manager, each mapped to its stack's people: a
    manager's drawn reports with no drawn reports of their own, where there are more than
    `COMPACT_AFTER` of them."""
    leaves: dict[str, list[str]] = {}
    for pid in order:
        boss = tree.parent[pid]
        has_reports = any(child in drawn for child in tree.children.get(pid, ()))
        if boss is not None and boss in drawn and not has_reports:
            leaves.setdefault(boss, []).append(pid)
    return {pid: group for group in leaves.values() if len(group) > COMPACT_AFTER for pid in group}


def _stack_node(
    manager: str, people: list[str], lines: dict[str, tuple[Line, ...]], names: Names
) -> Node:
    """The stacked box of a manager's leaf reports: a row each, with its own box's lines."""
    rows = tuple(
        Row(
            port=node_id("p", pid),
            element_id=element_id("person", pid),
            lines=lines[pid],
            tooltip=lines[pid][0].text,
        )
        for pid in people
    )
    boss = names.person(manager)
    count = len(people)
    return Node(
        id=node_id("s", manager),
        kind="stack",
        lines=(Line(f"{wording.plural(count, 'report')} of {boss}"),),
        element_id=element_id("reports", manager),
        tooltip=f"{wording.plural(count, 'direct report')} of {boss}",
        rows=rows,
    )
