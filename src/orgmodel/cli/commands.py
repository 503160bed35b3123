"""The commands on the one Typer app, and running it: library errors become a located line on
stderr and the documented exit code, a failed write to stdout one line too."""

from __future__ import annotations

import gc
import importlib
import os
import sys

import typer

from orgmodel.cli.app import app
from orgmodel.cli.stdout import StdoutError, install, stdout_failed

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


def register(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just `only` (a run of one command needs no other:
    registering all nine costs some 8 ms a run)."""
    for command in (only,) if only in COMMANDS else COMMANDS:
        importlib.import_module(f"orgmodel.cli.{command}")
    # Importing the module `orgmodel.cli.app` made `orgmodel.cli.app` that module: the package's
    # `app` is the Typer app, as it always was.
    vars(sys.modules["orgmodel.cli"])["app"] = app
    return app


def run(argv: list[str]) -> None:
    # A short-lived process reading large orgs: the cycle collector would only slow it down,
    # so it stays off to the end (the figures are in orgmodel.gcpause).
    gc.disable()
    install()
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    code: int | str | None = 0
    try:
        register(command)()
    except SystemExit as done:
        code = done.code
    except StdoutError as error:
        code = stdout_failed(error)
    try:  # what is still buffered fails here, not in the interpreter's exit
        sys.stdout.flush()
    except StdoutError as error:
        code = stdout_failed(error)
    sys.stderr.flush()
    # Every output is written and closed: tearing the object graph down one object at a time
    # would only cost time (0.2 s of `show` at 100,000 people), so the process ends here.
    os._exit(_exit_status(code))


def _exit_status(code: int | str | None) -> int:
    """The status `sys.exit(code)` would end with (a message is printed, and means 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    sys.stderr.flush()
    return 1
