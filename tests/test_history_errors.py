"""`orgmodel history` given what it cannot read: one located line on stderr, exit 2, no traceback;
the history schema shipped in schema/ is what `orgmodel schema --history` prints."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from history_repo import Repo

from orgmodel.history.model import EntryKind

from conftest import CASES, REPO, run_cli, write

ORG = (CASES / "validate" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
SHIPPED = REPO / "schema" / "orgmodel-history.schema.json"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("org.yaml", ORG)
    repo.commit("first", "2026-01-01")
    repo.write("org.yaml", ORG.replace("name: Me", "name: Changed"))
    repo.commit("second", "2026-01-02")
    monkeypatch.chdir(repo.root)
    return repo


def _one_line_exit_2(*args: str) -> str:
    run = run_cli("history", *args)
    assert run.exit_code == 2, run.stdout
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("orgmodel: "), run.stderr
    assert "Traceback" not in run.stderr
    return run.stderr


def test_outside_a_git_repository(in_tmp: Path) -> None:
    write(in_tmp / "org.yaml", ORG)
    assert "not inside a git repository" in _one_line_exit_2("org.yaml")


def test_a_repository_without_commits(in_tmp: Path) -> None:
    Repo(in_tmp)
    assert "has no commits yet" in _one_line_exit_2("org.yaml")


def test_a_file_never_in_the_history(small: Repo) -> None:
    write(small.root / "other.yaml", ORG)
    message = _one_line_exit_2("other.yaml")
    assert message == "orgmodel: other.yaml: never in the history of this git repository\n"


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_bound_that_is_neither_a_revision_nor_a_date(small: Repo, option: str) -> None:
    message = _one_line_exit_2("org.yaml", option, "last-tuesday")
    assert f"{option} last-tuesday: neither a git revision nor a date (YYYY-MM-DD)" in message


def test_a_bound_that_looks_like_an_option(small: Repo) -> None:
    assert "neither a git revision nor a date" in _one_line_exit_2("org.yaml", "--since=--all")


def test_html_is_not_a_history_format_yet(small: Repo, tmp_path: Path) -> None:
    message = _one_line_exit_2("org.yaml", "-o", str(tmp_path / "history.html"))
    assert "cannot tell the format from '.html'" in message
    assert ".json, .markdown, .md, .text, .txt" in message
    assert not (tmp_path / "history.html").exists()


def test_unknown_person_and_unit_suggest(small: Repo) -> None:
    assert "(did you mean 'me'?)" in _one_line_exit_2("org.yaml", "--person", "mee")
    assert "no change in this history names unit 'nope'" in _one_line_exit_2(
        "org.yaml", "--unit", "nope"
    )


def test_person_and_unit_together(small: Repo) -> None:
    assert "one of --person and --unit" in _one_line_exit_2(
        "org.yaml", "--person", "a", "--unit", "b"
    )


def test_output_never_overwrites_the_input(small: Repo) -> None:
    before = (small.root / "org.yaml").read_bytes()
    _one_line_exit_2("org.yaml", "-o", "org.yaml", "--format", "text")
    assert (small.root / "org.yaml").read_bytes() == before


def test_a_file_in_an_unknown_format_is_an_entry_not_a_failure(small: Repo) -> None:
    small.write("org.txt", ORG)
    small.commit("as text", "2026-01-03")
    run = run_cli("history", "org.txt")
    assert run.exit_code == 0
    assert "cannot tell the format from the name; give --input-format" in run.stdout
    assert "Created" in run_cli("history", "org.txt", "--input-format", "yaml").stdout


def test_a_deleted_file_has_its_history(small: Repo) -> None:
    small.git("rm", "-q", "org.yaml")
    small.commit("remove the org", "2026-01-04")
    run = run_cli("history", "org.yaml", "--format", "json")
    assert run.exit_code == 0
    entries = json.loads(run.stdout)["entries"]
    assert [e["change"] for e in entries] == ["deleted", "changed", "created"]


def test_the_shipped_schema_is_what_the_command_prints() -> None:
    run = run_cli("schema", "--history")
    assert run.exit_code == 0
    assert run.stdout == SHIPPED.read_text(encoding="utf-8"), (
        "schema/orgmodel-history.schema.json is stale: run "
        "`orgmodel schema --history -o schema/orgmodel-history.schema.json` and review the diff"
    )


def test_the_schema_names_every_kind_of_entry() -> None:
    entries = json.loads(SHIPPED.read_text(encoding="utf-8"))["oneOf"][0]["properties"]["entries"]
    assert set(entries["items"]["properties"]["change"]["enum"]) == set(typing.get_args(EntryKind))


def test_schema_takes_one_of_diff_and_history() -> None:
    run = run_cli("schema", "--diff", "--history")
    assert run.exit_code == 2 and "one of --diff and --history" in run.stderr
