"""A forest from parent links that may loop (an invalid org's reporting cycle): the one rule
for cutting cycles, shared by the chart layout's tree and the diff picture's union tree."""

from __future__ import annotations

from collections.abc import Iterable


def break_cycles(parent: dict[str, str], order: Iterable[str]) -> None:
    """Drop, in place, the parent link that closes each cycle (walking up from each node in
    `order`), so that every node hangs from a root. Iterative: a 100,000-long chain is fine."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in order:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parent.get(node)
        if node is not None and state[node] == 1:
            del parent[path[-1]]
        for visited in path:
            state[visited] = 2
