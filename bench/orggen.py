"""Generated orgs for the benchmarks: a company tree of divisions, departments and teams of about
ten, with titles, attributes, vacancies, dotted lines and a few people in two teams."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

TEAM_SIZE = 10


def generate(people: int, seed: int = 1) -> dict[str, Any]:
    """An org of about `people` people (exactly that many), as plain data."""
    rng = random.Random(seed)
    persons: list[dict[str, Any]] = []

    def person(title: str) -> str:
        pid = f"p{len(persons):06d}"
        entry: dict[str, Any] = {"id": pid, "name": f"Person {len(persons)}", "title": title}
        if rng.random() < 0.03:
            entry = {"id": pid, "title": title, "vacant": True}
        if rng.random() < 0.5:
            entry["attrs"] = {"location": rng.choice(["Hangzhou", "Beijing", "Singapore"])}
        persons.append(entry)
        return pid

    ceo = person("CEO")
    divisions: list[dict[str, Any]] = []
    team_number = 0
    # Teams of ten, ten teams a department, ten departments a division, until everyone is placed.
    while len(persons) < people:
        if not divisions or len(divisions[-1]["units"]) == 10:
            d = len(divisions)
            divisions.append(
                {
                    "id": f"div-{d}",
                    "name": f"Division {d}",
                    "kind": "division",
                    "lead": person("VP"),
                    "units": [],
                }
            )
        division = divisions[-1]
        if not division["units"] or len(division["units"][-1]["units"]) == 10:
            e = len(division["units"])
            division["units"].append(
                {
                    "id": f"{division['id']}-dept-{e}",
                    "name": f"Department {e}",
                    "kind": "department",
                    "lead": person("Director"),
                    "units": [],
                }
            )
        department = division["units"][-1]
        if len(persons) >= people:
            break
        lead = person("Manager")
        size = min(TEAM_SIZE - 1, people - len(persons))
        department["units"].append(
            {
                "id": f"team-{team_number}",
                "name": f"Team {team_number}",
                "kind": "team",
                "function": rng.choice(["product", "infra", "research"]),
                "lead": lead,
                "members": [person("Engineer") for _ in range(size)],
            }
        )
        team_number += 1
    # Dotted lines: some engineers also answer to another team's manager.
    managers = [p["id"] for p in persons if p.get("title") == "Manager"]
    for entry in rng.sample(persons, k=len(persons) // 50):
        if entry.get("title") == "Engineer" and managers:
            entry["dotted"] = [rng.choice(managers)]
    return {
        "orgmodel": 1,
        "name": f"Generated org of {people} people",
        "as_of": "2026-03-05",
        "people": persons,
        "units": [
            {"id": "company", "name": "Company", "kind": "company", "lead": ceo, "units": divisions}
        ],
    }


def _walk(units: list[dict[str, Any]], parent: str | None):  # type: ignore[no-untyped-def]
    for unit in units:
        yield unit, parent
        yield from _walk(unit.get("units", []), unit["id"])


def to_csv_rows(org: dict[str, Any]) -> list[dict[str, str]]:
    """One row per person with the default columns; managers written explicitly."""
    home: dict[str, tuple[str, str | None]] = {}
    lead_of: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for unit, parent in _walk(org["units"], None):
        parents[unit["id"]] = parent
        # A unit without a lead passes its people to the nearest lead above.
        lead_of[unit["id"]] = unit.get("lead") or lead_of.get(parent or "", "")
        for pid in [*([unit["lead"]] if "lead" in unit else []), *unit.get("members", [])]:
            home.setdefault(pid, (unit["id"], parent))
    rows = []
    for p in org["people"]:
        unit, parent = home[p["id"]]
        manager = lead_of[unit] if lead_of[unit] != p["id"] else lead_of.get(parent or "", "")
        rows.append(
            {
                "id": p["id"],
                "name": p.get("name", ""),
                "title": p.get("title", ""),
                "manager": manager or "",
                "unit": unit,
                "unit_parent": parent or "",
                "vacant": "yes" if p.get("vacant") else "",
                "dotted": ";".join(p.get("dotted", [])),
                "attrs.location": p.get("attrs", {}).get("location", ""),
            }
        )
    return rows


def write_all(org: dict[str, Any], stem: Path) -> dict[str, Path]:
    """Write the org as YAML, JSON and CSV next to `stem`; returns the paths by format."""
    from orgmodel.formats.yaml_emit import dump_yaml

    paths = {fmt: stem.with_suffix(f".{fmt}") for fmt in ("yaml", "json", "csv")}
    paths["yaml"].write_text(dump_yaml(org), encoding="utf-8")
    paths["json"].write_text(json.dumps(org, indent=1, ensure_ascii=False), encoding="utf-8")
    rows = to_csv_rows(org)
    with paths["csv"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return paths
