"""What a chart is drawn with (`--level`, `--root`, `--depth`, `--sort`, `--layout`, …), apart
from the code that draws it, so that reading a config (`orgmodel.config`) imports no drawing
(20 ms of `validate`'s start-up)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from orgmodel.formats.registry import Format

__all__ = ["ChartOptions", "Direction", "LayoutName", "SortKey"]

Direction = Literal["TB", "LR", "BT", "RL"]
SortKey = Literal["file", "name", "headcount"]
# "org": orgmodel's own org-chart layout (`orgmodel.layout`), drawn by Graphviz at fixed
# positions; "dot": Graphviz's layered layout of the same graph.
LayoutName = Literal["org", "dot"]


@dataclass(frozen=True)
class ChartOptions:
    level: Literal["people", "units"] = "people"
    root: str | None = None
    depth: int | None = None
    direction: Direction = "TB"
    clusters: bool = False
    compact: bool = True
    sort: SortKey = "file"  # siblings: as written, by name, or by headcount (largest first)
    layout: LayoutName = "org"

    def drawn_as(self, fmt: Format) -> ChartOptions:
        """The options a chart in `fmt` is built with: Mermaid lays a chart out itself, as `dot`
        does, and so gets `dot`'s compaction (leaf reports stacked in one box)."""
        return replace(self, layout="dot") if fmt is Format.mermaid else self

    @property
    def stacks(self) -> bool:
        """Leaf reports in one stacked box: `dot`'s compaction. The org layout gives each person
        a card and packs leaf reports in blocks itself."""
        return self.compact and self.layout == "dot"
