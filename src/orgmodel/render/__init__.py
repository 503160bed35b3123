"""Renderers: a graph to DOT or Mermaid text (pure), and the one module that runs Graphviz.
`render_graph` is the one way from a graph and a chart format to its content."""

from __future__ import annotations

from orgmodel.formats.registry import Format
from orgmodel.graph.model import Graph
from orgmodel.render.dot import render_dot
from orgmodel.render.graphviz import run_layout
from orgmodel.render.mermaid import render_mermaid

__all__ = ["render_graph"]


def render_graph(graph: Graph, fmt: Format, program: str | None = None) -> str | bytes:
    """DOT or Mermaid text, or an image laid out by Graphviz (`program`, when given)."""
    if fmt is Format.mermaid:
        return render_mermaid(graph)
    if fmt is Format.dot:
        return render_dot(graph)
    return run_layout(render_dot(graph), fmt, program)
