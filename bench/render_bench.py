"""Render benchmark (issue 12: org-chart layout). For generated orgs of 1k, 5k, 20k and 100k
people, at people level and at unit level, prints in one run:
  - boxes: the cards in the chart;
  - layout s / cpu s: orgmodel's own layout alone, in process (`layout_chart` on the built
    graph, the GC off as under the CLI), wall and CPU seconds (CPU is steadier on a shared
    machine); the 20k -> 100k ratio shows whether it is linear;
  - org svg s: the whole `orgmodel render ORG --level L -o chart.svg`, as a process (the
    default: orgmodel's layout, drawn by Graphviz at fixed positions);
  - draw s: the floor under it, Graphviz drawing that chart's positioned DOT alone
    (`dot -Kneato -n2 -Tsvg` on `orgmodel render --format dot`), so `org svg - draw` is
    orgmodel's part (start-up, load, graph, layout, DOT);
  - dot svg s: `orgmodel render ORG --level L --layout dot -o chart.svg`, Graphviz's own
    layered layout of today's DOT, stopped after --timeout seconds ("> 300 s"); not run at
    people level above 20k people ("skipped", minutes each) unless --dot-all;
  - org/dot: the ratio of the two SVG times;
  - before s: the whole `render -o chart.svg` of the revision the issue measured (--before,
    default aae9560: Graphviz's dot laid every chart out, with the cards of then), run from a
    git worktree; skipped like `dot svg` at people level above 20k;
  - org/before: the ratio the issue's target speaks of ("1/4 of today's time").

    python bench/render_bench.py [--sizes 1000,5000,20000,100000] [--repeat 3] [--dot-all]
        [--timeout 300] [--profile] [--before REV]

A run that takes over 30 s is not repeated. --profile: cProfile of orgmodel's own part of the
largest people-level render, in process with the GC off (load, graph, layout, positioned DOT),
the top functions by own time.

Targets: a 100k-person unit-level SVG in <= 1/4 of the time it took before (and, beside it,
of this revision's `--layout dot`, whose leaner cards `dot` lays out faster); a 20k-person
people-level SVG in <= 5 s; the layout from 20k to 100k people within 6x (linear is 5x).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, parser, settings
from orggen import generate

from orgmodel.graph.chart import build_graph
from orgmodel.graph.options import ChartOptions
from orgmodel.layout import layout_chart
from orgmodel.pipeline import load_org
from orgmodel.render.graphviz import POSITIONED
from orgmodel.render.positioned import render_positioned_dot

REPO = Path(__file__).resolve().parents[1]
BEFORE = "aae9560"  # the renderer the issue measured: dot laid every chart out
LEVELS = ("people", "units")
CALLS: dict[tuple[int, str], int] = {}  # (boxes, level): the calls one layout makes
DOT_PEOPLE_LIMIT = 20_000  # above this many people, `--layout dot` at people level takes minutes
ONCE = 30.0  # seconds: a run this long is not repeated
LAYOUT_RATIO = 6.0  # target: the layout of 100k people within 6x that of 20k
UNITS_SHARE = 0.25  # target: 100k people, unit level, in <= 1/4 of the dot time
PEOPLE_SECONDS = 5.0  # target: 20k people, people level, in <= 5 s


@dataclass
class Row:
    people: int
    level: str
    boxes: int
    layout: float
    cpu: float
    org: float | None
    draw: float | None
    dot: float | str | None  # seconds, None after the timeout, or "skipped"
    before: float | str | None = "skipped"


def timed(
    command: list[str], repeat: int, timeout: float, env: dict[str, str] | None = None
) -> float | None:
    """The median wall time of up to `repeat` runs of a command (each must succeed), or None if
    one ran out of time; it is killed with its whole process group (Graphviz too)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None
        if code:
            raise subprocess.CalledProcessError(code, command)
        times.append(time.perf_counter() - start)
        if times[-1] > ONCE:
            break
    return statistics.median(times)


