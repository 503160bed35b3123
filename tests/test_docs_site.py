"""orgmodel's own docs site: `mkdocs build --strict` of the real site, the gallery's orgs, and the
pull-request review's action and example workflows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli

GALLERY = REPO / "docs" / "gallery"
GALLERY_ORGS = sorted((GALLERY / "orgs").glob("*.yaml"))
GALLERY_PAGES = ("qianwen", "bytedance-seed", "tencent-hunyuan", "openai-anthropic")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    return out


@pytest.mark.parametrize("page", GALLERY_PAGES)
def test_each_gallery_page_shows_charts_the_diff_picture_and_the_report(
    site: Path, page: str
) -> None:
    html = (site / "gallery" / page / "index.html").read_text()
    # Before and after at both levels, and the diff picture at both levels.
    assert html.count('<div class="orgmodel orgmodel-chart"><svg') == 6
    assert "<table>" in html and "Org diff:" in html  # the Markdown report


def test_the_site_has_every_command_and_the_format(site: Path) -> None:
    for command in ("validate", "show", "diff", "render", "stats", "whatif", "convert",
                    "schema", "build"):  # fmt: skip
        html = (site / "commands" / command / "index.html").read_text()
        assert f"Usage: orgmodel {command}" in html, command
    for page in ("format", "diff-rules", "integrations/review", "layout", "diff"):
        assert (site / page / "index.html").is_file(), page
    assert '<div class="orgmodel orgmodel-chart"><svg' in (site / "index.html").read_text()


def test_the_gallery_orgs_are_valid_without_warnings() -> None:
    assert len(GALLERY_ORGS) == 6
    run = run_cli("validate", "--strict", *map(str, GALLERY_ORGS))
    assert run.exit_code == 0, run.stderr + run.stdout


@pytest.mark.parametrize("org", GALLERY_ORGS, ids=lambda p: p.stem)
def test_each_gallery_org_says_what_is_a_placeholder(org: Path) -> None:
    data = yaml.safe_load(org.read_text())
    assert "placeholder" in data["description"]
    assert data["sources"], "each org names where its facts come from"


def test_the_action_passes_inputs_to_its_script_through_the_environment() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        # An input spliced into a script's text could inject a command.
        assert "${{" not in step.get("run", ""), step.get("name")
    assert "python -m orgmodel.review" in str(action)


def test_the_example_workflows_never_check_out_the_pull_request() -> None:
    collect = yaml.safe_load((REPO / "docs/ci/org-review-collect.yml").read_text())
    post = yaml.safe_load((REPO / "docs/ci/org-review-post.yml").read_text())
    # PyYAML reads the key `on` as True (YAML 1.1).
    assert set(collect[True]) == {"pull_request"} and collect["permissions"] == {}
    assert set(post[True]) == {"workflow_run"}
    steps = post["jobs"]["post"]["steps"]
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkouts and all("ref" not in s.get("with", {}) for s in checkouts)
    for step in steps:
        assert not re.search(r"\$\{\{[^}]*\}\}", step.get("run", "")), step.get("name")
