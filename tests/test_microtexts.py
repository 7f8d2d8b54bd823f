"""The Argumentative Microtexts reader, on fixtures of every edge type written in the corpus's format."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap import Relation
from argmap.cli import main
from argmap.errors import ArgmapError, ArgmapSyntaxError
from argmap.interchange import dumps, loads

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "microtexts"
EVERY = FIXTURES / "tea_every_edge.xml"
BIKES = FIXTURES / "bikes_linked_undercut.xml"


def test_every_edge_type_reads_as_described() -> None:
    m = argmap.read(EVERY, format="microtexts")
    assert m.header == {"title": "tea_every_edge", "topic_id": "tea_at_work", "stance": "pro"}
    assert [s.id for s in m.theses] == ["a1"]  # the ADU with no outgoing edge
    assert m.statements["a2"].text == "A warm drink calms people and calm people decide better."  # two EDUs
    assert m.statements["a3"].kind.value == "evidence"  # the source of an exa edge
    assert m.statements["a4"].tags == ("opponent",) and m.statements["a6"].tags == ("opponent",)
    assert m.statements["a2"].tags == ()
    support = Relation("support", "a2", "a1")  # sup
    example = Relation("support", "a3", "a2")  # exa
    rebuttal = Relation("attack", "a4", "a1")  # reb
    undercut = Relation("undercut", "a6", example)  # und of a support
    assert {support, example, rebuttal, undercut} <= set(m.relations)
    assert Relation("undercut", "a5", rebuttal) in m.relations  # und of an attack
    assert Relation("undercut", "a7", undercut) in m.relations  # und of an undercut
    assert m.arguments["c17"].premises == ("a8", "a9")  # add: a linked co-premise of the sup edge c17
    assert Relation("support", "c17", "a1") in m.relations
    assert len(m.relations) == 7
    assert not [d for d in argmap.check(m) if d.severity.value == "error"]


def test_an_add_on_an_undercut_links_its_premises() -> None:
    m = argmap.read(BIKES, format="microtexts")
    rebuttal = Relation("attack", "a1", "a5")
    assert m.arguments["c3"].premises == ("a3", "a4")
    assert Relation("undercut", "c3", rebuttal) in m.relations
    assert [s.id for s in m.statements.values() if "opponent" in s.tags] == ["a1", "a2"]
    assert argmap.parse(argmap.dumps(m)) == m  # the notation writes and reads it back


def test_convert_from_microtexts(tmp_path: Path) -> None:
    out = tmp_path / "out.argmap"
    assert main(["convert", str(BIKES), str(out), "--from", "microtexts"]) == 0
    assert argmap.load(out) == argmap.read(BIKES, format="microtexts")


def test_microtexts_are_read_only() -> None:
    with pytest.raises(ArgmapError, match="reads microtexts but does not write it"):
        dumps(argmap.read(BIKES, format="microtexts"), "microtexts")


_GRAPH = '<arggraph id="x">\n<edu id="e1">T.</edu>\n<adu id="a1" type="pro"/>\n{}\n</arggraph>'


@pytest.mark.parametrize("text,where,message", [
    (_GRAPH.format('<edge id="c1" src="e1" trg="a1" type="sip"/>'), "m:4:1", "unknown edge type 'sip'"),
    (_GRAPH.format('<edge id="c1" src="e1" trg="a1"/>'), "m:4:1", "<edge> needs a 'type' attribute"),
    (_GRAPH.format('<edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="a1" trg="a1" type="und"/>'),
     "m:4:", "must point at an edge"),
    (_GRAPH.format(""), "m:3:1", "the ADU 'a1' has no text"),
    ('<!DOCTYPE x [<!ENTITY a "aaa">]><arggraph/>', "m:1:", "DOCTYPE"),
    ("<arggraph><edu>", "m:1:", "not well-formed XML"),
    ("<root/>", "m:1:1", "no <arggraph> element"),
])
def test_malformed_microtexts_are_located(text: str, where: str, message: str) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        loads(text, "microtexts", source="m")
    first = str(info.value).splitlines()[0]
    assert first.startswith(where) and message in first, first
