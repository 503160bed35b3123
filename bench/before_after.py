"""Before and after pictures of the charts the layout is judged on (docs/layout/): each chart
drawn by an earlier revision of orgmodel and by this checkout, as PNGs scaled to fit a docs
page, with a table of their natural sizes.

    python bench/before_after.py [--before REV] [--out docs/layout]

REV (default: the last commit before orgmodel had its own layout) is checked out in a temporary
git worktree and run from there; both draw with the system Graphviz. Run it from the repository.
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
BEFORE = "aae9560"  # the renderer as it was: Graphviz's dot laid every chart out
PAGE_INCHES = "16,16"  # the largest side of a docs picture: 1,536 px at Graphviz's 96 dpi
GITLAB_MAP = ["--map", "slug=id", "--map", "reports_to=manager", "--map", "role=title",
              "--map", "departments=unit_path"]  # fmt: skip


def charts(work: Path) -> list[tuple[str, Path, list[str]]]:
    """(name, org, render arguments) of each chart."""
    gitlab, backstage, generated = work / "gitlab.yaml", work / "backstage.yaml", work / "5k.json"
    run = [sys.executable, "-m", "orgmodel", "convert"]
    csv = REPO / "tests/realworld/gitlab-2022/team_members.csv"
    subprocess.run([*run, str(csv), *GITLAB_MAP, "-o", str(gitlab)], check=True, cwd=REPO)
    catalog = REPO / "tests/realworld/backstage-acme"
    subprocess.run([*run, str(catalog), "--from", "backstage", "-o", str(backstage)], check=True)
    generated.write_text(json.dumps(generate(5000)), encoding="utf-8")
    rust = REPO / "tests/cases/diff/rust-libs-merge-2026/after.yaml"
    q25, q26 = REPO / "orgs/qianwen-2025.yaml", REPO / "orgs/qianwen-2026.yaml"
    return [
        ("qianwen-2025-people", q25, []),
        ("qianwen-2026-people", q26, []),
        ("qianwen-2026-units", q26, ["--level", "units"]),
        ("rust-units", rust, ["--level", "units"]),
        ("rust-people", rust, []),
        ("gitlab-units", gitlab, ["--level", "units"]),
        ("gitlab-people", gitlab, []),
        ("backstage-units", backstage, ["--level", "units"]),
        ("generated-5000-units", generated, ["--level", "units"]),
    ]


def dot_of(source: Path, org: Path, args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(source / "src")}
    command = [sys.executable, "-m", "orgmodel", "render", str(org), *args, "--format", "dot"]
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
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--out", default=str(REPO / "docs" / "layout"))
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(old), options.before],
                       cwd=REPO, check=True)  # fmt: skip
        try:
            print(f"{'chart':<22} {'before pt':>18} {'aspect':>7} {'after pt':>16} {'aspect':>7}")
            for name, org, args in charts(Path(tmp)):
                before = draw(dot_of(old, org, args), out / f"{name}-before.png")
                after = draw(dot_of(REPO, org, args), out / f"{name}-after.png")
                print(
                    f"{name:<22} {_size(before):>18} {_aspect(before):>7} "
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
