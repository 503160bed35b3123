"""Writing an org as a file: YAML and JSON losslessly, CSV in its one-row-per-person form."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from orgmodel.load.csv import LIST_SEPARATOR
from orgmodel.model import Org
from orgmodel.structure import Structure
from orgmodel.yaml_emit import dump_yaml

CSV_COLUMNS = ("id", "name", "title", "manager", "unit", "unit_parent", "unit_name", "vacant")


def org_data(org: Org) -> dict[str, Any]:
    """The org as plain data in the file format: defaults left out, a single lead written as one
    id, the format version first."""
    data = org.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for person, written in zip(org.people, data.get("people", []), strict=True):
        if person.explicitly_top:
            written["manager"] = None
    for unit in walk_units(data.get("units", [])):
        if len(unit.get("lead", ())) == 1:
            unit["lead"] = unit["lead"][0]
    return {"orgmodel": org.orgmodel, **data}


def walk_units(units: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every unit of plain org data, parents before children, in file order."""
    stack = list(reversed(units))
    while stack:
        unit = stack.pop()
        yield unit
        stack.extend(reversed(unit.get("units", [])))


def render_yaml(org: Org) -> str:
    return dump_yaml(org_data(org))


def render_json(org: Org) -> str:
    return json.dumps(org_data(org), indent=2, ensure_ascii=False) + "\n"


def render_csv(s: Structure) -> str:
    """One row per person: home unit, its parent and name, the manager of record, vacancy,
    dotted lines and one `attrs.<key>` column per attribute key."""
    attr_keys = sorted({key for person in s.people.values() for key in person.attrs})
    columns = [*CSV_COLUMNS, "dotted", *(f"attrs.{key}" for key in attr_keys)]
    named = any(unit.name != uid for uid, unit in s.units.items())
    if not named:
        columns.remove("unit_name")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for pid, person in s.people.items():
        home = s.home.get(pid)
        row: dict[str, str] = {
            "id": pid,
            "name": person.name or "",
            "title": person.title or "",
            "manager": s.manager.get(pid) or "",
            "unit": home or "",
            "unit_parent": (s.parent.get(home) or "") if home else "",
            "unit_name": s.units[home].name if home else "",
            "vacant": "yes" if person.vacant else "",
            "dotted": LIST_SEPARATOR.join(person.dotted),
        }
        for key in attr_keys:
            value = person.attrs.get(key)
            row[f"attrs.{key}"] = "" if value is None else _cell(value)
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_losses(s: Structure) -> list[str]:
    """What the CSV form cannot carry for this org, for a warning before writing it."""
    losses: list[str] = []

    def note(count: int, what: str) -> None:
        if count:
            losses.append(f"{count} {what}")

    note(sum(1 for u in s.units.values() if u.overlay), "overlay units (committees, guilds)")
    note(sum(1 for u in s.units.values() if len(u.lead) > 1), "units with co-leads (one kept)")
    listed = {pid for pid, units in s.listings.items() if len(units) > 1}
    note(len(listed), "secondary memberships' people (only home units are kept)")
    homes = set(s.home.values())
    empty = [u for u in s.units if u not in homes and not s.units[u].overlay]
    note(len(empty), "units with no one at home in them (kept only as a parent, if at all)")
    note(len(s.org.interactions), "interactions")
    note(sum(1 for u in s.units.values() if u.formerly), "`formerly` lineage hints")
    unit_extras = sum(
        1
        for u in s.units.values()
        if u.kind or u.function or u.topology or u.url or u.tags or u.attrs or u.description
    )
    note(unit_extras, "units' kind, function, topology, url, tags, attrs or description")
    person_extras = sum(
        1 for p in s.people.values() if p.tags or p.url or p.assistant or p.home is not None
    )
    note(person_extras, "people's tags, url, assistant or home")
    return losses
