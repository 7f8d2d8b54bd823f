"""The Graphviz DOT writer: a view of the map and its styling, as DOT text.

:func:`to_dot` is pure and deterministic; :mod:`argmap.engines` runs
Graphviz on what it writes.  Every user string reaches DOT through the
``graphviz`` package's quoting with its backslashes escaped, so text such
as ``\\N`` or ``<b>`` is drawn as written.

Each statement is a *card*: a Graphviz record whose first field is the kind
header (``THESIS``, ``CLAIM``, ...), whose second is the wrapped text, and,
for evidence, whose third is the date and a short source line.  Records are
used rather than HTML-like labels because the embedded Graphviz engine is
built without libexpat and would draw HTML-like labels as bare node names;
records need no XML parser, so both engines draw the same cards, in every
output format.

What is drawn comes from :func:`argmap.drawing.view.view`, how each node
looks from :class:`argmap.drawing.style.Styling`; this module only turns
them into Graphviz nodes, edges and clusters.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import graphviz  # type: ignore[import-untyped]

from argmap.drawing.fonts import FONT_NAME
from argmap.drawing.options import WRAP, RenderOptions, resolve, settle
from argmap.drawing.palettes import (
    ARGUMENT_FILL,
    GREY,
    RELATION_STYLES,
    SECTION_OUTLINE,
    KindStyle,
    LineStyle,
)
from argmap.drawing.style import (
    ARGUMENT_SAMPLE,
    ArgumentCard,
    Card,
    Legend,
    Styling,
    clean,
    wrap,
)
from argmap.drawing.view import dated_evidence, view
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Statement

__all__ = ["to_dot"]

_FONT = FONT_NAME
# argmap's rankdir says where the thesis goes; edges run from reason to
# target, so Graphviz must rank the other way round.
_GRAPHVIZ_RANKDIR = {"TB": "BT", "BT": "TB", "LR": "RL", "RL": "LR"}
_ARROWHEAD = {"arrow": "normal", "tee": "tee", "diamond": "diamond"}


def _kind_attrs(style: KindStyle) -> dict[str, str]:
    return {"color": style.stroke, "fillcolor": style.fill, "penwidth": f"{style.width:g}"}


def _line_attrs(style: LineStyle) -> dict[str, str]:
    # A colour list draws parallel lines: the undercut's double line.
    color = f"{style.color}:#ffffff:{style.color}" if style.double else style.color
    return {"color": color, "style": style.dash, "arrowhead": _ARROWHEAD[style.marker],
            "penwidth": f"{style.width:g}"}


def _shape(style: KindStyle) -> str:
    return "Mrecord" if style.rounded else "record"


def to_dot(map: ArgumentMap, options: RenderOptions | None = None, **changes: Any) -> str:
    r"""The map as Graphviz DOT text.

    *options* (default :class:`RenderOptions()`), with any field given by
    keyword replaced, says how.  Statements are cards headed by their
    kind; edges run from each reason to its target.  A linked argument's
    premises meet at a junction, an undercut aims at a small node in the
    middle of the link it attacks, and sections become nested clusters.
    Relations naming an unknown node are left out.  Node names are
    generated (``n0``, ``n1``, ...); the model id is the ``id`` attribute.
    The same map and options always give the same text.

    >>> from argmap.model import ArgumentMap, Relation, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good."),
    ...                             Statement("claim", "c", "It is warm.")],
    ...                 relations=[Relation("support", "c", "t")])
    >>> print(to_dot(m, theme="mono"), end="")  # doctest: +NORMALIZE_WHITESPACE
    digraph argmap {
        graph [fontname="Liberation Sans" newrank=true nodesep=0.15 rankdir=BT ranksep=0.6]
        node [fontname="Liberation Sans" fontsize=11 margin="0.1,0.05" style=filled]
        edge [arrowsize=0.9]
        n0 [label="{THESIS\l|Tea is good.\l}" class=thesis color="#000000" fillcolor="#ffffff" id=t
            penwidth=3 shape=Mrecord style="filled,bold" tooltip="Tea is good."]
        n1 [label="{CLAIM\l|It is warm.\l}" class=claim color="#000000" fillcolor="#ffffff" id=c
            penwidth=1.2 shape=Mrecord style=filled tooltip="It is warm."]
        n1 -> n0 [arrowhead=normal class=support color="#000000" penwidth=1.4 style=solid]
    }
    """
    opts = settle(map, resolve(options, changes))
    assert opts.rankdir is not None and opts.wrap is not None
    styling = Styling(map, opts)
    shades = styling.shades
    shown = view(map, opts)
    rankdir = _GRAPHVIZ_RANKDIR[opts.rankdir or "TB"]
    # newrank: rank every node in one pass, clusters or not.  The default
    # ranks each cluster on its own, and an arrow from one section to another
    # and back (cases -> show-solidarity -> aligned in the seed example) then
    # becomes a flat edge, which Graphviz 16 drops silently and 2.43 refuses
    # next to a record in LR and RL ("flat edge between adjacent nodes one of
    # which has a record shape").  The timeline's same-rank row needs it too.
    graph_attr = {"fontname": _FONT, "newrank": "true", "rankdir": rankdir, "nodesep": "0.15", "ranksep": "0.6"}
    if shown.title:
        graph_attr.update(label=_lines_label(wrap(shown.title, 2 * opts.wrap), "\\n"), labelloc="t", fontsize="16")
    graph = graphviz.Digraph(
        "argmap",
        graph_attr=graph_attr,
        node_attr={"fontname": _FONT, "fontsize": "11", "margin": "0.1,0.05", "style": "filled"},
        edge_attr={"arrowsize": "0.9"},
    )

    names: dict[str, str] = {}
    for index, node in enumerate(shown.nodes()):
        names.setdefault(node.id, f"n{index}")
    boxed = opts.argument_boxes and not opts.timeline
    for node in shown.nodes():
        if isinstance(node, Statement):
            attrs_ = _statement_attrs(styling.card(node), opts)
        else:
            attrs_ = _argument_attrs(styling.argument(node), opts, boxed)
        graph.node(names[node.id], **attrs_)

    placed: set[str] = set()
    clusters: dict[str, tuple[str, ...]] = {}  # node name -> the clusters it is in, outermost first
    if opts.sections and not opts.timeline:
        # Graphviz turns cluster labels upside down with the ranks; keep them on top.
        labelloc = "b" if rankdir == "BT" else "t"
        _add_sections(graph, shown, names, labelloc, opts, placed, boxed, clusters, shades)
    if boxed:
        for arg in shown.arguments.values():
            if names[arg.id] not in placed:
                _add_argument_box(graph, shown, arg, names, opts, placed, clusters, (), shades=shades)

    if opts.timeline:
        # Before the other edges: Graphviz's ordering constraints hold best for edges it meets first.
        _add_timeline(graph, shown, names, opts)
    for arg in shown.arguments.values():
        for premise in arg.premises:
            if premise in names:
                graph.edge(names[premise], names[arg.id], color=GREY[opts.theme], arrowhead="none",
                           penwidth="1.4", **{"class": "premise"})

    _add_relations(graph, shown.relations, names, opts, clusters, stagger=True,
                   theses=tuple(s.id for s in shown.theses))
    if opts.legend or styling.evaluation is not None:
        _add_legend(graph, styling.legend(shown), opts)
    return str(graph.source)


# -- cards --------------------------------------------------------------


def _escape(text: str) -> str:
    # Graphviz decodes HTML entities in every label, tooltip and id, so a
    # written "&amp;" would be drawn as "&"; escaping "&" keeps it literal.
    # escape() doubles backslashes, so "\\N" or "\\l" stay text too, and
    # returns a NoHtml string, which the quoting never reads as "<...>" HTML.
    escaped: str = graphviz.escape(text.replace("&", "&amp;"))
    return escaped


_RECORD_SPECIAL = re.compile(r"([{}|<>])")


def _field(lines: Iterable[str]) -> str:
    """One record field: each line left-justified, record syntax characters escaped."""
    return "".join(_RECORD_SPECIAL.sub(r"\\\1", _escape(line)) + "\\l" for line in lines)


def _record(fields: Iterable[Iterable[str]], rankdir: str) -> str:
    body = "|".join(_field(lines) for lines in fields if lines)
    # A record stacks its fields across the rank direction; braces turn it.
    label: str = graphviz.nohtml("{" + body + "}" if rankdir in ("TB", "BT") else body)
    return label


def _lines_label(lines: Iterable[str], end: str) -> str:
    label: str = graphviz.nohtml(end.join(_escape(line) for line in lines))
    return label


def _tooltip(lines: Iterable[str]) -> str:
    # Graphviz reads escapes in a tooltip twice (a doubled backslash becomes
    # one, and then "\\N" becomes the node name), so a backslash is written four times.
    tooltip: str = graphviz.nohtml(
        "\\n".join(line.replace("&", "&amp;").replace("\\", "\\" * 4) for line in lines)
    )
    return tooltip


def _url(url: str | None) -> str | None:
    if url is None:
        return None
    # Graphviz 2.x writes the URL into SVG unescaped: percent-encode what
    # XML cannot hold raw (< > " and the like; what a URL may hold is kept),
    # and write '&' as an entity, decoded by newer versions and kept by
    # older ones: both give XML.
    return _escape(urllib.parse.quote(url, safe="!#$%&'()*+,-./:;=?@[]_~"))


def _statement_attrs(card: Card, opts: RenderOptions) -> dict[str, str]:
    fields = [[card.header], list(card.text), list(card.footer)]
    label = _record(fields, opts.rankdir or "TB")
    shape = _shape(card.style)
    if opts.timeline and card.kind is Kind.EVIDENCE:
        # Graphviz 2.x cannot order records in a rank (see _add_timeline):
        # the same card as one box, header, text and date line under each other.
        label = graphviz.nohtml("\\l".join("\\l".join(_escape(x) for x in lines) for lines in fields if lines) + "\\l")
        shape = "box"
    attrs_ = {
        "label": label,
        "class": card.kind.value,
        "id": _escape(card.id),
        "shape": shape,
        "tooltip": _tooltip(card.tooltip),
        **_kind_attrs(card.style),
    }
    attrs_["style"] = "filled,bold" if card.style.bold else "filled"
    url = _url(card.url)
    if url is not None:
        attrs_["URL"] = url
        attrs_["target"] = "_top"
    return attrs_


def _argument_attrs(card: ArgumentCard, opts: RenderOptions, boxed: bool) -> dict[str, str]:
    shade = card.shade
    attrs_ = {"class": "argument", "id": _escape(card.id), "color": card.stroke, "fillcolor": shade or card.stroke}
    if card.text or card.value:
        attrs_["tooltip"] = _tooltip(card.tooltip)
    url = _url(card.url)
    if url is not None:
        attrs_["URL"] = url
    if boxed or not card.text:
        # A shaded junction is drawn larger, so that its fill can be seen.
        return {**attrs_, "shape": "point", "width": "0.1" if shade is None else "0.16", "label": ""}
    return {
        **attrs_,
        "label": _lines_label(card.text, "\\n"),
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": shade or ARGUMENT_FILL[opts.theme],
        "fontsize": "9",
        "margin": "0.06,0.03",
    }


# -- structure ----------------------------------------------------------



@contextlib.contextmanager
def _subgraph(parent: Any, name: str) -> Iterator[Any]:
    """What ``parent.subgraph(name=name)`` gives, without copying the parent's body first.

    graphviz's context manager copies every line written so far into the new
    subgraph and then throws the copy away: 20,000 sections took 11 s.
    """
    sub = type(parent)(name=name)
    yield sub
    parent.subgraph(sub)

def _add_sections(
    graph: Any,
    map: ArgumentMap,
    names: dict[str, str],
    labelloc: str,
    opts: RenderOptions,
    placed: set[str],
    boxed: bool,
    clusters: dict[str, tuple[str, ...]],
    shades: Mapping[str, str],
) -> None:
    """Sections as nested clusters; a node goes in the first section listing it.

    A premise of a boxed argument goes in the argument's box instead, even
    when another section lists it (a reused premise, ``@calm`` in tea).
    """
    sections = map.sections
    children: dict[int | None, list[int]] = {}
    open_: list[int] = []  # the sections still open, levels rising: linear in the number of sections
    for index, section in enumerate(sections):
        # The nearest earlier section with a lower level encloses this one.
        while open_ and sections[open_[-1]].level >= section.level:
            open_.pop()
        parent = open_[-1] if open_ else None
        open_.append(index)
        children.setdefault(parent, []).append(index)
    owner: dict[str, int] = {}
    # A premise is drawn in its argument's box, whichever section lists it.
    boxed_premises = {p for a in map.arguments.values() for p in a.premises} if boxed else set()
    for index, section in enumerate(sections):
        for member in section.members:
            if member not in boxed_premises:
                owner.setdefault(member, index)

    def add(parent_graph: Any, index: int, path: tuple[str, ...]) -> None:
        section = sections[index]
        path = (*path, f"cluster_{index}")
        with _subgraph(parent_graph, path[-1]) as sub:
            sub.attr(
                label=_lines_label(wrap(section.title, 60), "\\n"),
                labeljust="l",
                labelloc=labelloc,
                style="rounded",
                color=SECTION_OUTLINE[opts.theme],
                fontsize="13",
                **{"class": "section"},
            )
            for member in section.members:
                name = names.get(member)
                if name is None or name in placed or owner.get(member) != index:
                    continue
                if boxed and member in map.arguments:
                    _add_argument_box(sub, map, map.arguments[member], names, opts, placed, clusters, path,
                                      shades=shades)
                else:
                    placed.add(name)
                    clusters[name] = path
                    sub.node(name)
            for child in children.get(index, []):
                add(sub, child, path)

    for index in children.get(None, []):
        add(graph, index, ())


def _add_argument_box(
    graph: Any,
    map: ArgumentMap,
    arg: Argument,
    names: dict[str, str],
    opts: RenderOptions,
    placed: set[str],
    clusters: dict[str, tuple[str, ...]],
    path: tuple[str, ...],
    here: Any = lambda premise: True,
    *,
    shades: Mapping[str, str] | None = None,
) -> None:
    """A linked argument as a dashed box holding its premises and junction, titled with its label.

    Under ``color_by`` the box is filled with the argument's shade.
    """
    placed.add(names[arg.id])
    path = (*path, f"cluster_arg_{names[arg.id]}")
    clusters[names[arg.id]] = path
    with _subgraph(graph, path[-1]) as sub:
        label = wrap(arg.text, opts.wrap or WRAP)
        shade = (shades or {}).get(arg.id)
        fill = {"style": "dashed,rounded,filled", "fillcolor": shade} if shade else {"style": "dashed,rounded"}
        sub.attr(
            label=_lines_label(label, "\\n") if label else "",
            color=GREY[opts.theme],
            fontsize="10",
            labeljust="l",
            **fill,
            **{"class": "argument-box"},
        )
        sub.node(names[arg.id])
        for premise in arg.premises:
            name = names.get(premise)
            if name is not None and name not in placed and here(premise):
                placed.add(name)
                clusters[name] = path
                sub.node(name)


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


def _add_relations(
    graph: Any,
    relations: Iterable[Relation],
    names: dict[str, str],
    opts: RenderOptions,
    clusters: dict[str, tuple[str, ...]],
    stagger: bool = False,
    theses: tuple[str, ...] = (),
) -> None:
    ordered = _ordered(relations)
    undercut = {rel.target for rel in ordered if isinstance(rel.target, Relation)}
    staggered = _staggered(ordered) if stagger else {}
    backward = _closing_cycles(ordered, theses)
    mids: dict[Relation, str] = {}
    for rel in ordered:
        source = names.get(rel.source)
        target = mids.get(rel.target) if isinstance(rel.target, Relation) else names.get(rel.target)
        if source is None or target is None:
            continue  # an unknown reference: argmap.check reports it
        style = {"class": rel.kind.value, **_line_attrs(RELATION_STYLES[opts.theme][rel.kind])}
        if rel in undercut:
            mid = mids[rel] = f"m{len(mids)}"
            # In the innermost cluster holding both ends: Graphviz 2.x loses
            # edges from a cluster to a node outside it and back again.
            ends = clusters.get(source, ()), clusters.get(target, ())
            common = next((i for i, (a, b) in enumerate(zip(*ends, strict=False)) if a != b), min(map(len, ends)))
            clusters[mid] = ends[0][:common]
            # A dot of the undercut's colour marks the link it attacks.
            mark = RELATION_STYLES[opts.theme][RelationKind.UNDERCUT].color
            _in_clusters(graph, clusters[mid]).node(
                mid, label="", shape="point", width="0.13", color=mark, fillcolor=mark, **{"class": "link"})
            graph.edge(source, mid, **{**style, "arrowhead": "none"})
            source = mid
        if rel in staggered:
            style["minlen"] = str(staggered[rel])
        if rel in backward:
            # It closes a cycle: drawn, but not used to rank, so the thesis stays on top.
            style["constraint"] = "false"
        graph.edge(source, target, **style)


def _closing_cycles(relations: list[Relation], theses: tuple[str, ...]) -> set[Relation]:
    """The relations that close a cycle, found walking from each thesis to its reasons (then from the rest).

    Graphviz breaks a cycle by turning one of its edges round, any one, and
    the thesis may then be drawn below its own reasons; argmap picks the
    edge instead: the one that leads back to a node already on the way from
    the thesis.
    """
    reasons: dict[str, list[Relation]] = {}
    for rel in relations:
        target = rel.target
        while isinstance(target, Relation):
            target = target.target
        reasons.setdefault(target, []).append(rel)
    state: dict[str, int] = {}  # 1 on the way, 2 done
    closing: set[Relation] = set()
    starts = [*theses, *reasons, *(rel.source for rel in relations)]
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(reasons.get(start, ())))]
        while stack:
            node, todo = stack[-1]
            step = next(todo, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step.source) == 1:
                closing.add(step)
            elif step.source not in state:
                state[step.source] = 1
                stack.append((step.source, iter(reasons.get(step.source, ()))))
    return closing


def _staggered(relations: list[Relation]) -> dict[Relation, int]:
    """The leaf reasons of a node with three or more, staggered: relation -> ``minlen`` (2 or 3).

    A node with many reasons that have none of their own (the evidence of a
    claim) otherwise puts them all side by side in one rank, the widest of
    the drawing; staggered over three rows, they take about a third of the
    width, and the drawing keeps near the shape of a screen.
    """
    targets = {rel.target for rel in relations if isinstance(rel.target, str)}
    reasons: dict[str, list[Relation]] = {}
    for rel in relations:
        if isinstance(rel.target, str) and rel.source not in targets:
            reasons.setdefault(rel.target, []).append(rel)
    return {rel: 1 + i % _ROWS for leaves in reasons.values() if len(leaves) >= 3
            for i, rel in enumerate(leaves) if i % _ROWS}


#: Rows the leaf reasons of one node are staggered into.
_ROWS = 3


class _Nested:
    """``subgraph A { subgraph B { ... } }`` around nodes added later: DOT merges subgraphs of one name."""

    def __init__(self, graph: Any, path: tuple[str, ...]) -> None:
        self.graph, self.path = graph, path

    def node(self, name: str, **attrs_: str) -> None:
        if not self.path:
            self.graph.node(name, **attrs_)
            return
        with _subgraph(self.graph, self.path[0]) as sub:
            _Nested(sub, self.path[1:]).node(name, **attrs_)


def _in_clusters(graph: Any, path: tuple[str, ...]) -> _Nested:
    return _Nested(graph, path)


# -- timeline -----------------------------------------------------------


def _add_timeline(graph: Any, map: ArgumentMap, names: dict[str, str], opts: RenderOptions) -> None:
    """Dated evidence in one rank, oldest first, over an axis of their dates; nothing else in that rank.

    The axis is in date order, one step per date, not proportional to time:
    Graphviz places the cards of a rank side by side and cannot be given
    their positions, and the essay's dates (1956 to 2018, most in 2017-18)
    would leave most of a proportional axis empty.

    Invisible flat edges chain the cards, and visible ones the dates, in
    order; each card hangs from its date on a heavy edge.  (``ordering=out``
    on a hidden root does not hold in every map, and Graphviz 2.x loses flat
    edges next to records, so timeline cards are drawn as plain boxes.)
    """
    dated = dated_evidence(map)
    if not dated:
        return
    grey = GREY[opts.theme]
    ticks: dict[str, str] = {}
    with _subgraph(graph, "timeline_evidence") as row:
        row.attr(rank="same")
        for _, s in dated:
            row.node(names[s.id])
    with _subgraph(graph, "timeline_axis") as axis:
        axis.attr(rank="same")
        for _, s in dated:
            date = clean(s.date or "")
            if date not in ticks:
                ticks[date] = f"t{len(ticks)}"
                axis.node(ticks[date], label=_escape(date.replace("/", "–").replace("..", "–")),
                          shape="plaintext", style="", fontsize="12", fontcolor=grey, **{"class": "tick"})
    for (_, a), (_, b) in itertools.pairwise(dated):
        graph.edge(names[a.id], names[b.id], style="invis")
    order = list(ticks.values())
    for a_tick, b_tick in itertools.pairwise(order):
        graph.edge(a_tick, b_tick, color=grey, arrowhead="vee", penwidth="1.5", **{"class": "axis"})
    for _, s in dated:
        graph.edge(ticks[clean(s.date or "")], names[s.id], style="dotted", color=grey, arrowhead="none",
                   weight="20", **{"class": "tick-line"})
    # Undated cards with no reasons of their own would share the lowest rank, the dated row:
    # an invisible edge from the row ranks each of them above it.
    in_row = {s.id for _, s in dated}
    targets = {r.target for r in map.relations if isinstance(r.target, str)}
    first = names[dated[0][1].id]
    for s in map.statements.values():
        if s.id not in in_row and s.id not in targets and s.id in names:
            graph.edge(first, names[s.id], style="invis", weight="0")


# -- legend -------------------------------------------------------------


def _add_legend(graph: Any, legend: Legend, opts: RenderOptions) -> None:
    """One compact strip under the map: a sample card of each kind drawn, the linked-argument
    box, a sample line of each relation drawn, then the shades.

    Every sample sits in one Graphviz rank of its own (``rank=source``: the
    bottom when the thesis is on top), so the legend is a strip under the
    map that takes no room beside it, and a relation's sample runs along the
    strip, from a dot to its name, crossing nothing.  Under ``color_by`` the
    shades follow, a scale from the lowest value to the highest after a
    heading naming the semantics; the kind samples are then white, since a
    card's fill is its value.
    """
    with graph.subgraph(name="cluster_legend") as sub:
        # Like section titles: on top, whichever way Graphviz ranks.
        sub.attr(label="Legend", style="rounded", color=SECTION_OUTLINE[opts.theme], fontsize="12",
                 labeljust="l", labelloc="b" if _GRAPHVIZ_RANKDIR[opts.rankdir or "TB"] == "BT" else "t",
                 margin="6", **{"class": "legend"})
        strip: list[str] = []
        for entry in legend.kinds:
            kind = entry.kind
            name = f"legend_{kind.value}"
            sub.node(name, label=_record([[kind.value.upper()], [entry.sample]], opts.rankdir or "TB"),
                     shape=_shape(entry.style), fontsize="10", **_kind_attrs(entry.style),
                     **{"class": f"legend {kind.value}"})
            strip.append(name)
        if legend.arguments:
            sub.node("legend_argument", label=_lines_label(ARGUMENT_SAMPLE, "\\n"),
                     shape="box", style="dashed,rounded", color=GREY[opts.theme], fontsize="10",
                     **{"class": "legend argument"})
            strip.append("legend_argument")
        for relation in legend.relations:
            rel = relation.kind
            a, b = f"legend_{rel.value}_from", f"legend_{rel.value}_to"
            sub.node(a, label="", shape="point", width="0.06", color=GREY[opts.theme])
            sub.node(b, label=relation.verb, shape="plaintext", style="", fontsize="10", **{"class": "legend"})
            sub.edge(a, b, minlen="2", **_line_attrs(relation.style), **{"class": f"legend {rel.value}"})
            strip += [a, b]
        if legend.shades_heading is not None:
            sub.node("legend_shades", label=_lines_label([legend.shades_heading], "\\n"), shape="plaintext",
                     style="", fontsize="10", **{"class": "legend shades"})
            strip.append("legend_shades")
            scale = legend.shades
            if all(meaning.startswith("strength ") for _, meaning in scale):
                scale = tuple(reversed(scale))  # a scale reads from the lowest value up
            for index, (fill, meaning) in enumerate(scale):
                name = f"legend_shade_{index}"
                sub.node(name, label=_lines_label([_scale_label(meaning)], "\\n"), shape="box", style="filled",
                         fillcolor=fill, color=GREY[opts.theme], fontsize="10", margin="0.06,0.03",
                         **{"class": "legend shade"})
                strip.append(name)
        # No ordering edges along the strip: Graphviz 2.x refuses flat edges next to records.
        with sub.subgraph() as row:
            row.attr(rank="source")
            for name in strip:
                row.node(name)


def _scale_label(meaning: str) -> str:
    """A shade's words, short: ``0.8 to 1`` for ``strength 0.8 to 1 (dfquad)``; labels as they are."""
    found = re.fullmatch(r"strength (.*) \(.*\)", meaning)
    return found[1].replace(" to under ", "–").replace(" to ", "–") if found else meaning
