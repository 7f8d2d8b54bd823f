"""argmap.graphs against a plain definition of strongly connected components."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.graphs import strongly_connected
from tests.profile import examples

graphs = st.integers(0, 12).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, n - 1), max_size=4) if n else st.nothing(), min_size=n, max_size=n)
)


def _reach(succ: list[list[int]], start: int) -> set[int]:
    seen, todo = {start}, [start]
    while todo:
        for w in succ[todo.pop()]:
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


@settings(max_examples=examples(300), deadline=None)
@given(graphs)
def test_components_are_the_mutually_reachable_sets_sinks_first(succ: list[list[int]]) -> None:
    found = list(strongly_connected(range(len(succ)), succ.__getitem__))
    reach = [_reach(succ, v) for v in range(len(succ))]
    assert sorted(v for c in found for v in c) == list(range(len(succ)))
    for comp in found:
        assert {w for w in range(len(succ)) if comp[0] in reach[w] and w in reach[comp[0]]} == set(comp)
    # Sinks first: no component reaches one yielded after it.
    position = {v: k for k, comp in enumerate(found) for v in comp}
    assert all(position[w] <= position[v] for v in range(len(succ)) for w in succ[v])


def test_a_100000_node_chain_needs_no_recursion() -> None:
    n = 100_000
    succ = [[v + 1] for v in range(n - 1)] + [[0]]
    (only,) = strongly_connected(range(n), succ.__getitem__)
    assert len(only) == n and only[-1] == 0
