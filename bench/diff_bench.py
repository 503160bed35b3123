"""Diff benchmark (issue: semantic diff). Generated before/after orgs of 1k, 10k and 100k people
(5 % moved, 2 % left, 2 % joined, some teams renamed, split and merged), as JSON and CSV. Prints,
in one run, the wall time of `orgmodel diff --format json` beside:
  (a) the floor: a bare `json.load` (or `csv.DictReader`) of both files and a dict-keyed
      comparison of people by id, as a whole process;
  (b) the peer: `deepdiff.DeepDiff(before_people, after_people, group_by="id")`, as a whole
      process, at 1k and 10k people (JSON).

    pip install deepdiff    # only for the peer column
    python bench/diff_bench.py [--sizes 1000,10000,100000] [--repeat 3]

Targets: <= 2.5x the floor at 100k; >= 5x faster than the peer at 10k.

For JSON it also prints the models floor: a process that only imports the model and builds both
orgs (`Org.model_validate` of each parsed file, the GC off), with no checks, no derived
structure and no comparison. No diff built on the model can beat it; its ratio to the floor
shows how much of the target the model leaves.
"""

from __future__ import annotations

import copy
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, options, wall
from orggen import generate, to_csv_rows

FLOOR = {
    "json": """
import json, sys
before = json.load(open(sys.argv[1], encoding="utf-8"))
after = json.load(open(sys.argv[2], encoding="utf-8"))
b = {p["id"]: p for p in before["people"]}
a = {p["id"]: p for p in after["people"]}
joined, left = a.keys() - b.keys(), b.keys() - a.keys()
changed = [k for k in a.keys() & b.keys() if a[k] != b[k]]
""",
    "csv": """
import csv, sys
def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}
b, a = rows(sys.argv[1]), rows(sys.argv[2])
joined, left = a.keys() - b.keys(), b.keys() - a.keys()
changed = [k for k in a.keys() & b.keys() if a[k] != b[k]]
""",
}
MODELS_FLOOR = """
import gc, json, sys
gc.disable()
from orgmodel.model import Org
before = Org.model_validate(json.load(open(sys.argv[1], encoding="utf-8")))
after = Org.model_validate(json.load(open(sys.argv[2], encoding="utf-8")))
"""
PEER = """
import json, sys
from deepdiff import DeepDiff
before = json.load(open(sys.argv[1], encoding="utf-8"))
after = json.load(open(sys.argv[2], encoding="utf-8"))
DeepDiff(before["people"], after["people"], group_by="id")
"""


def _teams(org: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(department, team) pairs."""
    return [
        (dept, team)
        for division in org["units"][0]["units"]
        for dept in division["units"]
        for team in dept["units"]
    ]


def reorganise(before: dict[str, Any], seed: int = 2) -> dict[str, Any]:
    """The after snapshot: moves, leavers, joiners, renamed, split and merged teams."""
    rng = random.Random(seed)
    after = copy.deepcopy(before)
    teams = _teams(after)
    people = after["people"]
    count = len(people)
    members = [(team, pid) for _, team in teams for pid in team.get("members", [])]
    rng.shuffle(members)
    leaving = members[: count * 2 // 100]
    moving = members[count * 2 // 100 : count * 7 // 100]
    gone = {pid for _, pid in leaving}
    for team, pid in leaving:
        team["members"].remove(pid)
    after["people"] = [p for p in people if p["id"] not in gone]
    for team, pid in moving:
        team["members"].remove(pid)
        rng.choice(teams)[1]["members"].append(pid)
    for k in range(count * 2 // 100):
        after["people"].append({"id": f"new{k:06d}", "name": f"New {k}", "title": "Engineer"})
        rng.choice(teams)[1]["members"].append(f"new{k:06d}")
    picks = rng.sample(range(len(teams)), k=min(len(teams), 3 * max(1, len(teams) // 100)))
    third = len(picks) // 3
    for i in picks[:third]:  # renamed to a new id
        teams[i][1]["id"] += "-renamed"
    for i in picks[third : 2 * third]:  # split in two
        dept, team = teams[i]
        half = len(team["members"]) // 2
        twin = {
            "id": team["id"] + "-b",
            "name": team["name"] + " B",
            "kind": "team",
            "members": team["members"][half:],
        }
        team["members"] = team["members"][:half]
        team["id"] += "-a"
        dept["units"].append(twin)
    for first, second in zip(picks[2 * third :: 2], picks[2 * third + 1 :: 2], strict=False):
        (_, keep), (dept, drop) = teams[first], teams[second]  # merged into a new team
        if drop not in dept["units"] or keep is drop:
            continue
        keep["members"] = keep["members"] + [drop["lead"], *drop["members"]]
        keep["id"] += "-merged"
        dept["units"].remove(drop)
    return after


def write_pair(size: int) -> dict[str, tuple[Path, Path]]:
    before = generate(size)
    after = reorganise(before)
    paths: dict[str, tuple[Path, Path]] = {}
    for fmt in ("json", "csv"):
        pair = []
        for side, org in (("before", before), ("after", after)):
            path = OUT / f"diff-{size}-{side}.{fmt}"
            if fmt == "json":
                path.write_text(json.dumps(org, indent=1), encoding="utf-8")
            else:
                rows = to_csv_rows(org)
                with path.open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                    writer.writeheader()
                    writer.writerows(rows)
            pair.append(path)
        paths[fmt] = (pair[0], pair[1])
    return paths


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "1000,10000,100000")
    try:
        import deepdiff  # noqa: F401

        have_peer = True
    except ImportError:
        have_peer = False
    OUT.mkdir(exist_ok=True)
    print(
        f"{'people':>8} {'format':>6} {'floor s':>8} {'orgmodel s':>11} {'x floor':>8} "
        f"{'deepdiff s':>11} {'x faster':>9} {'models floor s':>15} {'x floor':>8}"
    )
    for size in sizes:
        for fmt, (before, after) in write_pair(size).items():
            floor = wall([sys.executable, "-c", FLOOR[fmt], str(before), str(after)], repeat)
            ours = wall([orgmodel, "diff", "--format", "json", str(before), str(after)], repeat)
            peer = ""
            speedup = ""
            if have_peer and fmt == "json" and size <= 10_000:
                peer_s = wall([sys.executable, "-c", PEER, str(before), str(after)], 1)
                peer, speedup = f"{peer_s:.3f}", f"{peer_s / ours:.1f}"
            models = ""
            if fmt == "json":
                command = [sys.executable, "-c", MODELS_FLOOR, str(before), str(after)]
                models_s = wall(command, repeat)
                models = f"{models_s:>15.3f} {models_s / floor:>8.2f}"
            print(
                f"{size:>8} {fmt:>6} {floor:>8.3f} {ours:>11.3f} {ours / floor:>8.2f} "
                f"{peer:>11} {speedup:>9} {models}",
                flush=True,
            )


if __name__ == "__main__":
    main()
