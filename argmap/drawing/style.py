"""Cards, argument labels and the legend as plain data, for any writer.

A :class:`Styling` is made once per drawing from the whole map and the
options: it evaluates the map when ``color_by`` asks (so a focus or a hide
never changes a value), merges the header's and the caller's tag colours,
and then gives, for each node of the view, what to draw: the card's
lines, tooltip, link and look (:mod:`argmap.drawing.palettes`).  Nothing
here knows DOT, HTML or SVG; text is cleaned (one line, no characters SVG
cannot hold) but not escaped, which is each writer's job.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
import urllib.parse
import warnings
from collections.abc import Mapping

import attrs

from argmap.drawing.options import (
    URL_SCHEMES,
    WRAP,
    RenderOptions,
    RenderWarning,
    parse_tag_colors,
)
from argmap.drawing.palettes import (
    GREY,
    KIND_STYLES,
    RELATION_STYLES,
    KindStyle,
    LineStyle,
    legend_entries,
    node_shades,
    tint,
)
from argmap.errors import ArgmapRenderError
from argmap.evaluate import ArgmapEvaluationError, Evaluation, Label, evaluate
from argmap.model import Argument, ArgumentMap, Kind, RelationKind, Statement

__all__ = [
    "Styling",
    "Card",
    "ArgumentCard",
    "Legend",
    "LegendKind",
    "LegendRelation",
    "clean",
    "wrap",
    "short",
    "VERBS",
    "SAMPLES",
]

#: What each relation does, as the legend says it.
VERBS = {RelationKind.SUPPORT: "supports", RelationKind.ATTACK: "attacks", RelationKind.UNDERCUT: "undercuts a link"}
#: The legend's sample text for each kind.
SAMPLES = {
    Kind.THESIS: "what the map argues",
    Kind.CLAIM: "a reason",
    Kind.PREMISE: "a linked premise",
    Kind.EVIDENCE: "a source or fact",
}
#: The legend's words for a linked argument's box.
ARGUMENT_SAMPLE = ("a linked argument:", "premises that work together")

# Control characters, lone surrogates and the two noncharacters XML refuses.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """One line of *text*: white space collapsed, characters SVG cannot hold dropped.

    >>> clean("  two\\n lines\\x07 ")
    'two lines'
    """
    return _UNSHOWABLE.sub("", " ".join(text.split()))


def wrap(text: str, width: int) -> list[str]:
    """*text* cleaned and wrapped to lines of at most *width* characters (longer words stay whole)."""
    return textwrap.wrap(clean(text), width, break_on_hyphens=False, break_long_words=False)


def short(text: str, width: int) -> str:
    """*text* cleaned, cut to *width* characters with an ellipsis."""
    text = clean(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@attrs.frozen
class Card:
    """A statement as drawn: header, text lines, footer lines, tooltip, link and look."""

    id: str
    kind: Kind
    #: ``THESIS``, ``CLAIM``, ..., the value under ``color_by`` and the tags (``CLAIM · 0.77   #history``).
    header: str
    text: tuple[str, ...]
    #: Evidence only: the date and the source in full, and the host of its link.
    footer: tuple[str, ...]
    #: The full text, the value, every metadata entry and the tags, a line each.
    tooltip: tuple[str, ...]
    #: A checked http, https or mailto link, or None.
    url: str | None
    #: The kind's look, with the tag colour and the evaluation's shade applied.
    style: KindStyle
    #: ``strength 0.83 (dfquad)`` or ``status: in (grounded)`` under ``color_by``.
    value: str | None = None


@attrs.frozen
class ArgumentCard:
    """A linked argument as drawn: its label lines, tooltip, link, outline and shade."""

    id: str
    text: tuple[str, ...]
    tooltip: tuple[str, ...]
    url: str | None
    stroke: str
    #: The evaluation's shade under ``color_by``, else None.
    shade: str | None = None
    value: str | None = None


@attrs.frozen
class LegendKind:
    kind: Kind
    sample: str
    style: KindStyle


@attrs.frozen
class LegendRelation:
    kind: RelationKind
    verb: str
    style: LineStyle


@attrs.frozen
class Legend:
    """What a legend shows: the kinds and relations drawn, and the shades of ``color_by``."""

    kinds: tuple[LegendKind, ...]
    #: The map has linked arguments: show the box.
    arguments: bool
    relations: tuple[LegendRelation, ...]
    #: ``fill: strength under dfquad semantics``, or None without ``color_by``.
    shades_heading: str | None = None
    #: (fill, meaning) pairs, darkest strength first.
    shades: tuple[tuple[str, str], ...] = ()


class Styling:
    """How each node of a drawing looks, for *map* (the whole map) drawn with *opts*."""

    def __init__(self, map: ArgumentMap, opts: RenderOptions) -> None:
        self.opts = opts
        self.wrap = opts.wrap or WRAP
        # The mono theme is for paper: the file's colours give way, the caller's do not.
        self.tag_colors: Mapping[str, str] = {
            **(_header_tag_colors(map) if opts.theme == "color" else {}),
            **opts.tag_colors,
        }
        self.evaluation = _evaluation(map, opts)
        self.shades: Mapping[str, str] = (
            node_shades(self.evaluation, opts.theme) if self.evaluation is not None else {}
        )

    def value(self, id: str) -> str | None:
        """The line with a node's value: ``strength 0.83 (dfquad)``, ``status: in (grounded)``."""
        result = self.evaluation
        if result is None or id not in result.values:
            return None
        value = result.values[id]
        if isinstance(value, Label):
            return f"status: {value} ({result.semantics})"
        return f"strength {value:.2f} ({result.semantics})"

    def badge(self, id: str) -> str | None:
        """The value as a card shows it: ``0.77`` (strength) or ``in``, ``out``, ``undecided`` (status)."""
        result = self.evaluation
        if result is None or id not in result.values:
            return None
        value = result.values[id]
        return str(value) if isinstance(value, Label) else f"{value:.2f}"

    def card(self, statement: Statement) -> Card:
        opts = self.opts
        header = statement.kind.value.upper()
        badge = self.badge(statement.id)
        if badge is not None:
            header += f" · {badge}"
        if statement.tags:
            header += "   " + clean(" ".join("#" + t for t in statement.tags))
        footer: list[str] = []
        url = checked_url(statement)
        if statement.kind is Kind.EVIDENCE:
            # In full (the card grows), and the link's host, which a PNG or PDF cannot follow.
            date = clean(statement.date or "")
            source = clean(statement.source or "")
            footer += wrap(" · ".join(v for v in (date, source) if v), self.wrap)
            host = _host(url)
            if host:
                footer.append(host)
        style = KIND_STYLES[opts.theme][statement.kind]
        color = next((self.tag_colors[t] for t in statement.tags if t in self.tag_colors), None)
        if color is not None:
            style = attrs.evolve(style, stroke=color, fill=tint(color))
        shade = self.shades.get(statement.id)
        if shade is not None:
            # The fill says how the card fares; kind and tag keep the outline.
            style = attrs.evolve(style, fill=shade)
        value = self.value(statement.id)
        return Card(
            id=clean(statement.id),
            kind=statement.kind,
            header=header,
            text=tuple(wrap(statement.text, self.wrap)),
            footer=tuple(footer),
            tooltip=_tooltip(statement, value),
            url=url,
            style=style,
            value=value,
        )

    def argument(self, argument: Argument) -> ArgumentCard:
        value = self.value(argument.id)
        return ArgumentCard(
            id=clean(argument.id),
            text=tuple(wrap(argument.text, self.wrap)),
            tooltip=_tooltip(argument, value),
            url=checked_url(argument),
            stroke=GREY[self.opts.theme],
            shade=self.shades.get(argument.id),
            value=value,
        )

    def legend(self, shown: ArgumentMap) -> Legend:
        """The legend of the drawn part *shown*: only the kinds and relations it has."""
        theme = self.opts.theme
        kinds = []
        for kind in Kind:
            if any(s.kind is kind for s in shown.statements.values()):
                style = KIND_STYLES[theme][kind]
                if self.evaluation is not None:
                    # A card's fill is its value: the kind samples are white.
                    style = attrs.evolve(style, fill="#ffffff")
                kinds.append(LegendKind(kind, SAMPLES[kind], style))
        relations = tuple(
            LegendRelation(k, VERBS[k], RELATION_STYLES[theme][k])
            for k in RelationKind
            if any(r.kind is k for r in shown.relations)
        )
        result = self.evaluation
        if result is None:
            return Legend(tuple(kinds), bool(shown.arguments), relations)
        what = "status" if result.is_labelling else "strength"
        return Legend(
            tuple(kinds),
            bool(shown.arguments),
            relations,
            shades_heading=f"fill: {what} under {result.semantics} semantics",
            shades=tuple(legend_entries(result, theme)),
        )


