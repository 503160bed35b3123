"""The charts issue 12 must show, measured in the SVG the installed `orgmodel render` writes with
the system `dot`: for the example, real-world and generated orgs, at people and unit level, the
drawing is at most 3:1, no parent's reports share a row of more than 12, no two cards overlap,
and every connector starts and ends on a card's border. Then siblings in the order of the file,
and names in Chinese, Japanese, Korean, Arabic and Cyrillic inside their cards in SVG and PNG.

Each org is drawn once per level (a module-scoped cache) and every check reads that drawing."""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from svgmeasure import (
    Drawing,
    Edge,
    Node,
    Point,
    Rect,
    aspect_ratio,
    largest_row,
    on_border,
    overlaps,
    parse_svg,
    rows,
)

from orgmodel.graph.model import element_id
from orgmodel.layout.measure import text_width
from orgmodel.pipeline import load_org
from orgmodel.render.positioned import EDGE_COLOR

from conftest import CASES, REALWORLD, REPO, needs_cjk_font, run_cli

sys.path.insert(0, str(REPO / "bench"))
import orggen

DOT = shutil.which("dot")
ORGMODEL = Path(sys.executable).with_name("orgmodel")  # the installed console script
pytestmark = pytest.mark.skipif(DOT is None, reason="Graphviz's dot is not installed")

MOST_ASPECT = 3.0
MOST_IN_ROW = 12
ROW_TOLERANCE = 1.0  # cards whose tops differ by at most this share a row
BORDER_TOLERANCE = 1.5  # how far a connector's end may lie from its card's outline
OVERLAP_TOLERANCE = 0.5

# Cards are the nodes drawn for people, units, collapsed subtrees and stacks; everything else
# the renderer draws as a node is one of these (the layout's corner anchors, the title block,
# the legend's frame, heading, samples and words).
CARD_PREFIXES = ("person-", "unit-", "collapsed-", "reports-")
NOT_CARDS = ("corner_top_left", "corner_bottom_right", "title", "legend")

GITLAB_CSV = REALWORLD / "gitlab-2022" / "team_members.csv"
GITLAB_ARGS = [
    *("--map", "slug=id", "--map", "reports_to=manager", "--map", "role=title"),
    *("--map", "departments=unit_path", "--map", "type=attrs.type"),
]  # as tests/test_convert.py converts it
BACKSTAGE = REALWORLD / "backstage-acme"
RUST = CASES / "diff"  # the Rust project's teams before and after each change
GENERATED = (1000, 5000, 20000)

ORGS = (
    "qianwen-2025",
    "qianwen-2026",
    "rust-libs-merge-2026",
    "rust-libs-restructure-2021",
    "gitlab-2022",
    "backstage-acme",
    *(f"generated-{n}" for n in GENERATED),
)
LEVELS = ("people", "units")
CASES_ = [pytest.param(org, level, id=f"{org}-{level}") for org in ORGS for level in LEVELS]


# -- the orgs, each written once a module ---------------------------------------------------


