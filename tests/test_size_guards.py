"""Size guards: a PNG larger than Graphviz can write is refused before it is drawn, and a Mermaid
chart over GitHub's limits is written with a warning. Sizes are read from the files written (the
PNG header, the Mermaid text), not taken from the code under test."""

from __future__ import annotations

import json
import re
import struct
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgmodel.formats.registry import Format
from orgmodel.graph.chart import build_graph
from orgmodel.graph.options import ChartOptions
from orgmodel.layout import layout_chart
from orgmodel.pipeline import load_org
from orgmodel.render import render_graph
from orgmodel.render.dot import render_dot
from orgmodel.render.graphviz import drawing_size, lay_out, run_layout
from orgmodel.render.limits import (
    MERMAID_MAX_EDGES,
    MERMAID_MAX_TEXT,
    PNG_MAX_SIDE,
    ImageTooLargeError,
    check_image_size,
    image_pixels,
    mermaid_overruns,
)

from conftest import PROGRAMS, REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
from orggen import generate

QIANWEN = REPO / "orgs" / "qianwen-2026.yaml"
# A Mermaid link line as the renderer writes them: `  TAIL ARROW[|label|] HEAD`.
LINK = re.compile(r"^  \S+ (?:-->|-\.-|-\.->|<==>|==>)(?:\|[^|]*\|)? \S+$", re.MULTILINE)


def generated(tmp_path: Path, people: int) -> Path:
    path = tmp_path / f"gen{people}.json"
    if not path.exists():
        path.write_text(json.dumps(generate(people)), encoding="utf-8")
    return path


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


# -- PNG ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
@pytest.mark.parametrize("level", ["people", "units"])
def test_the_pixel_rule_is_the_size_graphviz_writes(
    tmp_path: Path, program: str, level: Any
) -> None:
    """image_pixels of the laid-out bounding box is the PNG that `-Tpng` writes: exactly for
    `dot`; graphviz-pure rounds the points first, which can make it a pixel off."""
    structure = load_org(str(generated(tmp_path, 300))).structure
    source = render_dot(build_graph(structure, ChartOptions(level=level, layout="dot")))
    predicted = image_pixels(*drawing_size(lay_out(source, program)))
    written = png_size(run_layout(source, Format.png, program))
    slack = 0 if Path(program).name == "dot" else 1
    for side, expected in zip(written, predicted, strict=True):
        assert abs(side - expected) <= slack


def test_drawing_size_reads_the_graph_box_in_exponent_form() -> None:
    laid_out = (
        'digraph {\n\tgraph [bb="0,0,1.0947e+05,766.5"];\n\tsubgraph c { graph [bb="1,2,3,4"]; }\n}'
    )
    assert drawing_size(laid_out) == (109470.0, 766.5)


@given(
    st.floats(min_value=0, max_value=100_000),
    st.floats(min_value=0, max_value=100_000),
    st.sampled_from(list(Format)),
)
def test_only_a_png_over_the_limit_is_refused(width: float, height: float, fmt: Format) -> None:
    over = max(image_pixels(width, height)) > PNG_MAX_SIDE
    try:
        check_image_size(width, height, fmt)
    except ImageTooLargeError:
        assert over and fmt is Format.png
    else:
        assert not (over and fmt is Format.png)


