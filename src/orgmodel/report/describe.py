"""Headings and names shared by the people-facing diff reports (text and Markdown)."""

from __future__ import annotations

PEOPLE_ORDER = ("left", "joined", "moved", "filled", "opened", "closed", "changed")
PEOPLE_HEADINGS = {
    "left": "Left",
    "joined": "Joined",
    "moved": "Moved",
    "filled": "Positions filled",
    "opened": "Positions opened",
    "closed": "Positions closed",
    "changed": "Changed",
}
METRIC_NAMES = {
    "headcount": "headcount",
    "filled": "filled",
    "vacant": "open positions",
    "units": "units",
    "layers": "layers",
    "managers": "managers",
    "span_min": "span min",
    "span_median": "span median",
    "span_mean": "span mean",
    "span_max": "span max",
}
