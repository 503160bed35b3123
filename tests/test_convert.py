"""`orgmodel convert`: YAML, JSON and CSV both ways, HRIS CSV imports with column maps, and
Backstage catalogs, on real data written by others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from orgmodel.pipeline import load_org

from conftest import CASES, REALWORLD, REPO, Golden, run_cli, write

CONVERT = CASES / "convert"
GITLAB = REALWORLD / "gitlab-2022" / "team_members.csv"
HEFCE = REALWORLD / "uk-organogram-hefce-2011" / "senior.csv"
ACME = REALWORLD / "backstage-acme"
EXAMPLE = REPO / "orgs" / "qianwen-2026.yaml"
GITLAB_MAP = ["--map", "slug=id", "--map", "reports_to=manager", "--map", "role=title"]
GITLAB_ARGS = [*GITLAB_MAP, "--map", "departments=unit_path", "--map", "type=attrs.type"]


def _readme_hefce_command() -> list[str]:
    text = (REPO / "README.md").read_text()
    line = next(
        x
        for x in text.splitlines()
        if x.startswith("orgmodel convert") and "HEFCE" not in x and "senior.csv" in x
    )
    import shlex

    return shlex.split(line)[1:]


def test_backstage_catalog(tmp_path: Path, golden: Golden) -> None:
    out = tmp_path / "acme.yaml"
    run = run_cli(
        "convert", str(ACME), "--from", "backstage", "--name", "ACME Corp", "-o", str(out)
    )
    assert run.exit_code == 0, run.stderr
    assert (
        "team-e-big-name-group.yaml:12:11: warning: names 'boxoffice' as its parent, but "
        "'boxoffice' does not list it in spec.children (group 'team-e', document 1)"
    ) in run.stderr
    assert "defined again" in run.stderr  # the catalog defines user 'guest' twice
    golden(CONVERT / "backstage-acme" / "expected.yaml", out.read_text())
    loaded = load_org(str(out))
    s = loaded.structure
    assert s.parent["team-e"] == "boxoffice" and s.parent["boxoffice"] == "infrastructure"
    assert s.units["acme-corp"].name == "ACME Corp"
    assert {p for p, home in s.home.items() if home == "team-a"} >= {"janelle.dawe", "guest"}


def test_backstage_from_a_single_file(tmp_path: Path) -> None:
    out = tmp_path / "team-a.json"
    run = run_cli("convert", str(ACME / "team-a-group.yaml"), "--from", "backstage", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    data = json.loads(out.read_text())
    assert [u["id"] for u in data["units"]] == ["team-a"]
    assert "parent 'backstage' is not a group here" in run.stderr


def test_gitlab_export_with_a_departments_path(tmp_path: Path) -> None:
    out = tmp_path / "gitlab.yaml"
    run = run_cli("convert", str(GITLAB), *GITLAB_ARGS, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert (
        "warning: 451 rows name 140 managers that are not in this file ('p-c27bbe81', "
        "'p-0a997dce', 'p-c607732f', …)"
    ) in run.stderr
    assert run_cli("validate", str(out)).exit_code == 0
    s = load_org(str(out)).structure
    import csv

    rows = list(csv.DictReader(GITLAB.open(encoding="utf-8")))
    assert len(s.people) == len(rows) == 1336
    ids = {row["slug"] for row in rows}
    for row in rows:  # every reporting line of the file, and only those
        expected = row["reports_to"] if row["reports_to"] in ids else None
        assert s.manager[row["slug"]] == expected, row["slug"]
        assert s.people[row["slug"]].title == (row["role"] or None)
    assert s.units["engineering-function"].name == "Engineering Function"
    path = "Engineering Function | Development Department | Dev Section"
    dev = next(u for u, unit in s.units.items() if unit.name == "Dev Section")
    assert [s.units[a].name for a in reversed(list(s.ancestors(dev)))] == path.split(" | ")[:-1]


def test_gitlab_external_managers_kept_as_open_positions(tmp_path: Path) -> None:
    out = tmp_path / "gitlab.json"
    run = run_cli("convert", str(GITLAB), *GITLAB_ARGS, "--keep-external-managers", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    s = load_org(str(out)).structure
    assert len(s.people) == 1336 + 140
    assert s.people["p-c27bbe81"].vacant and s.manager["p-00eb2f9f"] == "p-c27bbe81"


def test_uk_organogram_with_the_readme_command(in_tmp: Path, golden: Golden) -> None:
    args = _readme_hefce_command()
    source = in_tmp / args[1]
    source.parent.mkdir(parents=True)
    shutil.copy(HEFCE, source)
    run = run_cli(*args)
    assert run.exit_code == 0, run.stderr
    assert "not UTF-8 (byte 0xa3 on line 1): read as Windows-1252" in run.stderr
    assert "column 14 (no header) is not a known field and is ignored" in run.stderr
    output = in_tmp / args[args.index("-o") + 1]
    golden(CONVERT / "uk-organogram-hefce-2011" / "expected.yaml", output.read_text())
    s = load_org(str(output)).structure
    assert s.manager["90115"] == "90334" and s.manager["90334"] is None
    assert s.people["90250"].attrs["grade"] == "SCS1A"
    assert s.people["90334"].name == "Sir Alan Langlands"


def test_explicit_encoding(tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    args = [
        "--map",
        "Post Unique Reference=id",
        "--top-value",
        "xx",
        "--map",
        "Reports to Senior Post=manager",
    ]
    run = run_cli("convert", str(HEFCE), *args, "--encoding", "cp1252", "-o", str(out))
    assert run.exit_code == 0 and "not UTF-8" not in run.stderr
    wrong = run_cli("convert", str(HEFCE), *args, "--encoding", "utf-8", "-o", str(out))
    assert wrong.exit_code == 2 and "not utf-8 text: byte 0xa3" in wrong.stderr
    unknown = run_cli("convert", str(HEFCE), *args, "--encoding", "klingon", "-o", str(out))
    assert unknown.exit_code == 2 and "no such encoding" in unknown.stderr


def test_undecodable_bytes_ask_for_an_encoding(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,name\na,\x81\x8d\n")
    run = run_cli("convert", str(path), "-o", str(tmp_path / "x.yaml"))
    assert run.exit_code == 2 and "give the encoding with --encoding" in run.stderr


def test_missing_id_column_names_the_columns_and_the_map(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", "Employee ID,Full Name\n1,Ann\n")
    out = tmp_path / "staff.yaml"
    run = run_cli("convert", str(path), "-o", str(out))
    assert run.exit_code == 2
    assert run.stderr == (
        f"orgmodel: {path}:1: no 'id' column (columns found: 'Employee ID', 'Full Name'); "
        'rename one or map it, e.g. --map "Employee ID=id"\n'
    )
    assert not out.exists()
    fixed = run_cli(
        "convert", str(path), "--map", "Employee ID=id", "--map", "Full Name=name", "-o", str(out)
    )
    assert fixed.exit_code == 0 and "name: Ann" in out.read_text()


def test_malformed_row_reports_its_line_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", 'id,name\na,Ann\nb,"Bob\nc,Cy,extra\n')
    out = tmp_path / "bad.yaml"
    run = run_cli("convert", str(path), "-o", str(out))
    assert run.stderr == (
        f"orgmodel: {path}:3:3: a quoted field in the row starting on line 3 is never closed\n"
    )
    assert run.exit_code == 2 and not out.exists()
    ragged = write(tmp_path / "ragged.csv", "id,name\na,Ann\nb,Bob,extra\n")
    run = run_cli("convert", str(ragged), "-o", str(out))
    assert run.stderr == f"orgmodel: {ragged}:3:7: row has 3 fields but the header has 2\n"


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("Employee", 'write it as "Column header=field"'),
        ("Employee=salary", "'salary' is not a field"),
        ("Nope=id", "--map names a column this file does not have: 'nope'"),
    ],
)
def test_bad_map_options(tmp_path: Path, pair: str, message: str) -> None:
    path = write(tmp_path / "s.csv", "Employee,name\n1,Ann\n")
    run = run_cli("convert", str(path), "--map", pair, "-o", str(tmp_path / "s.yaml"))
    assert run.exit_code == 2 and message in run.stderr


def test_csv_options_need_a_csv(tmp_path: Path) -> None:
    run = run_cli("convert", str(EXAMPLE), "--map", "a=id", "-o", str(tmp_path / "x.json"))
    assert run.exit_code == 2 and "are for CSV" in run.stderr


def test_invalid_org_is_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    bad = CASES / "validate" / "invalid" / "unknown-lead.yaml"
    out = tmp_path / "out.json"
    run = run_cli("convert", str(bad), "-o", str(out))
    assert run.exit_code == 1 and not out.exists()
    assert "lead 'alcie' is not a person" in run.stderr


def test_output_never_overwrites_the_input(tmp_path: Path) -> None:
    source = tmp_path / "o.yaml"
    shutil.copy(EXAMPLE, source)
    before = source.read_bytes()
    run = run_cli("convert", str(source), "-o", str(source))
    assert run.exit_code == 2 and "refusing to overwrite" in run.stderr
    assert source.read_bytes() == before


def test_unknown_output_extension(tmp_path: Path) -> None:
    run = run_cli("convert", str(EXAMPLE), "-o", str(tmp_path / "x.xml"))
    assert run.exit_code == 2 and "cannot tell the format" in run.stderr


def test_yaml_json_yaml_is_lossless(tmp_path: Path) -> None:
    as_json, back = tmp_path / "q.json", tmp_path / "q.yaml"
    assert run_cli("convert", str(EXAMPLE), "-o", str(as_json)).exit_code == 0
    assert run_cli("convert", str(as_json), "-o", str(back)).exit_code == 0
    assert load_org(str(back)).org == load_org(str(EXAMPLE)).org


def test_csv_output_says_what_it_leaves_out(tmp_path: Path) -> None:
    out = tmp_path / "q.csv"
    run = run_cli("convert", str(EXAMPLE), "-o", str(out))
    assert run.exit_code == 0
    assert "the CSV form leaves out 1 overlay units" in run.stderr
    assert "the CSV form leaves out 4 interactions" in run.stderr
    back = load_org(str(out)).structure
    original = load_org(str(EXAMPLE)).structure
    assert back.manager == original.manager
    assert back.home == original.home


def test_stdout_output() -> None:
    run = run_cli("convert", str(EXAMPLE), "-o", "-", "--format", "json")
    assert run.exit_code == 0 and json.loads(run.stdout)["name"] == "Qianwen (functional teams)"


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffid,name,manager,unit\nzoe,Zoë,,team\nli,李雷,zoe,team\n".encode())
    out = tmp_path / "bom.yaml"
    run = run_cli("convert", str(path), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert "not UTF-8" not in run.stderr
    s = load_org(str(out)).structure
    assert s.people["zoe"].name == "Zoë" and s.people["li"].name == "李雷"
    assert s.units["team"].lead == ("zoe",)


def test_top_value_means_no_manager(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "id,name,manager\nboss,Boss,TOP\nann,Ann,boss\n")
    out = tmp_path / "t.yaml"
    run = run_cli("convert", str(path), "--top-value", "TOP", "-o", str(out))
    assert run.exit_code == 0 and "not in this file" not in run.stderr
    assert load_org(str(out)).structure.manager == {"boss": None, "ann": "boss"}
