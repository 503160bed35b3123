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
        units[parents[j]].setdefault("units", []).insert(0, units[j])
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


@settings(max_examples=150, deadline=None)
@given(reorganisations())
def test_summary_counts_are_the_lengths_of_the_lists(pair: tuple[dict[str, Any], ...]) -> None:
    result = _diff(*pair)
    summary = result.summary
    for kind in ("joined", "left", "moved", "changed"):
        assert summary[f"people_{kind}"] == len(_ids(result, kind))
    for kind in ("opened", "closed", "filled"):
        assert summary[f"positions_{kind}"] == len(_ids(result, kind))
    for kind in ("added", "removed", "renamed", "moved", "changed"):
        assert summary[f"units_{kind}"] == len(_ids(result, kind, "units"))
    for kind, key in (("split", "units_split"), ("merge", "units_merged")):
        assert summary[key] == sum(1 for line in result.lineage if line.kind == kind)
    document = diff_document(result)
    assert sum(summary.values()) == (
        len(document["people"])
        + len(document["units"])
        + len([x for x in document["lineage"] if x["kind"] != "rename"])
        + len(document["interactions"])
    )


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
