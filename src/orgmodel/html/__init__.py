"""The interactive HTML pages (DESIGN §4.1): `orgmodel render -o chart.html` and
`orgmodel diff -o reorg.html`. Each is one self-contained file: the page's data as JSON (built
here from one result object, gzipped into the page) and its viewer, d3-org-chart with d3 and
d3-flextree inlined."""

from __future__ import annotations

from orgmodel.html.chart import chart_page
from orgmodel.html.diff import diff_page

__all__ = ["chart_page", "diff_page"]
