"""The diff in words, shared by every view of it (the text and Markdown reports, the picture's
caption and labels): field changes, numbers and the one-line summary."""

from __future__ import annotations

from typing import Any

from orgmodel import wording
from orgmodel.diff.model import FieldChange, OrgDiff, UnitLineage

# Fields whose values are ids: shown bare; other strings are quoted.
ID_FIELDS = frozenset(
    ("id", "unit", "parent", "manager", "lead", "dotted", "memberships", "spans", "home")
)


def value(field: str, shown: Any) -> str:
    if shown is None or shown == []:
        return "(none)"
    if isinstance(shown, bool):
        return "true" if shown else "false"
    if isinstance(shown, list):
        return ", ".join(value(field, item) for item in shown)
    if isinstance(shown, str) and field.split(".")[0] not in ID_FIELDS:
        return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(shown)


# List fields whose order carries no meaning: shown as what was added and what was removed.
SET_FIELDS = frozenset(("memberships", "dotted", "tags", "spans"))


def field_change(name: str, change: FieldChange) -> str:
    before, after = change
    if name in SET_FIELDS and isinstance(before, list) and isinstance(after, list):
        gained = [f"+{value(name, item)}" for item in after if item not in before]
        lost = [f"-{value(name, item)}" for item in before if item not in after]
        return f"{name}: {', '.join(gained + lost)}"
    return f"{name}: {value(name, before)} → {value(name, after)}"


def field_changes(fields: dict[str, FieldChange], leave_out: tuple[str, ...] = ()) -> str:
    return "; ".join(
        field_change(name, change) for name, change in fields.items() if name not in leave_out
    )


def percent(share: float) -> str:
    """A share as every view of the diff writes it: "35%"."""
    return f"{share:.0%}"


def number(shown: float) -> str:
    return str(int(shown)) if float(shown).is_integer() else f"{shown:g}"


def delta(before: float, after: float) -> str:
    change = after - before
    if change == 0:
        return ""
    return f"+{number(change)}" if change > 0 else f"-{number(-change)}"


def _side(units: tuple[str, ...]) -> str:
    """Unit ids for the summary line: named when few, counted when many."""
    return ", ".join(units) if len(units) <= 2 else str(len(units))


def summary_line(result: OrgDiff) -> str:
    """One line that reads like the reorganisation, e.g. `Reorg: 4 units added, 1 split (qianwen
    → 4), 1 removed; 12 people moved, 1 left, 2 joined; layers 3 → 4.`"""
    if result.empty:
        return "No changes."
    s = result.summary
    units: list[str] = []
    if s["units_added"]:
        units.append(f"{wording.plural(s['units_added'], 'unit')} added")
    lineage_words = {"split": "splits", "merge": "merges", "carve-out": "carve-outs"}
    for kind, word in lineage_words.items():
        lines = [line for line in result.lineage if line.kind == kind]
        if len(lines) == 1:
            units.append(f"1 {kind} ({_side(lines[0].from_)} → {_side(lines[0].to)})")
        elif lines:
            units.append(f"{len(lines)} {word}")
    for key, word in (
        ("units_renamed", "renamed"),
        ("units_removed", "removed"),
        ("units_moved", "moved"),
        ("units_changed", "changed"),
    ):
        if s[key]:
            noun = "" if s["units_added"] else f" {wording.noun(s[key], 'unit')}"
            if any(" unit" in part for part in units):
                noun = ""
            units.append(f"{s[key]}{noun} {word}")
    people: list[str] = []
    for key, word in (
        ("people_moved", "moved"),
        ("people_left", "left"),
        ("people_joined", "joined"),
        ("people_changed", "changed"),
    ):
        if s[key]:
            people.append(f"{s[key]} {word}")
    if people:
        count, rest = people[0].split(" ", 1)
        people[0] = f"{wording.people(int(count))} {rest}"
    for key, word in (
        ("positions_opened", "opened"),
        ("positions_filled", "filled"),
        ("positions_closed", "closed"),
    ):
        if s[key]:
            people.append(f"{wording.plural(s[key], 'position')} {word}")
    interactions = sum(s[k] for k in s if k.startswith("interactions_"))
    parts = [", ".join(group) for group in (units, people) if group]
    if interactions:
        parts.append(f"{wording.plural(interactions, 'interaction')} changed")
    layers = result.metrics["layers"]
    parts.append(f"layers {number(layers[0])} → {number(layers[1])}")
    return "Reorg: " + "; ".join(parts) + "."


def _named(units: tuple[str, ...], most: int) -> str:
    """Unit ids of one side of a lineage: all of them when few, else the first and a count."""
    if len(units) <= most:
        return ", ".join(units)
    return f"{', '.join(units[: most - 1])}… ({len(units)})"


def lineage_phrase(line: UnitLineage, most: int = 4) -> str:
    """One lineage in a few words, e.g. `split qianwen → pre-training, post-training` or
    `merge sig-aws, sig-azure… (5) → sig-cloud-provider`."""
    return f"{line.kind} {_named(line.from_, most)} → {_named(line.to, most)}"
