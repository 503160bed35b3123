"""The what-if findings as text: what `orgmodel whatif` prints before the diff report."""

from __future__ import annotations

from orgmodel.whatif import WhatIf


def render_impact(result: WhatIf) -> str:
    """The what-if findings that the diff report does not say on its own."""
    lines = ["What if"]
    for change in result.changes:
        target = f" → {change.unit}" if change.unit else ""
        lines.append(f"  {change.kind} {change.person}{target}")
    lines += ["", "Impact"]
    if result.orphans:
        lines.append(f"  Orphaned reports ({len(result.orphans)}), and where they now land")
        for orphan in result.orphans:
            now = orphan.manager_after or "(no manager)"
            lines.append(f"    {orphan.person}: {orphan.manager_before} → {now}")
    else:
        lines.append("  Orphaned reports: none")
    lines.append(f"  Units that lose their lead: {', '.join(result.leaderless) or 'none'}")
    if result.span_jumps:
        lines.append("  Spans that jump")
        for manager, old, new in result.span_jumps:
            lines.append(f"    {manager}: {old} → {new}")
    else:
        lines.append("  Spans that jump: none")
    lines.append(f"  Layers: {result.layers[0]} → {result.layers[1]}")
    return "\n".join(lines) + "\n"
