"""`REV:PATH` inputs read through git, and their errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import CASES, run_cli, write

ORG = (CASES / "validate" / "valid" / "minimal.yaml").read_text()


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    write(in_tmp / "orgs" / "o.yaml", ORG)
    git("add", ".")
    git("commit", "-qm", "first")
    write(in_tmp / "orgs" / "o.yaml", ORG.replace("name: Me", "name: Changed"))
    return in_tmp


def test_reads_a_file_at_a_revision(repo: Path) -> None:
    run = run_cli("show", "HEAD:orgs/o.yaml")
    assert run.exit_code == 0 and "Me" in run.stdout and "Changed" not in run.stdout
    assert "Changed" in run_cli("show", "orgs/o.yaml").stdout


def test_paths_are_relative_to_the_current_directory(repo: Path) -> None:
    import os

    os.chdir(repo / "orgs")
    assert run_cli("validate", "main:o.yaml").exit_code == 0


def test_unknown_revision(repo: Path) -> None:
    run = run_cli("validate", "nope:orgs/o.yaml")
    assert run.exit_code == 2
    assert run.stderr == (
        "orgmodel: nope:orgs/o.yaml: no such file, and 'nope' is not a git revision\n"
    )


def test_path_missing_at_revision(repo: Path) -> None:
    run = run_cli("validate", "HEAD:orgs/other.yaml")
    assert run.exit_code == 2
    assert "'orgs/other.yaml' does not exist at revision 'HEAD'" in run.stderr


def test_outside_a_git_repository(in_tmp: Path) -> None:
    run = run_cli("validate", "HEAD:orgs/o.yaml")
    assert run.exit_code == 2
    assert "not inside a git repository" in run.stderr


def test_a_real_file_with_a_colon_wins(in_tmp: Path) -> None:
    write(in_tmp / "a:b.yaml", ORG)
    assert run_cli("validate", "a:b.yaml").exit_code == 0
