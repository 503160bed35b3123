"""The fonts and sizes a chart's text is drawn in: one table read by the renderers that write
the markup and by the layout that sizes boxes for it, so a card is measured for exactly the text
Graphviz draws."""

from __future__ import annotations

# The graph's (and every node's) `fontname`. Found by experiment with `dot` 2.43 (pango 1.50,
# Debian 12) and graphviz-pure 0.2.2:
# - `dot` maps "Helvetica" (a PostScript name) to fontconfig's generic "sans", DejaVu Sans, which
#   is up to 20% wider than Helvetica; "Arial", "Liberation Sans" or "Arimo" give Liberation Sans;
# - a comma-separated list works in `dot` when its first name that fontconfig knows is a Latin
#   family ("Helvetica,Arial,Noto Sans CJK SC" draws Liberation Sans), but "Helvetica,Noto Sans
#   CJK SC" draws Latin text in Noto Sans CJK's own Latin glyphs, another width;
# - a single family already draws CJK with real glyphs in `dot`: fontconfig falls back to Noto
#   Sans CJK for the characters Liberation Sans lacks (and to DejaVu Sans for Arabic);
# - graphviz-pure knows "Arial" (its Helvetica/Arial metrics) but takes a list as one unknown
#   name and places text by Times metrics, so Latin lines, narrower in Times, start right of
#   where Helvetica needs them and run over the card's right edge.
# So one name: "Arial", which every browser showing the SVG has too (or fontconfig's Liberation
# Sans for it), and whose missing glyphs fall back to the system's CJK font there as well.
FONT = "Arial"
NAME_POINTS = 14.0  # a card's bold first line, Graphviz's default size
DETAIL_POINTS = 10.0  # a card's other lines
EDGE_LABEL_POINTS = 9.0
CLUSTER_POINTS = 12.0  # a cluster's unit name, at the top of its box
TITLE_POINTS = 18.0  # the graph's title, bold
CAPTION_POINTS = 11.0
LEGEND_POINTS = 11.0  # the legend's words; its heading is bold at NAME_POINTS
