"""An argument map as one interactive HTML file: pan, zoom, details, collapse, search.

:func:`to_html` lays the map out with Graphviz (the same drawing as
``argmap render``), cleans the SVG, and writes one self-contained page:
the SVG inline (so the map shows with JavaScript off), the map's data as
JSON, the styles and the script.  Nothing is fetched: no CDN, no web font,
and a Content Security Policy that allows no source outside the file.

A large map (:data:`CANVAS_FROM` cards on, or ``canvas=True``) is drawn by
the script on a ``<canvas>`` from layout data taken from the same SVG
(:func:`_canvas_data`); its SVG goes inside ``<noscript>``, which a browser
running scripts reads as text, so the static map still shows with
JavaScript off.

Every text from the map is escaped for where it goes:

- in the SVG, the cleaned drawing is written again by :func:`_clean_svg`,
  which keeps only known elements and attributes (no script, no handler, no
  link) and escapes text and attribute values;
- in HTML text and attributes, :func:`html.escape`;
- in the JSON inside ``<script type="application/json">``, ``<``, ``>``
  and ``&`` are written as ``\\u003c`` ... so that no ``</script>`` or
  ``<!--`` in a text can end the element; the page reads it with
  ``JSON.parse`` and puts texts in with ``textContent`` only.

Links: a ``url`` becomes a link in the details panel only when it is http,
https or mailto (the drawing's own check, :func:`argmap.drawing.style.checked_url`).

The drawing, the evaluation and the palettes come through the small
"seam" below (``_layout``, ``_evaluations``, ``_palette_css``...), so that this
writer shares them with the DOT writer rather than repeating them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import uuid
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from argmap._io import atomic_write
from argmap._text import one_line_end
from argmap.drawing.options import COLOR_BY, RenderOptions, RenderWarning, resolve
from argmap.drawing.palettes import (
    ARGUMENT_FILL,
    GREY,
    KIND_STYLES,
    RELATION_STYLES,
    SECTION_OUTLINE,
    legend_entries,
    node_shades,
)
from argmap.drawing.style import ARGUMENT_SAMPLE, Styling, checked_url
from argmap.drawing.view import dated_evidence, view
from argmap.engines import DEFAULT_TIMEOUT
from argmap.errors import ArgmapRenderError
from argmap.evaluate import ArgmapEvaluationError, Evaluation, evaluate
from argmap.model import Argument, ArgumentMap, Kind, Relation, Statement

__all__ = ["to_html", "write_html", "repr_html", "repr_mimebundle", "TIMELINE_LIMIT", "CANVAS_FROM", "CULL_FROM", "ASSETS"]

#: The timeline view is a second Graphviz layout; above this many statements it is left out
#: (with a warning), since laying out a large map twice doubles the export time.
TIMELINE_LIMIT = 3000

#: From this many drawn cards on, the page draws the map on a ``<canvas>``: the full static SVG
#: goes inside ``<noscript>`` (the HTML parser reads it as raw text when JavaScript is on, and
#: shows it when JavaScript is off), and the script draws the map from compact layout data
#: (each card's outline, texts and colouring, each edge's path) taken from the same SVG.  The
#: cards are reachable by Tab through an accessible layer of one hidden element per card.
#: Building the DOM of a large SVG is most of the time a large page takes to open and to zoom.
#: ``to_html(..., canvas=True)`` (or ``False``) chooses it for any map.  Measured
#: (tests/benchmarks/bench_html.py): at 300 and 1,000 statements the canvas page opens in half
#: the time of the SVG page, and zooming near the cards of a 1,000-statement SVG page takes
#: 350 ms a frame (the canvas: one refresh).
CANVAS_FROM = 300

#: An SVG page (``canvas=False``) of more cards than this draws only the texts of the cards in or
#: near the window (``updateNear`` in the script); its data then holds each card's box.
CULL_FROM = 300

#: The folder holding the page's script and styles.
ASSETS = Path(__file__).resolve().parent / "assets"

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

# -- what this writer shares with the DOT writer ------------------------------------------
# The view filter, the cards' look (tag colours), the palettes, the legend's words and the
# url check all come from argmap.drawing; this module only turns them into SVG hooks, CSS
# and JSON.


def _layout(map: ArgumentMap, opts: RenderOptions, engine: str, timeout: float | None,
            svg: str | None = None) -> tuple[str, dict[str, str]]:
    """The SVG of *map* drawn with *opts* by the DOT writer, and the Graphviz node name of each drawn id.

    The SVG is :func:`argmap.render.render_bytes`'s (so, with the default
    options, the notebook's ``image/svg+xml`` is the same drawing and serves
    here as *svg*, laid out once: :func:`repr_mimebundle`).

    The DOT writer names the drawn nodes ``n0``, ``n1``, ... in the view's order;
    :func:`_clean_svg` checks each name's class against its node's kind, so a
    change there fails loudly rather than mislabelling nodes.
    """
    shown = view(map, opts)
    names: dict[str, str] = {}
    for index, node in enumerate(shown.nodes()):
        names.setdefault(node.id, f"n{index}")
    if svg is None:
        from argmap.render import render_bytes  # argmap.render imports this module lazily too

        svg = render_bytes(map, "svg", engine=engine, options=opts, timeout=timeout).decode("utf-8")
    return svg, names


# -- text ---------------------------------------------------------------------------------

# What HTML and XML cannot hold: controls but tab and newline, lone surrogates, noncharacters.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def _safe(text: str) -> str:
    """*text* with the characters a page cannot hold dropped (CR becomes a newline)."""
    return _UNSHOWABLE.sub("", one_line_end(text))


def _h(text: str) -> str:
    """*text* escaped for HTML text and double-quoted attribute values."""
    return html.escape(_safe(text), quote=True)


def _script_json(value: object) -> str:
    """*value* as JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -- the SVG, cleaned -------------------------------------------------------------------

