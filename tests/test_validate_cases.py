"""Acceptance: every file under tests/cases/validate/ is judged as its folder says.

- valid/: exits 0.
- invalid/: exits 1, and the first message is the one in `<name>.expected`.
- unreadable/: exits 2 with one line on stderr, the one in `<name>.expected`.
Expected files hold the message with the file's path written as FILE.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CASES, Golden, run_cli

VALIDATE = CASES / "validate"


def _cases(folder: str) -> list[Path]:
    return sorted(p for p in (VALIDATE / folder).iterdir() if p.suffix != ".expected")


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: p.name)
def test_valid_files_pass(path: Path) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 0, run.stderr
    assert f"{path}: valid: 0 errors" in run.stderr


def _expected(path: Path) -> Path:
    return path.with_name(path.name + ".expected")


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_files_fail_with_the_expected_first_message(path: Path, golden: Golden) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 1, run.stderr
    first = run.stderr.splitlines()[0].replace(str(path), "FILE")
    golden(_expected(path), first + "\n")


@pytest.mark.parametrize("path", _cases("unreadable"), ids=lambda p: p.name)
def test_unreadable_files_end_with_one_line_and_exit_2(path: Path, golden: Golden) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    golden(_expected(path), lines[0].replace(str(path), "FILE") + "\n")


def test_every_invalid_case_has_a_location() -> None:
    for path in _cases("invalid"):
        first = _expected(path).read_text().split(":")
        assert first[0] == "FILE" and first[1].isdigit() and first[2].isdigit(), path
