"""The org as a tree for the terminal (`orgmodel show`). User text is always literal: names go
into rich `Text` objects, never into markup."""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from orgmodel import wording
from orgmodel.scope import check_root, hidden_below
from orgmodel.structure import Structure


def _person_label(s: Structure, pid: str, secondary: bool = False) -> Text:
    person = s.people[pid]
    text = Text(person.label, style="dim italic" if person.vacant else "bold")
    if person.title and person.name is not None:
        text.append(f" — {person.title}")
    if secondary:
        text.append(f" (home: {s.home[pid]})" if s.home.get(pid) else " (also)", style="dim")
    return text


def _unit_label(s: Structure, uid: str, headcount: int) -> Text:
    unit = s.units[uid]
    text = Text(unit.name, style="bold cyan")
    facts = [f for f in (unit.kind, unit.function) if f]
    if unit.overlay:
        facts.append("overlay")
    if facts:
        text.append(f" ({', '.join(facts)})", style="cyan")
    leads = [s.people[p].label for p in s.leads(uid)]
    if leads:
        text.append(" — lead " + " & ".join(leads))
    text.append(f" · {wording.people(headcount)}", style="dim")
    if unit.spans:
        text.append(" · spans " + ", ".join(unit.spans), style="dim")
    return text


def build_tree(
    s: Structure, root: str | None = None, depth: int | None = None, units_only: bool = False
) -> Tree:
    """A rich Tree of units (with lead and headcount) and, unless `units_only`, their people."""
    headcount = s.headcounts()
    homes: dict[str, list[str]] = {uid: [] for uid in s.units}
    for pid, home in s.home.items():
        if home is not None:
            homes[home].append(pid)

    check_root(s, root)
    org = s.org
    title = Text(org.name, style="bold")
    if org.as_of:
        title.append(f" · as of {org.as_of.isoformat()}", style="dim")
    title.append(f" · {wording.people(len(s.people))} in {wording.plural(len(s.units), 'unit')}")
    tree = Tree(title)

    top = [root] if root else [u for u in s.unit_order if s.parent[u] is None]
    stack: list[tuple[str, Tree, int]] = [(u, tree, 1) for u in reversed(top)]
    while stack:
        uid, parent_branch, level = stack.pop()
        branch = parent_branch.add(_unit_label(s, uid, headcount[uid]))
        if not units_only:
            leads = [p for p in s.leads(uid) if s.home.get(p) == uid]
            rest = [p for p in homes[uid] if p not in leads]
            for pid in (*leads, *rest):
                branch.add(_person_label(s, pid))
            for pid in s.unit_people(uid):
                if s.home.get(pid) != uid:
                    branch.add(_person_label(s, pid, secondary=True))
        children = s.children[uid]
        if depth is not None and level >= depth and children:
            branch.add(Text(wording.more_below(*hidden_below(s, uid, headcount)), style="dim"))
            continue
        stack.extend((child, branch, level + 1) for child in reversed(children))

    if root is None:
        unplaced = [pid for pid in s.people if s.home[pid] is None and pid not in s.listings]
        if unplaced and not units_only:
            extra = tree.add(Text("Not in any unit", style="bold"))
            for pid in unplaced:
                extra.add(_person_label(s, pid))
    return tree
