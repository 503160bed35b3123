"""JSON → plain data. Duplicate keys are refused as in YAML; positions are found only on demand."""

from __future__ import annotations

import bisect
import json
import json.scanner
import re
from collections.abc import Callable, Iterator
from typing import Any

from orgmodel.errors import InputError, Path
from orgmodel.issues import Issue
from orgmodel.load.locate import SourceMap

_WS = re.compile(r"[ \t\n\r]*")
_SEPARATOR = re.compile(r"[ \t\n\r]*,?[ \t\n\r]*")
# The C scanner behind json.loads: (value, end) for the value starting at an index.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]
)


def _first_key_stands(repeats: list[int]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An object_pairs_hook that keeps the first of repeated keys and counts the repeats. A plain
    closure: it runs once per JSON object, so every call saved counts."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            repeats.append(len(pairs) - len(mapping))
            mapping = {}
            for key, value in pairs:
                mapping.setdefault(key, value)
        return mapping

    return hook


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_json(text: str, file: str) -> tuple[Any, JsonSourceMap, list[Issue]]:
    """JSON text → (plain data, source map, duplicate keys found). Raises InputError for anything
    that cannot be read as a document."""
    source_map = JsonSourceMap(text)
    repeats: list[int] = []
    hook = _first_key_stands(repeats)
    try:
        data = json.loads(text, object_pairs_hook=hook, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON syntax: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError as exc:
        raise InputError(f"JSON syntax: {exc}", file=file) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=file) from None
    issues = source_map.duplicate_keys() if repeats else []
    return data, source_map, issues


Member = tuple[str | int, int, int]  # key (or position in an array), key index, value index


class JsonSourceMap(SourceMap):
    """Walks the text along a path, skipping the values beside it with the C decoder."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Newlines counted so far: (text index, line there), sorted; each look-up counts only
        # from the nearest one before it, so a hundred findings in a 20 MB file cost one pass.
        self._counted: list[int] = [0]
        self._counted_lines: list[int] = [1]
        self._members_at: dict[int, tuple[dict[str, tuple[int, int]], Iterator[Member]]] = {}
        self._elements_at: dict[int, list[int]] = {}

    def _position(self, index: int) -> tuple[int, int]:
        at = bisect.bisect_right(self._counted, index) - 1
        line = self._counted_lines[at] + self.text.count("\n", self._counted[at], index)
        self._counted.insert(at + 1, index)
        self._counted_lines.insert(at + 1, line)
        return line, index - self.text.rfind("\n", 0, index)

    def _ws(self, index: int) -> int:
        match = _WS.match(self.text, index)
        return match.end() if match else index

    def _member(self, index: int, key: str) -> tuple[int, int] | None:
        """(key index, value index) of `key` in the object at `index`. Members are scanned only
        as far as needed (a key written before `people:` need not skip the people) and kept; the
        first of repeated keys wins, as when the file was read."""
        if index not in self._members_at:
            self._members_at[index] = ({}, self._scan_members(index))
        members, rest = self._members_at[index]
        if key not in members:
            for name, at_key, at_value in rest:
                members.setdefault(str(name), (at_key, at_value))
                if name == key:
                    break
        return members.get(key)

    def _elements(self, index: int) -> list[int]:
        """Where each element of the array at `index` starts, found once and kept: issues often
        point into the same long list. A tight loop, as `people:` may hold 100,000 elements."""
        if index not in self._elements_at:
            text, scan, separator = self.text, _SCAN, _SEPARATOR.match
            starts: list[int] = []
            append = starts.append
            index_ = self._ws(index + 1)
            while text[index_] != "]":
                append(index_)
                index_ = separator(text, scan(text, index_)[1]).end()  # type: ignore[union-attr]
            self._elements_at[index] = starts
        return self._elements_at[index]

    def _scan_members(self, index: int) -> Iterator[Member]:
        text, end = self.text, len(self.text)
        scan, separator = _SCAN, _SEPARATOR.match
        is_object = text[index] == "{"
        index = self._ws(index + 1)
        position = 0
        while index < end and text[index] not in "}]":
            key_index = index
            key: str | int = position
            if is_object:
                key, index = scan(text, index)
                index = self._ws(self._ws(index) + 1)  # past the colon
            yield key, key_index, index
            index = separator(text, scan(text, index)[1]).end()  # type: ignore[union-attr]
            position += 1

    def _walk(self, path: Path) -> tuple[int, int | None]:
        index = self._ws(0)
        key_index: int | None = None
        for part in path:
            if index >= len(self.text):
                break
            if self.text[index] == "{" and isinstance(part, str):
                found = self._member(index, part)
                if found is None:
                    break
                key_index, index = found
            elif self.text[index] == "[" and isinstance(part, int):
                starts = self._elements(index)
                if not 0 <= part < len(starts):
                    break
                key_index = index = starts[part]
            else:
                break
        return index, key_index

    def locate(self, path: Path) -> tuple[int, int] | None:
        try:
            return self._position(self._walk(path)[0])
        except (ValueError, IndexError):
            return None

    def locate_key(self, path: Path) -> tuple[int, int] | None:
        try:
            index, key_index = self._walk(path)
        except (ValueError, IndexError):
            return None
        return self._position(key_index if key_index is not None else index)

    def duplicate_keys(self) -> list[Issue]:
        """Every repeated key, located (only called once the parser has counted some)."""
        found: list[Issue] = []
        stack = [self._ws(0)]
        while stack:
            index = stack.pop()
            if self.text[index] not in "{[":
                continue
            first_line: dict[str | int, int] = {}
            children = []
            for key, at_key, at_value in self._scan_members(index):
                line, column = self._position(at_key)
                if self.text[index] == "{" and key in first_line:
                    message = f"duplicate key {key!r} (first at line {first_line[key]})"
                    found.append(Issue("error", "duplicate-key", message, line=line, column=column))
                else:
                    first_line[key] = line
                    children.append(at_value)
            stack.extend(reversed(children))
        return sorted(found, key=lambda issue: (issue.line or 0, issue.column or 0))
