"""The manager of record (DESIGN §1.4), the one rule for it: what the structure derives for an
org, and what the CSV reader leaves out as derivable.

Someone without an explicit manager reports to the first lead of their home unit, or of the
nearest unit above with one (overlays have no say). Co-leads are peers, and no one reports to a
lead whose unit sits below a unit they lead themselves: for someone who leads their home unit or
a unit above it, the search starts above the highest such unit (this keeps matrix orgs, where one
person leads a unit and a sub-unit of it, free of two-person reporting loops).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

U = TypeVar("U", bound=Hashable)  # a unit's key


def derived_managers(
    unit_order: Iterable[U],
    parent: Mapping[U, U | None],
    first_lead: Mapping[U, str],
    home: Mapping[str, U | None],
    led: Mapping[str, Sequence[U]],
) -> dict[str, str | None]:
    """Every person of `home` (person → home unit) with the manager the units give them.
    `unit_order` has parents before children; `first_lead` is a unit's first lead who is a
    person of the org (overlays left out); `led` is the units each person leads."""
    # The manager of anyone who leads nothing depends on the home unit alone: computed once per
    # unit, parents first.
    above: dict[U | None, str | None] = {None: None}
    for unit in unit_order:
        found = first_lead.get(unit)
        above[unit] = found if found is not None else above[parent[unit]]
    manager = {pid: above[unit] for pid, unit in home.items()}
    for pid in led.keys() & home.keys():
        own = home[pid]
        if own is None:
            continue
        units = led[pid]
        if units == [own]:  # leads their home unit and nothing else: the lead above
            manager[pid] = above[parent[own]]
            continue
        highest: U | None = None
        at: U | None = own
        while at is not None:
            if at in units:
                highest = at
            at = parent[at]
        manager[pid] = above[own] if highest is None else above[parent[highest]]
    return manager
