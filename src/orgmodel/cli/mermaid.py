"""What `render` and `build` tell a reader about a Mermaid chart GitHub will not draw."""

from __future__ import annotations

from orgmodel.render.limits import SMALLER_CHART_HINT, Overrun, describe_overruns


def mermaid_warning(overruns: tuple[Overrun, ...], split: str = "--split") -> str:
    """The limits the chart is over and the two ways out: `split` (how the command at hand
    splits a chart into one per top-level unit) or a smaller chart."""
    return (
        f"GitHub will not draw this Mermaid chart: {describe_overruns(overruns)}; split it with "
        f"{split} (one chart per top-level unit), or draw less ({SMALLER_CHART_HINT})"
    )