# Elements Graphviz writes for argmap's drawings, and the attributes kept on them.
_ELEMENTS = {"svg", "g", "path", "polygon", "polyline", "ellipse", "text", "line", "rect", "circle"}
_ATTRIBUTES = {
    "class", "transform", "fill", "stroke", "stroke-width", "stroke-dasharray", "fill-opacity",
    "stroke-opacity", "points", "d", "cx", "cy", "rx", "ry", "r", "x", "y", "x1", "y1", "x2", "y2",
    "width", "height", "viewBox", "font-size", "font-weight", "font-style", "text-anchor",
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CLASS = re.compile(r"[A-Za-z0-9_ -]*")


@attrs.frozen
class _Drawing:
    """A cleaned SVG and what the page needs to know of it."""

    markup: str
    width: float
    height: float
    #: Each drawn node's box in the SVG's pixels: [left, top, width, height], by data index.
    boxes: dict[int, list[float]] = attrs.field(factory=dict)
    #: For a canvas page, what the script draws (see :func:`_clean_svg`); None otherwise.
    canvas: dict[str, Any] | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _title(element: ET.Element) -> str | None:
    for child in element:
        if _local(child.tag) == "title":
            return child.text or ""
    return None


def _children(element: ET.Element) -> Iterator[ET.Element]:
    """The children of *element*, with Graphviz's link wrappers (``<g><a>...</a></g>``) unwrapped."""
    for child in element:
        name = _local(child.tag)
        if name == "a":
            yield from _children(child)
        elif name == "g" and not child.get("class") and len(child) == 1 and _local(child[0].tag) == "a":
            yield from _children(child[0])
        else:
            yield child


def _bbox(element: ET.Element) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) of the first outline shape under *element*."""
    for child in _children(element):
        name = _local(child.tag)
        if name in ("path", "polygon"):
            numbers = [float(n) for n in _NUMBER.findall(child.get("d") or child.get("points") or "")]
            xs, ys = numbers[0::2], numbers[1::2]
            if xs and ys:
                return min(xs), min(ys), max(xs), max(ys)
        if name == "ellipse":
            cx, cy = float(child.get("cx", 0)), float(child.get("cy", 0))
            rx, ry = float(child.get("rx", 0)), float(child.get("ry", 0))
            return cx - rx, cy - ry, cx + rx, cy + ry
    return None


def _clean_svg(svg: str, names: Mapping[str, str], index: Mapping[str, int],
               classes: Mapping[str, str], values: Mapping[str, list[tuple[str, str]]],
               canvas: bool = False) -> _Drawing:
    """The Graphviz SVG, with ids, titles, comments and links gone and hooks added.

    Each drawn node's ``<g>`` gets ``data-id`` (its model id), ``data-i`` (its
    index in the page's data) and *classes*; each edge ``data-a`` and
    ``data-b`` (the indexes of its ends; ``m0``... for the middle of an
    undercut link, ``-`` for a timeline tick); the middle of an undercut link
    ``data-mid`` with ``data-a`` and ``data-b`` (its link's ends); an argument
    box ``data-box``.  Under each node that has one, a hidden ``<text
    class="argmap-value">`` with its *values* text, shown by the colouring
    toggles so that colour is never the only signal.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:  # pragma: no cover - Graphviz writes XML
        raise ArgmapRenderError(f"Graphviz wrote SVG that is not XML: {exc}") from None
    by_name = {name: id for id, name in names.items()}
    graph = next((c for c in root if _local(c.tag) == "g"), None)
    if graph is None:  # pragma: no cover
        raise ArgmapRenderError("Graphviz wrote an SVG without a graph")

    def end(name: str) -> str:
        id = by_name.get(name)
        if id is not None:
            return str(index[id])
        return name if name.startswith("m") and name[1:].isdigit() else "-"

    # The middle of an undercut link: its link's source is the edge into it that has no arrowhead.
    mids: dict[str, list[str]] = {}
    for element in graph.iter():
        if _local(element.tag) == "g" and "edge" in (element.get("class") or "").split():
            a, _, b = (_title(element) or "").partition("->")
            if b.startswith("m") and b[1:].isdigit() and not any(_local(c.tag) == "polygon" for c in element):
                mids.setdefault(b, ["-", "-"])[0] = end(a)
            if a.startswith("m") and a[1:].isdigit():
                mids.setdefault(a, ["-", "-"])[1] = end(b)

    def attributes(element: ET.Element, extra: dict[str, str]) -> str:
        out = []
        for key, value in element.attrib.items():
            name = _local(key)
            if key.startswith("{"):
                if key == f"{{{_XML_NS}}}space" and (value == "preserve") and _needs_preserve(element):
                    out.append(' xml:space="preserve"')
                continue
            if name not in _ATTRIBUTES:
                continue
            if (name, value) in (("font-size", "11.00"), ("text-anchor", "start")):
                continue  # the stylesheet's default, SVG's default
            if name == "class":
                value = " ".join(c for c in value.split() if _CLASS.fullmatch(c))
            out.append(f' {name}="{_h(value)}"')
        for key, value in extra.items():
            out.append(f' {key}="{_h(value)}"')
        return "".join(out)

    # Graphviz draws in a <g transform="scale(S S) rotate(0) translate(X Y)">: the boxes are wanted in SVG pixels.
    numbers = [float(n) for n in _NUMBER.findall(graph.get("transform", ""))]
    sx, tx, ty = (numbers[0], numbers[-2], numbers[-1]) if len(numbers) >= 5 else (1.0, 0.0, 0.0)
    boxes: dict[int, list[float]] = {}
    parts: list[str] = []

    def write(element: ET.Element) -> None:
        name = _local(element.tag)
        if name not in _ELEMENTS:
            return
        extra: dict[str, str] = {}
        kids = list(_children(element))
        classes_here = (element.get("class") or "").split()
        if name == "g" and "node" in classes_here:
            gv = _title(element) or ""
            id = by_name.get(gv)
            if id is not None:
                extra = {"data-id": id, "data-i": str(index[id])}
                if classes.get(id):
                    element.set("class", f"{element.get('class')} {classes[id]}")
                outline = next((k for k in kids if _local(k.tag) in ("path", "polygon", "ellipse")), None)
                if outline is not None:
                    outline.set("class", "o")  # the card's outline, which the stylesheet colours
                box = _bbox(element)
                if box is not None:
                    boxes[index[id]] = [round(sx * (box[0] + tx), 1), round(sx * (box[1] + ty), 1),
                                        round(sx * (box[2] - box[0]), 1), round(sx * (box[3] - box[1]), 1)]
            elif gv in mids:
                extra = {"data-mid": gv, "data-a": mids[gv][0], "data-b": mids[gv][1]}
        elif name == "g" and "edge" in classes_here:
            a, _, b = (_title(element) or "").partition("->")
            extra = {"data-a": end(a), "data-b": end(b)}
        elif name == "g" and "cluster" in classes_here:
            gv = _title(element) or ""
            if gv.startswith("cluster_arg_"):
                id = by_name.get(gv[len("cluster_arg_"):])
                if id is not None:
                    extra = {"data-box": str(index[id])}
                    if classes.get(id):
                        element.set("class", f"{element.get('class')} {classes[id]}")
        parts.append(f"<{name}{attributes(element, extra)}")
        if name == "svg":
            parts.append(f' xmlns="{_SVG_NS}"')
        text = element.text if name == "text" else None
        if not kids and not text and "data-id" not in extra:
            parts.append("/>")
            return
        parts.append(">")
        if text:
            parts.append(_h(text))
        for kid in kids:
            write(kid)
        if "data-id" in extra:
            box = _bbox(element)
            if box is not None:
                for key, value in values.get(extra["data-id"], []):
                    parts.append(f'<text class="argmap-value v-{key}" x="{box[2] - 3:.2f}" y="{box[1] - 3:.2f}" '
                                 f'text-anchor="end">{_h(value)}</text>')
        parts.append(f"</{name}>")

    write(root)
    width, height = _size(root)
    data = _canvas_data(graph, by_name, index, end, mids, [sx, tx, ty]) if canvas else None
    return _Drawing("".join(parts), width, height, boxes, data)


def _points_path(points: str, close: bool) -> str:
    """An SVG ``points`` list as path data (which the canvas's ``Path2D`` takes)."""
    pairs = points.split()
    if not pairs:
        return ""
    return "M" + "L".join(pairs) + ("Z" if close else "")


def _width(element: ET.Element) -> float:
    try:
        return float(element.get("stroke-width", "1"))
    except ValueError:  # pragma: no cover - Graphviz writes numbers
        return 1.0


def _paint(value: str | None) -> str:
    return "" if value in (None, "none", "transparent") else _safe(value or "")


def _canvas_data(graph: ET.Element, by_name: Mapping[str, str], index: Mapping[str, int],
                 end: Any, mids: Mapping[str, list[str]], transform: list[float]) -> dict[str, Any]:
    """The drawing as data for the page's canvas: what each card, edge, argument box and link middle draws.

    Every item is ``[bbox, shapes, texts]`` in Graphviz's coordinates (the
    script applies ``tf`` = [scale, dx, dy] to reach the SVG's pixels):
    ``bbox`` is [left, top, right, bottom]; a shape is ``[geometry, fill,
    stroke, width, dash, role]`` with the path data (polygons and polylines
    written as paths), ``[cx, cy, rx, ry]`` for an ellipse or ``[x0, y0, x1,
    y1, r]`` for Graphviz's rounded box (:func:`_rounded`), the SVG's own
    paint ("" for none), and ``role`` "o" for a card's outline or a box's
    frame, "l" for a line inside a card; a text is ``[x, y, text]`` with the
    font size, anchor and weight after it when they are not the defaults.
    The script recolours outlines, lines and edges from the palettes
    (``pal``), as the stylesheet does in an SVG page.

    ``n`` holds the cards by data index, ``e`` the edges as ``[a, b, kind,
    item...]`` (ends as in ``data-a``/``data-b``), ``m`` the middles of
    undercut links as ``[name, a, b, item...]``, ``c`` the clusters as
    ``[box, kind, item...]`` (``box`` the argument's data index or -1), and
    ``o`` the rest (the title).
    """
    cards: list[Any] = [None] * len(index)
    edges: list[Any] = []
    middles: list[Any] = []
    clusters: list[Any] = []
    other: list[Any] = [[0, 0, 0, 0], [], []]

    def collect(element: ET.Element, item: list[Any], outline: bool) -> None:
        """Add *element*'s shapes and texts (and those of its plain descendants) to *item*."""
        first = outline
        for kid in _children(element):
            name = _local(kid.tag)
            geometry: Any = None
            if name == "path":
                geometry = _rounded(kid.get("d") or "") or _safe(kid.get("d") or "")
            elif name in ("polygon", "polyline"):
                geometry = _points_path(kid.get("points") or "", name == "polygon")
            elif name == "ellipse":
                geometry = [float(kid.get(k, 0)) for k in ("cx", "cy", "rx", "ry")]
            elif name == "text":
                line: list[Any] = [float(kid.get("x", 0)), float(kid.get("y", 0)), _safe(kid.text or "")]
                size, anchor = kid.get("font-size", "11.00"), kid.get("text-anchor", "start")
                weight = kid.get("font-weight", "")
                if size != "11.00" or anchor != "start" or weight:
                    line += [float(size), anchor]
                    if weight:
                        line.append(_safe(weight))
                item[2].append(line)
                continue
            elif name == "g" and not (kid.get("class") or "").split():
                collect(kid, item, first)
                continue
            if geometry is None or not geometry:
                continue
            role = ""
            if name in ("path", "polygon", "ellipse") and first:
                role, first = "o", False
            elif name == "polyline" and outline:
                role = "l"
            item[1].append([geometry, _paint(kid.get("fill")), _paint(kid.get("stroke")), _width(kid),
                            _safe(kid.get("stroke-dasharray") or ""), role])
            if isinstance(geometry, list) and len(geometry) == 4:
                cx, cy, rx, ry = geometry
                _grow(item[0], [cx - rx, cx + rx], [cy - ry, cy + ry])
            elif isinstance(geometry, list):
                _grow(item[0], geometry[0:4:2], geometry[1:4:2])
            else:
                values = [float(n) for n in _NUMBER.findall(geometry)]
                _grow(item[0], values[0::2], values[1::2])

    def walk(element: ET.Element) -> None:
        for kid in _children(element):
            if _local(kid.tag) != "g":
                if element is graph and _local(kid.tag) == "text":
                    collect_one(kid)
                continue
            classes_here = (kid.get("class") or "").split()
            gv = _title(kid) or ""
            item: list[Any] = [[], [], []]
            if "node" in classes_here:
                id = by_name.get(gv)
                collect(kid, item, True)
                if id is not None:
                    cards[index[id]] = _done(item)
                elif gv in mids:
                    middles.append([gv, mids[gv][0], mids[gv][1], *_done(item)])
                else:
                    other[1].extend(item[1])
                    other[2].extend(item[2])
            elif "edge" in classes_here:
                a, _, b = gv.partition("->")
                kind = next((c for c in classes_here if c != "edge"), "")
                collect(kid, item, False)
                edges.append([end(a), end(b), _safe(kind), *_done(item)])
            elif "cluster" in classes_here:
                box = -1
                if gv.startswith("cluster_arg_") and by_name.get(gv[len("cluster_arg_"):]) is not None:
                    box = index[by_name[gv[len("cluster_arg_"):]]]
                kind = "argument-box" if "argument-box" in classes_here else "section" if "section" in classes_here \
                    else ""
                shallow = ET.Element("g")
                shallow.extend(k for k in _children(kid) if _local(k.tag) != "g")
                collect(shallow, item, True)
                clusters.append([box, kind, *_done(item)])
                walk(kid)
            else:
                walk(kid)

    def collect_one(text: ET.Element) -> None:
        holder = ET.Element("g")
        holder.append(text)
        collect(holder, other, False)

    walk(graph)
    return {"tf": transform, "n": cards, "e": edges, "m": middles, "c": clusters, "o": other}


def _rounded_points(x0: float, y0: float, x1: float, y1: float, r: float) -> list[float]:
    """The points of Graphviz's rounded box (``style=rounded``) from (x0, y0) to (x1, y1), corner *r*."""
    h = r / 2
    return [x0 + r, y1,
            x0 + r, y1, x1 - r, y1, x1 - r, y1, x1 - h, y1, x1, y1 - h, x1, y1 - r,
            x1, y1 - r, x1, y0 + r, x1, y0 + r, x1, y0 + h, x1 - h, y0, x1 - r, y0,
            x1 - r, y0, x0 + r, y0, x0 + r, y0, x0 + h, y0, x0, y0 + h, x0, y0 + r,
            x0, y0 + r, x0, y1 - r, x0, y1 - r, x0, y1 - h, x0 + h, y1, x0 + r, y1]


def _rounded(d: str) -> list[float] | None:
    """[x0, y0, x1, y1, r] when path *d* is Graphviz's rounded box (a card), else None: the page draws
    it from those five numbers, the same curves, rather than carrying 50 of them per card."""
    if not d.startswith("M") or d.count("C") != 1:
        return None
    numbers = [float(n) for n in _NUMBER.findall(d)]
    if len(numbers) != 50:
        return None
    xs, ys = numbers[0::2], numbers[1::2]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    r = numbers[0] - x0
    if not 0 < r <= (x1 - x0) / 2:
        return None
    expected = _rounded_points(x0, y0, x1, y1, r)
    if any(abs(a - b) > 0.011 for a, b in zip(numbers, expected, strict=True)):
        return None
    return [x0, y0, x1, y1, r]


def _grow(box: list[float], xs: list[float], ys: list[float]) -> None:
    if not xs or not ys:
        return
    if not box:
        box.extend([min(xs), min(ys), max(xs), max(ys)])
    else:
        box[:] = [min(box[0], *xs), min(box[1], *ys), max(box[2], *xs), max(box[3], *ys)]


def _done(item: list[Any]) -> list[Any]:
    """*item* with its box rounded (and empty when it draws nothing)."""
    box = item[0]
    item[0] = [round(v, 1) for v in box] if box else [0, 0, 0, 0]
    return item


def _needs_preserve(element: ET.Element) -> bool:
    text = element.text or ""
    return "  " in text or text != text.strip()


def _size(root: ET.Element) -> tuple[float, float]:
    box = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    if len(box) == 4:
        return box[2], box[3]
    return 0.0, 0.0  # pragma: no cover


# -- the page's data ---------------------------------------------------------------------


def _link_text(rel: Relation) -> str:
    return f"{rel.source} → {rel.target if isinstance(rel.target, str) else _link_text(rel.target)}"


def _data(map: ArgumentMap, shown: ArgumentMap, index: Mapping[str, int],
          evaluations: Mapping[str, Evaluation]) -> dict[str, Any]:
    """What the script needs: each drawn node's texts, metadata, relations and values."""
    nodes: list[dict[str, Any]] = []
    for node in shown.nodes():
        item: dict[str, Any] = {
            "id": _safe(node.id),
            "k": node.kind.value if isinstance(node, Statement) else "argument",
            "t": _safe(node.text),
        }
        if node.tags:
            item["tags"] = [_safe(t) for t in node.tags]
        if node.metadata:
            item["m"] = [[_safe(k), _safe(v)] for k, v in node.metadata.items()]
        url = checked_url(node)
        if url is not None:
            item["u"] = _safe(url)
        if node.span is not None:
            item["l"] = node.span.line
        if isinstance(node, Argument):
            item["p"] = [index[p] for p in node.premises if p in index]
        for key, result in evaluations.items():
            value = result.values.get(node.id)
            if value is not None:
                item[key] = str(value) if isinstance(value, str) else round(float(value), 4)
        nodes.append(item)
    rels: list[list[Any]] = []
    for rel in shown.relations:
        if rel.source not in index:
            continue
        target = rel.target
        if isinstance(target, str):
            if target in index:
                rels.append([rel.kind.value, index[rel.source], index[target]])
        elif target.source in index and target.target_id in index:
            # An undercut: it bears on the link; the script shows it under the link's source.
            rels.append([rel.kind.value, index[rel.source], index[target.source], _safe(_link_text(target)),
                         index[target.target_id]])
    return {
        "title": _safe(map.title) if map.title else None,
        "source": _safe(map.source) if map.source else None,
        "nodes": nodes,
        "rels": rels,
        "sem": {key: result.semantics for key, result in evaluations.items()},
        "kinds": {k: v.upper() for k, v in [(k.value, k.value) for k in Kind] + [("argument", "argument")]},
    }


def _evaluations(map: ArgumentMap, opts: RenderOptions) -> dict[str, Evaluation]:
    """The status (``st``) and strength (``sg``) of every node, for the colouring toggles.

    The semantics ``color_by`` names is used for its kind of colouring; the
    other gets its default.  An evaluation that fails is an error when
    ``color_by`` asked for it, and otherwise leaves its toggle out, with a
    warning.
    """
    out: dict[str, Evaluation] = {}
    for key, what in (("st", "status"), ("sg", "strength")):
        semantics = opts.semantics if opts.color_by == what and opts.semantics else COLOR_BY[what]
        try:
            result = evaluate(map, semantics)
        except ArgmapEvaluationError as exc:
            if opts.color_by == what:
                raise ArgmapRenderError(f"cannot colour by {what}: {exc}") from None
            warnings.warn(RenderWarning(f"colouring by {what} left out of the page: {exc}"), stacklevel=4)
            continue
        if result.message:
            warnings.warn(RenderWarning(f"{semantics}: {result.message}"), stacklevel=4)
        out[key] = result
    return out


def _value_text(key: str, value: object) -> str:
    return str(value) if key == "st" else f"{float(value):.2f}"  # type: ignore[arg-type]


# -- styles --------------------------------------------------------------------------------

# A card's outline carries class "o" (see _clean_svg): a class as the rightmost selector lets the
# browser match each rule against those elements only.
_SHAPE = ".o"


def _palette_css(scope: str, map: ArgumentMap, shown: ArgumentMap, opts: RenderOptions,
                 evaluations: Mapping[str, Evaluation]) -> tuple[str, dict[str, list[str]], dict[str, Any]]:
    """The colouring rules of this map (themes, tag colours, shades) and the classes they need.

    The colours are the DOT writer's (:mod:`argmap.drawing.palettes`, and the
    cards of :class:`~argmap.drawing.style.Styling` for tag colours), as CSS
    that the page's toggles switch: the root's ``t-color``/``t-mono`` picks
    the theme, ``c-kind``/``c-status``/``c-strength`` the fill.  Returns the
    CSS and, for each node id, the classes its ``<g>`` gets: ``tc-N`` for a
    tag colour, ``st-N`` and ``sg-N`` for its status and strength shades (N
    indexes this map's own tables).  Also returns the same colours as data for
    a canvas page's script (``pal``: per theme the kinds' [stroke, fill,
    width], the relations' colours, grey, the argument fill and the section
    outline; ``tc`` the tag colours' [stroke, fill]; ``st`` and ``sg`` the
    shades' [colour, mono] fills, in the order of the classes' N).
    """
    rules: list[str] = []
    shape = _SHAPE
    classes: dict[str, list[str]] = {n.id: [] for n in shown.nodes()}
    pal: dict[str, Any] = {}
    for theme in ("color", "mono"):
        t = f"{scope}.t-{theme}"
        pal[theme] = {
            "k": {kind.value: [style.stroke, style.fill, style.width] for kind, style in KIND_STYLES[theme].items()},
            "r": {rel.value: line.color for rel, line in RELATION_STYLES[theme].items()},
            "g": GREY[theme], "af": ARGUMENT_FILL[theme], "so": SECTION_OUTLINE[theme],
        }
        for kind, style in KIND_STYLES[theme].items():
            k = kind.value
            rules.append(f"{t} .node.{k}>{shape}{{stroke:{style.stroke};stroke-width:{style.width:g}}}")
            rules.append(f"{t} .node.{k}>polyline{{stroke:{style.stroke}}}")
            rules.append(f"{t}.c-kind .node.{k}>{shape}{{fill:{style.fill}}}")
            rules.append(f"{t} .argmap-sw.k-{k}{{border-color:{style.stroke};background:{style.fill}}}")
        for rel, line in RELATION_STYLES[theme].items():
            r = rel.value
            rules.append(f"{t} .edge.{r}>path{{stroke:{line.color}}}")
            rules.append(f"{t} .edge.{r}>polygon{{stroke:{line.color};fill:{line.color}}}")
            rules.append(f"{t} .argmap-legend .r-{r}{{stroke:{line.color}}}")
        grey = GREY[theme]
        rules.append(f"{t} .node.argument>{shape}{{stroke:{grey}}}")
        rules.append(f"{t}.c-kind .node.argument>ellipse.o{{fill:{grey}}}")
        rules.append(f"{t}.c-kind .node.argument>path.o,{t}.c-kind .node.argument>polygon.o"
                     f"{{fill:{ARGUMENT_FILL[theme]}}}")
        rules.append(f"{t} .edge.premise>path{{stroke:{grey}}}")
        rules.append(f"{t} .cluster.section>path{{stroke:{SECTION_OUTLINE[theme]}}}")
        rules.append(f"{t} .cluster.argument-box>path{{stroke:{grey}}}")
        rules.append(f"{t}.c-kind .cluster.argument-box>path{{fill:none}}")
    # Tag colours, as the DOT writer's cards have them (the colour theme only: mono is for paper).
    styling = Styling(map, opts.evolve(theme="color", color_by=None, semantics=None))
    looks: dict[tuple[str, str], int] = {}
    for node in shown.statements.values():
        if not node.tags:
            continue
        look = styling.card(node).style
        plain = KIND_STYLES["color"][node.kind]
        if (look.stroke, look.fill) != (plain.stroke, plain.fill):
            n = looks.setdefault((look.stroke, look.fill), len(looks))
            classes[node.id].append(f"tc-{n}")
    pal["tc"] = [[stroke, fill] for stroke, fill in looks]
    for (stroke, fill), n in looks.items():
        rules.append(f"{scope}.t-color .node.tc-{n}>{shape}{{stroke:{stroke}}}")
        rules.append(f"{scope}.t-color .node.tc-{n}>polyline{{stroke:{stroke}}}")
        rules.append(f"{scope}.t-color.c-kind .node.tc-{n}>{shape}{{fill:{fill}}}")
    # Shades: one class per (colour, mono) pair of fills.
    for key, what in (("st", "status"), ("sg", "strength")):
        result = evaluations.get(key)
        if result is None:
            continue
        color, mono = node_shades(result, "color"), node_shades(result, "mono")
        pairs: dict[tuple[str, str], int] = {}
        for id in classes:
            if id in color:
                n = pairs.setdefault((color[id], mono[id]), len(pairs))
                classes[id].append(f"{key}-{n}")
        pal[key] = [[c, m] for c, m in pairs]
        for (c, m), n in pairs.items():
            for theme, fill in (("color", c), ("mono", m)):
                sel = f"{scope}.t-{theme}.c-{what}"
                rules.append(f"{sel} .node.{key}-{n}>{shape},{sel} .cluster.{key}-{n}>path{{fill:{fill}}}")
    seen: set[str] = set()
    for result in evaluations.values():
        for theme in ("color", "mono"):
            for fill, _ in legend_entries(result, theme):
                if fill not in seen:
                    seen.add(fill)
                    rules.append(f'{scope} .argmap-sw[data-fill="{fill}"]{{background:{fill}}}')
    return "\n".join(rules), classes, pal


_MARKER = {"arrow": "→", "tee": "⊣", "diamond": "◇"}
_DASH = {"solid": "", "dashed": ' stroke-dasharray="5,2"', "dotted": ' stroke-dasharray="1,4"'}


def _legend_html(map: ArgumentMap, shown: ArgumentMap, opts: RenderOptions,
                 evaluations: Mapping[str, Evaluation]) -> str:
    """The legend the DOT writer draws (:meth:`Styling.legend`), as HTML; each colouring's shades
    are there too, and the stylesheet shows those of the active one."""
    legend = Styling(map, opts.evolve(color_by=None, semantics=None)).legend(shown)
    parts = ['<h2 class="argmap-h">Legend</h2><ul class="argmap-lg-kinds">']
    for item in legend.kinds:
        parts.append(f'<li><span class="argmap-sw k-{item.kind.value}"></span><b>{item.kind.value.upper()}</b> '
                     f"{_h(item.sample)}</li>")
    if legend.arguments:
        parts.append(f'<li><span class="argmap-sw k-argument"></span>{_h(" ".join(ARGUMENT_SAMPLE))}</li>')
    for rel in legend.relations:
        parts.append(
            f'<li><svg class="argmap-ln" width="36" height="10" aria-hidden="true"><line class="r-{rel.kind.value}" '
            f'x1="1" y1="5" x2="35" y2="5" stroke-width="2"{_DASH.get(rel.style.dash, "")}/></svg>'
            f"{_MARKER.get(rel.style.marker, '')} {_h(rel.verb)}</li>")
    parts.append("</ul>")
    for key, what in (("st", "status"), ("sg", "strength")):
        result = evaluations.get(key)
        if result is None:
            continue
        for theme in ("color", "mono"):
            parts.append(f'<div class="argmap-lg-shades lg-{what} lg-{theme}">'
                         f"<p>fill: {what} under {_h(result.semantics)} semantics</p><ul>")
            for fill, meaning in legend_entries(result, theme):
                parts.append(f'<li><span class="argmap-sw" data-fill="{_h(fill)}"></span>{_h(meaning)}</li>')
            parts.append("</ul></div>")
    return "".join(parts)


# -- the page ------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def to_html(
    map: ArgumentMap,
    options: RenderOptions | None = None,
    *,
    engine: str = "auto",
    standalone: bool = True,
    instance: str | None = None,
    live: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    canvas: bool | None = None,
    _svg: str | None = None,
    **changes: Any,
) -> str:
    """The map as an interactive HTML page (a whole document) or, with ``standalone=False``, a fragment.

    *options* and keyword *changes* are :class:`~argmap.render.RenderOptions`,
    as for :func:`argmap.render.to_dot`; ``color_by`` and ``theme`` choose
    what the page shows first (its toggles switch them), ``legend`` opens
    the legend.  A fragment (for Jupyter or embedding) has no ``<head>`` or
    CSP of its own, and its ids end in ``-`` *instance* (a fresh random one
    by default), so that several maps on one page do not clash.  *live* is
    the URL of a server-sent event stream the page follows (``argmap serve``).
    *timeout* bounds each Graphviz layout, as for :func:`argmap.engines.layout`.
    *canvas* chooses how the page draws the map: in its SVG (False) or on a
    ``<canvas>``, with the SVG inside ``<noscript>`` for when JavaScript is
    off (True); by default, on a canvas from :data:`CANVAS_FROM` cards on.
    (``_svg`` is for :func:`repr_mimebundle`: the main drawing's SVG, already
    laid out with the same options.)

    >>> import argmap
    >>> page = to_html(argmap.parse("thesis t: Tea is good. #health\\n  + claim c: It is warm.\\n"))
    >>> 'data-id="c"' in page and 'id="argmap-details"' in page and 'id="argmap-search"' in page
    True
    """
    opts = resolve(options, changes)
    base = opts.evolve(legend=False, color_by=None, semantics=None, timeline=False)
    shown = view(map, base)
    ids = [n.id for n in shown.nodes()]
    index = {id: i for i, id in enumerate(ids)}
    evaluations = _evaluations(map, opts)
    scope_id = instance if instance is not None else ("map" if standalone else uuid.uuid4().hex[:12])
    if not re.fullmatch(r"[A-Za-z0-9_-]+", scope_id):
        raise ArgmapRenderError(f"bad instance {scope_id!r}: letters, digits, '_' and '-' only")
    scope = f'.argmap[data-argmap="{scope_id}"]'
    palette_css, classes, pal = _palette_css(scope, map, shown, opts, evaluations)
    node_classes = {id: " ".join(c) for id, c in classes.items()}
    if canvas is None:
        canvas = len(ids) >= CANVAS_FROM
    main = _drawing(map, base, engine, index, node_classes, evaluations, timeout, canvas, _svg)
    timeline: _Drawing | None = None
    dated = bool(dated_evidence(shown))
    if dated and len(shown.statements) <= TIMELINE_LIMIT:
        timeline = _drawing(map, base.evolve(timeline=True), engine, index, node_classes, evaluations, timeout,
                            canvas)
    elif dated:
        warnings.warn(RenderWarning(
            f"timeline view left out of the page: the map has {len(shown.statements)} statements "
            f"(more than {TIMELINE_LIMIT}); draw it with 'argmap render --timeline'"), stacklevel=2)
    data = _data(map, shown, index, evaluations)
    data["size"] = [main.width, main.height]
    cull = not canvas and len(ids) > CULL_FROM
    if cull:
        data["box"] = [main.boxes.get(i) for i in range(len(ids))]
    if canvas:
        data["pal"] = pal
        # each card's colouring classes as numbers: [tag colour, status shade, strength shade], -1 for none
        data["nc"] = [[_class_number(classes[id], key) for key in ("tc", "st", "sg")] for id in ids]
        data["cv"] = main.canvas
    if timeline is not None:
        data["tsize"] = [timeline.width, timeline.height]
        if cull:
            data["tbox"] = [timeline.boxes.get(i) for i in range(len(ids))]
        if canvas:
            data["tcv"] = timeline.canvas
    css = _asset("interactive.css") + "\n" + palette_css
    script = _asset("interactive.js")
    mode = {"status": "c-status", "strength": "c-strength"}.get(opts.color_by or "", "c-kind")
    suffix = "" if standalone else f"-{scope_id}"
    title = _safe(map.title or (os.path.basename(map.source) if map.source else "Argument map"))
    toggles = _toolbar(suffix, evaluations, timeline is not None, opts)
    # A canvas page's SVG is for when JavaScript is off: with it on, the parser reads <noscript> as text.
    drawn = f"<noscript>{main.markup}</noscript>" if canvas else main.markup
    root_attrs = (f'class="argmap t-{opts.theme} {mode}{" legend-open" if opts.legend or opts.color_by else ""}" '
                  f'data-argmap="{scope_id}"' + (f' data-live="{_h(live)}"' if live else ""))
    body = (
        f"<div {root_attrs}>"
        f"{toggles}"
        f'<div class="argmap-main">'
        f'<div class="argmap-viewport" role="region" aria-roledescription="argument map" '
        f'aria-label="{_h(title)}"><div class="argmap-canvas">{drawn}</div></div>'
        f'<aside id="argmap-details{suffix}" class="argmap-details" aria-label="Details" hidden></aside>'
        f'<div class="argmap-legend" aria-label="Legend">{_legend_html(map, shown, base, evaluations)}</div>'
        f"</div>"
        f'<div class="argmap-errors" role="alert" hidden></div>'
        f'<p class="argmap-help">Drag to pan, wheel or + − 0 to zoom, Tab to a card and Enter for its details, '
        f"/ to search.</p>"
        f'<script type="application/json" class="argmap-data">{_script_json(data)}</script>'
        + (f'<script type="application/json" class="argmap-timeline">{_script_json(timeline.markup)}</script>'
           if timeline is not None and not canvas else "")
        + (f"<style>{css}</style>" if not standalone else "")
        + f"<script>{script}</script>"
        "</div>"
    )
    if not standalone:
        return body
    connect = "'self'" if live else "'none'"
    csp = (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(css)}; "
           f"img-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_h(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="argmap">'
        f"<title>{_h(title)}</title>"
        f"<style>{css}</style></head>"
        f'<body class="argmap-page">{body}</body></html>\n'
    )


