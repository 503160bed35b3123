"""The org as a tree (`orgmodel show`): one `Branch` structure of styled labels, written by rich
for a terminal (colours) and by a plain writer everywhere else, byte for byte what rich prints
without colour (tests/test_show_plain.py holds the two together). Rich takes 9 s to lay out a
100,000-person tree; the plain writer, a second. User text is always literal: labels are text,
never markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orgmodel import wording
from orgmodel.scope import check_root, hidden_below
from orgmodel.structure import Structure

if TYPE_CHECKING:
    from rich.tree import Tree

# A label as styled pieces: (text, rich style or "").
Label = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Branch:
    label: Label
    children: list[Branch] = field(default_factory=list)

    def add(self, *pieces: tuple[str, str]) -> Branch:
        child = Branch(pieces)
        self.children.append(child)
        return child


def _person_label(s: Structure, pid: str, secondary: bool = False) -> Label:
    person = s.people[pid]
    pieces = [(person.label, "dim italic" if person.vacant else "bold")]
    if person.title and person.name is not None:
        pieces.append((f" — {person.title}", ""))
    if secondary:
        pieces.append((f" (home: {s.home[pid]})" if s.home.get(pid) else " (also)", "dim"))
    return tuple(pieces)


def _unit_label(s: Structure, uid: str, headcount: int) -> Label:
    unit = s.units[uid]
    pieces = [(unit.name, "bold cyan")]
    facts = [f for f in (unit.kind, unit.function) if f]
    if unit.overlay:
        facts.append("overlay")
    if facts:
        pieces.append((f" ({', '.join(facts)})", "cyan"))
    leads = [s.people[p].label for p in s.leads(uid)]
    if leads:
        pieces.append((" — lead " + " & ".join(leads), ""))
    pieces.append((f" · {wording.people(headcount)}", "dim"))
    if unit.spans:
        pieces.append((" · spans " + ", ".join(unit.spans), "dim"))
    return tuple(pieces)


def build_tree(
    s: Structure, root: str | None = None, depth: int | None = None, units_only: bool = False
) -> Branch:
    """Units (with lead and headcount) and, unless `units_only`, their people."""
    headcount = s.headcounts()
    homes: dict[str, list[str]] = {uid: [] for uid in s.units}
    for pid, home in s.home.items():
        if home is not None:
            homes[home].append(pid)
    # The people each unit lists whose home is elsewhere, in the unit's own order.
    secondary: dict[str, list[str]] = {}
    for pid, listed in s.listings.items():
        if pid in s.people:
            for uid in listed:
                if s.home.get(pid) != uid:
                    secondary.setdefault(uid, []).append(pid)

    check_root(s, root)
    org = s.org
    title = [(org.name, "bold")]
    if org.as_of:
        title.append((f" · as of {org.as_of.isoformat()}", "dim"))
    counts = f" · {wording.people(len(s.people))} in {wording.plural(len(s.units), 'unit')}"
    title.append((counts, ""))
    tree = Branch(tuple(title))

    top = [root] if root else [u for u in s.unit_order if s.parent[u] is None]
    stack: list[tuple[str, Branch, int]] = [(u, tree, 1) for u in reversed(top)]
    while stack:
        uid, parent_branch, level = stack.pop()
        branch = parent_branch.add(*_unit_label(s, uid, headcount[uid]))
        if not units_only:
            leads = [p for p in s.leads(uid) if s.home.get(p) == uid]
            rest = [p for p in homes[uid] if p not in leads] if leads else homes[uid]
            for pid in (*leads, *rest):
                branch.add(*_person_label(s, pid))
            others = secondary.get(uid, ())
            if len(others) > 1:  # in the order the unit lists them, leads first
                order = {p: i for i, p in enumerate(s.unit_people(uid))}
                others = sorted(others, key=order.__getitem__)
            for pid in others:
                branch.add(*_person_label(s, pid, secondary=True))
        children = s.children[uid]
        if depth is not None and level >= depth and children:
            branch.add((wording.more_below(*hidden_below(s, uid, headcount)), "dim"))
            continue
        stack.extend((child, branch, level + 1) for child in reversed(children))

    if root is None:
        unplaced = [pid for pid in s.people if s.home[pid] is None and pid not in s.listings]
        if unplaced and not units_only:
            extra = tree.add(("Not in any unit", "bold"))
            for pid in unplaced:
                extra.add(*_person_label(s, pid))
    return tree


# -- writers ----------------------------------------------------------------------------------


def to_rich(tree: Branch) -> Tree:
    """The tree as rich draws it in a terminal, in colour."""
    from rich.text import Text
    from rich.tree import Tree

    def text(label: Label) -> Text:
        out = Text()
        for piece, style in label:
            out.append(piece, style=style or None)
        return out

    top = Tree(text(tree.label))
    stack = [(tree, top)]
    while stack:
        branch, drawn = stack.pop()
        for child in branch.children:
            stack.append((child, drawn.add(text(child.label))))
    return top


# What rich does to text before drawing it: these control codes go (rich.control), and tabs
# become spaces to the next multiple of 8 cells.
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
_SPECIAL = re.compile("[\x07\x08\x0b\x0c\x0d\n\t]")
_TAB = 8
_GUIDES = {True: ("└── ", "    "), False: ("├── ", "│   ")}  # by "is the last child"


def plain_lines(tree: Branch) -> Iterator[str]:
    """The tree as lines of text, exactly as rich prints it without colour (each line without
    its newline)."""
    yield from _label_lines(tree.label, "", "")
    stack = [(child, "", i == len(tree.children) - 1) for i, child in enumerate(tree.children)]
    stack.reverse()
    while stack:
        branch, guides, last = stack.pop()
        first, rest = _GUIDES[last]
        yield from _label_lines(branch.label, guides + first, guides + rest)
        inner = guides + rest
        n = len(branch.children)
        stack.extend((branch.children[i], inner, i == n - 1) for i in range(n - 1, -1, -1))


def _label_lines(label: Label, first: str, rest: str) -> Iterator[str]:
    text = "".join([piece for piece, _ in label])
    if not _SPECIAL.search(text):  # nearly every label: one line as it is (0.4 s of 1.1 s saved)
        yield first + text
        return
    text = text.translate(_STRIPPED)
    for i, line in enumerate(text.split("\n")):
        yield (first if i == 0 else rest) + (_expand_tabs(line) if "\t" in line else line)


def _expand_tabs(line: str) -> str:
    from rich.cells import cell_len  # wide characters take two cells, as rich counts them

    out = []
    column = 0
    for part in line.split("\t")[:-1]:
        out.append(part + " ")
        column += cell_len(part) + 1
        if column % _TAB:
            out.append(" " * (_TAB - column % _TAB))
            column += _TAB - column % _TAB
    out.append(line.split("\t")[-1])
    return "".join(out)
