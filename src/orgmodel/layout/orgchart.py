"""The org-chart rules on top of the tidy tree (DESIGN §4).

Bottom up, every manager (or unit) gets an arrangement for its children, judged on estimated
sizes:
- leaf children (no reports of their own) go in one block of k columns around a trunk when there
  are more than a few, or when they sit beside managers, k chosen to bring the block near the
  page's aspect ratio;
- the remaining children stay in one tidy row while the row holds at most `MOST_IN_ROW` and
  stays within `WIDEST_ROW` (width / height); otherwise they are wrapped into rows of k around a
  trunk (k = 1 is the hanging column of the classic org chart);
- assistants and overlays sit in a band beside the trunk, under their manager, above the reports.

Each maximal part of the tree kept in tidy rows is laid out by one pass of `tidy_tree`, where a
wrapped or leaf block is a single rigid box; each block's cells were laid out before it, so every
node is placed once and the whole stays linear.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from orgmodel.layout.blocks import (
    GUTTER,
    Piece,
    card_piece,
    columns_for,
    forest_block,
    grid,
    rows_block,
    shelf_width,
    shelves,
    simplify,
)
from orgmodel.layout.model import Point, Size
from orgmodel.layout.tidy import tidy_tree
from orgmodel.layout.tree import ChartTree

LEVEL_GAP = 36.0  # from a card (and the band under it) down to its children
SIBLING_GAP = 16.0
SUBTREE_GAP = 24.0
BAND_GAP = 10.0  # from a card down to the assistants beside its trunk
MOST_IN_ROW = 10  # boxes in one row of siblings, at most
TARGET_ASPECT = 2.0  # width / height a wrapped block aims at: a docs page, landscape
PAGE_ASPECT = 2.4  # the whole chart, long side over short, at most (where it can be)
# Limits on a row's width for its height tried in turn; the first plan within PAGE_ASPECT wins.
PLAN_LIMITS = (math.inf, 8.0, 4.0, 2.4, 1.6, 1.0)
NEAR = 1.3  # a plan estimated within this factor of PAGE_ASPECT is worth laying out
LEAVES_IN_A_ROW = 4  # this many leaf reports alone stay a plain row
LINKED_ROW = 6  # boxes in a row that lineage lines run between, kept in one row
GROUP_GAP = 56.0  # between groups of top-level boxes


@dataclass(frozen=True)
class Forest:
    """Top-level boxes grouped (by unit, for people), each group on shelves of its own, and the
    groups on shelves under the title."""

    groups: tuple[tuple[int, ...], ...]  # indexes into the roots, in order of first appearance
    group_widths: tuple[float, ...]  # each group's shelf width
    width: float  # the shelf width for the groups
    firsts: tuple[int, ...]  # the boxes in each group's first row
    size: tuple[float, float]


def plan_forest(
    sizes: Sequence[tuple[float, float]], keys: Sequence[str | None], target: float
) -> Forest:
    if not sizes:  # an org with nobody in it
        return Forest((), (), 0.0, (), (0.0, 0.0))
    by_key: dict[str | None, list[int]] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    groups = tuple(tuple(members) for members in by_key.values())
    widths: list[float] = []
    group_sizes: list[tuple[float, float]] = []
    firsts: list[int] = []  # the boxes in each group's first row
    for members in groups:
        cells = [sizes[i] for i in members]
        width = shelf_width(cells, target, MOST_IN_ROW)
        shape = shelves(cells, width, MOST_IN_ROW)
        widths.append(width)
        group_sizes.append((shape.width, shape.height))
        firsts.append(sum(1 for _, top in shape.cells if top == 0.0))
    if len(groups) == 1:
        return Forest(groups, tuple(widths), widths[0], (), group_sizes[0])
    # Groups side by side are still boxes in a row: the row's count is their first rows' sum.
    width = shelf_width(group_sizes, target, MOST_IN_ROW, GROUP_GAP, firsts)
    shape = shelves(group_sizes, width, MOST_IN_ROW, GROUP_GAP, firsts)
    return Forest(groups, tuple(widths), width, tuple(firsts), (shape.width, shape.height))


@dataclass(frozen=True)
class LeafBlock:
    """A node's leaf children in one block of `columns` around a trunk. Beside other reports
    the block is the node's staff: it hangs on the trunk under the card, above the other
    reports' row, like the classic chart's staff functions."""

    columns: int
    size: tuple[float, float]
    staff: bool
    reach: float  # the width it needs centred on its trunk


@dataclass(frozen=True)
class Plan:
    """How each node's children are arranged (decided on estimates, before anything is placed)."""

    leaf_blocks: Mapping[str, LeafBlock]  # nodes whose leaf children form a block
    own: Mapping[str, Size]  # each node's card with the band under it
    wrap_columns: Mapping[str, int]  # nodes whose children are wrapped: columns of the block
    forest: Forest
    aspect: float  # the whole chart's, long side over short, as estimated


