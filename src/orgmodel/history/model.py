"""The result of reading an org's history: one entry per commit that changed the file, each with
the org it left (its metrics, and its blob, from which a view that compares any two commits
loads them again), the semantic diff from the org before it, or why it does not load. Pure data,
newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from orgmodel.diff.model import OrgDiff, PersonChange, UnitChange, UnitLineage
from orgmodel.history.git import Commit
from orgmodel.metrics import OrgMetrics

# created: the file appeared; changed: the org differs; unchanged: the file changed but the org
# did not (a reformat, a comment, a rename of the file); invalid: the file does not load;
# deleted: the file went away.
EntryKind = Literal["created", "changed", "unchanged", "invalid", "deleted"]


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that touched the file. `diff` starts from the last org before it that loads
    (`base`, a commit id; None when there was none, as for the first commit), so a broken commit
    in between is crossed, not lost."""

    commit: Commit
    path: str  # the file's path in this commit
    renamed_from: str | None  # its path before, when this commit renamed it
    change: EntryKind
    base: str | None = None
    across: tuple[str, ...] = ()  # commits between `base` and this one whose file does not load
    diff: OrgDiff | None = None
    metrics: OrgMetrics | None = None  # of the org this commit left; None when it does not load
    blob: str | None = None  # the file's git object in this commit
    error: str | None = None  # the first error, located, when the file does not load

    @property
    def semantic(self) -> bool:
        """Whether the org itself changed (or stopped loading): what the history shows."""
        return self.change != "unchanged"


@dataclass(frozen=True)
class OrgHistory:
    """Every commit that touched `file`, newest first."""

    file: str
    entries: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class PersonEvent:
    entry: HistoryEntry
    change: PersonChange


@dataclass(frozen=True)
class PersonHistory:
    """One person through time: each commit that changed their entry, newest first."""

    file: str
    person: str
    events: tuple[PersonEvent, ...]


@dataclass(frozen=True)
class UnitEvent:
    entry: HistoryEntry
    units: tuple[UnitChange, ...]  # changes of the unit or of the units in its lineage
    lineage: tuple[UnitLineage, ...]


@dataclass(frozen=True)
class UnitHistory:
    """One unit's lineage through time: what it came from (units that were renamed, split or
    merged into it, and theirs before them), what it became, and each commit that changed any
    of them, newest first."""

    file: str
    unit: str
    came_from: tuple[str, ...]
    became: tuple[str, ...]
    events: tuple[UnitEvent, ...]
