"""Argument maps as drawings: DOT text, then SVG, PNG or PDF.

The public face of :mod:`argmap.drawing`, where the work is done one step
a module (options, view, palettes and styling, the DOT writer); see that
package for the map of modules.  :func:`to_dot` writes the DOT text (pure
and deterministic); :mod:`argmap.engines` runs Graphviz on it.

How a map is drawn is set by one :class:`RenderOptions` value, shared by
the library and the ``argmap render`` command.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from argmap._callable import callable_module
from argmap._io import atomic_write
from argmap.drawing import fonts
from argmap.drawing.dot import to_dot
from argmap.drawing.options import (
    COLOR_BY,
    HIDEABLE,
    RANKDIRS,
    THEMES,
    URL_SCHEMES,
    RenderOptions,
    RenderWarning,
    parse_tag_colors,
)
from argmap.drawing.style import clean
from argmap.drawing.view import view
from argmap.engines import DEFAULT_TIMEOUT, FORMATS, GraphvizTimeout, layout, resolve_engine
from argmap.errors import ArgmapRenderError
from argmap.model import ArgumentMap

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
    "URL_SCHEMES",
]

#: File suffixes :func:`render` understands, and the format each means.
SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".html": "html",
                  ".htm": "html"}


def render_bytes(
    map: ArgumentMap,
    format: str = "svg",
    *,
    engine: str = "auto",
    options: RenderOptions | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    **changes: Any,
) -> bytes:
    """The map drawn in *format* (svg, png, pdf or dot), as bytes.

    ``"dot"`` gives the DOT text of :func:`to_dot` without running Graphviz.
    *engine* is ``"auto"`` (the embedded engine, so that the drawing is the
    same on every machine, or the system ``dot`` where the embedded one
    fails), ``"system"`` or ``"embedded"`` (see :func:`argmap.engines.layout`);
    *options* and keyword changes to it are as for :func:`to_dot`; *timeout*
    is the seconds Graphviz may take (``None``: no limit).  PNG and
    PDF are drawn with argmap's font (:mod:`argmap.drawing.fonts`) and
    refused when some text has letters no font here can draw.

    >>> from argmap.model import ArgumentMap, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "Tea is good.")])
    >>> render_bytes(m, "dot").startswith(b"digraph argmap {")
    True
    """
    if format not in FORMATS:
        raise ArgmapRenderError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    source = to_dot(map, options, **changes)
    resolved = resolve_engine(engine)  # an unknown engine is an error even when unused
    if format == "dot":
        return source.encode("utf-8")
    if resolved == "system":
        data = layout(source, format, "system", timeout=timeout)
        return fonts.with_font_list(data) if format == "svg" else data
    try:
        svg = fonts.with_font_list(layout(source, "svg", "embedded", timeout=timeout))
    except ArgmapRenderError as exc:
        if engine != "auto" or shutil.which("dot") is None or isinstance(exc, GraphvizTimeout):
            raise
        # The embedded engine cannot draw some maps (e.g. a node with 20,000
        # children exhausts its stack): the system dot can, in its own fonts.
        warnings.warn(RenderWarning(f"{exc}; drawn with the system 'dot' instead"), stacklevel=2)
        data = layout(source, format, "system", timeout=timeout)
        return fonts.with_font_list(data) if format == "svg" else data
    if format == "svg":
        return svg
    return fonts.convert(svg, format)


def render_svg(map: ArgumentMap, options: RenderOptions | None = None, *, engine: str = "auto") -> str:
    """The map drawn as SVG text (by default with the embedded engine)."""
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
    summary = f"argument map{': ' + clean(map.title) if map.title else ''}: {counts}"
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
    timeout: float | None = DEFAULT_TIMEOUT,
    **changes: Any,
) -> Path:
    """Draw the map into the file *target* and return its path.

    The format is *format*, or else follows the suffix of *target*
    (``.svg``, ``.png``, ``.pdf``, ``.dot`` or ``.gv``; ``.html`` for the interactive
    map of :func:`argmap.interactive.to_html`).  The file is
    replaced only once the drawing is complete, so a failed render leaves
    any old file as it was.  *engine* and *timeout* are as for
    :func:`render_bytes`.
    """
    path = Path(target)
    if format is None:
        format = SUFFIX_FORMATS.get(path.suffix.lower())
        if format is None:
            raise ArgmapRenderError(
                f"cannot tell the format of {str(path)!r} from its suffix; "
                f"use one of {', '.join(SUFFIX_FORMATS)} or give the format"
            )
    if format == "html":
        from argmap.interactive import to_html

        data = to_html(map, options, engine=engine, timeout=timeout, **changes).encode("utf-8")
    else:
        data = render_bytes(map, format, engine=engine, options=options, timeout=timeout, **changes)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ArgmapRenderError(f"could not write {str(path)!r}: {exc.strerror or exc}") from exc
    return path


# `argmap.render(...)` calls render() above; the module stays a module (argmap/_callable.py).
callable_module(__name__)
