"""Org metrics and analysis (DESIGN §5), pure functions of a derived structure: the headline
numbers `diff` shows before and after, and what `stats` adds to them (span bands, units by kind
and function, the shape of each parent unit, key-person risk)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

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


# -- analysis for `orgmodel stats` --------------------------------------------------------

SPAN_BANDS = ((1, 1), (2, 3), (4, 7), (8, 12), (13, 16), (17, None))
# Unit functions that mean "all of them": such a unit holds several functions itself.
MULTI_FUNCTION = frozenset(("full-stack", "cross-functional", "vertical", "multi-function"))
TOP_KEY_PEOPLE = 10


def band_name(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


@dataclass(frozen=True)
class UnitShape:
    unit: str
    shape: str  # functional | vertical | mixed
    reason: str


@dataclass(frozen=True)
class KeyPerson:
    person: str
    under: int  # people below them in the reporting tree
    leads: int  # units they lead


@dataclass(frozen=True)
class OrgStats:
    metrics: OrgMetrics
    span_bands: dict[str, int]
    units_by_kind: dict[str, int]
    units_by_function: dict[str, int]
    manager_ratio: float  # people per manager
    one_report_managers: tuple[str, ...]
    units_without_lead: tuple[str, ...]
    people_in_no_unit: tuple[str, ...]
    shapes: tuple[UnitShape, ...]
    key_people: tuple[KeyPerson, ...]
    sole_leads: tuple[tuple[str, str], ...]  # (person, unit): nobody else there manages anyone
    extra: dict[str, object] = field(default_factory=dict)


def span_bands(values: list[int]) -> dict[str, int]:
    bands = dict.fromkeys((band_name(low, high) for low, high in SPAN_BANDS), 0)
    for span in values:
        for low, high in SPAN_BANDS:
            if span >= low and (high is None or span <= high):
                bands[band_name(low, high)] += 1
                break
    return bands


def people_under(s: Structure) -> dict[str, int]:
    """How many people sit below each person in the reporting tree (0 for those with none)."""
    counts = dict.fromkeys(s.people, 0)
    for pid in sorted(s.level, key=lambda p: -s.level[p]):  # deepest first
        manager = s.manager.get(pid)
        if manager is not None and manager != pid:
            counts[manager] += 1 + counts[pid]
    return counts


def unit_shape(s: Structure, unit: str) -> UnitShape | None:
    """`functional` when the child units each have a distinct function; `vertical` when the unit
    holds several functions itself or its children repeat functions side by side; `mixed`
    otherwise. None for a unit without child units."""
    here = s.units[unit]
    children = [c for c in s.children[unit] if not s.units[c].overlay]
    if not children:
        return None
    if here.function in MULTI_FUNCTION:
        return UnitShape(unit, "vertical", f"it is {here.function} itself")
    functions = [s.units[c].function for c in children]
    multi = [c for c in children if s.units[c].function in MULTI_FUNCTION]
    if multi:
        named = ", ".join(multi)
        return UnitShape(unit, "vertical", f"{named} holds every function in one team")
    repeated = sorted(f for f, n in Counter(f for f in functions if f).items() if n > 1)
    if repeated:
        return UnitShape(
            unit, "vertical", f"child units repeat functions side by side ({', '.join(repeated)})"
        )
    if len(children) == 1:
        only = f"{children[0]}: {functions[0]}" if functions[0] else children[0]
        return UnitShape(unit, "mixed", f"one child unit ({only})")
    if all(functions):
        shown = ", ".join(sorted(f for f in functions if f))
        return UnitShape(unit, "functional", f"each child unit has its own function: {shown}")
    missing = [c for c, f in zip(children, functions, strict=True) if not f]
    return UnitShape(unit, "mixed", f"child units without a function: {', '.join(missing)}")


def org_stats(s: Structure) -> OrgStats:
    metrics = org_metrics(s)
    all_spans = spans(s)
    under = people_under(s)
    led = Counter(p for unit in s.units for p in s.leads(unit))
    ranked = sorted(
        (KeyPerson(p, under[p], led[p]) for p in s.people if under[p] or led[p]),
        key=lambda k: (-k.under, -k.leads, k.person),
    )
    sole: list[tuple[str, str]] = []
    for unit in s.unit_order:
        leads = s.leads(unit)
        if len(leads) != 1 or s.units[unit].overlay:
            continue
        others = [p for p in s.unit_people(unit) if p != leads[0]]
        if others and not any(s.reports.get(p) for p in others):
            sole.append((leads[0], unit))
    kinds = Counter(u.kind or "(none)" for u in s.units.values())
    functions = Counter(u.function or "(none)" for u in s.units.values())
    shapes = tuple(shape for u in s.unit_order if (shape := unit_shape(s, u)) is not None)
    return OrgStats(
        metrics=metrics,
        span_bands=span_bands(all_spans),
        units_by_kind=dict(sorted(kinds.items())),
        units_by_function=dict(sorted(functions.items())),
        manager_ratio=round(len(s.people) / metrics.managers, 2) if metrics.managers else 0.0,
        one_report_managers=tuple(p for p in s.people if len(s.reports.get(p, ())) == 1),
        units_without_lead=tuple(u for u in s.unit_order if not s.units[u].lead),
        people_in_no_unit=tuple(p for p in s.people if p not in s.listings),
        shapes=shapes,
        key_people=tuple(ranked[:TOP_KEY_PEOPLE]),
        sole_leads=tuple(sole),
    )