class Orgs:
    """The org files by name: those in the repository as they are, the converted and
    generated ones written into a temporary directory the first time they are asked for."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.made: dict[str, Path] = {
            "qianwen-2025": REPO / "orgs" / "qianwen-2025.yaml",
            "qianwen-2026": REPO / "orgs" / "qianwen-2026.yaml",
            "rust-libs-merge-2026": RUST / "rust-libs-merge-2026" / "after.yaml",
            "rust-libs-restructure-2021": RUST / "rust-libs-restructure-2021" / "after.yaml",
        }

    def __getitem__(self, name: str) -> Path:
        if name not in self.made:
            self.made[name] = self._make(name)
        return self.made[name]

    def _make(self, name: str) -> Path:
        out = self.workdir / f"{name}.yaml"
        if name == "gitlab-2022":
            _convert(str(GITLAB_CSV), *GITLAB_ARGS, "-o", str(out))
        elif name == "backstage-acme":
            _convert(str(BACKSTAGE), "--from", "backstage", "-o", str(out))
        elif name.startswith("generated-"):
            people = int(name.removeprefix("generated-"))
            out = orggen.write_all(orggen.generate(people), self.workdir / name)["yaml"]
        else:
            raise KeyError(name)
        return out


def _convert(*args: str) -> None:
    run = run_cli("convert", *args)
    assert run.exit_code == 0, run.stderr


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> Orgs:
    return Orgs(tmp_path_factory.mktemp("orgs"))


# -- a drawing and what is measured in it ---------------------------------------------------


@dataclass
class Chart:
    """One org drawn at one level: the SVG measured, its cards by node name (the DOT id each
    `<title>` carries), and the reporting lines as parent → children."""

    svg: bytes
    drawing: Drawing
    seconds: float  # the `orgmodel render` run, start to end
    cards: dict[str, Node]
    children: dict[str, list[str]]  # parent card → the cards its reporting connectors reach
    connectors: list[Edge]  # every edge between two cards (the legend's samples left out)
    _outlines: dict[str, list[Rect]] | None = field(default=None, repr=False)

    def outlines(self, name: str) -> list[Rect]:
        """Each outline the node draws: one box for a card, two for a double-bordered one (the
        connector reaches the inner), read from the SVG the first time one is asked for."""
        if self._outlines is None:
            self._outlines = _node_outlines(self.svg)
        return self._outlines.get(name, [])


def _is_reporting(edge: Edge) -> bool:
    """A reporting line (a manager's to a report, a unit's to a child unit): solid, thin and in
    the connectors' colour; dotted lines, assistants, overlays and team interactions are
    dashed, bold or coloured."""
    return not edge.dashed and edge.stroke == EDGE_COLOR.lower() and edge.width == 1.0


def _is_card(node: Node) -> bool:
    return node.id.startswith(CARD_PREFIXES)


def _is_decoration(name: str) -> bool:
    return name in NOT_CARDS or name.startswith("legend_")


def chart_of(svg: bytes, seconds: float) -> Chart:
    drawing = parse_svg(svg)
    strays = [n.id for n in drawing.nodes if not _is_card(n) and not _is_decoration(n.name)]
    assert not strays, f"nodes that are neither cards nor decoration: {strays[:5]}"
    cards = {n.name: n for n in drawing.nodes if _is_card(n)}
    assert all(n.box is not None for n in cards.values())
    children: dict[str, list[str]] = defaultdict(list)
    connectors = []
    for edge in drawing.edges:
        tail, head = edge.name.split("->")
        if _is_decoration(tail) and _is_decoration(head):
            continue  # a legend's line sample
        assert tail in cards and head in cards, f"edge {edge.name} does not join two cards"
        connectors.append(edge)
        if _is_reporting(edge):
            children[tail].append(head)
    return Chart(svg, drawing, seconds, cards, dict(children), connectors)


def render(path: Path, level: str, out: Path) -> Chart:
    """`orgmodel render PATH --level LEVEL -o OUT.svg`, run as a user runs it."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(ORGMODEL), "render", str(path), "--level", level, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    return chart_of(out.read_bytes(), seconds)


@pytest.fixture(scope="module")
def charts(orgs: Orgs, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Chart]:
    """Each (org, level) drawn the first time a test asks for it."""
    drawn: dict[tuple[str, str], Chart] = {}
    out = tmp_path_factory.mktemp("charts")

    def chart(org: str, level: str) -> Chart:
        if (org, level) not in drawn:
            drawn[org, level] = render(orgs[org], level, out / f"{org}-{level}.svg")
        return drawn[org, level]

    return chart


# -- the measures ----------------------------------------------------------------------------


def sibling_rows(chart: Chart) -> Iterator[tuple[str, list[Rect]]]:
    """Each parent card's children grouped in rows (same top within ROW_TOLERANCE)."""
    for parent, heads in chart.children.items():
        boxes = [_box(chart.cards[h]) for h in heads]
        for row in rows(boxes, ROW_TOLERANCE):
            yield parent, row


def largest_sibling_row(chart: Chart) -> tuple[int, str | None]:
    """The most children of one parent sharing a row, and that parent's SVG id."""
    best: tuple[int, str | None] = (0, None)
    for parent, row in sibling_rows(chart):
        if len(row) > best[0]:
            best = (len(row), chart.cards[parent].id)
    return best


def largest_top_level_row(chart: Chart) -> int:
    """The most cards with no reporting line into them (a forest's roots) sharing a row."""
    reached = {h for heads in chart.children.values() for h in heads}
    return largest_row(
        (_box(n) for name, n in chart.cards.items() if name not in reached), ROW_TOLERANCE
    )


