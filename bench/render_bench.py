"""Render benchmark (issue: rendering). For generated orgs of 1k, 5k and 10k people, prints in
one run:
  - build: the time to turn the loaded org into DOT (graph structure + renderer, in process);
  - dot: Graphviz's own time on that DOT (`dot -Tsvg`);
  - render: orgmodel's whole `render -o chart.svg`, as a process;
  - naive: `dot -Tsvg` on a naive DOT, one box per person, no compaction or clusters;
  - start-up: a process that only imports what `render` needs (the CLI, the model, the chart
    code), the time every render pays before it reads a byte; its ratio to `dot` shows how much
    of the 10 % allowance start-up alone takes.

    python bench/render_bench.py [--sizes 1000,5000,10000] [--repeat 3]

Targets: render <= 1.10 x dot (orgmodel's overhead at most 10 %); at 5k people, render <= 1/3 of
naive.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, options, wall
from orggen import generate, write_all

from orgmodel.graph.chart import ChartOptions, build_graph
from orgmodel.pipeline import load_org
from orgmodel.render.dot import render_dot


def naive_dot(path: Path) -> str:
    """One plain box per person and an edge to their manager: what a quick script would draw."""
    s = load_org(str(path)).structure
    lines = ["digraph naive {", "  node [shape=box];"]
    for i, pid in enumerate(s.people):
        person = s.people[pid]
        label = f"{person.label}\\n{person.title or ''}".replace('"', "'")
        lines.append(f'  n{i} [label="{label}"];')
    index = {pid: i for i, pid in enumerate(s.people)}
    for pid, manager in s.manager.items():
        if manager is not None:
            lines.append(f"  n{index[manager]} -> n{index[pid]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


STARTUP = (
    "import orgmodel.cli, orgmodel.graph.chart, orgmodel.render.dot, orgmodel.render.graphviz, "
    "orgmodel.pipeline"
)


def timed_dot(source: Path, repeat: int) -> float:
    return wall(["dot", "-Tsvg", "-o", "/dev/null", str(source)], repeat)


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "1000,5000,10000")
    print(
        f"{'people':>7} {'build s':>8} {'dot s':>8} {'build/dot':>10} {'render s':>9} "
        f"{'x dot':>6} {'naive s':>8} {'render/naive':>13} {'start-up s':>11} {'/dot':>5}"
    )
    startup_s = wall([sys.executable, "-c", STARTUP], repeat)
    for size in sizes:
        org = write_all(generate(size), OUT / f"render-{size}")["json"]
        structure = load_org(str(org)).structure
        builds = []
        for _ in range(repeat):
            start = time.perf_counter()
            source = render_dot(build_graph(structure, ChartOptions()))
            builds.append(time.perf_counter() - start)
        ours = OUT / f"render-{size}.dot"
        ours.write_text(source, encoding="utf-8")
        naive = OUT / f"render-{size}-naive.dot"
        naive.write_text(naive_dot(org), encoding="utf-8")
        dot_s = timed_dot(ours, repeat)
        render_s = wall([orgmodel, "render", str(org), "-o", str(OUT / f"render-{size}.svg")],
                        repeat)  # fmt: skip
        naive_s = timed_dot(naive, 1)
        build_s = statistics.median(builds)
        print(
            f"{size:>7} {build_s:>8.3f} {dot_s:>8.3f} {build_s / dot_s:>10.2f} {render_s:>9.3f} "
            f"{render_s / dot_s:>6.2f} {naive_s:>8.3f} {render_s / naive_s:>13.2f} "
            f"{startup_s:>11.3f} {startup_s / dot_s:>5.2f}",
            flush=True,
        )
    subprocess.run(["dot", "-V"], check=False)


if __name__ == "__main__":
    main()
