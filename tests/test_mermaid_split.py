"""`render --split`: one Mermaid chart per top-level unit and an overview linking them, each
within GitHub's limits where it can be. The files are read back and parsed: who is drawn where,
the overview's links, every file's size and link count."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from test_size_guards import LINK, generated

from orgmodel.render.limits import MERMAID_MAX_EDGES, MERMAID_MAX_TEXT
from orgmodel.render.mermaid_split import part_names
from orgmodel.urls import relative_link, url_scheme

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
from orggen import generate

NODE = re.compile(r'^\s+(\w+)\["(.*)"\]$', re.MULTILINE)
CLICK = re.compile(r'^  click (\w+) "([^"]*)" _blank$', re.MULTILINE)
PERSON = re.compile(r"<b>(Person \d+)</b>")


def divisions(org: dict[str, Any]) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = org["units"][0]["units"]
    return units


def people_in(unit: dict[str, Any]) -> set[str]:
    """Every person a unit and the units below it list (lead and members)."""
    found = {unit["lead"], *unit.get("members", [])} if "lead" in unit else set()
    for child in unit.get("units", []):
        found |= people_in(child)
    return found


def within_limits(text: str) -> bool:
    return len(text) <= MERMAID_MAX_TEXT and len(LINK.findall(text)) <= MERMAID_MAX_EDGES


def test_a_5000_person_org_splits_into_charts_github_draws(tmp_path: Path) -> None:
    org = generate(5000)
    out = tmp_path / "charts" / "org.mmd"
    out.parent.mkdir()
    run = run_cli("render", str(generated(tmp_path, 5000)), "-o", str(out), "--split")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    units = divisions(org)
    expected = {f"org.{u['id']}.mmd" for u in units}
    assert {p.name for p in out.parent.iterdir()} == expected | {"org.mmd"}

    overview = out.read_text(encoding="utf-8")
    assert within_limits(overview)
    nodes = dict(NODE.findall(overview))
    assert len(nodes) == len(units) + 1  # the company and its divisions
    links = dict(CLICK.findall(overview))
    assert sorted(links.values()) == sorted(f"./{name}" for name in expected)
    names = {
        re.search(r"<b>(.*?)</b>", nodes[node]).group(1): link  # type: ignore[union-attr]
        for node, link in links.items()
    }
    assert names == {u["name"]: f"./org.{u['id']}.mmd" for u in units}

    named = {p["id"]: p["name"] for p in org["people"] if "name" in p}
    seen: set[str] = set()
    for unit in units:
        text = (out.parent / f"org.{unit['id']}.mmd").read_text(encoding="utf-8")
        assert within_limits(text), unit["id"]
        declared = {node for node, _ in NODE.findall(text)}
        assert len(declared) > 1
        for line in LINK.findall(text):
            tail, _, head = line.split()[:3]
            assert {tail, head} <= declared
        drawn = set(PERSON.findall(text))
        # Everyone named in the division, and no one else, whether boxed or stacked.
        assert drawn == {named[p] for p in people_in(unit) if p in named}
        assert not drawn & seen
        seen |= drawn


def test_a_unit_still_over_the_limits_is_named_in_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "org.mmd"
    source = generated(tmp_path, 5000)
    run = run_cli("render", str(source), "-o", str(out), "--split", "--no-compact")
    assert run.exit_code == 0
    warned = {}
    for line in run.stderr.strip().splitlines():
        found = re.match(
            r"orgmodel: warning: (\S+): GitHub will not draw the chart of unit '([^']+)'", line
        )
        assert found, line
        assert "--level units" in line and "--depth N" in line
        warned[Path(found.group(1)).name] = found.group(2)
    over = {p.name for p in tmp_path.glob("org.*.mmd") if not within_limits(p.read_text("utf-8"))}
    assert over and set(warned) == over
    assert all(warned[name] == name.split(".")[1] for name in over)
    assert within_limits(out.read_text("utf-8"))


def test_split_follows_root(tmp_path: Path) -> None:
    out = tmp_path / "div.mmd"
    run = run_cli(
        "render", str(generated(tmp_path, 5000)), "--root", "div-0", "-o", str(out), "--split"
    )
    assert run.exit_code == 0, run.stderr
    departments = divisions(generate(5000))[0]["units"]
    assert {p.name for p in tmp_path.glob("div.*.mmd")} == {
        f"div.{d['id']}.mmd" for d in departments
    }
    assert len(CLICK.findall(out.read_text("utf-8"))) == len(departments)


def test_a_forest_splits_into_its_top_units(tmp_path: Path) -> None:
    org = {
        "orgmodel": 1,
        "name": "Two companies",
        "people": [
            {"id": "a", "name": "Ann"},
            {"id": "b", "name": "Bo"},
            {"id": "c", "name": "Cy"},
        ],
        "units": [
            {"id": "Sales/EMEA", "name": "Sales", "lead": "a", "members": ["c"]},
            {"id": "sales-emea", "name": "Other sales", "lead": "b"},
        ],
    }
    source = tmp_path / "forest.json"
    source.write_text(json.dumps(org), encoding="utf-8")
    out = tmp_path / "f.mermaid"
    assert run_cli("render", str(source), "-o", str(out), "--split").exit_code == 0
    files = sorted(p.name for p in tmp_path.glob("f.*.mermaid"))
    assert len(files) == 2 and "f.sales-emea.mermaid" in files
    links = [unquote(link) for _, link in CLICK.findall(out.read_text("utf-8"))]
    assert sorted(links) == sorted(f"./{name}" for name in files)
    texts = {name: (tmp_path / name).read_text("utf-8") for name in files}
    assert "Cy" in texts[next(n for n in files if n != "f.sales-emea.mermaid")]
    assert "Cy" not in texts["f.sales-emea.mermaid"]


def test_a_leaf_root_is_one_chart(tmp_path: Path) -> None:
    out = tmp_path / "team.mmd"
    source = generated(tmp_path, 300)
    run = run_cli("render", str(source), "--root", "team-0", "-o", str(out), "--split")
    assert run.exit_code == 0
    assert [p.name for p in tmp_path.glob("*.mmd")] == ["team.mmd"]
    whole = run_cli("render", str(source), "--root", "team-0", "--format", "mermaid")
    assert out.read_text("utf-8") == whole.stdout


def test_split_is_refused_where_it_cannot_be_done(tmp_path: Path) -> None:
    source = str(generated(tmp_path, 300))
    for args, said in (
        (["-o", str(tmp_path / "x.svg")], "--split: only Mermaid charts are split, not SVG"),
        (["--format", "png", "-o", str(tmp_path / "x.mmd")], "not PNG"),
        (["--format", "mermaid"], "--split writes one file per top-level unit: give -o"),
        (["--format", "mermaid", "-o", "/dev/stdout"], "give -o FILE.mmd"),
        (["--format", "mermaid", "-o", "/dev/null"], "give -o FILE.mmd"),
        (["-o", "/dev/null/org.mmd"], "cannot write: Not a directory"),
    ):
        run = run_cli("render", source, "--split", *args)
        assert run.exit_code == 2
        assert said in run.stderr
    assert not list(tmp_path.glob("x*"))


def test_split_never_overwrites_its_input(tmp_path: Path) -> None:
    """Not even with one of the unit charts: nothing is written when any part would be."""
    source = tmp_path / "org.div-0.mmd"
    source.write_bytes(generated(tmp_path, 2000).read_bytes())
    out = tmp_path / "org.mmd"
    run = run_cli("render", str(source), "--input-format", "json", "-o", str(out), "--split")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"orgmodel: -o {source}: refusing to overwrite an input file")
    assert json.loads(source.read_text("utf-8"))["orgmodel"] == 1
    assert not out.exists() and not (tmp_path / "org.div-1.mmd").exists()


def test_the_installed_command_splits(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "orgmodel"
    out = tmp_path / "org.mmd"
    done = subprocess.run(
        [str(script), "render", str(generated(tmp_path, 2000)), "-o", str(out), "--split"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parts = sorted(tmp_path.glob("org.*.mmd"))
    assert [p.name for p in parts] == ["org.div-0.mmd", "org.div-1.mmd", "org.div-2.mmd"]
    assert all(within_limits(p.read_text("utf-8")) for p in [out, *parts])


# -- file names and links ----------------------------------------------------------------------

ids = st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=12, unique=True)


@given(ids)
def test_part_names_are_safe_distinct_and_stable(units: list[str]) -> None:
    names = part_names("org.mmd", units)
    assert list(names) == units
    assert len({n.casefold() for n in names.values()}) == len(units)
    for name in names.values():
        assert re.fullmatch(r"org\.[A-Za-z0-9_][A-Za-z0-9._-]*\.mmd", name), name
        assert len(name.encode()) < 255
    assert part_names("org.mmd", units) == names
    # A unit's name never depends on units after it in the file.
    assert part_names("org.mmd", units[:-1]) == {u: names[u] for u in units[:-1]}


def test_part_names_keep_plain_ids_and_tell_colliding_ones_apart() -> None:
    names = part_names("charts/org.mmd", ["eng", "Eng", "a/b", "a-b", "..", "x" * 300])
    assert names["eng"] == "org.eng.mmd"
    assert names["a-b"] == "org.a-b.mmd"
    assert names["Eng"].startswith("org.Eng-") and names["a/b"].startswith("org.a-b-")
    assert names[".."].startswith("org.unit-")
    assert names["x" * 300].startswith("org." + "x" * 80 + "-")


@given(st.text(min_size=1))
def test_a_relative_link_has_no_scheme_and_names_the_file(name: str) -> None:
    link = relative_link(name)
    assert url_scheme(link) == ""
    assert re.fullmatch(r"\./[A-Za-z0-9\-._~%]+", link)
    assert unquote(link[2:]) == name