def timed_layout(org: Path, repeat: int) -> dict[str, tuple[int, float, float]]:
    """Per level: (boxes, wall s, CPU s) of `layout_chart` alone, in process, the GC off; and,
    in CALLS, the Python calls one layout makes (cProfile's count): the work, which a bigger
    heap's cache misses do not change as they change the time."""
    structure = load_org(str(org)).structure
    result = {}
    for level in LEVELS:
        graph = build_graph(structure, ChartOptions(level=level))  # type: ignore[arg-type]
        walls, cpus = [], []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            layout_chart(graph)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            if walls[-1] > ONCE:
                break
        result[level] = (len(graph.nodes), statistics.median(walls), statistics.median(cpus))
        profiler = cProfile.Profile()
        profiler.enable()
        layout_chart(graph)
        profiler.disable()
        CALLS[(len(graph.nodes), level)] = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    del structure
    gc.collect()
    return result


def seconds(value: float | str | None, timeout: float) -> str:
    if value is None:
        return f"> {timeout:.0f} s"
    if isinstance(value, str):
        return value
    return f"{value:.3f}"


def ratio(top: float | str | None, bottom: float | str | None, timeout: float) -> str:
    if not isinstance(top, float):
        return ""
    if bottom is None:
        return f"< {top / timeout:.3f}"
    if isinstance(bottom, str):
        return ""
    return f"{top / bottom:.3f}"


def profile(org: Path, top: int = 20) -> None:
    """cProfile of orgmodel's own part of a people-level SVG render, the GC off."""
    profiler = cProfile.Profile()
    profiler.enable()
    structure = load_org(str(org)).structure
    graph = build_graph(structure, ChartOptions(level="people"))
    render_positioned_dot(graph, layout_chart(graph))
    profiler.disable()
    print(f"\nprofile: load, graph, layout and positioned DOT of {org.name}, people level")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    options = parser(__doc__, "1000,5000,20000,100000")
    options.add_argument("--dot-all", action="store_true", help="time --layout dot everywhere")
    options.add_argument("--timeout", type=float, default=300.0, help="seconds per dot run")
    options.add_argument("--profile", action="store_true", help="profile the largest render")
    options.add_argument("--before", default=BEFORE, help="the revision to time beside (or '')")
    args = options.parse_args()
    sizes, repeat, orgmodel = settings(args)
    timeout: float = args.timeout
    program = shutil.which("dot") or "dot"
    gc.disable()  # as the CLI runs
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        before = _worktree(args.before, Path(tmp)) if args.before else None
        try:
            rows = _table(args, sizes, repeat, orgmodel, timeout, program, before)
        finally:
            if before is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=REPO)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    targets(rows, timeout)
    subprocess.run([program, "-V"], check=False)
    if args.profile:
        profile(OUT / f"render-{max(sizes)}.json")


def _worktree(revision: str, folder: Path) -> Path:
    path = folder / "before"
    command = ["git", "worktree", "add", "-q", "--detach", str(path), revision]
    subprocess.run(command, cwd=REPO, check=True)
    return path


