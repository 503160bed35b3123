"""Graphviz's own layout (`dot`), measured in the SVG it draws: stacked rows aligned, dotted-line
managers of stacked people drawn, stacks inside their unit's cluster, a root's own leads drawn,
and legends with one meaning per style."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgmodel.formats.write import org_data
from orgmodel.graph.chart import build_graph
from orgmodel.graph.diff.style import REMOVED
from orgmodel.graph.model import node_id
from orgmodel.graph.options import ChartOptions
from orgmodel.model import Org
from orgmodel.render.dot import render_dot
from orgmodel.structure import derive

from conftest import REPO, run_cli

SVG = "{http://www.w3.org/2000/svg}"
BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"
Bounds = tuple[float, float, float, float]


def svg_of(org: Org, options: ChartOptions) -> ET.Element:
    assert shutil.which("dot"), "Graphviz's dot must be installed for the rendering tests"
    source = render_dot(build_graph(derive(org), options))
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
    return ET.fromstring(done.stdout)


def group(root: ET.Element, element_id: str) -> ET.Element:
    found = [g for g in root.iter(f"{SVG}g") if g.get("id") == element_id]
    assert len(found) == 1, element_id
    return found[0]


def outline(g: ET.Element) -> Bounds:
    """The bounding box of the first path or polygon drawn in a group."""
    shape = next(e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
    drawn = shape.get("d") or shape.get("points") or ""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", drawn)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def titled(root: ET.Element, kind: str) -> list[str]:
    """The <title> of every edge (or node) group: `tail->head` for an edge."""
    return [
        (g.findtext(f"{SVG}title") or "") for g in root.iter(f"{SVG}g") if g.get("class") == kind
    ]


def leaves(manager: str, count: int) -> list[dict[str, Any]]:
    return [
        {"id": f"{manager}-{i}", "name": f"Report {i}", "title": "Engineer", "manager": manager}
        for i in range(count)
    ]


# -- stacked rows -----------------------------------------------------------------------------


def test_a_stacked_rows_name_and_title_are_aligned_alike() -> None:
    org = Org.model_validate(
        {
            "name": "Stack",
            "people": [{"id": "boss", "name": "Boss"}, *leaves("boss", 6)],
        }
    )
    svg = svg_of(org, ChartOptions(layout="dot"))
    stack = group(svg, "reports-boss")
    texts = list(stack.iter(f"{SVG}text"))
    assert len(texts) == 1 + 2 * 6  # the heading, then a name and a title a row
    assert {t.get("text-anchor") for t in texts} == {"start"}
    assert len({t.get("x") for t in texts}) == 1  # every line starts at the same x


# -- dotted-line managers of stacked people ---------------------------------------------------


def test_dotted_lines_to_and_from_stacked_people_are_drawn() -> None:
    people = [
        {"id": "boss", "name": "Boss"},
        {"id": "mentor", "name": "Mentor"},
        *leaves("boss", 5),
        {"id": "boss-5", "name": "Report 5", "manager": "boss", "dotted": ["mentor", "boss-0"]},
    ]
    org = Org.model_validate({"name": "Dotted", "people": people})
    graph = build_graph(derive(org), ChartOptions(layout="dot"))
    stack, leaf, first = node_id("s", "boss"), node_id("p", "boss-5"), node_id("p", "boss-0")
    dot = render_dot(graph)
    assert f"{node_id('p', 'mentor')} -> {stack}:{leaf}" in dot
    assert f"{stack}:{first} -> {stack}:{leaf}" in dot
    svg = svg_of(org, ChartOptions(layout="dot"))
    edges = titled(svg, "edge")
    assert f"{node_id('p', 'mentor')}->{stack}:{leaf}" in edges
    legend = " ".join(t.text or "" for t in group(svg, "legend").iter(f"{SVG}text"))
    assert "dotted-line manager" in legend


# -- clusters ---------------------------------------------------------------------------------


# Boss leads the department; their six leaf reports sit in two child units.
SPLIT = {
    "name": "Split",
    "people": [
        {"id": "boss", "name": "Boss"},
        *({"id": f"{c}{i}", "name": f"{c}{i}", "manager": "boss"} for c in "rb" for i in range(3)),
    ],
    "units": [
        {
            "id": "dept",
            "name": "Department",
            "lead": "boss",
            "units": [
                {"id": "red", "name": "Red", "members": [f"r{i}" for i in range(3)]},
                {"id": "blue", "name": "Blue", "members": [f"b{i}" for i in range(3)]},
            ],
        }
    ],
}


def test_stacks_sit_in_their_units_cluster() -> None:
    org = Org.model_validate(SPLIT)
    plain = build_graph(derive(org), ChartOptions(layout="dot"))
    assert [n.kind for n in plain.nodes].count("stack") == 1  # one box without clusters
    graph = build_graph(derive(org), ChartOptions(layout="dot", clusters=True))
    stacks = [n for n in graph.nodes if n.kind == "stack"]
    assert [n.cluster for n in stacks] == [node_id("c", "red"), node_id("c", "blue")]
    assert [len(n.rows) for n in stacks] == [3, 3]
    svg = svg_of(org, ChartOptions(layout="dot", clusters=True))
    for stack in stacks:
        unit = "red" if stack.cluster == node_id("c", "red") else "blue"
        assert inside(outline(group(svg, stack.element_id)), outline(group(svg, f"unit-{unit}")))
    assert len({n.element_id for n in graph.nodes}) == len(graph.nodes)


def test_the_qianwen_stacks_sit_in_their_teams_cluster() -> None:
    org = Org.model_validate(_load(AFTER))
    svg = svg_of(org, ChartOptions(layout="dot", clusters=True))
    for unit, lead in (("ai-infra", "open-ai-infra-lead"), ("post-training", "zhou-hao")):
        assert inside(outline(group(svg, f"reports-{lead}")), outline(group(svg, f"unit-{unit}")))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# -- --root ----------------------------------------------------------------------------------


def test_a_root_always_draws_its_own_leads() -> None:
    org = Org.model_validate(
        {
            "name": "Root",
            "people": [
                {"id": "tl", "name": "Team lead", "home": "home-unit"},
                {"id": "dev", "name": "Dev"},
            ],
            "units": [
                {"id": "home-unit", "name": "Home", "members": ["tl"]},
                {"id": "team", "name": "Team", "lead": "tl", "members": ["dev"]},
            ],
        }
    )
    graph = build_graph(derive(org), ChartOptions(layout="dot", root="team"))
    assert [n.element_id for n in graph.nodes] == ["person-tl", "person-dev"]
    assert [(e.tail, e.head) for e in graph.edges] == [(node_id("p", "tl"), node_id("p", "dev"))]
    run = run_cli(
        "render", "-", "--input-format", "json", "--root", "team", input=json.dumps(org_data(org))
    )
    assert node_id("p", "tl") in run.stdout


# -- legends: one meaning per style -----------------------------------------------------------


def _legend(dot: str) -> str:
    return next(line for line in dot.splitlines() if line.lstrip().startswith("legend "))


def test_the_diff_legends_give_each_style_one_meaning() -> None:
    units = run_cli("diff", str(BEFORE), str(AFTER), "--format", "dot", "--layout", "dot")
    assert units.exit_code == 0, units.stderr
    overlay = next(x for x in units.stdout.splitlines() if 'id="unit-model-support"' in x)
    removed = next(x for x in units.stdout.splitlines() if 'id="unit-qianwen"' in x)
    assert "peripheries=2" in overlay and "dashed" not in overlay
    assert "peripheries" not in removed and "dashed" in removed
    legend = _legend(units.stdout)
    assert "removed (left, closed)" in legend and "double box: overlay" in legend
    assert "lineage" in legend
    people = run_cli(
        "diff", str(BEFORE), str(AFTER), "--level", "people", "--format", "dot", "--layout", "dot"
    )
    assert people.exit_code == 0, people.stderr
    assert "lineage" not in _legend(people.stdout) and " -> " in people.stdout
    lines = people.stdout.splitlines()
    dashed = [x for x in lines if "dashed" in x and "fillcolor" in x]
    assert dashed and all(f'fillcolor="{REMOVED}"' in x for x in dashed)  # dashed means removed
    dotted = [x for x in lines if "dotted" in x and "id=" in x]
    assert dotted and all("open" in x.lower() for x in dotted)  # dotted: an open position


def test_a_unit_chart_legend_describes_the_overlay_lines() -> None:
    run = run_cli("render", str(AFTER), "--level", "units", "--format", "dot", "--layout", "dot")
    legend = _legend(run.stdout)
    assert "double box: overlay" in legend
    assert "dashed grey line, no arrow" in legend


@pytest.mark.parametrize("path", [BEFORE, AFTER], ids=["2025", "2026"])
def test_no_example_card_carries_noise(path: Path) -> None:
    for level in ("people", "units"):
        run = run_cli("render", str(path), "--level", level, "--format", "dot", "--layout", "dot")
        assert run.exit_code == 0, run.stderr
        for noise in ("in org", "no lead", "direct /", "0 total"):
            assert noise not in run.stdout, (level, noise)
