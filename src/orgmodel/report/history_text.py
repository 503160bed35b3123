"""The history as text: one block per commit (commit, date, author, subject), then what it did
to the org, its lineage and the headline numbers; or one person's or one unit's changes."""

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
from orgmodel.wording import plural


def _headline(commit: Commit) -> str:
    return f"{commit.short}  {day(commit)}  {commit.author}  {commit.subject}"


def _entry(entry: HistoryEntry) -> list[str]:
    lines = [_headline(entry.commit), f"    {what_happened(entry)}"]
    lines += [f"    {text}" for text in lineage_lines(entry)]
    notes = (crossed(entry), renamed(entry), timeline(entry))
    return lines + [f"    {text}" for text in notes if text]


def _blocks(title: str, blocks: list[list[str]], nothing: str) -> str:
    out = [title, ""]
    for block in blocks:
        out += [*block, ""]
    if not blocks:
        out += [nothing, ""]
    return "\n".join(out)


def render_history_text(history: OrgHistory) -> str:
    title = f"orgmodel history: {history.file} ({plural(len(history.entries), 'commit')})"
    return _blocks(title, [_entry(e) for e in history.entries], "No commits changed the org.")


def render_person_text(history: PersonHistory) -> str:
    title = f"orgmodel history: {history.file}, person {history.person}"
    blocks = [
        [_headline(e.entry.commit), f"    {e.change.label}: {person_phrase(e.change)}"]
        for e in history.events
    ]
    return _blocks(title, blocks, "No commits changed this person.")


def render_unit_text(history: UnitHistory) -> str:
    title = f"orgmodel history: {history.file}, unit {history.unit}"
    head = [
        f"Came from: {', '.join(history.came_from) or '(nothing)'}",
        f"Became: {', '.join(history.became) or '(nothing)'}",
    ]
    blocks = [head]
    for event in history.events:
        lines = [_headline(event.entry.commit)]
        lines += [f"    {lineage_phrase(line, most=8)}" for line in event.lineage]
        lines += [f"    {unit_phrase(change)}" for change in event.units]
        blocks.append(lines)
    return _blocks(title, blocks, "")
