"""A history reads YAML blobs by parts (each top-level key, each person) and keeps the parts of
the last blob: the parts must make exactly the document the whole file makes, or give way to
reading the whole file. Checked on every YAML file of the repository and on documents written
to trip the parts up."""

from __future__ import annotations

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
    "deep": "name: x\npeople:\n  - id: a\n    attrs: " + "[" * 999 + "]" * 999 + "\n",
    "deep at the limit": "name: x\npeople:\n  - id: a\n    attrs: " + "[" * 996 + "]" * 996 + "\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=list(TRICKY))
def test_documents_that_trip_the_parts(text: str) -> None:
    _parts_agree(text)


def test_the_parts_of_the_last_blob_are_kept_and_reused() -> None:
    loader = SnapshotLoader()
    text = (REPO / "orgs" / "qianwen-2025.yaml").read_text(encoding="utf-8")
    first = loader.document(text)
    kept = dict(loader.parts)
    assert first is not None and len(kept) > 30  # the top-level keys and every person
    edited = text.replace("title: CEO, Alibaba Group", "title: Chair, Alibaba Group")
    second = loader.document(edited)
    assert second == _whole(edited)
    # Parsed again: the edited person, and the people as a whole (kept to skip the lookups).
    assert sum(1 for part in loader.parts if part not in kept) == 2


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
