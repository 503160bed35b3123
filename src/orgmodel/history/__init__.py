"""An org's reorganisations, read from its git history: `read_history(path) -> OrgHistory`, and
views of it that follow one person or one unit through time."""

from orgmodel.history.follow import follow_person, follow_unit, shown, window
from orgmodel.history.git import Commit, Range
from orgmodel.history.model import (
    HistoryEntry,
    OrgHistory,
    PersonEvent,
    PersonHistory,
    UnitEvent,
    UnitHistory,
)
from orgmodel.history.walk import load_snapshots, read_history

__all__ = [
    "Commit",
    "HistoryEntry",
    "OrgHistory",
    "PersonEvent",
    "PersonHistory",
    "Range",
    "UnitEvent",
    "UnitHistory",
    "follow_person",
    "follow_unit",
    "load_snapshots",
    "read_history",
    "shown",
    "window",
]
