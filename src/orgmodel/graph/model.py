"""One graph structure for every picture (DESIGN §4): nodes, edges, clusters and a legend, in
the order the builder makes them (file order, or the `--sort` order of siblings) and with
generated ids, so the same org always gives the same DOT and Mermaid. Built by
`graph.chart` (an org) and `graph.diff` (a reorganisation); turned into DOT or Mermaid by the
renderers in `orgmodel.render`.

Labels are structured (lines of text with a weight), never markup: each renderer escapes them
its own way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from orgmodel.graph.options import Direction

NodeKind = Literal["person", "vacancy", "stack", "unit", "overlay", "collapsed"]
# A box's outline. Each picture gives each style one meaning (an open position in a chart, a
# removed unit or person in a diff); an overlay is marked by a double outline instead.
Border = Literal["solid", "dashed", "dotted"]
EdgeKind = Literal[
    "reports",
    "dotted",
    "assistant",
    "unit",
    "spans",
    "overlay",
    "collaboration",
    "x-as-a-service",
    "facilitating",
    "lineage",
]


@dataclass(frozen=True)
class Line:
    """One line of a label: text, and whether it is the bold first line."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Row:
    """One person in a stacked box: their own element id, tooltip and link, and the port edges
    to or from them end at (their generated node id)."""

    port: str
    element_id: str
    lines: tuple[Line, ...]
    tooltip: str
    url: str | None = None
    vacant: bool = False


@dataclass(frozen=True)
class Node:
    id: str  # generated, safe in DOT and Mermaid
    kind: NodeKind
    lines: tuple[Line, ...]
    element_id: str  # the SVG element id, from the person or unit id
    tooltip: str
    url: str | None = None
    fill: str | None = None
    border: Border = "solid"
    rows: tuple[Row, ...] = ()  # for a stack
    cluster: str | None = None
    # What a top-level box is grouped by when many are packed under the title (a person's home
    # unit), so that a forest of people whose managers are missing reads unit by unit.
    group: str | None = None


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    kind: EdgeKind
    label: str | None = None
    # A row of a stacked box the edge ends at (`Row.port`); the node is the stack.
    tail_port: str | None = None
    head_port: str | None = None


@dataclass(frozen=True)
class Cluster:
    id: str
    label: str
    element_id: str
    parent: str | None = None


@dataclass(frozen=True)
class LegendEntry:
    label: str
    fill: str | None = None  # a colour swatch
    edge: EdgeKind | None = None  # or a line style
    border: Border = "solid"  # the sample box's outline
    box: NodeKind | None = None  # or the box style of this kind of node


@dataclass(frozen=True)
class Graph:
    title: str
    direction: Direction
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    caption: str | None = None

    @classmethod
    def of(
        cls,
        title: str,
        direction: Direction,
        nodes: list[Node],
        edges: list[Edge],
        clusters: tuple[Cluster, ...] = (),
        legend: tuple[LegendEntry, ...] = (),
        caption: str | None = None,
    ) -> Graph:
        """A graph with its nodes in the order made and its edges made unique, the first of each
        kept: the builders make them in a fixed order, so the same org gives byte-identical
        output, and siblings stay in file order rather than in the order of their ids' hashes."""
        return cls(
            title,
            direction,
            tuple(nodes),
            tuple(dict.fromkeys(edges)),
            clusters,
            legend,
            caption,
        )

    def cluster_tree(
        self,
    ) -> tuple[dict[str | None, list[str]], dict[str, Cluster], dict[str | None, list[Node]]]:
        """(child clusters by parent, clusters by id, nodes by cluster); None is the top."""
        children: dict[str | None, list[str]] = {}
        for cluster in self.clusters:
            children.setdefault(cluster.parent, []).append(cluster.id)
        by_id = {cluster.id: cluster for cluster in self.clusters}
        members: dict[str | None, list[Node]] = {}
        for node in self.nodes:
            members.setdefault(node.cluster if node.cluster in by_id else None, []).append(node)
        return children, by_id, members


def node_id(kind: str, ident: str) -> str:
    """A generated node id that is stable for the same person or unit id and safe anywhere."""
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:12]
    return f"{kind}_{digest}"


def element_id(kind: str, ident: str) -> str:
    """The SVG id of a person's or unit's element: readable, and unique (ids with unusual
    characters get a digest)."""
    plain = "".join(c if c.isalnum() or c in "-_." else "-" for c in ident)
    if plain != ident:
        plain += "-" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:6]
    return f"{kind}-{plain}"


def person_node(
    pid: str,
    vacant: bool,
    lines: Sequence[Line],
    tooltip: str,
    *,
    url: str | None = None,
    fill: str | None = None,
    border: Border = "solid",
    cluster: str | None = None,
    group: str | None = None,
) -> Node:
    """A person's box, with the ids and kind every picture gives it."""
    return Node(
        id=node_id("p", pid),
        kind="vacancy" if vacant else "person",
        lines=tuple(lines),
        element_id=element_id("person", pid),
        tooltip=tooltip,
        url=url,
        fill=fill,
        border=border,
        cluster=cluster,
        group=group,
    )


def unit_node(
    uid: str,
    overlay: bool,
    lines: Sequence[Line],
    tooltip: str,
    *,
    url: str | None = None,
    fill: str | None = None,
    border: Border = "solid",
) -> Node:
    """A unit's box, with the ids and kind every picture gives it."""
    return Node(
        id=node_id("u", uid),
        kind="overlay" if overlay else "unit",
        lines=tuple(lines),
        element_id=element_id("unit", uid),
        tooltip=tooltip,
        url=url,
        fill=fill,
        border=border,
    )
