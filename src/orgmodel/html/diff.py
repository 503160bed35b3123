"""The diff page: the union of both snapshots as cards with change badges, filters per kind of
change, and the lineage and summary line beside the chart. Built from the `OrgDiff` and the two
structures, as every view of a diff is."""

from __future__ import annotations

from typing import Any

from orgmodel import wording
from orgmodel.diff.model import OrgDiff, PersonChange, UnitChange, UnitLineage
from orgmodel.diff.summary import field_change, summary_line
from orgmodel.graph.diff import style
from orgmodel.graph.options import ChartOptions
from orgmodel.html.chart import OPEN_DEPTH, view_options
from orgmodel.html.nodes import TOP, Record, person_record, top_record, unit_record
from orgmodel.html.page import render_page
from orgmodel.metrics import people_under
from orgmodel.structure import Structure

# The kinds of change a filter shows or hides, in the order the checkboxes stand.
PEOPLE_KINDS = ("joined", "left", "moved", "changed", "opened", "filled", "closed")
UNIT_KINDS = ("added", "removed", "renamed", "moved", "changed")
UNCHANGED = "unchanged"
NO_FILLS: dict[str, str] = {}  # colour says what changed: no function colours on this page
# A diff this small opens with every card shown; a larger one opens like a chart.
OPEN_ALL_BELOW = 400
OPEN_ALL = 10_000  # levels: more than any org has


def _unit_name(s: Structure, uid: Any) -> str:
    return s.units[uid].name if isinstance(uid, str) and uid in s.units else str(uid)


def person_badge(change: PersonChange, before: Structure) -> str:
    """What a person's card says of their change: "moved from Qianwen", "joined", …"""
    if change.change == "moved" and "unit" in change.fields:
        old = change.fields["unit"][0]
        return f"moved from {_unit_name(before, old)}" if old else "moved"
    return change.change


def unit_badge(change: UnitChange, before: Structure) -> str:
    if change.change == "renamed":
        old_id, _ = change.fields.get("id", (None, None))
        old_name, _ = change.fields.get("name", (None, None))
        return f"renamed from {old_name or _unit_name(before, old_id)}"
    if change.change == "moved" and "parent" in change.fields:
        old = change.fields["parent"][0]
        return f"moved from {_unit_name(before, old)}" if old else "moved from the top"
    return change.change


def _marked(record: Record, change: PersonChange | UnitChange | None, badge: str) -> Record:
    """The card with its change: unchanged, or the change's kind, its badge (with the diff
    picture's glyph, so a change reads without its colour) and its fields as facts."""
    if change is None:
        return {**record, "change": UNCHANGED}
    facts = [
        *record.get("facts", []),
        *(("changed", field_change(n, c)) for n, c in change.fields.items()),
    ]
    mark = style.mark(change.change)
    shown = f"{mark.glyph} {badge}" if mark else badge
    return {**record, "change": change.change, "badge": shown, "facts": facts}


def _diff_card(record: Record, outline: str) -> Record:
    """A card outlined as the diff picture outlines it, one meaning each: dashed is kept for
    what was removed (the stylesheet draws it), so a card the chart draws dashed (an open
    position, an overlay) gets `outline` instead: dotted, or double. (Nor are functions'
    colours drawn here: Tongyi Lab's research blue read as "added".)"""
    if not record.pop("dashed", False):
        return record
    return {**record, "outline": outline}


def diff_legend(levels: dict[str, list[Record]]) -> list[Record]:
    """One entry per mark the page draws, in the diff picture's words and colours."""
    records = [r for level in levels.values() for r in level]
    kinds = {style.MARK_OF[r["change"]] for r in records if r.get("change") in style.MARK_OF}
    entries: list[Record] = [
        {"label": m.words, "fill": m.fill, "outline": "dashed" if m.border == "dashed" else None}
        for name, m in style.MARKS.items()
        if name in kinds
    ]
    outlines = {r.get("outline") for r in records}
    if "dotted" in outlines:
        entries.append({"label": "open position", "outline": "dotted"})
    if "double" in outlines:
        entries.append({"label": "overlay (cross-cutting unit)", "outline": "double"})
    return entries


