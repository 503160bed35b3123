"""The interactive HTML pages without a browser: what they embed (their data, gzipped in base64;
every card's data; the vendored libraries under a policy that allows no request), the commands
that write them, and `build`'s staleness check for them. tests/test_html_browser.py drives
them in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orgmodel.diff import diff_structures
from orgmodel.graph.options import ChartOptions
from orgmodel.html.chart import chart_data, depths, open_depth
from orgmodel.html.diff import diff_data
from orgmodel.html.nodes import TOP
from orgmodel.html.page import page_data, render_page
from orgmodel.pipeline import load_org

from conftest import REPO, run_cli, write

sys.path.insert(0, str(REPO / "bench"))
import vendor_js

BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"
HOSTILE = "<img src=x onerror=alert(1)></script><!--\u2028&amp;"

SMALL = """\
name: Small
people:
  - {id: ceo, name: Ada, title: CEO, url: "https://example.org/ada"}
  - {id: cto, name: Bo, title: CTO, attrs: {location: Lisbon}, tags: [infra]}
  - {id: dev, name: "NAME", title: Engineer, dotted: [ceo]}
  - {id: open-1, title: Engineer, vacant: true}
units:
  - id: co
    name: Company
    lead: ceo
    units:
      - {id: eng, name: Engineering, function: infra, lead: cto, members: [dev, open-1]}
