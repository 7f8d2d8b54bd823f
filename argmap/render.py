"""Argument maps as Graphviz drawings: DOT text, then SVG, PNG or PDF.

:func:`to_dot` writes the DOT text (pure and deterministic);
:mod:`argmap.engines` runs Graphviz on it.  Every user string reaches DOT
through the ``graphviz`` package's quoting with its backslashes escaped, so
text such as ``\\N`` or ``<b>`` is drawn as written.

Labels are plain escString labels, not HTML-like ones: the embedded
Graphviz engine is built without libexpat and would draw HTML-like labels
as bare node names.
"""

from __future__ import annotations

import os
import textwrap
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import graphviz  # type: ignore[import-untyped]

from argmap._io import atomic_write
from argmap.engines import FORMATS, layout, resolve_engine
from argmap.errors import ArgmapRenderError
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Statement

__all__ = ["to_dot", "render_bytes", "render_svg", "render", "SUFFIX_FORMATS", "RANKDIRS"]

#: File suffixes :func:`render` understands, and the format each means.
SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
#: Values accepted for ``rankdir``; ``BT`` puts the thesis on top.
RANKDIRS = ("BT", "TB", "LR", "RL")

_FONT = "Helvetica"

# Kinds differ by outline as well as by fill, so they stay apart in greyscale:
# thesis bold and rounded, claim rounded, premise square, evidence a note.
_KIND_STYLE: dict[Kind, dict[str, str]] = {
    Kind.THESIS: {
        "shape": "box",
        "style": "rounded,filled,bold",
        "penwidth": "2.5",
        "color": "#7a5c00",
        "fillcolor": "#fff1b0",
        "fontsize": "12",
    },
    Kind.CLAIM: {"shape": "box", "style": "rounded,filled", "color": "#2f5f8f", "fillcolor": "#dde9f5"},
    Kind.PREMISE: {"shape": "box", "style": "filled", "color": "#555555", "fillcolor": "#ffffff"},
    Kind.EVIDENCE: {"shape": "note", "style": "filled", "color": "#4d4d4d", "fillcolor": "#ebebeb"},
}

# Colour, line style and arrowhead all differ, for readers without colour.
_RELATION_STYLE: dict[RelationKind, dict[str, str]] = {
    RelationKind.SUPPORT: {"color": "#2e7d32", "style": "solid", "arrowhead": "normal"},
    RelationKind.ATTACK: {"color": "#c62828", "style": "dashed", "arrowhead": "tee"},
    RelationKind.UNDERCUT: {"color": "#7b1fa2", "style": "dotted", "arrowhead": "diamond", "penwidth": "1.8"},
}

_PREMISE_EDGE = {"color": "#555555", "style": "solid", "arrowhead": "none", "class": "premise"}


