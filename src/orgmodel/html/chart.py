"""The chart page: an org's people and units as cards, both levels in one file."""

from __future__ import annotations

from typing import Any

from orgmodel import wording
from orgmodel.graph.cards import chart_title, person_heading
from orgmodel.graph.chart import ChartOptions, ordered
from orgmodel.html.nodes import TOP, Record, legend, people_records, top_record, unit_records
from orgmodel.html.page import render_page
from orgmodel.metrics import people_under
from orgmodel.structure import Structure

# Levels of cards below the top drawn when the page opens: a few screens, however large the
# org (the rest is a click, or a search, away).
OPEN_DEPTH = 2
DIRECTIONS = {"TB": "top", "BT": "bottom", "LR": "left", "RL": "right"}


def view_options(options: ChartOptions, depth: int = OPEN_DEPTH) -> dict[str, Any]:
    """The chart options the viewer follows: the level it opens at, how many levels of cards
    start expanded (`--depth`), the direction and compaction."""
    return {
        "level": options.level,
        "depth": options.depth or depth,
        "direction": DIRECTIONS[options.direction],
        "compact": options.compact,
    }


def _sorted(records: list[Record], order: list[str]) -> list[Record]:
    """The records in `order`: siblings are drawn in the order their records come."""
    by_id = {r["id"]: r for r in records}
    return [by_id[i] for i in order]


def chart_data(s: Structure, options: ChartOptions) -> dict[str, Any]:
    people = people_records(s)
    units = unit_records(s)
    if options.sort != "file":  # as the static charts order siblings (--sort)
        under = people_under(s)
        heading = {p: person_heading(s.people[p]) for p in s.people}
        people = _sorted(people, ordered(s.people, options.sort, heading.__getitem__, under))
        names = {u: s.units[u].name for u in s.units}
        counts = s.headcounts()
        units = _sorted(units, ordered(s.unit_order, options.sort, names.__getitem__, counts))
    count = wording.people(len(s.people))
    if any(r.get("parent") == TOP for r in people):
        people.insert(0, top_record(s.org.name, [count]))
    if any(r.get("parent") == TOP for r in units):
        units.insert(0, top_record(s.org.name, [wording.plural(len(s.units), "unit")]))
    return {
        "page": "chart",
        "title": chart_title(s, None),
        "description": s.org.description or "",
        "options": view_options(options),
        "levels": {"people": people, "units": units},
        "legend": legend(s),
    }


def chart_page(s: Structure, options: ChartOptions) -> str:
    """The interactive chart of the org in `s`."""
    return render_page(chart_title(s, None), chart_data(s, options))