def card_overlaps(chart: Chart) -> list[tuple[str, str]]:
    return overlaps({n.id: _box(n) for n in chart.cards.values()}, OVERLAP_TOLERANCE)


def tip(edge: Edge, at_end: bool) -> Point:
    """Where the connector really ends: the tip of the arrowhead drawn at that end (of its
    vertices, the one farthest from where the line stops), or the line's own end. Graphviz's
    arrowhead runs from the line's end to the border, whatever way the line came: a last leg
    exactly an arrow long leaves the line's last segment empty, so its direction says nothing
    (svgmeasure's `Edge.end` follows the previous segment then)."""
    point = edge.path[-1] if at_end else edge.path[0]
    other = edge.path[0] if at_end else edge.path[-1]
    for head in edge.arrowheads:
        near = min(_distance(point, p) for p in head)
        if near <= min(_distance(other, p) for p in head):
            return max(head, key=lambda p: _distance(point, p))
    return point


def off_border(chart: Chart) -> list[str]:
    """Each connector whose start is not on its tail card's outline or whose end (the arrow's
    tip) is not on its head card's, with where it ends."""
    found = []
    for edge in chart.connectors:
        tail, head = edge.name.split("->")
        start, end = tip(edge, at_end=False), tip(edge, at_end=True)
        if not _touches(chart, tail, start):
            found.append(f"{chart.cards[tail].id} -> {chart.cards[head].id}: starts at {start}")
        if not _touches(chart, head, end):
            found.append(f"{chart.cards[tail].id} -> {chart.cards[head].id}: ends at {end}")
    return found


def _touches(chart: Chart, name: str, point: Point) -> bool:
    if on_border(point, _box(chart.cards[name]), BORDER_TOLERANCE):
        return True
    return any(on_border(point, box, BORDER_TOLERANCE) for box in chart.outlines(name))


def _node_outlines(svg: bytes) -> dict[str, list[Rect]]:
    """Every node's outlines, one box per shape it draws, by node name (svgmeasure's `Node`
    keeps only the box around them all)."""
    from svgmeasure import SVG, _points, _rect, _title, _Transform

    root = ET.fromstring(svg)
    graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
    at = _Transform(graph.get("transform", ""))
    found: dict[str, list[Rect]] = {}
    for group in graph.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        shapes = [e for e in group.iter() if e.tag in (f"{SVG}polygon", f"{SVG}path")]
        boxes = [_rect(_points(e, at)) for e in shapes]
        found[_title(group)] = [b for b in boxes if b is not None]
    return found


def _box(node: Node) -> Rect:
    assert node.box is not None, node.id
    return node.box


def _distance(a: Point, b: Point) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


# -- the charts the issue must show ----------------------------------------------------------


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_every_person_or_unit_is_one_card_and_every_reporting_line_one_connector(
    org: str, level: str, orgs: Orgs, charts: Callable[[str, str], Chart]
) -> None:
    """What the other checks measure is the whole org: a card per person (or unit), a
    reporting connector per line in the file, and nothing else drawn as one."""
    chart = charts(org, level)
    s = load_org(str(orgs[org])).structure
    ids = {n.id for n in chart.cards.values()}
    drawn = {(chart.cards[t].id, chart.cards[h].id) for t, hs in chart.children.items() for h in hs}
    if level == "people":
        assert ids == {element_id("person", p) for p in s.people}
        lines = {
            (element_id("person", m), element_id("person", p)) for p, m in s.manager.items() if m
        }
    else:
        assert ids == {element_id("unit", u) for u in s.units}
        lines = {
            (element_id("unit", u), element_id("unit", c))
            for u, cs in s.children.items()
            for c in cs
        }
    assert drawn == lines


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_the_chart_is_at_most_three_times_as_long_as_it_is_wide(
    org: str, level: str, charts: Callable[[str, str], Chart]
) -> None:
    chart = charts(org, level)
    d = chart.drawing
    assert aspect_ratio(d) <= MOST_ASPECT, f"{d.width:.0f} × {d.height:.0f} pt"


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_no_row_of_siblings_holds_more_than_twelve_cards(
    org: str, level: str, charts: Callable[[str, str], Chart]
) -> None:
    most, parent = largest_sibling_row(charts(org, level))
    assert most <= MOST_IN_ROW, f"{most} reports of {parent} in one row"


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_no_row_of_top_level_cards_holds_more_than_twelve(
    org: str, level: str, charts: Callable[[str, str], Chart]
) -> None:
    """A forest (people whose managers the file lacks, units with no parent) is packed in rows
    grouped by unit; the groups side by side still make one row of cards."""
    most = largest_top_level_row(charts(org, level))
    assert most <= MOST_IN_ROW, f"{most} top-level cards in one row"


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_no_two_cards_overlap(org: str, level: str, charts: Callable[[str, str], Chart]) -> None:
    found = card_overlaps(charts(org, level))
    assert not found, f"{len(found)} overlapping pairs: {found[:5]}"