@pytest.mark.parametrize("layout", [["--layout", "dot"], ["--no-compact"]])
def test_a_wide_png_is_refused_with_a_located_hint(tmp_path: Path, layout: list[str]) -> None:
    """Both layouts: `dot`'s is measured by laying it out, the org layout's (a plain tidy tree
    without compaction, 2,000 people wide) before anything runs."""
    out = tmp_path / "wide.png"
    run = run_cli("render", str(generated(tmp_path, 2000)), *layout, "-o", str(out))
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    message = lines[0]
    assert message.startswith(f"orgmodel: {out}: the chart would be a ")
    width = int(re.search(r"a ([\d,]+) x", message).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert width > PNG_MAX_SIDE
    for hint in ("--level units", "--root UNIT", "--depth N", "SVG"):
        assert hint in message
    assert not out.exists()
    # The same chart as SVG has no such limit, and is as wide as the refusal said.
    svg = tmp_path / "wide.svg"
    assert run_cli("render", str(generated(tmp_path, 2000)), *layout, "-o", str(svg)).exit_code == 0
    points = float(re.search(r'<svg width="([\d.]+)pt"', svg.read_text()).group(1))  # type: ignore[union-attr]
    assert abs(points * 96 / 72 - width) <= 2


def test_a_png_within_the_limit_is_drawn_from_the_one_layout(tmp_path: Path) -> None:
    org = generated(tmp_path, 300)
    out = tmp_path / "units.png"
    run = run_cli("render", str(org), "--level", "units", "--layout", "dot", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    width, height = png_size(out.read_bytes())
    structure = load_org(str(org)).structure
    source = render_dot(build_graph(structure, ChartOptions(level="units", layout="dot")))
    expected = png_size(run_layout(source, Format.png))
    # Drawn from fixed positions (-n2), Graphviz leaves out the 4 pt pad above a graph label.
    assert width == expected[0]
    assert expected[1] - 8 <= height <= expected[1]
    assert max(width, height) <= PNG_MAX_SIDE


def test_a_full_diff_picture_is_guarded_too(tmp_path: Path) -> None:
    """The focused picture of a renamed org is a few boxes; the whole of it is not."""
    before = generated(tmp_path, 2000)
    after = tmp_path / "after.json"
    data = generate(2000)
    data["name"] = "Renamed"
    after.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "reorg.png"
    full = ("--level", "people", "--layout", "dot", "--full")
    run = run_cli("diff", str(before), str(after), *full, "-o", str(out))
    assert run.exit_code == 2
    assert run.stderr.startswith(f"orgmodel: {out}: the chart would be a ")
    assert not out.exists()


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_org_layout_png_is_the_size_its_layout_says(tmp_path: Path, program: str) -> None:
    structure = load_org(str(generated(tmp_path, 300))).structure
    graph = build_graph(structure, ChartOptions())
    placed = layout_chart(graph)
    written = png_size(render_graph(graph, Format.png, program))  # type: ignore[arg-type]
    slack = 0 if Path(program).name == "dot" else 1
    for side, expected in zip(written, image_pixels(placed.width, placed.height), strict=True):
        assert abs(side - expected) <= slack


# -- Mermaid -----------------------------------------------------------------------------------


def test_the_mermaid_limits_are_inclusive() -> None:
    assert mermaid_overruns("x" * MERMAID_MAX_TEXT, MERMAID_MAX_EDGES) == ()
    over = mermaid_overruns("x" * (MERMAID_MAX_TEXT + 1), MERMAID_MAX_EDGES + 7)
    assert [(o.what, o.found - o.limit) for o in over] == [("characters", 1), ("edges", 7)]
    # JavaScript counts UTF-16 code units: a character outside the BMP is two.
    assert [o.what for o in mermaid_overruns("😀" * (MERMAID_MAX_TEXT // 2 + 1), 0)] == [
        "characters"
    ]


def test_a_mermaid_chart_over_the_limits_is_written_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "org.mmd"
    run = run_cli("render", str(generated(tmp_path, 5000)), "-o", str(out))
    assert run.exit_code == 0
    text = out.read_text(encoding="utf-8")
    links = len(LINK.findall(text))
    assert len(text) > MERMAID_MAX_TEXT and links > MERMAID_MAX_EDGES
    [warning] = run.stderr.strip().splitlines()
    assert warning.startswith(f"orgmodel: warning: {out}: GitHub will not draw")
    assert (
        f"{len(text):,} characters, {len(text) - MERMAID_MAX_TEXT:,} over the limit of 50,000"
        in warning
    )
    assert f"{links:,} edges, {links - MERMAID_MAX_EDGES:,} over the limit of 500" in warning
    assert "--split" in warning


def flat_org(reports: int, title: str = "") -> dict[str, Any]:
    """One manager and `reports` direct reports, with `title` on everyone."""
    people = [{"id": f"p{i}", "name": f"P{i}", "title": title or None} for i in range(reports + 1)]
    for person in people[1:]:
        person["manager"] = "p0"
    return {"orgmodel": 1, "name": "Flat", "people": people}


@pytest.mark.parametrize(
    ("org", "named"),
    [
        (flat_org(599), ["edges"]),  # 599 short boxes: some 40,000 characters
        (flat_org(60, "t" * 1000), ["characters"]),  # 60 edges
    ],
    ids=["edges-only", "characters-only"],
)
def test_the_warning_names_only_the_limit_exceeded(
    tmp_path: Path, org: dict[str, Any], named: list[str]
) -> None:
    source = tmp_path / "flat.json"
    source.write_text(json.dumps(org), encoding="utf-8")
    run = run_cli("render", str(source), "--no-compact", "--format", "mermaid")
    assert run.exit_code == 0
    over = {
        "characters": len(run.stdout) > MERMAID_MAX_TEXT,
        "edges": len(LINK.findall(run.stdout)) > MERMAID_MAX_EDGES,
    }
    assert sorted(k for k, v in over.items() if v) == named
    for what, is_over in over.items():
        assert (f" {what}, " in run.stderr) == is_over


def test_a_small_mermaid_chart_has_no_warning(tmp_path: Path) -> None:
    run = run_cli("render", str(QIANWEN), "--format", "mermaid")
    assert run.exit_code == 0
    assert run.stderr == ""
    assert run.stdout.startswith("---\n")
