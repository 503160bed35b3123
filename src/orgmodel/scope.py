"""What a view limited by `--root` and `--depth` holds, for charts and trees alike."""

from __future__ import annotations

from orgmodel.errors import UsageError
from orgmodel.structure import Structure
from orgmodel.wording import suggestion


def check_root(s: Structure, root: str | None) -> None:
    """UsageError when `--root` names no unit of the org."""
    if root is not None and root not in s.units:
        raise UsageError(f"--root: no unit {root!r} in this org{suggestion(root, list(s.units))}")


def hidden_below(s: Structure, unit: str, headcount: dict[str, int]) -> tuple[int, int]:
    """People and units below `unit` that a depth limit hides."""
    below = [u for child in s.children[unit] for u in s.subtree(child)]
    people = sum(headcount[c] for c in s.children[unit] if not s.units[c].overlay)
    return people, len(below)
