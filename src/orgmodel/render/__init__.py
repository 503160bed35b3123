"""Renderers: a graph to DOT or Mermaid text (pure), and the one module that runs Graphviz."""
