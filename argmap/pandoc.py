"""A Pandoc filter: code blocks of class ``argmap`` drawn as maps.

``pip install 'argmap[pandoc]'``, then::

    pandoc notes.md --filter argmap-pandoc -o notes.html

A block written ```` ```{.argmap rankdir=LR theme=mono} ```` (or plain
```` ```argmap ````) is replaced by its drawing: inline SVG in HTML outputs,
and a PNG file in the folder ``argmap-images`` (metadata ``argmap-images``
names another) for every other output (LaTeX/PDF, DOCX, ODT, EPUB, ...).  The
attributes are the drawing options of ``argmap render``.

A mistake in a map (or a bad attribute) leaves the block as it was, with the
message above it in the document, and prints the message, with its line in
the block, to stderr; Pandoc still writes the rest of the document.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any

import argmap
from argmap._embed import svg_element
from argmap.errors import ArgmapError, ArgmapSyntaxError, Severity
from argmap.render import render_bytes

try:
    import panflute as pf
except ImportError:  # the extra is not installed: main() says how to install it
    pf = None

__all__ = ["main", "draw"]

_HTML = ("html", "html4", "html5", "revealjs", "slidy", "s5", "dzslides", "slideous")
_OPTIONS = {"rankdir": str, "theme": str, "focus": str, "depth": int, "hide": str, "color-by": str,
            "semantics": str, "wrap": int, "legend": bool, "timeline": bool}


def _options(attributes: dict[str, str]) -> argmap.RenderOptions:
    changes: dict[str, Any] = {}
    for key, value in attributes.items():
        kind = _OPTIONS.get(key)
        if kind is None:
            if key == "alt":
                continue
            raise ArgmapError(f"unknown attribute {key!r}; the drawing options are: {', '.join(_OPTIONS)}")
        name = key.replace("-", "_")
        if kind is int:
            if not value.isdigit():
                raise ArgmapError(f"bad {key} {value!r}; use a whole number")
            changes[name] = int(value)
        elif kind is bool:
            changes[name] = value.lower() in ("", "true", "yes", "1", key)
        elif key == "hide":
            changes[name] = [word for word in value.replace(",", " ").split() if word]
        else:
            changes[name] = value.upper() if key == "rankdir" else value
    return argmap.RenderOptions(**changes)


def _problems(text: str) -> str | None:
    try:
        m = argmap.parse(text, source="argmap block")
    except ArgmapSyntaxError as exc:
        return "\n".join(str(e) for e in exc.errors)
    errors = [d for d in argmap.check(m) if d.severity is Severity.ERROR]
    return "\n".join(d.format("argmap block", text) for d in errors) or None


def draw(element: pf.Element, doc: pf.Doc) -> Any:
    """The filter's action: an ``argmap`` code block becomes its drawing (or stays, with the error above it)."""
    if not (isinstance(element, pf.CodeBlock) and "argmap" in element.classes):
        return None
    attributes = dict(element.attributes)
    try:
        options = _options(attributes)
        problem = _problems(element.text)
        if problem is None:
            m = argmap.parse(element.text, source="argmap block")
            alt = attributes.get("alt") or m.title or "argument map"
            if doc.format in _HTML:
                svg = render_bytes(m, "svg", options=options).decode("utf-8")
                return pf.RawBlock(svg_element(svg, classes="argmap", alt=alt), format="html")
            return pf.Para(pf.Image(pf.Str(alt), url=_png(m, options, doc), title=alt))
    except ArgmapError as exc:
        problem = str(exc)
    print(f"argmap-pandoc: {problem}", file=sys.stderr)
    return [pf.Para(pf.Strong(pf.Str("argmap:")), pf.Space(), pf.Str("this map has a mistake:")),
            pf.CodeBlock(problem), element]


def _png(m: argmap.ArgumentMap, options: argmap.RenderOptions, doc: pf.Doc) -> str:
    folder = str(doc.get_metadata("argmap-images", "argmap-images"))
    data = render_bytes(m, "png", options=options)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha256(data).hexdigest()[:16] + ".png")
    with open(path, "wb") as file:
        file.write(data)
    return path


def main(doc: pf.Doc | None = None) -> Any:
    """The ``argmap-pandoc`` command: a JSON filter between Pandoc's reader and writer."""
    if pf is None:
        print("argmap-pandoc needs panflute: pip install 'argmap[pandoc]'", file=sys.stderr)
        return 1
    return pf.run_filter(draw, doc=doc)


if __name__ == "__main__":
    sys.exit(main())
