"""The semantic diff: `diff(before, after) -> OrgDiff`."""

from orgmodel.diff.engine import diff, diff_structures
from orgmodel.diff.model import (
    Flow,
    InteractionChange,
    OrgDiff,
    PersonChange,
    Snapshot,
    UnitChange,
    UnitLineage,
)

__all__ = [
    "Flow",
    "InteractionChange",
    "OrgDiff",
    "PersonChange",
    "Snapshot",
    "UnitChange",
    "UnitLineage",
    "diff",
    "diff_structures",
]
