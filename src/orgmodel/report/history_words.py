"""The history in words, shared by its text and Markdown reports: what a commit did to the org,
its numbers, and one line per change of a followed person or unit."""

from __future__ import annotations

from orgmodel.diff.model import PersonChange, UnitChange
from orgmodel.diff.summary import field_changes, lineage_phrase, number, summary_line
from orgmodel.history.git import Commit
from orgmodel.history.model import HistoryEntry
from orgmodel.wording import people, plural

# The numbers a history shows for each commit: the timeline of the org's size and depth.
TIMELINE = ("headcount", "units", "layers")


def day(commit: Commit) -> str:
    """The author date without its time: histories read by the day."""
    return commit.date[:10]


def what_happened(entry: HistoryEntry) -> str:
    """The commit's effect on the org in one line: the diff's summary, or why there is none."""
    if entry.change == "invalid":
        return f"Does not load: {entry.error}"
    if entry.change == "deleted":
        return "The file was deleted."
    if entry.change == "created" and entry.metrics is not None:
        m = entry.metrics
        return (
            f"Created: {people(m.headcount)} in {plural(m.units, 'unit')}, "
            f"{plural(m.layers, 'layer')}."
        )
    if entry.diff is None:
        return "No earlier version of the org loads to compare it with."
    if entry.diff.empty:
        return "No change to the org."
    return summary_line(entry.diff)


def timeline(entry: HistoryEntry) -> str:
    """`headcount 40 → 42, units 6 → 10, layers 3` (a number that did not move is shown once)."""
    if entry.metrics is None:
        return ""
    now = entry.metrics.as_dict()
    before = entry.diff.metrics if entry.diff is not None and entry.change != "created" else {}
    parts = []
    for key in TIMELINE:
        was = before[key][0] if key in before else now[key]
        shown = number(now[key]) if was == now[key] else f"{number(was)} → {number(now[key])}"
        parts.append(f"{key} {shown}")
    return ", ".join(parts)


# Lineage read first: what became of whole units, before parts carved out of units that remain.
_LINEAGE_ORDER = {"rename": 0, "split": 1, "merge": 2, "carve-out": 3}
MOST_LINEAGE = 6


def lineage_lines(entry: HistoryEntry, most: int = MOST_LINEAGE) -> list[str]:
    """The lineage of a commit's diff in a few words each, renames, splits and merges first; past
    `most`, a count of the rest (all of them are in `orgmodel diff` and the JSON report)."""
    if entry.diff is None or entry.change == "created":
        return []
    ordered = sorted(entry.diff.lineage, key=lambda line: _LINEAGE_ORDER[line.kind])
    lines = [lineage_phrase(line) for line in ordered[:most]]
    if len(ordered) > most:
        lines.append(f"… and {len(ordered) - most} more lineage")
    return lines


def crossed(entry: HistoryEntry) -> str:
    """Which org the diff starts from, when commits that do not load come between."""
    if not entry.across or entry.base is None:
        return ""
    broken = ", ".join(commit[:7] for commit in entry.across)
    return f"Compared with {entry.base[:7]}, across {broken} (does not load)"


def renamed(entry: HistoryEntry) -> str:
    return f"File renamed: {entry.renamed_from} → {entry.path}" if entry.renamed_from else ""


def person_phrase(change: PersonChange) -> str:
    """`moved: unit: qianwen → post-training; manager: lin → zhou`."""
    details = field_changes(change.fields)
    return f"{change.change}: {details}" if details else change.change


def unit_phrase(change: UnitChange) -> str:
    """`added pre-training (Pre-training), under qwen` or `renamed qwen-team: name: …`."""
    if change.change in ("added", "removed"):
        parent = change.fields.get("parent", (None, None))
        where = parent[1] if change.change == "added" else parent[0]
        return f"{change.change} {change.id} ({change.name}), " + (
            f"under {where}" if where else "at the top"
        )
    return f"{change.change} {change.id} ({change.name}): {field_changes(change.fields)}"
