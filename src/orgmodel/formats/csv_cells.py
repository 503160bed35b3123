"""What a CSV cell means, for the reader and the writer alike: yes/no words, `;`-separated lists,
and typed `attrs.<key>:json` cells, so that what the writer writes reads back the same."""

from __future__ import annotations

import json
from typing import Any

TRUE_WORDS = frozenset(("true", "yes", "y", "1", "x"))
FALSE_WORDS = frozenset(("false", "no", "n", "0", ""))
LIST_SEPARATOR = ";"
# `attrs.level:json` reads each cell as a JSON number, true, false, null or "string"; a cell
# that is none of these is kept as text, so an HRIS column can be mapped to one as it is.
TYPED_SUFFIX = ":json"
_SCALARS = (str, int, float, bool, type(None))


def truth(value: str) -> bool | str:
    """Spreadsheet yes/no words as booleans; anything else is left for validation to report."""
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return value


def id_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]


def _no_constants(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def read_typed(cell: str) -> Any:
    """A typed cell's value: the JSON scalar it spells, or else the text itself."""
    try:
        value = json.loads(cell, parse_constant=_no_constants)
    except ValueError:
        return cell
    return value if isinstance(value, _SCALARS) else cell


def write_typed(value: Any) -> str:
    """A typed cell for `value`: text as is unless it would read back as something else."""
    if isinstance(value, str) and plain_survives(value) and read_typed(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def plain_survives(value: str) -> bool:
    """Whether text in a plain cell reads back as itself (cells are trimmed; empty is absent)."""
    return bool(value) and value == value.strip()
