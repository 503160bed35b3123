"""`orgmodel history` on git repositories built in a temporary folder: the Qianwen org through its
reorganisation (with a reformat, a rename of the file, a rename of the team, a commit that does
not load, the split and a merged branch) and the Rust project's teams through five of the diff
cases in sequence. The reports are goldens under tests/cases/history/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from history_repo import RUST_CASES, qianwen_history, rust_history

from orgmodel.diff import diff_structures
from orgmodel.errors import InputError
from orgmodel.formats.source import Source
from orgmodel.history import (
    Range,
    follow_person,
    follow_unit,
    load_snapshots,
    read_history,
    shown,
)
from orgmodel.history.snapshots import SnapshotLoader
from orgmodel.pipeline import LoadedOrg

from conftest import CASES, REPO, Golden, run_cli

QIANWEN = CASES / "history" / "qianwen"
RUST = CASES / "history" / "rust-teams"
SCHEMA = REPO / "schema" / "orgmodel-history.schema.json"
ORGMODEL = Path(sys.executable).with_name("orgmodel")  # the installed console script


@pytest.fixture(scope="module")
def qianwen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("qianwen")
    return root, qianwen_history(root)


@pytest.fixture(scope="module")
def rust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rust")
    rust_history(root)
    return root


@pytest.fixture
def in_qianwen(
    qianwen: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.chdir(qianwen[0])
    return qianwen[1]


def _validate(document: object) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


# -- what the history holds -------------------------------------------------------------------


def test_one_entry_per_commit_that_touched_the_file(in_qianwen: dict[str, str]) -> None:
    history = read_history("orgs/qianwen.yaml")
    ids = in_qianwen
    assert [e.commit.id for e in history.entries] == [
        ids[step]
        for step in (
            "merge",
            "retitled",
            "hired",
            "split",
            "invalid",
            "unit-renamed",
            "moved",
            "reformat",
            "created",
        )
    ]
    kinds = {e.commit.id: e.change for e in history.entries}
    assert kinds[ids["created"]] == "created"
    assert kinds[ids["reformat"]] == kinds[ids["moved"]] == "unchanged"
    assert kinds[ids["invalid"]] == "invalid"
    assert kinds[ids["split"]] == kinds[ids["merge"]] == "changed"


def test_a_rename_of_the_file_is_followed(in_qianwen: dict[str, str]) -> None:
    entries = {e.commit.id: e for e in read_history("orgs/qianwen.yaml").entries}
    moved = entries[in_qianwen["moved"]]
    assert (moved.renamed_from, moved.path) == ("orgs/team.yaml", "orgs/qianwen.yaml")
    assert entries[in_qianwen["created"]].path == "orgs/team.yaml"


def test_reformat_and_rename_only_commits_are_skipped_unless_all(
    in_qianwen: dict[str, str],
) -> None:
    history = read_history("orgs/qianwen.yaml")
    skipped = {in_qianwen["reformat"], in_qianwen["moved"]}
    assert skipped.isdisjoint(e.commit.id for e in shown(history).entries)
    assert skipped <= {e.commit.id for e in shown(history, every=True).entries}


def test_an_invalid_commit_is_shown_and_the_walk_diffs_across_it(
    in_qianwen: dict[str, str],
) -> None:
    entries = {e.commit.id: e for e in read_history("orgs/qianwen.yaml").entries}
    broken = entries[in_qianwen["invalid"]]
    assert broken.diff is None and broken.metrics is None
    assert broken.error == (
        f"{in_qianwen['invalid'][:7]}:orgs/qianwen.yaml:32:14: "
        "manager 'nobody' is not a person in this file"
    )
    split = entries[in_qianwen["split"]]
    assert split.base == in_qianwen["unit-renamed"]
    assert split.across == (in_qianwen["invalid"],)
    assert split.diff is not None
    assert [(line.kind, line.from_) for line in split.diff.lineage] == [("split", ("qwen-team",))]


def test_a_merge_shows_what_it_brought_to_its_first_parent(in_qianwen: dict[str, str]) -> None:
    entries = {e.commit.id: e for e in read_history("orgs/qianwen.yaml").entries}
    merge = entries[in_qianwen["merge"]]
    assert merge.base == in_qianwen["retitled"]
    assert merge.diff is not None
    assert [(p.id, p.change) for p in merge.diff.people] == [("pretraining-researcher-7", "joined")]


def test_first_parent_leaves_out_the_branch(in_qianwen: dict[str, str]) -> None:
    every = {e.commit.id for e in read_history("orgs/qianwen.yaml").entries}
    first = {
        e.commit.id for e in read_history("orgs/qianwen.yaml", Range(first_parent=True)).entries
    }
    assert every - first == {in_qianwen["hired"]}


def test_since_and_until_take_revisions_and_dates(in_qianwen: dict[str, str]) -> None:
    def commits(chosen: Range) -> list[str]:
        return [e.commit.id for e in read_history("orgs/qianwen.yaml", chosen).entries]

    ids = in_qianwen
    assert commits(Range(since=ids["split"], first_parent=True)) == [ids["merge"], ids["retitled"]]
    assert commits(Range(until=ids["moved"])) == [ids["moved"], ids["reformat"], ids["created"]]
    assert commits(Range(since="2026-01-15", until="2026-03-06")) == [
        ids["split"],
        ids["invalid"],
        ids["unit-renamed"],
    ]
    # The first commit of a window still shows what it did: its diff starts before the window.
    first = read_history("orgs/qianwen.yaml", Range(since=ids["invalid"])).entries[-1]
    assert first.commit.id == ids["split"] and first.base == ids["unit-renamed"]


def test_each_blob_is_loaded_once_through_one_cat_file_process(
    in_qianwen: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    loaded: list[str] = []
    real_popen, real_load = subprocess.Popen, SnapshotLoader.load

    def popen(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real_popen(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    def load(snapshots: SnapshotLoader, source: Source) -> LoadedOrg:
        loaded.append(source.name)
        return real_load(snapshots, source)

    monkeypatch.setattr(subprocess, "Popen", popen)  # every git process the walk starts
    monkeypatch.setattr(SnapshotLoader, "load", load)
    history = read_history("orgs/qianwen.yaml")
    blobs = {e.blob for e in history.entries}
    assert [args[1:] for args in started if "cat-file" in args] == [["cat-file", "--batch"]]
    assert len(loaded) == len(blobs)  # the rename kept its blob: loaded once for both commits


# -- following one person, one unit -----------------------------------------------------------


def test_a_person_through_a_rename_then_a_split(in_qianwen: dict[str, str]) -> None:
    followed = follow_person(read_history("orgs/qianwen.yaml"), "pretraining-researcher-1")
    assert [(e.entry.commit.id, e.change.change) for e in followed.events] == [
        (in_qianwen["split"], "moved"),
        (in_qianwen["created"], "joined"),
    ]
    assert followed.events[0].change.fields["unit"] == ("qwen-team", "pre-training")


def test_a_person_who_left(in_qianwen: dict[str, str]) -> None:
    followed = follow_person(read_history("orgs/qianwen.yaml"), "lin-junyang")
    assert followed.events[0].change.change == "left"


def test_a_unit_back_to_what_it_came_from(in_qianwen: dict[str, str]) -> None:
    lineage = follow_unit(read_history("orgs/qianwen.yaml"), "pre-training")
    assert lineage.came_from == ("qianwen", "qwen-team")
    assert lineage.became == ()
    assert [e.entry.commit.id for e in lineage.events] == [
        in_qianwen["split"],
        in_qianwen["unit-renamed"],
        in_qianwen["created"],
    ]


def test_a_unit_forward_to_what_it_became(in_qianwen: dict[str, str]) -> None:
    lineage = follow_unit(read_history("orgs/qianwen.yaml"), "qianwen")
    assert lineage.came_from == ()
    assert lineage.became == (
        "ai-infra",
        "multimodal",
        "post-training",
        "pre-training",
        "qwen-team",
    )


def test_a_unit_in_the_middle_of_its_lineage(in_qianwen: dict[str, str]) -> None:
    lineage = follow_unit(read_history("orgs/qianwen.yaml"), "qwen-team")
    assert lineage.came_from == ("qianwen",)
    assert lineage.became == ("ai-infra", "multimodal", "post-training", "pre-training")


# -- the reports (goldens) --------------------------------------------------------------------

REPORTS = [
    ("expected.txt", ()),
    ("expected-all-reverse.txt", ("--all", "--reverse")),
    ("expected-first-parent.txt", ("--first-parent",)),
    ("expected.md", ("--format", "markdown")),
    ("expected.json", ("--format", "json")),
    ("person-pretraining-researcher-1.txt", ("--person", "pretraining-researcher-1")),
    ("person-lin-junyang.md", ("--person", "lin-junyang", "--format", "markdown")),
    ("unit-pre-training.txt", ("--unit", "pre-training")),
    ("unit-qianwen.md", ("--unit", "qianwen", "--format", "markdown")),
    ("unit-qwen-team.json", ("--unit", "qwen-team", "--format", "json")),
    ("person-lin-junyang.json", ("--person", "lin-junyang", "--format", "json")),
]


@pytest.mark.parametrize(("name", "args"), REPORTS, ids=[name for name, _ in REPORTS])
def test_qianwen_reports(
    in_qianwen: dict[str, str], golden: Golden, name: str, args: tuple[str, ...]
) -> None:
    run = run_cli("history", "orgs/qianwen.yaml", *args)
    assert (run.exit_code, run.stderr) == (0, "")
    golden(QIANWEN / name, run.stdout)
    if name.endswith(".json"):
        _validate(json.loads(run.stdout))


@pytest.mark.parametrize(("name", "fmt"), [("expected.txt", "text"), ("expected.md", "markdown")])
def test_rust_teams_reports(
    rust: Path, monkeypatch: pytest.MonkeyPatch, golden: Golden, name: str, fmt: str
) -> None:
    monkeypatch.chdir(rust)
    run = run_cli("history", "teams.yaml", "--format", fmt)
    assert (run.exit_code, run.stderr) == (0, "")
    golden(RUST / name, run.stdout)


def test_rust_teams_json_validates(rust: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a golden (each commit carries its whole diff: 240 kB); its shape is checked."""
    monkeypatch.chdir(rust)
    run = run_cli("history", "teams.yaml", "--format", "json")
    document = json.loads(run.stdout)
    _validate(document)
    assert [e["change"] for e in document["entries"]] == ["changed"] * 9 + ["created"]


