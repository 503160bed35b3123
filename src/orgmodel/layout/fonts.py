"""The fonts and sizes a chart's text is drawn in: one table read by the renderers that write
the markup and by the layout that sizes boxes for it, so a card is measured for exactly the text
Graphviz draws."""

from __future__ import annotations

FONT = "Helvetica"
NAME_POINTS = 14.0  # a card's bold first line, Graphviz's default size
DETAIL_POINTS = 10.0  # a card's other lines
EDGE_LABEL_POINTS = 9.0
CLUSTER_POINTS = 12.0  # a cluster's unit name, at the top of its box
TITLE_POINTS = 18.0  # the graph's title, bold
CAPTION_POINTS = 11.0
LEGEND_POINTS = 11.0  # the legend's words; its heading is bold at NAME_POINTS
