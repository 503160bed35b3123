"""Where things are in a CSV file: rows by the line they start on, cells by their character
column, so a message points an editor at the cell itself."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from orgmodel.errors import Path
from orgmodel.formats.locate import SourceMap

# Lines break where the csv module breaks them (it reads with newline=""): \r\n, \r or \n.
_LINE_BREAK = re.compile(r"\r\n?|\n")
# One cell: a quoted part (closed or not), then anything up to the next comma or line break.
_CELL = re.compile(r'(?:"[^"]*(?:""[^"]*)*"?)?[^,\r\n]*')


def _cell_end(text: str, position: int) -> int:
    match = _CELL.match(text, position)
    assert match is not None  # the pattern matches the empty string too
    return match.end()


class CsvSourceMap(SourceMap):
    """People point at their row's cells; units at the unit cell of the first row naming them.

    `field_columns` maps a field to its index in the header; lines and columns are 1-based.
    The index of line starts is built at the first lookup: most files are never asked.
    """

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.row_lines: list[int] = []
        self.field_columns: dict[str, int] = {}
        self.unit_lines: dict[Path, int] = {}
        self.as_of_line: int | None = None
        self._line_starts: list[int] | None = None
        self._cell_starts: dict[int, list[int]] = {}

    def locate(self, path: Path) -> tuple[int, int] | None:
        row = path[1] if len(path) >= 2 and path[0] == "people" else None
        if isinstance(row, int) and row < len(self.row_lines):
            return self.cell(self.row_lines[row], self._field_index(path[2:]))
        for end in range(len(path), 0, -1):
            line = self.unit_lines.get(path[:end])
            if line is not None:
                return self.cell(line, self.unit_index())
        if path[:1] == ("as_of",) and self.as_of_line is not None:
            return self.cell(self.as_of_line, self.field_columns.get("as_of"))
        return (1, 1) if not path else None

    def unit_index(self) -> int | None:
        columns = self.field_columns
        return columns.get("unit", columns.get("unit_path"))

    def _field_index(self, rest: Path) -> int | None:
        if not rest:
            return None
        if rest[0] == "attrs" and len(rest) > 1:
            return self.field_columns.get(f"attrs.{rest[1]}")
        return self.field_columns.get(str(rest[0]))

    def cell(self, line: int, index: int | None) -> tuple[int, int]:
        """(line, column) where cell `index` of the row starting on `line` begins: the row's
        start for None, and its end for a cell the row does not have."""
        starts = self._starts()
        if not 1 <= line <= len(starts):
            return line, 1
        cells = self._row_cells(starts[line - 1])
        if index is None:
            position = cells[0]
        elif index < len(cells):
            position = cells[index]
        else:
            position = _cell_end(self.text, cells[-1])
        at = bisect_right(starts, position)
        return at, position - starts[at - 1] + 1

    def unclosed_quote(self, line: int) -> tuple[int, int]:
        """Where the quoted cell of the row starting on `line` that is never closed begins."""
        starts = self._starts()
        if not 1 <= line <= len(starts):
            return line, 1
        for start in self._cells(starts[line - 1]):
            end = _cell_end(self.text, start)
            if self.text.startswith('"', start) and end == len(self.text):
                at = bisect_right(starts, start)
                return at, start - starts[at - 1] + 1
        return line, 1

    def _row_cells(self, position: int) -> list[int]:
        """The cells' starts of the row at `position`, found once: a header of 140,000 ignored
        columns is one warning a column, and scanning the row for each took minutes."""
        if position not in self._cell_starts:
            self._cell_starts[position] = list(self._cells(position))
        return self._cell_starts[position]

    def _cells(self, position: int) -> Iterator[int]:
        """The start of each cell of the row that starts at `position`."""
        text = self.text
        while True:
            yield position
            end = _cell_end(text, position)
            if not text.startswith(",", end):
                return
            position = end + 1

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return self._line_starts
