"""Limits: deep and wide maps, cycles, and undercut chains never crash or loop.

Times and peak memory at these sizes (and at 20 MB) are printed by
``tests/benchmarks/bench_limits.py`` and recorded in docs/security.md; the
tests only check that the work finishes with the right answer.
"""

from __future__ import annotations

import json
import warnings

import pytest

import argmap
from argmap import ArgmapSyntaxError, interchange
from argmap.interchange._common import MAX_UNDERCUT_DEPTH, undercut_depth
from argmap.render import render_bytes

ALL_SEMANTICS = ("grounded", "preferred", "stable", "dfquad", "euler", "quadratic-energy")


def nested(depth: int) -> str:
    return "thesis t: T.\n" + "".join(f"{' ' * (i + 1)}+ claim c{i}: C{i}.\n" for i in range(depth))


def wide(children: int) -> str:
    return "thesis t: T.\n" + "".join(f"  - claim c{i}: C{i}.\n" for i in range(children))


@pytest.mark.slow
def test_10000_levels_of_nesting() -> None:
    m = argmap.parse(nested(10_000))
    assert len(m.relations) == 10_000
    assert argmap.check(m) == []
    assert argmap.parse(argmap.dumps(m)) == m
    assert argmap.to_dot(m).count("->") == 10_000
    assert argmap.evaluate(m, "grounded").labels["t"] == "in"
    assert interchange.loads(interchange.dumps(m, "json"), "json") == m


@pytest.mark.slow
def test_a_node_with_10000_children() -> None:
    m = argmap.parse(wide(10_000))
    assert len(m.attackers("t")) == 10_000
    assert argmap.parse(argmap.dumps(m)) == m
    assert argmap.evaluate(m, "grounded").labels["t"] == "out"
    assert interchange.loads(interchange.dumps(m, "aif"), "aif") == m


# -- cycles ------------------------------------------------------------------------

CYCLES = {
    "support-cycle": "thesis a: A.\n  + claim b: B.\n    + claim c: C.\n      + @a\n",
    "attack-cycle": "thesis a: A.\n  - claim b: B.\n    - claim c: C.\n      - @a\n",
    "self-support": "thesis a: A.\n  + @a\n",
    "self-attack": "thesis a: A.\n  - @a\n",
    "two-cycle-with-undercut": "thesis a: A.\n  - claim b: B.\n    - @a\n      _ claim u: U.\n        - @b\n",
    "across-sections": ("# One\n\nthesis a: A.\n  + @b\n\n# Two\n\nclaim b: B.\n  + @c\n\n"
                        "# Three\n\nclaim c: C.\n  + @a\n  - @c\n"),
    "argument-supports-its-own-premise": ("thesis t: T.\n  + argument g:\n    premise p: P.\n    @q\n\n"
                                          "claim q: Q.\n  + @g\n  - @t\n"),
}


@pytest.mark.parametrize("name", CYCLES)
def test_cycles_finish_everywhere(name: str) -> None:
    m = argmap.parse(CYCLES[name])
    codes = {d.code for d in argmap.check(m)}
    if name in ("support-cycle", "self-support", "across-sections"):
        assert "circular-support" in codes
    assert argmap.parse(argmap.dumps(m)) == m
    for semantics in ALL_SEMANTICS:
        assert argmap.evaluate(m, semantics).values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert render_bytes(m, "svg", engine="embedded").startswith(b"<?xml")
    for fmt in ("json", "aif", "argdown"):
        interchange.loads(interchange.dumps(m, fmt, warnings=[]), fmt, warnings=[])


# -- undercut chains in the readers ---------------------------------------------------


def json_chain(links: int) -> str:
    relation: dict[str, object] = {"kind": "support", "source": "c0", "target": "t"}
    relations = [relation]
    for i in range(1, links):
        relation = {"kind": "undercut", "source": f"c{i}", "target": relation}
        relations.append(relation)
    statements = [{"id": "t", "kind": "thesis", "text": "T"}] + [{"id": f"c{i}", "text": f"C{i}"} for i in range(links)]
    return json.dumps({"argmap": 1, "statements": statements, "relations": relations})


def aif_chain(links: int, reverse: bool = False) -> str:
    nodes = [{"nodeID": "t", "type": "I", "text": "T"}, {"nodeID": "c0", "type": "I", "text": "C0"},
             {"nodeID": "s0", "type": "RA", "text": "Default Inference"}]
    edges = [{"fromID": "c0", "toID": "s0"}, {"fromID": "s0", "toID": "t"}]
    for i in range(1, links):
        nodes += [{"nodeID": f"c{i}", "type": "I", "text": f"C{i}"}, {"nodeID": f"s{i}", "type": "CA", "text": "x"}]
        edges += [{"fromID": f"c{i}", "toID": f"s{i}"}, {"fromID": f"s{i}", "toID": f"s{i - 1}"}]
    if reverse:  # the reader then meets the top of the chain first and must follow it down
        nodes.reverse()
        edges.reverse()
    return json.dumps({"nodes": nodes, "edges": edges}, indent=0)


def argdown_chain(links: int) -> str:
    lines = ["[t]: T.", "  <+ [c0]: C0."]
    lines += [f"{'  ' * (i + 1)}<_ [c{i}]: C{i}." for i in range(1, links)]
    return "\n".join(lines) + "\n"


CHAINS = {"json": json_chain, "aif": aif_chain, "aif-reversed": lambda n: aif_chain(n, reverse=True),
          "argdown": argdown_chain}


@pytest.mark.parametrize("name", CHAINS)
def test_readers_take_the_deepest_allowed_undercut_chain(name: str) -> None:
    m = interchange.loads(CHAINS[name](MAX_UNDERCUT_DEPTH + 1), name.split("-")[0], warnings=[])
    assert max(undercut_depth(r) for r in m.relations) == MAX_UNDERCUT_DEPTH
    argmap.check(m)
    argmap.to_dot(m)


@pytest.mark.parametrize("links", [MAX_UNDERCUT_DEPTH + 2, pytest.param(450, marks=pytest.mark.slow)])
@pytest.mark.parametrize("name", CHAINS)
def test_readers_refuse_deeper_undercut_chains_at_a_place(name: str, links: int) -> None:
    fmt = name.split("-")[0]
    text = CHAINS[name](links)
    with pytest.raises(ArgmapSyntaxError, match=f"undercuts nested more than {MAX_UNDERCUT_DEPTH} deep") as info:
        interchange.loads(text, fmt, source="deep", warnings=[])
    lines = text.split("\n")
    assert 1 <= info.value.line <= len(lines)
    assert 1 <= info.value.column <= len(lines[info.value.line - 1]) + 1


@pytest.mark.parametrize("name", ["aif", "aif-reversed", "argdown"])
def test_very_long_undercut_chains_are_refused_not_overflowed(name: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match="undercuts nested more than"):
        interchange.loads(CHAINS[name](1_500), name.split("-")[0], warnings=[])
