"""The Sphinx extension: real `sphinx-build` runs (HTML and LaTeX) of a small project with the
`orgchart` and `orgdiff` directives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write

PAGE = """Charts
======

.. orgchart:: orgs/q26.yaml
   :level: units

.. orgdiff:: orgs/q25.yaml orgs/q26.yaml

.. orgdiff:: orgs/q25.yaml orgs/q26.yaml
   :format: text

.. orgdiff:: /orgs/q25.yaml /orgs/q26.yaml
   :format: markdown
"""


def _project(tmp_path: Path, page: str) -> Path:
    write(tmp_path / "conf.py", 'project = "t"\nextensions = ["orgmodel.sphinx"]\n')
    (tmp_path / "orgs").mkdir()
    for year in ("2025", "2026"):
        shutil.copy(REPO / "orgs" / f"qianwen-{year}.yaml", tmp_path / "orgs" / f"q{year[2:]}.yaml")
    write(tmp_path / "index.rst", page)
    return tmp_path


def _sphinx(project: Path, builder: str) -> subprocess.CompletedProcess[str]:
    out = project / "_build" / builder
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-W", "-q", str(project), str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def test_an_html_build_gets_the_charts_inline(tmp_path: Path) -> None:
    project = _project(tmp_path, PAGE)
    built = _sphinx(project, "html")
    assert built.returncode == 0, built.stderr
    html = (project / "_build" / "html" / "index.html").read_text()
    assert html.count('<div class="orgmodel orgmodel-chart"><svg') == 2
    assert "Post-training" in html and "<?xml" not in html
    assert "orgmodel diff: Qianwen (lab era)" in html  # the text report, a literal block
    assert "<table>" in html and "<td>split</td>" in html  # the Markdown report


def test_a_latex_build_gets_a_pdf_drawing(tmp_path: Path) -> None:
    project = _project(tmp_path, PAGE)
    built = _sphinx(project, "latex")
    assert built.returncode == 0, built.stderr
    out = project / "_build" / "latex"
    tex = (out / "t.tex").read_text()
    pictures = sorted(out.glob("orgmodel-*.pdf"))
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.read_bytes().startswith(b"%PDF")
        assert f"\\sphinxincludegraphics[width=\\linewidth]{{{picture.name}}}" in tex
    assert "orgmodel diff: Qianwen (lab era)" in tex


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("T\n=\n\n.. orgchart:: orgs/missing.yaml\n", "index.rst:4: ERROR: orgmodel: "),
        ("T\n=\n\n.. orgchart:: orgs/q26.yaml\n   :format: png\n",
         "index.rst:4: ERROR: orgmodel: unknown format 'png' for render; use svg, mermaid, html"),
        ("T\n=\n\n\n.. orgdiff:: orgs/q25.yaml orgs/q26.yaml\n   :root: nowhere\n",
         "index.rst:5: ERROR: orgmodel: --root: no unit 'nowhere'"),
    ],
)  # fmt: skip
def test_a_mistake_is_an_error_at_the_directive(tmp_path: Path, page: str, message: str) -> None:
    built = _sphinx(_project(tmp_path, page), "html")
    assert built.returncode != 0
    assert message in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    if "missing" in page:
        assert "orgs/missing.yaml: no such file" in built.stderr


def test_a_mermaid_chart_mermaid_will_not_draw_is_a_warning(tmp_path: Path) -> None:
    page = "T\n=\n\n.. orgchart:: big.yaml\n   :format: mermaid\n   :no-compact:\n"
    project = _project(tmp_path, page)
    people = "\n".join(f"  - {{id: p{i}, name: Person {i}}}" for i in range(520))
    members = ", ".join(f"p{i}" for i in range(1, 520))
    write(
        project / "big.yaml",
        f"name: Big\npeople:\n{people}\nunits:\n  - id: all\n    name: All\n    lead: p0\n"
        f"    members: [{members}]\n",
    )
    built = _sphinx(project, "html")
    assert built.returncode != 0  # -W
    assert "index.rst:4: WARNING: orgmodel: GitHub will not draw this Mermaid chart: 519 edges" in (
        built.stderr
    )
