"""orgmodel's own org-chart layout (DESIGN §4): pure functions from a chart graph to a `Layout`,
drawn by Graphviz from fixed positions."""
