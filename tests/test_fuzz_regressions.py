"""Every input the fuzzer (bench/fuzz.py) ever found failing, run again through the steps that
showed it: no traceback, an exit code in {0, 1, 2, 3}, a located one-line message on exit 2, the
commands agreeing, and each step within the case's time bound. The rules are bench/fuzz_oracle's.

A case whose `known` key names an open defect is expected to fail (not strictly: it passes once
the defect is fixed, and then `known` is to be removed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import CASES, REPO

sys.path.insert(0, str(REPO / "bench"))
from fuzz_oracle import Case, Outcome, judge, judge_one, needed, run_steps

FUZZ_CASES = CASES / "fuzz"


def _cases() -> list[object]:
    params: list[object] = []
    folders = sorted(p for p in FUZZ_CASES.iterdir() if p.is_dir()) if FUZZ_CASES.is_dir() else []
    for folder in folders:
        case = Case.from_toml((folder / "case.toml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(reason=case.known, strict=False)] if case.known else []
        params.append(pytest.param(folder, case, id=folder.name, marks=marks))
    return params


@pytest.mark.parametrize(("folder", "case"), _cases())
def test_fuzz_case(
    folder: Path, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # `validate` reads a policy from ./pyproject.toml
    paths = Case.paths(folder, tmp_path / "out")
    outcomes = run_steps(needed(case.steps), paths, case.seconds)
    findings = judge(outcomes, paths)
    assert not findings, "\n".join(f"{f.kind}: {f.detail}" for f in findings)


def test_every_case_is_complete() -> None:
    """Each folder has its input, its case file and, for `diff`, the other org."""
    for param in _cases():
        folder, case = param.values  # type: ignore[attr-defined]
        assert len(list(folder.glob("input.*"))) == 1, folder
        assert len(list(folder.glob("other.*"))) == int(case.uses_other), folder
        assert (folder / "README.md").is_file(), folder


# The rules themselves: each kind of failure is seen, and a clean run is not one.


def _outcome(exit_code: int, stderr: str, exception: str | None = None) -> Outcome:
    return Outcome("validate", ("validate", "org.yaml"), exit_code, stderr, 0.01, exception, "x")


@pytest.mark.parametrize(
    ("exit_code", "stderr", "exception", "kind"),
    [
        (1, "", "ValueError: boom", "traceback"),
        (4, "orgmodel: org.yaml:1:1: x\n", None, "wrong-exit"),
        (2, "orgmodel: JSON syntax: bad\n", None, "unlocated-file"),
        (2, "orgmodel: org.yaml: JSON syntax: bad\n", None, "unlocated-line"),
        (2, "orgmodel: org.yaml:1:1: bad\nmore\n", None, "not-one-line"),
        (1, "org.yaml:1:2: column 'a\x0cb' is not known\norg.yaml: valid: 0 errors, 1 warning\n",
         None, "not-one-line"),
        (1, "org.yaml: units[0].lead: no such person\norg.yaml: invalid: 1 error, 0 warnings\n",
         None, "unlocated-line"),
    ],
)  # fmt: skip
def test_the_rules_find_each_kind(
    exit_code: int, stderr: str, exception: str | None, kind: str
) -> None:
    kinds = [f.kind for f in judge_one(_outcome(exit_code, stderr, exception), ["org.yaml"])]
    assert kind in kinds


@pytest.mark.parametrize(
    ("exit_code", "stderr"),
    [
        (0, "org.yaml: valid: 0 errors, 0 warnings\n"),
        (2, "orgmodel: org.yaml:3:7: YAML syntax: bad\n"),
        (2, "orgmodel: org.yaml:3: row has 3 fields but the header has 2\n"),
        (2, "orgmodel: org.yaml: not UTF-8 text: byte 0xff at line 1 (offset 0); save as UTF-8\n"),
        (2, "orgmodel: org.yaml: empty CSV file: a header row is needed\n"),
        (
            1,
            "org.yaml:2:3: units[0].lead: no such person\norg.yaml: invalid: 1 error, 0 warnings\n",
        ),
        (3, "orgmodel: Graphviz is missing\n"),
    ],
)
def test_the_rules_pass_good_runs(exit_code: int, stderr: str) -> None:
    assert judge_one(_outcome(exit_code, stderr), ["org.yaml"]) == []


def test_commands_that_disagree_are_found() -> None:
    paths = {"input": "org.yaml", "other": "org.yaml", "out": "out"}
    valid = Outcome("validate", ("validate", "org.yaml"), 0, "", 0.01)
    convert = Outcome("convert-json", ("convert", "org.yaml", "-o", "out.json"), 0, "", 0.01)
    check = Outcome("check-json", ("validate", "out.json"), 1, "out.json:1:1: bad\n", 0.01)
    findings = judge([valid, convert, check], paths)
    assert [f.kind for f in findings] == ["inconsistent"]


def test_every_step_passes_on_a_valid_org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    org = str(CASES / "validate" / "valid" / "minimal.yaml")
    paths = {"input": org, "other": str(REPO / "orgs" / "qianwen-2025.yaml"), "out": "out"}
    outcomes = run_steps(
        needed(["same-yaml", "same-json", "check-csv", "diff", "render-mmd"]), paths, 20
    )
    assert judge(outcomes, paths) == []
