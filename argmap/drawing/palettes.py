"""Colours, line styles and markers: per statement kind, per relation, per evaluated value.

Plain data, no output format: :mod:`argmap.drawing.dot` turns them into
Graphviz attributes, another writer into CSS or SVG attributes.

Okabe-Ito colours, which readers with any common colour-vision deficiency
can tell apart; kinds differ by outline too (thesis bold and rounded, claim
rounded, premise and evidence square), and relations by line style and
marker (support a solid line and an arrow, attack a dashed line and a bar,
undercut a double line, a filled diamond and a dot on the link it
attacks), so that the mono theme and greyscale prints still read.  The
undercut's purple is a darkened Okabe-Ito reddish purple, so that its thin
double line stands out at half size.
"""

from __future__ import annotations

import attrs

from argmap.errors import ArgmapRenderError
from argmap.evaluate import Evaluation, Label
from argmap.model import Kind, RelationKind

__all__ = [
    "KindStyle",
    "LineStyle",
    "KIND_STYLES",
    "RELATION_STYLES",
    "GREY",
    "SECTION_OUTLINE",
    "ARGUMENT_FILL",
    "LABEL_FILLS",
    "STRENGTH_FILLS",
    "MONO_LABEL_FILLS",
    "MONO_STRENGTH_FILLS",
    "SHADE_THEMES",
    "node_shades",
    "legend_entries",
    "tint",
]


@attrs.frozen
class KindStyle:
    """A card's look: outline colour, fill, outline width, corners and weight."""

    stroke: str
    fill: str
    width: float
    #: Rounded corners (thesis and claim); square for premise and evidence.
    rounded: bool
    #: A heavy outline (the thesis).
    bold: bool = False


@attrs.frozen
class LineStyle:
    """A relation's look: colour, dash pattern, the marker at its target, and width."""

    color: str
    #: ``solid``, ``dashed`` or ``dotted``.
    dash: str
    #: At the target end: ``arrow`` (support), ``tee`` (attack), ``diamond`` (undercut).
    marker: str
    width: float
    #: Two parallel lines (the undercut), so that it carries more ink than an attack.
    double: bool = False


KIND_STYLES: dict[str, dict[Kind, KindStyle]] = {
    "color": {
        Kind.THESIS: KindStyle("#8a5a00", "#ffe8a8", 2.5, rounded=True, bold=True),
        Kind.CLAIM: KindStyle("#0a5c8a", "#dcecf7", 1.2, rounded=True),
        Kind.PREMISE: KindStyle("#0a5c8a", "#ffffff", 1.2, rounded=False),
        Kind.EVIDENCE: KindStyle("#4d4d4d", "#ececec", 1.2, rounded=False),
    },
    "mono": {
        Kind.THESIS: KindStyle("#000000", "#ffffff", 3, rounded=True, bold=True),
        Kind.CLAIM: KindStyle("#000000", "#ffffff", 1.2, rounded=True),
        Kind.PREMISE: KindStyle("#000000", "#ffffff", 1.2, rounded=False),
        Kind.EVIDENCE: KindStyle("#000000", "#e6e6e6", 1.2, rounded=False),
    },
}

RELATION_STYLES: dict[str, dict[RelationKind, LineStyle]] = {
    "color": {
        RelationKind.SUPPORT: LineStyle("#009e73", "solid", "arrow", 1.6),
        RelationKind.ATTACK: LineStyle("#d55e00", "dashed", "tee", 1.6),
        RelationKind.UNDERCUT: LineStyle("#9e3d7c", "solid", "diamond", 1.4, double=True),
    },
    "mono": {
        RelationKind.SUPPORT: LineStyle("#000000", "solid", "arrow", 1.4),
        RelationKind.ATTACK: LineStyle("#000000", "dashed", "tee", 1.4),
        RelationKind.UNDERCUT: LineStyle("#000000", "solid", "diamond", 1.4, double=True),
    },
}

#: Argument junctions, premise lines and argument boxes.
GREY = {"color": "#7a7a7a", "mono": "#000000"}
#: The outline of a section.
SECTION_OUTLINE = {"color": "#b0b0b0", "mono": "#777777"}
#: The fill of an argument's label card (drawn when its premises are not boxed).
ARGUMENT_FILL = {"color": "#f4f4f4", "mono": "#ffffff"}


