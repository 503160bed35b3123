"""Graph → Mermaid `flowchart` (for GitHub and MkDocs). User text becomes entity codes, so no
name can close a label, start a link or inject HTML."""

from __future__ import annotations

from orgmodel import bidi
from orgmodel.graph.model import Graph, Line, Node

_ARROWS = {
    "reports": "-->",
    "unit": "-->",
    "assistant": "-.-",
    "dotted": "-.->",
    "spans": "-.-",
    "overlay": "-.-",
    "collaboration": "<==>",
    "x-as-a-service": "-->",
    "facilitating": "-.->",
    "lineage": "==>",
}


def text(value: str) -> str:
    """Letters, digits and a few plain marks stay; everything else becomes `#<code>;` (Mermaid
    draws a code as its character, so bidirectional controls become visible markers first)."""
    return "".join(
        c if c.isalnum() or c in " -_.,/()'" else f"#{ord(c)};" for c in bidi.drawable(value)
    )


def _lines(lines: tuple[Line, ...]) -> str:
    return "<br/>".join(f"<b>{text(x.text)}</b>" if x.bold else text(x.text) for x in lines)


def _label(node: Node) -> str:
    if node.rows:
        people = "<br/>".join(_lines(row.lines[:2]) for row in node.rows)
        return f"<i>{text(node.lines[0].text)}</i><br/>{people}"
    return _lines(node.lines)


def render_mermaid(graph: Graph) -> str:
    out = ["---", f'title: "{text(graph.title)}"', "---", f"flowchart {graph.direction}"]
    children, by_id, members = graph.cluster_tree()

    def emit(cluster: str | None, indent: str) -> None:
        for node in members.get(cluster, ()):
            out.append(f'{indent}{node.id}["{_label(node)}"]')
        for child in children.get(cluster, ()):
            out.append(f'{indent}subgraph {child}["{text(by_id[child].label)}"]')
            emit(child, indent + "  ")
            out.append(f"{indent}end")

    emit(None, "  ")
    for edge in graph.edges:
        label = f"|{text(edge.label)}|" if edge.label else ""
        out.append(f"  {edge.tail} {_ARROWS[edge.kind]}{label} {edge.head}")
    styles = (("dashed", "stroke-dasharray: 5 5"), ("dotted", "stroke-dasharray: 1 3"))
    for border, looks in styles:
        outlined = [n.id for n in graph.nodes if n.border == border]
        if outlined:
            out.append(f"  classDef {border} {looks}")
            out.append(f"  class {','.join(outlined)} {border}")
    overlays = [n.id for n in graph.nodes if n.kind == "overlay"]
    if overlays:  # Mermaid draws no double outline: a thick one marks an overlay instead
        out.append("  classDef overlay stroke-width: 3px")
        out.append(f"  class {','.join(overlays)} overlay")
    for node in graph.nodes:
        if node.fill:
            out.append(f"  style {node.id} fill:{node.fill}")
        if node.url:
            # The graph holds links percent-encoded (`safe_url`): no quote can end the string.
            out.append(f'  click {node.id} "{node.url}" _blank')
    if graph.legend:
        legend = "<br/>".join(text(entry.label) for entry in graph.legend)
        out.append(f'  legend["<b>Legend</b><br/>{legend}"]')
    return "\n".join(out) + "\n"
