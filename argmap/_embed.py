"""A drawing as an element of an HTML page (the Sphinx directive, the Markdown fence).

The SVG that Graphviz writes is a document: an XML declaration, a DOCTYPE,
comments, and a size in points.  In a page it must be an element that scales
down to the column it sits in, and its links (each card is one, for its
tooltip) must not take the page's link style.
"""

from __future__ import annotations

import html

__all__ = ["svg_element"]

# One rule, repeated with each drawing so that a page needs no stylesheet of ours.
_STYLE = "<style>.argmap svg a{text-decoration:none}</style>"


def svg_element(svg: str, *, classes: str, alt: str, id: str | None = None) -> str:
    """*svg* as a ``<div class="argmap ...">`` holding the ``<svg>`` element, scaled to fit its column.

    >>> svg_element('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg width="80pt" height="20pt"></svg>',
    ...             classes="argmap", alt="A & B")  # doctest: +NORMALIZE_WHITESPACE
    '<div class="argmap" role="img" aria-label="A &amp; B"><style>.argmap svg a{text-decoration:none}</style><svg
    style="max-width:100%;height:auto" width="80pt" height="20pt"></svg></div>'
    """
    start = svg.find("<svg")
    element = svg[start:] if start >= 0 else svg
    element = element.replace("<svg", '<svg style="max-width:100%;height:auto"', 1)
    id_attr = f' id="{html.escape(id)}"' if id else ""
    return (f'<div class="{html.escape(classes)}"{id_attr} role="img" aria-label="{html.escape(alt)}">'
            f"{_STYLE}{element}</div>")
