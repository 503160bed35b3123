"""The command line: each command through CliRunner, exit codes and streams as DESIGN §2 says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import orgmodel

from conftest import CASES, REPO, run_cli, write

EXAMPLE = REPO / "orgs" / "qianwen-2026.yaml"
VALID = CASES / "validate" / "valid"


def test_version() -> None:
    run = run_cli("--version")
    assert run.exit_code == 0 and run.stdout == f"orgmodel {orgmodel.__version__}\n"


def test_no_arguments_shows_help() -> None:
    run = run_cli()
    assert "validate" in run.stdout + run.stderr


def test_validate_json_report_shape() -> None:
    run = run_cli("validate", "--format", "json", str(VALID / "everything.yaml"))
    assert run.exit_code == 0
    report = json.loads(run.stdout)
    assert report["orgmodel_validate"] == 1 and report["valid"] is True
    [entry] = report["files"]
    assert entry["errors"] == []
    assert entry["warnings"][0] == {
        "severity": "warning",
        "code": "one-report-manager",
        "path": "people[3]",
        "line": 21,
        "column": 5,
        "message": "'lead-b' manages exactly one person ('eng-2')",
    }


def test_validate_several_files_fails_if_any_fails() -> None:
    bad = CASES / "validate" / "invalid" / "unknown-key.yaml"
    run = run_cli("validate", str(VALID / "minimal.yaml"), str(bad))
    assert run.exit_code == 1
    assert "minimal.yaml: valid" in run.stderr and "unknown-key.yaml: invalid" in run.stderr


def test_validate_reads_stdin_and_sniffs_the_format() -> None:
    text = (VALID / "org.json").read_text()
    run = run_cli("validate", "-", input=text)
    assert run.exit_code == 0 and "<stdin>: valid" in run.stderr
    csv_text = (VALID / "org.csv").read_text()
    assert run_cli("validate", "-", input=csv_text).exit_code == 0
    yaml_text = (VALID / "minimal.yaml").read_text()
    assert run_cli("validate", "-", input=yaml_text).exit_code == 0
    forced = run_cli("validate", "--input-format", "json", "-", input=yaml_text)
    assert forced.exit_code == 2 and "JSON syntax" in forced.stderr


def test_missing_file_is_exit_2_one_line() -> None:
    run = run_cli("validate", "no/such/file.yaml")
    assert run.exit_code == 2
    assert run.stderr == "orgmodel: no/such/file.yaml: no such file\n"


def test_bad_option_is_exit_2() -> None:
    run = run_cli("validate", "--format", "xml", str(EXAMPLE))
    assert run.exit_code == 2


def test_show_prints_units_leads_headcounts_and_people() -> None:
    run = run_cli("show", str(EXAMPLE))
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Qianwen (functional teams) · as of 2026-03-05 · 38 people in 7 units" in out
    assert "Post-training (team, post-training) — lead Zhou Hao · 8 people" in out
    assert "Zhou Hao — Head of post-training" in out
    assert "Foundational model support team (committee, overlay) — lead Wu Yongming" in out
    assert "Fan Yu — Group executive (home: alibaba-group)" in out


def test_show_root_depth_and_units_only() -> None:
    run = run_cli("show", str(EXAMPLE), "--root", "tongyi-lab", "--units-only")
    assert run.exit_code == 0
    assert "Alibaba Group" not in run.stdout and "Multimodal (team" in run.stdout
    assert "Researcher" not in run.stdout
    collapsed = run_cli("show", str(EXAMPLE), "--depth", "1", "--units-only")
    assert "+36 people in 5 units" in collapsed.stdout


def test_show_unknown_root_suggests() -> None:
    run = run_cli("show", str(EXAMPLE), "--root", "tongyi-labs")
    assert run.exit_code == 2
    assert "no unit 'tongyi-labs' in this org (did you mean 'tongyi-lab'?)" in run.stderr


def test_show_never_reads_user_text_as_markup(tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.yaml",
        "name: '[bold]Org[/bold]'\n"
        "people:\n  - {id: a, name: '[red]Alice[/]', title: '[link=x]t'}\n"
        "units:\n  - {id: u, name: '[blink]U', lead: a}\n",
    )
    run = run_cli("show", str(path))
    assert run.exit_code == 0, run.stderr
    for text in ("[bold]Org[/bold]", "[red]Alice[/]", "[link=x]t", "[blink]U"):
        assert text in run.stdout


def test_show_invalid_org_is_exit_1_with_located_errors() -> None:
    bad = CASES / "validate" / "invalid" / "unknown-lead.yaml"
    run = run_cli("show", str(bad))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{bad}:13:11: units[0].lead: lead 'alcie'")


def test_schema_to_stdout_and_file(tmp_path: Path) -> None:
    run = run_cli("schema")
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = tmp_path / "s.json"
    assert run_cli("schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text()) == schema


def test_schema_output_into_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    run = run_cli("schema", "-o", str(tmp_path / "nope" / "s.json"))
    assert run.exit_code == 2 and run.stderr.count("\n") == 1


def test_installed_console_script_runs_as_a_subprocess() -> None:
    script = Path(sys.executable).parent / "orgmodel"
    assert script.exists(), "install the package (pip install -e '.[test]') to get `orgmodel`"
    done = subprocess.run(
        [str(script), "validate", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("qianwen-2026.yaml: valid: 0 errors, 0 warnings\n")
    missing = subprocess.run(
        [str(script), "show", "missing.yaml"], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_python_dash_m_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "orgmodel", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("orgmodel ")


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_validate_never_writes_its_input(tmp_path: Path) -> None:
    path = write(tmp_path / "o.yaml", (VALID / "everything.yaml").read_text())
    before = path.stat()
    run_cli("validate", str(path))
    run_cli("show", str(path))
    after = path.stat()
    assert (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size)


def _readme_block(after: str) -> list[str]:
    text = (REPO / "README.md").read_text()
    start = text.index(after)
    block = text[text.index("```text\n", start) + len("```text\n") :]
    return block[: block.index("```")].splitlines()


def test_readme_show_example_is_current() -> None:
    expected = _readme_block("What `orgmodel show orgs/qianwen-2026.yaml --units-only` prints")
    run = run_cli("show", str(EXAMPLE), "--units-only")
    assert run.stdout.splitlines() == expected


def test_readme_validate_example_is_current(in_tmp: Path) -> None:
    import shutil

    expected = _readme_block("`orgmodel validate FILE...` checks files")
    command = expected[0].removeprefix("$ orgmodel ").split()
    target = in_tmp / command[-1]
    target.parent.mkdir(parents=True)
    shutil.copy(REPO / command[-1], target)
    run = run_cli(*command)
    assert run.stderr.splitlines() == expected[1:]


def test_readme_commands_are_the_ci_commands() -> None:
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    test_command = (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest"
    )
    assert f"```sh\n{test_command}\n```" in readme
    assert ci.rstrip().endswith(test_command)


def test_readme_diff_excerpt_is_current() -> None:
    text = (REPO / "README.md").read_text()
    start = text.index("An excerpt of what the diff prints")
    blocks = text[start:].split("```text\n")
    excerpt = blocks[1].split("```")[0]
    summary = blocks[2].split("```")[0].strip()
    expected = (REPO / "tests/cases/diff/qianwen-example/expected.txt").read_text()
    for section in excerpt.strip().split("\n\n"):
        assert section in expected
    assert expected.rstrip().splitlines()[-1] == summary


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from orgmodel.cli.commands import register

    app = register()
    readme = (REPO / "README.md").read_text()
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    assert set(names) >= {"validate", "show", "schema", "diff", "render", "build", "convert"}
    for name in names:
        run = run_cli(name, "--help")
        assert run.exit_code == 0 and "Usage:" in run.stdout, name
        assert f"`orgmodel {name}" in readme, f"README does not document `orgmodel {name}`"
