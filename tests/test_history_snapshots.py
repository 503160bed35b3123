"""A history reads YAML blobs by parts (each top-level key, each person) and keeps the parts of
the last blob: the parts must make exactly the document the whole file makes, or give way to
reading the whole file. Checked on every YAML file of the repository and on documents written
to trip the parts up."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orgmodel.errors import InputError, OrgmodelError
from orgmodel.formats.limits import recursion_room
from orgmodel.formats.registry import Format
from orgmodel.formats.source import Source
from orgmodel.formats.yaml import load_yaml
from orgmodel.history.snapshots import SnapshotLoader
from orgmodel.pipeline import LoadedOrg, load_source

from conftest import REPO

FILES = sorted(
    p
    for folder in ("orgs", "tests")
    for p in (REPO / folder).rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file()
)


def _whole(text: str) -> Any:
    """The document as the whole file reads it, or None where it has issues or fails."""
    try:
        data, _, issues = load_yaml(text, "x")
    except InputError:
        return None
    return None if issues else data


def _parts_agree(text: str) -> None:
    by_parts = SnapshotLoader().document(text)
    if by_parts is not None:
        with recursion_room():  # comparing the deepest documents recurses
            assert by_parts == _whole(text)
        assert _whole(text) is not None


def test_there_are_files_to_check() -> None:
    assert len(FILES) >= 80


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_reads_the_same_by_parts(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    _parts_agree(text)


def test_the_example_orgs_are_read_by_parts() -> None:
    """The fast way is taken for files written the usual way (not only given way to)."""
    for name in ("qianwen-2025.yaml", "qianwen-2026.yaml"):
        text = (REPO / "orgs" / name).read_text(encoding="utf-8")
        assert SnapshotLoader().document(text) == _whole(text)


PERSON = "  - id: a\n    name: A\n"
TRICKY = {
    "quoted name running over an item line": (
        'name: x\npeople:\n  - id: a\n    name: "A\n  - id: b"\n  - id: c\n'
    ),
    "flow sequence over lines": "name: x\npeople: [\n{id: a},\n{id: b}]\n",
    "plain continuation at column 0": "name: x\ndescription: one\ntwo\npeople: []\n",
    "duplicate top-level key": f"name: x\npeople:\n{PERSON}name: y\n",
    "duplicate key in a person": "name: x\npeople:\n  - id: a\n    id: b\n",
    "alias between parts": "name: &n x\npeople:\n  - id: a\n    name: *n\n",
    "two documents": f"name: x\npeople:\n{PERSON}---\nname: y\n",
    "directive": f"%YAML 1.2\n---\nname: x\npeople:\n{PERSON}",
    "indentless items": "name: x\npeople:\n- id: a\n  name: A\n- id: b\n",
    "comments between items": f"name: x\npeople:\n# first\n{PERSON}  # second\n{PERSON}",
    "a line outside the items": "name: x\npeople:\n  - id: a\n x: 1\n",
    "crlf": "name: x\r\npeople:\r\n  - id: a\r\n  - id: b\r\n",
    "old mac line breaks": "name: x\rpeople:\r  - id: a\r  - id: b\r",
    "tab indentation": "name: x\npeople:\n\t- id: a\n",
    "block scalar with a dash line": "name: x\npeople:\n  - id: a\n    title: |\n      - b\n",
    "empty item": "name: x\npeople:\n  -\n  - id: b\n",
    "not a mapping": "- a\n- b\n",
    "text before the first key": "just words\nname: x\n",
    "people without items": "name: x\npeople:\nunits: []\n",
    "a key after indentless child units": (
        "name: x\nunits:\n- id: a\n  name: A\n  units:\n  - id: b\n    name: B\n  lead: p\n"
    ),
    "a key after indented child units": (
        "name: x\nunits:\n  - id: a\n    units:\n      - id: b\n    lead: p\n"
    ),
    "child units twice": ("name: x\nunits:\n  - id: a\n    units: []\n    units:\n      - id: b\n"),
    "child units in flow style": "name: x\nunits:\n  - id: a\n    units: [{id: b}]\n",
    "child units with a comment": (
        "name: x\nunits:\n  - id: a  # top\n    units:  # below\n      # first\n"
        "      - id: b\n        units:\n        - id: c\n"
    ),
    "child units less indented than the keys": (
        "name: x\nunits:\n  - id: a\n    units:\n  - id: b\n"
    ),
    "an item starting on the next line": (
        "name: x\nunits:\n  -\n    id: a\n    units:\n      - id: b\n"
    ),
    "deep": "name: x\npeople:\n  - id: a\n    attrs: " + "[" * 999 + "]" * 999 + "\n",
    "deep at the limit": "name: x\npeople:\n  - id: a\n    attrs: " + "[" * 996 + "]" * 996 + "\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=list(TRICKY))
def test_documents_that_trip_the_parts(text: str) -> None:
    _parts_agree(text)


def _parsed_again(monkeypatch: pytest.MonkeyPatch, loader: SnapshotLoader, text: str) -> list[str]:
    """The parts of `text` that `loader` parses (the rest it keeps from the last blob)."""
    import orgmodel.history.snapshots as snapshots

    parsed: list[str] = []

    def counted(part: str, file: str, max_depth: int) -> Any:
        parsed.append(part)
        return load_yaml(part, file, max_depth)

    monkeypatch.setattr(snapshots, "load_yaml", counted)
    assert loader.document(text) == _whole(text)
    monkeypatch.undo()
    return parsed


QIANWEN_2026 = (REPO / "orgs" / "qianwen-2026.yaml").read_text(encoding="utf-8")


def test_an_edited_person_is_the_one_part_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = SnapshotLoader()
    assert loader.document(QIANWEN_2026) is not None
    edited = QIANWEN_2026.replace("title: Group executive", "title: Group vice chair")
    parsed = _parsed_again(monkeypatch, loader, edited)
    assert len(parsed) == 1 and "Group vice chair" in parsed[0]


def test_a_move_parses_again_the_two_teams_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The units above them are put together from their kept heads and other children."""
    loader = SnapshotLoader()
    assert loader.document(QIANWEN_2026) is not None
    moved = QIANWEN_2026.replace("              - pretraining-researcher-6\n", "", 1).replace(
        "              - posttraining-researcher-6\n",
        "              - posttraining-researcher-6\n              - pretraining-researcher-6\n",
        1,
    )
    parsed = _parsed_again(monkeypatch, loader, moved)
    assert [part.split("\n", 1)[0].strip() for part in parsed] == [
        "- id: pre-training",
        "- id: post-training",
    ]


