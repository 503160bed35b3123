"""JSON → plain data. Duplicate keys are refused as in YAML; positions are found only on demand."""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from orgmodel.errors import InputError, Path
from orgmodel.issues import Issue
from orgmodel.load.locate import SourceMap

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _FirstKeyStands:
    """object_pairs_hook that keeps the first of repeated keys and counts the repeats."""

    def __init__(self) -> None:
        self.repeats = 0

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            self.repeats += len(pairs) - len(mapping)
            mapping = {}
            for key, value in pairs:
                mapping.setdefault(key, value)
        return mapping


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_json(text: str, file: str) -> tuple[Any, JsonSourceMap, list[Issue]]:
    """JSON text → (plain data, source map, duplicate keys found). Raises InputError for anything
    that cannot be read as a document."""
    source_map = JsonSourceMap(text)
    hook = _FirstKeyStands()
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
    issues = source_map.duplicate_keys() if hook.repeats else []
    return data, source_map, issues


class JsonSourceMap(SourceMap):
    """Walks the text along a path, skipping the values beside it with the C decoder."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None

    def _position(self, index: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, index)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, index - start + 1

    def _ws(self, index: int) -> int:
        match = _WS.match(self.text, index)
        return match.end() if match else index

    def _members(self, index: int) -> Any:
        """Yields (key or position, key index, value index) for the container at `index`."""
        text = self.text
        opener = text[index]
        index = self._ws(index + 1)
        position = 0
        while index < len(text) and text[index] not in "}]":
            key_index = index
            key: str | int = position
            if opener == "{":
                key, index = _DECODER.raw_decode(text, index)
                index = self._ws(self._ws(index) + 1)  # past the colon
            yield key, key_index, index
            _, index = _DECODER.raw_decode(text, index)
            index = self._ws(index)
            if index < len(text) and text[index] == ",":
                index = self._ws(index + 1)
            position += 1

    def _walk(self, path: Path) -> tuple[int, int | None]:
        index = self._ws(0)
        key_index: int | None = None
        for part in path:
            if index >= len(self.text) or self.text[index] not in "{[":
                break
            for key, at_key, at_value in self._members(index):
                if key == part:
                    index, key_index = at_value, at_key
                    break
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
            for key, at_key, at_value in self._members(index):
                line, column = self._position(at_key)
                if self.text[index] == "{" and key in first_line:
                    message = f"duplicate key '{key}' (first at line {first_line[key]})"
                    found.append(Issue("error", "duplicate-key", message, line=line, column=column))
                else:
                    first_line[key] = line
                    children.append(at_value)
            stack.extend(reversed(children))
        return sorted(found, key=lambda issue: (issue.line or 0, issue.column or 0))
