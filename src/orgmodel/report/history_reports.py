"""The reporters of each history view, by format: the one table `history --format` chooses from."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from orgmodel.formats.registry import Format
from orgmodel.history.model import OrgHistory, PersonHistory, UnitHistory
from orgmodel.report import history_json, history_markdown, history_text


class HistoryReporters(NamedTuple):
    history: Callable[[OrgHistory], str]
    person: Callable[[PersonHistory], str]
    unit: Callable[[UnitHistory], str]


REPORTERS = {
    Format.text: HistoryReporters(
        history_text.render_history_text,
        history_text.render_person_text,
        history_text.render_unit_text,
    ),
    Format.markdown: HistoryReporters(
        history_markdown.render_history_markdown,
        history_markdown.render_person_markdown,
        history_markdown.render_unit_markdown,
    ),
    Format.json: HistoryReporters(
        history_json.render_history_json,
        history_json.render_person_json,
        history_json.render_unit_json,
    ),
}