def _drawing(map: ArgumentMap, opts: RenderOptions, engine: str, index: Mapping[str, int],
             classes: Mapping[str, str], evaluations: Mapping[str, Evaluation],
             timeout: float | None, canvas: bool = False, given: str | None = None) -> _Drawing:
    svg, names = _layout(map, opts, engine, timeout, given)
    values: dict[str, list[tuple[str, str]]] = {}
    for key, result in evaluations.items():
        for id in index:
            value = result.values.get(id)
            if value is not None:
                values.setdefault(id, []).append((key, _value_text(key, value)))
    return _clean_svg(svg, names, index, classes, values, canvas)


def _class_number(classes: list[str], key: str) -> int:
    return next((int(c[len(key) + 1:]) for c in classes if c.startswith(key + "-")), -1)


def _toolbar(suffix: str, evaluations: Mapping[str, Evaluation], timeline: bool, opts: RenderOptions) -> str:
    color_options = ['<option value="kind">kind</option>']
    for key, what in (("st", "status"), ("sg", "strength")):
        if key in evaluations:
            selected = " selected" if opts.color_by == what else ""
            color_options.append(f'<option value="{what}"{selected}>{what} ({_h(evaluations[key].semantics)})'
                                 f"</option>")
    return (
        '<div class="argmap-bar" role="toolbar" aria-label="Map controls">'
        f'<input type="search" id="argmap-search{suffix}" class="argmap-search" placeholder="Search text, id or #tag"'
        ' aria-label="Search the map by text, id or tag" autocomplete="off">'
        '<button type="button" data-act="prev" aria-label="Previous match">‹</button>'
        '<span class="argmap-count" aria-live="polite"></span>'
        '<button type="button" data-act="next" aria-label="Next match">›</button>'
        '<span class="argmap-sep"></span>'
        '<button type="button" data-act="zoom-in" aria-label="Zoom in">+</button>'
        '<button type="button" data-act="zoom-out" aria-label="Zoom out">−</button>'
        '<button type="button" data-act="fit" aria-label="Fit the map to the window">Fit</button>'
        '<span class="argmap-sep"></span>'
        f'<label>Colour by <select data-act="color">{"".join(color_options)}</select></label>'
        + ('<button type="button" data-act="timeline" aria-pressed="false">Timeline</button>' if timeline else "")
        + f'<button type="button" data-act="theme" aria-pressed="{"true" if opts.theme == "mono" else "false"}">'
        "Mono</button>"
        f'<button type="button" data-act="legend" aria-pressed="{"true" if opts.legend or opts.color_by else "false"}">'
        "Legend</button>"
        "</div>"
    )