def arrange(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    groups: Mapping[str, str | None],
    compact: bool = True,
    linked: frozenset[str] = frozenset(),
) -> Piece:
    """Every card of the tree placed: one piece holding the forest, packed in rows.

    Wide rows are wrapped only as far as the whole chart needs: plans are made with a looser,
    then tighter, limit on a row's width for its height, and the loosest whose chart stays
    within `PAGE_ASPECT` is kept. Plans are judged on their estimates (bounding boxes, which
    overstate the width the tidy tree needs): the loosest near the page is laid out, once (a
    second trial layout made the work depend on the org's shape: at 5x the people, up to 7x the
    calls). Each plan and the layout are one linear pass.

    `linked` are the cards lines run between across the chart (lineage): leaves among them stay
    in a row (up to `MOST_IN_ROW`), where those lines can run in the lanes under it."""
    order = _post_order(tree)
    leaf_blocks = _leaf_blocks(tree, sizes, compact, linked)
    own = {node: _node_size(tree, sizes, leaf_blocks, node) for node in order}
    plans: list[Plan] = []
    for widest in PLAN_LIMITS if compact else (math.inf,):
        plans.append(_plan(tree, groups, order, leaf_blocks, own, widest, compact, linked))
        if plans[-1].aspect <= PAGE_ASPECT:
            break
    near = [p for p in plans if p.aspect <= NEAR * PAGE_ASPECT]
    return _build(tree, sizes, order, near[0] if near else min(plans, key=lambda p: p.aspect))


def _build(
    tree: ChartTree, sizes: Mapping[str, tuple[float, float]], order: Sequence[str], plan: Plan
) -> Piece:
    pieces: dict[str, Piece] = {}
    region_roots = set(tree.roots)
    for node in plan.wrap_columns:
        taken = set(_leaves(tree, node)) if node in plan.leaf_blocks else set()
        region_roots.update(c for c in tree.children.get(node, ()) if c not in taken)
    for node in order:
        if node in region_roots:
            pieces[node] = _region(tree, sizes, plan, pieces, node)
    tops = [pieces[root] for root in tree.roots]
    if len(tops) <= 1:
        return tops[0] if tops else Piece(0.0, 0.0, 0.0)
    forest = plan.forest
    blocks = [
        forest_block([tops[i] for i in members], width, MOST_IN_ROW)
        for members, width in zip(forest.groups, forest.group_widths, strict=True)
    ]
    if len(blocks) == 1:
        return blocks[0]
    return forest_block(blocks, forest.width, MOST_IN_ROW, GROUP_GAP, forest.firsts)


def _post_order(tree: ChartTree) -> list[str]:
    order: list[str] = []
    stack = list(reversed(tree.roots))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(tree.children.get(node, ()))
    order.reverse()
    return order


def _leaves(tree: ChartTree, node: str) -> list[str]:
    return [
        c for c in tree.children.get(node, ()) if not tree.children.get(c) and not tree.side.get(c)
    ]


def _band(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    leaf_blocks: Mapping[str, LeafBlock],
    node: str,
) -> Size:
    """The band under a card: assistants two to a row either side of the trunk, then the
    staff block centred on it."""
    side = tree.side.get(node, ())
    width = height = 0.0
    if side:
        widest = max(sizes[s][0] for s in side)
        rows = [side[i : i + 2] for i in range(0, len(side), 2)]
        height = sum(max(sizes[s][1] for s in row) for row in rows) + BAND_GAP * len(rows)
        width = 2 * widest + GUTTER
    block = leaf_blocks.get(node)
    if block is not None and block.staff:
        width = max(width, block.reach)
        height += BAND_GAP + block.size[1]
    return Size(width, height)


def _node_size(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    leaf_blocks: Mapping[str, LeafBlock],
    node: str,
) -> Size:
    w, h = sizes[node]
    band = _band(tree, sizes, leaf_blocks, node)
    return Size(max(w, band.width), h + band.height)


