"""Hypothesis properties of the diff engine on generated orgs and generated reorganisations."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.diff import OrgDiff, diff
from orgmodel.model import Org
from orgmodel.report.diff_json import diff_document, render_diff_json
from orgmodel.report.json_layout import dumps_layout

from conftest import REPO

DIFF_SCHEMA = json.loads((REPO / "schema" / "orgmodel-diff.schema.json").read_text())


@st.composite
def orgs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid org: a tree of up to 8 units, each person listed in exactly one unit."""
    unit_count = draw(st.integers(1, 8))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, unit_count)]
    people_count = draw(st.integers(1, 30))
    homes = [draw(st.integers(0, unit_count - 1)) for _ in range(people_count)]
    people = []
    for i in range(people_count):
        person: dict[str, Any] = {"id": f"p{i}", "name": f"Person {i}"}
        if draw(st.booleans()):
            person["title"] = draw(st.sampled_from(["Engineer", "Manager", "Researcher"]))
        if draw(st.integers(0, 9)) == 0:
            person = {"id": f"p{i}", "vacant": True, "title": "Open"}
        people.append(person)
    units: list[dict[str, Any]] = [
        {"id": f"u{j}", "name": f"Unit {j}", "members": []} for j in range(unit_count)
    ]
    for i, home in enumerate(homes):
        units[home]["members"].append(f"p{i}")
    for unit in units:
        if unit["members"] and draw(st.booleans()):
            unit["lead"] = unit["members"].pop(0)
        if draw(st.booleans()):
            unit["function"] = draw(st.sampled_from(["infra", "product", "research"]))
    for j in range(unit_count - 1, 0, -1):
        parent = parents[j]
        assert parent is not None
        units[parent].setdefault("units", []).insert(0, units[j])
    return {"name": "Generated", "people": people, "units": [units[0]]}


