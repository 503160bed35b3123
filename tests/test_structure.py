"""Derived structure (§1.4): homes, managers of record, layers, spans, on small orgs whose answers
are worked out by hand, and on shapes large enough to break recursion."""

from __future__ import annotations

from typing import Any

import pytest

from orgmodel.model import Org
from orgmodel.structure import Structure, derive


def org(people: list[Any], units: list[Any]) -> Structure:
    def person(p: Any) -> dict[str, Any]:
        return {"id": p, "name": p.upper()} if isinstance(p, str) else p

    return derive(
        Org.model_validate({"name": "t", "people": [person(p) for p in people], "units": units})
    )


def test_members_report_to_the_first_lead_and_leads_to_the_lead_above() -> None:
    s = org(
        ["ceo", "a", "b", "x", "y"],
        [
            {
                "id": "co",
                "name": "Co",
                "lead": "ceo",
                "units": [{"id": "t", "name": "T", "lead": ["a", "b"], "members": ["x", "y"]}],
            }
        ],
    )
    assert s.manager == {"ceo": None, "a": "ceo", "b": "ceo", "x": "a", "y": "a"}
    assert s.span("a") == 2 and s.span("b") == 0 and s.span("ceo") == 2
    assert s.layers == 3
    assert s.chain("y") == ["y", "a", "ceo"]


def test_a_unit_without_lead_passes_its_people_to_the_nearest_lead_above() -> None:
    s = org(
        ["boss", "p"],
        [
            {
                "id": "a",
                "name": "A",
                "lead": "boss",
                "units": [{"id": "b", "name": "B", "members": ["p"]}],
            }
        ],
    )
    assert s.manager["p"] == "boss"


def test_explicit_manager_wins() -> None:
    s = org(
        ["a", "b", {"id": "c", "name": "C", "manager": "b"}],
        [{"id": "u", "name": "U", "lead": "a", "members": ["b", "c"]}],
    )
    assert s.manager["c"] == "b" and s.reports["a"] == ["b"]
    assert s.layers == 3


def test_home_rules() -> None:
    s = org(
        ["a", "b", {"id": "c", "name": "C", "home": "y"}, "d", "e"],
        [
            {"id": "x", "name": "X", "lead": "a", "members": ["c", "d"]},
            {"id": "y", "name": "Y", "lead": "b", "members": ["c", "a"]},
            {"id": "o", "name": "O", "overlay": True, "lead": "e", "members": ["d"]},
        ],
    )
    assert s.home == {"a": "x", "b": "y", "c": "y", "d": "x", "e": None}
    assert s.listings["d"] == ["x", "o"]
    assert not s.home_problems
    assert s.manager["c"] == "b" and s.manager["d"] == "a"


def test_unresolvable_home_is_recorded() -> None:
    s = org(
        ["a", "b", "c"],
        [
            {"id": "x", "name": "X", "lead": "a", "members": ["c"]},
            {"id": "y", "name": "Y", "lead": "b", "members": ["c"]},
        ],
    )
    [problem] = s.home_problems
    assert problem.person == "c" and problem.listed_in == ("x", "y")
    assert s.home["c"] is None


def test_co_leads_of_a_parent_do_not_report_to_each_other() -> None:
    # d leads the parent and a child unit; e co-leads the parent and leads another child.
    s = org(
        ["d", "e", "m"],
        [
            {
                "id": "p",
                "name": "P",
                "lead": ["d", "e"],
                "units": [
                    {"id": "c1", "name": "C1", "lead": "d"},
                    {"id": "c2", "name": "C2", "lead": ["x-missing", "e"], "members": ["m"]},
                ],
            }
        ],
    )
    assert s.manager["d"] is None and s.manager["e"] is None and not s.cycles


