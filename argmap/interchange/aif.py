"""AIF, the Argument Interchange Format, in the JSON of AIFdb and OVA.

An AIF graph has *information* nodes (``I``: statements) and *scheme* nodes
that say how they relate: ``RA`` (an inference: its premises point at it, it
points at its conclusion), ``CA`` (a conflict: the attacker points at it, it
points at what is attacked), ``MA`` (a rephrase) and ``PA`` (a preference).
Dialogue nodes (``L`` locutions, ``YA`` illocutions, ``TA`` transitions) are
about who said what when; argmap reads past them.

argmap to AIF:

- a statement is an ``I`` node;
- each relation is one scheme node: ``RA`` for a support, ``CA`` for an
  attack or an undercut; its premises are the source statement, or all the
  premises of a linked argument, so linked premises stay linked;
- an undercut is a ``CA`` node pointing at the scheme node of the relation it
  undercuts.

What AIF has no place for (kinds, tags, metadata such as an evidence's
``date`` and ``source``, argument labels, sections, the header, and the
difference between attacking an argument and undercutting its link) goes in
``"argmap"`` fields that AIF tools ignore, so argmap to AIF to argmap loses
nothing.  A file from AIFdb or OVA has no such fields: see
``docs/interchange.md`` for how it is read.

>>> from argmap import parse
>>> m = parse("thesis t: Tea is good.\\n  + claim c: Warm.\\n    _ claim d: Not always.\\n")
>>> data = to_data(m)
>>> [(n["nodeID"], n["type"], n["text"]) for n in data["nodes"]]
[('1', 'I', 'Tea is good.'), ('2', 'I', 'Warm.'), ('3', 'I', 'Not always.'), ('4', 'RA', 'Default Inference'), ('5', 'CA', 'Default Conflict')]
>>> [(e["fromID"], e["toID"]) for e in data["edges"]]
[('2', '4'), ('4', '1'), ('3', '5'), ('5', '4')]
>>> loads(dumps(m)) == m
True
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from argmap.constants import RELATION_KINDS
from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange._common import (
    MAX_UNDERCUT_DEPTH,
    NOT_AN_ID,
    NOT_TEXT,
    JsonShapeError,
    Path,
    is_id,
    load_json,
    lone_surrogate,
    safe_id,
    shape_error,
    too_deep,
    undercut_depth,
    warning,
)
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Section, Statement

__all__ = ["dumps", "loads", "to_data", "from_data"]

_SCHEME = {RelationKind.SUPPORT: ("RA", "Default Inference"), RelationKind.ATTACK: ("CA", "Default Conflict"),
           RelationKind.UNDERCUT: ("CA", "Default Conflict")}
_DIALOGUE = {"L", "YA", "TA"}
_SCHEMES = {"RA", "CA", "MA", "PA"}
#: The header key that keeps MA and PA nodes of an AIF file, as JSON.
PRESERVED = "aif-preserved"


# -- writing ---------------------------------------------------------------


def to_data(m: ArgumentMap, warnings: list[Diagnostic] | None = None) -> dict[str, Any]:
    """The map as AIF JSON data."""
    warn = warnings.append if warnings is not None else (lambda d: None)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    node_of: dict[str, str] = {}

    def new_node(kind: str, text: str, extra: dict[str, Any]) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": "", "argmap": extra})
        return node_id

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    for s in m.statements.values():
        node_of[s.id] = new_node("I", s.text, {"id": s.id, "kind": s.kind.value, "tags": list(s.tags),
                                               "metadata": dict(s.metadata)})

    def argument_data(a: Argument) -> dict[str, Any]:
        return {"id": a.id, "text": a.text, "premises": list(a.premises), "tags": list(a.tags),
                "metadata": dict(a.metadata)}

    # One scheme node per relation, ids first (a relation may point at a later one).
    relations = list(m.relations)
    keep: list[tuple[Relation, str]] = []
    scheme_of: dict[Relation, str] = {}
    for rel in relations:
        if rel.source not in m:
            warn(warning("aif-dangling", f"a {rel.kind} from the unknown node {rel.source!r} is not written"))
            continue
        kind, text = _SCHEME[rel.kind]
        extra: dict[str, Any] = {"relation": rel.kind.value}
        if rel.source in m.arguments:
            extra["argument"] = argument_data(m.arguments[rel.source])
        node_id = new_node(kind, text, extra)
        scheme_of.setdefault(rel, node_id)
        keep.append((rel, node_id))
        if rel.source in m.arguments and rel.source not in node_of:
            node_of[rel.source] = node_id
    for a in m.arguments.values():
        if a.id not in node_of:  # bears on nothing: a scheme node with premises only
            node_of[a.id] = new_node("RA", "Default Inference", {"relation": None, "argument": argument_data(a)})
            for premise in a.premises:
                if premise in m.statements:
                    edge(node_of[premise], node_of[a.id])
    for rel, node_id in keep:
        premises = m.arguments[rel.source].premises if rel.source in m.arguments else (rel.source,)
        for premise in premises:
            if premise in m.statements:
                edge(node_of[premise], node_id)
        target = rel.target
        goal = scheme_of.get(target) if isinstance(target, Relation) else node_of.get(target)
        if goal is None:
            warn(warning("aif-dangling", f"the target of a {rel.kind} from {rel.source!r} is not in the map; "
                         "the scheme node has no conclusion"))
        else:
            edge(node_id, goal)
    preserved = m.header.get(PRESERVED)
    header = {k: v for k, v in m.header.items() if k != PRESERVED}
    if preserved:
        try:
            extra_nodes = json.loads(preserved)
            for item in extra_nodes:
                node_id = new_node(item["type"], item["text"], {})
                for source in item["from"]:
                    if source in node_of:
                        edge(node_of[source], node_id)
                for target in item["to"]:
                    if target in node_of:
                        edge(node_id, node_of[target])
        except (ValueError, KeyError, TypeError, RecursionError):
            warn(warning("aif-preserved", f"the header {PRESERVED!r} is not what argmap wrote; left out"))
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": [],
        "argmap": {"version": 1, "header": header,
                   "sections": [{"title": s.title, "level": s.level, "members": list(s.members)}
                                for s in m.sections]},
    }


def dumps(m: ArgumentMap, warnings: list[Diagnostic] | None = None) -> str:
    """The map as AIF JSON text."""
    return json.dumps(to_data(m, warnings), ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------


@attrs.define
class _Scheme:
    node_id: str
    kind: str
    text: str
    extra: dict[str, Any]
    premises: list[str] = attrs.Factory(list)  # I-node ids
    targets: list[str] = attrs.Factory(list)  # node ids
    path: Path = ()


def _object(value: Any, path: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise JsonShapeError(path, f"expected an object, found {type(value).__name__}")
    return value


def _node_id(value: Any, path: Path) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise JsonShapeError(path, "expected a node id (a string or an integer)")
    return str(value)


def _strings(value: Any, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise JsonShapeError(path, "expected an array of strings")
    return value


def _string_map(value: Any, path: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise JsonShapeError(path, "expected an object")
    return {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in value.items()}


@attrs.frozen
class _INode:
    """An information node: a statement to be."""

    node_id: str
    text: str
    extra: dict[str, Any]  # the node's "argmap" field
    path: Path


class _Reader:
    """Reads AIF in phases: nodes, edges, statements, arguments, relations, then the header and sections."""

    def __init__(self, data: Any, warnings: list[Diagnostic] | None) -> None:
        self.warn: Any = warnings.append if warnings is not None else (lambda d: None)
        self.root = _object(data, ())
        self.info: dict[str, _INode] = {}
        self.schemes: dict[str, _Scheme] = {}
        self.kinds: dict[str, str] = {}  # every node id -> its type
        self.taken: set[str] = set()
        self.counts: dict[str, int] = {}
        self.ids: dict[str, str] = {}  # I node id -> statement id
        self.arguments: dict[str, Argument] = {}
        self.source_of: dict[str, str] = {}  # scheme node -> the id of what bears (statement or argument)
        self.made: dict[str, list[Relation]] = {}
        self.busy: set[str] = set()

    def read(self) -> ArgumentMap:
        raw_nodes, raw_edges = self.arrays()
        self.nodes(raw_nodes)
        self.edges(raw_edges)
        self.statement_ids()
        statements = self.statements()
        self.read_arguments()
        relations = self.relations()
        header, sections = self.header_and_sections()
        return ArgumentMap(header=header, statements=statements, arguments=list(self.arguments.values()),
                           relations=relations, sections=sections)

    # -- phase 1: the arrays and their nodes

    def arrays(self) -> tuple[list[Any], list[Any]]:
        if "nodes" not in self.root:
            raise JsonShapeError((), 'missing key "nodes"; is this an AIF file?')
        raw_nodes = self.root["nodes"]
        if not isinstance(raw_nodes, list):
            raise JsonShapeError(("nodes",), "expected an array of nodes")
        raw_edges = self.root.get("edges", [])
        if not isinstance(raw_edges, list):
            raise JsonShapeError(("edges",), "expected an array of edges")
        return raw_nodes, raw_edges

    def nodes(self, raw_nodes: list[Any]) -> None:
        skipped: dict[str, int] = {}
        for i, item in enumerate(raw_nodes):
            path: Path = ("nodes", i)
            node = _object(item, path)
            if "nodeID" not in node:
                raise JsonShapeError(path, 'missing key "nodeID"')
            node_id = _node_id(node["nodeID"], (*path, "nodeID"))
            kind = node.get("type")
            if not isinstance(kind, str):
                raise JsonShapeError((*path, "type") if "type" in node else path,
                                     'expected a node "type" (I, RA, CA, MA, PA, L, YA, TA, ...)')
            text = node.get("text", "")
            if not isinstance(text, str):
                raise JsonShapeError((*path, "text"), "expected a string")
            extra = node.get("argmap") or {}
            if not isinstance(extra, dict):
                raise JsonShapeError((*path, "argmap"), "expected an object")
            if node_id in self.kinds:
                raise JsonShapeError((*path, "nodeID"), f"the node id {node_id!r} is already used")
            self.kinds[node_id] = kind
            if kind == "I":
                self.info[node_id] = _INode(node_id, text, extra, path)
            elif kind in _SCHEMES:
                scheme_name = node.get("scheme")
                if isinstance(scheme_name, str) and scheme_name and "argument" not in extra:
                    text = scheme_name  # AIFdb names the argumentation scheme here
                self.schemes[node_id] = _Scheme(node_id, kind, text, extra, path=path)
            else:
                skipped[kind] = skipped.get(kind, 0) + 1
        self.report_skipped(skipped)

    def report_skipped(self, skipped: dict[str, int]) -> None:
        dialogue = sum(n for k, n in skipped.items() if k in _DIALOGUE)
        if dialogue or self.root.get("locutions"):
            self.warn(warning("aif-dialogue", f"skipped {dialogue} dialogue node(s) (L, YA, TA) and the locutions: "
                              "argmap keeps the argument, not who said it when"))
        for kind, count in sorted(skipped.items()):
            if kind not in _DIALOGUE:
                self.warn(warning("aif-unknown-node", f"skipped {count} node(s) of unknown type {kind!r}"))

    # -- phase 2: edges

    def edges(self, raw_edges: list[Any]) -> None:
        for i, item in enumerate(raw_edges):
            path: Path = ("edges", i)
            edge = _object(item, path)
            for key in ("fromID", "toID"):
                if key not in edge:
                    raise JsonShapeError(path, f"missing key {key!r}")
            a = _node_id(edge["fromID"], (*path, "fromID"))
            b = _node_id(edge["toID"], (*path, "toID"))
            for end, key in ((a, "fromID"), (b, "toID")):
                if end not in self.kinds:
                    raise JsonShapeError((*path, key), f"no node has the id {end!r}")
            if b in self.schemes and a in self.info:
                self.schemes[b].premises.append(a)
            elif a in self.schemes and (b in self.info or b in self.schemes):
                self.schemes[a].targets.append(b)
            # Edges to or from dialogue nodes (L-YA-I, TA-YA-RA, ...) carry no argument.

    # -- phase 3: statements

    def statement_ids(self) -> None:
        """Statement ids from the argmap field, else from the node id."""
        for node_id, node in self.info.items():
            wanted = node.extra.get("id")
            wanted = wanted if isinstance(wanted, str) and wanted else node_id
            self.ids[node_id] = safe_id(wanted, self.taken, self.counts)
            self.taken.add(self.ids[node_id])
            if self.ids[node_id] != wanted:
                self.warn(warning("aif-id", f"the node {node_id!r} is read as {self.ids[node_id]!r}: "
                                  + ("the id is taken" if is_id(wanted) else
                                     f"{wanted!r} is no argmap id (letters, digits, '_', '.', '-'; no spaces)")))

    def statements(self) -> list[Statement]:
        single_use: dict[str, set[int]] = {}
        for scheme in self.schemes.values():
            if scheme.kind in ("RA", "CA"):
                for p in scheme.premises:
                    single_use.setdefault(p, set()).add(len(scheme.premises))
        conclusions = {t for s in self.schemes.values() if s.kind in ("RA", "CA") for t in s.targets}
        out: list[Statement] = []
        for node_id, node in self.info.items():
            kind = node.extra.get("kind")
            if kind not in {k.value for k in Kind}:
                uses = single_use.get(node_id)
                if uses and min(uses) >= 2:
                    kind = "premise"
                elif node_id in conclusions and not uses:
                    kind = "thesis"
                else:
                    kind = "claim"
            out.append(Statement(kind, self.ids[node_id], node.text,
                                 _strings(node.extra.get("tags", []), (*node.path, "argmap", "tags")),
                                 _string_map(node.extra.get("metadata", {}), (*node.path, "argmap", "metadata"))))
        return out

    # -- phase 4: arguments

    def read_arguments(self) -> None:
        """From the argmap field, else each scheme node with two or more premises."""
        for scheme in self.schemes.values():
            if scheme.kind not in ("RA", "CA"):
                continue
            field = scheme.extra.get("argument")
            if isinstance(field, dict) and isinstance(field.get("id"), str) and field["id"]:
                self.source_of[scheme.node_id] = self.argument_field(scheme, field)
            elif len(scheme.premises) >= 2:
                arg_id = safe_id(scheme.node_id, self.taken, self.counts)
                self.taken.add(arg_id)
                label = "" if scheme.text.startswith("Default ") else scheme.text
                self.arguments[arg_id] = Argument(arg_id, label, [self.ids[p] for p in scheme.premises])
                self.source_of[scheme.node_id] = arg_id
            elif len(scheme.premises) == 1:
                self.source_of[scheme.node_id] = self.ids[scheme.premises[0]]
            else:
                self.warn(warning("aif-no-premise", f"the {scheme.kind} node {scheme.node_id!r} has no premise; "
                                  "skipped"))

    def argument_field(self, scheme: _Scheme, field: dict[str, Any]) -> str:
        arg_id: str = field["id"]
        if not is_id(arg_id):
            raise JsonShapeError((*scheme.path, "argmap", "argument", "id"), NOT_AN_ID.format(arg_id))
        if arg_id not in self.arguments:
            where: Path = (*scheme.path, "argmap", "argument")
            premises = field.get("premises")
            label = field.get("text", "")
            if not isinstance(label, str):
                raise JsonShapeError((*where, "text"), "expected a string")
            self.arguments[arg_id] = Argument(
                arg_id, label,
                _strings(premises, (*where, "premises")) if premises is not None
                else [self.ids[p] for p in scheme.premises],
                _strings(field.get("tags", []), (*where, "tags")),
                _string_map(field.get("metadata", {}), (*where, "metadata")),
            )
            self.taken.add(arg_id)
        return arg_id

    # -- phase 5: relations, one per scheme node and conclusion

    def relations(self) -> list[Relation]:
        out: list[Relation] = []
        for scheme_id, scheme in self.schemes.items():
            if scheme.kind in ("RA", "CA"):
                for rel in self.relations_of(scheme_id):
                    if undercut_depth(rel) > MAX_UNDERCUT_DEPTH:
                        raise JsonShapeError(scheme.path, too_deep())
                    out.append(rel)
        return out

    def relations_of(self, scheme_id: str) -> list[Relation]:
        if scheme_id in self.made:
            return self.made[scheme_id]
        if scheme_id in self.busy:  # a cycle of scheme nodes: stop here
            return []
        scheme = self.schemes[scheme_id]
        if len(self.busy) > MAX_UNDERCUT_DEPTH:  # each level is a CA node pointing at the one below
            raise JsonShapeError(scheme.path, too_deep())
        self.busy.add(scheme_id)
        out: list[Relation] = []
        source = self.source_of.get(scheme_id)
        if source is not None:
            field_kind = scheme.extra.get("relation")
            for target in scheme.targets:
                rel = self.relation(scheme, source, target, field_kind)
                if rel is not None:
                    out.append(rel)
        self.made[scheme_id] = out
        self.busy.discard(scheme_id)
        return out

    def relation(self, scheme: _Scheme, source: str, target: str, field_kind: Any) -> Relation | None:
        if target in self.info:
            kind = RelationKind(field_kind) if field_kind in RELATION_KINDS else (
                RelationKind.SUPPORT if scheme.kind == "RA" else RelationKind.ATTACK)
            return Relation(kind, source, self.ids[target])
        goal = self.schemes[target]
        if goal.kind not in ("RA", "CA"):
            self.warn(warning("aif-unsupported", f"the {scheme.kind} node {scheme.node_id!r} points at a "
                              f"{goal.kind} node; skipped"))
            return None
        on_argument = self.source_of.get(target) in self.arguments
        if field_kind in ("support", "attack") and on_argument:
            return Relation(field_kind, source, self.source_of[target])
        if scheme.kind == "RA" and field_kind != "undercut":
            if on_argument:
                return Relation(RelationKind.SUPPORT, source, self.source_of[target])
            self.warn(warning("aif-unsupported", f"the RA node {scheme.node_id!r} supports the inference "
                              f"{target!r}; argmap has no support of a link, skipped"))
            return None
        links = self.relations_of(target)
        if len(links) == 1:
            return Relation(RelationKind.UNDERCUT, source, links[0])
        if on_argument:
            return Relation(RelationKind.UNDERCUT, source, self.source_of[target])
        self.warn(warning("aif-unsupported", f"the CA node {scheme.node_id!r} undercuts {target!r}, "
                          "which has no single link; skipped"))
        return None

    # -- phase 6: header and sections

    def header_and_sections(self) -> tuple[dict[str, str], list[Section]]:
        meta = self.root.get("argmap")
        header: dict[str, str] = {}
        sections: list[Section] = []
        if isinstance(meta, dict):
            header = _string_map(meta.get("header", {}), ("argmap", "header"))
            sections = _sections(meta.get("sections", []))
        preserved = [{"type": s.kind, "text": s.text, "from": [self.ids[p] for p in s.premises],
                      "to": [self.ids[t] if t in self.ids else self.source_of.get(t, t) for t in s.targets]}
                     for s in self.schemes.values() if s.kind in ("MA", "PA")]
        if preserved:
            self.warn(warning("aif-preserved", f"kept {len(preserved)} MA/PA node(s) in the header {PRESERVED!r}: "
                              "argmap has no rephrase or preference, but writes them back to AIF"))
            header[PRESERVED] = json.dumps(preserved, ensure_ascii=False)
        return header, sections


def _sections(raw_sections: Any) -> list[Section]:
    if not isinstance(raw_sections, list):
        raise JsonShapeError(("argmap", "sections"), "expected an array of sections")
    sections = []
    for i, raw in enumerate(raw_sections):
        path: Path = ("argmap", "sections", i)
        sec = _object(raw, path)
        title, level = sec.get("title", ""), sec.get("level", 1)
        if not isinstance(title, str):
            raise JsonShapeError((*path, "title"), "expected a string")
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
            raise JsonShapeError((*path, "level"), f"a level is an integer from 1 to 6, found {json.dumps(level)}")
        sections.append(Section(title, level, _strings(sec.get("members", []), (*path, "members"))))
    return sections


def from_data(data: Any, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Build a map from AIF JSON data; raises JsonShapeError with the path of the first problem."""
    return _Reader(data, warnings).read()


def loads(text: str, *, source: str | None = None, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read AIF JSON text (AIFdb or OVA)."""
    data = load_json(text, source)
    try:
        where = lone_surrogate(data)
        if where is not None:
            raise JsonShapeError(where, NOT_TEXT)
        m = from_data(data, warnings)
    except JsonShapeError as error:
        raise shape_error(error, text, source) from None
    except (ValueError, TypeError) as error:
        raise ArgmapSyntaxError(f"not a valid AIF map: {error}", source=source, text=text,
                                code="aif") from None
    return attrs.evolve(m, source=source, text=text)