def _walk(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for unit in units:
        out.append(unit)
        out.extend(_walk(unit.get("units", [])))
    return out


@st.composite
def reorganisations(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    before = draw(orgs())
    after = json.loads(json.dumps(before))
    units = _walk(after["units"])
    for person in list(after["people"]):
        roll = draw(st.integers(0, 9))
        holder = next(u for u in units if person["id"] in [*u.get("members", []), u.get("lead")])
        if roll == 0:  # leaves
            after["people"].remove(person)
            if holder.get("lead") == person["id"]:
                del holder["lead"]
            else:
                holder["members"].remove(person["id"])
        elif roll == 1 and holder.get("lead") != person["id"]:  # moves
            holder["members"].remove(person["id"])
            draw(st.sampled_from(units)).setdefault("members", []).append(person["id"])
        elif roll == 2 and person.get("name"):
            person["title"] = "Changed title"
    for k in range(draw(st.integers(0, 3))):  # joiners
        after["people"].append({"id": f"new{k}", "name": f"New {k}"})
        draw(st.sampled_from(units)).setdefault("members", []).append(f"new{k}")
    if draw(st.booleans()) and len(units) > 1:  # a unit gets a new id
        target = draw(st.sampled_from(units[1:]))
        target["id"] = target["id"] + "-new"
    if draw(st.booleans()):  # a unit is added under the root
        after["units"][0].setdefault("units", []).append({"id": "added", "name": "Added"})
    return before, after


def _diff(before: dict[str, Any], after: dict[str, Any]) -> OrgDiff:
    return diff(Org.model_validate(before), Org.model_validate(after))


def _ids(result: OrgDiff, kind: str, what: str = "people") -> set[str]:
    return {item.id for item in getattr(result, what) if item.change == kind}


@settings(max_examples=150, deadline=None)
@given(orgs())
def test_an_org_against_itself_is_empty(org: dict[str, Any]) -> None:
    result = _diff(org, org)
    assert result.empty
    assert not any(result.summary.values())


def _facts(org: dict[str, Any]) -> tuple[dict[str, str], dict[str, str | None], dict[str, Any]]:
    """Straight from the file's data, for the generated orgs (everyone listed in one unit, at
    most one lead per unit, no explicit managers): each person's unit, their manager of record
    (§1.4: the unit's lead, or for the lead the nearest lead above), and each unit's parent,
    name and lead."""
    home: dict[str, str] = {}
    units: dict[str, Any] = {}
    stack: list[tuple[dict[str, Any], str | None]] = [(u, None) for u in org["units"]]
    while stack:
        unit, parent = stack.pop()
        units[unit["id"]] = (parent, unit["name"], unit.get("lead"))
        for pid in [unit.get("lead"), *unit.get("members", [])]:
            if pid is not None:
                home[pid] = unit["id"]
        stack.extend((child, unit["id"]) for child in unit.get("units", []))

    def lead_above(uid: str | None) -> str | None:
        while uid is not None and units[uid][2] is None:
            uid = units[uid][0]
        return None if uid is None else units[uid][2]

    manager = {
        pid: lead_above(units[uid][0]) if units[uid][2] == pid else lead_above(uid)
        for pid, uid in home.items()
    }
    return home, manager, units


def _oracle(before: dict[str, Any], after: dict[str, Any], result: OrgDiff) -> dict[str, int]:
    """The summary as counted from the two orgs' id sets and facts, not from the diff's lists.
    Only which unit continues which (lineage) is taken from the diff."""
    people_b = {p["id"]: p for p in before["people"]}
    people_a = {p["id"]: p for p in after["people"]}
    home_b, manager_b, units_b = _facts(before)
    home_a, manager_a, units_a = _facts(after)
    renamed = {line.from_[0]: line.to[0] for line in result.lineage if line.kind == "rename"}

    def vacant(person: dict[str, Any]) -> bool:
        return bool(person.get("vacant"))

    joined = people_a.keys() - people_b.keys()
    left = people_b.keys() - people_a.keys()
    common = people_b.keys() & people_a.keys()
    filled = {p for p in common if vacant(people_b[p]) and not vacant(people_a[p])}
    moved = {p for p in common - filled if renamed.get(home_b[p], home_b[p]) != home_a[p]}
    changed = {
        p
        for p in common - filled - moved
        if people_b[p].get("title") != people_a[p].get("title") or manager_b[p] != manager_a[p]
    }
    # Each unit of the after side with the unit it continues: the same id, or a rename's source.
    matched = [(u, u) for u in units_b.keys() & units_a.keys()] + list(renamed.items())
    renamed_units = {
        new for old, new in matched if old != new or units_b[old][1] != units_a[new][1]
    }
    moved_units = {
        new
        for old, new in matched
        if new not in renamed_units
        and renamed.get(units_b[old][0], units_b[old][0]) != units_a[new][0]
    }
    changed_units = {
        new
        for old, new in matched
        if new not in renamed_units | moved_units and units_b[old][2] != units_a[new][2]
    }

    def lineage(kind: str) -> int:
        return sum(1 for line in result.lineage if line.kind == kind)

    return {
        "people_joined": sum(1 for p in joined if not vacant(people_a[p])),
        "people_left": sum(1 for p in left if not vacant(people_b[p])),
        "people_moved": len(moved),
        "people_changed": len(changed),
        "positions_opened": sum(1 for p in joined if vacant(people_a[p])),
        "positions_closed": sum(1 for p in left if vacant(people_b[p])),
        "positions_filled": len(filled),
        "units_added": len(units_a.keys() - units_b.keys()) - len(renamed),
        "units_removed": len(units_b.keys() - units_a.keys()) - len(renamed),
        "units_renamed": len(renamed_units),
        "units_moved": len(moved_units),
        "units_changed": len(changed_units),
        "units_split": lineage("split"),
        "units_merged": lineage("merge"),
        "units_carved_out": lineage("carve-out"),
        "interactions_added": 0,
        "interactions_removed": 0,
        "interactions_changed": 0,
    }


@settings(max_examples=150, deadline=None)
@given(reorganisations())
def test_summary_counts_agree_with_an_oracle_from_the_orgs(
    pair: tuple[dict[str, Any], ...],
) -> None:
    before, after = pair
    result = _diff(before, after)
    assert result.summary == _oracle(before, after, result)
    units_before, units_after = set(_facts(before)[2]), set(_facts(after)[2])
    kinds = {line.kind for line in result.lineage}
    if not units_before - units_after:  # a split, a merge or a rename starts from a unit gone
        assert kinds <= {"carve-out"}
    if not units_after - units_before:  # a rename or a carve-out ends in a unit that came
        assert not kinds & {"rename", "carve-out"}


@settings(max_examples=150, deadline=None)
@given(reorganisations())
def test_swapping_the_sides_swaps_the_changes(pair: tuple[dict[str, Any], ...]) -> None:
    before, after = pair
    forward, backward = _diff(before, after), _diff(after, before)
    assert _ids(forward, "joined") == _ids(backward, "left")
    assert _ids(forward, "left") == _ids(backward, "joined")
    assert _ids(forward, "opened") == _ids(backward, "closed")
    assert forward.before == backward.after and forward.after == backward.before
    for name, (old, new) in forward.metrics.items():
        assert backward.metrics[name] == (new, old)
    if not any(line.kind == "rename" for line in (*forward.lineage, *backward.lineage)):
        assert _ids(forward, "added", "units") == _ids(backward, "removed", "units")
        assert _ids(forward, "removed", "units") == _ids(backward, "added", "units")
    if not forward.lineage and not backward.lineage:
        # Lineage is not symmetric (the reverse of a rename plus a joiner is a split), and a
        # rename decides who counts as moved; without it, moves are the same both ways.
        assert _ids(forward, "moved") == _ids(backward, "moved")


@settings(max_examples=100, deadline=None)
@given(reorganisations())
def test_json_matches_the_shipped_schema(pair: tuple[dict[str, Any], ...]) -> None:
    result = _diff(*pair)
    document = json.loads(render_diff_json(result))
    assert document == json.loads(json.dumps(diff_document(result)))  # the layout loses nothing
    jsonschema.validate(document, DIFF_SCHEMA)
    for key in ("people", "units"):
        ids = [item["id"] for item in document[key]]
        assert ids == sorted(ids)


def test_json_layout_spreads_the_outer_levels_and_keeps_records_on_one_line() -> None:
    document = {"n": 1, "empty": [], "none": {}, "rows": [{"id": "ä", "x": [1, None]}, {"id": "b"}]}
    assert dumps_layout(document) == (
        "{\n"
        '  "n": 1,\n'
        '  "empty": [],\n'
        '  "none": {},\n'
        '  "rows": [\n'
        '    {"id": "ä", "x": [1, null]},\n'
        '    {"id": "b"}\n'
        "  ]\n"
        "}\n"
    )
    assert dumps_layout([1, "two"], levels=0) == '[1, "two"]\n'