def write_html(map: ArgumentMap, target: str | os.PathLike[str], options: RenderOptions | None = None, *,
               engine: str = "auto", **changes: Any) -> Path:
    """Write :func:`to_html` of *map* to *target* (replaced only once complete); return its path."""
    data = to_html(map, options, engine=engine, **changes).encode("utf-8")
    path = Path(target)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ArgmapRenderError(f"could not write {str(path)!r}: {exc.strerror or exc}") from exc
    return path


def repr_html(map: ArgumentMap, *, _svg: str | None = None) -> str:
    """Jupyter's ``_repr_html_``: the interactive map as a fragment scoped to a fresh instance id.

    A map that cannot be drawn gives a short message instead of raising in the notebook.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return to_html(map, standalone=False, _svg=_svg)
    except ArgmapRenderError as exc:
        return f'<p class="argmap-error">argument map not drawn: {_h(str(exc))}</p>'


def repr_mimebundle(map: ArgumentMap, include: Iterable[str] | None = None,
                    exclude: Iterable[str] | None = None) -> dict[str, str]:
    """Jupyter's ``_repr_mimebundle_``: :func:`argmap.render.mimebundle` (SVG, DOT, summary) and
    ``text/html``, the interactive map of :func:`repr_html`, built from the same Graphviz layout as the
    SVG rather than a second one.

    A front end that shows HTML ranks it above the SVG; the SVG stays for those that do not.
    """
    from argmap.render import mimebundle

    bundle = mimebundle(map, include, exclude)
    if (include is not None and "text/html" not in include) or "text/html" in (exclude or ()):
        return bundle
    svg = bundle.get("image/svg+xml")
    wanted_svg = (include is None or "image/svg+xml" in include) and "image/svg+xml" not in (exclude or ())
    if svg is None and wanted_svg:
        return bundle  # the drawing failed: the summary says why, and laying it out again would fail again
    bundle["text/html"] = repr_html(map, _svg=svg)
    return bundle
