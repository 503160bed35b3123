"""`stats`, `whatif` and policy gates: goldens on the example orgs, metrics checked against hand
counts and an independent computation, and what-if moves read back by the diff engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.diff import diff_structures
from orgmodel.metrics import org_metrics, org_stats, people_under, span_bands
from orgmodel.model import Org
from orgmodel.pipeline import load_org
from orgmodel.structure import derive
from orgmodel.whatif import Change, what_if

from conftest import CASES, REPO, Golden, run_cli, write

BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"


def test_stats_against_golden(golden: Golden) -> None:
    text = run_cli("stats", str(BEFORE), "--against", str(AFTER))
    assert text.exit_code == 0, text.stderr
    golden(CASES / "stats" / "qianwen-against" / "expected.txt", text.stdout)
    as_json = run_cli("stats", str(BEFORE), "--against", str(AFTER), "--format", "json")
    golden(CASES / "stats" / "qianwen-against" / "expected.json", as_json.stdout)
    document = json.loads(as_json.stdout)
    shapes = {s["unit"]: s["shape"] for s in document["before"]["shapes"]}
    assert shapes["tongyi-lab"] == "vertical"
    shapes = {s["unit"]: s["shape"] for s in document["after"]["shapes"]}
    assert shapes["tongyi-lab"] == "functional"
    assert document["change"]["span_max"] == -17
    markdown = run_cli("stats", str(BEFORE), "--against", str(AFTER), "--format", "markdown")
    assert "| span max | 26 | 9 | -17 |" in markdown.stdout


def test_whatif_the_technical_lead_leaves(golden: Golden) -> None:
    run = run_cli("whatif", str(BEFORE), "--remove", "lin-junyang")
    assert run.exit_code == 0, run.stderr
    golden(CASES / "whatif" / "remove-lin-junyang" / "expected.txt", run.stdout)
    assert "Units that lose their lead: qianwen" in run.stdout
    assert "    pretraining-researcher-1: lin-junyang → zhou-jingren" in run.stdout
    assert "zhou-jingren: 3 → 28" in run.stdout


SMALL = """\
name: Small
people:
  - {id: ceo, name: C}
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: a1, name: A1}
  - {id: a2, name: A2}
  - {id: a3, name: A3}
  - {id: b1, name: B1}
  - {id: open, title: Engineer, vacant: true}
units:
  - id: co
    name: Co
    kind: company
    lead: ceo
    units:
      - {id: ta, name: TA, kind: team, function: infra, lead: a, members: [a1, a2, a3, open]}
      - {id: tb, name: TB, kind: team, function: product, lead: b, members: [b1]}
      - {id: empty, name: Empty, kind: team}
"""


def test_metrics_by_hand(tmp_path: Path) -> None:
    s = load_org(str(write(tmp_path / "s.yaml", SMALL))).structure
    stats = org_stats(s)
    m = stats.metrics
    # ceo: a, b (2); a: a1 a2 a3 open (4); b: b1 (1)
    assert (m.headcount, m.filled, m.vacant, m.units, m.layers) == (8, 7, 1, 4, 3)
    assert (m.managers, m.span_min, m.span_median, m.span_mean, m.span_max) == (3, 1, 2, 2.33, 4)
    assert stats.span_bands == {"1": 1, "2–3": 1, "4–7": 1, "8–12": 0, "13–16": 0, "17+": 0}
    assert stats.manager_ratio == 2.67
    assert stats.one_report_managers == ("b",)
    assert stats.units_without_lead == ("empty",)
    assert stats.units_by_kind == {"company": 1, "team": 3}
    assert stats.units_by_function == {"(none)": 2, "infra": 1, "product": 1}
    [shape] = stats.shapes
    assert (shape.unit, shape.shape) == ("co", "mixed")  # 'empty' has no function
    assert [(k.person, k.under, k.leads) for k in stats.key_people] == [
        ("ceo", 7, 1),
        ("a", 4, 1),
        ("b", 1, 1),
    ]
    # co lists only its lead; in ta and tb nobody besides the lead manages anyone.
    assert stats.sole_leads == (("a", "ta"), ("b", "tb"))


@st.composite
def big_orgs(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 10k people in a random reporting tree, with explicit managers, in a few units."""
    size = draw(st.sampled_from([2, 57, 1_000, 10_000]))
    seed = draw(st.integers(0, 2**32 - 1))
    import random

    rng = random.Random(seed)
    people: list[dict[str, str]] = [{"id": "p0", "name": "P0"}]
    for i in range(1, size):
        people.append({"id": f"p{i}", "name": f"P{i}", "manager": f"p{rng.randrange(i)}"})
    units: list[dict[str, Any]] = [
        {"id": f"u{k}", "name": f"U{k}", "members": []} for k in range(5)
    ]
    for person in people:
        units[rng.randrange(5)]["members"].append(person["id"])
    return {"name": "big", "people": people, "units": units}


