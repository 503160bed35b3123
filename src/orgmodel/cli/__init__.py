"""The `orgmodel` command: a thin shell over the library. Each module registers its commands on
the one Typer app; library errors become a located line on stderr and the documented exit code."""

from __future__ import annotations

import gc

from orgmodel.cli import analyze, check, compare, draw, interop  # noqa: F401  (registers commands)
from orgmodel.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    # A short-lived process reading large orgs: the cycle collector would only slow it down
    # (the library pauses it around loading; here it stays off to the end).
    gc.disable()
    app()
