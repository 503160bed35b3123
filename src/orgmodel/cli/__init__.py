"""The `orgmodel` command: a thin shell over the library (`cli.commands`). `orgmodel --version`
is answered before anything else is imported: Typer alone takes some 50 ms to import, five times
Python's own start-up."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `typing`'s: importing typing would cost more than the rest of this
if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:
        from orgmodel import __version__

        try:
            os.write(1, f"orgmodel {__version__}\n".encode())
        except OSError as error:
            from orgmodel.cli.stdout import StdoutError, stdout_failed

            sys.exit(stdout_failed(StdoutError(error)))
        return
    from orgmodel.cli.commands import run

    run(argv)


def __getattr__(name: str) -> typer.Typer:
    """`app`, with every command on it (for `typer.testing`), imported on first use."""
    if name == "app":
        from orgmodel.cli.commands import register

        return register()
    raise AttributeError(name)
