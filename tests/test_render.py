"""Charts: DOT and Mermaid goldens for each kind of chart, SVG checked by structure (not bytes),
hostile names drawn as literal text, unsafe links dropped, and a clear exit 3 without Graphviz."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel import bidi
from orgmodel.graph.chart import build_graph
from orgmodel.graph.options import ChartOptions
from orgmodel.model import Org
from orgmodel.render.dot import render_dot, text
from orgmodel.structure import derive

from conftest import CASES, REALWORLD, REPO, Golden, run_cli, write

RENDER = CASES / "render"
BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"
SVG = "{http://www.w3.org/2000/svg}"
CHARTS = {
    "people-2026": (AFTER, []),
    "people-2025-compact": (BEFORE, []),
    "people-2025-no-compact": (BEFORE, ["--no-compact"]),
    "people-clusters": (AFTER, ["--clusters"]),
    "units-2026": (AFTER, ["--level", "units"]),
    "units-depth-1": (AFTER, ["--level", "units", "--depth", "2"]),
    "people-depth-2": (AFTER, ["--depth", "2"]),
    "people-root": (AFTER, ["--root", "post-training", "--direction", "LR"]),
    # Graphviz's own layout, with its compaction: leaf reports stacked in one box
    "people-2026-dot": (AFTER, ["--layout", "dot"]),
    "people-clusters-dot": (AFTER, ["--layout", "dot", "--clusters"]),
    "units-2026-dot": (AFTER, ["--level", "units", "--layout", "dot"]),
    # assistant beside the manager, dotted line, vacancy, links, overlay and interactions
    "everything-people": (CASES / "validate" / "valid" / "everything.yaml", ["--no-compact"]),
    "everything-units": (CASES / "validate" / "valid" / "everything.yaml", ["--level", "units"]),
}


def dot_available() -> bool:
    return shutil.which("dot") is not None or shutil.which("graphviz-pure") is not None


@pytest.mark.parametrize("name", sorted(CHARTS), ids=str)
def test_dot_and_mermaid_goldens(name: str, golden: Golden) -> None:
    source, args = CHARTS[name]
    dot = run_cli("render", str(source), *args, "--format", "dot")
    assert dot.exit_code == 0, dot.stderr
    golden(RENDER / name / "expected.dot", dot.stdout)
    mermaid = run_cli("render", str(source), *args, "--format", "mermaid")
    assert mermaid.exit_code == 0, mermaid.stderr
    golden(RENDER / name / "expected.mmd", mermaid.stdout)


def test_output_is_deterministic() -> None:
    first = run_cli("render", str(AFTER), "--format", "dot").stdout
    assert all(run_cli("render", str(AFTER), "--format", "dot").stdout == first for _ in range(3))


def test_svg_has_titles_and_stable_ids(tmp_path: Path) -> None:
    assert dot_available(), "Graphviz (dot) must be installed for the rendering tests"
    out = tmp_path / "chart.svg"
    run = run_cli("render", str(AFTER), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    root = ET.parse(out).getroot()
    ids = {element.get("id") for element in root.iter()}
    assert {"person-zhou-hao", "person-zhou-jingren", "legend"} <= ids
    assert root.find(f"{SVG}g/{SVG}title") is not None
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Qianwen (functional teams) · as of 2026-03-05" in titles
    text = out.read_text()
    assert "Zhou Hao" in text and "<script" not in text


def test_png_and_pdf(tmp_path: Path) -> None:
    assert dot_available()
    png = tmp_path / "c.png"
    assert run_cli("render", str(AFTER), "--level", "units", "-o", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if shutil.which("dot"):
        pdf = tmp_path / "c.pdf"
        assert run_cli("render", str(AFTER), "-o", str(pdf)).exit_code == 0
        assert pdf.read_bytes()[:5] == b"%PDF-"


def test_no_layout_program_is_exit_3_with_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("ORGMODEL_DOT", raising=False)
    out = tmp_path / "c.svg"
    run = run_cli("render", str(AFTER), "-o", str(out))
    assert run.exit_code == 3
    assert run.stderr.count("\n") == 1
    for words in (
        "looked at --dot, $ORGMODEL_DOT, dot on PATH, graphviz-pure on PATH",
        "apt-get install graphviz",
        "brew install graphviz",
        "pip install 'orgmodel[render]'",
        ".dot and .mmd outputs need no Graphviz",
    ):
        assert words in run.stderr
    assert not out.exists()
    assert run_cli("render", str(AFTER), "-o", str(tmp_path / "c.dot")).exit_code == 0


def test_a_failing_program_is_exit_3(tmp_path: Path) -> None:
    fake = write(tmp_path / "fake-dot", "#!/bin/sh\necho 'Error: something broke' >&2\nexit 1\n")
    fake.chmod(0o755)
    run = run_cli("render", str(AFTER), "--dot", str(fake), "-o", str(tmp_path / "c.svg"))
    assert run.exit_code == 3
    assert "failed to write SVG (exit 1): Error: something broke" in run.stderr


def test_unknown_root_and_extension(tmp_path: Path) -> None:
    bad_root = run_cli("render", str(AFTER), "--root", "post-trainin")
    assert bad_root.exit_code == 2 and "did you mean 'post-training'" in bad_root.stderr
    bad_ext = run_cli("render", str(AFTER), "-o", str(tmp_path / "c.jpeg"))
    assert bad_ext.exit_code == 2


INJECTION = [
    'Quote " in name',
    "<b>bold</b>",
    "<x> ] ; evil [label=<y>",
    "trailing backslash \\",
    "\\N and \\G",
    "{a|b}",
    "Team: Platform",
    "two\nlines",
    "[bold]rich[/bold]",
    "עברית RTL",
    "中文 名字",
    "emoji 🚀🎉",
    "&amp; entity",
    "x" * 2000,
]


def _hostile_org() -> Org:
    people = [{"id": f"p{i}", "name": name, "title": name} for i, name in enumerate(INJECTION)]
    return Org.model_validate(
        {
            "name": "<script>alert(1)</script> \\",
            "people": people,
            "units": [
                {
                    "id": "u",
                    "name": 'Unit "x" <y>',
                    "lead": "p0",
                    "members": [p["id"] for p in people[1:3]],
                },
                {
                    "id": "v:w",
                    "name": "Team: Platform",
                    "lead": "p3",
                    "members": [p["id"] for p in people[4:]],
                },
            ],
        }
    )


def _json_graph(dot_source: str) -> dict[str, Any]:
    done = subprocess.run(
        ["dot", "-Tjson"], input=dot_source.encode(), capture_output=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("compact", [True, False])
def test_hostile_names_render_as_literal_text(compact: bool) -> None:
    assert shutil.which("dot"), "Graphviz's dot must be installed for the rendering tests"
    org = _hostile_org()
    graph = build_graph(derive(org), ChartOptions(compact=compact))
    laid_out = _json_graph(render_dot(graph))
    objects = [o for o in laid_out.get("objects", []) if "nodes" not in o]
    assert len(objects) == len(graph.nodes) + (1 if graph.legend else 0)
    drawn = " ".join(str(o.get("label", "")) for o in objects)
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=render_dot(graph).encode(), capture_output=True, check=True
    ).stdout.decode()
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for name in INJECTION:
        shown = name.replace("\n", " ")
        assert shown in texts or shown in drawn, name[:40]
    assert not any(element.tag.endswith("script") for element in root.iter())


def test_mermaid_escapes_everything() -> None:
    from orgmodel.render.mermaid import render_mermaid

    text = render_mermaid(build_graph(derive(_hostile_org()), ChartOptions()))
    assert "<b>bold</b>" not in text.replace("<b>#60;b#62;", "")
    for line in text.splitlines():
        if '["' in line:
            label = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in label and "[" not in label and "]" not in label


def test_only_http_https_mailto_links_reach_the_svg(tmp_path: Path) -> None:
    from orgmodel.urls import safe_url

    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<b>") is None
    assert safe_url("JavaScript:alert(1)") is None
    assert safe_url("https://example.org/x") == "https://example.org/x"
    assert safe_url("mailto:a@example.org") == "mailto:a@example.org"
    good = write(
        tmp_path / "o.yaml",
        "name: x\npeople:\n  - {id: a, name: A, url: 'https://example.org/a'}\n"
        "units:\n  - {id: u, name: U, lead: a, url: 'mailto:u@example.org'}\n",
    )
    out = tmp_path / "o.svg"
    assert run_cli("render", str(good), "-o", str(out)).exit_code == 0
    svg = out.read_text()
    assert "https://example.org/a" in svg
    assert "javascript:" not in svg and "data:" not in svg


names = st.text(min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(st.lists(names, min_size=1, max_size=6))
def test_escaped_labels_never_change_the_graph(labels: list[str]) -> None:
    people = [{"id": f"p{i}", "name": label} for i, label in enumerate(labels)]
    org = Org.model_validate(
        {
            "name": labels[0],
            "people": people,
            "units": [
                {
                    "id": "u",
                    "name": labels[-1],
                    "lead": "p0",
                    "members": [p["id"] for p in people[1:]],
                }
            ],
        }
    )
    plain = Org.model_validate(
        {
            "name": "n",
            "people": [{"id": p["id"], "name": "x"} for p in people],
            "units": [
                {"id": "u", "name": "u", "lead": "p0", "members": [p["id"] for p in people[1:]]}
            ],
        }
    )

    def shape(o: Org) -> dict[str, Any]:
        return _json_graph(render_dot(build_graph(derive(o), ChartOptions(compact=False))))

    def count(g: dict[str, Any]) -> tuple[int, int]:
        return len(g.get("objects", [])), len(g.get("edges", []))

    hostile, tame = shape(org), shape(plain)
    assert count(hostile) == count(tame)


def test_a_large_real_org_at_people_and_unit_level(tmp_path: Path) -> None:
    assert shutil.which("dot")
    source = tmp_path / "gitlab.yaml"
    args = [
        "--map",
        "slug=id",
        "--map",
        "reports_to=manager",
        "--map",
        "role=title",
        "--map",
        "departments=unit_path",
    ]
    assert (
        run_cli(
            "convert", str(REALWORLD / "gitlab-2022" / "team_members.csv"), *args, "-o", str(source)
        ).exit_code
        == 0
    )
    for level in ("people", "units"):
        out = tmp_path / f"{level}.svg"
        run = run_cli("render", str(source), "--level", level, "-o", str(out))
        assert run.exit_code == 0, run.stderr
        root = ET.parse(out).getroot()
        ids = {element.get("id") for element in root.iter()}
        assert "person-p-00eb2f9f" in ids or level == "units"


DIFF_PICTURES = {
    "diff-qianwen": (BEFORE, AFTER, []),
    "diff-qianwen-people": (BEFORE, AFTER, ["--level", "people"]),
    "diff-rust-embedded-arm-merge-2025": (
        CASES / "diff" / "rust-embedded-arm-merge-2025" / "before.yaml",
        CASES / "diff" / "rust-embedded-arm-merge-2025" / "after.yaml",
        [],
    ),
    "diff-rename-new-id": (
        CASES / "diff" / "rename-new-id" / "before.yaml",
        CASES / "diff" / "rename-new-id" / "after.yaml",
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(DIFF_PICTURES), ids=str)
def test_diff_picture_goldens(name: str, golden: Golden) -> None:
    before, after, args = DIFF_PICTURES[name]
    for fmt, suffix in (("dot", "dot"), ("mermaid", "mmd")):
        run = run_cli("diff", str(before), str(after), *args, "--format", fmt)
        assert run.exit_code == 0, run.stderr
        golden(RENDER / name / f"expected.{suffix}", run.stdout)


def test_diff_picture_as_svg(tmp_path: Path) -> None:
    assert dot_available()
    out = tmp_path / "reorg.svg"
    run = run_cli("diff", str(BEFORE), str(AFTER), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    root = ET.parse(out).getroot()
    ids = {element.get("id") for element in root.iter()}
    assert {"unit-qianwen", "unit-post-training", "legend"} <= ids
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Reorg: 5 units added, 1 split (qianwen → 4)" in texts
    assert "split" in texts and "had 27 people" in texts


def test_render_never_overwrites_its_input(tmp_path: Path) -> None:
    source = tmp_path / "org.dot"  # an org file whose name looks like an output
    shutil.copy(AFTER, tmp_path / "org.yaml")
    source.write_bytes((tmp_path / "org.yaml").read_bytes())
    before = source.read_bytes()
    run = run_cli("render", str(source), "--input-format", "yaml", "-o", str(source))
    assert run.exit_code == 2 and "refusing to overwrite an input file" in run.stderr
    assert source.read_bytes() == before


@given(st.text())
def test_label_text_is_html_escaped_on_one_line(value: str) -> None:
    # Bidirectional controls are drawn as visible markers, Graphviz reads `\\` as one backslash
    # even in HTML-like labels, and 2.4x refuses a text starting with `]`.
    one_line = bidi.shown(re.sub("[\x00-\x1f\x7f-\x9f]", " ", value))
    escaped = html.escape(one_line, quote=True).replace("\\", "\\\\").replace("]", "&#93;")
    assert text(value) == escaped
