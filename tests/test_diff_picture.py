"""The diff picture, checked by what can be measured in its SVG against the JSON report of the
same diff (each case's `expected.json`): every changed unit is drawn, every lineage arrow carries
the report's counts beside it, the boxes' counts add up with the report's, nothing overlaps, the
picture keeps a page's shape, and the words on boxes are plain ones."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pytest
from svgmeasure import (
    Drawing,
    Edge,
    Rect,
    Text,
    aspect_ratio,
    largest_row,
    overlaps,
    parse_svg,
)

from orgmodel.diff import diff_structures
from orgmodel.formats.registry import Format
from orgmodel.graph.diff import Focus, diff_graph
from orgmodel.graph.diff.words import named
from orgmodel.graph.model import element_id, node_id
from orgmodel.graph.options import ChartOptions
from orgmodel.layout.measure import text_width
from orgmodel.pipeline import load_org
from orgmodel.render import render_graph
from orgmodel.structure import Structure

from conftest import CASES, REPO, run_cli

DIFF_CASES = sorted(p.name for p in (CASES / "diff").iterdir() if p.is_dir())
PROGRAM = shutil.which("dot") or shutil.which("graphviz-pure")
pytestmark = pytest.mark.skipif(PROGRAM is None, reason="no Graphviz layout program installed")
MOST_IN_A_ROW = 12
MOST_ASPECT = 3.0
LINEAGE = "#0072b2"  # the lineage arrows' colour
WHOLE_FOCUS = Focus()
Level = Literal["units", "people"]


def inputs(case: str) -> tuple[Path, Path]:
    if case == "qianwen-example":
        return REPO / "orgs" / "qianwen-2025.yaml", REPO / "orgs" / "qianwen-2026.yaml"
    return CASES / "diff" / case / "before.yaml", CASES / "diff" / case / "after.yaml"


@cache
def structures(case: str) -> tuple[Structure, Structure]:
    before, after = inputs(case)
    return load_org(str(before)).structure, load_org(str(after)).structure


def report(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / "diff" / case / "expected.json").read_text())
    return data


@cache
def picture(case: str, level: Level = "units", focus: Focus = WHOLE_FOCUS) -> Drawing:
    before, after = structures(case)
    graph = diff_graph(
        diff_structures(before, after), before, after, ChartOptions(level=level), focus
    )
    svg = render_graph(graph, Format.svg, PROGRAM)
    return parse_svg(svg)


def units_drawn(drawing: Drawing) -> dict[str, Rect]:
    return {
        n.id.removeprefix("unit-"): n.box
        for n in drawing.nodes
        if n.id.startswith("unit-") and n.box is not None
    }


def cards(drawing: Drawing) -> dict[str, Rect]:
    """Every box the chart draws: units, people and folded boxes (not the legend's samples)."""
    return {
        n.id: n.box
        for n in drawing.nodes
        if n.box is not None and n.id.split("-")[0] in ("unit", "person", "folded")
    }


def words(drawing: Drawing, unit: str) -> str:
    node = drawing.node(element_id("unit", unit))
    return " ".join(t.text for t in node.texts)


def count_on(drawing: Drawing, unit: str) -> tuple[int | None, int | None]:
    """The people a unit's box says it had and has: "had 4 people", "30 → 36 people"."""
    text = words(drawing, unit)
    if found := re.search(r"had (\d+) (?:person|people)", text):
        return int(found[1]), None
    if found := re.search(r"(\d+) → (\d+) (?:person|people)", text):
        return int(found[1]), int(found[2])
    found = re.search(r"(\d+) (?:person|people)", text)
    assert found, f"no count on {unit}: {text!r}"
    return None, int(found[1])


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    label: str


def lineage_arrows(case: str) -> Iterator[Arrow]:
    """The arrows the report says the picture draws: each flow of a lineage that is not a
    rename, labelled with its people and share as the report counts them."""
    renamed = {u["fields"]["id"][0]: u["id"] for u in report(case)["units"] if "id" in u["fields"]}
    for line in report(case)["lineage"]:
        if line["kind"] == "rename":
            continue
        for flow in line["flows"]:
            parts = []
            if flow["people"]:
                parts += [f"{len(flow['people'])} people", f"{round(flow['share'] * 100)}%"]
            if flow["units"]:
                n = len(flow["units"])
                parts.append(f"{n} unit" if n == 1 else f"{n} units")
            if parts or line["explicit"]:
                label = " · ".join(parts) or "declared"
                label = label.replace("1 people", "1 person")
                yield Arrow(renamed.get(flow["from"], flow["from"]), flow["to"], label)


def edge_between(drawing: Drawing, tail: str, head: str, lineage: bool = True) -> Edge:
    """The lineage arrow (or the tree's line) from one unit's box to another's."""
    name = f"{node_id('u', tail)}->{node_id('u', head)}"
    found = [e for e in drawing.edges if e.name == name and (e.stroke == LINEAGE) == lineage]
    assert len(found) == 1, f"{len(found)} edges {tail} → {head}"
    return found[0]


def label_box(text: Text) -> Rect:
    """Where a drawn text lies, whatever its anchor."""
    width = text_width(text.text, bold=text.bold, size=text.size)
    left = text.x - {"start": 0.0, "end": width}.get(text.anchor, width / 2)
    return Rect(left, text.y - text.size, left + width, text.y + text.size * 0.3)


def distance_to_path(path: tuple[tuple[float, float], ...], box: Rect) -> float:
    """How near the polyline comes to the box (0 when it runs into it)."""
    best = float("inf")
    for (x1, y1), (x2, y2) in itertools.pairwise(path):
        steps = max(1, int(abs(x2 - x1) + abs(y2 - y1)) // 2)
        for i in range(steps + 1):
            x, y = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
            dx = max(box.left - x, 0.0, x - box.right)
            dy = max(box.top - y, 0.0, y - box.bottom)
            best = min(best, (dx * dx + dy * dy) ** 0.5)
    return best


# -- every case of tests/cases/diff ---------------------------------------------------------


@pytest.mark.parametrize("case", DIFF_CASES)
def test_every_changed_unit_is_drawn(case: str) -> None:
    drawn = units_drawn(picture(case))
    changed = {u["id"] for u in report(case)["units"]}
    changed |= {u for line in report(case)["lineage"] for u in line["to"]}
    assert changed <= set(drawn), sorted(changed - set(drawn))


@pytest.mark.parametrize("case", DIFF_CASES)
def test_each_lineage_arrow_carries_the_reports_counts(case: str) -> None:
    drawing = picture(case)
    for arrow in lineage_arrows(case):
        edge = edge_between(drawing, arrow.source, arrow.target)
        assert [t.text for t in edge.texts] == [arrow.label], (arrow, edge.texts)
        # beside its own line, not somewhere in the picture
        assert distance_to_path(edge.points, label_box(edge.texts[0])) < 8, arrow


@pytest.mark.parametrize("case", DIFF_CASES)
def test_box_counts_add_up_with_the_report(case: str) -> None:
    """A removed team had exactly the people the report sends elsewhere: its lineage arrows'
    people, who left it, who moved out of it and who lost their membership of it; a new unit
    has at least the people arrows bring it."""
    drawing = picture(case)
    data = report(case)
    before, _ = structures(case)
    removed = {u["id"] for u in data["units"] if u["change"] == "removed"}
    added = {u["id"] for u in data["units"] if u["change"] == "added"}
    out: dict[str, set[str]] = {}
    into: dict[str, set[str]] = {}
    for line in data["lineage"]:
        for flow in line["flows"]:
            out.setdefault(flow["from"], set()).update(flow["people"])
            into.setdefault(flow["to"], set()).update(flow["people"])
    for person in data["people"]:
        fields = person["fields"]
        was_in = set(fields.get("memberships", [[], []])[0]) - set(
            fields.get("memberships", [[], []])[1]
        )
        if "unit" in fields and fields["unit"][0]:
            was_in.add(fields["unit"][0])
        for unit in was_in:
            out.setdefault(unit, set()).add(person["id"])
    for unit in removed:
        if before.children[unit]:
            continue  # it counts its subtree's people, which stay in the moved child units
        had, _ = count_on(drawing, unit)
        assert had == len(out.get(unit, ())), unit
    for unit in added & set(into):
        _, has = count_on(drawing, unit)
        assert has is not None and has >= len(into[unit]), unit


@pytest.mark.parametrize("case", DIFF_CASES)
def test_the_picture_reads_as_a_page(case: str) -> None:
    drawing = picture(case)
    boxes = cards(drawing)
    frames = {n.id: n.box for n in drawing.nodes if n.id in ("title", "legend") and n.box}
    assert overlaps({**boxes, **frames}) == []
    assert aspect_ratio(drawing) <= MOST_ASPECT
    assert largest_row(boxes.values()) <= MOST_IN_A_ROW
    # labels lie on no box
    for edge in drawing.edges:
        for text in edge.texts:
            inside = [i for i, b in boxes.items() if b.intersects(label_box(text))]
            assert inside == [], (edge.name, text.text, inside)


@pytest.mark.parametrize("case", DIFF_CASES)
@pytest.mark.parametrize("level", ["units", "people"])
def test_boxes_speak_plain_words(case: str, level: Level) -> None:
    """No field dumps: "unit: qianwen → pre-training" and `vacant: true → false` are what the
    text report says; a box says "from Qianwen" and "hired: Bo Li"."""
    drawing = picture(case, level)
    dump = re.compile(r"\b(unit|name|vacant|manager|memberships|parent|id|lead|home): ")
    quoted = re.compile(r"\"|\(none\)")
    for node in drawing.nodes:
        if node.id.split("-")[0] not in ("unit", "person", "folded"):
            continue
        for text in node.texts:
            assert not dump.search(text.text) or text.text.startswith("lead: "), text.text
            assert not quoted.search(text.text), text.text


@pytest.mark.parametrize("case", DIFF_CASES)
def test_the_people_level_keeps_rows_short(case: str) -> None:
    drawing = picture(case, "people")
    boxes = cards(drawing)
    frames = {n.id: n.box for n in drawing.nodes if n.id in ("title", "legend") and n.box}
    assert largest_row(boxes.values()) <= MOST_IN_A_ROW
    assert overlaps({**boxes, **frames}) == []
    assert aspect_ratio(drawing) <= MOST_ASPECT


# -- the real reorganisations -----------------------------------------------------------------


def test_a_four_unit_merge_in_a_big_org_is_a_small_picture() -> None:
    """The Rust embedded merge changes 4 of 116 units: 25 boxes at most, the rest folded."""
    drawing = picture("rust-embedded-arm-merge-2025")
    boxes = cards(drawing)
    assert len(boxes) <= 25
    assert any(i.startswith("folded-") for i in boxes)
    assert words(drawing, "wg-embedded-cortex-m").count("had 4 people") == 1
    title = next(n for n in drawing.nodes if n.id == "title")
    assert any("2025-02-25 → 2025-02-25" in t.text for t in title.texts)


def test_the_qianwen_picture_names_who_left_and_who_joined() -> None:
    drawing = picture("qianwen-example")
    text = " ".join(t.text for n in drawing.nodes for t in n.texts)
    assert "left: Lin Junyang (lead)" in words(drawing, "qianwen")
    assert "joined: Zhou Hao (lead)" in words(drawing, "post-training")
    assert "2025-12-31 → 2026-03-05" in text


def test_lineage_places_no_box() -> None:
    """Each new unit hangs from its real parent, not under the unit it came from; in `dot`'s own
    layout a lineage edge does not rank its head."""
    drawing = picture("qianwen-example")
    for team in ("pre-training", "post-training", "multimodal", "ai-infra"):
        tree_line = edge_between(drawing, "tongyi-lab", team, lineage=False)
        assert not tree_line.texts
        qianwen, new = units_drawn(drawing)["qianwen"], units_drawn(drawing)[team]
        assert abs(qianwen.top - new.top) < 1  # siblings, in one row
    before, after = inputs("qianwen-example")
    dot = run_cli("diff", str(before), str(after), "--format", "dot", "--layout", "dot")
    lineage = [line for line in dot.stdout.splitlines() if "#0072B2" in line and "->" in line]
    assert lineage and all(
        'constraint="false"' in line or "constraint=false" in line for line in lineage
    )


def _org(name: str, platform: list[str], infra: list[str]) -> str:
    teams = {"platform": platform, "infra": infra, "data": ["dana"], "web": ["wes"]}
    people = ["boss", *platform, *infra, "dana", "wes"]
    lines = ["orgmodel: 1", f"name: {name}", "people:"]
    lines += [f"- id: {p}\n  name: {p.title()}" for p in people]
    lines += ["units:", "- id: co", "  name: Co", "  lead: boss", "  units:"]
    for team, members in teams.items():
        lines += [f"  - id: {team}", f"    name: {team.title()}", "    members:"]
        lines += [f"    - {m}" for m in members]
    return "\n".join(lines) + "\n"


def test_a_people_only_diff_shows_the_units_they_left_and_joined(tmp_path: Path) -> None:
    """No unit changed, two people moved from Platform to Infra: the picture is those two
    teams under Co, with the unchanged teams folded and the two named on Infra."""
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(_org("Before", ["ann", "bob", "cy"], ["ida"]), encoding="utf-8")
    after.write_text(_org("After", ["cy"], ["ida", "ann", "bob"]), encoding="utf-8")
    out = tmp_path / "moves.svg"
    run = run_cli("diff", str(before), str(after), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    drawing = parse_svg(out.read_bytes())
    assert set(units_drawn(drawing)) == {"co", "platform", "infra"}
    assert "from Platform: Ann, Bob" in words(drawing, "infra")
    assert "to Infra: Ann, Bob" in words(drawing, "platform")
    folded = [n for n in drawing.nodes if n.id.startswith("folded-")]
    assert [t.text for n in folded for t in n.texts] == ["2 unchanged units · 2 people"]


def test_a_filled_vacancy_says_who_was_hired() -> None:
    data = report("vacancy-filled")
    hired = next(p for p in data["people"] if p["change"] == "filled")
    units = units_drawn(picture("vacancy-filled"))
    text = " ".join(words(picture("vacancy-filled"), u) for u in units)
    assert f"hired: {hired['label']}" in text


# -- focus options ----------------------------------------------------------------------------


def test_context_and_full_draw_more_and_everything() -> None:
    case = "rust-embedded-arm-merge-2025"
    before, after = structures(case)
    focused = set(units_drawn(picture(case)))
    wider = set(units_drawn(picture(case, focus=Focus(context=1))))
    full = set(units_drawn(picture(case, focus=Focus(full=True))))
    union = set(after.units) | set(before.units)
    assert focused < wider < full == union
    assert not any(n.id.startswith("folded-") for n in picture(case, focus=Focus(full=True)).nodes)


def test_root_and_depth_limit_the_picture(tmp_path: Path) -> None:
    before, after = inputs("rust-embedded-arm-merge-2025")
    out = tmp_path / "part.svg"
    run = run_cli("diff", str(before), str(after), "--root", "wg-embedded", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    drawn = set(units_drawn(parse_svg(out.read_bytes())))
    assert "wg-embedded" in drawn and "launching-pad" not in drawn
    run = run_cli("diff", str(before), str(after), "--depth", "1", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    shallow = parse_svg(out.read_bytes())
    assert "wg-embedded-arm" not in units_drawn(shallow)
    assert any(
        "changed" in t.text for n in shallow.nodes for t in n.texts if n.id.startswith("folded")
    )


def test_an_unknown_root_is_a_usage_error(tmp_path: Path) -> None:
    before, after = inputs("rust-embedded-arm-merge-2025")
    out = tmp_path / "part.svg"
    run = run_cli("diff", str(before), str(after), "--root", "wg-embeded", "-o", str(out))
    assert run.exit_code == 2
    assert "--root: no unit 'wg-embeded'" in run.stderr and "wg-embedded" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("case", DIFF_CASES)
@pytest.mark.parametrize("level", ["units", "people"])
def test_the_legend_shows_exactly_the_styles_drawn(case: str, level: Level) -> None:
    before, after = structures(case)
    result = diff_structures(before, after)
    graph = diff_graph(result, before, after, ChartOptions(level=level))
    fills = {n.fill for n in graph.nodes if n.fill}
    assert {e.fill for e in graph.legend if e.fill} == fills
    kinds = {e.kind for e in graph.edges} - {"unit", "reports", "overlay", "assistant"}
    assert {e.edge for e in graph.legend if e.edge} == kinds
    boxes = {e.box for e in graph.legend if e.box}
    assert ("overlay" in boxes) == any(n.kind == "overlay" for n in graph.nodes)
    assert ("vacancy" in boxes) == any(n.kind == "vacancy" for n in graph.nodes)
    assert graph.caption is not None
    for side in (result.before, result.after):
        assert (side.as_of or "undated") in graph.caption


@pytest.mark.parametrize("case", ["qianwen-example", "rust-libs-restructure-2021"])
def test_graphvizs_own_layout_stacks_leaf_reports_as_render_does(case: str) -> None:
    """`--layout dot` would set every report in one row: leaf reports are rows of a stacked
    box instead (Qianwen's 29 reports of one manager were 29 boxes side by side)."""
    before, after = structures(case)
    options = ChartOptions(level="people", layout="dot")
    graph = diff_graph(diff_structures(before, after), before, after, options)
    stacks = [n for n in graph.nodes if n.kind == "stack"]
    assert stacks and all(len(n.rows) > 4 for n in stacks)
    drawing = parse_svg(render_graph(graph, Format.svg, PROGRAM, layout="dot"))
    assert largest_row(cards(drawing).values(), tol=20) <= MOST_IN_A_ROW
    stacked = {row.element_id for n in stacks for row in n.rows}
    boxed = {n.element_id for n in graph.nodes if n.kind in ("person", "vacancy")}
    assert not stacked & boxed  # each person once


def test_a_unit_names_a_handful_and_counts_the_rest() -> None:
    lines = named([("left", ["Ann (lead)", "Bob", "Cy"]), ("joined", ["Di", "Ed", "Flo", "Gus"])])
    assert lines == ["left: Ann (lead), Bob, Cy", "joined: Di, Ed", "+ 2 more"]
    assert named([("left", ["Ann"])]) == ["left: Ann"]


def test_picture_options_on_a_text_report_are_a_usage_error() -> None:
    before, after = inputs("qianwen-example")
    run = run_cli("diff", str(before), str(after), "--root", "qianwen", "--context", "1")
    assert run.exit_code == 2
    assert run.stderr.startswith("orgmodel: --root, --context: only a picture is drawn in part")

    page = run_cli("diff", str(before), str(after), "--full", "--format", "html")
    assert page.exit_code == 2 and page.stderr.startswith("orgmodel: --full: only a picture")
