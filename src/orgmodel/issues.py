"""What checking an org finds: located errors and warnings, as data (nothing is printed here)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from orgmodel.errors import Path, format_path

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. `code` is stable for tools; `message` is for people."""

    severity: Severity
    code: str
    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None
    source: str | None = None  # the file, when it is not the one being reported on

    def at(self, line: int | None, column: int | None) -> Issue:
        return replace(self, line=line, column=column)

    def located(self, file: str) -> str:
        """`FILE:LINE:COL: path: message` (warnings say so before the message)."""
        where = self.source or file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.path:
            text += format_path(self.path) + ": "
        if self.severity == "warning":
            text += "warning: "
        return text + self.message
