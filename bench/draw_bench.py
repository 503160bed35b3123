"""Drawing benchmark: Graphviz drawing a laid-out chart from fixed positions (`-Kneato -n2`),
no layout of its own. For synthetic charts of N cards (a tree of spans of 6 in a square grid,
every card with three lines and a right-angled connector to its manager) prints, in one run:
  - dot source: the time `render_positioned_dot` takes, and the DOT's size;
  - per layout program found (the system `dot`, graphviz-pure) and format: its wall time
    drawing that DOT (stderr to /dev/null: Graphviz may warn once per node).

    python bench/draw_bench.py [--sizes 5000,15000,100000] [--repeat 1] [--png 5000]
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT

from orgmodel.graph.model import Edge, Graph, Line, Node
from orgmodel.layout.legend import title_size
from orgmodel.layout.model import Box, Card, Connector, Layout, Size
from orgmodel.render.graphviz import POSITIONED
from orgmodel.render.positioned import render_positioned_dot

SPAN = 6
CARD = Size(150, 52)
GAP = (30.0, 40.0)


def chart(n: int) -> tuple[Graph, Layout]:
    columns = math.ceil(math.sqrt(n))
    nodes, edges, cards, boxes, connectors = [], [], {}, {}, []
    for i in range(n):
        ident = f"p_{i:06}"
        lines = (Line(f"Person {i}", bold=True), Line(f"Engineer {i % 7}"), Line(f"Team {i // 40}"))
        nodes.append(Node(ident, "person", lines, f"person-{i}", f"Person {i}"))
        cards[ident] = Card(lines, CARD)
        col, row = i % columns, i // columns
        x = GAP[0] + col * (CARD.width + GAP[0]) + CARD.width / 2
        y = 80 + row * (CARD.height + GAP[1]) + CARD.height / 2
        boxes[ident] = Box(x, y, CARD.width, CARD.height)
        if i:
            manager = f"p_{(i - 1) // SPAN:06}"
            edges.append(Edge(manager, ident, "reports"))
            top, below = boxes[manager], boxes[ident]
            bend = below.top - GAP[1] / 2
            points = ((top.x, top.bottom), (top.x, bend), (below.x, bend), (below.x, below.top))
            connectors.append(Connector(manager, ident, "reports", points, arrow=True))
    graph = Graph.of(f"{n} cards", "TB", nodes, edges)
    width = GAP[0] + columns * (CARD.width + GAP[0])
    height = 80 + math.ceil(n / columns) * (CARD.height + GAP[1])
    size = title_size(graph.title, None)
    title = Box(width / 2, 40, size.width, size.height)
    return graph, Layout(cards, boxes, tuple(connectors), {}, title, None, width, height)


def timed(command: list[str], source: Path, out: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with source.open("rb") as stdin, out.open("wb") as stdout:
            subprocess.run(
                command, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, check=True
            )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,15000,100000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--png", default="5000", help="the sizes also drawn as PNG")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    programs = [p for p in (shutil.which("dot"), shutil.which("graphviz-pure")) if p]
    png = {int(s) for s in args.png.split(",") if s}
    print(f"{'cards':>7} {'dot source':>12} {'MB':>6}  program        format  seconds")
    for n in (int(s) for s in args.sizes.split(",")):
        graph, layout = chart(n)
        start = time.perf_counter()
        source = render_positioned_dot(graph, layout)
        build = time.perf_counter() - start
        path = OUT / f"draw-{n}.dot"
        path.write_text(source, encoding="utf-8")
        megabytes = len(source.encode()) / 1e6
        for program in programs:
            for fmt in ("svg", "png") if n in png else ("svg",):
                out = OUT / f"draw-{n}-{Path(program).name}.{fmt}"
                seconds = timed([program, *POSITIONED, f"-T{fmt}"], path, out, args.repeat)
                name = Path(program).name
                print(
                    f"{n:>7} {build:>11.2f}s {megabytes:>6.1f}  {name:<14} {fmt:<6} {seconds:>8.2f}"
                )
                sys.stdout.flush()


if __name__ == "__main__":
    main()
