"""Argument maps as Graphviz drawings: DOT text, then SVG, PNG or PDF.

:func:`to_dot` writes the DOT text (pure and deterministic);
:mod:`argmap.engines` runs Graphviz on it.  Every user string reaches DOT
through the ``graphviz`` package's quoting with its backslashes escaped, so
text such as ``\\N`` or ``<b>`` is drawn as written.

Each statement is a *card*: a Graphviz record whose first field is the kind
header (``THESIS``, ``CLAIM``, ...), whose second is the wrapped text, and,
for evidence, whose third is the date and a short source line.  Records are
used rather than HTML-like labels because the embedded Graphviz engine is
built without libexpat and would draw HTML-like labels as bare node names;
records need no XML parser, so both engines draw the same cards, in every
output format.

How a map is drawn is set by one :class:`RenderOptions` value, shared by
the library and the ``argmap render`` command.
"""

from __future__ import annotations

import os
import re
import textwrap
import unicodedata
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import graphviz  # type: ignore[import-untyped]

from argmap._io import atomic_write
from argmap.engines import FORMATS, layout, resolve_engine
from argmap.errors import ArgmapRenderError
from argmap.evaluate import (
    DUNG_SEMANTICS,
    GRADUAL_SEMANTICS,
    SEMANTICS,
    ArgmapEvaluationError,
    Evaluation,
    Label,
    evaluate,
    legend_entries,
    node_shades,
)
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Statement

__all__ = [
    "RenderOptions",
    "RenderWarning",
    "to_dot",
    "view",
    "render_bytes",
    "render_svg",
    "render",
    "mimebundle",
    "parse_tag_colors",
    "SUFFIX_FORMATS",
    "RANKDIRS",
    "THEMES",
    "HIDEABLE",
    "COLOR_BY",
]

#: File suffixes :func:`render` understands, and the format each means.
SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
#: Values accepted for ``rankdir``: where the thesis sits (top, bottom, left, right).
RANKDIRS = ("TB", "BT", "LR", "RL")
#: Values accepted for ``theme``.
THEMES = ("color", "mono")
#: What ``hide`` may name: the statement kinds, and ``argument``.
HIDEABLE = (*(k.value for k in Kind), "argument")
#: Values accepted for ``color_by``, each with the semantics used when ``semantics`` is not given.
COLOR_BY = {"status": "grounded", "strength": "dfquad"}
#: URL schemes that become links; any other is dropped with a warning.
URL_SCHEMES = ("http", "https", "mailto")

_FONT = "Helvetica"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_TAG = re.compile(r"[A-Za-z0-9_-]+")
# argmap's rankdir says where the thesis goes; edges run from reason to
# target, so Graphviz must rank the other way round.
_GRAPHVIZ_RANKDIR = {"TB": "BT", "BT": "TB", "LR": "RL", "RL": "LR"}


class RenderWarning(UserWarning):
    """Something in the map was left out of the drawing (e.g. a ``url`` with another scheme)."""


