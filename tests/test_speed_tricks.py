"""Derived facts and reference checks written plainly where a speed trick did not pay: they give
the answers worked out by hand on the paths the fast cases skip (duplicates, several listings,
unknown ids, explicit managers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orgmodel.model import Org
from orgmodel.pipeline import validate_file
from orgmodel.structure import HomeProblem, derive

from conftest import REPO, write


def test_no_module_reads_pydantic_private_attributes() -> None:
    private = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "src" / "orgmodel").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "__pydantic_" in line
    ]
    assert private == []


def _derive(people: list[dict[str, Any]], units: list[dict[str, Any]]) -> Any:
    return derive(Org.model_validate({"name": "t", "people": people, "units": units}))


def test_the_paths_the_common_case_skips_give_the_answers_worked_out_by_hand() -> None:
    s = _derive(
        [
            {"id": "ceo", "name": "Ceo"},
            {"id": "a", "name": "A"},
            {"id": "b", "name": "B", "home": "y"},  # listed in x and y, home y
            {"id": "a", "name": "A again"},  # a duplicate: the first stands
            {"id": "c", "name": "C", "manager": None},  # explicitly top
            {"id": "d", "name": "D", "manager": "nobody"},  # an unknown manager: top as well
            {"id": "e", "name": "E", "manager": "b"},
            {"id": "f", "name": "F"},  # listed in x and y, leads neither
        ],
        [
            {
                "id": "co",
                "name": "Co",
                "lead": "ceo",
                "units": [
                    {"id": "x", "name": "X", "lead": "a", "members": ["b", "c", "ghost", "f"]},
                    {"id": "y", "name": "Y", "members": ["b", "d", "e", "f", "a"]},
                ],
            },
            {"id": "guild", "name": "Guild", "overlay": True, "lead": "e", "members": ["ceo"]},
        ],
    )
    assert list(s.people) == ["ceo", "a", "b", "c", "d", "e", "f"]
    assert s.people["a"].name == "A"
    assert s.person_index == {"ceo": 0, "a": 1, "b": 2, "c": 4, "d": 5, "e": 6, "f": 7}
    assert s.duplicate_people == [("a", ("people", 1), ("people", 3))]
    assert list(s.listings.items()) == [  # in file order, each unit as written
        ("ceo", ["co", "guild"]),
        ("a", ["x", "y"]),
        ("b", ["x", "y"]),
        ("c", ["x"]),
        ("ghost", ["x"]),
        ("f", ["x", "y"]),
        ("d", ["y"]),
        ("e", ["y", "guild"]),
    ]
    assert s.home == {"ceo": "co", "a": "x", "b": "y", "c": "x", "d": "y", "e": "y", "f": None}
    assert s.home_problems == [HomeProblem("f", ("x", "y"), None)]
    assert s.manager == {
        "ceo": None,
        "a": "ceo",
        "b": "ceo",
        "c": None,
        "d": None,
        "e": "b",
        "f": None,
    }
    assert list(s.reports.items()) == [("ceo", ["a", "b"]), ("b", ["e"])]
    assert s.level == {"ceo": 1, "c": 1, "d": 1, "f": 1, "a": 2, "b": 2, "e": 3}


def test_every_unknown_reference_is_reported_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "org.yaml",
        """\
name: t
people:
  - {id: a, name: A, manager: zz, dotted: [b, yy], home: nowhere}
  - {id: b, name: B}
units:
  - {id: u, name: U, lead: [a, xx], members: [b, ww], spans: [v, elsewhere]}
  - {id: v, name: V, lead: b}
""",
    )
    found = [(i.code, i.line, i.column, i.message) for i in validate_file(str(path)).errors]
    assert found == [
        ("unknown-person", 3, 31, "manager 'zz' is not a person in this file"),
        ("unknown-person", 3, 47, "dotted-line manager 'yy' is not a person in this file"),
        ("unknown-unit", 3, 58, "home 'nowhere' is not a unit in this file"),
        ("unknown-person", 6, 32, "lead 'xx' is not a person in this file"),
        ("unknown-person", 6, 50, "member 'ww' is not a person in this file"),
        ("unknown-unit", 6, 66, "spanned unit 'elsewhere' is not a unit in this file"),
    ]


def test_an_unknown_spanned_unit_alone_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "org.yaml",
        "name: t\npeople: [{id: a, name: A}]\nunits: [{id: u, name: U, lead: a, spans: [gone]}]\n",
    )
    found = [(i.code, i.message) for i in validate_file(str(path)).errors]
    assert found == [("unknown-unit", "spanned unit 'gone' is not a unit in this file")]


def test_the_library_pauses_the_collector_once_per_entry_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from orgmodel.pipeline import load_org

    calls: list[None] = []
    real = gc.disable

    def counted() -> None:
        calls.append(None)
        real()

    monkeypatch.setattr(gc, "disable", counted)
    was = gc.isenabled()
    gc.enable()
    try:
        load_org(str(REPO / "orgs" / "qianwen-2026.yaml"))
        assert gc.isenabled()  # given back as it was
    finally:
        if not was:
            gc.disable()
    assert len(calls) == 1
