"""The history as JSON for tools (`"orgmodel_history": 1`, the shape of the shipped
schema/orgmodel-history.schema.json): one record per commit, each with its full diff in the
shape of `diff --format json`; or one person's or one unit's events."""

from __future__ import annotations

from typing import Any

from orgmodel.history.git import Commit
from orgmodel.history.model import HistoryEntry, OrgHistory, PersonHistory, UnitHistory
from orgmodel.report.diff_json import (
    diff_document,
    lineage_document,
    person_document,
    unit_document,
)
from orgmodel.report.history_words import what_happened
from orgmodel.report.json_layout import dumps_layout

FORMAT_VERSION = 1


def commit_document(commit: Commit) -> dict[str, Any]:
    return {
        "commit": commit.id,
        "parents": list(commit.parents),
        "author": commit.author,
        "email": commit.email,
        "date": commit.date,
        "subject": commit.subject,
    }


def entry_document(entry: HistoryEntry) -> dict[str, Any]:
    return {
        **commit_document(entry.commit),
        "path": entry.path,
        "renamed_from": entry.renamed_from,
        "change": entry.change,
        "blob": entry.blob,
        "base": entry.base,
        "across": list(entry.across),
        "summary": what_happened(entry),
        "error": entry.error,
        "metrics": entry.metrics.as_dict() if entry.metrics is not None else None,
        "diff": diff_document(entry.diff) if entry.diff is not None else None,
    }


def render_history_json(history: OrgHistory) -> str:
    return dumps_layout(
        {
            "orgmodel_history": FORMAT_VERSION,
            "file": history.file,
            "entries": [entry_document(e) for e in history.entries],
        }
    )


def render_person_json(history: PersonHistory) -> str:
    events = [
        {**commit_document(e.entry.commit), **person_document(e.change)} for e in history.events
    ]
    return dumps_layout(
        {
            "orgmodel_history": FORMAT_VERSION,
            "file": history.file,
            "person": history.person,
            "events": events,
        }
    )


def render_unit_json(history: UnitHistory) -> str:
    events = [
        {
            **commit_document(e.entry.commit),
            "units": [unit_document(u) for u in e.units],
            "lineage": [lineage_document(line) for line in e.lineage],
        }
        for e in history.events
    ]
    return dumps_layout(
        {
            "orgmodel_history": FORMAT_VERSION,
            "file": history.file,
            "unit": history.unit,
            "came_from": list(history.came_from),
            "became": list(history.became),
            "events": events,
        }
    )
