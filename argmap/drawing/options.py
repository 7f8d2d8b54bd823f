"""Every drawing setting in one checked value, :class:`RenderOptions`.

Shared by the library and the ``argmap render`` command; the view, the
styling and every writer read it and never change it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from argmap.errors import ArgmapRenderError
from argmap.evaluate import DUNG_SEMANTICS, GRADUAL_SEMANTICS, SEMANTICS
from argmap.model import ArgumentMap, Kind

__all__ = [
    "RenderOptions",
    "RenderWarning",
    "parse_tag_colors",
    "RANKDIRS",
    "THEMES",
    "HIDEABLE",
    "COLOR_BY",
    "URL_SCHEMES",
    "WRAP",
    "settle",
]

#: Values accepted for ``rankdir``: where the thesis sits (top, bottom, left, right).
RANKDIRS = ("TB", "BT", "LR", "RL")
#: Values accepted for ``theme``.
THEMES = ("color", "mono")
#: What ``hide`` may name: the statement kinds, and ``argument``.
HIDEABLE = (*(k.value for k in Kind), "argument")
#: Values accepted for ``color_by``, each with the semantics used when ``semantics`` is not given.
COLOR_BY = {"status": "grounded", "strength": "dfquad"}
#: Characters per line of card text, unless the options or the file's header say otherwise:
#: narrow cards keep a map with many reasons to a node about as tall as it is wide.
WRAP = 24
#: Header keys that set a drawing (the options of the same name win over them).
HEADER_SETTINGS = ("rankdir", "wrap")
#: Header keys that look like drawing settings but are not read: a warning says so.
IGNORED_SETTINGS = ("theme", "layout", "engine", "splines", "nodesep", "ranksep", "fontname", "fontsize",
                    "orientation", "direction", "size", "ratio", "legend", "color-by")
_FLAGS = ("theme", "legend", "color-by", "engine")
#: URL schemes that become links; any other is dropped with a warning.
URL_SCHEMES = ("http", "https", "mailto")

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_TAG = re.compile(r"[A-Za-z0-9_-]+")


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

    #: Where the thesis sits: ``TB`` top (reasons below it), ``BT`` bottom, ``LR`` left, ``RL`` right;
    #: None: the file header's ``rankdir``, else ``TB``.
    rankdir: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_choice(RANKDIRS, "rankdir")))
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
    #: Characters per line of card text; None: the file header's ``wrap``, else :data:`WRAP`.
    wrap: int | None = attrs.field(default=None, validator=_check_positive)
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


def resolve(options: RenderOptions | None, changes: Mapping[str, Any]) -> RenderOptions:
    """*options* (default ``RenderOptions()``) with the fields in *changes* replaced."""
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


def settle(map: ArgumentMap, opts: RenderOptions) -> RenderOptions:
    """*opts* with every setting decided: ``rankdir`` and ``wrap`` from the file's header where
    the options leave them out, else the defaults (``TB``, :data:`WRAP`).

    A header value that is not valid, and a header key that looks like a
    drawing setting argmap does not read, give a :class:`RenderWarning`
    naming the line; the drawing goes on with the default.

    >>> from argmap.model import ArgumentMap
    >>> settle(ArgumentMap(header={"rankdir": "LR"}), RenderOptions()).rankdir
    'LR'
    >>> settle(ArgumentMap(header={"rankdir": "LR"}), RenderOptions(rankdir="TB")).rankdir
    'TB'
    """
    header = map.header
    changes: dict[str, Any] = {}

    def where(key: str) -> str:
        found = re.search(rf"^{re.escape(key)}[ \t]*:", map.text or "", re.MULTILINE)
        if found is None:
            return f"header '{key}'"
        return f"header '{key}' (line {(map.text or '').count(chr(10), 0, found.start()) + 1})"

    if opts.rankdir is None:
        value = (header.get("rankdir") or "").strip().upper()
        if value and value not in RANKDIRS:
            warnings.warn(RenderWarning(f"{where('rankdir')}: {header['rankdir']!r} is not one of "
                                        f"{', '.join(RANKDIRS)}; drawn with TB"), stacklevel=3)
            value = ""
        changes["rankdir"] = value or "TB"
    if opts.wrap is None:
        raw = (header.get("wrap") or "").strip()
        wrap = WRAP
        if raw:
            if raw.isdigit() and int(raw) >= 8:
                wrap = int(raw)
            else:
                warnings.warn(RenderWarning(f"{where('wrap')}: {raw!r} is not a whole number of "
                                            f"8 or more characters; drawn with {WRAP}"), stacklevel=3)
        changes["wrap"] = wrap
    for key in IGNORED_SETTINGS:
        if key in header:
            flag = f"; give it on the command line: --{key}" if key in _FLAGS else ""
            warnings.warn(RenderWarning(
                f"{where(key)} is not a drawing setting argmap reads from a file "
                f"(it reads {' and '.join(HEADER_SETTINGS)}){flag}"), stacklevel=3)
    return attrs.evolve(opts, **changes) if changes else opts