def test_a_blob_that_does_not_change_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = SnapshotLoader()
    assert loader.document(QIANWEN_2026) is not None
    assert _parsed_again(monkeypatch, loader, QIANWEN_2026) == []


def _outcome(load: Callable[[Source], LoadedOrg], source: Source) -> object:
    try:
        return load(source).org
    except OrgmodelError as error:
        return error.located()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_makes_the_same_org_or_the_same_error(path: Path) -> None:
    """Besides the parts, each person is checked on its own (and kept): the org, or the first
    error, is the one the file makes read whole."""
    source = Source(path.name, path.read_bytes(), Format.yaml)
    loader = SnapshotLoader()
    assert _outcome(loader.load, source) == _outcome(load_source, source)
    assert _outcome(loader.load, source) == _outcome(load_source, source)  # from kept parts


def test_an_org_that_does_not_load_gives_the_located_error() -> None:
    text = (REPO / "orgs" / "qianwen-2025.yaml").read_text(encoding="utf-8")
    broken = text.replace("    title: Technical lead, Qianwen\n", "    manager: nobody\n", 1)
    source = Source("x.yaml", broken.encode(), Format.yaml)
    with pytest.raises(OrgmodelError) as by_parts:
        SnapshotLoader().load(source)
    with pytest.raises(OrgmodelError) as whole:
        load_source(source)
    assert by_parts.value.located() == whole.value.located()


def _edits(text: str, rng: random.Random) -> str:
    """One small edit of an org file's lines, valid YAML or not: what a history is made of."""
    lines = text.splitlines(keepends=True)
    at = rng.randrange(len(lines))
    kind = rng.choice(["title", "comment", "drop", "copy", "indent", "end"])
    if kind == "title" and "title:" in lines[at]:
        lines[at] = lines[at].split("title:")[0] + f"title: Title {rng.randrange(99)}\n"
    elif kind == "comment":
        lines.insert(at, "# a note\n" if rng.random() < 0.5 else "    # a note\n")
    elif kind == "drop" and len(lines) > 10:
        del lines[at]
    elif kind == "copy":
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif kind == "indent":
        lines[at] = " " + lines[at]
    else:
        lines[-1] = lines[-1].rstrip("\n") if lines[-1].endswith("\n") else lines[-1] + "\n"
    return "".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_a_history_of_small_edits_reads_the_same_by_parts(seed: int) -> None:
    """One loader through a few hundred edits, each blob read from the last one's parts and
    lists (a change's items split again, the others taken as they were)."""
    rng = random.Random(seed)
    loader = SnapshotLoader()
    text = QIANWEN_2026
    by_parts = 0
    for _ in range(150):
        text = _edits(text, rng) if rng.random() < 0.9 else QIANWEN_2026
        found = loader.document(text)
        if found is not None:
            by_parts += 1
            assert found == _whole(text)
    assert by_parts > 20
