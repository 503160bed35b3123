"""Whole-process times where users feel them: start-up (`--version`, `validate` of the example
beside the import floor it cannot go under) and `show` of a big org beside `validate` of it.

    python bench/startup_bench.py [--runs 21] [--people 100000]

Each command is a fresh process, run in turn with the others (so a busy machine slows them all
alike) and timed by its median. The import floor is what `validate` must import whatever it
does: Typer, PyYAML's C loader and orgmodel's pydantic models.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from orggen import generate

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "orgs" / "qianwen-2026.yaml"
ORGMODEL = Path(sys.executable).with_name("orgmodel")
FLOOR = "import typer, yaml, orgmodel.model"


def timed(command: list[str], out: Path | None = None) -> float:
    start = time.perf_counter()
    with (out or Path(os.devnull)).open("wb") as sink:
        subprocess.run(command, stdout=sink, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int, out: Path | None = None) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command, out))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--people", type=int, default=100_000)
    options = parser.parse_args()
    py = sys.executable
    small = medians(
        {
            "python -c pass": [py, "-c", "pass"],
            "orgmodel --version": [str(ORGMODEL), "--version"],
            "import floor": [py, "-c", FLOOR],
            "validate example": [str(ORGMODEL), "validate", str(EXAMPLE)],
            "show example": [str(ORGMODEL), "show", str(EXAMPLE)],
        },
        options.runs,
    )
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.json"
        big.write_text(json.dumps(generate(options.people)), encoding="utf-8")
        large = medians(
            {
                "validate big": [str(ORGMODEL), "validate", str(big)],
                "show big > file": [str(ORGMODEL), "show", str(big)],
            },
            max(3, options.runs // 7),
            Path(tmp) / "out.txt",
        )
    rows = [
        ("orgmodel --version", small["orgmodel --version"], "python -c pass",
         small["python -c pass"], 2.0),
        ("validate example", small["validate example"], "import floor",
         small["import floor"], 1.1),
        ("show example", small["show example"], "validate example",
         small["validate example"], None),
        (f"show {options.people:,} > file", large["show big > file"],
         f"validate {options.people:,}", large["validate big"], 1.5),
    ]  # fmt: skip
    print(f"{'what':<26} {'time':>8}   {'beside':<22} {'time':>8} {'ratio':>6} {'target':>7}")
    for what, seconds, beside, base, target in rows:
        goal = f"≤ {target:g}×" if target else ""
        print(
            f"{what:<26} {seconds:>7.3f}s   {beside:<22} {base:>7.3f}s "
            f"{seconds / base:>5.2f}× {goal:>7}"
        )


if __name__ == "__main__":
    main()
