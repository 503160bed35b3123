"""Explicit lineage (DESIGN §3, 1): an after-unit's `formerly` read with the same words as the
inference — one naming one removed unit is a rename, one naming several a merge, one naming a
unit that still exists a carve-out, several naming one removed unit a split — and winning over
what the flows of people would say. Each case is built so that the inference alone reads it
differently, so a `formerly` that was ignored would fail the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from orgmodel.diff import OrgDiff, UnitLineage, diff
from orgmodel.model import Org

from conftest import run_cli, write

# Before: a company of three teams under its CEO.
BEFORE: dict[str, list[str]] = {
    "api": ["a1", "a2", "a3", "a4"],
    "web": ["w1", "w2", "w3"],
    "data": ["d1", "d2", "d3", "d4", "d5"],
}


def _data(teams: dict[str, list[str]], formerly: dict[str, list[str]] | None = None) -> Any:
    """An org file's data: a root `co` (led by `ceo`) holds one team per entry, the first person
    its lead. `formerly` gives the teams that declare their lineage."""
    people = ["ceo", *(p for members in teams.values() for p in members)]
    units: list[dict[str, Any]] = []
    for team, members in teams.items():
        unit: dict[str, Any] = {"id": team, "name": team.title()}
        if members:
            unit["lead"] = members[0]
            unit["members"] = members[1:]
        if formerly and team in formerly:
            unit["formerly"] = formerly[team]
        units.append(unit)
    return {
        "name": "Acme",
        "people": [{"id": p, "name": p.upper()} for p in dict.fromkeys(people)],
        "units": [{"id": "co", "name": "Co", "lead": "ceo", "units": units}],
    }


def _org(teams: dict[str, list[str]], formerly: dict[str, list[str]] | None = None) -> Org:
    return Org.model_validate(_data(teams, formerly))


def _lines(result: OrgDiff) -> list[tuple[str, tuple[str, ...], tuple[str, ...], bool]]:
    return [(line.kind, line.from_, line.to, line.explicit) for line in result.lineage]


def _only(result: OrgDiff) -> UnitLineage:
    [line] = result.lineage
    return line


def _units(result: OrgDiff) -> dict[str, str]:
    return {unit.id: unit.change for unit in result.units}


# -- rename -----------------------------------------------------------------------------------

# api's people all go to web and `platform` is staffed by newcomers: the flows read a merge of
# api into web; `formerly: [api]` says platform continues api under a new id.
RENAME_AFTER = {
    "platform": ["n1", "n2"],
    "web": ["w1", "w2", "w3", "a1", "a2", "a3", "a4"],
    "data": BEFORE["data"],
}


def test_without_formerly_the_flows_read_a_merge() -> None:
    result = diff(_org(BEFORE), _org(RENAME_AFTER))
    assert _lines(result) == [("merge", ("api",), ("web",), False)]
    assert _units(result) == {"api": "removed", "platform": "added"}


def test_formerly_naming_one_removed_unit_is_a_rename_to_a_new_id() -> None:
    result = diff(_org(BEFORE), _org(RENAME_AFTER, {"platform": ["api"]}))
    line = _only(result)
    assert (line.kind, line.from_, line.to, line.explicit) == (
        "rename",
        ("api",),
        ("platform",),
        True,
    )
    assert (line.people, line.share) == (0, 0.0)  # the evidence says what really flowed
    # One entry under the new id, giving both ids; neither "api removed" nor "platform added".
    [unit] = result.units
    assert (unit.id, unit.change, unit.fields["id"]) == ("platform", "renamed", ("api", "platform"))
    assert result.summary["units_renamed"] == 1
    assert result.summary["units_removed"] == result.summary["units_added"] == 0
    assert result.summary["units_merged"] == 0


def test_a_rename_declared_in_a_file_reads_as_declared_in_the_text_report(tmp_path: Path) -> None:
    before = write(tmp_path / "before.json", json.dumps(_data(BEFORE)))
    after = write(tmp_path / "after.json", json.dumps(_data(RENAME_AFTER, {"platform": ["api"]})))
    run = run_cli("diff", str(before), str(after))
    assert run.exit_code == 0, run.stderr
    assert "  → rename api → platform  (declared with formerly; 0 people, 0%)\n" in run.stdout
    assert '  ~ platform  Platform (renamed): id: api → platform; name: "Api" → "Platform"' in (
        run.stdout
    )
    assert "Reorg: 1 unit renamed; 4 people moved, 2 joined;" in run.stdout


# -- merge ------------------------------------------------------------------------------------

# api's people make up `platform` and web's go to data: the flows read a rename of api to
# platform and a merge of web into data; `formerly: [api, web]` says platform merges both.
MERGE_AFTER = {
    "platform": ["a1", "a2", "a3", "a4"],
    "data": [*BEFORE["data"], "w1", "w2", "w3"],
}


def test_without_formerly_the_flows_read_a_rename_and_a_merge_into_data() -> None:
    result = diff(_org(BEFORE), _org(MERGE_AFTER))
    assert _lines(result) == [
        ("rename", ("api",), ("platform",), False),
        ("merge", ("web",), ("data",), False),
    ]


def test_formerly_naming_several_removed_units_is_a_merge() -> None:
    result = diff(_org(BEFORE), _org(MERGE_AFTER, {"platform": ["api", "web"]}))
    line = _only(result)
    assert (line.kind, line.from_, line.to, line.explicit) == (
        "merge",
        ("api", "web"),
        ("platform",),
        True,
    )
    # Four of the seven people of api and web went to platform; each source has its flow.
    assert (line.people, line.share) == (4, round(4 / 7, 4))
    assert [(f.source, f.target, f.people) for f in line.flows] == [
        ("api", "platform", ("a1", "a2", "a3", "a4")),
        ("web", "platform", ()),
    ]
    # A merge keeps no id: both sources are removed and platform is added.
    assert _units(result) == {"api": "removed", "platform": "added", "web": "removed"}
    assert result.summary["units_merged"] == 1 and result.summary["units_renamed"] == 0


def test_formerly_naming_one_removed_unit_from_an_existing_unit_is_a_merge_into_it() -> None:
    # Four of web's five people go to api and one (20 %, under the split's 25 %) to data: the
    # flows read a merge into api. data already existed, so continuing web there is a merge into
    # an existing unit, not a rename.
    before = {**BEFORE, "web": ["w1", "w2", "w3", "w4", "w5"]}
    after = {"api": [*BEFORE["api"], "w1", "w2", "w3", "w4"], "data": [*BEFORE["data"], "w5"]}
    assert _lines(diff(_org(before), _org(after))) == [("merge", ("web",), ("api",), False)]
    result = diff(_org(before), _org(after, {"data": ["web"]}))
    line = _only(result)
    assert (line.kind, line.from_, line.to, line.explicit) == ("merge", ("web",), ("data",), True)
    assert (line.people, line.share) == (1, 0.2)
    assert _units(result) == {"web": "removed"}


# -- carve-out --------------------------------------------------------------------------------

# `ml` is staffed by newcomers and one of data's five people: a fifth (the inference's bar) is
# not reached by one of six, so without formerly ml is simply added.
CARVE_BEFORE = {**BEFORE, "data": [*BEFORE["data"], "d6"]}
CARVE_AFTER = {**BEFORE, "data": BEFORE["data"], "ml": ["n1", "d6"]}


def test_without_formerly_a_small_move_is_no_carve_out() -> None:
    result = diff(_org(CARVE_BEFORE), _org(CARVE_AFTER))
    assert _lines(result) == []
    assert _units(result) == {"ml": "added"}


def test_formerly_naming_a_unit_that_still_exists_is_a_carve_out() -> None:
    result = diff(_org(CARVE_BEFORE), _org(CARVE_AFTER, {"ml": ["data"]}))
    line = _only(result)
    assert (line.kind, line.from_, line.to, line.explicit) == (
        "carve-out",
        ("data",),
        ("ml",),
        True,
    )
    assert (line.people, line.share) == (1, round(1 / 6, 4))
    [flow] = line.flows
    assert (flow.source, flow.target, flow.people) == ("data", "ml", ("d6",))
    # Both units stay: data is unchanged as a unit, ml is added.
    assert _units(result) == {"ml": "added"}
    assert result.summary["units_carved_out"] == 1


def test_formerly_on_a_unit_that_existed_before_is_a_carve_out_too() -> None:
    # web takes d5 from data and says so: the source still exists, so it is a carve-out.
    after = {**BEFORE, "web": [*BEFORE["web"], "d5"], "data": BEFORE["data"][:4]}
    assert _lines(diff(_org(BEFORE), _org(after))) == []  # web was not added: no inference
    result = diff(_org(BEFORE), _org(after, {"web": ["data"]}))
    assert _lines(result) == [("carve-out", ("data",), ("web",), True)]


# -- split, and what formerly does not name ---------------------------------------------------


def test_several_units_naming_one_removed_unit_is_a_split() -> None:
    # All of data goes to `lake`; `ml` says it came from data too. The flows read a rename.
    after = {"api": BEFORE["api"], "web": BEFORE["web"], "lake": BEFORE["data"], "ml": ["n1"]}
    assert _lines(diff(_org(BEFORE), _org(after))) == [("rename", ("data",), ("lake",), False)]
    result = diff(_org(BEFORE), _org(after, {"lake": ["data"], "ml": ["data"]}))
    assert _lines(result) == [("split", ("data",), ("lake", "ml"), True)]
    assert result.summary["units_split"] == 1


@pytest.mark.parametrize(
    "formerly",
    [["nowhere"], ["platform"], []],
    ids=["a unit the previous snapshot lacks", "the unit itself", "nothing"],
)
def test_formerly_naming_no_unit_of_the_previous_snapshot_is_ignored(formerly: list[str]) -> None:
    plain = diff(_org(BEFORE), _org(RENAME_AFTER))
    declared = diff(_org(BEFORE), _org(RENAME_AFTER, {"platform": formerly}))
    assert declared.lineage == plain.lineage
    assert declared.units == plain.units


def test_explicit_lineage_keeps_the_units_it_names_out_of_the_inference() -> None:
    # platform declares only api; web's people also went to platform, which the flows would
    # read as a merge into platform. platform is named, so web is simply removed.
    after = {"platform": [*BEFORE["api"], *BEFORE["web"]], "data": BEFORE["data"]}
    assert _lines(diff(_org(BEFORE), _org(after))) == [
        ("merge", ("api", "web"), ("platform",), False)
    ]
    result = diff(_org(BEFORE), _org(after, {"platform": ["api"]}))
    assert _lines(result) == [("rename", ("api",), ("platform",), True)]
    assert _units(result) == {"platform": "renamed", "web": "removed"}


def test_a_formerly_hint_both_snapshots_carry_is_no_change() -> None:
    # Found by fuzzing: an org diffed with its own copy read its old carve-out hint again.
    hinted = _org(BEFORE, {"web": ["data"]})
    assert _lines(diff(hinted, hinted)) == []
