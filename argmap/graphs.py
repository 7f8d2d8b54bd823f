"""Graph algorithms the checks and the evaluation share.

Plain functions over any hashable nodes and a successor function, with
explicit stacks instead of recursion (maps can be 10,000 levels deep).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

__all__ = ["strongly_connected"]

N = TypeVar("N", bound=Hashable)


def strongly_connected(nodes: Iterable[N], successors: Callable[[N], Iterable[N]]) -> Iterator[list[N]]:
    """The strongly connected components of a graph (Tarjan's algorithm).

    Roots are taken in the order of *nodes*; a component is yielded as soon as
    it is complete, so sinks come first (reverse topological order), and its
    members in the order they leave Tarjan's stack (its root last).

    >>> edges = {"a": ["b"], "b": ["a", "c"], "c": []}
    >>> list(strongly_connected("abc", edges.__getitem__))
    [['c'], ['b', 'a']]
    """
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    on_stack: set[N] = set()
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[N, Iterator[N]]] = [(root, iter(successors(root)))]
        while work:
            node, todo = work[-1]
            for succ in todo:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(successors(succ))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[N] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component
