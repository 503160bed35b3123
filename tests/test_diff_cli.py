"""`orgmodel diff` on the command line: formats, outputs, exit codes, inputs of every kind, and
the git diff driver recipe from the README."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, REPO, run_cli, write

BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"
SUMMARY = (
    "Reorg: 5 units added, 1 split (qianwen → 4), 1 removed; 26 people moved, 1 left, 1 joined, "
    "3 changed, 6 positions opened; 4 interactions changed; layers 4 → 4."
)


def test_text_report_ends_with_the_summary_line() -> None:
    run = run_cli("diff", str(BEFORE), str(AFTER))
    assert run.exit_code == 0
    assert run.stdout.rstrip().splitlines()[-1] == SUMMARY
    assert "\x1b[" not in run.stdout  # no colour when not on a terminal


def test_identical_inputs_say_no_changes() -> None:
    run = run_cli("diff", str(AFTER), str(AFTER), "--exit-code")
    assert run.exit_code == 0
    assert "No changes." in run.stdout
    as_json = json.loads(run_cli("diff", "--format", "json", str(AFTER), str(AFTER)).stdout)
    assert as_json["people"] == as_json["units"] == as_json["lineage"] == []


def test_exit_code_flags_differences() -> None:
    assert run_cli("diff", str(BEFORE), str(AFTER), "--exit-code").exit_code == 1
    assert run_cli("diff", str(BEFORE), str(AFTER)).exit_code == 0


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.json", lambda text: json.loads(text)["orgmodel_diff"] == 1),
        ("out.md", lambda text: text.startswith("### Org diff:")),
        ("out.txt", lambda text: text.startswith("orgmodel diff:")),
    ],
)
def test_output_format_follows_the_extension(tmp_path: Path, name: str, check) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    run = run_cli("diff", str(BEFORE), str(AFTER), "-o", str(out))
    assert run.exit_code == 0 and run.stdout == ""
    assert check(out.read_text())


def test_format_overrides_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    run_cli("diff", str(BEFORE), str(AFTER), "-o", str(out), "--format", "json")
    assert json.loads(out.read_text())["summary"]["units_split"] == 1


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("diff", str(BEFORE), str(AFTER), "-o", str(tmp_path / "out.xyz"))
    assert run.exit_code == 2
    assert "cannot tell the format from '.xyz'" in run.stderr
    assert not (tmp_path / "out.xyz").exists()


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    before = tmp_path / "before.yaml"
    shutil.copy(BEFORE, before)
    original = before.read_bytes()
    run = run_cli("diff", str(before), str(AFTER), "-o", str(before), "--format", "json")
    assert run.exit_code == 2 and "refusing to overwrite an input file" in run.stderr
    assert before.read_bytes() == original


def test_a_failed_run_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    bad = CASES / "validate" / "invalid" / "unknown-lead.yaml"
    run = run_cli("diff", str(bad), str(AFTER), "-o", str(out))
    assert run.exit_code == 1 and not out.exists()
    assert run.stderr.startswith(f"{bad}:13:11: ")


def test_csv_and_json_inputs(tmp_path: Path) -> None:
    csv_before = write(
        tmp_path / "before.csv",
        "id,name,title,manager,unit\nboss,Boss,CEO,,co\na,Ann,Engineer,boss,co\n",
    )
    json_after = write(
        tmp_path / "after.json",
        json.dumps(
            {
                "name": "after",
                "people": [
                    {"id": "boss", "name": "Boss", "title": "CEO"},
                    {"id": "a", "name": "Ann", "title": "Senior engineer"},
                ],
                "units": [{"id": "co", "name": "co", "lead": "boss", "members": ["a"]}],
            }
        ),
    )
    run = run_cli("diff", "--format", "json", str(csv_before), str(json_after))
    assert run.exit_code == 0, run.stderr
    [person] = json.loads(run.stdout)["people"]
    assert person["change"] == "changed"
    assert person["fields"]["title"] == ["Engineer", "Senior engineer"]


def test_standard_input_for_one_side() -> None:
    run = run_cli("diff", "-", str(AFTER), input=BEFORE.read_text())
    assert run.exit_code == 0 and SUMMARY in run.stdout
    both = run_cli("diff", "-", "-", input="")
    assert both.exit_code == 2


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (in_tmp / "orgs").mkdir()
    shutil.copy(BEFORE, in_tmp / "orgs" / "qianwen.yaml")
    git("add", ".")
    git("commit", "-qm", "lab era")
    shutil.copy(AFTER, in_tmp / "orgs" / "qianwen.yaml")
    git("commit", "-qam", "functional teams")
    return in_tmp


def test_revisions_as_inputs(repo: Path) -> None:
    run = run_cli("diff", "HEAD~1:orgs/qianwen.yaml", "orgs/qianwen.yaml")
    assert run.exit_code == 0 and SUMMARY in run.stdout
    same = run_cli("diff", "main:orgs/qianwen.yaml", "orgs/qianwen.yaml")
    assert "No changes." in same.stdout


def _readme_recipe() -> tuple[str, str]:
    text = (REPO / "README.md").read_text()
    attributes = next(
        line for line in text.splitlines() if line.startswith("echo ") and "diff=orgmodel" in line
    )
    config = next(line for line in text.splitlines() if "diff.orgmodel.command" in line)
    return attributes, config


def test_git_diff_driver_recipe_from_the_readme(repo: Path) -> None:
    attributes, config = _readme_recipe()
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    subprocess.run(attributes, shell=True, check=True, env=env)
    subprocess.run(config, shell=True, check=True, env=env)

    def shown(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert SUMMARY in shown("diff", "HEAD~1", "HEAD", "--", "orgs/qianwen.yaml")
    log = shown("log", "-p", "--ext-diff", "-1", "--format=%s")
    assert "functional teams" in log and SUMMARY in log
    # A new file is compared with nothing (git passes /dev/null for the missing side).
    shutil.copy(BEFORE, repo / "orgs" / "new.yaml")
    git("add", "orgs/new.yaml")
    added = shown("diff", "--cached", "--", "orgs/new.yaml")
    assert "3 units added" in added
    assert "31 people joined, 1 position opened; layers 0 → 4." in added


class _Terminal:
    """A stream that says it is a terminal."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from orgmodel.report.terminal import print_coloured, wants_colour

    terminal = _Terminal()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_colour(terminal)  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(terminal)  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR")
    import io

    assert not wants_colour(io.StringIO())
    print_coloured("Units\n  + a  [bold]A[/bold] (added)\n", terminal)  # type: ignore[arg-type]
    shown = terminal.buffer.getvalue()
    assert "\x1b[" in shown and "[bold]A[/bold]" in shown
