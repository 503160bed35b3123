"""Golden diff cases: every folder under tests/cases/diff/ holds before and after orgs (or, for
the example orgs, says which files in orgs/ it compares), a README with the reading of §3 that
the expected output must match, and expected.txt / expected.json. Regenerate with
`pytest --regen-goldens` and review the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CASES, REPO, Golden, run_cli

DIFF_CASES = CASES / "diff"
EXAMPLES = {
    "qianwen-example": (REPO / "orgs" / "qianwen-2025.yaml", REPO / "orgs" / "qianwen-2026.yaml")
}


def _inputs(case: Path) -> tuple[Path, Path]:
    if case.name in EXAMPLES:
        return EXAMPLES[case.name]
    [before] = case.glob("before.*")
    [after] = case.glob("after.*")
    return before, after


CASE_DIRS = sorted(p for p in DIFF_CASES.iterdir() if p.is_dir())


def test_the_required_cases_exist() -> None:
    names = {p.name for p in CASE_DIRS}
    assert names >= {
        "qianwen-example",
        "rename-new-id",
        "split-1-to-4",
        "merge-3-to-1",
        "merge-into-existing",
        "carve-out",
        "unit-moved-with-people",
        "people-redistributed",
        "title-change",
        "vacancy-filled",
        "co-lead-changes",
        "overlay-added",
        "removed-parent-children-moved",
        "rust-embedded-arm-merge-2025",
        "rust-launching-pad-2024",
        "rust-libs-merge-2026",
        "rust-cratesio-under-devtools-2024",
        "rust-libs-restructure-2021",
    }
    for case in CASE_DIRS:
        assert (case / "README.md").exists(), f"{case.name} needs a README with its reading"


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_text_report(case: Path, golden: Golden) -> None:
    before, after = _inputs(case)
    run = run_cli("diff", str(before), str(after))
    assert run.exit_code == 0, run.stderr
    golden(case / "expected.txt", run.stdout)


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_json_report(case: Path, golden: Golden) -> None:
    before, after = _inputs(case)
    run = run_cli("diff", "--format", "json", str(before), str(after))
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["orgmodel_diff"] == 1
    golden(case / "expected.json", run.stdout)


def test_markdown_report_of_the_example(golden: Golden) -> None:
    before, after = EXAMPLES["qianwen-example"]
    run = run_cli("diff", "--format", "markdown", str(before), str(after))
    golden(DIFF_CASES / "qianwen-example" / "expected.md", run.stdout)
