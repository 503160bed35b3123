"""The diff as Markdown for pull-request comments and docs: the summary, then tables."""

from __future__ import annotations

from orgmodel.diff.model import OrgDiff
from orgmodel.diff.summary import delta, field_changes, number, percent, summary_line
from orgmodel.report.describe import METRIC_NAMES, PEOPLE_HEADINGS, PEOPLE_ORDER
from orgmodel.report.markdown_text import cell as _cell
from orgmodel.report.markdown_text import code as _code


def render_markdown(result: OrgDiff) -> str:
    before, after = result.before, result.after
    out = [
        f"### Org diff: {_cell(before.name)} → {_cell(after.name)}",
        "",
        f"**{_cell(summary_line(result))}**",
        "",
    ]
    if result.empty:
        return "\n".join(out)
    if result.units:
        out += ["#### Units", "", "| change | unit | name | details |", "|---|---|---|---|"]
        for unit in result.units:
            details = "" if unit.change in ("added", "removed") else field_changes(unit.fields)
            if unit.change in ("added", "removed"):
                parent = unit.fields.get("parent", (None, None))
                where = parent[1] if unit.change == "added" else parent[0]
                details = f"under {where}" if where else "at the top"
            out.append(
                f"| {unit.change} | {_code(unit.id)} | {_cell(unit.name)} | {_cell(details)} |"
            )
        out.append("")
    if result.lineage:
        out += [
            "#### Lineage",
            "",
            "| kind | from | to | people | share | declared |",
            "|---|---|---|---:|---:|---|",
        ]
        for line in result.lineage:
            out.append(
                f"| {line.kind} | {', '.join(_code(u) for u in line.from_)} | "
                f"{', '.join(_code(u) for u in line.to)} | {line.people} | {percent(line.share)} | "
                f"{'yes' if line.explicit else 'no'} |"
            )
        out.append("")
    if result.interactions:
        out += ["#### Interactions", "", "| change | from | to | mode |", "|---|---|---|---|"]
        for item in result.interactions:
            mode = (
                " → ".join(m for m in item.mode if m)
                if item.change == "changed"
                else (item.mode[1] or item.mode[0] or "")
            )
            out.append(f"| {item.change} | {_code(item.source)} | {_code(item.target)} | {mode} |")
        out.append("")
    if result.people:
        out += ["#### People", "", "| change | id | name | details |", "|---|---|---|---|"]
        for kind in PEOPLE_ORDER:
            for person in (p for p in result.people if p.change == kind):
                out.append(
                    f"| {PEOPLE_HEADINGS[kind].lower()} | {_code(person.id)} | "
                    f"{_cell(person.label)} | {_cell(field_changes(person.fields))} |"
                )
        out.append("")
    out += ["#### Metrics", "", "| metric | before | after | change |", "|---|---:|---:|---:|"]
    for key, (old, new) in result.metrics.items():
        out.append(f"| {METRIC_NAMES[key]} | {number(old)} | {number(new)} | {delta(old, new)} |")
    out.append("")
    return "\n".join(out)