def _table(
    args: argparse.Namespace,
    sizes: list[int],
    repeat: int,
    orgmodel: str,
    timeout: float,
    program: str,
    before: Path | None,
) -> list[Row]:
    print(
        f"{'people':>7} {'level':>6} {'boxes':>7} {'layout s':>9} {'cpu s':>7} "
        f"{'org svg s':>10} {'draw s':>8} {'orgmodel s':>11} {'dot svg s':>10} {'org/dot':>8} "
        f"{'before s':>9} {'org/before':>11}"
    )
    rows: list[Row] = []
    old_env = {**os.environ, "PYTHONPATH": str(before / "src")} if before else None
    for people in sizes:
        org = OUT / f"render-{people}.json"
        org.write_text(json.dumps(generate(people), indent=1), encoding="utf-8")
        layouts = timed_layout(org, repeat)
        for level in LEVELS:
            stem = OUT / f"render-{people}-{level}"
            render = [orgmodel, "render", str(org), "--level", level]
            org_s = timed([*render, "-o", f"{stem}.svg"], repeat, timeout)
            subprocess.run([*render, "-o", f"{stem}.dot"], check=True, stderr=subprocess.DEVNULL)
            draw = [program, *POSITIONED, "-Tsvg", "-o", f"{stem}-drawn.svg", f"{stem}.dot"]
            draw_s = timed(draw, repeat, timeout)
            dot_s: float | str | None = "skipped"
            if level == "units" or people <= DOT_PEOPLE_LIMIT or args.dot_all:
                dot_run = [*render, "--layout", "dot", "-o", f"{stem}-dot.svg"]
                dot_s = timed(dot_run, repeat, timeout)
            before_s: float | str | None = "skipped"
            if old_env is not None and not isinstance(dot_s, str):
                old = [sys.executable, "-m", "orgmodel", "render", str(org), "--level", level]
                before_s = timed([*old, "-o", f"{stem}-before.svg"], repeat, timeout, old_env)
            boxes, layout_s, cpu_s = layouts[level]
            row = Row(people, level, boxes, layout_s, cpu_s, org_s, draw_s, dot_s, before_s)
            rows.append(row)
            ours = org_s - draw_s if org_s is not None and draw_s is not None else None
            print(
                f"{people:>7} {level:>6} {boxes:>7} {layout_s:>9.3f} {cpu_s:>7.3f} "
                f"{seconds(org_s, timeout):>10} {seconds(draw_s, timeout):>8} "
                f"{seconds(ours, timeout):>11} {seconds(dot_s, timeout):>10} "
                f"{ratio(org_s, dot_s, timeout):>8} {seconds(before_s, timeout):>9} "
                f"{ratio(org_s, before_s, timeout):>11}",
                flush=True,
            )
    return rows


def targets(rows: list[Row], timeout: float) -> None:
    """Each target beside what this run measured."""
    by = {(row.people, row.level): row for row in rows}
    print("\ntargets:")
    for level in LEVELS:
        small, large = by.get((20_000, level)), by.get((100_000, level))
        if small and large:
            wall, cpu = large.layout / small.layout, large.cpu / small.cpu
            met = "met" if cpu <= LAYOUT_RATIO else "MISSED"
            work = CALLS.get((large.boxes, level), 0) / max(1, CALLS.get((small.boxes, level), 0))
            print(
                f"  layout 20k -> 100k, {level} level: {wall:.2f}x wall, {cpu:.2f}x CPU "
                f"(target <= {LAYOUT_RATIO:.0f}x): {met}; its work (Python calls) "
                f"{work:.2f}x for {large.boxes / small.boxes:.2f}x the boxes"
            )
        else:
            print(f"  layout 20k -> 100k, {level} level: not measured (--sizes 20000,100000)")
    row = by.get((100_000, "units"))
    for name, baseline in (
        ("before", row.before if row else None),
        ("dot svg", row.dot if row else None),
    ):
        if row and isinstance(row.org, float) and not isinstance(baseline, str):
            share = ratio(row.org, baseline, timeout)
            met = "met" if baseline is None or row.org <= UNITS_SHARE * baseline else "MISSED"
            print(
                f"  100k people, unit level: org svg {row.org:.2f} s, {name} "
                f"{seconds(baseline, timeout)} s, ratio {share} (target <= {UNITS_SHARE}): {met}"
            )
        else:
            print(f"  100k people, unit level, against {name}: not measured")
    row = by.get((20_000, "people"))
    if row and isinstance(row.org, float):
        met = "met" if row.org <= PEOPLE_SECONDS else "MISSED"
        print(
            f"  20k people, people level: org svg {row.org:.2f} s "
            f"(target <= {PEOPLE_SECONDS:.0f} s): {met}"
        )
    else:
        print("  20k people, people level: not measured")


if __name__ == "__main__":
    main()
