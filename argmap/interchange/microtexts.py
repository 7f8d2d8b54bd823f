"""The Argumentative Microtexts format (Peldszus and Stede, 2015), read only.

A microtext is an XML ``arggraph``: ``edu`` elements hold the text, ``adu``
elements the argumentative units (``type`` ``pro`` for the proponent,
``opp`` for the opponent), and ``edge`` elements relate them:

=========  ============================  ==========================================
edge       from -> to                    argmap
=========  ============================  ==========================================
``seg``    EDU -> ADU                    the EDU's text is (part of) the ADU's text
``sup``    ADU -> ADU                    support
``exa``    ADU -> ADU                    support; the source is evidence (an example)
``reb``    ADU -> ADU                    attack (a rebuttal)
``und``    ADU -> edge                   undercut of that edge's relation (also of an undercut)
``add``    ADU -> edge                   a linked co-premise: the edge's source and the
                                         added ADUs become one argument (id: the edge's id)
=========  ============================  ==========================================

One statement per ADU (its id is the ADU's id, its text the texts of its
EDUs in order); the ADU with no outgoing edge is the thesis; the opponent's
ADUs carry the tag ``opponent``; the graph's ``id``, ``topic_id`` and
``stance`` become the header (``title`` is the id).

>>> m = loads('''<arggraph id="x"><edu id="e1">Tea is good.</edu><edu id="e2">It is warm.</edu>
... <adu id="a1" type="pro"/><adu id="a2" type="pro"/>
... <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
... <edge id="c3" src="a2" trg="a1" type="sup"/></arggraph>''')
>>> [(s.id, s.kind.value, s.text) for s in m.statements.values()]
[('a1', 'thesis', 'Tea is good.'), ('a2', 'claim', 'It is warm.')]
>>> m.relations[0].kind.value, m.relations[0].source, m.relations[0].target
('support', 'a2', 'a1')
"""

from __future__ import annotations

from typing import Any
from xml.parsers import expat

import attrs

from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange._common import MAX_UNDERCUT_DEPTH, too_deep, warning
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Statement

__all__ = ["loads"]

_EDGE_TYPES = ("seg", "sup", "exa", "reb", "und", "add")
_TO_NODE = {"sup": RelationKind.SUPPORT, "exa": RelationKind.SUPPORT, "reb": RelationKind.ATTACK}


