"""Stats benchmark (issue: analysis). For generated orgs of 10k and 100k people (JSON), prints the
wall time of `orgmodel stats` beside `orgmodel validate` on the same file, in one run.

    python bench/stats_bench.py [--sizes 10000,100000] [--repeat 3]

Target at 100k people: stats <= 1.5x validate.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, options, wall
from orggen import generate, write_all


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "10000,100000")
    print(f"{'people':>8} {'validate s':>11} {'stats s':>8} {'ratio':>6}")
    for size in sizes:
        source = write_all(generate(size), OUT / f"stats-{size}")["json"]
        validate = wall([orgmodel, "validate", str(source)], repeat)
        stats = wall([orgmodel, "stats", str(source)], repeat)
        print(f"{size:>8} {validate:>11.3f} {stats:>8.3f} {stats / validate:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
