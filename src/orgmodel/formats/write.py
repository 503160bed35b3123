"""Writing an org as a file: YAML and JSON losslessly, CSV in its one-row-per-person form."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from orgmodel.formats.csv_cells import (
    LIST_SEPARATOR,
    TYPED_SUFFIX,
    plain_survives,
    write_typed,
)
from orgmodel.formats.csv_units import unit_cell_is_id
from orgmodel.formats.registry import Format
from orgmodel.formats.yaml_emit import dump_yaml
from orgmodel.model import Org
from orgmodel.structure import Structure

CSV_COLUMNS = (
    "id",
    "name",
    "title",
    "manager",
    "unit",
    "unit_parent",
    "unit_name",
    "unit_lead",
    "vacant",
)


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


def org_yaml(org: Org) -> str:
    return dump_yaml(org_data(org))


def org_json(org: Org) -> str:
    return json.dumps(org_data(org), indent=2, ensure_ascii=False) + "\n"


def dump_org(s: Structure, fmt: Format) -> str:
    """The org in `fmt`, one of the org formats (CSV needs the derived structure)."""
    if fmt is Format.csv:
        return org_csv(s)
    if fmt is Format.json:
        return org_json(s.org)
    if fmt is Format.yaml:
        return org_yaml(s.org)
    raise ValueError(f"an org is not written as {fmt}")


def org_csv(s: Structure) -> str:
    """One row per person: home unit, its parent and name, whether they lead it, the manager of
    record, vacancy, dotted lines, one `attrs.<key>` column per attribute key (`:json` where
    the values are not all plain text) and the snapshot's date. The unit column is `unit_id`
    when some id would not be read back as it is from a `unit` column."""
    attr_keys = sorted({key for person in s.people.values() for key in person.attrs})
    typed = {key for key in attr_keys if _typed_attr(s, key)}
    homes = {unit for unit in s.home.values() if unit is not None}
    written = homes | {s.parent[u] for u in homes if s.parent.get(u) is not None}
    unit_column = "unit" if all(unit_cell_is_id(str(u)) for u in written) else "unit_id"
    columns = [
        *CSV_COLUMNS,
        "dotted",
        *(f"attrs.{key}{TYPED_SUFFIX if key in typed else ''}" for key in attr_keys),
    ]
    columns[columns.index("unit")] = unit_column
    if not any(unit.name != uid for uid, unit in s.units.items()):
        columns.remove("unit_name")
    if not homes:
        columns.remove("unit_lead")
    if s.org.as_of is not None:
        columns.append("as_of")
    as_of = s.org.as_of.isoformat() if s.org.as_of is not None else ""
    lines = [_csv_line(columns)]
    for pid, person in s.people.items():
        home = s.home.get(pid)
        unit = s.units[home] if home else None
        row: dict[str, str] = {
            "id": pid,
            "name": person.name or "",
            "title": person.title or "",
            "manager": s.manager.get(pid) or "",
            unit_column: home or "",
            "unit_parent": (s.parent.get(home) or "") if home else "",
            "unit_name": unit.name if unit else "",
            "unit_lead": "yes" if unit and unit.lead[:1] == (pid,) else "",
            "vacant": "yes" if person.vacant else "",
            "dotted": LIST_SEPARATOR.join(person.dotted),
            "as_of": as_of,
        }
        for key in attr_keys:
            if key in person.attrs:
                value = person.attrs[key]
                cell = write_typed(value) if key in typed else str(value)
                row[f"attrs.{key}{TYPED_SUFFIX if key in typed else ''}"] = cell
        lines.append(_csv_line([row.get(column, "") for column in columns]))
    return "".join(lines)


def _typed_attr(s: Structure, key: str) -> bool:
    """Whether attribute `key` needs a typed column: a value that is not text, or text a plain
    cell would not give back (or a key that would itself read as typed)."""
    if key.lower().endswith(TYPED_SUFFIX):
        return True
    values = (p.attrs[key] for p in s.people.values() if key in p.attrs)
    return not all(isinstance(v, str) and plain_survives(v) for v in values)


# Cells with these are quoted. The csv module quotes only the characters of its line
# terminator, so with "\n" it leaves a lone "\r" bare, which splits the row on reading.
_NEEDS_QUOTES = re.compile(r'[",\r\n]')
_BREAK_OR_QUOTE = re.compile(r'["\r\n]')


def _csv_line(cells: list[str]) -> str:
    line = ",".join(cells)
    if line.count(",") == len(cells) - 1 and not _BREAK_OR_QUOTE.search(line):
        return line + "\n"  # the usual row: nothing to quote, checked in one pass
    quoted = (
        '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
        for cell in cells
    )
    return ",".join(quoted) + "\n"


def csv_losses(s: Structure, read_back_as: str | None = None) -> list[str]:
    """What the CSV form cannot carry for this org, for a warning before writing it.
    `read_back_as` is the name the CSV will be read back with (its file name), if known."""
    losses: list[str] = []

    def note(count: int, what: str) -> None:
        if count:
            losses.append(f"{count} {what}")

    org = s.org
    if org.name != read_back_as:
        losses.append(
            f"the org's name {org.name!r} (a CSV is named after its file; read it back with --name)"
        )
    if org.description:
        losses.append("the org's description")
    note(len(org.sources), "sources")
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
    texts = [text for p in s.people.values() for text in (p.name, p.title) if text is not None]
    texts += [s.units[uid].name for uid in set(s.home.values()) if uid is not None]
    note(
        sum(not plain_survives(text) for text in texts),
        "names or titles that are empty or start or end with a space (read back trimmed)",
    )
    keys = {key for p in s.people.values() for key in p.attrs}
    note(sum(not plain_survives(key) for key in keys), "attribute keys that are empty or padded")
    note(
        sum(LIST_SEPARATOR in d for p in s.people.values() for d in p.dotted),
        f"dotted-line managers whose ids have a {LIST_SEPARATOR!r} in them",
    )
    return losses
