"""Before and after pictures of the charts the layout is judged on (docs/layout/) and of the
real reorganisations the diff picture is judged on (docs/diff/): each drawn by an earlier
revision of orgmodel and by this checkout, as PNGs scaled to fit a docs page, with a table of
their natural sizes.

    python bench/before_after.py [--pictures charts|diffs] [--before REV] [--out DIR]

REV (default: for charts the last commit before orgmodel had its own layout, for diffs the last
before the focused diff picture) is checked out in a temporary git worktree and run from there;
both draw with the system Graphviz. Run it from the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from orggen import generate

REPO = Path(__file__).resolve().parents[1]
BEFORE = {
    "charts": "aae9560",  # the renderer as it was: Graphviz's dot laid every chart out
    "diffs": "71c92ea",  # the diff picture as it was: both whole orgs, every unit drawn
}
PAGE_INCHES = "16,16"  # the largest side of a docs picture: 1,536 px at Graphviz's 96 dpi
GITLAB_MAP = ["--map", "slug=id", "--map", "reports_to=manager", "--map", "role=title",
              "--map", "departments=unit_path"]  # fmt: skip


def charts(work: Path) -> list[tuple[str, list[str]]]:
    """(name, orgmodel arguments) of each chart."""
    gitlab, backstage, generated = work / "gitlab.yaml", work / "backstage.yaml", work / "5k.json"
    run = [sys.executable, "-m", "orgmodel", "convert"]
    csv = REPO / "tests/realworld/gitlab-2022/team_members.csv"
    subprocess.run([*run, str(csv), *GITLAB_MAP, "-o", str(gitlab)], check=True, cwd=REPO)
    catalog = REPO / "tests/realworld/backstage-acme"
    subprocess.run([*run, str(catalog), "--from", "backstage", "-o", str(backstage)], check=True)
    generated.write_text(json.dumps(generate(5000)), encoding="utf-8")
    rust = REPO / "tests/cases/diff/rust-libs-merge-2026/after.yaml"
    q25, q26 = REPO / "orgs/qianwen-2025.yaml", REPO / "orgs/qianwen-2026.yaml"
    units = ["--level", "units"]
    return [
        ("qianwen-2025-people", ["render", str(q25)]),
        ("qianwen-2026-people", ["render", str(q26)]),
        ("qianwen-2026-units", ["render", str(q26), *units]),
        ("rust-units", ["render", str(rust), *units]),
        ("rust-people", ["render", str(rust)]),
        ("gitlab-units", ["render", str(gitlab), *units]),
        ("gitlab-people", ["render", str(gitlab)]),
        ("backstage-units", ["render", str(backstage), *units]),
        ("generated-5000-units", ["render", str(generated), *units]),
    ]


def diffs(work: Path) -> list[tuple[str, list[str]]]:
    """(name, orgmodel arguments) of each reorganisation: two of the Rust project's, and
    Qianwen's."""
    del work  # the inputs are in the repository
    cases = REPO / "tests/cases/diff"
    pairs = {
        "qianwen": (REPO / "orgs/qianwen-2025.yaml", REPO / "orgs/qianwen-2026.yaml"),
        **{
            name: (cases / name / "before.yaml", cases / name / "after.yaml")
            for name in ("rust-embedded-arm-merge-2025", "rust-libs-restructure-2021")
        },
    }
    out = []
    for name, (before, after) in pairs.items():
        out.append((f"{name}-units", ["diff", str(before), str(after)]))
        out.append((f"{name}-people", ["diff", str(before), str(after), "--level", "people"]))
    return out


def dot_of(source: Path, args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(source / "src")}
    command = [sys.executable, "-m", "orgmodel", *args, "--format", "dot"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def draw(dot: str, png: Path) -> tuple[float, float]:
    """The chart as a page-sized PNG; returns its natural size in points (from the SVG)."""
    # orgmodel's own layout writes every position (`pos`): Graphviz only draws it.
    layout = ["-Kneato", "-n2"] if 'pos="' in dot else []
    svg = subprocess.run(["dot", *layout, "-Tsvg"], input=dot, capture_output=True, text=True)
    found = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg.stdout)
    size = (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
    command = ["dot", *layout, f"-Gsize={PAGE_INCHES}", "-Tpng", "-o", str(png)]
    subprocess.run(command, input=dot, capture_output=True, text=True, check=True)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", choices=sorted(BEFORE), default="charts")
    parser.add_argument("--before", help="the earlier revision (default: per --pictures)")
    parser.add_argument("--out", help="default: docs/layout for charts, docs/diff for diffs")
    options = parser.parse_args()
    before_rev = options.before or BEFORE[options.pictures]
    folder = {"charts": "layout", "diffs": "diff"}[options.pictures]
    out = Path(options.out or REPO / "docs" / folder)
    pictures = charts if options.pictures == "charts" else diffs
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(old), before_rev],
                       cwd=REPO, check=True)  # fmt: skip
        try:
            print(f"{'picture':<34} {'before pt':>18} {'aspect':>7} {'after pt':>16} {'aspect':>7}")
            for name, args in pictures(Path(tmp)):
                before = draw(dot_of(old, args), out / f"{name}-before.png")
                after = draw(dot_of(REPO, args), out / f"{name}-after.png")
                print(
                    f"{name:<34} {_size(before):>18} {_aspect(before):>7} "
                    f"{_size(after):>16} {_aspect(after):>7}"
                )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=REPO)


def _size(size: tuple[float, float]) -> str:
    return f"{size[0]:,.0f} x {size[1]:,.0f}"


def _aspect(size: tuple[float, float]) -> str:
    return f"{max(size) / max(1.0, min(size)):.1f}"


if __name__ == "__main__":
    main()