"""


def _small(tmp_path: Path, name: str = "Cy") -> Path:
    return write(tmp_path / "small.yaml", SMALL.replace("NAME", name))


def test_the_data_cannot_end_its_script_and_reads_back() -> None:
    data = {"title": HOSTILE, "levels": {"people": [{"id": "x", "lines": [HOSTILE, "\u00e9"]}]}}
    page = render_page("t", data)
    [element] = re.findall(r'<script[^>]*id="org-data"[^>]*>([^<]*)</script>', page)
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", element)  # base64: no `<`, `&` or line end
    assert page_data(page) == data
    assert render_page("t", data) == page  # the same bytes each time (gzip's mtime is 0)
    with pytest.raises(ValueError, match="no orgmodel page data"):
        page_data("<!DOCTYPE html><p>not a page</p>")


def test_the_page_is_self_contained_under_a_policy_that_allows_only_its_scripts(
    tmp_path: Path,
) -> None:
    page = (tmp_path / "chart.html").as_posix()
    run = run_cli("render", str(_small(tmp_path)), "-o", page)
    assert run.exit_code == 0, run.stderr
    html = Path(page).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1) and "connect-src 'none'" in policy.group(1)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 4  # d3, d3-flextree, d3-org-chart, the viewer
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy.group(1)
    for name in ("d3 7.9.0", "d3-flextree 2.1.2", "d3-org-chart 3.1.1"):
        assert name in html


def test_a_hostile_name_stays_data(tmp_path: Path) -> None:
    page = tmp_path / "chart.html"
    assert run_cli("render", str(_small(tmp_path, HOSTILE)), "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html and "</script><!--" not in html
    cards = {r["id"]: r for r in page_data(html)["levels"]["people"]}
    assert cards["dev"]["lines"][0] == HOSTILE


def test_the_chart_holds_every_person_and_unit_with_its_card_and_fields(tmp_path: Path) -> None:
    loaded = load_org(str(_small(tmp_path)))
    data = chart_data(loaded.structure, ChartOptions())
    people = {r["id"]: r for r in data["levels"]["people"]}
    assert set(people) == {"ceo", "cto", "dev", "open-1"}
    assert "parent" not in people["ceo"] and people["dev"]["parent"] == "cto"
    assert people["ceo"]["lines"] == ["Ada", "CEO", "Company", "3 people"]
    assert people["open-1"]["lines"][0] == "Open: Engineer" and people["open-1"]["dashed"]
    assert people["cto"]["fields"] == {
        "name": "Bo",
        "title": "CTO",
        "tags": ["infra"],
        "attrs": {"location": "Lisbon"},
    }
    facts = dict(people["dev"]["facts"])
    assert facts["unit"] == "Engineering" and facts["manager"] == "Bo"
    assert facts["dotted-line managers"] == "Ada"
    assert people["ceo"]["url"] == "https://example.org/ada"
    assert people["dev"]["fill"] == people["cto"]["fill"]  # Engineering's function colour
    units = {r["id"]: r for r in data["levels"]["units"]}
    assert units["eng"]["parent"] == "co" and units["eng"]["lines"][0] == "Engineering"
    assert data["options"] == {
        "level": "people",
        "depth": {"people": 2, "units": 2},
        "direction": "top",
        "compact": True,
    }


def test_siblings_come_in_the_order_sort_asks_for(tmp_path: Path) -> None:
    org = SMALL.replace("NAME", "Cy") + "  - {id: zed, name: Zed}\n  - {id: alpha, name: Alpha}\n"
    s = load_org(str(write(tmp_path / "o.yaml", org))).structure
    by_name = chart_data(s, ChartOptions(sort="name"))["levels"]["units"]
    tops = [r["id"] for r in by_name if r.get("parent") == TOP]
    assert tops == ["alpha", "co", "zed"]  # Alpha, Company, Zed
    by_file = chart_data(s, ChartOptions())["levels"]["units"]
    assert [r["id"] for r in by_file if r.get("parent") == TOP] == ["co", "zed", "alpha"]


def test_a_large_org_opens_on_fewer_levels() -> None:
    wide = [{"id": "top", "lines": ["Top"]}]
    wide += [{"id": f"m{i}", "parent": "top", "lines": ["M"]} for i in range(30)]
    wide += [{"id": f"r{i}", "parent": f"m{i % 30}", "lines": ["R"]} for i in range(600)]
    assert depths(wide)["r7"] == 2 and depths(wide)["top"] == 0
    assert open_depth(wide) == 1  # two levels would be 631 cards
    assert open_depth(wide[:200]) == 2


def test_several_tops_stand_under_one_card_naming_the_org(tmp_path: Path) -> None:
    org = SMALL.replace("NAME", "Cy") + "  - {id: board, name: Board}\n"
    loaded = load_org(str(write(tmp_path / "two.yaml", org)))
    data = chart_data(loaded.structure, ChartOptions(level="units", depth=3))
    units = data["levels"]["units"]
    assert units[0]["id"] == TOP and units[0]["lines"][0] == "Small"
    assert {r["id"] for r in units if r.get("parent") == TOP} == {"co", "board"}
    assert data["options"]["level"] == "units"
    assert data["options"]["depth"] == {"people": 3, "units": 3}


def test_the_diff_page_draws_the_union_with_badges_filters_and_lineage() -> None:
    before, after = load_org(str(BEFORE)).structure, load_org(str(AFTER)).structure
    result = diff_structures(before, after)
    data = diff_data(result, before, after, ChartOptions(level="units"))
    people = {r["id"]: r for r in data["levels"]["people"]}
    assert set(people) >= set(before.people) | set(after.people)
    assert people["lin-junyang"]["change"] == "left" and people["lin-junyang"]["badge"] == "− left"
    # Someone who left stands under their former manager, who is still there.
    assert people["lin-junyang"]["parent"] == before.manager["lin-junyang"]
    moved = people["pretraining-researcher-1"]
    assert moved["change"] == "moved" and moved["badge"] == "~ moved from Qianwen"
    assert people["zhou-hao"]["change"] == "joined"
    assert people["open-ai-infra-lead"]["change"] == "opened"
    units = {r["id"]: r for r in data["levels"]["units"]}
    assert units["qianwen"]["change"] == "removed" and units["qianwen"]["parent"] == "tongyi-lab"
    assert units["pre-training"]["change"] == "added"
    counts = {f["kind"]: f["count"] for f in data["filters"]["people"]}
    summary = result.summary
    assert counts["moved"] == summary["people_moved"] and counts["left"] == summary["people_left"]
    assert counts["opened"] == summary["positions_opened"]
    [split] = data["lineage"]
    assert split["kind"] == "split" and set(split["units"]) >= {"qianwen", "pre-training"}
    assert data["summary"].startswith("Reorg: ")


def test_unit_badges_name_the_old_place_and_the_old_name(tmp_path: Path) -> None:
    before = write(
        tmp_path / "a.yaml",
        "name: A\nunits:\n  - id: co\n    name: Co\n    units:\n"
        "      - {id: x, name: X}\n      - {id: y, name: Y, units: [{id: z, name: Z}]}\n",
    )
    after = write(
        tmp_path / "b.yaml",
        "name: B\nunits:\n  - id: co\n    name: Co\n    units:\n"
        "      - {id: x, name: X, units: [{id: z, name: Z}]}\n      - {id: y, name: Why}\n",
    )
    old, new = load_org(str(before)).structure, load_org(str(after)).structure
    data = diff_data(diff_structures(old, new), old, new, ChartOptions(level="units"))
    units = {r["id"]: r for r in data["levels"]["units"]}
    assert (units["z"]["change"], units["z"]["badge"]) == ("moved", "~ moved from Y")
    assert (units["y"]["change"], units["y"]["badge"]) == ("renamed", "~ renamed from Y")
    assert ["changed", 'name: "Y" → "Why"'] in [list(f) for f in units["y"]["facts"]]


def test_render_and_diff_write_html_from_the_extension_or_format(tmp_path: Path) -> None:
    chart = tmp_path / "chart.htm"
    assert run_cli("render", str(AFTER), "-o", str(chart)).exit_code == 0
    assert page_data(chart.read_text(encoding="utf-8"))["page"] == "chart"
    run = run_cli("render", str(AFTER), "--format", "html", "--level", "units")
    assert run.exit_code == 0 and page_data(run.stdout)["options"]["level"] == "units"
    reorg = tmp_path / "reorg.html"
    assert run_cli("diff", str(BEFORE), str(AFTER), "-o", str(reorg)).exit_code == 0
    data = page_data(reorg.read_text(encoding="utf-8"))
    assert data["page"] == "diff" and data["options"]["level"] == "units"


def test_options_the_page_cannot_follow_are_refused(tmp_path: Path) -> None:
    for option in (["--root", "qianwen"], ["--clusters"]):
        run = run_cli("render", str(AFTER), "-o", str(tmp_path / "c.html"), *option)
        assert run.exit_code == 2 and "the HTML page holds the whole org" in run.stderr
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "c.html").exists()


def test_the_installed_command_writes_the_pages(tmp_path: Path) -> None:
    chart = tmp_path / "chart.html"
    done = subprocess.run(
        ["orgmodel", "render", str(AFTER), "-o", str(chart)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(page_data(chart.read_text(encoding="utf-8"))["levels"]["people"]) == 38
    done = subprocess.run(
        ["orgmodel", "diff", str(BEFORE), str(AFTER), "--format", "html"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and page_data(done.stdout)["page"] == "diff"


def test_build_checks_html_outputs_by_their_hash(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    write(project / "orgs" / "a.yaml", BEFORE.read_text(encoding="utf-8"))
    write(project / "orgs" / "b.yaml", AFTER.read_text(encoding="utf-8"))
    write(
        project / "orgmodel.toml",
        '[[diagrams]]\nsource = "orgs/b.yaml"\noutput = "out/chart.html"\n'
        '[[diagrams]]\nbefore = "orgs/a.yaml"\nafter = "orgs/b.yaml"\noutput = "out/reorg.html"\n',
    )
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 1
    assert run_cli("build", "--dir", str(project)).exit_code == 0
    page = (project / "out" / "chart.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<!-- orgmodel-build: ")
    assert page_data(page)["page"] == "chart"
    assert run_cli("build", "--check", "--dir", str(project)).exit_code == 0
    org = project / "orgs" / "b.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Zhou Hao", "Zhou H."), "utf-8")
    run = run_cli("build", "--check", "--dir", str(project))
    assert run.exit_code == 1 and "chart.html" in run.stdout + run.stderr


def test_build_refuses_an_html_chart_of_one_unit(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    write(project / "orgs" / "b.yaml", AFTER.read_text(encoding="utf-8"))
    write(
        project / "orgmodel.toml",
        '[[diagrams]]\nsource = "orgs/b.yaml"\noutput = "c.html"\nroot = "qianwen"\n',
    )
    run = run_cli("build", "--dir", str(project))
    assert run.exit_code == 2 and "--root: the HTML page holds the whole org" in run.stderr
    assert not (project / "c.html").exists()


def test_the_vendored_libraries_match_their_manifest() -> None:
    assert vendor_js.check() == []
    manifest = json.loads(vendor_js.MANIFEST.read_text(encoding="utf-8"))
    pinned = {(lib.name, lib.version) for lib in vendor_js.PINNED}
    assert {(e["name"], e["version"]) for e in manifest["libraries"]} == pinned
    for entry in manifest["libraries"]:
        assert any(name.endswith(".LICENSE.txt") for name in entry["files"])


@pytest.mark.parametrize(
    "name",
    ["viewer.html", "viewer.css", "viewer/chart.js", "viewer/panel.js", "viewer/controls.js"],
)
def test_the_viewer_files_are_package_data(name: str) -> None:
    from importlib.resources import files

    assert (files("orgmodel.html") / name).is_file()


def test_the_diff_page_colours_only_changes() -> None:
    """A function's colour on the diff page would read as a change (research blue as "added"):
    only changed cards are coloured, by the page's change colours."""
    before, after = load_org(str(BEFORE)).structure, load_org(str(AFTER)).structure
    options = ChartOptions()
    data = diff_data(diff_structures(before, after), before, after, options)
    for level in ("people", "units"):
        assert not [r["id"] for r in data["levels"][level] if r.get("fill")], level
    outlines = {r.get("outline") for r in data["levels"]["people"]} - {None}
    assert outlines == {"dotted"}  # the open positions; dashed is for what was removed
