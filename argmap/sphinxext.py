"""Sphinx extension: argument maps drawn inside documents.

Add ``"argmap.sphinxext"`` to ``extensions`` in ``conf.py`` (``pip install
'argmap[sphinx]'``); then, in reStructuredText::

    .. argmap:: maps/tea.argmap
       :rankdir: LR
       :caption: Is tea good for you?

or with the map inline::

    .. argmap::
       :alt: Tea is good for you

       thesis tea: Tea is good for you.
         + claim: It is full of antioxidants.

In MyST Markdown the same directive is a ```` ```{argmap} ```` fence.  The
options of ``sphinx.ext.graphviz`` (``alt``, ``align``, ``caption``,
``name``, ``class``) apply, plus the drawing options of ``argmap render``.

A mistake in a map is a Sphinx warning located at the file and line of the
mistake (the document's line for an inline map, the map file's line for a
map read from a file), so ``sphinx-build -W`` fails on it; the directive
then draws nothing.  The drawing is made while the document is read and
kept in the doctree as inline SVG, so parallel builds (``-j``) are safe.
HTML builders show the drawing; other builders show the ``alt`` text.
"""

from __future__ import annotations

import hashlib
import html
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

import argmap
from argmap._embed import svg_element
from argmap.errors import ArgmapError, ArgmapSyntaxError, Severity
from argmap.interactive import to_html
from argmap.render import render_svg

__all__ = ["ArgmapDirective", "argmap_drawing", "setup"]

logger = logging.getLogger(__name__)


