"""Stats benchmark (issue: analysis). For generated orgs of 10k and 100k people (JSON), prints the
wall time of `orgmodel stats` beside `orgmodel validate` on the same file, in one run.

    python bench/stats_bench.py [--sizes 10000,100000] [--repeat 3]

Target at 100k people: stats <= 1.5x validate.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_bench import wall
from orggen import generate, write_all

OUT = Path(__file__).parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    orgmodel = shutil.which("orgmodel") or str(Path(sys.executable).parent / "orgmodel")
    OUT.mkdir(exist_ok=True)
    print(f"{'people':>8} {'validate s':>11} {'stats s':>8} {'ratio':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        source = write_all(generate(size), OUT / f"stats-{size}")["json"]
        validate = wall([orgmodel, "validate", str(source)], args.repeat)
        stats = wall([orgmodel, "stats", str(source)], args.repeat)
        print(f"{size:>8} {validate:>11.3f} {stats:>8.3f} {stats / validate:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