def test_the_rust_history_reads_as_its_diff_cases(
    rust: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case's commit says what `orgmodel diff` says of the case."""
    monkeypatch.chdir(rust)
    history = read_history("teams.yaml")
    by_subject = {e.commit.subject: e for e in history.entries}
    for case in RUST_CASES:
        expected = json.loads((CASES / "diff" / case / "expected.json").read_text())
        entry = by_subject[case]
        assert entry.diff is not None
        assert entry.diff.summary == expected["summary"], case


def test_the_installed_command_prints_the_golden(qianwen: tuple[Path, dict[str, str]]) -> None:
    done = subprocess.run(
        [str(ORGMODEL), "history", "qianwen.yaml"],
        cwd=qianwen[0] / "orgs",  # a path relative to a folder inside the repository
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (QIANWEN / "expected.txt").read_text(encoding="utf-8").replace(
        "orgmodel history: orgs/qianwen.yaml", "orgmodel history: qianwen.yaml", 1
    )


def test_n_keeps_the_newest_and_reverse_turns_them(in_qianwen: dict[str, str]) -> None:
    run = run_cli("history", "orgs/qianwen.yaml", "-n", "2", "--reverse", "--format", "json")
    commits = [e["commit"] for e in json.loads(run.stdout)["entries"]]
    assert commits == [in_qianwen["retitled"], in_qianwen["merge"]]
    run = run_cli("history", "orgs/qianwen.yaml", "--person", "lin-junyang", "-n", "1")
    assert "left" in run.stdout and "joined" not in run.stdout


def test_output_file_by_extension(in_qianwen: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "history.md"
    run = run_cli("history", "orgs/qianwen.yaml", "-o", str(out))
    assert (run.exit_code, run.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == (QIANWEN / "expected.md").read_text(encoding="utf-8")


def test_a_file_of_another_repository_by_its_path(
    qianwen: tuple[Path, dict[str, str]], in_tmp: Path
) -> None:
    """The repository is the file's, not the current directory's."""
    run = run_cli("history", str(qianwen[0] / "orgs" / "qianwen.yaml"), "-n", "1")
    assert run.exit_code == 0, run.stderr
    assert qianwen[1]["merge"][:7] in run.stdout


def test_any_two_commits_can_be_compared_again(in_qianwen: dict[str, str]) -> None:
    """What a view comparing two chosen commits needs: their orgs, loaded from the history."""
    history = read_history("orgs/qianwen.yaml")
    ids = in_qianwen
    orgs = load_snapshots(history, [ids["unit-renamed"], ids["merge"]])
    result = diff_structures(orgs[ids["unit-renamed"]], orgs[ids["merge"]])
    assert [(line.kind, line.from_) for line in result.lineage] == [("split", ("qwen-team",))]
    assert {"pretraining-researcher-7", "lin-junyang"} <= {p.id for p in result.people}
    with pytest.raises(InputError, match="does not load"):
        load_snapshots(history, [ids["invalid"]])
