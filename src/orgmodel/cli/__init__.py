"""The `orgmodel` command: a thin shell over the library. Each module registers its commands on
the one Typer app; library errors become a located line on stderr and the documented exit code."""

from __future__ import annotations

import errno
import gc
import importlib
import sys

import typer

from orgmodel.cli.app import app
from orgmodel.cli.stdout import StdoutError, install

__all__ = ["app", "main"]

# One module per command, each registering it on the app; this is the order of `orgmodel --help`.
COMMANDS = (
    "stats",
    "whatif",
    "validate",
    "show",
    "schema",
    "diff",
    "history",
    "render",
    "build",
    "convert",
)
for _command in COMMANDS:
    importlib.import_module(f"orgmodel.cli.{_command}")

BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader went away


def main() -> None:
    # A short-lived process reading large orgs: the cycle collector would only slow it down,
    # so it stays off to the end (the figures are in orgmodel.gcpause).
    gc.disable()
    install()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except StdoutError as error:
        code = _stdout_failed(error)
    try:  # what is still buffered fails here, not in the interpreter's exit
        sys.stdout.flush()
    except StdoutError as error:
        code = _stdout_failed(error)
    sys.exit(code)


def _stdout_failed(error: StdoutError) -> int:
    if error.errno == errno.EPIPE:  # the reader stopped reading (`| head`): no message
        return BROKEN_PIPE
    typer.echo(f"orgmodel: <stdout>: cannot write: {error}", err=True)
    return 2