def test_no_one_reports_below_a_unit_they_lead() -> None:
    # m leads `tools` and also a unit under `fmt`, which c leads: c reports to m, not back.
    s = org(
        [{"id": "m", "name": "M", "home": "fmt-contrib"}, {"id": "c", "name": "C", "home": "fmt"}],
        [
            {
                "id": "tools",
                "name": "Tools",
                "lead": "m",
                "units": [
                    {
                        "id": "fmt",
                        "name": "Fmt",
                        "lead": "c",
                        "units": [{"id": "fmt-contrib", "name": "FC", "lead": "m"}],
                    }
                ],
            }
        ],
    )
    assert s.manager == {"m": None, "c": "m"}
    assert not s.cycles


def test_overlays_are_not_reporting_lines() -> None:
    s = org(
        ["ceo", "a", "b"],
        [
            {"id": "co", "name": "Co", "lead": "ceo", "members": ["a", "b"]},
            {"id": "c", "name": "C", "overlay": True, "lead": "a", "members": ["b"]},
        ],
    )
    assert s.manager["b"] == "ceo"
    assert s.headcounts() == {"co": 3, "c": 2}


def test_headcounts_roll_up_by_home() -> None:
    s = org(
        ["a", "b", "c", "d"],
        [
            {
                "id": "top",
                "name": "Top",
                "lead": "a",
                "units": [
                    {"id": "l", "name": "L", "lead": "b", "members": ["c"]},
                    {"id": "r", "name": "R", "members": ["d", "c"]},
                ],
            }
        ],
    )
    # c is listed twice but has one home (the first non-overlay unit that lists them? no: ambiguous)
    assert s.home_problems  # c is in l and r and leads neither
    s2 = org(
        ["a", "b", "c"],
        [
            {
                "id": "top",
                "name": "T",
                "lead": "a",
                "units": [{"id": "l", "name": "L", "lead": "b", "members": ["c"]}],
            }
        ],
    )
    assert s2.headcounts() == {"top": 3, "l": 2}
    assert s2.home_counts() == {"top": 1, "l": 2}


def test_cycles_are_found_and_levels_still_finish() -> None:
    s = org(
        [
            {"id": "a", "name": "A", "manager": "b"},
            {"id": "b", "name": "B", "manager": "a"},
            {"id": "c", "name": "C", "manager": "a"},
        ],
        [{"id": "u", "name": "U", "members": ["a", "b", "c"]}],
    )
    assert len(s.cycles) == 1 and set(s.cycles[0]) == {"a", "b"}
    assert s.level["c"] == 2


@pytest.mark.parametrize("size", [100_000])
def test_a_100000_deep_reporting_chain(size: int) -> None:
    people = [{"id": "p0", "name": "P0"}] + [
        {"id": f"p{i}", "name": f"P{i}", "manager": f"p{i - 1}"} for i in range(1, size)
    ]
    s = org(
        people, [{"id": "u", "name": "U", "lead": "p0", "members": [p["id"] for p in people[1:]]}]
    )
    assert s.layers == size
    assert len(s.chain(f"p{size - 1}")) == size
    assert not s.cycles


def test_a_100000_long_explicit_cycle_is_found() -> None:
    size = 100_000
    people = [{"id": f"p{i}", "name": "P", "manager": f"p{(i + 1) % size}"} for i in range(size)]
    s = org(people, [])
    assert len(s.cycles) == 1 and len(s.cycles[0]) == size


def test_a_50000_wide_span() -> None:
    members = [f"m{i}" for i in range(50_000)]
    s = org(["boss", *members], [{"id": "u", "name": "U", "lead": "boss", "members": members}])
    assert s.span("boss") == 50_000
    assert s.layers == 2


def test_units_nested_hundreds_deep() -> None:
    unit: dict[str, Any] = {"id": "u0", "name": "U0", "lead": "p0"}
    top = unit
    people = ["p0"]
    for i in range(1, 200):
        child = {"id": f"u{i}", "name": f"U{i}", "lead": f"p{i}"}
        people.append(f"p{i}")
        unit["units"] = [child]
        unit = child
    s = org(people, [top])
    assert s.layers == 200
    assert list(s.ancestors("u199"))[-1] == "u0"