def _leaf_blocks(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    compact: bool,
    linked: frozenset[str],
) -> dict[str, LeafBlock]:
    """The nodes whose leaf children form a block (the same in every plan)."""
    blocks: dict[str, LeafBlock] = {}
    if not compact:
        return blocks
    for node, children in tree.children.items():
        leaves = _leaves(tree, node)
        if linked.intersection(leaves) and len(children) <= LINKED_ROW:
            continue  # one row, with lanes under it for the lines between them
        staff = len(leaves) < len(children)
        if len(leaves) >= 2 and (len(leaves) > LEAVES_IN_A_ROW or staff):
            cells = [sizes[leaf] for leaf in leaves]
            k = columns_for(cells, TARGET_ASPECT, MOST_IN_ROW)
            shape = grid(cells, k, sideways=k <= 2)
            # As staff, the block hangs centred on its trunk, which may be off its centre.
            reach = 2 * max(shape.trunk, shape.width - shape.trunk)
            blocks[node] = LeafBlock(k, (shape.width, shape.height), staff, reach)
    return blocks


def _plan(
    tree: ChartTree,
    groups: Mapping[str, str | None],
    order: Sequence[str],
    leaf_blocks: Mapping[str, LeafBlock],
    own_sizes: Mapping[str, Size],
    widest: float,
    compact: bool,
    linked: frozenset[str],
) -> Plan:
    wrap_columns: dict[str, int] = {}
    estimate: dict[str, tuple[float, float]] = {}
    for node in order:
        own = own_sizes[node]
        children = tree.children.get(node, ())
        if not children:
            estimate[node] = (own.width, own.height)
            continue
        items: list[tuple[float, float]]
        block = leaf_blocks.get(node)
        if block is not None:
            chosen = set(_leaves(tree, node))
            items = [] if block.staff else [block.size]
            items += [estimate[c] for c in children if c not in chosen]
        else:
            items = [estimate[c] for c in children]
        row_width = sum(w for w, _ in items) + SUBTREE_GAP * (len(items) - 1)
        row_height = max(h for _, h in items)
        width = max(own.width, row_width)
        height = own.height + LEVEL_GAP + row_height
        crowded = len(items) > MOST_IN_ROW if compact else False
        # A row that lineage runs along stays a row while it can (the lines run under it).
        linked_row = len(items) <= LINKED_ROW and bool(linked.intersection(children))
        too_wide = width > widest * height and not linked_row
        if len(items) > 1 and (crowded or too_wide):
            k = columns_for(items, TARGET_ASPECT, MOST_IN_ROW, apart=True)
            wrap_columns[node] = k
            grid_w, grid_h = _grid_size(items, k)
            width, height = max(own.width, grid_w), own.height + LEVEL_GAP + grid_h
        estimate[node] = (width, height)
    tops = [estimate[root] for root in tree.roots]
    forest = plan_forest(tops, [groups.get(root) for root in tree.roots], TARGET_ASPECT)
    width, height = forest.size
    aspect = _aspect(width, height)
    # A wide tree among a forest's shelves hides in the chart's aspect but leaves the rest empty:
    # each tree that sets the chart's width is held to the limit too.
    for tree_width, tree_height in tops:
        if len(tops) > 1 and tree_width >= width / 3:
            aspect = max(aspect, _aspect(tree_width, tree_height))
    return Plan(leaf_blocks, own_sizes, wrap_columns, forest, aspect)


def _aspect(width: float, height: float) -> float:
    return max(width, height) / max(1.0, min(width, height))


def _grid_size(cells: Sequence[tuple[float, float]], k: int) -> tuple[float, float]:
    """A wrapped block's size: rows of whole subtrees, set apart."""
    shape = grid(cells, k, sideways=k <= 2, apart=True)
    return shape.width, shape.height


# -- placing one tidy region ------------------------------------------------------------------


@dataclass
class _TidyNode:
    node: str | None  # a card, or None for a rigid block
    size: Size
    piece: Piece | None = None
    children: list[int] | None = None


def _children_items(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    plan: Plan,
    pieces: Mapping[str, Piece],
    node: str,
) -> tuple[list[Piece], list[str]]:
    """A node's children as rigid pieces (a leaf block, wrapped cells) and as open children
    that join the node's tidy region."""
    children = tree.children.get(node, ())
    blocks: list[Piece] = []
    taken: set[str] = set()
    block = plan.leaf_blocks.get(node)
    if block is not None:
        leaves = _leaves(tree, node)
        taken.update(leaves)
        if not block.staff:  # else drawn in the band, by _place_card
            blocks.append(_leaf_piece(sizes, leaves, block))
    rest = [c for c in children if c not in taken]
    if node in plan.wrap_columns:
        cells = blocks + [pieces[c] for c in rest]
        return [rows_block(cells, plan.wrap_columns[node], apart=True)], []
    return blocks, rest


