"""The JSON Schema of `orgmodel diff --format json`, shipped as schema/orgmodel-diff.schema.json."""

from __future__ import annotations

import json
from typing import Any, get_args

from orgmodel.diff.model import (
    SUMMARY_KEYS,
    InteractionChangeKind,
    LineageKind,
    PersonChangeKind,
    UnitChangeKind,
)
from orgmodel.metrics import OrgMetrics
from orgmodel.model import Interaction

_ID = {"type": "string"}
_IDS = {"type": "array", "items": _ID}
_PAIR = {"type": "array", "minItems": 2, "maxItems": 2}
_FIELDS = {"type": "object", "additionalProperties": _PAIR}
_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
_NUMBER_PAIR = {**_PAIR, "items": {"type": "number"}}


def closed_object(properties: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema object with exactly these properties, all required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def diff_schema() -> dict[str, Any]:
    snapshot = closed_object(
        {
            "name": {"type": "string"},
            "as_of": {"type": ["string", "null"], "format": "date"},
            "people": _COUNT,
            "units": _COUNT,
        }
    )
    person = closed_object(
        {
            "id": _ID,
            "change": {"enum": list(get_args(PersonChangeKind))},
            "label": {"type": "string"},
            "fields": _FIELDS,
        }
    )
    unit = closed_object(
        {
            "id": _ID,
            "change": {"enum": list(get_args(UnitChangeKind))},
            "name": {"type": "string"},
            "fields": _FIELDS,
        }
    )
    flow = closed_object({"from": _ID, "to": _ID, "people": _IDS, "units": _IDS, "share": _SHARE})
    lineage = closed_object(
        {
            "kind": {"enum": list(get_args(LineageKind))},
            "from": {**_IDS, "minItems": 1},
            "to": {**_IDS, "minItems": 1},
            "people": _COUNT,
            "share": _SHARE,
            "explicit": {"type": "boolean"},
            "flows": {"type": "array", "items": flow},
        }
    )
    mode = {"enum": [*get_args(Interaction.model_fields["mode"].annotation), None]}
    interaction = closed_object(
        {
            "from": _ID,
            "to": _ID,
            "change": {"enum": list(get_args(InteractionChangeKind))},
            "mode": {**_PAIR, "items": mode},
        }
    )
    metrics = closed_object(dict.fromkeys(OrgMetrics.__dataclass_fields__, _NUMBER_PAIR))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "orgmodel diff, format 1",
        "description": "What `orgmodel diff --format json` prints: lists are sorted by id.",
        **closed_object(
            {
                "orgmodel_diff": {"const": 1},
                "before": snapshot,
                "after": snapshot,
                "summary": closed_object(dict.fromkeys(SUMMARY_KEYS, _COUNT)),
                "people": {"type": "array", "items": person},
                "units": {"type": "array", "items": unit},
                "lineage": {"type": "array", "items": lineage},
                "interactions": {"type": "array", "items": interaction},
                "metrics": metrics,
            }
        ),
    }


def render_diff_schema() -> str:
    return json.dumps(diff_schema(), indent=2) + "\n"