@pytest.mark.parametrize(("org", "level"), CASES_)
def test_every_connector_starts_and_ends_on_a_cards_border(
    org: str, level: str, charts: Callable[[str, str], Chart]
) -> None:
    chart = charts(org, level)
    found = off_border(chart)
    assert not found, f"{len(found)} of {len(chart.connectors)} connectors: {found[:5]}"


# -- the checks check what they say --------------------------------------------------------


def _svg(nodes: str, edges: str = "") -> bytes:
    """A hand-written SVG shaped as `dot` writes one (y down, no offset)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
        '<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(0 0)">'
        f"<title>g</title>{nodes}{edges}</g></svg>"
    ).encode()


def _card(name: str, left: float, top: float, w: float = 20, h: float = 30) -> str:
    right, bottom = left + w, top + h
    return (
        f'<g id="person-{name}" class="node"><title>{name}</title>'
        f'<polygon points="{left},{top} {right},{top} {right},{bottom} {left},{bottom}"/></g>'
    )


def _line(
    tail: str, head: str, points: Sequence[Point], arrow: Sequence[Point] = (), dashed: bool = False
) -> str:
    """An edge drawn as `dot` draws a polyline: a B-spline whose every segment is a, b, b."""
    spline = [points[0], *(p for a, b in pairwise(points) for p in (a, b, b))]
    d = "M" + " ".join(f"{x},{y}" for x, y in spline[:1]) + "C"
    d += " ".join(f"{x},{y}" for x, y in spline[1:])
    dash = ' stroke-dasharray="5,2"' if dashed else ""
    head_ = f'<polygon points="{" ".join(f"{x},{y}" for x, y in arrow)}"/>' if arrow else ""
    return (
        f'<g class="edge"><title>{tail}&#45;&gt;{head}</title>'
        f'<path fill="none" stroke="{EDGE_COLOR}"{dash} d="{d}"/>{head_}</g>'
    )


def test_the_measures_find_what_they_look_for() -> None:
    # A parent over 13 children in one row, the first two overlapping, a dashed line that
    # stops short of its card, and a connector whose last leg is exactly its arrowhead, drawn
    # up into a card's bottom from a bus below the row: the arrow's tip, not the direction of
    # the line's last non-empty segment, is where it ends.
    lefts = [10, 25, *(60 + 25 * i for i in range(11))]
    nodes = _card("p", 10, 10, w=60)
    edges = ""
    for i, left in enumerate(lefts):
        nodes += _card(f"c{i}", left, 100)
        edges += _line("p", f"c{i}", [(40, 40), (40, 70), (left + 10, 70), (left + 10, 100)])
    edges += _line("p", "c5", [(40, 40), (40, 90)], dashed=True)
    x12, x7 = lefts[12] + 10, lefts[7] + 10
    edges += _line(
        "c12", "c7", [(x12, 130), (x12, 136), (x7, 136), (x7, 136)],
        arrow=[(x7 - 2, 136), (x7, 130), (x7 + 2, 136), (x7 - 2, 136)],
    )  # fmt: skip
    chart = chart_of(_svg(nodes, edges), 0.0)
    assert largest_sibling_row(chart) == (13, "person-p")
    assert card_overlaps(chart) == [("person-c0", "person-c1")]
    assert off_border(chart) == ["person-p -> person-c5: ends at (40.0, 90.0)"]
    assert tip(chart.connectors[-1], at_end=True) == (x7, 130)


# -- siblings in file order -------------------------------------------------------------------


def _shuffled_people(rng: random.Random, prefix: str, count: int) -> list[tuple[str, str]]:
    """(id, name) pairs in a file order that neither their ids nor their names sort to."""
    ids = [f"{prefix}{i:02d}" for i in range(count)]
    names = [f"{chr(ord('A') + i % 26)}{prefix.upper()} person {i}" for i in range(count)]
    rng.shuffle(ids)
    rng.shuffle(names)
    assert ids != sorted(ids) and names != sorted(names)
    people = list(zip(ids, names, strict=True))
    assert people != sorted(people, key=lambda p: p[1])
    return people


def _reading_order(chart: Chart, names: Sequence[str]) -> list[str]:
    """The cards of `names` (node names) as one reads them: rows top to bottom (same top within
    ROW_TOLERANCE), each left to right."""
    by_box = {id(_box(chart.cards[n])): n for n in names}
    return [by_box[id(box)] for row in rows([_box(chart.cards[n]) for n in names]) for box in row]


def test_siblings_are_drawn_in_the_order_of_the_file(tmp_path: Path) -> None:
    # A boss over four managers (a row of subtrees) and one manager with 5 leaf reports (a
    # column) and one with 30 (a grid); and at unit level, units in the same kind of order.
    rng = random.Random(12)
    managers = _shuffled_people(rng, "m", 4)
    column = _shuffled_people(rng, "c", 5)
    grid = _shuffled_people(rng, "g", 30)
    people = [{"id": "boss", "name": "Boss", "title": "CEO"}]
    people += [{"id": i, "name": n, "title": "Manager", "manager": "boss"} for i, n in managers]
    people += [
        {"id": i, "name": n, "title": "Engineer", "manager": managers[0][0]} for i, n in column
    ]
    people += [
        {"id": i, "name": n, "title": "Engineer", "manager": managers[1][0]} for i, n in grid
    ]
    for m, _ in managers[2:]:
        people.append(
            {"id": f"{m}-report", "name": f"Report of {m}", "title": "Engineer", "manager": m}
        )
    unit_order = _shuffled_people(rng, "u", 4)
    units = [
        {
            "id": i,
            "name": n,
            "lead": m,
            "members": [p["id"] for p in people if p.get("manager") == m],
        }
        for (i, n), (m, _) in zip(unit_order, managers, strict=True)
    ]
    org = {
        "orgmodel": 1,
        "name": "Order",
        "people": people,
        "units": [{"id": "company", "name": "Company", "lead": "boss", "units": units}],
    }
    path = tmp_path / "order.yaml"
    path.write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")

    chart = render(path, "people", tmp_path / "people.svg")
    by_id = {n.id: name for name, n in chart.cards.items()}

    def drawn(people: Sequence[tuple[str, str]]) -> list[str]:
        names = [by_id[element_id("person", i)] for i, _ in people]
        return [chart.cards[n].id for n in _reading_order(chart, names)]

    for group in (managers, column, grid):
        assert drawn(group) == [element_id("person", i) for i, _ in group]
    # the 30 are not one column: the reading order is tested across rows of several
    assert largest_row(_box(chart.cards[by_id[element_id("person", i)]]) for i, _ in grid) > 1

    chart = render(path, "units", tmp_path / "units.svg")
    by_id = {n.id: name for name, n in chart.cards.items()}
    names = [by_id[element_id("unit", i)] for i, _ in unit_order]
    assert [chart.cards[n].id for n in _reading_order(chart, names)] == [
        element_id("unit", i) for i, _ in unit_order
    ]


# -- names in every script inside their cards -------------------------------------------------

# (name, title) in Chinese, Japanese, Korean, Arabic and Russian; long titles wrap.
SCRIPT_PEOPLE = (
    ("周靖人", "通义实验室负责人，负责基础模型的研究与开发"),
    ("林俊旸", "通义千问技术负责人"),
    ("田中 太郎", "ソフトウェア技術者（プラットフォーム基盤チーム）"),
    ("佐藤 花子", "プロダクトマネージャー"),
    ("김민준", "플랫폼 팀장, 분산 학습 인프라 담당"),
    ("이서연", "연구원"),
    ("محمد عبد الله", "مهندس برمجيات أول في فريق البنية التحتية"),
    ("فاطمة الزهراء", "مديرة المنتج"),
    ("Александр Иванович Смирнов", "Ведущий инженер-программист отдела инфраструктуры"),
    ("Екатерина Петрова", "Руководитель группы"),
)
SCRIPT_UNITS = (
    "通义实验室",
    "基盤チーム",
    "플랫폼 팀",
    "فريق البنية التحتية",
    "Отдел инфраструктуры",
)


def _script_org() -> dict[str, object]:
    people = [
        {"id": f"p{i}", "name": name, "title": title}
        for i, (name, title) in enumerate(SCRIPT_PEOPLE)
    ]
    units: list[dict[str, object]] = [
        {
            "id": f"u{i}",
            "name": name,
            "lead": f"p{2 * i}",
            "members": [f"p{2 * i + 1}"],
        }
        for i, name in enumerate(SCRIPT_UNITS)
    ]
    units[0]["units"] = units[1:]
    return {
        "orgmodel": 1,
        "name": "多语言 · Многоязычная · متعدد",
        "people": people,
        "units": units[:1],
    }


def text_overflows(node: Node) -> list[str]:
    """Each text of the card whose extent (measure.text_width wide from its anchor, a font
    size from ascent to descent around its baseline) leaves the card's box."""
    box = _box(node)
    found = []
    for t in node.texts:
        width = text_width(t.text, bold=t.bold, size=t.size)
        left = {"start": t.x, "middle": t.x - width / 2, "end": t.x - width}[t.anchor]
        extent = Rect(left, t.y - 0.8 * t.size, left + width, t.y + 0.2 * t.size)
        inside = (
            extent.left >= box.left - 0.5
            and extent.right <= box.right + 0.5
            and extent.top >= box.top - 0.5
            and extent.bottom <= box.bottom + 0.5
        )
        if not inside:
            found.append(f"{node.id}: {t.text!r} at {extent} in {box}")
    return found


