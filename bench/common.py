"""What every benchmark script shares: its options, the installed `orgmodel`, the output folder
and a wall-clock timer for whole processes."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"


def parser(doc: str, sizes: str) -> argparse.ArgumentParser:
    """The options every benchmark takes (--sizes, --repeat), for a script to add its own to."""
    made = argparse.ArgumentParser(description=doc.splitlines()[0])
    made.add_argument("--sizes", default=sizes)
    made.add_argument("--repeat", type=int, default=3)
    return made


def settings(args: argparse.Namespace) -> tuple[list[int], int, str]:
    """(sizes, repeat, path of the orgmodel command) from parsed options; makes the output
    folder."""
    OUT.mkdir(exist_ok=True)
    orgmodel = shutil.which("orgmodel") or str(Path(sys.executable).parent / "orgmodel")
    return [int(s) for s in args.sizes.split(",")], args.repeat, orgmodel


def options(doc: str, sizes: str) -> tuple[list[int], int, str]:
    """(sizes, repeat, path of the orgmodel command) from the command line."""
    return settings(parser(doc, sizes).parse_args())


def wall(command: list[str], repeat: int) -> float:
    """The median wall time of `repeat` runs of a command (each must succeed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
