"""Load benchmark (issue: foundation). For generated orgs of 1k, 10k and 100k people, in YAML,
JSON and CSV, prints the wall time of `orgmodel validate FILE` beside the bare parse of the same
file (`yaml.load` with CSafeLoader, `json.load`, `csv.reader`), each run as a whole process.

    python bench/load_bench.py [--sizes 1000,10000,100000] [--repeat 3]

Targets at 100k people: validate <= 3x the bare parse for JSON and CSV, <= 1.3x for YAML.

For JSON it also prints the models floor: a process that only imports the model, parses the file
and builds it (`Org.model_validate`, one pydantic object per person, the GC off), with no
checks, no derived structure and no positions. No validate built on the model can beat it, so
its ratio to the bare parse shows how much of a target the model leaves.
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
MODELS_FLOOR = (
    "import gc, sys, json; gc.disable(); from orgmodel.model import Org; "
    "Org.model_validate(json.load(open(sys.argv[1], encoding='utf-8')))"
)


def main() -> None:
    sizes, repeat, orgmodel = options(__doc__, "1000,10000,100000")
    print(
        f"{'people':>8} {'format':>6} {'MB':>6} {'bare parse s':>13} {'validate s':>11} "
        f"{'ratio':>6} {'target':>7} {'models floor s':>15} {'floor ratio':>12}"
    )
    for size in sizes:
        paths = write_all(generate(size), OUT / f"org-{size}")
        for fmt, path in paths.items():
            bare = wall([sys.executable, "-c", BARE[fmt], str(path)], repeat)
            ours = wall([orgmodel, "validate", str(path)], repeat)
            ratio = ours / bare
            target = f"<={TARGET[fmt]}" if size >= 100_000 else ""
            mb = path.stat().st_size / 1e6
            floor = ""
            if fmt == "json":
                models = wall([sys.executable, "-c", MODELS_FLOOR, str(path)], repeat)
                floor = f"{models:>15.3f} {models / bare:>12.2f}"
            print(
                f"{size:>8} {fmt:>6} {mb:>6.1f} {bare:>13.3f} {ours:>11.3f} {ratio:>6.2f} "
                f"{target:>7} {floor}",
                flush=True,
            )


if __name__ == "__main__":
    main()
