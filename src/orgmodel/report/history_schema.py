"""The JSON Schema of `orgmodel history --format json`, shipped as
schema/orgmodel-history.schema.json. Each commit's diff, and the unit, lineage and person records
of the followed views, are the diff's own shapes, taken from its schema."""

from __future__ import annotations

import json
from typing import Any, get_args

from orgmodel.history.model import EntryKind
from orgmodel.metrics import OrgMetrics
from orgmodel.report.diff_schema import closed_object, diff_schema

_STRING = {"type": "string"}
_OR_NULL = {"type": ["string", "null"]}
_IDS = {"type": "array", "items": _STRING}
_COMMIT = {"type": "string", "pattern": "^[0-9a-f]{40}$"}


def _commit() -> dict[str, Any]:
    return {
        "commit": _COMMIT,
        "parents": {"type": "array", "items": _COMMIT},
        "author": _STRING,
        "email": _STRING,
        "date": {"type": "string", "format": "date-time"},
        "subject": _STRING,
    }


def _document(view: dict[str, Any]) -> dict[str, Any]:
    return closed_object({"orgmodel_history": {"const": 1}, "file": _STRING, **view})


def history_schema() -> dict[str, Any]:
    diff = {k: v for k, v in diff_schema().items() if k not in ("$schema", "title", "description")}
    records = diff["properties"]
    metrics = closed_object({key: {"type": "number"} for key in OrgMetrics.__dataclass_fields__})
    entry = closed_object(
        {
            **_commit(),
            "path": _STRING,
            "renamed_from": _OR_NULL,
            "change": {"enum": list(get_args(EntryKind))},
            "blob": _OR_NULL,
            "base": {"anyOf": [_COMMIT, {"type": "null"}]},
            "across": {"type": "array", "items": _COMMIT},
            "summary": _STRING,
            "error": _OR_NULL,
            "metrics": {"anyOf": [metrics, {"type": "null"}]},
            "diff": {"anyOf": [{"$ref": "#/$defs/diff"}, {"type": "null"}]},
        }
    )
    person_event = closed_object({**_commit(), **records["people"]["items"]["properties"]})
    unit_event = closed_object(
        {**_commit(), "units": records["units"], "lineage": records["lineage"]}
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "orgmodel history, format 1",
        "description": "What `orgmodel history --format json` prints: the commits that changed "
        "the org (newest first unless --reverse), or one person's or one unit's events.",
        "oneOf": [
            _document({"entries": {"type": "array", "items": entry}}),
            _document({"person": _STRING, "events": {"type": "array", "items": person_event}}),
            _document(
                {
                    "unit": _STRING,
                    "came_from": _IDS,
                    "became": _IDS,
                    "events": {"type": "array", "items": unit_event},
                }
            ),
        ],
        "$defs": {"diff": diff},
    }


def render_history_schema() -> str:
    return json.dumps(history_schema(), indent=2) + "\n"
