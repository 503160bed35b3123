"""The warnings of §1.5, and that each is located."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli, write

WARNINGS = """\
name: Warnings
people:
  - id: boss
    name: Boss
  - id: solo
    name: Solo
  - id: floater
    name: Floater
units:
  - id: top
    name: Top
    lead: boss
    members: [solo]
    units:
      - id: empty
        name: Empty
  - id: leaderless
    name: Leaderless
    members: [boss]
"""


def test_every_warning_is_reported_located_and_passes_unless_strict(tmp_path: Path) -> None:
    path = write(tmp_path / "w.yaml", WARNINGS)
    run = run_cli("validate", str(path))
    assert run.exit_code == 0
    lines = run.stderr.splitlines()
    assert lines[:-1] == [
        f"{path}:3:5: people[0]: warning: 'boss' manages exactly one person ('solo')",
        f"{path}:7:5: people[2]: warning: 'floater' is in no unit",
        f"{path}:15:9: units[0].units[0]: warning: unit 'empty' has no lead",
        f"{path}:15:9: units[0].units[0]: warning: unit 'empty' has no people in it or in any "
        "unit below it",
        f"{path}:17:5: units[1]: warning: unit 'leaderless' has no lead",
    ]
    assert lines[-1] == f"{path}: valid: 0 errors, 5 warnings"
    strict = run_cli("validate", "--strict", str(path))
    assert strict.exit_code == 1
    assert "invalid (--strict: warnings fail)" in strict.stderr


def test_all_errors_are_reported_in_one_run_even_behind_schema_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.yaml",
        """\
name: Errors
people:
  - id: a
    name: A
    nmae: typo
  - id: b
    name: 42
    manager: nobody
  - name: No Id
units:
  - id: u
    name: U
    lead: a
    members: [b, ghost, {id: x}]
""",
    )
    run = run_cli("validate", "--format", "json", str(path))
    assert run.exit_code == 1
    errors = json.loads(run.stdout)["files"][0]["errors"]
    assert [(e["line"], e["code"], e["path"]) for e in errors] == [
        (5, "unknown-key", "people[0].nmae"),
        (7, "wrong-type", "people[1].name"),
        (8, "unknown-person", "people[1].manager"),
        (9, "missing-key", "people[2]"),
        (14, "unknown-person", "units[0].members[1]"),
        (14, "wrong-type", "units[0].members[2]"),
    ]


def test_units_nested_past_the_limit_are_one_located_error(tmp_path: Path) -> None:
    lines = ["name: Deep", "units:"]
    for depth in range(230):
        pad = "  " * (2 * depth)
        lines += [f"{pad}  - id: u{depth}", f"{pad}    name: U{depth}", f"{pad}    units:"]
    lines[-1] = lines[-1].replace("units:", "kind: team")
    path = write(tmp_path / "deep.yaml", "\n".join(lines) + "\n")
    run = run_cli("validate", str(path))
    assert run.exit_code == 1
    assert "units are nested more than 200 levels deep" in run.stderr.splitlines()[0]


def test_an_unknown_id_a_list_repeats_is_one_error_with_its_count(tmp_path: Path) -> None:
    # Found by fuzzing: one unknown member listed 70,000 times printed 70,000 errors.
    members = ", ".join(["x"] * 70_000 + ["bob", "y", "x", "y"])
    text = (
        "name: Org\npeople:\n  - {id: alice, name: Alice}\n  - {id: bob, name: Bob}\n"
        f"units:\n  - {{id: eng, name: Eng, lead: alice, members: [{members}]}}\n"
    )
    run = run_cli("validate", "--format", "json", str(write(tmp_path / "org.yaml", text)))
    assert run.exit_code == 1
    errors = json.loads(run.stdout)["files"][0]["errors"]
    assert [(e["path"], e["message"]) for e in errors] == [
        ("units[0].members[0]", "member 'x', listed 70,001 times, is not a person in this file"),
        ("units[0].members[70001]", "member 'y', listed 2 times, is not a person in this file"),
    ]
