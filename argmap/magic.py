"""Jupyter and IPython: the ``%%argmap`` cell magic.

``pip install 'argmap[jupyter]'``, then in a notebook::

    %load_ext argmap

    %%argmap --rankdir LR --color-by strength
    thesis tea: Tea is good for you.
      + claim: It is full of antioxidants.

The cell is a map in argmap's notation; the line takes the drawing options
of ``argmap render`` (``--rankdir``, ``--theme``, ``--focus``, ``--depth``,
``--hide``, ``--color-by``, ...), ``--html`` for the interactive map, and
``--as NAME`` to keep the parsed map in the variable NAME.  The drawing displays below the cell.  A mistake in the map
or in the options shows as a short message (the line, a caret and a hint),
never as a traceback.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

import argmap
from argmap.errors import ArgmapError, ArgmapSyntaxError, Severity

__all__ = ["load_ipython_extension", "argmap_cell"]

_SOURCE = "<cell>"


class _OptionError(Exception):
    pass


class _Options(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _OptionError(f"%%argmap: {message}")


def _parser() -> argparse.ArgumentParser:
    from argmap.cli import add_drawing_options

    parser = _Options(prog="%%argmap", add_help=False,
                      description="Draw the argument map written in the cell.")
    add_drawing_options(parser)
    parser.add_argument("--as", dest="name", metavar="NAME", help="keep the parsed map in the variable NAME")
    parser.add_argument("--html", action="store_true",
                        help="show the interactive map (pan, zoom, search, details) instead of the drawing")
    return parser


def argmap_cell(line: str, cell: str, namespace: dict[str, Any] | None = None) -> Any:
    """What ``%%argmap LINE`` displays for *cell*: an SVG display object, or ``None`` after
    printing a short message to stderr."""
    from IPython.display import HTML, SVG

    from argmap.cli import _render_options, _UsageError
    from argmap.render import render_svg

    try:
        args = _parser().parse_args(shlex.split(line))
        options = _render_options(args)
        m = argmap.parse(cell, source=_SOURCE)
    except ArgmapSyntaxError as exc:
        _say("\n".join(str(e) for e in exc.errors))
        return None
    except _OptionError as exc:
        _say(str(exc))
        return None
    except _UsageError as exc:
        _say(f"%%argmap: {exc}")
        return None
    errors = [d for d in argmap.check(m) if d.severity is Severity.ERROR]
    if errors:
        _say("\n".join(d.format(_SOURCE, cell) for d in errors))
        return None
    if args.name and namespace is not None:
        if not args.name.isidentifier():
            _say(f"%%argmap: --as needs a Python name, not {args.name!r}")
            return None
        namespace[args.name] = m
    try:
        if args.html:
            from argmap.interactive import to_html

            return HTML(to_html(m, options, standalone=False))  # type: ignore[no-untyped-call]
        return SVG(data=render_svg(m, options))  # type: ignore[no-untyped-call]
    except ArgmapError as exc:
        _say(f"%%argmap: cannot draw the map: {exc}")
        return None


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%argmap``: what ``%load_ext argmap`` calls."""

    def magic(line: str, cell: str) -> None:
        shown = argmap_cell(line, cell, ipython.user_ns)
        if shown is not None:
            from IPython.display import display

            display(shown)  # type: ignore[no-untyped-call]

    ipython.register_magic_function(magic, magic_kind="cell", magic_name="argmap")
