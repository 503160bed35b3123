"""Checking plain data against format 1's schema: pydantic's errors as located-to-be issues.

A document with schema errors is patched (bad keys dropped, placeholders for missing ids) and
checked again, so one run reports the reference errors too, not only the first layer; what only
the patches caused is left out (`follows_from_patch`).
"""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import ValidationError

from orgmodel.check.result import Issue
from orgmodel.errors import Path
from orgmodel.model import FORMAT_VERSION, KEYS_BY_MODEL, MAX_UNIT_DEPTH, Org
from orgmodel.wording import suggestion

# Placeholder ids put in while patching start with a NUL, which no YAML file can contain; any
# later finding that mentions one is a consequence of an error already reported.
_PLACEHOLDER = "\x00"
_PLACEHOLDER_SHOWN = repr(_PLACEHOLDER)[1:-1]  # as messages quote it
_REQUIRED = {
    "org": ("name",),
    "person": ("id", "name"),  # a name is not required, but dropping one would cause a finding
    "unit": ("id", "name"),
    "interaction": ("from", "to", "mode"),
}
_ID_LISTS = frozenset(("lead", "members", "dotted", "spans", "formerly"))
# Whole-org findings about an object that follow from what the patches did to its fields: with a
# bad `vacant` dropped, a nameless vacancy would look like a person who needs a name. The error
# that caused the patch is the one to report.
_FOLLOWS_FROM = {
    "name-required": ("name", "vacant"),
    "home-ambiguous": ("home",),
    "unit-without-lead": ("lead",),
}
_MAX_PATCH_ROUNDS = 5


Patched = set[tuple[Path, str]]


def document_issue(data: Any) -> Issue | None:
    """The finding that stops a document before its schema is checked: not a mapping, or units
    nested too deep to walk."""
    if not isinstance(data, dict):
        shown = "an empty document" if data is None else _kind(data)
        return Issue("error", "not-a-mapping", f"an org file is a mapping of keys, not {shown}")
    too_deep = _too_deep(data)
    if too_deep is not None:
        message = f"units are nested more than {MAX_UNIT_DEPTH} levels deep"
        return Issue("error", "too-deep", message, too_deep)
    return None


def check_schema(data: dict[str, Any]) -> tuple[Org | None, list[Issue], Patched]:
    """The Org `data` holds, or None; the schema errors (of the first round); and what the
    patches changed, for `follows_from_patch`. `data` is patched in place."""
    issues: list[Issue] = []
    org: Org | None = None
    rounds = 0
    patched: Patched = set()
    while org is None and rounds < _MAX_PATCH_ROUNDS:
        try:
            org = Org.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if rounds == 0:
                issues.extend(_schema_issue(e, data) for e in _collapse(errors, data))
            changed = _patch(data, errors)
            if not changed:
                break
            patched |= changed
        rounds += 1
    return org, issues, patched


def follows_from_patch(issue: Issue, patched: Patched) -> bool:
    """Whether a whole-org finding is only a consequence of a schema error already reported:
    it names a placeholder, or it reads a field the patches changed on its object."""
    if _PLACEHOLDER_SHOWN in issue.message:
        return True
    return any((issue.path, f) in patched for f in _FOLLOWS_FROM.get(issue.code, ()))


def _too_deep(data: dict[str, Any]) -> Path | None:
    """The path of the first unit nested deeper than MAX_UNIT_DEPTH, if any."""
    stack: list[tuple[Any, Path, int]] = [(data.get("units"), ("units",), 1)]
    while stack:
        units, path, depth = stack.pop()
        if not isinstance(units, list):
            continue
        for i, unit in enumerate(units):
            if isinstance(unit, dict) and "units" in unit:
                if depth >= MAX_UNIT_DEPTH:
                    return (*path, i, "units")
                stack.append((unit["units"], (*path, i, "units"), depth + 1))
    return None


# -- schema errors ---------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _data_path(loc: tuple[int | str, ...], data: Any) -> tuple[Path, Any]:
    """Pydantic's loc without its type tags (`str`, `function-before[...]`, …), and the value
    found there."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or unknown key: keep it, stop walking
            return tuple(path), None
        else:
            continue
        path.append(part)
    return tuple(path), node


def _is_tag(part: str) -> bool:
    return "[" in part or part in ("str", "int", "float", "bool", "none", "date", "tuple")


def _object_kind(path: Path) -> str | None:
    """Which model the object at `path` is, by where it stands."""
    if path == ():
        return "org"
    if len(path) == 2 and path[0] == "people" and isinstance(path[1], int):
        return "person"
    if len(path) == 2 and path[0] == "interactions" and isinstance(path[1], int):
        return "interaction"
    if len(path) % 2 == 0 and all(
        (p == "units") if i % 2 == 0 else isinstance(p, int) for i, p in enumerate(path)
    ):
        return "unit"
    return None


def _split(path: Path) -> tuple[Path, str, str | None, Path]:
    """(object path, object kind, field, rest) for the nearest model object above `path`."""
    for end in range(len(path), -1, -1):
        kind = _object_kind(path[:end])
        if kind is not None:
            after = path[end] if end < len(path) else None
            field_name = after if isinstance(after, str) else None
            return path[:end], kind, field_name, path[end + 1 :]
    return (), "org", None, path


def object_path(path: Path) -> Path:
    """The path of the model object (org, unit, person, interaction) `path` falls in."""
    return _split(path)[0]


def _collapse(errors: list[Any], data: Any) -> list[Any]:
    """One error per path: a union's alternatives all failing say one thing."""
    by_path: dict[Path, Any] = {}
    for error in errors:
        path, _ = _data_path(error["loc"], data)
        by_path.setdefault(path, error)
    return list(by_path.values())


