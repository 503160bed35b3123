"""What the chart graph says: siblings in file order or the `--sort` order, never by hash; cards
that carry only what tells the reader something; overlays under their parent; the title."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.formats.write import org_data
from orgmodel.graph.chart import build_graph
from orgmodel.graph.model import Graph, node_id
from orgmodel.graph.options import ChartOptions, SortKey
from orgmodel.metrics import people_under
from orgmodel.model import Org
from orgmodel.structure import derive

from conftest import run_cli, write


def org_of(
    people: Sequence[dict[str, Any]], units: Sequence[dict[str, Any]] = (), **extra: Any
) -> Org:
    return Org.model_validate(
        {"name": "Sorted", "people": list(people), "units": list(units), **extra}
    )


# Boss's reports are written Zed, Amy, Mia, Bob: not alphabetical, and their generated ids sort
# differently again. Zed has 2 people below, Mia and Bob 1 each, Amy none.
SIBLINGS = [
    {"id": "boss", "name": "Boss"},
    {"id": "zed", "name": "Zed", "manager": "boss"},
    {"id": "amy", "name": "Amy", "manager": "boss"},
    {"id": "mia", "name": "Mia", "manager": "boss"},
    {"id": "bob", "name": "Bob", "manager": "boss"},
    {"id": "z1", "name": "Z one", "manager": "zed"},
    {"id": "z2", "name": "Z two", "manager": "zed"},
    {"id": "m1", "name": "M one", "manager": "mia"},
    {"id": "b1", "name": "B one", "manager": "bob"},
]
FILE_ORDER = ["zed", "amy", "mia", "bob"]
BY_SORT: dict[SortKey, list[str]] = {
    "file": FILE_ORDER,
    "name": ["amy", "bob", "mia", "zed"],
    "headcount": ["zed", "mia", "bob", "amy"],  # Mia before Bob: a tie keeps file order
}


def reports_of(graph: Graph, manager: str) -> list[str]:
    """The heads of a node's reporting edges, in the graph's order, as person ids."""
    by_node = {node_id("p", pid): pid for pid in ["boss", *FILE_ORDER]}
    return [
        by_node[e.head]
        for e in graph.edges
        if e.tail == node_id("p", manager) and e.kind == "reports" and e.head in by_node
    ]


def test_the_ids_hashes_do_not_sort_in_file_order() -> None:
    hashed = sorted(FILE_ORDER, key=lambda pid: node_id("p", pid))
    assert hashed != FILE_ORDER and hashed != BY_SORT["name"]


def test_siblings_follow_the_file_or_the_sort() -> None:
    s = derive(org_of(SIBLINGS))
    for sort, expected in BY_SORT.items():
        graph = build_graph(s, ChartOptions(sort=sort, compact=False))
        assert reports_of(graph, "boss") == expected, sort
        # nodes in pre-order: the boss, then each report followed by those below them
        drawn = [n.element_id.removeprefix("person-") for n in graph.nodes]
        assert [p for p in drawn if p in FILE_ORDER] == expected
        assert drawn[0] == "boss" and drawn.index("z1") == drawn.index("zed") + 1


def test_sort_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path / "org.yaml", yaml.safe_dump({"name": "Sorted", "people": SIBLINGS}))
    for sort, expected in BY_SORT.items():
        # Graphviz's own layout keeps the graph's order: the DOT lists the edges in it.
        run = run_cli("render", str(path), "--sort", sort, "--format", "dot", "--layout", "dot")
        assert run.exit_code == 0, run.stderr
        edges = [line.split(" -> ")[1] for line in run.stdout.splitlines() if " -> " in line]
        heads = [node_id("p", pid) for pid in expected]
        assert [e.strip() for e in edges if e.strip() in heads] == heads, sort
    assert run_cli("render", str(path), "--sort", "size").exit_code == 2


def test_unit_siblings_follow_the_file_or_the_sort() -> None:
    people = [{"id": f"p{i}", "name": f"P{i}"} for i in range(6)]
    units = [
        {
            "id": "top",
            "name": "Top",
            "units": [
                {"id": "zeta", "name": "Zeta", "members": ["p0"]},
                {"id": "alpha", "name": "Alpha", "members": ["p1", "p2", "p3"]},
                {"id": "mu", "name": "Mu", "members": ["p4", "p5"]},
            ],
        }
    ]
    s = derive(org_of(people, units))
    expected: dict[SortKey, list[str]] = {
        "file": ["zeta", "alpha", "mu"],
        "name": ["alpha", "mu", "zeta"],
        "headcount": ["alpha", "mu", "zeta"],
    }
    assert sorted(expected["file"], key=lambda u: node_id("u", u)) != expected["file"]
    for sort, order in expected.items():
        graph = build_graph(s, ChartOptions(level="units", sort=sort))
        assert [n.element_id.removeprefix("unit-") for n in graph.nodes] == ["top", *order]
        assert [e.head for e in graph.edges] == [node_id("u", u) for u in order]


def test_the_same_org_gives_the_same_dot_for_every_sort(tmp_path: Path) -> None:
    path = write(tmp_path / "org.yaml", yaml.safe_dump({"name": "Sorted", "people": SIBLINGS}))
    for sort in BY_SORT:
        runs = {run_cli("render", str(path), "--sort", sort).stdout for _ in range(3)}
        assert len(runs) == 1


@st.composite
def reporting_trees(draw: st.DrawFn) -> list[dict[str, Any]]:
    """People written in a random order, each with a manager written anywhere in the file."""
    count = draw(st.integers(1, 30))
    managers = [None] + [draw(st.integers(0, i - 1)) for i in range(1, count)]
    order = draw(st.permutations(range(count)))
    names = draw(
        st.lists(st.text("abcXYZ", min_size=1, max_size=3), min_size=count, max_size=count)
    )
    return [
        {"id": f"x{i}", "name": names[i]}
        | ({"manager": f"x{managers[i]}"} if managers[i] is not None else {"manager": None})
        for i in order
    ]


@settings(max_examples=60, deadline=None)
@given(reporting_trees(), st.sampled_from(["file", "name", "headcount"]))
def test_every_manager_comes_before_their_reports_in_order(
    people: list[dict[str, Any]], sort: SortKey
) -> None:
    s = derive(org_of(people))
    graph = build_graph(s, ChartOptions(sort=sort, compact=False))
    position = {n.id: i for i, n in enumerate(graph.nodes)}
    assert len(position) == len(people)
    file_index = {p["id"]: i for i, p in enumerate(people)}
    name = {node_id("p", p["id"]): p["name"] for p in people}
    below = {node_id("p", pid): n for pid, n in people_under(s).items()}
    children: dict[str, list[str]] = {}
    for edge in graph.edges:
        assert position[edge.tail] < position[edge.head]
        children.setdefault(edge.tail, []).append(edge.head)
    ids = {node_id("p", p["id"]): p["id"] for p in people}
    for kids in children.values():
        if sort == "file":
            assert kids == sorted(kids, key=lambda k: file_index[ids[k]])
        elif sort == "name":
            assert kids == sorted(kids, key=lambda k: name[k].casefold())
        else:
            assert kids == sorted(kids, key=lambda k: (-below[k], file_index[ids[k]]))


# -- cards ------------------------------------------------------------------------------------


def _cards(graph: Graph) -> dict[str, list[str]]:
    return {n.element_id: [line.text for line in n.lines] for n in graph.nodes}


TEAMS = org_of(
    [
        {"id": "ceo", "name": "Chief", "title": "CEO"},
        {"id": "vp", "name": "Vee", "title": "VP"},
        {"id": "dev", "name": "Dev", "title": "Engineer"},
        {"id": "ops", "name": "Ops", "title": "Operator"},
        {"id": "open-a", "title": "Designer", "vacant": True},
        {"id": "open-b", "vacant": True},
        {"id": "solo", "name": "Solo"},
    ],
    [
        {
            "id": "co",
            "name": "Company",
            "kind": "company",
            "lead": "ceo",
            "members": ["ops"],
            "units": [
                {
                    "id": "eng",
                    "name": "Engineering",
                    "kind": "team",
                    "function": "engineering",
                    "lead": "vp",
                    "members": ["dev", "open-a", "open-b"],
                },
                {"id": "empty", "name": "Empty"},
                {"id": "board", "name": "Board", "overlay": True, "members": ["ceo", "vp"]},
            ],
        }
    ],
    as_of="2026-03-01",
)


def test_person_cards_say_only_what_tells() -> None:
    cards = _cards(build_graph(derive(TEAMS), ChartOptions(compact=False)))
    assert cards["person-ceo"] == ["Chief", "CEO", "Company", "5 people"]  # the top keeps its unit
    assert cards["person-vp"] == ["Vee", "VP", "Engineering", "3 people"]  # not the boss's unit
    assert cards["person-dev"] == ["Dev", "Engineer"]  # the manager's unit: said above
    assert cards["person-ops"] == ["Ops", "Operator"]
    assert cards["person-open-a"] == ["Open: Designer"]
    assert cards["person-open-b"] == ["Open position"]
    assert cards["person-solo"] == ["Solo"]  # no unit, no manager, no reports
    assert not any("in org" in line for lines in cards.values() for line in lines)


def test_unit_cards_say_only_what_tells() -> None:
    cards = _cards(build_graph(derive(TEAMS), ChartOptions(level="units")))
    assert cards["unit-co"] == ["Company", "company", "lead Chief", "6 people · 2 direct"]
    assert cards["unit-eng"] == ["Engineering", "team · engineering", "lead Vee", "4 people"]
    assert cards["unit-empty"] == ["Empty"]  # no "no lead", no "0 direct / 0 total"
    assert cards["unit-board"] == ["Board", "2 people"]


def test_a_unit_with_only_child_units_has_no_direct_count() -> None:
    units = [{"id": "top", "name": "Top", "units": [{"id": "t", "name": "T", "lead": "a"}]}]
    graph = build_graph(
        derive(org_of([{"id": "a", "name": "A"}], units)), ChartOptions(level="units")
    )
    assert _cards(graph)["unit-top"] == ["Top", "1 person"]


def test_the_title_names_the_org_the_root_and_the_date() -> None:
    s = derive(TEAMS)
    assert build_graph(s, ChartOptions()).title == "Sorted · as of 2026-03-01"
    rooted = build_graph(s, ChartOptions(level="units", root="eng"))
    assert rooted.title == "Sorted — Engineering · as of 2026-03-01"
    undated = derive(org_of([{"id": "a", "name": "A"}]))
    assert build_graph(undated, ChartOptions()).title == "Sorted"


def test_a_collapsed_branch_keeps_its_count() -> None:
    graph = build_graph(derive(TEAMS), ChartOptions(depth=1))
    collapsed = [n for n in graph.nodes if n.kind == "collapsed"]
    assert [line.text for n in collapsed for line in n.lines] == ["+4 people in 3 units"]


# -- overlays ---------------------------------------------------------------------------------


def test_an_overlay_with_a_parent_hangs_from_it() -> None:
    graph = build_graph(derive(TEAMS), ChartOptions(level="units"))
    overlay_edges = [(e.tail, e.head) for e in graph.edges if e.kind == "overlay"]
    assert overlay_edges == [(node_id("u", "co"), node_id("u", "board"))]
    assert not any(e.head == node_id("u", "board") and e.kind == "unit" for e in graph.edges)
    dot = run_cli_dot(TEAMS, "--level", "units")
    line = next(x for x in dot.splitlines() if f"-> {node_id('u', 'board')}" in x)
    assert "style=dashed" in line and "arrowhead=none" in line and "#777777" in line


def run_cli_dot(org: Org, *args: str) -> str:
    run = run_cli(
        "render",
        "-",
        "--input-format",
        "json",
        "--layout",
        "dot",
        *args,
        input=json.dumps(org_data(org)),
    )
    assert run.exit_code == 0, run.stderr
    return run.stdout
