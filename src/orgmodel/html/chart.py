"""The chart page: an org's people and units as cards, both levels in one file."""

from __future__ import annotations

from collections import Counter
from typing import Any

from orgmodel import wording
from orgmodel.errors import UsageError
from orgmodel.graph.cards import chart_title, person_heading
from orgmodel.graph.chart import ordered
from orgmodel.graph.options import ChartOptions
from orgmodel.html.nodes import TOP, Record, legend, people_records, top_record, unit_records
from orgmodel.html.page import render_page
from orgmodel.metrics import people_under
from orgmodel.structure import Structure

# Levels of cards below the top drawn when the page opens: a few screens, however large the
# org (the rest is a click, or a search, away): at most OPEN_DEPTH levels, fewer where they
# would hold more than OPEN_CARDS cards. Every change redraws the cards in view, so they are
# what a search costs: at 100,000 people, two levels are 1,101 cards and a search took 0.25 s
# to draw its match; one level, 101 cards, 0.18 s (bench/html_bench.py).
OPEN_DEPTH = 2
OPEN_CARDS = 500
DIRECTIONS = {"TB": "top", "BT": "bottom", "LR": "left", "RL": "right"}


def depths(records: list[Record]) -> dict[str, int]:
    """Each card's depth in the drawn tree, 0 at the top."""
    parent = {r["id"]: r.get("parent") for r in records}
    depth: dict[str, int] = {}
    for rid in parent:
        walk = []
        at: str | None = rid
        while at is not None and at not in depth:
            walk.append(at)
            at = parent.get(at)
        base = depth[at] if at is not None else -1
        for step in reversed(walk):
            base += 1
            depth[step] = base
    return depth


def open_depth(records: list[Record], most: int = OPEN_DEPTH) -> int:
    """The levels below the top the page opens on: up to `most`, while OPEN_CARDS allow."""
    counts = Counter(depths(records).values())
    shown = counts[0]
    for level in range(1, most + 1):
        shown += counts[level]
        if shown > OPEN_CARDS:
            return max(level - 1, 1)
    return most


def view_options(
    options: ChartOptions, levels: dict[str, list[Record]], most: int = OPEN_DEPTH
) -> dict[str, Any]:
    """The chart options the viewer follows: the level it opens at, how many levels of cards
    start expanded in each (`--depth`, or as `open_depth` finds), the direction and
    compaction."""
    return {
        "level": options.level,
        "depth": {
            name: options.depth or open_depth(records, most) for name, records in levels.items()
        },
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
        "options": view_options(options, {"people": people, "units": units}),
        "levels": {"people": people, "units": units},
        "legend": legend(s),
    }


def whole_org(options: ChartOptions) -> None:
    """UsageError for the chart options the interactive chart cannot follow: it holds the whole
    org, in cards of their own."""
    if options.root is not None or options.clusters:
        used = "--root" if options.root is not None else "--clusters"
        raise UsageError(f"{used}: the HTML page holds the whole org; search or expand to a unit")


def chart_page(s: Structure, options: ChartOptions) -> str:
    """The interactive chart of the org in `s`; UsageError for options it cannot follow."""
    whole_org(options)
    return render_page(chart_title(s, None), chart_data(s, options))