def tint(color: str, amount: float = 0.22) -> str:
    """*color* mixed with white: *amount* of the colour.

    >>> tint("#000000", 0.5)
    '#808080'
    """
    hexes = color[1:]
    if len(hexes) == 3:
        hexes = "".join(c * 2 for c in hexes)
    rgb = [int(hexes[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in rgb)


# -- shades for an evaluation (--color-by) ------------------------------------

#: Fills for the Dung labels: blue, orange and grey tell apart for every
#: common colour-vision deficiency (no red against green).
LABEL_FILLS: dict[Label, str] = {
    Label.IN: "#9ecae1",
    Label.OUT: "#fdae6b",
    Label.UNDECIDED: "#d9d9d9",
}
#: A single-hue sequential ramp (ColorBrewer Blues), light to mid so black
#: text stays readable; one fill per fifth of the 0..1 range.
STRENGTH_FILLS: tuple[str, ...] = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6")
#: The ``mono`` theme's fills, for paper: white for ``in``, light grey for
#: ``undecided``, mid grey for ``out`` (greyed out, as struck through).
MONO_LABEL_FILLS: dict[Label, str] = {
    Label.IN: "#ffffff",
    Label.OUT: "#a6a6a6",
    Label.UNDECIDED: "#d9d9d9",
}
#: The ``mono`` theme's strength ramp: white to mid grey, darker is stronger
#: (as in :data:`STRENGTH_FILLS`); black text keeps a contrast of at least 7:1.
MONO_STRENGTH_FILLS: tuple[str, ...] = ("#ffffff", "#ebebeb", "#d4d4d4", "#bababa", "#a0a0a0")
#: Themes :func:`node_shades` and :func:`legend_entries` know (those of :class:`~argmap.drawing.options.RenderOptions`).
SHADE_THEMES = ("color", "mono")


def _fills(theme: str) -> tuple[dict[Label, str], tuple[str, ...]]:
    if theme == "color":
        return LABEL_FILLS, STRENGTH_FILLS
    if theme == "mono":
        return MONO_LABEL_FILLS, MONO_STRENGTH_FILLS
    raise ArgmapRenderError(f"unknown theme {theme!r}; choose one of {', '.join(SHADE_THEMES)}")

_LABEL_MEANING = {
    "grounded": {
        Label.IN: "in: accepted (grounded)",
        Label.OUT: "out: attacked by an accepted node",
        Label.UNDECIDED: "undecided: neither",
    },
    "preferred": {
        Label.IN: "in: in every preferred extension",
        Label.OUT: "out: attacked by every preferred extension",
        Label.UNDECIDED: "undecided: neither",
    },
    "stable": {
        Label.IN: "in: in every stable extension",
        Label.OUT: "out: attacked by every stable extension",
        Label.UNDECIDED: "undecided: neither",
    },
}


def _strength_bin(value: float) -> int:
    return min(int(value * len(STRENGTH_FILLS)), len(STRENGTH_FILLS) - 1)


def node_shades(result: Evaluation, theme: str = "color") -> dict[str, str]:
    """A fill colour (``#rrggbb``) for each map node of *result*.

    Labels get :data:`LABEL_FILLS`; strengths get the fill of their fifth of
    :data:`STRENGTH_FILLS` (0.8 to 1 the darkest).  With ``theme="mono"``,
    the greys of :data:`MONO_LABEL_FILLS` and :data:`MONO_STRENGTH_FILLS`.

    >>> import argmap
    >>> from argmap.evaluate import evaluate
    >>> m = argmap.parse("thesis t: T.\\n  - claim c: C.\\n")
    >>> node_shades(evaluate(m))
    {'t': '#fdae6b', 'c': '#9ecae1'}
    >>> node_shades(evaluate(m, "dfquad"))
    {'t': '#deebf7', 'c': '#c6dbef'}
    >>> node_shades(evaluate(m), theme="mono")
    {'t': '#a6a6a6', 'c': '#ffffff'}
    """
    label_fills, strength_fills = _fills(theme)
    out: dict[str, str] = {}
    for id, value in result.values.items():
        if isinstance(value, Label):
            out[id] = label_fills[value]
        else:
            out[id] = strength_fills[_strength_bin(value)]
    return out


def legend_entries(result: Evaluation, theme: str = "color") -> list[tuple[str, str]]:
    """(fill, meaning) pairs for a legend of :func:`node_shades`, darkest strength first.

    >>> import argmap
    >>> from argmap.evaluate import evaluate
    >>> m = argmap.parse("thesis t: T.\\n")
    >>> legend_entries(evaluate(m, "dfquad"))[0]
    ('#6baed6', 'strength 0.8 to 1 (dfquad)')
    """
    label_fills, strength_fills = _fills(theme)
    if result.is_labelling:
        meaning = _LABEL_MEANING[result.semantics]
        return [(label_fills[lab], meaning[lab]) for lab in Label]
    k = len(strength_fills)
    entries = []
    for i in reversed(range(k)):
        low, high = i / k, (i + 1) / k
        upper = "1" if i == k - 1 else f"{high:g}"
        span = f"{low:g} to {upper}" if i == k - 1 else f"{low:g} to under {upper}"
        entries.append((strength_fills[i], f"strength {span} ({result.semantics})"))
    return entries
