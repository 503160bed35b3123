"""Load benchmark (issue: foundation). For generated orgs of 1k, 10k and 100k people, in YAML,
JSON and CSV, prints the wall time of `orgmodel validate FILE` beside the bare parse of the same
file (`yaml.load` with CSafeLoader, `json.load`, `csv.reader`), each run as a whole process.

    python bench/load_bench.py [--sizes 1000,10000,100000] [--repeat 3]

Targets at 100k people: validate <= 3x the bare parse for JSON and CSV, <= 1.3x for YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, options, wall
from orggen import generate, write_all

BARE = {
    "yaml": "import sys, yaml; "
    "yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)",
    "json": "import sys, json; json.load(open(sys.argv[1], encoding='utf-8'))",
    "csv": "import sys, csv; list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))",
}
TARGET = {"yaml": 1.3, "json": 3.0, "csv": 3.0}


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "1000,10000,100000")
    print(
        f"{'people':>8} {'format':>6} {'MB':>6} {'bare parse s':>13} {'validate s':>11} "
        f"{'ratio':>6} {'target':>7}"
    )
    for size in sizes:
        paths = write_all(generate(size), OUT / f"org-{size}")
        for fmt, path in paths.items():
            bare = wall([sys.executable, "-c", BARE[fmt], str(path)], repeat)
            ours = wall([orgmodel, "validate", str(path)], repeat)
            ratio = ours / bare
            target = f"<={TARGET[fmt]}" if size >= 100_000 else ""
            mb = path.stat().st_size / 1e6
            print(
                f"{size:>8} {fmt:>6} {mb:>6.1f} {bare:>13.3f} {ours:>11.3f} {ratio:>6.2f} "
                f"{target:>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
