"""Field diffs (DESIGN §3): a matched person or unit reports each field that differs, before and
after — attrs key by key, tags, dotted and spans as sets (order carries no meaning), and a unit's
kind, function and topology. Each case changes one thing in a copy of one org."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orgmodel.diff import OrgDiff, diff
from orgmodel.model import Org

from conftest import run_cli, write

BASE: dict[str, Any] = {
    "name": "Acme",
    "people": [
        {"id": "ceo", "name": "Cleo"},
        {"id": "ann", "name": "Ann", "tags": ["mentor", "oncall"], "attrs": {"location": "Paris"}},
        {"id": "bob", "name": "Bob", "dotted": ["ceo", "ann"]},
        {"id": "cat", "name": "Cat", "attrs": {"level": 3, "remote": True}},
        {"id": "dan", "name": "Dan"},
    ],
    "units": [
        {
            "id": "co",
            "name": "Co",
            "kind": "company",
            "lead": "ceo",
            "units": [
                {
                    "id": "eng",
                    "name": "Engineering",
                    "kind": "team",
                    "function": "infra",
                    "topology": "platform",
                    "tags": ["core"],
                    "attrs": {"budget": 10},
                    "lead": "ann",
                    "members": ["bob", "cat"],
                },
                {"id": "ops", "name": "Ops", "lead": "dan"},
                {
                    "id": "guild",
                    "name": "Guild",
                    "overlay": True,
                    "lead": "cat",
                    "spans": ["eng", "ops"],
                },
            ],
        }
    ],
}

Edit = Callable[[dict[str, Any]], None]


def _person(org: dict[str, Any], pid: str) -> dict[str, Any]:
    person: dict[str, Any] = next(p for p in org["people"] if p["id"] == pid)
    return person


def _unit(org: dict[str, Any], uid: str) -> dict[str, Any]:
    unit: dict[str, Any] = next(u for u in org["units"][0]["units"] if u["id"] == uid)
    return unit


def _diff(edit: Edit) -> OrgDiff:
    after = copy.deepcopy(BASE)
    edit(after)
    return diff(Org.model_validate(BASE), Org.model_validate(after))


def _set(where: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Edit:
    def edit(org: dict[str, Any]) -> None:
        target = where(org)
        if value is None:
            del target[key]
        else:
            target[key] = value

    return edit


def _ann(org: dict[str, Any]) -> dict[str, Any]:
    return _person(org, "ann")


def _bob(org: dict[str, Any]) -> dict[str, Any]:
    return _person(org, "bob")


def _cat(org: dict[str, Any]) -> dict[str, Any]:
    return _person(org, "cat")


def _eng(org: dict[str, Any]) -> dict[str, Any]:
    return _unit(org, "eng")


def _guild(org: dict[str, Any]) -> dict[str, Any]:
    return _unit(org, "guild")


PERSON_CASES: dict[str, tuple[str, Edit, dict[str, Any]]] = {
    "an attr changes": (
        "ann",
        _set(_ann, "attrs", {"location": "Berlin"}),
        {"attrs.location": ("Paris", "Berlin")},
    ),
    "an attr is added, one removed, one kept": (
        "cat",
        _set(_cat, "attrs", {"level": 3, "cost": "R&D"}),
        {"attrs.cost": (None, "R&D"), "attrs.remote": (True, None)},
    ),
    "every attr goes": ("ann", _set(_ann, "attrs", None), {"attrs.location": ("Paris", None)}),
    "an attr's type changes": (
        "cat",
        _set(_cat, "attrs", {"level": "3", "remote": True}),
        {"attrs.level": (3, "3")},
    ),
    "a tag is added": (
        "ann",
        _set(_ann, "tags", ["oncall", "mentor", "alumni"]),
        {"tags": (["mentor", "oncall"], ["alumni", "mentor", "oncall"])},
    ),
    "the tags go": ("ann", _set(_ann, "tags", None), {"tags": (["mentor", "oncall"], [])}),
    "a dotted manager is replaced": (
        "bob",
        _set(_bob, "dotted", ["dan", "ceo"]),
        {"dotted": (["ann", "ceo"], ["ceo", "dan"])},
    ),
    "a first dotted manager": (
        "dan",
        _set(lambda o: _person(o, "dan"), "dotted", ["ann"]),
        {"dotted": ([], ["ann"])},
    ),
}


@pytest.mark.parametrize(("pid", "edit", "fields"), PERSON_CASES.values(), ids=PERSON_CASES.keys())
def test_a_person_field_change(pid: str, edit: Edit, fields: dict[str, Any]) -> None:
    result = _diff(edit)
    [person] = result.people
    assert (person.id, person.change, person.fields) == (pid, "changed", fields)
    assert result.units == () and result.lineage == ()
    assert result.summary["people_changed"] == 1


UNIT_CASES: dict[str, tuple[str, Edit, dict[str, Any]]] = {
    "kind": ("eng", _set(_eng, "kind", "department"), {"kind": ("team", "department")}),
    "kind removed": ("eng", _set(_eng, "kind", None), {"kind": ("team", None)}),
    "function": ("eng", _set(_eng, "function", "product"), {"function": ("infra", "product")}),
    "function set": (
        "ops",
        _set(lambda o: _unit(o, "ops"), "function", "infra"),
        {"function": (None, "infra")},
    ),
    "topology": (
        "eng",
        _set(_eng, "topology", "stream-aligned"),
        {"topology": ("platform", "stream-aligned")},
    ),
    "topology removed": ("eng", _set(_eng, "topology", None), {"topology": ("platform", None)}),
    "an attr": ("eng", _set(_eng, "attrs", {"budget": 12}), {"attrs.budget": (10, 12)}),
    "an attr added": (
        "eng",
        _set(_eng, "attrs", {"budget": 10, "site": "Lyon"}),
        {"attrs.site": (None, "Lyon")},
    ),
    "a tag": (
        "eng",
        _set(_eng, "tags", ["core", "hiring"]),
        {"tags": (["core"], ["core", "hiring"])},
    ),
    "a span dropped": (
        "guild",
        _set(_guild, "spans", ["ops"]),
        {"spans": (["eng", "ops"], ["ops"])},
    ),
    "the spans go": ("guild", _set(_guild, "spans", None), {"spans": (["eng", "ops"], [])}),
}


@pytest.mark.parametrize(("uid", "edit", "fields"), UNIT_CASES.values(), ids=UNIT_CASES.keys())
def test_a_unit_field_change(uid: str, edit: Edit, fields: dict[str, Any]) -> None:
    result = _diff(edit)
    [unit] = result.units
    assert (unit.id, unit.change, unit.fields) == (uid, "changed", fields)
    assert result.people == () and result.lineage == ()
    assert result.summary["units_changed"] == 1


ORDER_ONLY: dict[str, Edit] = {
    "tags of a person": _set(_ann, "tags", ["oncall", "mentor"]),
    "dotted managers": _set(_bob, "dotted", ["ann", "ceo"]),
    "tags of a unit, repeated": _set(_eng, "tags", ["core"]),
    "spans": _set(_guild, "spans", ["ops", "eng"]),
    "attrs": _set(_cat, "attrs", {"remote": True, "level": 3}),
}


@pytest.mark.parametrize("edit", ORDER_ONLY.values(), ids=ORDER_ONLY.keys())
def test_a_new_order_of_the_same_values_is_no_change(edit: Edit) -> None:
    assert _diff(edit).empty


def test_the_reports_show_set_fields_as_gained_and_lost(tmp_path: Path) -> None:
    after = copy.deepcopy(BASE)
    _set(_ann, "tags", ["oncall", "alumni"])(after)
    _set(_ann, "attrs", {"location": "Berlin"})(after)
    _set(_guild, "spans", ["ops"])(after)
    _set(_eng, "topology", "enabling")(after)
    before_file = write(tmp_path / "before.json", json.dumps(BASE))
    after_file = write(tmp_path / "after.json", json.dumps(after))

    text = run_cli("diff", str(before_file), str(after_file))
    assert text.exit_code == 0, text.stderr
    assert '  ~ eng  Engineering (changed): topology: "platform" → "enabling"\n' in text.stdout
    assert "  ~ guild  Guild (changed): spans: -eng\n" in text.stdout
    assert (
        '    ~ ann  Ann: tags: +"alumni", -"mentor"; attrs.location: "Paris" → "Berlin"\n'
        in text.stdout
    )

    document = json.loads(
        run_cli("diff", "--format", "json", str(before_file), str(after_file)).stdout
    )
    [ann] = document["people"]
    assert ann["fields"] == {
        "tags": [["mentor", "oncall"], ["alumni", "oncall"]],
        "attrs.location": ["Paris", "Berlin"],
    }
    assert [(u["id"], u["fields"]) for u in document["units"]] == [
        ("eng", {"topology": ["platform", "enabling"]}),
        ("guild", {"spans": [["eng", "ops"], ["ops"]]}),
    ]
