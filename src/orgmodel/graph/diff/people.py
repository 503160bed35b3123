"""The people-level diff picture: everyone whose entry changed, drawn once where they are now
(or were, for who left) with what happened in words, the managers above them, and each
manager's unchanged reports folded into one box."""

from __future__ import annotations

from orgmodel.diff.model import OrgDiff
from orgmodel.graph.cards import person_heading
from orgmodel.graph.diff import style
from orgmodel.graph.diff.tree import Focus, focus_on, union_tree
from orgmodel.graph.diff.units import scope_units, unit_tree
from orgmodel.graph.diff.words import Names, folded_words, person_words
from orgmodel.graph.model import (
    Border,
    Edge,
    EdgeKind,
    Line,
    Node,
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
) -> tuple[list[Node], list[Edge]]:
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
    nodes: list[Node] = []
    edges: list[Edge] = []
    for pid in shown.drawn:
        person = side(pid).people[pid]
        change = changes.get(pid)
        kind = change.change if change else None
        lines = [Line(style.heading(person_heading(person), kind), bold=True)]
        if person.title and not person.vacant:
            lines.append(Line(person.title))
        lines += [Line(words) for words in (person_words(change, names) if change else [])]
        m = style.mark(kind)
        border: Border = m.border if m else "solid"
        if person.vacant and border == "solid":
            border = "dotted"
        nodes.append(
            person_node(
                pid,
                person.vacant,
                lines,
                f"{person.label} ({kind})" if kind else person.label,
                url=safe_url(person.url),
                fill=m.fill if m else None,
                border=border,
                group=home[pid],
            )
        )
        boss = tree.parent[pid]
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
