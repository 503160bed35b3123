"""Reporters for `orgmodel stats`: one org, or two side by side (`--against`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from orgmodel.diff.summary import delta, number
from orgmodel.formats.registry import Format
from orgmodel.metrics import OrgStats
from orgmodel.report.describe import METRIC_NAMES
from orgmodel.report.markdown_text import cell, code
from orgmodel.wording import plural

FORMAT_VERSION = 1
BAR_WIDTH = 30


def stats_document(name: str, as_of: str | None, stats: OrgStats) -> dict[str, Any]:
    return {
        "name": name,
        "as_of": as_of,
        "metrics": stats.metrics.as_dict(),
        "manager_ratio": stats.manager_ratio,
        "span_bands": stats.span_bands,
        "units_by_kind": stats.units_by_kind,
        "units_by_function": stats.units_by_function,
        "one_report_managers": list(stats.one_report_managers),
        "units_without_lead": list(stats.units_without_lead),
        "people_in_no_unit": list(stats.people_in_no_unit),
        "shapes": [asdict(shape) for shape in stats.shapes],
        "key_people": [asdict(person) for person in stats.key_people],
        "sole_leads": [{"person": p, "unit": u} for p, u in stats.sole_leads],
    }


Side = tuple[str, str | None, OrgStats]


def render_stats_json(sides: list[Side]) -> str:
    documents = [stats_document(*side) for side in sides]
    if len(documents) == 1:
        body: dict[str, Any] = {"orgmodel_stats": FORMAT_VERSION, **documents[0]}
    else:
        before, after = documents
        change = {
            key: round(after["metrics"][key] - before["metrics"][key], 2)
            for key in before["metrics"]
        }
        body = {
            "orgmodel_stats": FORMAT_VERSION,
            "before": before,
            "after": after,
            "change": change,
        }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _names(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(items) if items else "none"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"


def _histogram(bands: dict[str, int]) -> list[str]:
    widest = max(bands.values(), default=0) or 1
    lines = []
    for band, count in bands.items():
        bar = "█" * max(1 if count else 0, round(count * BAR_WIDTH / widest))
        lines.append(f"    {band:>5}  {bar} {count}".rstrip())
    return lines


def _one(name: str, as_of: str | None, stats: OrgStats) -> list[str]:
    m = stats.metrics
    out = [f"{name}" + (f" · as of {as_of}" if as_of else ""), ""]
    out += [
        f"  headcount       {m.headcount} ({m.filled} filled, {m.vacant} open)",
        f"  units           {m.units} ({_counts(stats.units_by_kind)})",
        f"  functions       {_counts(stats.units_by_function)}",
        f"  layers          {m.layers}",
        f"  managers        {m.managers} ({number(stats.manager_ratio)} people per manager)",
        f"  span            min {m.span_min} · median {number(m.span_median)} · "
        f"mean {number(m.span_mean)} · max {m.span_max}",
        *_histogram(stats.span_bands),
        f"  one-report managers  {_names(stats.one_report_managers)}",
        f"  units without lead   {_names(stats.units_without_lead)}",
        f"  people in no unit    {_names(stats.people_in_no_unit)}",
        "",
        "Shape",
    ]
    out += [f"  {s.unit}: {s.shape} ({s.reason})" for s in stats.shapes] or ["  no parent units"]
    out += ["", "Key people (people under them; units they lead)"]
    out += [
        f"  {k.person}: {k.under} under, leads {plural(k.leads, 'unit')}" for k in stats.key_people
    ] or ["  none"]
    out += ["", "Sole leads (no one else in the unit manages anyone)"]
    out += [f"  {person} leads {unit}" for person, unit in stats.sole_leads] or ["  none"]
    return out


def render_text(sides: list[Side]) -> str:
    if len(sides) == 1:
        return "\n".join(_one(*sides[0])) + "\n"
    (b_name, b_as_of, before), (a_name, a_as_of, after) = sides
    out = [f"{b_name} → {a_name}", "", f"  {'metric':<15}{'before':>9}{'after':>9}{'change':>9}"]
    b, a = before.metrics.as_dict(), after.metrics.as_dict()
    for key in b:
        out.append(
            f"  {METRIC_NAMES[key]:<15}{number(b[key]):>9}{number(a[key]):>9}"
            f"{delta(b[key], a[key]):>9}".rstrip()
        )
    out.append(
        f"  {'people/manager':<15}{number(before.manager_ratio):>9}{number(after.manager_ratio):>9}"
        f"{delta(before.manager_ratio, after.manager_ratio):>9}".rstrip()
    )
    out += ["", "Span bands (managers)", f"  {'span':<15}{'before':>9}{'after':>9}"]
    for band in before.span_bands:
        out.append(f"  {band:<15}{before.span_bands[band]:>9}{after.span_bands[band]:>9}")
    out += ["", "Shape before"]
    out += [f"  {s.unit}: {s.shape} ({s.reason})" for s in before.shapes] or ["  no parent units"]
    out += ["", "Shape after"]
    out += [f"  {s.unit}: {s.shape} ({s.reason})" for s in after.shapes] or ["  no parent units"]
    out += ["", "", *_one(b_name, b_as_of, before), "", "", *_one(a_name, a_as_of, after)]
    return "\n".join(out) + "\n"


def render_markdown(sides: list[Side]) -> str:
    out = [f"### Org stats: {' → '.join(cell(name) for name, _, _ in sides)}", ""]
    header = "| metric | " + " | ".join(cell(name) for name, _, _ in sides)
    if len(sides) == 2:
        header += " | change"
    out += [header + " |", "|---|" + "---:|" * (len(sides) + (1 if len(sides) == 2 else 0))]
    metrics = [stats.metrics.as_dict() for _, _, stats in sides]
    for key in metrics[0]:
        row = f"| {METRIC_NAMES[key]} | " + " | ".join(number(m[key]) for m in metrics)
        if len(sides) == 2:
            row += f" | {delta(metrics[0][key], metrics[1][key])}"
        out.append(row + " |")
    for name, _, stats in sides:
        out += ["", f"#### Shape: {cell(name)}", ""]
        out += [f"- {code(s.unit)}: **{s.shape}** ({cell(s.reason)})" for s in stats.shapes] or [
            "- none"
        ]
    out.append("")
    return "\n".join(out)


REPORTERS = {
    Format.text: render_text,
    Format.markdown: render_markdown,
    Format.json: render_stats_json,
}
