"""The JSON Schema of the org file, for editors (`# yaml-language-server: $schema=...`)."""

from __future__ import annotations

import json
from typing import Any

from orgmodel.model import Org

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def org_schema() -> dict[str, Any]:
    body = Org.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "orgmodel org file, format 1",
        "description": "People, units, overlays and interactions of one organisation snapshot.",
        **{k: v for k, v in body.items() if k != "title"},
    }


def render_schema() -> str:
    return json.dumps(org_schema(), indent=2, ensure_ascii=False) + "\n"
