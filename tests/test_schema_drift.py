"""schema/orgmodel-diff.schema.json does not drift: it is what `orgmodel schema --diff` prints,
it names exactly the kinds, counts and metrics the diff has, and every diff JSON of the goldens
validates against it. After an intended change run
`orgmodel schema --diff -o schema/orgmodel-diff.schema.json` and review the diff."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from orgmodel.diff import InteractionChange, PersonChange, UnitChange, UnitLineage, diff
from orgmodel.model import Org

from conftest import CASES, REPO, run_cli

SHIPPED = REPO / "schema" / "orgmodel-diff.schema.json"
GOLDENS = sorted((CASES / "diff").glob("*/expected.json"))


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return schema


def _validator() -> jsonschema.Draft202012Validator:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _kinds(record: type, name: str = "change") -> set[str]:
    """The values of a Literal-typed field of a diff record."""
    return set(typing.get_args(typing.get_type_hints(record)[name]))


def test_the_shipped_schema_is_what_the_command_prints() -> None:
    run = run_cli("schema", "--diff")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == SHIPPED.read_text(encoding="utf-8"), (
        "schema/orgmodel-diff.schema.json is stale: run "
        "`orgmodel schema --diff -o schema/orgmodel-diff.schema.json` and review the diff"
    )


def test_the_schema_names_the_kinds_of_the_diff_model() -> None:
    defs = _schema()["properties"]
    assert set(defs["people"]["items"]["properties"]["change"]["enum"]) == _kinds(PersonChange)
    assert set(defs["units"]["items"]["properties"]["change"]["enum"]) == _kinds(UnitChange)
    assert set(defs["lineage"]["items"]["properties"]["kind"]["enum"]) == _kinds(
        UnitLineage, "kind"
    )
    assert set(defs["interactions"]["items"]["properties"]["change"]["enum"]) == _kinds(
        InteractionChange
    )


def test_the_schema_requires_every_summary_count_and_metric() -> None:
    org = Org.model_validate({"name": "x", "people": [], "units": []})
    empty = diff(org, org)
    defs = _schema()["properties"]
    assert defs["summary"]["required"] == list(empty.summary)
    assert set(defs["metrics"]["required"]) == set(empty.metrics)


def test_there_are_goldens_to_check() -> None:
    assert len(GOLDENS) >= 18


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.parent.name)
def test_every_golden_diff_validates(path: Path) -> None:
    _validator().validate(json.loads(path.read_text(encoding="utf-8")))


def _golden() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (CASES / "diff" / "split-1-to-4" / "expected.json").read_text()
    )
    return document


def _no_such_kind(d: dict[str, Any]) -> None:
    d["people"][0]["change"] = "promoted"


def _extra_key(d: dict[str, Any]) -> None:
    d["units"][0]["colour"] = "red"


def _missing_count(d: dict[str, Any]) -> None:
    del d["summary"]["units_split"]


def _share_over_one(d: dict[str, Any]) -> None:
    d["lineage"][0]["share"] = 1.5


def _bad_date(d: dict[str, Any]) -> None:
    d["after"]["as_of"] = "March 2026"


def _three_sided_field(d: dict[str, Any]) -> None:
    d["people"][0]["fields"]["unit"] = ["a", "b", "c"]


@pytest.mark.parametrize(
    "spoil",
    [_no_such_kind, _extra_key, _missing_count, _share_over_one, _bad_date, _three_sided_field],
    ids=lambda f: f.__name__.strip("_"),
)
def test_the_schema_refuses_a_spoiled_diff(spoil: typing.Callable[[dict[str, Any]], None]) -> None:
    document = copy.deepcopy(_golden())
    document["after"]["as_of"] = "2026-03-05"
    _validator().validate(document)
    spoil(document)
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(document)