def _region(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    plan: Plan,
    pieces: Mapping[str, Piece],
    root: str,
) -> Piece:
    nodes: list[_TidyNode] = []
    stack: list[tuple[str, int]] = [(root, -1)]
    while stack:
        node, parent = stack.pop()
        index = len(nodes)
        nodes.append(_TidyNode(node, plan.own[node], children=[]))
        if parent >= 0:
            kids = nodes[parent].children
            assert kids is not None
            kids.append(index)
        blocks, open_children = _children_items(tree, sizes, plan, pieces, node)
        for block in blocks:
            kids = nodes[index].children
            assert kids is not None
            kids.append(len(nodes))
            nodes.append(_TidyNode(None, Size(block.width, block.height), block, []))
        stack.extend((child, index) for child in reversed(open_children))
    # The stack visits children after their parent but can interleave subtrees: children lists
    # are filled in pop order, which is left to right because they were pushed reversed.
    places = tidy_tree(
        [n.size for n in nodes],
        [n.children or [] for n in nodes],
        0,
        sibling_gap=SIBLING_GAP,
        subtree_gap=SUBTREE_GAP,
        level_gap=LEVEL_GAP,
    )
    piece = Piece(0.0, 0.0, 0.0)
    left, right, bottom = 0.0, 0.0, 0.0
    for i, tidy in enumerate(nodes):
        place = places[i]
        assert place is not None
        x, top = place
        left = min(left, x - tidy.size.width / 2)
        right = max(right, x + tidy.size.width / 2)
        bottom = max(bottom, top + tidy.size.height)
        if tidy.node is None:
            assert tidy.piece is not None
            piece.parts.append((tidy.piece, x - tidy.size.width / 2, top))
            continue
        _place_card(tree, sizes, plan, piece, tidy.node, x, top)
        card_bottom = top + sizes[tidy.node][1]
        bus = top + tidy.size.height + LEVEL_GAP / 2
        for child in tidy.children or ():
            _connect(piece, nodes[child], places[child], tidy.node, (x, card_bottom), bus)
    piece.origin = (-left, 0.0)
    piece.width, piece.height, piece.entry = right - left, bottom, -left
    w, h = sizes[root]
    piece.heads = [(root, [(piece.entry, 0.0)])]
    piece.top_card = (w, h)
    # Parts are placed in region coordinates: shift them with the origin too.
    piece.parts = [(part, dx - left, dy) for part, dx, dy in piece.parts]
    return piece


def _leaf_piece(
    sizes: Mapping[str, tuple[float, float]], leaves: Sequence[str], block: LeafBlock
) -> Piece:
    return rows_block([card_piece(leaf, *sizes[leaf]) for leaf in leaves], block.columns)


def _place_card(
    tree: ChartTree,
    sizes: Mapping[str, tuple[float, float]],
    plan: Plan,
    piece: Piece,
    node: str,
    x: float,
    top: float,
) -> None:
    h = sizes[node][1]
    piece.cards.append((node, x, top))
    side = tree.side.get(node, ())
    y = top + h + BAND_GAP
    for i in range(0, len(side), 2):
        row = side[i : i + 2]
        row_h = max(sizes[s][1] for s in row)
        for j, assistant in enumerate(row):
            aw, ah = sizes[assistant]
            right = j == 0
            centre = x + GUTTER / 2 + aw / 2 if right else x - GUTTER / 2 - aw / 2
            piece.cards.append((assistant, centre, y))
            middle = y + ah / 2
            edge = centre - aw / 2 if right else centre + aw / 2
            path = simplify([(x, top + h), (x, middle), (edge, middle)])
            piece.lines.append((node, assistant, path))
        y += row_h + BAND_GAP
    block = plan.leaf_blocks.get(node)
    if block is not None and block.staff:
        staff = _leaf_piece(sizes, _leaves(tree, node), block)
        dx = x - staff.entry  # its trunk on the card's
        piece.parts.append((staff, dx, y))
        for head, path in staff.heads:
            moved = [(px + dx, py + y) for px, py in path]
            piece.lines.append((node, head, simplify([(x, top + h), *moved])))


def _connect(
    piece: Piece,
    child: _TidyNode,
    place: Point | None,
    tail: str,
    start: Point,
    bus: float,
) -> None:
    assert place is not None
    x, top = place
    if child.node is not None:
        path = [start, (start[0], bus), (x, bus), (x, top)]
        piece.lines.append((tail, child.node, simplify(path)))
        return
    block = child.piece
    assert block is not None
    dx = x - child.size.width / 2
    entry = dx + block.entry
    for head, rest in block.heads:
        moved = [(px + dx, py + top) for px, py in rest]
        path = [start, (start[0], bus), (entry, bus), *moved]
        piece.lines.append((tail, head, simplify(path)))