def to_dot(map: ArgumentMap, *, rankdir: str = "BT", wrap: int = 36) -> str:
    r"""The map as Graphviz DOT text.

    Statements are cards headed by their kind, with text wrapped at *wrap*
    characters; edges run from each reason to its target.  A linked
    argument's premises meet at a junction node, an undercut aims at a
    small node in the middle of the link it attacks, and sections become
    nested clusters.  Relations naming an unknown node are left out.  Node
    names are generated (``n0``, ``n1``, ...); the model id is the ``id``
    attribute.  The same map always gives the same text.

    >>> from argmap.model import ArgumentMap, Relation, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good."),
    ...                             Statement("claim", "c", "It is warm.")],
    ...                 relations=[Relation("support", "c", "t")])
    >>> print(to_dot(m), end="")  # doctest: +NORMALIZE_WHITESPACE
    digraph argmap {
        graph [fontname=Helvetica nodesep=0.3 rankdir=BT ranksep=0.5]
        node [fontname=Helvetica fontsize=11 margin="0.12,0.06"]
        edge [arrowsize=0.9 penwidth=1.4]
        n0 [label="THESIS\nTea is good." class=thesis color="#7a5c00" fillcolor="#fff1b0"
            fontsize=12 id=t penwidth=2.5 shape=box style="rounded,filled,bold"]
        n1 [label="CLAIM\nIt is warm." class=claim color="#2f5f8f" fillcolor="#dde9f5"
            id=c shape=box style="rounded,filled"]
        n1 -> n0 [arrowhead=normal class=support color="#2e7d32" style=solid]
    }
    """
    if rankdir not in RANKDIRS:
        raise ArgmapRenderError(f"unknown rankdir {rankdir!r}; use one of: {', '.join(RANKDIRS)}")
    if wrap < 1:
        raise ArgmapRenderError(f"wrap must be at least 1, not {wrap}")
    graph_attr = {"fontname": _FONT, "rankdir": rankdir, "nodesep": "0.3", "ranksep": "0.5"}
    if map.title:
        graph_attr.update(label=_label(_wrap(map.title, 2 * wrap)), labelloc="t", fontsize="16")
    graph = graphviz.Digraph(
        "argmap",
        graph_attr=graph_attr,
        node_attr={"fontname": _FONT, "fontsize": "11", "margin": "0.12,0.06"},
        edge_attr={"penwidth": "1.4", "arrowsize": "0.9"},
    )

    names: dict[str, str] = {}
    for index, node in enumerate(map.nodes()):
        name = f"n{index}"
        names.setdefault(node.id, name)
        attrs = _statement_attrs(node, wrap) if isinstance(node, Statement) else _argument_attrs(node, wrap)
        graph.node(name, **attrs)

    # Graphviz turns cluster labels upside down with the ranks; keep them on top.
    _add_sections(graph, map, names, labelloc="b" if rankdir == "BT" else "t")

    for index, arg in enumerate(map.arguments.values(), start=len(map.statements)):
        for premise in arg.premises:
            if premise in names:
                graph.edge(names[premise], f"n{index}", **_PREMISE_EDGE)

    _add_relations(graph, map.relations, names)
    return str(graph.source)


def render_bytes(map: ArgumentMap, format: str = "svg", *, engine: str = "auto", **dot_options: Any) -> bytes:
    """The map drawn in *format* (svg, png, pdf or dot), as bytes.

    ``"dot"`` gives the DOT text of :func:`to_dot` without running Graphviz.
    *engine* is ``"auto"``, ``"system"`` or ``"embedded"`` (see
    :func:`argmap.engines.layout`); *dot_options* go to :func:`to_dot`.

    >>> from argmap.model import ArgumentMap, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good.")])
    >>> render_bytes(m, "dot").startswith(b"digraph argmap {")
    True
    """
    if format not in FORMATS:
        raise ArgmapRenderError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    source = to_dot(map, **dot_options)
    if format == "dot":
        resolve_engine(engine)  # an unknown engine is an error even when unused
        return source.encode("utf-8")
    return layout(source, format, engine)


def render_svg(map: ArgumentMap) -> str:
    """The map drawn as SVG text, with the system ``dot`` if there is one."""
    return render_bytes(map, "svg").decode("utf-8")


def render(
    map: ArgumentMap,
    target: str | os.PathLike[str],
    format: str | None = None,
    engine: str = "auto",
    **dot_options: Any,
) -> Path:
    """Draw the map into the file *target* and return its path.

    The format is *format*, or else follows the suffix of *target*
    (``.svg``, ``.png``, ``.pdf``, ``.dot`` or ``.gv``).  The file is
    replaced only once the drawing is complete, so a failed render leaves
    any old file as it was.
    """
    path = Path(target)
    if format is None:
        format = SUFFIX_FORMATS.get(path.suffix.lower())
        if format is None:
            raise ArgmapRenderError(
                f"cannot tell the format of {str(path)!r} from its suffix; "
                f"use one of {', '.join(SUFFIX_FORMATS)} or give the format"
            )
    data = render_bytes(map, format, engine=engine, **dot_options)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ArgmapRenderError(f"could not write {str(path)!r}: {exc.strerror or exc}") from exc
    return path


# -- labels -------------------------------------------------------------