def people_union(result: OrgDiff, before: Structure, after: Structure) -> list[Record]:
    """Everyone of the after org under their manager; people who left (and closed positions)
    under their former manager where that card is drawn, else at the top."""
    changes = {c.id: c for c in result.people}
    gone = [pid for pid in before.people if pid not in after.people]
    drawn = {*after.people, *gone}
    records: list[Record] = []
    for side, ids in ((after, list(after.people)), (before, gone)):
        under = people_under(side)
        for pid in ids:
            manager = side.manager.get(pid)
            parent = manager if manager in drawn and manager != pid else TOP
            record = _diff_card(person_record(side, pid, parent, under, NO_FILLS), "dotted")
            change = changes.get(pid)
            records.append(_marked(record, change, person_badge(change, before) if change else ""))
    return records


def units_union(result: OrgDiff, before: Structure, after: Structure) -> list[Record]:
    """Every unit of the after org under its parent; removed units under their former parent
    (as it is named after), else at the top."""
    changes = {c.id: c for c in result.units}
    renamed_to = {
        c.fields["id"][0]: c.id for c in result.units if c.change == "renamed" and "id" in c.fields
    }
    gone = [u for u in before.unit_order if u not in after.units and u not in renamed_to]
    drawn = {*after.units, *gone}
    lineage_of: dict[str, list[str]] = {}
    for line in result.lineage:
        for uid in (*line.from_, *line.to):
            lineage_of.setdefault(uid, []).append(_lineage_entry(line, before, after)["text"])
    records: list[Record] = []
    for side, ids in ((after, after.unit_order), (before, gone)):
        counts = (side.headcounts(), side.home_counts())
        for uid in ids:
            parent = side.parent[uid]
            parent = renamed_to.get(parent, parent) if parent is not None else None
            at = parent if parent in drawn else TOP
            record = _diff_card(unit_record(side, uid, at, counts, NO_FILLS), "double")
            lines = [("lineage", text) for text in lineage_of.get(uid, ())]
            record["facts"] = [*record.get("facts", []), *lines]
            change = changes.get(uid)
            records.append(_marked(record, change, unit_badge(change, before) if change else ""))
    return records


def _lineage_entry(line: UnitLineage, before: Structure, after: Structure) -> Record:
    sources = ", ".join(_unit_name(before, u) for u in line.from_)
    targets = ", ".join(_unit_name(after, u) for u in line.to)
    evidence = f"{wording.people(line.people)}, {line.share:.0%}"
    written = " (declared with formerly)" if line.explicit else ""
    return {
        "kind": line.kind,
        "text": f"{line.kind}: {sources} → {targets} · {evidence}{written}",
        "units": [*line.from_, *line.to],
    }


def _with_top(records: list[Record], title: str, lines: list[str]) -> list[Record]:
    """The records with one top card over them when more than one card would stand at the top;
    else the lone top card stands alone."""
    tops = [r for r in records if r.get("parent") == TOP]
    if len(tops) == 1:
        tops[0].pop("parent")
    if len(tops) > 1:
        return [top_record(title, lines), *records]
    return records


def _filters(records: list[Record], kinds: tuple[str, ...]) -> list[Record]:
    counts: dict[str, int] = {}
    for record in records:
        if "change" in record:  # not the top card
            counts[record["change"]] = counts.get(record["change"], 0) + 1
    return [{"kind": k, "count": counts[k]} for k in (*kinds, UNCHANGED) if k in counts]


def diff_data(
    result: OrgDiff, before: Structure, after: Structure, options: ChartOptions
) -> dict[str, Any]:
    title = f"{result.before.name} → {result.after.name}"
    summary = summary_line(result)
    top = (result.after.name, [f"was {result.before.name}"])
    people = _with_top(people_union(result, before, after), *top)
    units = _with_top(units_union(result, before, after), *top)
    small = max(len(people), len(units)) < OPEN_ALL_BELOW
    return {
        "page": "diff",
        "title": f"orgmodel diff: {title}",
        "summary": summary,
        "options": view_options(
            options, {"people": people, "units": units}, most=OPEN_ALL if small else OPEN_DEPTH
        ),
        "levels": {"people": people, "units": units},
        "filters": {"people": _filters(people, PEOPLE_KINDS), "units": _filters(units, UNIT_KINDS)},
        "lineage": [_lineage_entry(line, before, after) for line in result.lineage],
        "legend": diff_legend({"people": people, "units": units}),
    }


def diff_page(result: OrgDiff, before: Structure, after: Structure, options: ChartOptions) -> str:
    """The interactive picture of the change from `before` to `after`."""
    data = diff_data(result, before, after, options)
    return render_page(data["title"], data)