def _tooltip(node: Statement | Argument, value: str | None = None) -> tuple[str, ...]:
    lines = [clean(node.text)] if clean(node.text) else []
    if value is not None:
        lines.append(value)
    for key, meta in node.metadata.items():
        meta = clean(meta)
        if key == "quote":
            meta = f"“{meta}”"
        lines.append(f"{clean(key)}: {meta}")
    if node.tags:
        lines.append(clean(" ".join("#" + t for t in node.tags)))
    return tuple(lines)


def _host(url: str | None) -> str:
    """The host of an http(s) *url* (``example.org``), or the address of a mailto one; else ``""``."""
    if url is None:
        return ""
    if url.lower().startswith("mailto:"):
        return clean(url[len("mailto:"):].split("?")[0])
    host = urllib.parse.urlsplit(url).hostname or ""
    return clean(host.removeprefix("www."))


def checked_url(node: Statement | Argument) -> str | None:
    """The node's ``url`` if its scheme is http, https or mailto; else None and a :class:`RenderWarning`."""
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
    return url


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


def _header_tag_colors(map: ArgumentMap) -> dict[str, str]:
    raw = map.header.get("tag-color")
    if raw is None:
        return {}
    try:
        return parse_tag_colors(raw)
    except ArgmapRenderError as exc:
        raise ArgmapRenderError(f"header 'tag-color': {exc}") from None
