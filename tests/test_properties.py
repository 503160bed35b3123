"""Hypothesis properties of the loaders and validation: mutated orgs never crash, and the same
org read from YAML, JSON or stdin gives the same model."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgmodel.formats.json import load_json
from orgmodel.formats.yaml import load_yaml
from orgmodel.formats.yaml_emit import dump_yaml

from conftest import REPO, run_cli

BASE: dict[str, Any] = load_yaml((REPO / "orgs" / "qianwen-2026.yaml").read_text(), "x")[0]

junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*path, index))
    return out


ALL_PATHS = _paths(BASE)[1:]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["delete", "retype", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(junk_values)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))  # a duplicated person, unit or id
        else:
            parent[key] = copy.deepcopy(parent[key])
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(["yaml", "json"]), st.binary(max_size=20) | st.just(b""))
def test_mutated_orgs_never_crash(data: dict[str, Any], fmt: str, tail: bytes) -> None:
    text = dump_yaml(data) if fmt == "yaml" else json.dumps(data)
    run = run_cli("validate", "--input-format", fmt, "-", input=text.encode() + tail)
    assert run.exit_code in (0, 1, 2)
    assert "Traceback" not in run.stderr
    if run.exit_code:
        assert run.stderr.strip(), "a failure always says why"
        for line in run.stderr.splitlines()[:-1]:
            assert line.startswith(("<stdin>", "orgmodel: <stdin>")), line


ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=10,
)


@st.composite
def small_orgs(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    unit_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    units = []
    for uid in unit_ids:
        members = draw(st.lists(st.sampled_from(people), max_size=3, unique=True))
        units.append({"id": uid, "name": uid.upper(), "members": members})
    return {
        "name": draw(st.text(max_size=20)),
        "people": [
            {"id": pid, "name": draw(st.text(max_size=10)), "vacant": draw(st.booleans())}
            for pid in people
        ],
        "units": units,
    }


@settings(max_examples=100, deadline=None)
@given(small_orgs())
def test_yaml_and_json_read_the_same_data(data: dict[str, Any]) -> None:
    # dump_yaml quotes what YAML 1.2 would read as a number or boolean (`0o17`, `.NaN`).
    as_yaml = load_yaml(dump_yaml(data), "x.yaml")[0]
    as_json = load_json(json.dumps(data), "x.json")[0]
    assert as_yaml == as_json == data


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12) | st.sampled_from(["0o17", ".NaN", "-.inf", "0x1f", "1e3", "~", "No"]))
def test_any_string_survives_dump_and_load(text: str) -> None:
    assert load_yaml(dump_yaml({"k": text, text: [text]}), "x.yaml")[0] == {"k": text, text: [text]}


@settings(max_examples=60, deadline=None)
@given(small_orgs())
def test_validation_does_not_depend_on_the_format(data: dict[str, Any]) -> None:
    from_yaml = run_cli(
        "validate",
        "--format",
        "json",
        "--input-format",
        "yaml",
        "-",
        input=dump_yaml(data),
    )
    from_json = run_cli(
        "validate", "--format", "json", "--input-format", "json", "-", input=json.dumps(data)
    )
    assert from_yaml.exit_code == from_json.exit_code

    def strip(report: str) -> list[list[tuple[str, str, str]]]:  # positions differ by format
        return [
            [(i["code"], i["path"], i["message"]) for i in f["errors"] + f["warnings"]]
            for f in json.loads(report)["files"]
        ]

    assert strip(from_yaml.stdout) == strip(from_json.stdout)
