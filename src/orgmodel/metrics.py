"""Org metrics (DESIGN §5), pure functions of a derived structure. `diff` shows them before and
after; `stats` will print them in full."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass

from orgmodel.structure import Structure


@dataclass(frozen=True)
class OrgMetrics:
    """The headline numbers of one org."""

    headcount: int  # people entries, open positions included
    filled: int
    vacant: int
    units: int
    layers: int
    managers: int  # people with at least one direct report
    span_min: int
    span_median: float
    span_mean: float
    span_max: int

    def as_dict(self) -> dict[str, int | float]:
        return asdict(self)


def spans(s: Structure) -> list[int]:
    """The span of control of every manager (people with reports), in file order."""
    return [len(reports) for reports in s.reports.values() if reports]


def org_metrics(s: Structure) -> OrgMetrics:
    vacant = sum(1 for person in s.people.values() if person.vacant)
    all_spans = spans(s)
    return OrgMetrics(
        headcount=len(s.people),
        filled=len(s.people) - vacant,
        vacant=vacant,
        units=len(s.units),
        layers=s.layers,
        managers=len(all_spans),
        span_min=min(all_spans, default=0),
        span_median=_number(statistics.median(all_spans)) if all_spans else 0,
        span_mean=round(statistics.fmean(all_spans), 2) if all_spans else 0,
        span_max=max(all_spans, default=0),
    )


def _number(value: float) -> float:
    """Whole numbers as ints, so JSON says 5 and not 5.0."""
    return int(value) if float(value).is_integer() else round(value, 2)
