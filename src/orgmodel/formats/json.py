"""JSON → plain data. Duplicate keys are refused as in YAML; positions are found only on demand."""

from __future__ import annotations

import bisect
import json
import json.scanner
import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

from orgmodel.check.result import Issue
from orgmodel.errors import InputError, Path
from orgmodel.formats.limits import (
    MAX_DEPTH,
    TOO_DEEP,
    NumberError,
    finite,
    integer,
    recursion_room,
)
from orgmodel.formats.locate import SourceMap

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


def _constant(name: str) -> Any:
    raise NumberError(f"{name} is not JSON (numbers must be finite)")


def _float(text: str) -> float:
    return finite(float(text), text)  # `1e999` would be read as an infinity


def _number(token: str) -> Any:
    """A number or constant as the decoder reads it, with the same refusals."""
    if token[-1] in "yN":
        return _constant(token)
    if "." in token or "e" in token or "E" in token:
        return _float(token)
    return integer(token)


# What a refused number or too deep a nesting is looked for among, on the way to an error only:
# strings (skipped whole), brackets, and numbers or constants.
_TOKEN = re.compile(
    r'"(?:[^"\\]++|\\.)*+"|(?P<open>[\[{])|(?P<close>[\]}])'
    r"|(?P<number>-?Infinity|NaN|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
)


def _decode(text: str, hook: Callable[[list[tuple[str, Any]]], dict[str, Any]]) -> Any:
    return json.loads(text, object_pairs_hook=hook, parse_constant=_constant, parse_float=_float)


def _parse(text: str, hook: Callable[[list[tuple[str, Any]]], dict[str, Any]]) -> Any:
    try:
        return _decode(text, hook)
    except RecursionError:
        pass  # the C decoder counts its levels against the caller's recursion limit
    found = _first(text, "open")
    if found is not None:
        raise _TooDeepError(found[0])
    with recursion_room():  # at most MAX_DEPTH levels: decoded with room for them
        return _decode(text, hook)


class _TooDeepError(Exception):
    def __init__(self, index: int) -> None:
        self.index = index  # of the bracket that opens the level past MAX_DEPTH


def _first(text: str, kind: Literal["open", "number"]) -> tuple[int, str] | None:
    """Where the first bracket deeper than MAX_DEPTH (`open`) or the first refused number
    (`number`) is, with its message."""
    depth = 0
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group == "open":
            depth += 1
            if kind == "open" and depth > MAX_DEPTH:
                return match.start(), TOO_DEEP
        elif group == "close":
            depth -= 1
        elif group == "number" and kind == "number":
            try:
                _number(match.group())
            except ValueError as exc:
                return match.start(), str(exc)
    return None


def load_json(text: str, file: str) -> tuple[Any, JsonSourceMap, list[Issue]]:
    """JSON text → (plain data, source map, duplicate keys found). Raises InputError for anything
    that cannot be read as a document."""
    source_map = JsonSourceMap(text)
    repeats: list[int] = []
    hook = _first_key_stands(repeats)
    try:
        data = _parse(text, hook)
    except _TooDeepError as exc:
        line, column = source_map.position(exc.index)
        raise InputError(f"JSON {TOO_DEEP}", file=file, line=line, column=column) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON syntax: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError as exc:  # a number refused by a hook, or by int() for its length
        found = _first(text, "number")
        if found is None:
            raise InputError(f"JSON: {exc}", file=file) from None
        line, column = source_map.position(found[0])
        raise InputError(found[1], file=file, line=line, column=column) from None
    if _SURROGATE.search(text):
        _refuse_lone_surrogates(text, source_map, file)
    issues = source_map.duplicate_keys() if repeats else []
    return data, source_map, issues


# `"\ud800"` alone decodes to half a UTF-16 pair: no character, and no output could encode it.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE = re.compile(
    r"(?<!\\)(?:\\\\)*(?P<pair>\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(?P<lone>\\u[dD][89a-fA-F][0-9a-fA-F]{2}))"
)


def _refuse_lone_surrogates(text: str, source_map: JsonSourceMap, file: str) -> None:
    for match in _SURROGATE_ESCAPE.finditer(text):
        if match.group("lone"):
            line, column = source_map.position(match.start("lone"))
            raise InputError(
                f"{match.group('lone')} is half of a UTF-16 surrogate pair, not a character",
                file=file,
                line=line,
                column=column,
            )


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

    def position(self, index: int) -> tuple[int, int]:
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
            with recursion_room():  # values skipped on the way may be deeply nested
                return self.position(self._walk(path)[0])
        except (ValueError, IndexError):
            return None

    def locate_key(self, path: Path) -> tuple[int, int] | None:
        try:
            with recursion_room():
                index, key_index = self._walk(path)
        except (ValueError, IndexError):
            return None
        return self.position(key_index if key_index is not None else index)

    def duplicate_keys(self) -> list[Issue]:
        """Every repeated key, located (only called once the parser has counted some)."""
        found: list[Issue] = []
        stack = [self._ws(0)]
        with recursion_room():
            while stack:
                index = stack.pop()
                if self.text[index] not in "{[":
                    continue
                first_line: dict[str | int, int] = {}
                children = []
                for key, at_key, at_value in self._scan_members(index):
                    line, column = self.position(at_key)
                    if self.text[index] == "{" and key in first_line:
                        message = f"duplicate key {key!r} (first at line {first_line[key]})"
                        issue = Issue("error", "duplicate-key", message, line=line, column=column)
                        found.append(issue)
                    else:
                        first_line[key] = line
                        children.append(at_value)
                stack.extend(reversed(children))
        return sorted(found, key=lambda issue: (issue.line or 0, issue.column or 0))
