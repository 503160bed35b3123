"""History benchmark (issue: `orgmodel history`). Builds, in a temporary folder, a git repository
of 500 commits of a 1,000-person org (YAML) with small changes in each (a title, a move, a hire,
a leaver), then prints, in one run, the wall time of `orgmodel history` on the file beside
`git log --follow -p` on the same file: the work a reader of the raw history asks git for.

    python bench/history_bench.py [--sizes 1000] [--commits 500] [--repeat 3]

Target: `orgmodel history` <= 3x `git log --follow -p`. Beside it, the floor of any history
that compares each commit's org with the last: deriving each snapshot's structure (from orgs
already read and checked) and diffing each with the one before, timed in this process.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import parser, settings, wall
from orggen import generate

from orgmodel.diff import diff_structures
from orgmodel.formats.yaml_emit import dump_yaml
from orgmodel.pipeline import load_org
from orgmodel.structure import derive

TARGET = 3.0
FILE = "org.yaml"


def _teams(org: dict[str, Any]) -> list[dict[str, Any]]:
    found, stack = [], list(org["units"])
    while stack:
        unit = stack.pop()
        stack.extend(unit.get("units", []))
        if unit.get("kind") == "team":
            found.append(unit)
    return sorted(found, key=lambda unit: str(unit["id"]))


def change(org: dict[str, Any], rng: random.Random, step: int) -> str:
    """One small edit of `org` in place; what it did, as a commit subject."""
    teams = _teams(org)
    kind = rng.choice(["title", "title", "move", "move", "hire", "leave"])
    people = org["people"]
    if kind == "title":
        person = rng.choice(people[1:])
        person["title"] = f"Engineer, level {step % 7 + 1}"
        return f"Retitle {person['id']}"
    source = rng.choice([t for t in teams if t.get("members")])
    if kind == "move":
        pid = source["members"].pop()
        rng.choice(teams)["members"].append(pid)
        return f"Move {pid}"
    if kind == "hire":
        pid = f"hire{step:05d}"
        people.append({"id": pid, "name": f"Hire {step}", "title": "Engineer"})
        source["members"].append(pid)
        return f"Hire {pid}"
    pid = source["members"].pop()
    org["people"] = [p for p in people if p["id"] != pid]
    for person in org["people"]:  # nobody keeps a dotted line to someone who left
        if pid in person.get("dotted", []):
            person["dotted"] = [d for d in person["dotted"] if d != pid]
            if not person["dotted"]:
                del person["dotted"]
    return f"{pid} leaves"


def build(root: Path, people: int, commits: int) -> None:
    """The repository, written by one `git fast-import` (a process per commit would take
    longer than the benchmark)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    org = generate(people)
    rng = random.Random(3)
    stream: list[bytes] = []
    for step in range(commits):
        subject = "Write down the org" if step == 0 else change(org, rng, step)
        data = dump_yaml(org).encode("utf-8")
        when = 1_767_225_600 + step * 3600
        message = subject.encode("utf-8")
        stream += [
            b"commit refs/heads/main\n",
            f"author Org Keeper <keeper@example.org> {when} +0000\n".encode(),
            f"committer Org Keeper <keeper@example.org> {when} +0000\n".encode(),
            f"data {len(message)}\n".encode(),
            message,
            b"\n",
            f"M 100644 inline {FILE}\ndata {len(data)}\n".encode(),
            data,
            b"\n",
        ]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def floor(root: Path) -> float:
    """Seconds to derive every commit's structure and diff each with the one before, the orgs
    read and checked beforehand (not timed)."""
    revisions = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--reverse", "main", "--", FILE],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    orgs = []
    snapshot = root / "snapshot.yaml"  # untracked: the history of org.yaml does not see it
    for rev in revisions:
        shown = ["git", "-C", str(root), "show", f"{rev}:{FILE}"]
        snapshot.write_bytes(subprocess.run(shown, capture_output=True, check=True).stdout)
        orgs.append(load_org(str(snapshot)).org)
    snapshot.unlink()
    start = time.perf_counter()
    structures = [derive(org) for org in orgs]
    for before, after in pairwise(structures):
        diff_structures(before, after)
    return time.perf_counter() - start


def main() -> None:
    options = parser(__doc__ or "", "1000")
    options.add_argument("--commits", type=int, default=500)
    args = options.parse_args()
    sizes, repeat, orgmodel = settings(args)
    rows = []
    for people in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            build(root, people, args.commits)
            git = wall(["git", "-C", str(root), "log", "--follow", "-p", "--", FILE], repeat)
            ours = wall([orgmodel, "history", str(root / FILE)], repeat)
            as_json = wall([orgmodel, "history", str(root / FILE), "--format", "json"], repeat)
            shown = subprocess.run(
                [orgmodel, "history", str(root / FILE)], capture_output=True, text=True, check=True
            ).stdout.count("\n    Reorg:")
            least = floor(root)
            rows.append((people, args.commits, shown, git, ours, as_json, least))
    print(
        f"{'people':>7} {'commits':>8} {'shown':>6} {'git log -p':>11} {'history':>9} "
        f"{'ratio':>6} {'--format json':>14} {'ratio':>6} {'target':>7} "
        f"{'floor: derive+diff':>19} {'ratio':>6}"
    )
    for people, commits, shown, git, ours, as_json, least in rows:
        print(
            f"{people:>7} {commits:>8} {shown:>6} {git:>10.2f}s {ours:>8.2f}s "
            f"{ours / git:>5.1f}x {as_json:>13.2f}s {as_json / git:>5.1f}x {TARGET:>6.0f}x "
            f"{least:>18.2f}s {least / git:>5.1f}x"
        )


if __name__ == "__main__":
    main()
