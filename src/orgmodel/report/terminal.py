"""Colour for text reports on a terminal. Lines are styled by their marker; user text is never
read as markup (rich `Text`, not markup strings)."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_STYLES = (("+ ", "green"), ("- ", "red"), ("~ ", "yellow"), ("→ ", "cyan"))
_HEADINGS = frozenset(("Units", "Lineage", "Interactions", "People", "Metrics"))


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def print_coloured(text: str, stream: TextIO | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)
    for line in text.splitlines():
        stripped = line.lstrip()
        style = next((s for marker, s in _STYLES if stripped.startswith(marker)), None)
        if line in _HEADINGS or line.startswith(("Reorg:", "orgmodel diff:")):
            style = "bold"
        console.print(Text(line, style=style or ""))
