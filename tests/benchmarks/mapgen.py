"""Synthetic argument maps of a chosen size, for benchmarks.

:func:`generate` builds an :class:`~argmap.ArgumentMap` of *statements*
statements: one thesis, under it as many top-level claims as it takes, each
the root of a tree with *fanout* children per node down to *depth* levels
below the thesis.  Children support (``+``) or attack (``-``) their parent,
two to one.  A share *evidence* of the statements are evidence leaves with a
date and a source; a share *references* of the statements get one more
relation each, written as a reference line (``+ @id`` / ``- @id``) under
them, to a node elsewhere in the map.  Support references only come from a
node defined earlier that is not an ancestor, so no support goes in a
circle and :func:`argmap.check` finds nothing.  The same seed gives the same
map.

*lengths* chooses how long the node texts are.  ``"words"`` (the default):
sentences of 7 to 12 words, 50 to 90 characters.  ``"real"``: lengths drawn
from a log-normal fitted to the AraucariaDB AIF corpus's statements (median
78, mean 98 characters; issue 19), the sentence grown word by word to its
drawn length (at least 12 characters), so that the time per character is
measured on texts as long as real argument texts.

>>> m = generate(200, seed=1)
>>> len(m.statements), len(m.theses)
(200, 1)
>>> import argmap
>>> argmap.check(m)
[]
>>> argmap.parse(argmap.dumps(m)) == m
True
>>> import statistics
>>> real = generate(2000, seed=1, lengths="real")
>>> sizes = [len(s.text) for s in real.statements.values()]
>>> 70 < statistics.median(sizes) < 90, 90 < statistics.mean(sizes) < 110
(True, True)

Not collected by pytest as a test (its name does not start with ``test_``);
its doctests run.  Run it to write a map:
``.venv/bin/python tests/benchmarks/mapgen.py 10000 out.argmap [real]``.
"""

from __future__ import annotations

import math
import random
import sys

from argmap.model import ArgumentMap, Relation, Statement

__all__ = ["generate"]

_WORDS = (
    "trade sanctions summit border treaty alliance pressure talks envoy reactor missile drills "
    "economy grain coal exports imports patron ally rift visit pledge security interest role "
    "influence leverage stance scheme suspension track peace troops embassy ministry press "
    "conference statement report source analyst observer record history decade relation "
    "strategy insurance confirmation stake breakthrough grip defiance embrace rhetoric support"
).split()
_VERBS = (
    "shows weakens strengthens undermines confirms contradicts explains supports suggests "
    "outweighs reflects predicts limits reveals requires"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(_WORDS) for _ in range(words)]
    picked.insert(rng.randrange(2, words - 1), rng.choice(_VERBS))
    return " ".join(picked).capitalize() + "."


#: The AraucariaDB AIF corpus's statement lengths: median 78, mean 98
#: characters.  A log-normal with median e**mu and mean e**(mu + sigma**2 / 2).
_REAL_MU = math.log(78)
_REAL_SIGMA = math.sqrt(2 * math.log(98 / 78))


def _real_sentence(rng: random.Random) -> str:
    length = max(12, round(rng.lognormvariate(_REAL_MU, _REAL_SIGMA)))
    picked = [rng.choice(_WORDS)]
    size = len(picked[0]) + 1
    while size + 4 < length:  # (a word overshoots the length by about 4 characters)
        word = rng.choice(_VERBS) if len(picked) == 2 else rng.choice(_WORDS)
        picked.append(word)
        size += len(word) + 1
    return " ".join(picked).capitalize() + "."


def generate(
    statements: int,
    *,
    depth: int = 6,
    fanout: int = 4,
    references: float = 0.05,
    evidence: float = 0.2,
    seed: int = 0,
    lengths: str = "words",
) -> ArgumentMap:
    """A map of exactly *statements* statements (see the module docstring)."""
    if statements < 1 or depth < 1 or fanout < 1:
        raise ValueError("statements, depth and fanout must be at least 1")
    if lengths not in ("words", "real"):
        raise ValueError("lengths is 'words' or 'real'")
    rng = random.Random(seed)
    kinds: list[str] = ["thesis"]
    parents: list[int] = [-1]
    children: list[int] = [0]
    # Depth-first: a stack of (node, its depth); the thesis takes any number
    # of children, every other node at most *fanout*.
    stack = [(0, 0)]
    while len(kinds) < statements:
        node, level = stack[-1]
        if level >= depth or (node != 0 and children[node] >= fanout):
            stack.pop()
            continue
        new = len(kinds)
        kinds.append("claim")
        parents.append(node)
        children.append(0)
        children[node] += 1
        stack.append((new, level + 1))
    leaves = [i for i in range(1, statements) if children[i] == 0]
    for i in rng.sample(leaves, min(len(leaves), round(evidence * statements))):
        kinds[i] = "evidence"

    ids = [f"{kind[0]}{i}" for i, kind in enumerate(kinds)]
    nodes = []
    relations = []
    for i, kind in enumerate(kinds):
        metadata = {}
        if kind == "evidence":
            metadata = {"date": f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "source": f"{rng.choice(_WORDS).capitalize()} report, {rng.randint(1, 400)}"}
        text = _sentence(rng, rng.randint(7, 12)) if lengths == "words" else _real_sentence(rng)
        tags = (rng.choice(_WORDS),) if rng.random() < 0.1 else ()
        nodes.append(Statement(kind, ids[i], text, tags, metadata))
        if parents[i] >= 0:
            relations.append(Relation("support" if rng.random() < 2 / 3 else "attack", ids[i], ids[parents[i]]))
    for target in rng.sample(range(1, statements), min(statements - 1, round(references * statements))):
        source = rng.randrange(1, statements)
        if source == target or parents[source] == target:
            continue
        above, up = set(), parents[target]
        while up >= 0:
            above.add(up)
            up = parents[up]
        # Earlier in file order and not above: a support cannot close a circle.
        supportable = source < target and source not in above
        kind = "support" if supportable and rng.random() < 0.5 else "attack"
        relations.append(Relation(kind, ids[source], ids[target]))
    return ArgumentMap(header={"title": f"Generated map of {statements} statements"}, statements=nodes,
                       relations=relations)


if __name__ == "__main__":
    import argmap

    count, out = int(sys.argv[1]), sys.argv[2]
    argmap.write(generate(count, lengths=sys.argv[3] if len(sys.argv) > 3 else "words"), out)
