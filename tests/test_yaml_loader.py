"""The strict YAML reader: YAML 1.2 scalars, refused duplicates and tags, bounded aliases."""

from __future__ import annotations

import time

import pytest

from orgmodel.errors import InputError
from orgmodel.formats.yaml import MAX_EXPANDED_NODES, load_yaml


def data(text: str) -> object:
    value, _, issues = load_yaml(text, "t.yaml")
    assert not issues
    return value


@pytest.mark.parametrize("word", ["NO", "no", "No", "on", "off", "yes", "Yes", "y", "n", "ON"])
def test_yaml11_booleans_stay_strings(word: str) -> None:
    assert data(f"k: {word}") == {"k": word}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("00123", "00123"),  # leading zeros keep an employee number intact
        ("2025-12-31", "2025-12-31"),  # no implicit dates in YAML 1.2
        ("'42'", "42"),
        ('"true"', "true"),
        ("1_000", "1_000"),
        ("!!str 5", "5"),
        ("!!int 5", 5),
        ("!!float 5", 5.0),
    ],
)
def test_yaml12_core_scalars(text: str, expected: object) -> None:
    assert data(f"k: {text}") == {"k": expected}


def test_duplicate_keys_are_findings_with_both_lines() -> None:
    value, _, issues = load_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert value == {"a": 1, "b": 2}
    assert [(i.line, i.column, i.message) for i in issues] == [
        (3, 1, "duplicate key 'a' (first at line 1)")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "k: !!python/object:os.system x",
        "k: !!python/name:os.system ''",
        "k: !custom x",
        "k: !!binary aGVsbG8=",
        "k: !!timestamp 2025-01-01",
    ],
)
def test_unsafe_or_unknown_tags_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="is not allowed"):
        load_yaml(text, "t.yaml")


def test_non_string_keys_are_refused() -> None:
    with pytest.raises(InputError, match="mapping keys must be plain strings") as raised:
        load_yaml("? [a, b]\n: 1\n", "t.yaml")
    assert raised.value.line == 1


def test_small_aliases_are_allowed_and_shared() -> None:
    value = data("a: &x {k: 1}\nb: *x\nc: [*x, *x]\n")
    assert value == {"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 1}]}


def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError, match="alias bomb") as raised:
        load_yaml(_bomb(9), "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert raised.value.line is not None
    assert f"{MAX_EXPANDED_NODES:,}" in raised.value.message


def test_deep_nesting_is_refused_with_a_location() -> None:
    with pytest.raises(InputError, match="nested more than 1000 levels") as raised:
        load_yaml("k: " + "[" * 5000 + "]" * 5000, "deep.yaml")
    assert raised.value.line == 1


def test_syntax_errors_are_located() -> None:
    with pytest.raises(InputError, match="YAML syntax") as raised:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", "t.yaml")
    assert raised.value.line is not None and raised.value.column is not None


def test_source_map_locates_values_and_keys() -> None:
    _, source_map, _ = load_yaml("name: x\npeople:\n  - id: a\n    name: A\n", "t.yaml")
    assert source_map.locate(("people", 0, "name")) == (4, 11)
    assert source_map.locate_key(("people", 0, "name")) == (4, 5)
    assert source_map.locate(("people", 5)) == (3, 3)  # the nearest existing place: the list
    assert source_map.locate(()) == (1, 1)


def test_empty_document_is_none() -> None:
    assert load_yaml("# nothing\n", "t.yaml")[0] is None
