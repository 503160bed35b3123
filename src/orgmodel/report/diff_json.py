"""The diff as JSON for tools (DESIGN §3): `"orgmodel_diff": 1`, stable keys, lists sorted."""

from __future__ import annotations

from typing import Any

from orgmodel.diff.model import FieldChange, OrgDiff, PersonChange, UnitChange, UnitLineage
from orgmodel.report.json_layout import dumps_layout

FORMAT_VERSION = 1


def _fields(fields: dict[str, FieldChange]) -> dict[str, list[Any]]:
    return {name: [before, after] for name, (before, after) in sorted(fields.items())}


def lineage_document(line: UnitLineage) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "from": list(line.from_),
        "to": list(line.to),
        "people": line.people,
        "share": line.share,
        "explicit": line.explicit,
        "flows": [
            {
                "from": flow.source,
                "to": flow.target,
                "people": list(flow.people),
                "units": list(flow.units),
                "share": flow.share,
            }
            for flow in line.flows
        ],
    }


def person_document(person: PersonChange) -> dict[str, Any]:
    return {
        "id": person.id,
        "change": person.change,
        "label": person.label,
        "fields": _fields(person.fields),
    }


def unit_document(unit: UnitChange) -> dict[str, Any]:
    return {"id": unit.id, "change": unit.change, "name": unit.name, "fields": _fields(unit.fields)}


def diff_document(result: OrgDiff) -> dict[str, Any]:
    """The JSON document as plain data (the shape the shipped diff schema describes)."""
    return {
        "orgmodel_diff": FORMAT_VERSION,
        "before": vars(result.before),
        "after": vars(result.after),
        "summary": result.summary,
        "people": [person_document(p) for p in result.people],
        "units": [unit_document(u) for u in result.units],
        "lineage": [lineage_document(line) for line in result.lineage],
        "interactions": [
            {"from": i.source, "to": i.target, "change": i.change, "mode": list(i.mode)}
            for i in result.interactions
        ],
        "metrics": {name: list(values) for name, values in result.metrics.items()},
    }


def render_diff_json(result: OrgDiff) -> str:
    """Top-level sections indented, one person, unit or lineage per line."""
    return dumps_layout(diff_document(result))
