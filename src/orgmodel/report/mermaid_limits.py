"""What a reader is told about a Mermaid chart GitHub (or any page with mermaid.js's default
limits) will not draw: `render` and `build` say it for files, the docs integrations for
embedded charts."""

from __future__ import annotations

from orgmodel.render.limits import SMALLER_CHART_HINT, Overrun, describe_overruns

SPLIT_HINT = "split it with --split (one chart per top-level unit)"


def mermaid_warning(overruns: tuple[Overrun, ...], split: str = SPLIT_HINT) -> str:
    """The limits the chart is over and the two ways out: `split` (how the command at hand
    splits a chart into one per top-level unit) or a smaller chart."""
    return (
        f"GitHub will not draw this Mermaid chart: {describe_overruns(overruns)}; {split}, "
        f"or draw less ({SMALLER_CHART_HINT})"
    )