def _check_choice(allowed: tuple[str, ...], what: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in allowed:
            raise ArgmapRenderError(f"unknown {what} {value!r}; use one of: {', '.join(allowed)}")

    return check


def _check_hide(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    for kind in value:
        if kind not in HIDEABLE:
            raise ArgmapRenderError(f"cannot hide {kind!r}; use one of: {', '.join(HIDEABLE)}")


def _check_positive(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < (0 if attribute.name == "depth" else 1):
        least = 0 if attribute.name == "depth" else 1
        raise ArgmapRenderError(f"{attribute.name} must be at least {least}, not {value}")


def _check_color_by(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and value not in COLOR_BY:
        raise ArgmapRenderError(f"cannot colour by {value!r}; use one of: {', '.join(COLOR_BY)}")


def _check_semantics(instance: Any, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    # Validators run once every field is set, so color_by is known here.
    if value is None:
        return
    if value not in SEMANTICS:
        raise ArgmapRenderError(f"unknown semantics {value!r}; use one of: {', '.join(SEMANTICS)}")
    color_by = instance.color_by
    if color_by is None:
        raise ArgmapRenderError(f"semantics {value!r} needs color-by status or strength")
    if color_by == "status" and value not in DUNG_SEMANTICS:
        raise ArgmapRenderError(
            f"color-by status needs a Dung semantics ({', '.join(DUNG_SEMANTICS)}); "
            f"{value!r} gives strengths: colour by strength instead"
        )
    if color_by == "strength" and value not in GRADUAL_SEMANTICS:
        raise ArgmapRenderError(
            f"color-by strength needs a gradual semantics ({', '.join(GRADUAL_SEMANTICS)}); "
            f"{value!r} gives labels: colour by status instead"
        )


def _to_tag_colors(value: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Mapping[str, str]:
    colors = dict(value or {})
    for tag, color in colors.items():
        _check_tag_color(tag, color)
    return colors


def _check_tag_color(tag: str, color: str) -> None:
    if not _TAG.fullmatch(tag.lstrip("#")):
        raise ArgmapRenderError(f"bad tag {tag!r} in a tag colour; a tag is letters, digits, '_' and '-'")
    if not _HEX.fullmatch(color):
        raise ArgmapRenderError(f"bad colour {color!r} for tag {tag!r}; write it as #rgb or #rrggbb")


@attrs.frozen(kw_only=True)
class RenderOptions:
    """How a map is drawn.  Every field has a default; bad values raise
    :class:`~argmap.errors.ArgmapRenderError`.

    >>> RenderOptions(rankdir="LR", hide=["evidence"]).hide
    ('evidence',)
    >>> RenderOptions(theme="neon")
    Traceback (most recent call last):
    argmap.errors.ArgmapRenderError: unknown theme 'neon'; use one of: color, mono
    """

    #: Where the thesis sits: ``TB`` top (reasons below it), ``BT`` bottom, ``LR`` left, ``RL`` right.
    rankdir: str = attrs.field(default="TB", validator=_check_choice(RANKDIRS, "rankdir"))
    #: ``color`` (a palette colour-blind readers can tell apart) or ``mono`` (black and grey, for paper).
    theme: str = attrs.field(default="color", validator=_check_choice(THEMES, "theme"))
    #: Tag name to card colour (``#rgb`` or ``#rrggbb``); adds to, and wins over, the header's
    #: ``tag-color`` (which the mono theme ignores).
    tag_colors: Mapping[str, str] = attrs.field(factory=dict, converter=_to_tag_colors)
    #: Draw a legend of the kinds and relations that appear.
    legend: bool = False
    #: Draw only the sub-map around this node id ...
    focus: str | None = None
    #: ... up to this many steps away from it (None: everything connected to it).
    depth: int | None = attrs.field(default=None, validator=_check_positive)
    #: Lay evidence out in date order along one axis, oldest first.
    timeline: bool = False
    #: Kinds to leave out: ``thesis``, ``claim``, ``premise``, ``evidence``, ``argument``.
    hide: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_check_hide)
    #: Characters per line of card text.
    wrap: int = attrs.field(default=36, validator=_check_positive)
    #: Box a linked argument's premises with its label; else the label is a small card.
    argument_boxes: bool = True
    #: Sections as titled clusters.
    sections: bool = True
    #: Shade each card by an evaluation of the whole map (:func:`argmap.evaluate`): ``status``
    #: (in, out or undecided) or ``strength`` (0 to 1).  Draws the legend too.
    color_by: str | None = attrs.field(default=None, validator=_check_color_by)
    #: The semantics for ``color_by``: a Dung one for ``status`` (default ``grounded``),
    #: a gradual one for ``strength`` (default ``dfquad``).
    semantics: str | None = attrs.field(default=None, validator=_check_semantics)

    @property
    def evaluation_semantics(self) -> str | None:
        """The semantics ``color_by`` runs: ``semantics``, or the default for ``color_by``.

        >>> RenderOptions(color_by="strength").evaluation_semantics
        'dfquad'
        """
        if self.color_by is None:
            return None
        return self.semantics or COLOR_BY[self.color_by]

    def evolve(self, **changes: Any) -> RenderOptions:
        """A copy with *changes*; unknown names raise :class:`ArgmapRenderError`."""
        unknown = sorted(set(changes) - {f.name for f in attrs.fields(RenderOptions)})
        if unknown:
            names = ", ".join(f.name for f in attrs.fields(RenderOptions))
            raise ArgmapRenderError(f"unknown render option {unknown[0]!r}; the options are: {names}")
        return attrs.evolve(self, **changes)


def _options(options: RenderOptions | None, changes: Mapping[str, Any]) -> RenderOptions:
    base = options if options is not None else RenderOptions()
    return base.evolve(**changes) if changes else base


def parse_tag_colors(text: str) -> dict[str, str]:
    """``tag=#colour`` pairs separated by commas or spaces, as in the header's ``tag-color``.

    >>> parse_tag_colors("objection=#c0392b, #history=#27f")
    {'objection': '#c0392b', 'history': '#27f'}
    """
    colors: dict[str, str] = {}
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        tag, sep, color = item.partition("=")
        if not sep:
            raise ArgmapRenderError(f"bad tag colour {item!r}; write TAG=#rrggbb")
        tag = tag.lstrip("#")
        _check_tag_color(tag, color)
        colors[tag] = color
    return colors


# -- palettes -----------------------------------------------------------

# Okabe-Ito colours, which readers with any common colour-vision deficiency
# can tell apart; kinds differ by outline too (thesis bold and rounded, claim
# rounded, premise and evidence square), and relations by line style and
# arrowhead, so that the mono theme and greyscale prints still read.
_KIND_STYLE: dict[str, dict[Kind, dict[str, str]]] = {
    "color": {
        Kind.THESIS: {"color": "#8a5a00", "fillcolor": "#ffe8a8", "penwidth": "2.5"},
        Kind.CLAIM: {"color": "#0a5c8a", "fillcolor": "#dcecf7", "penwidth": "1.2"},
        Kind.PREMISE: {"color": "#0a5c8a", "fillcolor": "#ffffff", "penwidth": "1.2"},
        Kind.EVIDENCE: {"color": "#4d4d4d", "fillcolor": "#ececec", "penwidth": "1.2"},
    },
    "mono": {
        Kind.THESIS: {"color": "#000000", "fillcolor": "#ffffff", "penwidth": "3"},
        Kind.CLAIM: {"color": "#000000", "fillcolor": "#ffffff", "penwidth": "1.2"},
        Kind.PREMISE: {"color": "#000000", "fillcolor": "#ffffff", "penwidth": "1.2"},
        Kind.EVIDENCE: {"color": "#000000", "fillcolor": "#e6e6e6", "penwidth": "1.2"},
    },
}
_SHAPE = {Kind.THESIS: "Mrecord", Kind.CLAIM: "Mrecord", Kind.PREMISE: "record", Kind.EVIDENCE: "record"}

_RELATION_STYLE: dict[str, dict[RelationKind, dict[str, str]]] = {
    "color": {
        RelationKind.SUPPORT: {"color": "#009e73", "style": "solid", "arrowhead": "normal", "penwidth": "1.6"},
        RelationKind.ATTACK: {"color": "#d55e00", "style": "dashed", "arrowhead": "tee", "penwidth": "1.6"},
        RelationKind.UNDERCUT: {"color": "#cc79a7", "style": "dotted", "arrowhead": "odiamond", "penwidth": "2"},
    },
    "mono": {
        RelationKind.SUPPORT: {"color": "#000000", "style": "solid", "arrowhead": "normal", "penwidth": "1.4"},
        RelationKind.ATTACK: {"color": "#000000", "style": "dashed", "arrowhead": "tee", "penwidth": "1.4"},
        RelationKind.UNDERCUT: {"color": "#000000", "style": "dotted", "arrowhead": "odiamond", "penwidth": "2"},
    },
}
_VERBS = {RelationKind.SUPPORT: "supports", RelationKind.ATTACK: "attacks", RelationKind.UNDERCUT: "undercuts a link"}
_GREY = {"color": "#7a7a7a", "mono": "#000000"}
_CLUSTER = {"color": "#b0b0b0", "mono": "#777777"}


# -- public functions ---------------------------------------------------


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
        graph [fontname=Helvetica newrank=true nodesep=0.3 rankdir=BT ranksep=0.45]
        node [fontname=Helvetica fontsize=11 margin="0.1,0.05" style=filled]
        edge [arrowsize=0.9]
        n0 [label="{THESIS\l|Tea is good.\l}" class=thesis color="#000000" fillcolor="#ffffff" id=t
            penwidth=3 shape=Mrecord style="filled,bold" tooltip="Tea is good."]
        n1 [label="{CLAIM\l|It is warm.\l}" class=claim color="#000000" fillcolor="#ffffff" id=c
            penwidth=1.2 shape=Mrecord style=filled tooltip="It is warm."]
        n1 -> n0 [arrowhead=normal class=support color="#000000" penwidth=1.4 style=solid]
    }
    """
    opts = _options(options, changes)
    # The mono theme is for paper: the file's colours give way, the caller's do not.
    tag_colors = {**(_header_tag_colors(map) if opts.theme == "color" else {}), **opts.tag_colors}
    result = _evaluation(map, opts)
    shades = node_shades(result, opts.theme) if result is not None else {}
    shown = view(map, opts)
    rankdir = _GRAPHVIZ_RANKDIR[opts.rankdir]
    # newrank: rank every node in one pass, clusters or not.  The default
    # ranks each cluster on its own, and an arrow from one section to another
    # and back (cases -> show-solidarity -> aligned in the seed example) then
    # becomes a flat edge, which Graphviz 16 drops silently and 2.43 refuses
    # next to a record in LR and RL ("flat edge between adjacent nodes one of
    # which has a record shape").  The timeline's same-rank row needs it too.
    graph_attr = {"fontname": _FONT, "newrank": "true", "rankdir": rankdir, "nodesep": "0.3", "ranksep": "0.45"}
    if shown.title:
        graph_attr.update(label=_lines_label(_wrap(shown.title, 2 * opts.wrap), "\\n"), labelloc="t", fontsize="16")
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
        value = _value_line(result, node.id)
        if isinstance(node, Statement):
            attrs_ = _statement_attrs(node, opts, tag_colors, shades.get(node.id), value)
        else:
            attrs_ = _argument_attrs(node, opts, boxed, shades.get(node.id), value)
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
                graph.edge(names[premise], names[arg.id], color=_GREY[opts.theme], arrowhead="none",
                           penwidth="1.4", **{"class": "premise"})

    _add_relations(graph, shown.relations, names, opts, clusters)
    if opts.legend or result is not None:
        _add_legend(graph, shown, opts, result)
    return str(graph.source)


def view(map: ArgumentMap, options: RenderOptions | None = None, **changes: Any) -> ArgumentMap:
    """The part of *map* that *options* draws: the ``focus`` sub-map, less the ``hide`` kinds.

    >>> from argmap.model import ArgumentMap, Relation, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "T"), Statement("claim", "c", "C"),
    ...                             Statement("evidence", "e", "E")],
    ...                 relations=[Relation("support", "c", "t"), Relation("support", "e", "c")])
    >>> list(view(m, focus="t", depth=1).statements)
    ['t', 'c']
    >>> list(view(m, hide=["evidence"]).statements)
    ['t', 'c']
    """
    opts = _options(options, changes)
    keep: set[str] = {n.id for n in map.nodes()}
    if opts.focus is not None:
        if opts.focus not in map:
            try:
                map.get(opts.focus)
            except KeyError as exc:
                raise ArgmapRenderError(f"cannot focus on {opts.focus!r}: {exc.args[0]}") from None
        keep = _around(map, opts.focus, opts.depth)
    hidden = set(opts.hide)
    keep = {
        id
        for id in keep
        if not (
            (id in map.statements and map.statements[id].kind.value in hidden)
            or (id in map.arguments and "argument" in hidden)
        )
    }
    if keep == {n.id for n in map.nodes()}:
        return map

    def kept(rel: Relation) -> bool:
        if rel.source not in keep:
            return False
        return kept(rel.target) if isinstance(rel.target, Relation) else rel.target in keep

    return attrs.evolve(
        map,
        statements=[s for s in map.statements.values() if s.id in keep],
        arguments=[attrs.evolve(a, premises=[p for p in a.premises if p in keep])
                   for a in map.arguments.values() if a.id in keep],
        relations=[r for r in map.relations if kept(r)],
        sections=[attrs.evolve(s, members=[m for m in s.members if m in keep]) for s in map.sections],
    )


def render_bytes(
    map: ArgumentMap,
    format: str = "svg",
    *,
    engine: str = "auto",
    options: RenderOptions | None = None,
    **changes: Any,
) -> bytes:
    """The map drawn in *format* (svg, png, pdf or dot), as bytes.

    ``"dot"`` gives the DOT text of :func:`to_dot` without running Graphviz.
    *engine* is ``"auto"``, ``"system"`` or ``"embedded"`` (see
    :func:`argmap.engines.layout`); *options* and keyword changes to it are
    as for :func:`to_dot`.

    >>> from argmap.model import ArgumentMap, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good.")])
    >>> render_bytes(m, "dot").startswith(b"digraph argmap {")
    True
    """
    if format not in FORMATS:
        raise ArgmapRenderError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    source = to_dot(map, options, **changes)
    if format == "dot":
        resolve_engine(engine)  # an unknown engine is an error even when unused
        return source.encode("utf-8")
    return layout(source, format, engine)


def render_svg(map: ArgumentMap, options: RenderOptions | None = None, *, engine: str = "auto") -> str:
    """The map drawn as SVG text, with the system ``dot`` if there is one."""
    return render_bytes(map, "svg", engine=engine, options=options).decode("utf-8")


def mimebundle(
    map: ArgumentMap,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    options: RenderOptions | None = None,
) -> dict[str, str]:
    """Jupyter's ``_repr_mimebundle_``: the map as SVG, DOT and a plain-text summary.

    A drawing that fails leaves out the SVG (the summary says why) rather
    than raising in the notebook.

    >>> from argmap.model import ArgumentMap, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good.")])
    >>> sorted(mimebundle(m))
    ['image/svg+xml', 'text/plain', 'text/vnd.graphviz']
    >>> mimebundle(m, include=["text/plain"])
    {'text/plain': 'argument map: 1 statement, 0 arguments, 0 relations'}
    """
    wanted = set(include) if include is not None else None
    unwanted = set(exclude or ())

    def want(mime: str) -> bool:
        return (wanted is None or mime in wanted) and mime not in unwanted

    counts = (f"{len(map.statements)} statement{'s' * (len(map.statements) != 1)}, "
              f"{len(map.arguments)} argument{'s' * (len(map.arguments) != 1)}, "
              f"{len(map.relations)} relation{'s' * (len(map.relations) != 1)}")
    summary = f"argument map{': ' + _clean(map.title) if map.title else ''}: {counts}"
    bundle: dict[str, str] = {}
    try:
        if want("text/vnd.graphviz"):
            bundle["text/vnd.graphviz"] = to_dot(map, options)
        if want("image/svg+xml"):
            bundle["image/svg+xml"] = render_svg(map, options)
    except ArgmapRenderError as exc:
        summary += f" (not drawn: {exc})"
    if want("text/plain"):
        bundle["text/plain"] = summary
    return bundle


def render(
    map: ArgumentMap,
    target: str | os.PathLike[str],
    format: str | None = None,
    engine: str = "auto",
    options: RenderOptions | None = None,
    **changes: Any,
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
    data = render_bytes(map, format, engine=engine, options=options, **changes)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ArgmapRenderError(f"could not write {str(path)!r}: {exc.strerror or exc}") from exc
    return path


# -- labels -------------------------------------------------------------


# Control characters, lone surrogates and the two noncharacters XML refuses.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """One line of *text*: white space collapsed, characters SVG cannot hold dropped."""
    return _UNSHOWABLE.sub("", " ".join(text.split()))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(_clean(text), width, break_on_hyphens=False)


def _short(text: str, width: int) -> str:
    text = _clean(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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


def _record(fields: Iterable[list[str]], rankdir: str) -> str:
    body = "|".join(_field(lines) for lines in fields if lines)
    # A record stacks its fields across the rank direction; braces turn it.
    label: str = graphviz.nohtml("{" + body + "}" if rankdir in ("TB", "BT") else body)
    return label


def _lines_label(lines: Iterable[str], end: str) -> str:
    label: str = graphviz.nohtml(end.join(_escape(line) for line in lines))
    return label


def _text(text: str) -> str:
    return _escape(_clean(text))


def _tooltip(node: Statement | Argument, value: str | None = None) -> str:
    lines = [_clean(node.text)] if _clean(node.text) else []
    if value is not None:
        lines.append(value)
    for key, value in node.metadata.items():
        value = _clean(value)
        if key == "quote":
            value = f"“{value}”"
        lines.append(f"{_clean(key)}: {value}")
    if node.tags:
        lines.append(_clean(" ".join("#" + t for t in node.tags)))
    # Graphviz reads escapes in a tooltip twice (a doubled backslash becomes
    # one, and then "\\N" becomes the node name), so a backslash is written four times.
    tooltip: str = graphviz.nohtml(
        "\\n".join(line.replace("&", "&amp;").replace("\\", "\\" * 4) for line in lines)
    )
    return tooltip


def _url(node: Statement | Argument) -> str | None:
    url = node.url
    if url is None:
        return None
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in URL_SCHEMES or any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        where = f" (line {node.span.line})" if node.span else ""
        warnings.warn(
            RenderWarning(f"url of {node.id!r}{where} dropped: only http, https and mailto links are drawn"),
            stacklevel=4,
        )
        return None
    # Graphviz 2.x writes the URL into SVG unescaped: percent-encode what
    # XML cannot hold raw (< > " and the like; what a URL may hold is kept),
    # and write '&' as an entity, decoded by newer versions and kept by
    # older ones: both give XML.
    return _escape(urllib.parse.quote(url, safe="!#$%&'()*+,-./:;=?@[]_~"))


def _tint(color: str, amount: float = 0.22) -> str:
    """*color* mixed with white: *amount* of the colour."""
    hexes = color[1:]
    if len(hexes) == 3:
        hexes = "".join(c * 2 for c in hexes)
    rgb = [int(hexes[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in rgb)


def _evaluation(map: ArgumentMap, opts: RenderOptions) -> Evaluation | None:
    """The evaluation ``color_by`` asks for, of the whole map (a focus or hide does not change it)."""
    semantics = opts.evaluation_semantics
    if semantics is None:
        return None
    try:
        result = evaluate(map, semantics)
    except ArgmapEvaluationError as exc:
        raise ArgmapRenderError(f"cannot colour by {opts.color_by}: {exc}") from None
    if result.message:
        # Not converged, search too large, no stable extension: still drawn, with a word why.
        warnings.warn(RenderWarning(f"{semantics}: {result.message}"), stacklevel=4)
    return result


def _value_line(result: Evaluation | None, id: str) -> str | None:
    """The tooltip line with a node's value: ``strength 0.83 (dfquad)``, ``status: in (grounded)``."""
    if result is None or id not in result.values:
        return None
    value = result.values[id]
    if isinstance(value, Label):
        return f"status: {value} ({result.semantics})"
    return f"strength {value:.2f} ({result.semantics})"


def _header_tag_colors(map: ArgumentMap) -> dict[str, str]:
    raw = map.header.get("tag-color")
    if raw is None:
        return {}
    try:
        return parse_tag_colors(raw)
    except ArgmapRenderError as exc:
        raise ArgmapRenderError(f"header 'tag-color': {exc}") from None


def _statement_attrs(
    statement: Statement,
    opts: RenderOptions,
    tag_colors: Mapping[str, str],
    shade: str | None = None,
    value: str | None = None,
) -> dict[str, str]:
    header = statement.kind.value.upper()
    if statement.tags:
        header += "   " + _clean(" ".join("#" + t for t in statement.tags))
    fields = [[header], _wrap(statement.text, opts.wrap)]
    if statement.kind is Kind.EVIDENCE:
        date = _clean(statement.date or "")
        source = _short(statement.source or "", opts.wrap - len(date) - 3) if statement.source else ""
        fields.append([" · ".join(v for v in (date, source) if v)] if date or source else [])
    style = dict(_KIND_STYLE[opts.theme][statement.kind])
    color = next((tag_colors[t] for t in statement.tags if t in tag_colors), None)
    if color is not None:
        style.update(color=color, fillcolor=_tint(color))
    if shade is not None:
        # The fill says how the card fares; kind and tag keep the outline.
        style["fillcolor"] = shade
    label = _record(fields, opts.rankdir)
    shape = _SHAPE[statement.kind]
    if opts.timeline and statement.kind is Kind.EVIDENCE:
        # Graphviz 2.x cannot order records in a rank (see _add_timeline):
        # the same card as one box, header, text and date line under each other.
        label = graphviz.nohtml("\\l".join("\\l".join(_escape(x) for x in lines) for lines in fields if lines) + "\\l")
        shape = "box"
    attrs_ = {
        "label": label,
        "class": statement.kind.value,
        "id": _text(statement.id),
        "shape": shape,
        "tooltip": _tooltip(statement, value),
        **style,
    }
    attrs_["style"] = "filled,bold" if statement.kind is Kind.THESIS else "filled"
    url = _url(statement)
    if url is not None:
        attrs_["URL"] = url
        attrs_["target"] = "_top"
    return attrs_


def _argument_attrs(
    argument: Argument,
    opts: RenderOptions,
    boxed: bool,
    shade: str | None = None,
    value: str | None = None,
) -> dict[str, str]:
    lines = _wrap(argument.text, opts.wrap)
    grey = _GREY[opts.theme]
    attrs_ = {"class": "argument", "id": _text(argument.id), "color": grey, "fillcolor": shade or grey}
    if lines or value:
        attrs_["tooltip"] = _tooltip(argument, value)
    url = _url(argument)
    if url is not None:
        attrs_["URL"] = url
    if boxed or not lines:
        # A shaded junction is drawn larger, so that its fill can be seen.
        return {**attrs_, "shape": "point", "width": "0.1" if shade is None else "0.16", "label": ""}
    return {
        **attrs_,
        "label": _lines_label(lines, "\\n"),
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": shade or ("#f4f4f4" if opts.theme == "color" else "#ffffff"),
        "fontsize": "9",
        "margin": "0.06,0.03",
    }


# -- structure ----------------------------------------------------------


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
    """Sections as nested clusters; a node goes in the first section listing it."""
    sections = map.sections
    children: dict[int | None, list[int]] = {}
    for index, section in enumerate(sections):
        # The nearest earlier section with a lower level encloses this one.
        parent = next((j for j in range(index - 1, -1, -1) if sections[j].level < section.level), None)
        children.setdefault(parent, []).append(index)
    owner: dict[str, int] = {}
    for index, section in enumerate(sections):
        for member in section.members:
            owner.setdefault(member, index)

    def add(parent_graph: Any, index: int, path: tuple[str, ...]) -> None:
        section = sections[index]
        path = (*path, f"cluster_{index}")
        with parent_graph.subgraph(name=path[-1]) as sub:
            sub.attr(
                label=_lines_label(_wrap(section.title, 60), "\\n"),
                labeljust="l",
                labelloc=labelloc,
                style="rounded",
                color=_CLUSTER[opts.theme],
                fontsize="13",
                **{"class": "section"},
            )
            for member in section.members:
                name = names.get(member)
                if name is None or name in placed or owner.get(member) != index:
                    continue
                if boxed and member in map.arguments:
                    _add_argument_box(sub, map, map.arguments[member], names, opts, placed, clusters, path,
                                      lambda p: owner.get(p) in (index, None), shades=shades)
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
    with graph.subgraph(name=path[-1]) as sub:
        label = _wrap(arg.text, opts.wrap)
        shade = (shades or {}).get(arg.id)
        fill = {"style": "dashed,rounded,filled", "fillcolor": shade} if shade else {"style": "dashed,rounded"}
        sub.attr(
            label=_lines_label(label, "\\n") if label else "",
            color=_GREY[opts.theme],
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
) -> None:
    ordered = _ordered(relations)
    undercut = {rel.target for rel in ordered if isinstance(rel.target, Relation)}
    mids: dict[Relation, str] = {}
    for rel in ordered:
        source = names.get(rel.source)
        target = mids.get(rel.target) if isinstance(rel.target, Relation) else names.get(rel.target)
        if source is None or target is None:
            continue  # an unknown reference: argmap.check reports it
        style = {"class": rel.kind.value, **_RELATION_STYLE[opts.theme][rel.kind]}
        if rel in undercut:
            mid = mids[rel] = f"m{len(mids)}"
            # In the innermost cluster holding both ends: Graphviz 2.x loses
            # edges from a cluster to a node outside it and back again.
            ends = clusters.get(source, ()), clusters.get(target, ())
            common = next((i for i, (a, b) in enumerate(zip(*ends)) if a != b), min(map(len, ends)))
            clusters[mid] = ends[0][:common]
            _in_clusters(graph, clusters[mid]).node(
                mid, label="", shape="point", width="0.08", color=style["color"],
                fillcolor=style["color"], **{"class": "link"})
            graph.edge(source, mid, **{**style, "arrowhead": "none"})
            source = mid
        graph.edge(source, target, **style)


class _Nested:
    """``subgraph A { subgraph B { ... } }`` around nodes added later: DOT merges subgraphs of one name."""

    def __init__(self, graph: Any, path: tuple[str, ...]) -> None:
        self.graph, self.path = graph, path

    def node(self, name: str, **attrs_: str) -> None:
        if not self.path:
            self.graph.node(name, **attrs_)
            return
        with self.graph.subgraph(name=self.path[0]) as sub:
            _Nested(sub, self.path[1:]).node(name, **attrs_)


def _in_clusters(graph: Any, path: tuple[str, ...]) -> _Nested:
    return _Nested(graph, path)


# -- timeline -----------------------------------------------------------

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _date_key(date: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(start, end) of a ``date`` value as tuples of numbers, or None if it has no year."""
    found = [tuple(int(g) for g in m.groups() if g) for m in _DATE.finditer(date)]
    if not found:
        return None
    return found[0], found[-1]


def _add_timeline(graph: Any, map: ArgumentMap, names: dict[str, str], opts: RenderOptions) -> None:
    """Dated evidence in one rank, oldest first, over an axis of their dates.

    Invisible flat edges chain the cards, and visible ones the dates, in
    order; each card hangs from its date on a heavy edge.  (``ordering=out``
    on a hidden root does not hold in every map, and Graphviz 2.x loses flat
    edges next to records, so timeline cards are drawn as plain boxes.)
    """
    dated = []
    for s in map.statements.values():
        key = _date_key(s.date or "") if s.kind is Kind.EVIDENCE else None
        if key is not None:
            dated.append((key, s))
    if not dated:
        return
    dated.sort(key=lambda pair: pair[0])  # stable: file order breaks ties
    grey = _GREY[opts.theme]
    ticks: dict[str, str] = {}
    with graph.subgraph(name="timeline_evidence") as row:
        row.attr(rank="same")
        for _, s in dated:
            row.node(names[s.id])
    with graph.subgraph(name="timeline_axis") as axis:
        axis.attr(rank="same")
        for _, s in dated:
            date = _clean(s.date or "")
            if date not in ticks:
                ticks[date] = f"t{len(ticks)}"
                axis.node(ticks[date], label=_escape(date.replace("/", "–").replace("..", "–")),
                          shape="plaintext", style="", fontsize="12", fontcolor=grey, **{"class": "tick"})
    for (_, a), (_, b) in zip(dated, dated[1:]):
        graph.edge(names[a.id], names[b.id], style="invis")
    order = list(ticks.values())
    for a_tick, b_tick in zip(order, order[1:]):
        graph.edge(a_tick, b_tick, color=grey, arrowhead="vee", penwidth="1.5", **{"class": "axis"})
    for _, s in dated:
        graph.edge(ticks[_clean(s.date or "")], names[s.id], style="dotted", color=grey, arrowhead="none",
                   weight="20", **{"class": "tick-line"})


# -- legend -------------------------------------------------------------


def _add_legend(graph: Any, map: ArgumentMap, opts: RenderOptions, result: Evaluation | None = None) -> None:
    """A cluster with one sample card per kind drawn, and one sample edge per relation drawn.

    Under ``color_by``, also a column of the shades with what each means,
    headed by what was evaluated and under which semantics; the kind samples
    are then white, since a card's fill is its value.
    """
    kinds = [k for k in Kind if any(s.kind is k for s in map.statements.values())]
    relations = [k for k in RelationKind if any(r.kind is k for r in map.relations)]
    with graph.subgraph(name="cluster_legend") as sub:
        # Like section titles: on top, whichever way Graphviz ranks.
        sub.attr(label="Legend", style="rounded", color=_CLUSTER[opts.theme], fontsize="12",
                 labeljust="l", labelloc="b" if _GRAPHVIZ_RANKDIR[opts.rankdir] == "BT" else "t",
                 **{"class": "legend"})
        for kind in kinds:
            sample = {Kind.THESIS: "what the map argues", Kind.CLAIM: "a reason", Kind.PREMISE: "a linked premise",
                      Kind.EVIDENCE: "a source or fact"}[kind]
            style = dict(_KIND_STYLE[opts.theme][kind])
            if result is not None:
                style["fillcolor"] = "#ffffff"
            sub.node(f"legend_{kind.value}", label=_record([[kind.value.upper()], [sample]], opts.rankdir),
                     shape=_SHAPE[kind], **style, **{"class": f"legend {kind.value}"})
        if map.arguments:
            sub.node("legend_argument", label=_lines_label(["a linked argument:", "premises that work together"],
                                                           "\\n"),
                     shape="box", style="dashed,rounded", color=_GREY[opts.theme], fontsize="10",
                     **{"class": "legend argument"})
        for rel in relations:
            a, b = f"legend_{rel.value}_from", f"legend_{rel.value}_to"
            sub.node(a, label="", shape="point", width="0.06", color=_GREY[opts.theme])
            sub.node(b, label=_VERBS[rel], shape="plaintext", style="", fontsize="10", **{"class": "legend"})
            sub.edge(a, b, **_RELATION_STYLE[opts.theme][rel], **{"class": f"legend {rel.value}"})
        if result is not None:
            _add_shade_legend(sub, opts, result)


def _add_shade_legend(sub: Any, opts: RenderOptions, result: Evaluation) -> None:
    """The shades of ``color_by`` as a column of filled boxes under a heading naming the semantics."""
    what = "status" if result.is_labelling else "strength"
    heading = f"fill: {what} under {result.semantics} semantics"
    sub.node("legend_shades", label=_lines_label([heading], "\\n"), shape="plaintext", style="", fontsize="10",
             **{"class": "legend shades"})
    previous = "legend_shades"
    for index, (fill, meaning) in enumerate(legend_entries(result, opts.theme)):
        name = f"legend_shade_{index}"
        sub.node(name, label=_lines_label([meaning], "\\n"), shape="box", style="filled", fillcolor=fill,
                 color=_GREY[opts.theme], fontsize="10", margin="0.08,0.03", **{"class": "legend shade"})
        # Invisible edges stack the entries under the heading (after it, for LR and RL),
        # whichever way Graphviz ranks.
        if _GRAPHVIZ_RANKDIR[opts.rankdir] in ("BT", "RL"):
            sub.edge(name, previous, style="invis")
        else:
            sub.edge(previous, name, style="invis")
        previous = name


# -- focus --------------------------------------------------------------


def _around(map: ArgumentMap, start: str, depth: int | None) -> set[str]:
    """Ids within *depth* steps of *start*, following relations and premises both ways.

    A linked argument brings all its premises; an undercut is one step from
    both ends of the link it attacks.
    """
    neighbours: dict[str, set[str]] = {n.id: set() for n in map.nodes()}

    def ends(target: str | Relation) -> list[str]:
        if isinstance(target, Relation):
            return [target.source, *ends(target.target)]
        return [target]

    for rel in map.relations:
        for end in ends(rel.target):
            if rel.source in neighbours and end in neighbours:
                neighbours[rel.source].add(end)
                neighbours[end].add(rel.source)
    for arg in map.arguments.values():
        for p in arg.premises:
            if p in neighbours:
                neighbours[arg.id].add(p)
                neighbours[p].add(arg.id)
    seen = {start}
    frontier = [start]
    steps = 0
    while frontier and (depth is None or steps < depth):
        steps += 1
        frontier = sorted({n for f in frontier for n in neighbours[f]} - seen)
        seen.update(frontier)
    for id in list(seen):
        if id in map.arguments:
            seen.update(p for p in map.arguments[id].premises if p in neighbours)
    return seen
