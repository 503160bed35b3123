"""Tidy tree benchmark (layout/tidy.py). For trees of 10k, 100k and 1M nodes in several shapes,
with random box sizes, prints the time `tidy_tree` takes in process (the median of --repeat
runs): wall-clock seconds, CPU seconds (steadier on a shared machine) and CPU seconds per 1,000
nodes, which stays flat if the layout is linear.

    python bench/tidy_bench.py [--sizes 10000,100000,1000000] [--repeat 3]

Leave 1M out with --sizes 10000,100000. Target: 100k nodes well under 1 s. The "random" shape
numbers nodes with no relation to where they sit in the tree, so at 1M nearly every list access
misses the cache and a node costs ~1.7x what it does at 100k; the algorithm's work per node is
the same (~2 contour steps per node at 10k and at 100k, counted).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import options

from orgmodel.layout.model import Size
from orgmodel.layout.tidy import tidy_tree

# Each shape: the parent of node i (> 0) from i and a seeded random source.
SHAPES: dict[str, Callable[[int, random.Random], int]] = {
    "random": lambda i, rng: rng.randrange(i),  # random recursive tree: shallow, uneven spans
    "balanced": lambda i, rng: (i - 1) // 4,  # complete 4-ary tree
    "fans": lambda i, rng: (i - 1) // 1000,  # 1,000 children under each parent
    "chain": lambda i, rng: i - 1,
    "org": lambda i, rng: rng.randrange(max(0, i - 50), i),  # spans of a few, deep and ragged
}


def tree(shape: str, count: int) -> tuple[list[Size], list[list[int]]]:
    rng = random.Random(count)
    parent_of = SHAPES[shape]
    children: list[list[int]] = [[] for _ in range(count)]
    for i in range(1, count):
        children[parent_of(i, rng)].append(i)
    sizes = [Size(rng.uniform(40, 200), rng.uniform(20, 80)) for _ in range(count)]
    return sizes, children


def main() -> None:
    sizes, repeat, _ = options(__doc__, "10000,100000,1000000")
    print(f"{'shape':>9} {'nodes':>9} {'seconds':>8} {'cpu s':>8} {'cpu per 1k':>10}")
    for shape in SHAPES:
        for count in sizes:
            boxes, children = tree(shape, count)
            walls, cpus = [], []
            for _ in range(repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                tidy_tree(boxes, children, sibling_gap=10, subtree_gap=20, level_gap=30)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            seconds, cpu = statistics.median(walls), statistics.median(cpus)
            per_1k = 1000 * cpu / count
            print(f"{shape:>9} {count:>9} {seconds:>8.3f} {cpu:>8.3f} {per_1k:>10.4f}", flush=True)


if __name__ == "__main__":
    main()
