"""Behaviour fixed while folding each rule into one place: the config reader names the file,
counted nouns agree with their number, formats come from one registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write

ORG = """\
orgmodel: 1
name: Q
people:
  - {id: a, name: A}
  - {id: b, name: B, manager: a}
"""


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    write(project / "orgs" / "q.yaml", ORG)
    return project


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            '[[tool.orgmodel.diagrams]]\nsource = "orgs/q.yaml"\noutput = "q.png"\n',
            "pyproject.toml: tool.orgmodel.diagrams[0]: `output` must be a .svg, .dot, .mmd or "
            ".html path (got 'q.png')",
        ),
        (
            "[tool.orgmodel]\ndiagrams = 3\n",
            "pyproject.toml: tool.orgmodel.diagrams: must be a list of tables ([[...]])",
        ),
        ("[[tool.orgmodel.diagrams]\n", "pyproject.toml: not valid TOML: "),
    ],
)
def test_a_config_message_names_the_file_it_is_about(
    tmp_path: Path, config: str, expected: str
) -> None:
    project = _project(tmp_path)
    write(project / "pyproject.toml", config)
    run = run_cli("build", "--dir", str(project))
    assert run.exit_code == 2
    assert run.stderr.startswith(f"orgmodel: {project}/{expected}"), run.stderr


def test_build_and_validate_read_the_config_the_same_way(in_tmp: Path) -> None:
    write(in_tmp / "q.yaml", ORG)
    write(in_tmp / "pyproject.toml", "[tool.orgmodel.policy]\nmax_spam = 3\n")
    run = run_cli("validate", "q.yaml")
    assert run.exit_code == 2
    assert run.stderr == "orgmodel: pyproject.toml: tool.orgmodel.policy: unknown key 'max_spam'\n"
    write(in_tmp / "pyproject.toml", "[tool.orgmodel.policy]\nmax-span = -1\n")
    run = run_cli("validate", "q.yaml")
    assert run.stderr == (
        "orgmodel: pyproject.toml: tool.orgmodel.policy.max-span: expected a whole number\n"
    )
    write(in_tmp / "pyproject.toml", "tool = 3\n")  # no [tool] table: nothing configured
    assert run_cli("validate", "q.yaml").exit_code == 0


SPLIT_BEFORE = """\
orgmodel: 1
name: Q
people:
  - {id: p1, name: P1}
  - {id: p2, name: P2, manager: p1}
  - {id: p3, name: P3, manager: p1}
units:
  - {id: a, name: A, lead: p1, members: [p2, p3]}
"""
SPLIT_AFTER = """\
orgmodel: 1
name: Q
people:
  - {id: p1, name: P1}
  - {id: p2, name: P2, manager: p1}
  - {id: p3, name: P3, manager: p1}
units:
  - id: top
    name: Top
    lead: p1
    units:
      - {id: b, name: B, lead: p2, formerly: [a]}
      - {id: c, name: C, lead: p3, formerly: [a]}
"""


def test_a_lineage_flow_of_one_is_one_person(tmp_path: Path) -> None:
    before = write(tmp_path / "before.yaml", SPLIT_BEFORE)
    after = write(tmp_path / "after.yaml", SPLIT_AFTER)
    run = run_cli("diff", str(before), str(after))
    assert run.exit_code == 0
    assert "(declared with formerly; 2 people, 67%)" in run.stdout
    assert "      a → b: 1 person (33%)\n" in run.stdout
    assert "1 people" not in run.stdout


def test_one_manager_rule_for_the_structure_and_the_csv_reader() -> None:
    from orgmodel.managers import derived_managers

    # m leads `a` and its sub-unit `b` (home b): no loop, m reports above `a`.
    parent = {"top": None, "a": "top", "b": "a"}
    first_lead = {"top": "ceo", "a": "m", "b": "m"}
    home = {"ceo": "top", "m": "b", "x": "b", "y": "a"}
    led = {"ceo": ["top"], "m": ["a", "b"]}
    managers = derived_managers(["top", "a", "b"], parent, first_lead, home, led)
    assert managers == {"ceo": None, "m": "ceo", "x": "m", "y": "m"}


def test_a_csv_keeps_only_the_managers_the_units_do_not_give(tmp_path: Path) -> None:
    rows = "id,name,manager,unit,unit_parent,unit_lead\n"
    rows += "ceo,C,,Top,,yes\nm,M,ceo,Eng,Top,yes\nx,X,m,Eng,Top,\ny,Y,ceo,Eng,Top,\n"
    source = write(tmp_path / "org.csv", rows)
    run = run_cli("convert", str(source), "-o", "-", "--format", "yaml")
    assert run.exit_code == 0, run.stderr
    people = run.stdout.split("people:", 1)[1].split("units:", 1)[0]
    # x's manager is derived from Eng's lead; y's is not, so it is kept.
    assert "manager: ceo" in people and "manager: m" not in people


def test_convert_says_one_person_and_is_a_library_call(tmp_path: Path) -> None:
    from orgmodel.convert import ConvertOptions, convert_org
    from orgmodel.formats.registry import Format

    source = write(tmp_path / "one.yaml", "orgmodel: 1\nname: One\npeople:\n  - {id: a, name: A}\n")
    run = run_cli("convert", str(source), "-o", str(tmp_path / "one.json"))
    assert run.stderr.endswith(f"orgmodel: wrote {tmp_path / 'one.json'}: 1 person in 0 units\n")
    done = convert_org(str(source), Format.csv, ConvertOptions(), read_back_as="one")
    assert done.text is not None and done.text.startswith("id,name,")
    assert not done.result.errors
