"""`orgmodel build`: diagrams from the project's config, embedded hashes, and `--check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orgmodel import build

from conftest import REPO, run_cli, write


def test_this_repositorys_diagrams_are_current() -> None:
    run = run_cli("build", "--check", "--dir", str(REPO))
    assert run.exit_code == 0, run.stderr
    assert "5 of 5 diagrams up to date" in run.stderr


def _project(tmp_path: Path) -> Path:
    (tmp_path / "orgs").mkdir()
    shutil.copy(REPO / "orgs" / "qianwen-2026.yaml", tmp_path / "orgs" / "q.yaml")
    return tmp_path


def test_without_config_every_org_becomes_an_svg(tmp_path: Path) -> None:
    project = _project(tmp_path)
    missing = run_cli("build", "--check", "--dir", str(project))
    assert missing.exit_code == 1 and "diagrams/q.svg: missing" in missing.stderr
    assert not (project / "diagrams").exists()  # --check writes nothing
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    svg = (project / "diagrams" / "q.svg").read_text()
    assert "<!-- orgmodel-build: " in svg and "<svg" in svg
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0


def test_a_changed_input_or_option_makes_it_stale(tmp_path: Path) -> None:
    project = _project(tmp_path)
    write(
        project / "orgmodel.toml",
        '[[diagrams]]\nsource = "orgs/q.yaml"\noutput = "out/q.dot"\nlevel = "units"\n\n'
        '[[diagrams]]\nsource = "orgs/q.yaml"\noutput = "out/q.mmd"\n',
    )
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    dot = (project / "out" / "q.dot").read_text()
    assert dot.startswith("// orgmodel-build: ") and "digraph" in dot
    assert (project / "out" / "q.mmd").read_text().startswith("%% orgmodel-build: ")
    # Formatting the input does not matter; its content does.
    source = project / "orgs" / "q.yaml"
    source.write_text(
        source.read_text().replace("# yaml-language-server", "#  yaml-language-server")
    )
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0
    source.write_text(source.read_text().replace("Zhou Hao", "Zhou H."))
    stale = run_cli("build", "--check", "--dir", str(project))
    assert stale.exit_code == 1 and "out/q.dot: stale" in stale.stderr
    config = project / "orgmodel.toml"
    config.write_text(config.read_text().replace('level = "units"', 'level = "people"'))
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0


def test_a_change_to_the_drawing_code_makes_it_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diagram drawn by an older layout is stale though its org and options are not."""
    project = _project(tmp_path)
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0
    monkeypatch.setattr(build, "drawing_revision", lambda: "another layout")
    stale = run_cli("build", "--check", "--dir", str(project))
    assert stale.exit_code == 1 and "diagrams/q.svg: stale" in stale.stderr


def test_the_drawing_revision_follows_the_drawing_code() -> None:
    first = build.drawing_revision.__wrapped__()
    assert first == build.drawing_revision() and len(first) == 64
    assert build._DRAWING_CODE  # the packages it reads exist
    package = Path(build.__file__).parent
    assert all((package / part).exists() for part in build._DRAWING_CODE)


def test_bad_config_is_a_located_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    write(project / "orgmodel.toml", '[[diagrams]]\nsource = "orgs/q.yaml"\noutput = "q.png"\n')
    run = run_cli("build", "--dir", str(project))
    assert run.exit_code == 2 and "`output` must be a .svg, .dot, .mmd or .html path" in run.stderr
    write(project / "orgmodel.toml", "[[diagrams]\n")
    assert "not valid TOML" in run_cli("build", "--dir", str(project)).stderr
