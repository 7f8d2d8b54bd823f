"""Print how long argmap.evaluate takes on large and awkward maps.

Run:  .venv/bin/python tests/benchmarks/bench_evaluate.py
Figures only; nothing here fails on a slow machine.
"""

from __future__ import annotations

import random
import time

import argmap
from argmap import ArgumentMap, Relation, Statement


def chain(depth: int, kind: str) -> ArgumentMap:
    statements = [Statement("thesis", "n0", "T.")] + [Statement("claim", f"n{i}", "C.") for i in range(1, depth)]
    return ArgumentMap(statements=statements, relations=[Relation(kind, f"n{i}", f"n{i - 1}") for i in range(1, depth)])


def random_map(n: int, attacks: int, seed: int = 1) -> ArgumentMap:
    rng = random.Random(seed)
    statements = [Statement("claim", f"a{i}", "C.") for i in range(n)]
    pairs = {(rng.randrange(n), rng.randrange(n)) for _ in range(attacks)}
    return ArgumentMap(statements=statements, relations=[Relation("attack", f"a{i}", f"a{j}") for i, j in pairs])


def two_cycles(k: int) -> ArgumentMap:
    statements, relations = [], []
    for i in range(k):
        statements += [Statement("claim", f"a{i}", "A."), Statement("claim", f"b{i}", "B.")]
        relations += [Relation("attack", f"a{i}", f"b{i}"), Relation("attack", f"b{i}", f"a{i}")]
    return ArgumentMap(statements=statements, relations=relations)


def timed(label: str, m: ArgumentMap, semantics: str) -> None:
    start = time.perf_counter()
    r = argmap.evaluate(m, semantics)
    took = time.perf_counter() - start
    extra = f", {len(r.extensions)} extensions" if r.extensions is not None else ""
    print(f"{label:<38} {semantics:<17} {took * 1000:9.1f} ms  status={r.status}{extra}")


def main() -> None:
    for depth in (10_000, 100_000):
        m = chain(depth, "attack")
        for s in ("grounded", "preferred", "dfquad", "euler"):
            timed(f"attack chain, {depth} deep", m, s)
    timed("support chain, 100000 deep", chain(100_000, "support"), "dfquad")
    m = random_map(2_000, 4_000)
    for s in ("grounded", "dfquad", "quadratic-energy"):
        timed("random, 2000 nodes, 4000 attacks", m, s)
    m = random_map(60, 90, seed=7)
    for s in ("preferred", "stable"):
        timed("random, 60 nodes, 90 attacks", m, s)
    timed("12 separate two-cycles", two_cycles(12), "preferred")
    timed("17 separate two-cycles", two_cycles(17), "preferred")


if __name__ == "__main__":
    main()
