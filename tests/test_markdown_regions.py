"""Markdown regions: `build` fills `<!-- orgmodel … -->` regions with what their command prints
and `build --check` fails, naming FILE:LINE, when one is stale."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from orgmodel.errors import UsageError
from orgmodel.regions import find_regions, region_body

from conftest import REPO, run_cli, write

SHOW = "<!-- orgmodel show orgs/q26.yaml --units-only -->\n<!-- /orgmodel -->\n"
DIFF_MD = (
    "<!-- orgmodel diff orgs/q25.yaml orgs/q26.yaml --format markdown -->\n"
    "stale text\n<!-- /orgmodel -->\n"
)


def _project(tmp_path: Path, page: str) -> Path:
    for year in ("2025", "2026"):
        write(tmp_path / "orgs" / f"q{year[2:]}.yaml", "")
        shutil.copy(REPO / "orgs" / f"qianwen-{year}.yaml", tmp_path / "orgs" / f"q{year[2:]}.yaml")
    write(tmp_path / "orgmodel.toml", 'diagrams = []\nmarkdown = ["README.md", "docs/*.md"]\n')
    write(tmp_path / "README.md", page)
    write(tmp_path / "docs" / "a.md", "# nothing generated here\n")
    return tmp_path


def test_build_fills_regions_and_check_passes_after(tmp_path: Path) -> None:
    project = _project(tmp_path, f"# Example\n\n{SHOW}\nand\n\n{DIFF_MD}")
    before = (project / "README.md").read_text()
    stale = run_cli("build", "--check", "--dir", str(project))
    assert stale.exit_code == 1
    assert "README.md:3: region `orgmodel show orgs/q26.yaml --units-only` is stale" in stale.stderr
    assert "README.md:8: region `orgmodel diff" in stale.stderr
    assert "0 of 2 Markdown regions up to date" in stale.stderr
    assert (project / "README.md").read_text() == before  # --check writes nothing

    assert run_cli("build", "--dir", str(project)).exit_code == 0
    page = (project / "README.md").read_text()
    shown = run_cli("show", str(project / "orgs" / "q26.yaml"), "--units-only").stdout
    assert f"```text\n{shown}```\n<!-- /orgmodel -->" in page
    assert "stale text" not in page
    assert "\n### Org diff: Qianwen (lab era) → Qianwen (functional teams)\n" in page
    assert "| change | unit | name | details |" in page  # Markdown goes in as Markdown
    fresh = run_cli("build", "--check", "--dir", str(project))
    assert fresh.exit_code == 0 and "2 of 2 Markdown regions up to date" in fresh.stderr


def test_an_edited_input_makes_the_region_stale(tmp_path: Path) -> None:
    project = _project(tmp_path, SHOW)
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    org = project / "orgs" / "q26.yaml"
    org.write_text(org.read_text().replace("Zhou Hao", "Zhou H."))
    stale = run_cli("build", "--check", "--dir", str(project))
    assert stale.exit_code == 1 and "README.md:1: region" in stale.stderr


def test_the_installed_command_checks_regions(tmp_path: Path) -> None:
    project = _project(tmp_path, f"Intro\n\n{SHOW}")
    orgmodel = shutil.which("orgmodel")
    assert orgmodel is not None
    check = [orgmodel, "build", "--check", "--dir", str(project)]
    stale = subprocess.run(check, capture_output=True, text=True, check=False)
    assert stale.returncode == 1, stale.stderr
    assert "README.md:3: region" in stale.stderr and "Traceback" not in stale.stderr
    subprocess.run([orgmodel, "build", "--dir", str(project)], check=True, capture_output=True)
    fresh = subprocess.run(check, capture_output=True, text=True, check=False)
    assert fresh.returncode == 0, fresh.stderr
    assert "Wu Yongming" in (project / "README.md").read_text()


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "render orgs/q26.yaml",
            "runs one of diff, show, stats, validate (or any command's --help), not 'render'",
        ),
        ("diff orgs/q25.yaml orgs/q26.yaml -o x.md", "-o is not allowed"),
        ("diff orgs/q25.yaml orgs/q26.yaml --output=x.md", "--output is not allowed"),
        ("show orgs/missing.yaml", "orgmodel show orgs/missing.yaml: orgs/missing.yaml: no such"),
        ("show orgs/q26.yaml --bogus", "No such option: --bogus"),
        ("show 'orgs/q26.yaml", "cannot read the command line"),
        ("show orgs/q26.yaml --lines 3-1", "--lines takes N-M, N- or -N"),
    ],
)
def test_a_bad_region_is_a_located_error(tmp_path: Path, marker: str, message: str) -> None:
    project = _project(tmp_path, f"# T\n\n<!-- orgmodel {marker} -->\n<!-- /orgmodel -->\n")
    for args in (("build",), ("build", "--check")):
        run = run_cli(*args, "--dir", str(project))
        assert run.exit_code == 2, run.stderr
        assert run.stderr.startswith("orgmodel: README.md:3: "), run.stderr
        assert message in run.stderr


@pytest.mark.parametrize(
    ("page", "line", "message"),
    [
        ("a\n<!-- orgmodel show x.yaml -->\nb\n", 2, "region not closed"),
        ("a\n\n<!-- /orgmodel -->\n", 3, "closes no region"),
        ("<!-- orgmodel show x -->\n<!-- orgmodel show y -->\n", 2, "a region inside a region"),
    ],
)
def test_markers_must_pair(page: str, line: int, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        find_regions(page, "P.md")
    assert raised.value.line == line and message in raised.value.message


def test_fence_and_lines_are_the_markers_own_options() -> None:
    [region] = find_regions(
        "<!-- orgmodel diff a.yaml b.yaml --lines 2-3 --fence console -->\n<!-- /orgmodel -->",
        "P.md",
    )
    assert region.argv == ("diff", "a.yaml", "b.yaml")
    assert region_body(region, "one\ntwo\nthree\nfour\n") == ["```console", "two", "three", "```"]
    [raw] = find_regions("<!-- orgmodel stats a.yaml --fence none -->\n<!-- /orgmodel -->", "P")
    assert region_body(raw, "x\n\n") == ["", "x", ""]
    [last] = find_regions("<!-- orgmodel diff a b --lines -2 -->\n<!-- /orgmodel -->", "P")
    assert region_body(last, "one\ntwo\nthree\n") == ["```text", "two", "three", "```"]
    # Output that holds a fence itself gets a longer one.
    assert region_body(region, "a\n```b```\nc\n")[0] == "````console"


def test_validate_shows_its_findings_even_for_an_invalid_org(tmp_path: Path) -> None:
    project = _project(tmp_path, "")
    shutil.copy(REPO / "tests/cases/validate/invalid/unknown-lead.yaml", project / "bad.yaml")
    write(project / "README.md", "<!-- orgmodel validate bad.yaml -->\n<!-- /orgmodel -->\n")
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    page = (project / "README.md").read_text()
    assert "bad.yaml:13:11: units[0].lead: lead 'alcie' is not a person" in page
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0


def test_a_listed_file_that_is_missing_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "orgmodel.toml", 'markdown = ["NOPE.md"]\n')
    run = run_cli("build", "--check", "--dir", str(tmp_path))
    assert run.exit_code == 2
    assert "orgmodel.toml: markdown[0]: no such file: NOPE.md" in run.stderr


def test_this_repositorys_regions_are_current() -> None:
    run = run_cli("build", "--check", "--dir", str(REPO))
    assert run.exit_code == 0, run.stderr
    assert "Markdown regions up to date" in run.stderr


def test_build_warns_of_a_mermaid_diagram_github_will_not_draw(tmp_path: Path) -> None:
    people = "\n".join(f"  - {{id: p{i}, name: Person {i}}}" for i in range(520))
    members = ", ".join(f"p{i}" for i in range(1, 520))
    write(
        tmp_path / "orgs" / "big.yaml",
        f"name: Big\npeople:\n{people}\nunits:\n  - id: all\n    name: All\n    lead: p0\n"
        f"    members: [{members}]\n",
    )
    write(tmp_path / "orgmodel.toml", '[[diagrams]]\nsource = "orgs/big.yaml"\noutput = "big.mmd"\n'
          'compact = false\n')  # fmt: skip
    run = run_cli("build", "--dir", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert "orgmodel: warning: big.mmd: GitHub will not draw this Mermaid chart: 519 edges" in (
        run.stderr
    )
    assert "split it with `orgmodel render --split`" in run.stderr
