"""The history as Markdown, a changelog of the org for docs: a section per commit, newest first
(or in the order asked for); or one person's or one unit's changes as a table."""

from __future__ import annotations

from orgmodel.diff.summary import lineage_phrase
from orgmodel.history.git import Commit
from orgmodel.history.model import HistoryEntry, OrgHistory, PersonHistory, UnitHistory
from orgmodel.report.history_words import (
    crossed,
    day,
    lineage_lines,
    person_phrase,
    renamed,
    timeline,
    unit_phrase,
    what_happened,
)
from orgmodel.report.markdown_text import cell, code


def _entry(entry: HistoryEntry) -> list[str]:
    commit = entry.commit
    out = [
        f"## {day(commit)} · {cell(commit.subject)} ({code(commit.short)})",
        "",
        f"*{cell(commit.author)}*",
        "",
        f"**{cell(what_happened(entry))}**",
        "",
    ]
    bullets = lineage_lines(entry)
    bullets += [text for text in (crossed(entry), renamed(entry), timeline(entry)) if text]
    if bullets:
        out += [f"- {cell(text)}" for text in bullets] + [""]
    return out


def render_history_markdown(history: OrgHistory) -> str:
    out = [f"# Org history: {cell(history.file)}", ""]
    for entry in history.entries:
        out += _entry(entry)
    if not history.entries:
        out += ["No commits changed the org.", ""]
    return "\n".join(out)


def _row(commit: Commit, what: str) -> str:
    return f"| {day(commit)} | {code(commit.short)} | {cell(commit.subject)} | {cell(what)} |"


_TABLE = ["| date | commit | subject | change |", "|---|---|---|---|"]


def render_person_markdown(history: PersonHistory) -> str:
    out = [f"# {code(history.person)} in {cell(history.file)}", "", *_TABLE]
    out += [_row(e.entry.commit, person_phrase(e.change)) for e in history.events]
    return "\n".join([*out, ""])


def render_unit_markdown(history: UnitHistory) -> str:
    out = [
        f"# Unit {code(history.unit)} in {cell(history.file)}",
        "",
        f"- came from: {', '.join(map(code, history.came_from)) or '(nothing)'}",
        f"- became: {', '.join(map(code, history.became)) or '(nothing)'}",
        "",
        *_TABLE,
    ]
    for event in history.events:
        what = [lineage_phrase(line, most=8) for line in event.lineage]
        what += [unit_phrase(change) for change in event.units]
        out.append(_row(event.entry.commit, "; ".join(what)))
    return "\n".join([*out, ""])
