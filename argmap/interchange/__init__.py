"""Reading and writing argument maps in other formats.

Four formats, chosen by the file name or named outright, and one more read only:

=========== ========================= ====================================
format      file names                what it is
=========== ========================= ====================================
``argmap``  ``*.argmap``              argmap's own notation
``json``    ``*.json``                argmap's lossless JSON (``argmap.schema.json``)
``aif``     ``*.aif.json``, ``*.aif`` the Argument Interchange Format of AIFdb and OVA
``argdown`` ``*.argdown``, ``*.ad``   Argdown text
=========== ========================= ====================================

``microtexts`` (the Argumentative Microtexts XML) is read only, and named
outright (``format="microtexts"``, ``--from microtexts``).

>>> import argmap
>>> m = argmap.parse("thesis t: Tea is good.\\n  + claim c: Warm.\\n")
>>> text = dumps(m, "argdown")
>>> print(text, end="")
[t]: Tea is good. {kind: thesis}
<BLANKLINE>
[c]: Warm.
<BLANKLINE>
[t]
  <+ [c]
>>> loads(text, "argdown") == m
True

Warnings about what a format could not carry go to the list passed as
*warnings* (as :class:`~argmap.errors.Diagnostic` objects), or, when no list
is passed, are given as :class:`InterchangeWarning` through Python's
:mod:`warnings` (so that nothing is lost without a word); malformed input
raises :class:`~argmap.errors.ArgmapSyntaxError` at ``FILE:LINE:COL``.
"""

from __future__ import annotations

import os
import warnings as _warnings
from typing import TYPE_CHECKING

from argmap._io import atomic_write, read_utf8
from argmap.constants import INTERCHANGE_FORMATS
from argmap.errors import ArgmapError, Diagnostic
from argmap.model import ArgumentMap

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FORMATS", "READ_FORMATS", "InterchangeWarning", "read", "write", "loads", "dumps", "format_of"]

#: The names accepted for *format*.
FORMATS = INTERCHANGE_FORMATS
#: The formats argmap reads: FORMATS and the read-only ones.
READ_FORMATS = (*FORMATS, "microtexts")

_SUFFIXES = ((".aif.json", "aif"), (".aif", "aif"), (".argmap", "argmap"), (".json", "json"),
             (".argdown", "argdown"), (".ad", "argdown"))


class InterchangeWarning(UserWarning):
    """What a reader or writer could not keep, given when the call had no *warnings* list for it.

    :attr:`diagnostic` is the finding (its ``code``, e.g. ``argdown-equivalence``,
    and where in the text it is); the message is its report.
    """

    def __init__(self, diagnostic: Diagnostic, source: str | os.PathLike[str] | None = None) -> None:
        super().__init__(diagnostic.format(os.fspath(source) if source is not None else None))
        self.diagnostic = diagnostic


def _warn(found: list[Diagnostic], source: str | os.PathLike[str] | None, stacklevel: int,
          output: str | os.PathLike[str] | None = None) -> None:
    """Each of *found* as an :class:`InterchangeWarning`: at *source* (the text its place is in), else *output*."""
    for diagnostic in found:
        where = source if diagnostic.span is not None or output is None else output
        _warnings.warn(InterchangeWarning(diagnostic, where), stacklevel=stacklevel + 1)


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for.

    >>> format_of("debate.aif.json"), format_of("tea.argdown"), format_of("x.json")
    ('aif', 'argdown', 'json')
    """
    name = os.fspath(path).lower()
    for suffix, fmt in _SUFFIXES:
        if name.endswith(suffix):
            return fmt
    raise ArgmapError(
        f"{os.fspath(path)}: error: cannot tell the format from the file name; "
        f"name one of {', '.join(FORMATS)} (or use a suffix .argmap, .json, .aif.json, .argdown)"
    )


def _check_format(fmt: str, formats: tuple[str, ...] = FORMATS) -> str:
    if fmt not in formats:
        if fmt in READ_FORMATS:
            raise ArgmapError(f"argmap reads {fmt} but does not write it; write one of {', '.join(FORMATS)}")
        raise ArgmapError(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
    return fmt


def loads(text: str, format: str, *, source: str | None = None,
          warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read a map from *text* in *format*; what it could not keep goes to *warnings* (see the module)."""
    if warnings is None:
        found: list[Diagnostic] = []
        m = loads(text, format, source=source, warnings=found)
        _warn(found, source, stacklevel=2)
        return m
    fmt = _check_format(format, READ_FORMATS)
    if fmt == "argmap":
        from argmap.parser import parse

        return parse(text, source=source)
    if fmt == "json":
        from argmap.interchange import json as module
    elif fmt == "aif":
        from argmap.interchange import aif as module  # type: ignore[no-redef]
    elif fmt == "microtexts":
        from argmap.interchange import microtexts as module  # type: ignore[no-redef]
    else:
        from argmap.interchange import argdown as module  # type: ignore[no-redef]
    m = module.loads(text, source=source, warnings=warnings)
    if fmt == "json":  # argmap's own format keeps every text exactly
        return m
    from argmap.model import as_notation_reads

    # White space as the notation reads it, so that what is read can be
    # written as notation and read back the same (docs/notation.md, Ids).
    return as_notation_reads(m)