def _clean(text: str) -> str:
    """One line of *text*: white space collapsed, characters SVG cannot hold dropped."""
    return "".join(
        c for c in " ".join(text.split()) if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff"
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(_clean(text), width)


def _escape(text: str) -> str:
    # Graphviz decodes HTML entities in every label, tooltip and id, so a
    # written "&amp;" would be drawn as "&"; escaping "&" keeps it literal.
    # escape() doubles backslashes, so "\\N" or "\\l" stay text too, and
    # returns a NoHtml string, which the quoting never reads as "<...>" HTML.
    escaped: str = graphviz.escape(text.replace("&", "&amp;"))
    return escaped


def _label(lines: Iterable[str]) -> str:
    label: str = graphviz.nohtml("\\n".join(_escape(line) for line in lines))
    return label


def _text(text: str) -> str:
    return _escape(_clean(text))


def _statement_attrs(statement: Statement, wrap: int) -> dict[str, str]:
    lines = [statement.kind.value.upper(), *_wrap(statement.text, wrap)]
    attrs = {"label": "", "class": statement.kind.value, "id": _text(statement.id), **_KIND_STYLE[statement.kind]}
    if statement.kind is Kind.EVIDENCE:
        meta = " · ".join(_clean(v) for v in (statement.date, statement.source) if v and _clean(v))
        lines += _wrap(meta, wrap)
        if statement.quote and _clean(statement.quote):
            attrs["tooltip"] = _text(f"“{statement.quote}”")
    attrs["label"] = _label(lines)
    return attrs


def _argument_attrs(argument: Argument, wrap: int) -> dict[str, str]:
    lines = _wrap(argument.text, wrap)
    attrs = {"class": "argument", "id": _text(argument.id), "color": "#555555"}
    if not lines:
        return {**attrs, "shape": "point", "width": "0.12", "label": ""}
    return {
        **attrs,
        "label": _label(lines),
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#f4f4f4",
        "fontsize": "9",
        "margin": "0.06,0.03",
    }


# -- structure ----------------------------------------------------------


def _add_sections(graph: Any, map: ArgumentMap, names: dict[str, str], labelloc: str) -> None:
    """Sections as nested clusters; a node goes in the first section listing it."""
    sections = map.sections
    children: dict[int | None, list[int]] = {}
    for index, section in enumerate(sections):
        # The nearest earlier section with a lower level encloses this one.
        parent = next((j for j in range(index - 1, -1, -1) if sections[j].level < section.level), None)
        children.setdefault(parent, []).append(index)
    placed: set[str] = set()

    def add(parent_graph: Any, index: int) -> None:
        section = sections[index]
        with parent_graph.subgraph(name=f"cluster_{index}") as sub:
            sub.attr(
                label=_label(_wrap(section.title, 60)),
                labeljust="l",
                labelloc=labelloc,
                style="rounded",
                color="#b0b0b0",
                fontsize="12",
            )
            for member in section.members:
                name = names.get(member)
                if name is not None and name not in placed:
                    placed.add(name)
                    sub.node(name)
            for child in children.get(index, []):
                add(sub, child)

    for index in children.get(None, []):
        add(graph, index)


def _ordered(relations: Iterable[Relation]) -> list[Relation]:
    """Relations once each, in order, every undercut link before its undercuts."""
    out: dict[Relation, None] = {}

    def visit(rel: Relation) -> None:
        if rel not in out:
            if isinstance(rel.target, Relation):
                visit(rel.target)
            out[rel] = None

    for rel in relations:
        visit(rel)
    return list(out)


def _add_relations(graph: Any, relations: Iterable[Relation], names: dict[str, str]) -> None:
    ordered = _ordered(relations)
    undercut = {rel.target for rel in ordered if isinstance(rel.target, Relation)}
    mids: dict[Relation, str] = {}
    for rel in ordered:
        source = names.get(rel.source)
        target = mids.get(rel.target) if isinstance(rel.target, Relation) else names.get(rel.target)
        if source is None or target is None:
            continue  # an unknown reference: argmap.check reports it
        style = {"class": rel.kind.value, **_RELATION_STYLE[rel.kind]}
        if rel in undercut:
            mid = mids[rel] = f"m{len(mids)}"
            graph.node(mid, label="", shape="point", width="0.08", color=style["color"], **{"class": "link"})
            graph.edge(source, mid, **{**style, "arrowhead": "none"})
            source = mid
        graph.edge(source, target, **style)
