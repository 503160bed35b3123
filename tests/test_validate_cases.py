"""Acceptance: every file under tests/cases/validate/ is judged as its folder says.

- valid/: exits 0.
- invalid/: exits 1, and every message (errors, then warnings, then the closing count) is the
  one in `<name>.expected`, line for line.
- unreadable/: exits 2 with one line on stderr, the one in `<name>.expected`.
Expected files hold what stderr shows, with the file's path written as FILE. After an intended
change, regenerate them with `pytest tests/test_validate_cases.py --regen-goldens` and review
`git diff tests/cases/validate` before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CASES, Golden, run_cli

VALIDATE = CASES / "validate"


def _cases(folder: str) -> list[Path]:
    return sorted(
        p
        for p in (VALIDATE / folder).iterdir()
        if p.suffix != ".expected" and p.name != "README.md"
    )


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: p.name)
def test_valid_files_pass(path: Path) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 0, run.stderr
    assert f"{path}: valid: 0 errors" in run.stderr


def _expected(path: Path) -> Path:
    return path.with_name(path.name + ".expected")


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_files_fail_with_the_expected_messages(path: Path, golden: Golden) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 1, run.stderr
    golden(_expected(path), run.stderr.replace(str(path), "FILE"))


@pytest.mark.parametrize("path", _cases("unreadable"), ids=lambda p: p.name)
def test_unreadable_files_end_with_one_line_and_exit_2(path: Path, golden: Golden) -> None:
    run = run_cli("validate", str(path))
    assert run.exit_code == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    golden(_expected(path), lines[0].replace(str(path), "FILE") + "\n")


def test_every_message_of_an_invalid_case_has_a_location() -> None:
    for path in _cases("invalid"):
        *messages, closing = _expected(path).read_text().splitlines()
        assert messages, path
        for message in messages:
            where = message.split(":")
            assert where[0] == "FILE" and where[1].isdigit() and where[2].isdigit(), message
        assert closing.startswith("FILE: invalid: "), path
