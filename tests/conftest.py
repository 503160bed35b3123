"""Shared test helpers. Golden files are rewritten with `pytest --regen-goldens` (then review the
diff); without it every golden is compared."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from orgmodel.cli.commands import register

REPO = Path(__file__).resolve().parents[1]
APP = register()  # the app with every command
CASES = REPO / "tests" / "cases"
REALWORLD = REPO / "tests" / "realworld"  # copies of public org data, with their sources


def _layout_programs() -> list[Any]:
    """The system `dot` and graphviz-pure, each skipped with a reason when it is missing."""
    params = []
    for name in ("dot", "graphviz-pure"):
        found = shutil.which(name)
        params.append(
            pytest.param(
                found,
                id=name,
                marks=pytest.mark.skipif(found is None, reason=f"{name} is not installed"),
            )
        )
    return params


# For `@pytest.mark.parametrize("program", PROGRAMS)`: each layout program's path.
PROGRAMS = _layout_programs()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


# What the `golden` fixture gives a test: check(path, actual) compares, or rewrites with
# --regen-goldens.
Golden = Callable[[Path, str], None]


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_cli(*args: str, input: str | bytes | None = None) -> Run:
    """Run `orgmodel ARGS` in-process; fails the test if it raised anything but an exit."""
    result = CliRunner().invoke(APP, list(args), input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr, result.exception)


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    regen = bool(request.config.getoption("--regen-goldens"))

    def check(path: Path, actual: str) -> None:
        if regen:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run `pytest --regen-goldens` and review it"
        assert actual == path.read_text(encoding="utf-8"), (
            f"{path.relative_to(REPO)} differs; if the change is intended, run "
            "`pytest --regen-goldens` and review the diff"
        )

    return check


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test with the current directory set to a fresh temporary folder."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# For tests that draw Chinese, Japanese or Korean text: skipped where no CJK font is installed.
def _cjk_fonts() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return listed.stdout.split()


needs_cjk_font = pytest.mark.skipif(
    not _cjk_fonts(), reason="no CJK font (apt-get install fonts-noto-cjk)"
)
