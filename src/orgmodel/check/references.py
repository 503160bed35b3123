"""Checks that need the whole org (DESIGN §1.5): duplicate ids, references, home units, reporting
cycles, and the warnings. Returns issues with paths; `validate` adds the line and column."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter

from pydantic import BaseModel

from orgmodel import bidi
from orgmodel.check.result import Issue
from orgmodel.errors import Path, format_path
from orgmodel.model import Interaction, Org, Person, Unit
from orgmodel.structure import Structure
from orgmodel.wording import Suggester

_ATTRS = attrgetter("attrs")  # of a Person or Unit, where the code sees only a BaseModel
# Every free-text field of each kind of object (single values, then lists; `attrs` apart), for
# the bidirectional-control warning. A test keeps these in step with the model.
TEXT_FIELDS: dict[type[BaseModel], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Org: (("name", "description"), ("sources",)),
    Person: (("id", "name", "title", "manager", "home", "url"), ("dotted", "tags")),
    Unit: (
        ("id", "name", "kind", "function", "url", "description"),
        ("lead", "members", "spans", "formerly", "tags"),
    ),
    Interaction: (("from_", "to", "note"), ()),
}
_KEY = {"from_": "from"}  # the file's name for a field


def _error(code: str, message: str, path: Path) -> Issue:
    return Issue("error", code, message, path)


def _warning(code: str, message: str, path: Path) -> Issue:
    return Issue("warning", code, message, path)


def check_structure(s: Structure, warnings: bool = True) -> list[Issue]:
    """Every cross-reference error and (unless told not to) every warning of §1.5, in file order
    per kind."""
    return [
        *_duplicates(s),
        *_names_required(s),
        *_references(s),
        *_homes(s),
        *_cycles(s),
        *(_warnings(s) if warnings else ()),
    ]


def _duplicates(s: Structure) -> Iterator[Issue]:
    for kind, duplicates in (("person", s.duplicate_people), ("unit", s.duplicate_units)):
        for ident, first, again in duplicates:
            yield _error(
                f"duplicate-{kind}-id",
                f"duplicate {kind} id {ident!r} (also at {format_path(first)})",
                (*again, "id"),
            )


def _references(s: Structure) -> Iterator[Issue]:
    person_hint = Suggester(s.people)
    unit_hint = Suggester(s.units)

    def person(ident: str, path: Path, role: str, times: int = 1) -> Issue:
        message = f"{role} {ident!r}{_again(times)} is not a person in this file"
        return _error("unknown-person", message + person_hint.hint(ident), path)

    def unit(ident: str, path: Path, role: str, times: int = 1) -> Issue:
        message = f"{role} {ident!r}{_again(times)} is not a unit in this file"
        return _error("unknown-unit", message + unit_hint.hint(ident), path)

    people, units = s.people, s.units
    for pid, p in people.items():
        if p.manager is not None and p.manager not in people:
            yield person(p.manager, (*s.person_path(pid), "manager"), "manager")
        for i, other in enumerate(p.dotted):
            if other not in people:
                yield person(other, (*s.person_path(pid), "dotted", i), "dotted-line manager")
        if p.home is not None and p.home not in units:
            yield unit(p.home, (*s.person_path(pid), "home"), "home")
    # Everyone a unit lists is in `listings`, known or not, so two set operations tell whether
    # any unit needs reading: at 100k people they skip 21 ms of check_structure's 230 ms.
    listed_known = people.keys() >= s.listings.keys()
    spans_known = units.keys() >= {spanned for u in units.values() for spanned in u.spans}
    for uid in () if listed_known and spans_known else s.unit_order:
        u, at = units[uid], s.unit_paths[uid]
        for lead, i, times in _unknown(u.lead, people):
            where = (*at, "lead", i) if len(u.lead) > 1 else (*at, "lead")
            yield person(lead, where, "lead", times)
        for member, i, times in _unknown(u.members, people):
            yield person(member, (*at, "members", i), "member", times)
        for spanned, i, times in _unknown(u.spans, units):
            yield unit(spanned, (*at, "spans", i), "spanned unit", times)
    for i, interaction in enumerate(s.org.interactions):
        if interaction.from_ not in units:
            yield unit(interaction.from_, ("interactions", i, "from"), "from")
        if interaction.to not in units:
            yield unit(interaction.to, ("interactions", i, "to"), "to")


def _unknown(idents: Sequence[str], known: Mapping[str, object]) -> Iterator[tuple[str, int, int]]:
    """Each unknown id of a list once: its first index and how often the list names it.

    One error per distinct id, not per mention: a list naming one unknown id 70,000 times
    printed 70,000 errors (0.73 s, 16x a valid file of its size)."""
    first: dict[str, int] = {}
    times: Counter[str] = Counter()
    for i, ident in enumerate(idents):
        if ident not in known:
            first.setdefault(ident, i)
            times[ident] += 1
    for ident, i in first.items():
        yield ident, i, times[ident]


def _again(times: int) -> str:
    return "" if times == 1 else f", listed {times:,} times,"


def _names(units: Sequence[str]) -> str:
    quoted = [f"{u!r}" for u in units]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _homes(s: Structure) -> Iterator[Issue]:
    for problem in s.home_problems:
        at = s.person_path(problem.person)
        if problem.home is not None:
            listed = (
                f"it is listed in {_names(problem.listed_in)}"
                if problem.listed_in
                else "no unit lists them"
            )
            yield _error(
                "home-not-listing",
                f"home {problem.home!r} does not list {problem.person!r} as lead or member; "
                f"{listed}",
                (*at, "home"),
            )
        else:
            led = [u for u in problem.listed_in if problem.person in s.units[u].lead]
            how = f"leads {_names(led)}" if led else "leads none of them"
            yield _error(
                "home-ambiguous",
                f"{problem.person!r} is listed in {_names(problem.listed_in)} and {how}; "
                "set `home` to one of them",
                at,
            )


def _cycles(s: Structure) -> Iterator[Issue]:
    for cycle in s.cycles:
        explicit = all(s.people[pid].manager is not None for pid in cycle)
        shown = " → ".join(repr(pid) for pid in [*cycle, cycle[0]])  # read "→" as "reports to"
        kind = "cycle of explicit managers" if explicit else "reporting cycle"
        first = min(cycle, key=lambda pid: s.person_index[pid])
        field = "manager" if s.people[first].manager is not None else None
        path = (*s.person_path(first), field) if field else s.person_path(first)
        yield _error("manager-cycle", f"{kind}: {shown}", path)


def _names_required(s: Structure) -> Iterator[Issue]:
    # An empty or blank name is no name: no chart or CSV could show who it is.
    nameless = [
        pid for pid, p in s.people.items() if not (p.name and not p.name.isspace()) and not p.vacant
    ]
    for pid in nameless:
        yield _error(
            "name-required",
            "a person needs a name unless the position is vacant: true",
            s.person_path(pid),
        )


def _warnings(s: Structure) -> Iterator[Issue]:
    for pid in s.people:
        if pid not in s.listings:
            yield _warning("person-in-no-unit", f"{pid!r} is in no unit", s.person_path(pid))
    for pid, reports in s.reports.items():
        if len(reports) == 1:
            yield _warning(
                "one-report-manager",
                f"{pid!r} manages exactly one person ({reports[0]!r})",
                s.person_path(pid),
            )
    populated = _populated_units(s)
    for uid in s.unit_order:
        u, at = s.units[uid], s.unit_paths[uid]
        if not u.lead:
            yield _warning("unit-without-lead", f"unit {uid!r} has no lead", at)
        if not u.overlay and uid not in populated:
            yield _warning(
                "empty-unit", f"unit {uid!r} has no people in it or in any unit below it", at
            )
    yield from _bidi_controls(s)


def _bidi_controls(s: Structure) -> Iterator[Issue]:
    """A warning for each field holding a bidirectional control. Each kind of object is first
    looked at as one joined text, so an org without any (most) pays one pass in C: at 100k
    people 0.10 s, against 0.24 s field by field."""
    org = s.org
    kinds: tuple[tuple[type[BaseModel], Sequence[BaseModel], Iterable[Path]], ...] = (
        (Org, (org,), [()]),
        (Person, org.people, (("people", i) for i in range(len(org.people)))),
        (Unit, list(s.units.values()), s.unit_paths.values()),
        (
            Interaction,
            org.interactions,
            (("interactions", i) for i in range(len(org.interactions))),
        ),
    )
    for model, objects, paths in kinds:
        scalars, lists = TEXT_FIELDS[model]
        attrs = "attrs" in model.model_fields
        if bidi.contains(_joined(objects, scalars, lists, attrs)):
            for path, obj in zip(paths, objects, strict=True):
                yield from _bidi_fields(path, obj, scalars, lists, attrs)


def _joined(
    objects: Sequence[BaseModel], scalars: tuple[str, ...], lists: tuple[str, ...], attrs: bool
) -> str:
    texts = [text for obj in objects for name in scalars if (text := getattr(obj, name))]
    texts += [item for name in lists for obj in objects for item in getattr(obj, name)]
    if attrs:
        texts += [str(part) for obj in objects for pair in _ATTRS(obj).items() for part in pair]
    return "\0".join(texts)


def _bidi_fields(
    path: Path, obj: BaseModel, scalars: tuple[str, ...], lists: tuple[str, ...], attrs: bool
) -> Iterator[Issue]:
    texts: list[tuple[Path, str]] = []
    for name in scalars:
        value = getattr(obj, name)
        if value is not None:
            texts.append(((*path, _KEY.get(name, name)), value))
    for name in lists:
        texts += (((*path, name, i), item) for i, item in enumerate(getattr(obj, name)))
    for key, value in _ATTRS(obj).items() if attrs else ():
        texts.append(((*path, "attrs", key), f"{key}{value}"))  # the key or its value
    for at, value in texts:
        if not bidi.contains(value):
            continue
        found = bidi.found_in(value)
        one = len(found) == 1
        yield _warning(
            "bidi-control",
            f"contains {' and '.join(map(bidi.describe, found))}, "
            f"{'a bidirectional control' if one else 'bidirectional controls'} that can make "
            f"the text read as something else; charts show {'it' if one else 'them'} as "
            f"{' and '.join(map(bidi.shown, found))}",
            at,
        )


def _populated_units(s: Structure) -> set[str]:
    populated: set[str] = set()
    for uid in reversed(s.unit_order):
        unit = s.units[uid]
        if uid in populated or unit.lead or unit.members:
            populated.add(uid)
            parent = s.parent[uid]
            if parent is not None:
                populated.add(parent)
    return populated
