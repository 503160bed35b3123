"""Convert benchmark (issue: interop). For a generated org of 100k people written as CSV, prints
the wall time of `orgmodel convert org.csv -o org.yaml` beside `orgmodel validate org.csv`, in
the same run, each as a whole process.

    python bench/convert_bench.py [--sizes 100000] [--repeat 3]

Target at 100k people: convert <= 2x validate.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, options, wall
from orggen import generate, write_all


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "100000")
    print(f"{'people':>8} {'to':>5} {'validate csv s':>15} {'convert s':>10} {'ratio':>6}")
    for size in sizes:
        source = write_all(generate(size), OUT / f"convert-{size}")["csv"]
        validate = wall([orgmodel, "validate", str(source)], repeat)
        for target in ("yaml", "json"):
            out = OUT / f"convert-{size}-out.{target}"
            convert = wall([orgmodel, "convert", str(source), "-o", str(out)], repeat)
            print(
                f"{size:>8} {target:>5} {validate:>15.3f} {convert:>10.3f} "
                f"{convert / validate:>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