class _Error(Exception):
    def __init__(self, message: str, line: int, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


@attrs.frozen
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    text: str = ""

    def need(self, key: str) -> str:
        value = self.attrs.get(key)
        if not value:
            raise _Error(f"<{self.tag}> needs a '{key}' attribute", self.line, self.column)
        return value


@attrs.frozen
class _Edge:
    id: str
    src: str
    trg: str
    type: str
    line: int
    column: int


@attrs.frozen
class _Graph:
    """What the XML holds, in document order."""

    attrs: dict[str, str]
    edus: dict[str, _Element]
    adus: dict[str, _Element]
    edges: dict[str, _Edge]


# -- phase 1: the XML --------------------------------------------------------------


def _elements(text: str) -> list[_Element]:
    """The elements of *text* with their positions and text; no DTD, no entities beyond XML's own."""
    out: list[_Element] = []
    stack: list[tuple[str, dict[str, str], int, int, list[str]]] = []
    parser = expat.ParserCreate()

    def refuse_doctype(*_: Any) -> None:
        raise _Error("a document type declaration (DOCTYPE) is not allowed in a microtext",
                     parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start(tag: str, attributes: dict[str, str]) -> None:
        stack.append((tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, []))

    def end(tag: str) -> None:
        name, attributes, line, column, parts = stack.pop()
        out.append(_Element(name, dict(attributes), line, column, "".join(parts)))

    def chars(data: str) -> None:
        if stack:
            stack[-1][4].append(data)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise _Error(f"not well-formed XML: {expat.ErrorString(error.code)}", error.lineno,
                     error.offset + 1) from None
    out.sort(key=lambda e: (e.line, e.column))
    return out


def _graph(elements: list[_Element]) -> _Graph:
    roots = [e for e in elements if e.tag == "arggraph"]
    if not roots:
        raise _Error("no <arggraph> element: this is not a microtext", 1, 1,
                     "a microtext is <arggraph> with <edu>, <adu> and <edge> elements")
    edus: dict[str, _Element] = {}
    adus: dict[str, _Element] = {}
    edges: dict[str, _Edge] = {}
    for e in elements:
        if e.tag in ("edu", "adu", "edge"):
            key = e.need("id")
            if key in edus or key in adus or key in edges:
                raise _Error(f"the id {key!r} is used twice", e.line, e.column)
        if e.tag == "edu":
            edus[e.need("id")] = e
        elif e.tag == "adu":
            kind = e.need("type")
            if kind not in ("pro", "opp"):
                raise _Error(f"an ADU's type is 'pro' or 'opp', not {kind!r}", e.line, e.column)
            adus[e.need("id")] = e
        elif e.tag == "edge":
            kind = e.need("type")
            if kind not in _EDGE_TYPES:
                raise _Error(f"unknown edge type {kind!r}", e.line, e.column,
                             f"a microtext's edges are {', '.join(_EDGE_TYPES)}")
            edges[e.need("id")] = _Edge(e.need("id"), e.need("src"), e.need("trg"), kind, e.line, e.column)
    return _Graph(roots[0].attrs, edus, adus, edges)


# -- phase 2: the map ----------------------------------------------------------------


class _Builder:
    def __init__(self, graph: _Graph, warnings: list[Diagnostic]) -> None:
        self.g, self.warnings = graph, warnings
        self.relations: dict[str, Relation] = {}
        self.busy: set[str] = set()
        self.linked: dict[str, list[str]] = {}  # edge id -> the ADUs added to its source

    def check(self, edge: _Edge) -> None:
        g = self.g
        if edge.type == "seg":
            if edge.src not in g.edus or edge.trg not in g.adus:
                raise _Error(f"the seg edge {edge.id!r} must lead from an EDU to an ADU", edge.line, edge.column)
            return
        if edge.src not in g.adus:
            raise _Error(f"the {edge.type} edge {edge.id!r} starts at {edge.src!r}, which is no ADU",
                         edge.line, edge.column)
        on_edge = edge.type in ("und", "add")
        if on_edge and edge.trg not in g.edges:
            raise _Error(f"the {edge.type} edge {edge.id!r} must point at an edge, not {edge.trg!r}",
                         edge.line, edge.column)
        if not on_edge and edge.trg not in g.adus:
            raise _Error(f"the {edge.type} edge {edge.id!r} must point at an ADU, not {edge.trg!r}",
                         edge.line, edge.column)

    def statements(self) -> list[Statement]:
        g = self.g
        parts: dict[str, list[str]] = {a: [] for a in g.adus}
        for edge in g.edges.values():
            if edge.type == "seg":
                parts[edge.trg].append(" ".join(g.edus[edge.src].text.split()))
        outgoing = {e.src for e in g.edges.values() if e.type != "seg"}
        examples = {e.src for e in g.edges.values() if e.type == "exa"}
        roots = [a for a in g.adus if a not in outgoing]
        if len(roots) != 1:
            self.warnings.append(warning("microtexts-root", f"{len(roots)} ADUs have no outgoing edge; "
                                         "each is read as a thesis", 1))
        out = []
        for key, adu in g.adus.items():
            if not parts[key]:
                raise _Error(f"the ADU {key!r} has no text: no seg edge leads to it", adu.line, adu.column)
            kind = Kind.THESIS if key in roots else Kind.EVIDENCE if key in examples else Kind.CLAIM
            tags = ("opponent",) if adu.attrs.get("type") == "opp" else ()
            out.append(Statement(kind, key, " ".join(parts[key]), tags))
        return out

    def relation(self, edge_id: str) -> Relation:
        """The relation an edge stands for; undercuts resolve the edge they attack first."""
        if edge_id in self.relations:
            return self.relations[edge_id]
        edge = self.g.edges[edge_id]
        if edge_id in self.busy or len(self.busy) > MAX_UNDERCUT_DEPTH:
            raise _Error(too_deep() if edge_id not in self.busy else f"the edge {edge_id!r} undercuts itself",
                         edge.line, edge.column)
        self.busy.add(edge_id)
        source = edge_id if edge_id in self.linked else edge.src
        if edge.type == "und":
            target = self.g.edges[edge.trg]
            if target.type in ("seg", "add"):
                raise _Error(f"the und edge {edge_id!r} points at a {target.type} edge, which is no relation",
                             edge.line, edge.column)
            rel = Relation(RelationKind.UNDERCUT, source, self.relation(edge.trg))
        else:
            rel = Relation(_TO_NODE[edge.type], source, edge.trg)
        self.busy.discard(edge_id)
        self.relations[edge_id] = rel
        return rel

    def build(self) -> ArgumentMap:
        g = self.g
        for edge in g.edges.values():
            self.check(edge)
        for edge in g.edges.values():
            if edge.type == "add":
                target = g.edges[edge.trg]
                if target.type in ("seg", "add"):
                    raise _Error(f"the add edge {edge.id!r} points at a {target.type} edge", edge.line, edge.column)
                self.linked.setdefault(edge.trg, []).append(edge.src)
        statements = self.statements()
        arguments = [Argument(edge_id, "", [g.edges[edge_id].src, *added])
                     for edge_id, added in self.linked.items()]
        relations = [self.relation(e.id) for e in g.edges.values() if e.type not in ("seg", "add")]
        header = {"title": g.attrs.get("id", "")} if g.attrs.get("id") else {}
        for key in ("topic_id", "stance"):
            if g.attrs.get(key):
                header[key] = g.attrs[key]
        return ArgumentMap(header=header, statements=statements, arguments=arguments, relations=relations)


def loads(text: str, *, source: str | None = None, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read a microtext (``arggraph`` XML).  Malformed input raises ArgmapSyntaxError at FILE:LINE:COL."""
    collected: list[Diagnostic] = []
    try:
        m = _Builder(_graph(_elements(text)), collected).build()
    except _Error as error:
        raise ArgmapSyntaxError(error.message, source=source, line=error.line, column=error.column, text=text,
                                hint=error.hint, code="microtexts") from None
    if warnings is not None:
        warnings.extend(collected)
    return attrs.evolve(m, source=source, text=text)