class argmap_drawing(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A drawn map: its SVG in ``node["svg"]``; its children are the text other builders show."""


def _choice(*values: str) -> Any:
    """An option taking one of *values*, in any case (``lr`` is ``LR``)."""
    by_lower = {value.lower(): value for value in values}

    def convert(argument: str | None) -> str:
        value = by_lower.get((argument or "").strip().lower())
        if value is None:
            raise ValueError(f"{argument!r} unknown; choose from {', '.join(values)}")
        return value

    return convert


def _names(argument: str | None) -> list[str]:
    return [word for word in (argument or "").replace(",", " ").split() if word]


# The directive's drawing options; each one given becomes the RenderOptions field of its name. The
# ones not given keep RenderOptions' defaults, which defer to the map's header (rankdir, wrap).
_DRAWING = ("rankdir", "theme", "focus", "depth", "hide", "color-by", "semantics", "legend", "timeline", "wrap")


class ArgmapDirective(SphinxDirective):
    """``.. argmap:: [FILE]``: draw the map in FILE, or the map written as the directive's content."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = False
    option_spec = {
        # the options of sphinx.ext.graphviz
        "alt": directives.unchanged,
        "align": _choice("left", "center", "right"),
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
        # the drawing options of `argmap render`
        "rankdir": _choice("TB", "BT", "LR", "RL"),
        "theme": _choice("color", "mono"),
        "focus": directives.unchanged_required,
        "depth": directives.positive_int,
        "hide": directives.unchanged_required,
        "color-by": _choice("status", "strength"),
        "semantics": directives.unchanged_required,
        "legend": directives.flag,
        "timeline": directives.flag,
        "wrap": directives.positive_int,
        "no-sections": directives.flag,
        "no-argument-boxes": directives.flag,
        # a static drawing (svg, the default) or the interactive map (html): pan, zoom, search, details
        "output": _choice("svg", "html"),
    }

    def run(self) -> list[nodes.Node]:
        if self.arguments and self.content:
            return self._fail("give the map as a file or as the directive's content, not both",
                              self.get_location())
        if self.arguments:
            relative, path = self.env.relfn2path(self.arguments[0], self.env.docname)
            self.env.note_dependency(relative)
            try:
                with open(path, encoding="utf-8") as file:
                    text = file.read()
            except (OSError, UnicodeDecodeError) as exc:
                return self._fail(f"cannot read the map {self.arguments[0]!r}: {exc}", self.get_location())
            source, first_line = str(path), 1
        elif self.content:
            text = "\n".join(self.content) + "\n"
            source, first_line = str(self.env.doc2path(self.env.docname)), self.content_offset + 1
        else:
            return self._fail("the directive needs a map: a file name or the map as its content",
                              self.get_location())

        def where(line: int | None) -> str:
            return f"{source}:{first_line + (line or 1) - 1}"

        try:
            m = argmap.parse(text, source=source)
        except ArgmapSyntaxError as exc:
            for error in exc.errors:
                logger.warning(_message(error.message, error.code, error.hint),
                               location=where(error.line), type="argmap", subtype="syntax")
            return []
        problems = [d for d in argmap.check(m) if d.severity is Severity.ERROR]
        for d in problems:
            logger.warning(_message(d.message, d.code, d.hint), location=where(d.span.line if d.span else None),
                           type="argmap", subtype="check")
        if problems:
            return []
        try:
            if self.options.get("output") == "html":
                # The instance names the map's element ids on the page: stable across builds.
                instance = hashlib.sha256(f"{self.env.docname}:{self.lineno}".encode()).hexdigest()[:10]
                drawn = {"interactive": to_html(m, self._render_options(), standalone=False, instance=instance)}
            else:
                drawn = {"svg": render_svg(m, self._render_options())}
        except ArgmapError as exc:
            return self._fail(f"cannot draw the map: {exc}", self.get_location())
        return self._nodes(drawn, m)

    def _render_options(self) -> argmap.RenderOptions:
        o = self.options
        given: dict[str, Any] = {name.replace("-", "_"): o[name] for name in _DRAWING if name in o}
        if "hide" in given:
            given["hide"] = _names(given["hide"])
        for flag in ("legend", "timeline"):
            if flag in given:
                given[flag] = True
        if "no-sections" in o:
            given["sections"] = False
        if "no-argument-boxes" in o:
            given["argument_boxes"] = False
        return argmap.RenderOptions(**given)

    def _nodes(self, drawn: dict[str, str], m: argmap.ArgumentMap) -> list[nodes.Node]:
        alt = self.options.get("alt") or m.title or "argument map"
        drawing = argmap_drawing(alt=alt, **drawn)
        drawing["classes"] += self.options.get("class", [])
        drawing += nodes.paragraph(alt, alt)  # what builders other than HTML show
        self.set_source_info(drawing)
        caption = self.options.get("caption")
        if not caption:
            if "align" in self.options:
                drawing["align"] = self.options["align"]
            self.add_name(drawing)
            return [drawing]
        figure = nodes.figure("", drawing)
        if "align" in self.options:
            figure["align"] = self.options["align"]
        inline, messages = self.state.inline_text(caption, self.lineno)
        figure += nodes.caption(caption, "", *inline)
        self.add_name(figure)
        return [figure, *messages]

    def _fail(self, message: str, location: Any) -> list[nodes.Node]:
        logger.warning(message, location=location, type="argmap", subtype="directive")
        return []


def _message(message: str, code: str | None, hint: str | None) -> str:
    text = f"argmap: {message}" + (f" [{code}]" if code else "")
    return text + (f" (hint: {hint})" if hint else "")


def _visit_html(self: HTML5Translator, node: argmap_drawing) -> None:
    classes = ["argmap", *node.get("classes", [])]
    if node.get("align"):
        classes.append(f"align-{node['align']}")
    ids = " ".join(node.get("ids", []))
    if "interactive" in node:  # the interactive map: a fragment that carries its own classes and ids
        id_attr = f' id="{html.escape(ids)}"' if ids else ""
        self.body.append(f'<div class="{html.escape(" ".join(classes))}"{id_attr}>{node["interactive"]}</div>\n')
        raise nodes.SkipNode
    self.body.append(svg_element(node["svg"], classes=" ".join(classes), alt=node["alt"], id=ids or None) + "\n")
    raise nodes.SkipNode


def _visit_other(self: Any, node: argmap_drawing) -> None:
    """Builders without SVG (LaTeX, text, man, ...) show the alt text, the node's child."""


def _depart_other(self: Any, node: argmap_drawing) -> None:
    pass


def setup(app: Sphinx) -> dict[str, Any]:
    others = (_visit_other, _depart_other)
    app.add_node(argmap_drawing, html=(_visit_html, None), epub=(_visit_html, None), latex=others,
                 text=others, man=others, texinfo=others)
    app.add_directive("argmap", ArgmapDirective)
    return {"version": argmap.__version__, "parallel_read_safe": True, "parallel_write_safe": True}

