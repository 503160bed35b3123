"""The example orgs, the shipped schema, and real orgs written by others."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from orgmodel.formats.parse import read_and_parse
from orgmodel.pipeline import load_org, validate_file
from orgmodel.schema import render_schema

from conftest import CASES, REPO, run_cli

ORGS = sorted((REPO / "orgs").glob("*.yaml"))
RUST = sorted((CASES / "diff").glob("rust-*/*.yaml"))  # the Rust project's real teams
SCHEMA_FILE = REPO / "schema" / "orgmodel.schema.json"


def test_there_are_example_orgs() -> None:
    assert {p.name for p in ORGS} >= {"qianwen-2025.yaml", "qianwen-2026.yaml"}


@pytest.mark.parametrize("path", ORGS, ids=lambda p: p.name)
def test_example_orgs_validate_cleanly_with_the_schema_modeline(path: Path) -> None:
    run = run_cli("validate", "--strict", str(path))
    assert run.exit_code == 0, run.stderr
    assert run.stderr.endswith("valid: 0 errors, 0 warnings\n")
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/orgmodel.schema.json"


def test_the_examples_tell_the_case() -> None:
    before = load_org(str(REPO / "orgs" / "qianwen-2025.yaml"))
    after = load_org(str(REPO / "orgs" / "qianwen-2026.yaml"))
    assert before.structure.units["qianwen"].lead == ("lin-junyang",)
    assert "lin-junyang" not in after.structure.people
    assert after.structure.units["post-training"].lead == ("zhou-hao",)
    support = after.structure.units["model-support"]
    assert support.overlay and support.spans == ("tongyi-lab",)
    assert set(support.lead + support.members) == {"wu-yongming", "zhou-jingren", "fan-yu"}
    functional = {"pre-training", "post-training", "multimodal", "ai-infra"}
    for unit in functional:
        assert after.structure.units[unit].formerly == ("qianwen",)
        assert after.structure.parent[unit] == "tongyi-lab"
    assert any(p.vacant for p in after.org.people)
    assert after.structure.units["tongyi-lab"].lead == ("zhou-jingren",)


def test_shipped_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text() == render_schema(), (
        "run `orgmodel schema -o schema/orgmodel.schema.json`"
    )


def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "path",
    [*ORGS, *sorted((CASES / "validate" / "valid").glob("*.yaml")), *RUST],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_schema_accepts_every_valid_file(path: Path) -> None:
    data = read_and_parse(str(path)).data
    errors = list(_schema_validator().iter_errors(data))
    assert not errors, errors[0].message


@pytest.mark.parametrize(
    "name", ["unknown-key.yaml", "bad-topology.yaml", "wrong-type.yaml", "unknown-top-key.yaml"]
)
def test_schema_refuses_what_validate_refuses(name: str) -> None:
    data = read_and_parse(str(CASES / "validate" / "invalid" / name)).data
    assert list(_schema_validator().iter_errors(data))


def test_the_real_rust_orgs_are_present() -> None:
    assert len(RUST) == 10, "expected the five Rust reorganisations, before and after"


@pytest.mark.parametrize("path", RUST, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_rust_orgs_load_and_validate(path: Path) -> None:
    result = validate_file(str(path))
    assert result.errors == []
    structure = result.structure
    assert structure is not None
    assert len(structure.people) > 250 and len(structure.units) > 80
    # A matrix org: many people sit in several teams, each with one home.
    multi = [pid for pid, units in structure.listings.items() if len(units) > 1]
    assert len(multi) > 50
    assert all(structure.home[pid] is not None for pid in multi if pid in structure.people)
    assert not structure.cycles