def _draw(source: str, fmt: str) -> subprocess.CompletedProcess[bytes]:
    assert DOT is not None
    return subprocess.run(
        [DOT, "-Kneato", "-n2", f"-T{fmt}"], input=source.encode(), capture_output=True, check=True
    )


@needs_cjk_font
@pytest.mark.parametrize("level", LEVELS)
def test_names_in_every_script_stay_inside_their_cards(level: str, tmp_path: Path) -> None:
    path = tmp_path / "scripts.yaml"
    path.write_text(yaml.safe_dump(_script_org(), allow_unicode=True, sort_keys=False), "utf-8")
    run = run_cli("render", str(path), "--level", level, "--format", "dot")
    assert run.exit_code == 0, run.stderr
    svg = _draw(run.stdout, "svg")
    png = _draw(run.stdout, "png")
    for drawn in (svg, png):
        assert b"too small" not in drawn.stderr, drawn.stderr.decode()
    chart = chart_of(svg.stdout, 0.0)
    shown = "".join(t.text for n in chart.cards.values() for t in n.texts)
    names = [name for name, _ in SCRIPT_PEOPLE] if level == "people" else list(SCRIPT_UNITS)
    for name in names:  # every name is drawn (wrapped, perhaps, but every character of it)
        assert all(c in shown for c in name if not c.isspace()), name
    found = [o for n in chart.cards.values() for o in text_overflows(n)]
    assert not found, found
    assert png.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png.stdout[16:24])
    d = chart.drawing  # the PNG is the same drawing at 96 dpi
    assert abs(width - d.width * 96 / 72) <= 2 and abs(height - d.height * 96 / 72) <= 2


def test_the_overflow_check_finds_a_name_wider_than_its_card() -> None:
    name = "Александр Иванович Смирнов"
    width = text_width(name, bold=True, size=14)
    box = f'<polygon points="0,10 {width - 4},10 {width - 4},40 0,40"/>'
    text = f'<text x="2" y="30" font-weight="bold" font-size="14.00">{name}</text>'
    svg = _svg(f'<g id="person-a" class="node"><title>a</title>{box}{text}</g>')
    node = parse_svg(svg).node("person-a")
    assert len(text_overflows(node)) == 1
