"""What checking an org finds: located errors and warnings, as data (nothing is printed here)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from orgmodel.errors import Path, located

if TYPE_CHECKING:
    from orgmodel.model import Org
    from orgmodel.structure import Structure

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
        message = f"warning: {self.message}" if self.severity == "warning" else self.message
        # A finding placed on a line is placed on a column too: the first, if nothing better.
        return located(message, self.source or file, self.line, self.column or 1, self.path)


@dataclass(frozen=True)
class ValidationResult:
    """What checking one input found. `org` and `structure` are set when the schema held."""

    file: str
    issues: tuple[Issue, ...]
    org: Org | None = None
    structure: Structure | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)
