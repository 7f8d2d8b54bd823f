"""Python-Markdown: ```` ```argmap ```` fences drawn as maps, through pymdown-extensions' SuperFences.

``pip install 'argmap[markdown]'``, then in MkDocs' ``mkdocs.yml``::

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: argmap
              class: argmap
              format: !!python/name:argmap.markdown.fence
              validator: !!python/name:argmap.markdown.validate

or in Python::

    import markdown
    html = markdown.markdown(text, extensions=["pymdownx.superfences"], extension_configs={
        "pymdownx.superfences": {"custom_fences": [argmap.markdown.FENCE]}})

A fence's header may carry the drawing options of ``argmap render`` as
``key="value"``: ```` ```argmap rankdir="LR" theme="mono" ````.  A mistake in
the map (or an unknown option) shows as a visible error block with the line,
column and hint, in place of the drawing; it never stops the page.
"""

from __future__ import annotations

import html
from typing import Any

import argmap
from argmap._embed import svg_element
from argmap.errors import ArgmapError, ArgmapSyntaxError, Severity
from argmap.render import render_svg

__all__ = ["FENCE", "fence", "validate"]

_FLAGS = ("legend", "timeline")
_CHOICES = {
    "rankdir": ("TB", "BT", "LR", "RL"),
    "theme": ("color", "mono"),
    "color-by": ("status", "strength"),
    "output": ("svg", "html"),
}
_NUMBERS = ("depth", "wrap")
_TEXTS = ("focus", "hide", "semantics", "alt")
OPTIONS = (*_FLAGS, *_CHOICES, *_NUMBERS, *_TEXTS)


def validate(language: str, inputs: dict[str, str], options: dict[str, str], attrs: dict[str, str],
             md: Any) -> bool:
    """SuperFences validator: every header option is kept for :func:`fence`, which judges it.

    Accepting them all here is deliberate: a rejected fence would be shown
    as plain code with no word about what was wrong.
    """
    options.update(inputs)
    return True


def fence(source: str, language: str, class_name: str, options: dict[str, str], md: Any,
          **kwargs: Any) -> str:
    """SuperFences formatter: the map in *source* as inline SVG, or an error block.

    >>> print(fence("thesis t: Tea is good.\\n  + clam x: y\\n", "argmap", "argmap", {}, None))  # doctest: +ELLIPSIS
    <div class="argmap-error" role="alert"><p><strong>argmap:</strong> this map has a mistake</p><pre>fence:2:5: error: ...
    """
    try:
        render_options = _render_options(options)
        m = argmap.parse(source, source="fence")
        errors = [d for d in argmap.check(m) if d.severity is Severity.ERROR]
        if errors:
            return _error_block("\n".join(d.format("fence", source) for d in errors))
        if options.get("output", "svg").lower() == "html":
            from argmap.interactive import to_html

            return to_html(m, render_options, standalone=False)
        svg = render_svg(m, render_options)
    except ArgmapSyntaxError as exc:
        return _error_block("\n".join(str(e) for e in exc.errors))
    except ArgmapError as exc:
        return _error_block(str(exc))
    alt = options.get("alt") or m.title or "argument map"
    return svg_element(svg, classes=class_name or "argmap", alt=alt)


FENCE: dict[str, Any] = {"name": "argmap", "class": "argmap", "format": fence, "validator": validate}
"""The ``custom_fences`` entry for SuperFences."""


def _render_options(options: dict[str, str]) -> argmap.RenderOptions:
    changes: dict[str, Any] = {}
    for key, value in options.items():
        if key not in OPTIONS:
            raise ArgmapError(f"unknown fence option {key!r}; the options are: {', '.join(OPTIONS)}")
        if key in _FLAGS:
            changes[key] = value in (key, "true", "yes", "1")
        elif key in _CHOICES:
            by_lower = {v.lower(): v for v in _CHOICES[key]}
            if value.lower() not in by_lower:
                raise ArgmapError(f"bad {key} {value!r}; use one of: {', '.join(_CHOICES[key])}")
            if key != "output":
                changes[key.replace("-", "_")] = by_lower[value.lower()]
        elif key in _NUMBERS:
            if not value.isdigit():
                raise ArgmapError(f"bad {key} {value!r}; use a whole number")
            changes[key] = int(value)
        elif key == "hide":
            changes[key] = [word for word in value.replace(",", " ").split() if word]
        elif key not in ("alt", "output"):
            changes[key] = value
    return argmap.RenderOptions(**changes)


def _error_block(message: str) -> str:
    return ('<div class="argmap-error" role="alert"><p><strong>argmap:</strong> this map has a mistake</p>'
            f"<pre>{html.escape(message)}</pre></div>")

