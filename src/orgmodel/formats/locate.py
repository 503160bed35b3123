"""Source maps: from a path in the loaded data back to a line and column in the file."""

from __future__ import annotations

from orgmodel.errors import Path


class SourceMap:
    """Knows no positions; subclasses for each format override `locate`."""

    def locate(self, path: Path) -> tuple[int, int] | None:
        return None

    def locate_key(self, path: Path) -> tuple[int, int] | None:
        """Where the key naming `path` is written (for unknown keys); defaults to the value."""
        return self.locate(path)
