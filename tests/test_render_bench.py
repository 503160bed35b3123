"""bench/render_bench.py, issue 12's render benchmark: it runs end to end on a small org and
prints its table and targets, and a run past its timeout is stopped with all it started."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import common
import render_bench


@pytest.fixture
def gc_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def _state(pid: int) -> str:
    """A process's state letter (Z: finished, not yet reaped), or "" if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    return stat.rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_run_past_its_timeout_is_stopped_with_its_children(tmp_path: Path) -> None:
    child = tmp_path / "child.pid"
    script = f"sleep 60 & echo $! > {child}; wait"
    start = time.perf_counter()
    assert render_bench.timed(["sh", "-c", script], 3, 0.5) is None
    assert time.perf_counter() - start < 10
    deadline = time.perf_counter() + 5
    while _state(int(child.read_text())) not in ("", "Z") and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert _state(int(child.read_text())) in ("", "Z")


def test_timeouts_and_skips_are_printed_as_such() -> None:
    assert render_bench.seconds(None, 300) == "> 300 s"
    assert render_bench.seconds("skipped", 300) == "skipped"
    assert render_bench.seconds(1.5, 300) == "1.500"
    assert render_bench.ratio(3.0, None, 300) == "< 0.010"  # dot took longer than 300 s
    assert render_bench.ratio(3.0, "skipped", 300) == ""
    assert render_bench.ratio(3.0, 12.0, 300) == "0.250"


def test_the_benchmark_prints_every_size_and_level_and_the_targets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    gc_restored: None,
) -> None:
    monkeypatch.setattr(common, "OUT", tmp_path)
    monkeypatch.setattr(render_bench, "OUT", tmp_path)
    monkeypatch.setattr(render_bench, "DOT_PEOPLE_LIMIT", 200)
    argv = ["render_bench.py", "--sizes", "150,300", "--repeat", "1", "--timeout", "60"]
    monkeypatch.setattr(sys, "argv", argv)
    render_bench.main()
    out = capsys.readouterr().out
    rows = {tuple(line.split()[:2]): line.split() for line in out.splitlines()[2:6]}
    assert set(rows) == {(p, level) for p in ("150", "300") for level in ("people", "units")}
    assert rows["150", "people"][2] == "150"  # one card a person
    assert rows["300", "people"][8] == "skipped"  # --layout dot above the limit, people level
    assert float(rows["300", "units"][8]) > 0
    for p in ("150", "300"):
        assert (tmp_path / f"render-{p}-people.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert "layout 20k -> 100k, people level: not measured" in out
    assert "20k people, people level: not measured" in out
