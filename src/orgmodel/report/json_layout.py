"""JSON laid out for both tools and people: the outer levels indented, one record per line below
them. Records stay greppable and diff line by line, and each is written by the C encoder
(`json.dumps` with `indent` falls back to pure Python, several times slower on a 100,000-person
diff)."""

from __future__ import annotations

import json
from typing import Any

_compact = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record


def dumps_layout(value: Any, levels: int = 2) -> str:
    """`value` as JSON text ending in a newline, the first `levels` levels of containers spread
    over lines and everything deeper compact."""
    return _layout(value, 0, levels) + "\n"


def _layout(value: Any, depth: int, levels: int) -> str:
    if levels == 0 or not isinstance(value, dict | list) or not value:
        return _compact(value)
    pad, end = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        members = (
            f"{pad}{_compact(key)}: {_layout(v, depth + 1, levels - 1)}" for key, v in value.items()
        )
        return "{\n" + ",\n".join(members) + "\n" + end + "}"
    elements = (pad + _layout(v, depth + 1, levels - 1) for v in value)
    return "[\n" + ",\n".join(elements) + "\n" + end + "]"