@settings(max_examples=15, deadline=None)
@given(big_orgs())
def test_metrics_agree_with_networkx(data: dict[str, Any]) -> None:
    s = derive(Org.model_validate(data))
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(p["id"] for p in data["people"])
    graph.add_edges_from((p["manager"], p["id"]) for p in data["people"] if "manager" in p)
    spans = [graph.out_degree(n) for n in graph.nodes if graph.out_degree(n)]
    depth = nx.shortest_path_length(graph, "p0")
    m = org_metrics(s)
    assert m.layers == max(depth.values()) + 1
    assert m.managers == len(spans) and m.span_max == max(spans, default=0)
    assert sorted(spans) == sorted(len(r) for r in s.reports.values() if r)
    under = people_under(s)
    for node in list(graph.nodes)[:200]:
        assert under[node] == len(nx.descendants(graph, node))
    assert sum(span_bands(spans).values()) == len(spans)


def test_whatif_move_then_diff_reports_exactly_that_move(tmp_path: Path) -> None:
    out = tmp_path / "moved.yaml"
    run = run_cli("whatif", str(AFTER), "--move", "infra-engineer-2=post-training", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    diff = json.loads(run_cli("diff", str(AFTER), str(out), "--format", "json").stdout)
    assert [(p["id"], p["change"], p["fields"]["unit"]) for p in diff["people"]] == [
        ("infra-engineer-2", "moved", ["ai-infra", "post-training"])
    ]
    assert diff["units"] == [] and diff["lineage"] == []


def test_whatif_vacate_and_remove_together() -> None:
    s = load_org(str(AFTER)).structure
    result = what_if(s, [Change("vacate", "zhou-hao"), Change("remove", "fan-yu")])
    people = {p.id: p.change for p in result.diff.people}
    assert people["fan-yu"] == "left"
    assert result.structure.people["zhou-hao"].vacant
    assert result.structure.manager["posttraining-researcher-1"] == "zhou-hao"
    assert result.org != s.org and load_org(str(AFTER)).org == s.org  # input untouched


def test_whatif_errors(tmp_path: Path) -> None:
    missing = run_cli("whatif", str(AFTER), "--remove", "zhou-ha")
    assert missing.exit_code == 2 and "did you mean 'zhou-hao'" in missing.stderr
    bad_unit = run_cli("whatif", str(AFTER), "--move", "zhou-hao=post-trainin")
    assert bad_unit.exit_code == 2 and "did you mean 'post-training'" in bad_unit.stderr
    nothing = run_cli("whatif", str(AFTER))
    assert nothing.exit_code == 2 and "--remove ID" in nothing.stderr
    same = run_cli("whatif", str(AFTER), "--remove", "fan-yu", "-o", str(AFTER))
    assert same.exit_code == 2 and "refusing to overwrite" in same.stderr


def test_policy_gates_on_validate(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", SMALL)
    assert run_cli("validate", str(path)).exit_code == 0
    run = run_cli("validate", str(path), "--max-span", "3", "--max-layers", "2",
                  "--require-leads", "--min-span", "2")  # fmt: skip
    assert run.exit_code == 1
    lines = [line.replace(str(path), "FILE") for line in run.stderr.splitlines()]
    assert "FILE:4:5: people[1]: 'a' has a span of control of 4, over the maximum of 3" in lines
    assert "FILE:5:5: people[2]: 'b' manages 1 person, under the minimum span of 2" in lines
    assert any("3 layers, over the maximum of 2 (ceo → a → a1)" in line for line in lines)
    assert any("units[0].units[2]: unit 'empty' has no lead" in line for line in lines)


def test_policy_from_pyproject(in_tmp: Path) -> None:
    write(in_tmp / "s.yaml", SMALL)
    write(in_tmp / "pyproject.toml", "[tool.orgmodel.policy]\nmax-span = 3\n")
    run = run_cli("validate", "s.yaml")
    assert run.exit_code == 1 and "over the maximum of 3" in run.stderr
    write(in_tmp / "pyproject.toml", "[tool.orgmodel.policy]\nmax_spam = 3\n")
    bad = run_cli("validate", "s.yaml")
    assert bad.exit_code == 2 and "unknown key 'max_spam'" in bad.stderr


@pytest.mark.parametrize("command", [["stats"], ["whatif", "--remove", "x"]])
def test_invalid_input_is_exit_1(command: list[str]) -> None:
    bad = CASES / "validate" / "invalid" / "unknown-lead.yaml"
    assert run_cli(command[0], str(bad), *command[1:]).exit_code == 1


def test_diff_engine_agrees_with_whatif_metrics() -> None:
    s = load_org(str(BEFORE)).structure
    result = what_if(s, [Change("remove", "lin-junyang")])
    assert result.diff == diff_structures(s, result.structure)
    assert result.layers == (4, 3)
