"""JSON and CSV readers: the same strictness and locations as YAML."""

from __future__ import annotations

import pytest

from orgmodel.errors import InputError
from orgmodel.formats.csv import load_csv
from orgmodel.formats.csv_units import infer_lead
from orgmodel.formats.json import load_json


def test_json_duplicate_keys_are_all_located() -> None:
    text = '{"a": 1,\n "a": 2,\n "b": {"c": 1, "c": 2}}'
    value, _, issues = load_json(text, "t.json")
    assert value == {"a": 1, "b": {"c": 1}}
    assert [(i.line, i.column) for i in issues] == [(2, 2), (3, 16)]


def test_json_syntax_error_is_located() -> None:
    with pytest.raises(InputError, match="JSON syntax") as raised:
        load_json('{"a": 1,\n  "b": }', "t.json")
    assert (raised.value.line, raised.value.column) == (2, 8)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_non_standard_constants_are_refused(constant: str) -> None:
    with pytest.raises(InputError, match="is not JSON"):
        load_json(f'{{"a": {constant}}}', "t.json")


def test_json_source_map_finds_nested_values() -> None:
    text = '{\n  "people": [\n    {"id": "a"},\n    {"id": "b", "name": 5}\n  ]\n}\n'
    _, source_map, _ = load_json(text, "t.json")
    assert source_map.locate(("people", 1, "name")) == (4, 25)
    assert source_map.locate_key(("people", 1, "name")) == (4, 17)


CSV = (
    "id,Name,title,MANAGER,unit,unit_parent,vacant,dotted,attrs.site,Shoe size\n"
    "ceo,Chief,CEO,,exec,,,,HZ,42\n"
    "vp,VP,VP Eng,ceo,eng,exec,,,BJ,\n"
    "e1,Eng 1,Engineer,vp,eng,,false,ceo; vp ,BJ,\n"
    "e2,Eng 2,Engineer,vp,eng,,,,,\n"
    "open,,Engineer,vp,eng,,Yes,,,\n"
)


def test_csv_default_columns_build_people_and_units() -> None:
    data, _, issues = load_csv(CSV, "people.csv")
    assert data["name"] == "people"
    people = {p["id"]: p for p in data["people"]}
    assert people["e1"] == {  # the manager is vp's team lead role, so it is not repeated
        "id": "e1",
        "name": "Eng 1",
        "title": "Engineer",
        "vacant": False,
        "dotted": ["ceo", "vp"],
        "attrs": {"site": "BJ"},
    }
    assert people["open"]["vacant"] is True and "name" not in people["open"]
    [exec_unit] = data["units"]
    assert exec_unit["id"] == "exec" and exec_unit["lead"] == "ceo"
    [eng] = exec_unit["units"]
    assert eng["lead"] == "vp" and eng["members"] == ["e1", "e2", "open"]
    assert [i.message for i in issues] == [
        "column 'Shoe size' is not a known field and is ignored "
        '(map it with --map "Shoe size=FIELD")'
    ]


def test_csv_source_map_points_at_row_and_column() -> None:
    _, source_map, _ = load_csv(CSV, "people.csv")
    assert source_map.locate(("people", 2, "manager")) == (4, 19)  # the cell's character column
    assert source_map.locate(("units", 0, "units", 0, "lead")) == (3, 18)


def test_csv_lead_is_the_member_the_others_report_to() -> None:
    assert infer_lead(["a", "b", "c"], {"b": "a", "c": "a", "a": "x"}) == "a"
    assert infer_lead(["a", "b"], {"a": "x", "b": "x"}) is None
    assert infer_lead(["a", "b", "c", "d"], {"c": "b", "d": "b", "b": "a", "a": "z"}) == "a"
    # Nobody else in the unit: the one whom people elsewhere report to still leads it.
    assert infer_lead(["a"], {"b": "a", "c": "a"}) == "a"
    assert infer_lead(["a"], {"a": "b"}) is None


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "empty CSV file", None),
        ("name,title\nA,B\n", "no 'id' column (columns found: 'name', 'title')", 1),
        ("id,name\na,A\nb,B,C\n", "row has 3 fields but the header has 2", 3),
        # Rows are read in bulk, but the first error in the file is the one reported.
        ("id,unit,unit_parent\na,x,y\nb,x,z\nc,x,y,extra\n", "given parent 'z'", 3),
        ("id,unit,unit_parent\na,x,y\nc,x,y,extra\nb,x,z\n", "row has 4 fields", 3),
        ('id,name\na,A\nb,"B\nc,C\n', "the row starting on line 3 is never closed", 3),
        ("id,unit,unit_parent\na,x,y\nb,x,z\n", "given parent 'z' here but 'y' on line 2", 3),
        ("id,unit,unit_parent\na,x,y\nb,y,x\n", "is its own ancestor", 2),
        ("id,ID\na,b\n", "two columns map to 'id'", 1),
    ],
)
def test_csv_errors_are_located(text: str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as raised:
        load_csv(text, "t.csv")
    assert message in raised.value.message
    assert raised.value.line == line


def test_csv_quoted_multiline_cells_keep_row_lines() -> None:
    text = 'id,name,title\na,"Ann\nSmith",X\nb,Bob,Y\n'
    data, source_map, _ = load_csv(text, "t.csv")
    assert data["people"][0]["name"] == "Ann\nSmith"
    assert source_map.locate(("people", 1, "name")) == (4, 3)


def test_csv_blank_and_short_rows() -> None:
    text = "id,name,title,unit\na,Ann,Lead,x\n\n , ,\nb,Bob\n"
    data, source_map, _ = load_csv(text, "t.csv")
    assert data["people"] == [
        {"id": "a", "name": "Ann", "title": "Lead"},
        {"id": "b", "name": "Bob"},
    ]
    assert source_map.locate(("people", 1, "name")) == (5, 3)  # blank lines skipped, not renumbered