_YAML11_BOOLEANS = frozenset(("yes", "no", "on", "off", "y", "n"))
_TYPE_WORDS = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date like 2025-12-31",
    "date_parsing": "a date like 2025-12-31",
    "date_from_datetime_parsing": "a date like 2025-12-31",
    "date_from_datetime_inexact": "a date like 2025-12-31",
}


def _schema_issue(error: Any, data: Any) -> Issue:
    path, value = _data_path(error["loc"], data)
    kind_of = error["type"]
    obj_path, obj_kind, field_name, rest = _split(path)
    if kind_of == "extra_forbidden":
        key = str(path[-1])
        hint = suggestion(key, KEYS_BY_MODEL[obj_kind])
        return Issue("error", "unknown-key", f"unknown key {key!r} in {obj_kind}{hint}", path)
    if kind_of == "missing":
        return Issue(
            "error", "missing-key", f"missing required key {path[-1]!r} in {obj_kind}", obj_path
        )
    if kind_of == "literal_error" and path == ("orgmodel",):
        return Issue(
            "error",
            "unknown-format-version",
            f"unknown format version {value!r}; this orgmodel reads format {FORMAT_VERSION}",
            path,
        )
    if kind_of == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = suggestion(str(value), [w.strip(" '") for w in expected.split(",")])
        return Issue("error", "bad-value", f"{_kind(value)} is not one of {expected}{hint}", path)
    if kind_of in _TYPE_WORDS or kind_of.endswith("_type") or kind_of == "union_tag_invalid":
        wanted = _TYPE_WORDS.get(kind_of)
        if wanted is None or (field_name == "attrs" and rest):
            wanted = (
                "a string, number, true/false or null" if field_name == "attrs" else "another type"
            )
        note = ""
        if kind_of == "bool_type" and str(value).lower() in _YAML11_BOOLEANS:
            note = " (YAML 1.2 reads yes/no/on/off as text: write true or false)"
        return Issue("error", "wrong-type", f"expected {wanted}, got {_kind(value)}{note}", path)
    if kind_of == "string_pattern_mismatch":
        return Issue(
            "error",
            "bad-id",
            f"{_kind(value)} is not a usable id: ids are not empty and have no surrounding "
            "whitespace",
            path,
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    return Issue("error", "invalid-value", message, path)


# -- patching, so that one run can also report what lies behind schema errors ----------------

_counter = itertools.count()


def _placeholder() -> str:
    return f"{_PLACEHOLDER}{next(_counter)}"


def _placeholder_object(kind: str) -> dict[str, Any]:
    if kind == "interaction":
        return {"from": _placeholder(), "to": _placeholder(), "mode": "collaboration"}
    return {"id": _placeholder(), "name": ""}


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _patch(data: dict[str, Any], errors: list[Any]) -> Patched:
    """Neutralise every reported error in place, keeping list positions. Returns what changed,
    as (object path, field) pairs, the field "" for a whole object; empty if nothing could."""
    changed: Patched = set()
    for error in errors:
        path, _ = _data_path(error["loc"], data)
        obj_path, kind, field_name, rest = _split(path)
        try:
            obj = _get(data, obj_path)
            if field_name is None or not isinstance(obj, dict):
                # The object itself is wrong, so a placeholder takes its place. The org is a
                # mapping (checked before), and no model has a rule over a whole mapping: this
                # is always an object in a list that is not a mapping.
                _get(data, obj_path[:-1])[obj_path[-1]] = _placeholder_object(kind)
                changed.add((obj_path, ""))
                continue
            if error["type"] == "missing" or field_name in _REQUIRED[kind]:
                obj[field_name] = "" if field_name == "name" else _placeholder()
                if kind == "interaction" and field_name == "mode":
                    obj[field_name] = "collaboration"
            elif (
                field_name in _ID_LISTS and len(rest) == 1 and isinstance(obj.get(field_name), list)
            ):
                obj[field_name][rest[0]] = _placeholder()
            else:
                obj.pop(field_name, None)
            changed.add((obj_path, field_name))
        except (KeyError, IndexError, TypeError):
            continue
    return changed
