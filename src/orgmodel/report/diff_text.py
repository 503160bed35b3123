"""The diff as a plan-like text report: units, lineage, interactions, people by change, metrics,
and one summary line. Each line starts with a marker (`+`, `-`, `~`, `→`) that the terminal
colours."""

from __future__ import annotations

from collections import defaultdict

from orgmodel.diff.model import OrgDiff, PersonChange
from orgmodel.diff.summary import delta, field_changes, number, percent, summary_line, value
from orgmodel.report.describe import METRIC_NAMES, PEOPLE_HEADINGS, PEOPLE_ORDER
from orgmodel.wording import people

_UNIT_MARK = {"added": "+", "removed": "-", "renamed": "~", "moved": "~", "changed": "~"}
_PERSON_MARK = {
    "joined": "+",
    "opened": "+",
    "left": "-",
    "closed": "-",
    "moved": "~",
    "changed": "~",
    "filled": "~",
}


def _title(result: OrgDiff) -> str:
    def side(name: str, as_of: str | None) -> str:
        return f"{name} ({as_of})" if as_of else name

    return (
        f"orgmodel diff: {side(result.before.name, result.before.as_of)} → "
        f"{side(result.after.name, result.after.as_of)}"
    )


def render_text(result: OrgDiff) -> str:
    lines = [_title(result), ""]
    if result.empty:
        return "\n".join([*lines, "No changes.", ""])
    if result.units:
        lines.append("Units")
        for unit in result.units:
            mark = _UNIT_MARK[unit.change]
            if unit.change in ("added", "removed"):
                parent = unit.fields.get("parent", (None, None))
                where = parent[1] if unit.change == "added" else parent[0]
                place = f", under {where}" if where else ", at the top"
                lines.append(f"  {mark} {unit.id}  {unit.name}{place} ({unit.change})")
            else:
                lines.append(
                    f"  {mark} {unit.id}  {unit.name} ({unit.change}): "
                    + field_changes(unit.fields)
                )
        lines.append("")
    if result.lineage:
        lines.append("Lineage")
        for line in result.lineage:
            how = "declared with formerly" if line.explicit else "inferred"
            lines.append(
                f"  → {line.kind} {', '.join(line.from_)} → {', '.join(line.to)}  "
                f"({how}; {people(line.people)}, {percent(line.share)})"
            )
            for flow in line.flows:
                if not flow.people and not flow.units:
                    continue
                detail = f"{people(len(flow.people))} ({percent(flow.share)})"
                if flow.units:
                    detail += f", units {', '.join(flow.units)}"
                lines.append(f"      {flow.source} → {flow.target}: {detail}")
        lines.append("")
    if result.interactions:
        lines.append("Interactions")
        for item in result.interactions:
            mark = {"added": "+", "removed": "-", "changed": "~"}[item.change]
            mode = item.mode[1] if item.change == "added" else item.mode[0]
            text = f"  {mark} {item.source} → {item.target} ({mode})"
            if item.change == "changed":
                text = f"  ~ {item.source} → {item.target}: mode {item.mode[0]} → {item.mode[1]}"
            lines.append(text)
        lines.append("")
    if result.people:
        lines.extend(_people(result.people))
    lines.append("Metrics")
    for key, (before, after) in result.metrics.items():
        change = delta(before, after)
        row = f"  {METRIC_NAMES[key]:<15}{number(before):>8} → {number(after):<8}"
        lines.append((row + (f" ({change})" if change else "")).rstrip())
    lines.extend(["", summary_line(result), ""])
    return "\n".join(lines)


def _people(people: tuple[PersonChange, ...]) -> list[str]:
    by_kind: dict[str, list[PersonChange]] = defaultdict(list)
    for person in people:
        by_kind[person.change].append(person)
    lines: list[str] = ["People"]
    for kind in PEOPLE_ORDER:
        group = by_kind.get(kind)
        if not group:
            continue
        lines.append(f"  {PEOPLE_HEADINGS[kind]} ({len(group)})")
        if kind == "moved":
            lines.extend(_moved(group))
            continue
        for person in group:
            lines.append(f"    {_PERSON_MARK[kind]} {person.id}  {person.label}{_where(person)}")
    lines.append("")
    return lines


def _where(person: PersonChange) -> str:
    before, after = person.fields.get("unit", (None, None))
    if person.change in ("joined", "opened"):
        return f" → {value('unit', after)}"
    if person.change in ("left", "closed"):
        return f" (was in {value('unit', before)})"
    details = field_changes(person.fields)
    return f": {details}" if details else ""


def _moved(group: list[PersonChange]) -> list[str]:
    """Moves grouped by where from and where to; a manager shared by the whole group is said
    once."""
    by_move: dict[tuple[str, str], list[PersonChange]] = defaultdict(list)
    for person in group:
        before, after = person.fields["unit"]
        by_move[(value("unit", before), value("unit", after))].append(person)
    lines: list[str] = []
    for (before, after), movers in sorted(by_move.items()):
        managers = {p.fields.get("manager", (None, None))[1] for p in movers}
        shared = len(managers) == 1 and all("manager" in p.fields for p in movers)
        head = f"    ~ {before} → {after} ({len(movers)})"
        if shared:
            head += f", now reporting to {value('manager', next(iter(managers)))}"
        lines.append(head)
        for person in movers:
            leave_out = ("unit", "manager") if shared else ("unit",)
            details = field_changes(person.fields, leave_out)
            lines.append(
                f"        {person.id}  {person.label}" + (f": {details}" if details else "")
            )
    return lines
