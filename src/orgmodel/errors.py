"""Domain errors. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

import re
from collections.abc import Sequence

Path = tuple[str | int, ...]


_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


def format_path(path: Sequence[str | int]) -> str:
    """`('units', 0, 'lead')` -> `units[0].lead`, the form every message uses. A key that is not
    a plain name is quoted (`attrs['cost centre']`), so a message is always one line."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _PLAIN_KEY.match(part):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else part
    return out


def located(
    message: str,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    path: Sequence[str | int] = (),
) -> str:
    """`FILE:LINE:COL: path: message`, leaving out the parts that are unknown: the one form of
    every located message, for errors and findings alike."""
    where = ""
    if file is not None:
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        where += ": "
    if path:
        where += format_path(path) + ": "
    return where + message


class OrgmodelError(Exception):
    """Base error: a message with an optional location. `exit_code` is what the CLI returns."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: Path = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.path = path

    def located(self) -> str:
        """`FILE:LINE:COL: path: message`, leaving out the parts that are unknown."""
        return located(self.message, self.file, self.line, self.column, self.path)

    def report_lines(self) -> list[str]:
        """What the CLI prints on stderr for this error, one line each."""
        return [f"orgmodel: {self.located()}"]

    def __str__(self) -> str:
        return self.located()


class InputError(OrgmodelError):
    """The input could not be read as a document at all: missing, unreadable, not text, not
    well-formed, or over a safety limit."""


class UsageError(OrgmodelError):
    """A command-line argument that makes no sense (an unknown unit for --root, say)."""


class ExternalProgramError(OrgmodelError):
    """A required external program (Graphviz) is missing or failed."""

    exit_code = 3