def dumps(m: ArgumentMap, format: str, *, warnings: list[Diagnostic] | None = None) -> str:
    """Write a map as text in *format*; what the format cannot carry goes to *warnings* (see the module)."""
    if warnings is None:
        found: list[Diagnostic] = []
        text = dumps(m, format, warnings=found)
        _warn(found, m.source, stacklevel=2)
        return text
    fmt = _check_format(format)
    if fmt == "argmap":
        from argmap.format import dumps as dump_argmap

        warnings.extend(_blanks_lost(m))
        return dump_argmap(m)
    if fmt == "json":
        from argmap.interchange import json as module
    elif fmt == "aif":
        from argmap.interchange import aif as module  # type: ignore[no-redef]
    else:
        from argmap.interchange import argdown as module  # type: ignore[no-redef]
    return module.dumps(m, warnings=warnings)


def _blanks_lost(m: ArgumentMap) -> list[Diagnostic]:
    """A warning for each text the notation cannot write as it is (a line break, a run of blanks)."""
    from argmap._text import collapse

    lost = []
    for node in m.nodes():
        if node.text and collapse(node.text) != node.text.strip():
            lost.append(Diagnostic(
                "warning", "blanks-collapsed",
                f"the text of {node.id!r} has a line break or a run of blanks; the notation writes them as one space",
                node.span, "JSON keeps them; convert to .json to keep the text as it is"))
    return lost


def read(path: str | os.PathLike[str], format: str | None = None, *,
         warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read a map from a file, in *format* or the one its name implies.

    What the reader could not keep goes to *warnings*, else is given as
    :class:`InterchangeWarning`.  Raises :class:`~argmap.errors.ArgmapSyntaxError` for malformed input
    (``FILE:LINE:COL: error: ...``) and :class:`OSError` when the file cannot
    be read.
    """
    fmt = _check_format(format, READ_FORMATS) if format is not None else format_of(path)
    text = read_utf8(path)
    found: list[Diagnostic] = [] if warnings is None else warnings
    m = loads(text, fmt, source=os.fspath(path), warnings=found)
    if warnings is None:
        _warn(found, path, stacklevel=2)
    return m


def write(m: ArgumentMap, path: str | os.PathLike[str], format: str | None = None, *,
          warnings: list[Diagnostic] | None = None) -> Path:
    """Write a map to a file (atomically), in *format* or the one its name implies; return the path.

    What the format cannot carry goes to *warnings*, else is given as :class:`InterchangeWarning`.
    """
    fmt = _check_format(format) if format is not None else format_of(path)
    found: list[Diagnostic] = [] if warnings is None else warnings
    text = dumps(m, fmt, warnings=found)
    atomic_write(path, text.encode("utf-8"))
    if warnings is None:
        _warn(found, m.source, stacklevel=2, output=path)
    from pathlib import Path

    return Path(path)
