"""Helpers shared by the interchange formats: positions in JSON text, warnings, ids."""

from __future__ import annotations

import json
import re
from typing import Any

from argmap import _text
from argmap.errors import ArgmapSyntaxError, Diagnostic, Severity
from argmap.model import MAX_UNDERCUT_DEPTH as MAX_UNDERCUT_DEPTH  # re-exported for the readers
from argmap.model import Relation, Span, unused

Path = tuple[str | int, ...]

def undercut_depth(relation: Relation) -> int:
    """How many relations *relation*'s target is nested in: 0 for a support or an attack of a node."""
    return relation.depth


def too_deep() -> str:
    return f"undercuts nested more than {MAX_UNDERCUT_DEPTH} deep; argmap reads at most {MAX_UNDERCUT_DEPTH}"

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def json_path(path: Path) -> str:
    """``$.statements[3].kind`` for ``("statements", 3, "kind")``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _positions(text: str) -> dict[Path, int]:
    """The offset where each value of a (valid) JSON text starts, by path."""
    found: dict[Path, int] = {}
    decoder = json.JSONDecoder()

    def value(i: int, path: Path) -> int:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        found[path] = i
        char = text[i]
        if char == "{":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "}":
                return i + 1
            while True:
                key, i = decoder.parse_string(text, i + 1)  # type: ignore[attr-defined]
                i = _WS.match(text, i).end() + 1  # type: ignore[union-attr]  # the ':'
                i = value(i, (*path, key))
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == "}":
                    return i + 1
                i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]  # after ','
        if char == "[":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = value(i, (*path, n))
                n += 1
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == "]":
                    return i + 1
                i += 1
        if char == '"':
            return int(decoder.parse_string(text, i + 1)[1])  # type: ignore[attr-defined]
        return _SCALAR.match(text, i).end()  # type: ignore[union-attr]

    try:
        value(0, ())
    except (IndexError, ValueError, AttributeError, RecursionError):  # pragma: no cover - only for valid JSON
        pass
    return found


MAX_INT_DIGITS = 4300
"""The longest integer JSON text may hold (Python's own limit for turning text to int)."""


class _LongNumber(str):
    """An integer too long to read, kept as its text so that the reader can say where it is."""


def _find(data: Any, wanted: type) -> Path | None:
    """The path of the first value in *data* that is a *wanted*, else None."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, wanted):
            return path
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
    return None


def load_json(text: str, source: str | None) -> Any:
    """Parse JSON text; a syntax error becomes ArgmapSyntaxError at its line and column.

    An integer of more than :data:`MAX_INT_DIGITS` digits is refused at its place, not read.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    too_long: list[str] = []

    def parse_int(digits: str) -> int | _LongNumber:
        if len(digits) > MAX_INT_DIGITS + digits.startswith("-"):
            too_long.append(digits)
            return _LongNumber(digits)
        return int(digits)

    try:
        data = json.loads(text, parse_int=parse_int)
    except json.JSONDecodeError as error:
        raise ArgmapSyntaxError(
            f"not valid JSON: {error.msg[:1].lower() + error.msg[1:]}",
            source=source, line=error.lineno, column=error.colno, text=text, code="json",
        ) from None
    except RecursionError:
        raise ArgmapSyntaxError("not valid JSON: nested too deeply", source=source, text=text,
                                code="json") from None
    if too_long:
        where = _find(data, _LongNumber) or ()
        raise shape_error(JsonShapeError(where, f"a number of more than {MAX_INT_DIGITS:,} digits"), text, source)
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(data: Any) -> Path | None:
    """The path of the first string (key or value) in *data* that holds a lone surrogate, else None.

    JSON and YAML can spell one (``"\\ud800"``), but it is no Unicode text: it cannot be
    written as UTF-8, so a map holding one could never be saved.

    >>> lone_surrogate({"a": ["x", chr(0xD800)]})
    ('a', 1)
    """
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                if isinstance(key, str) and _SURROGATE.search(key):
                    return path
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
    return None


NOT_TEXT = "a lone surrogate (an escape from \\ud800 to \\udfff outside a pair) is not Unicode text"


def refuse_lone_surrogates(text: str, source: str | None) -> None:
    """Raise a located ArgmapSyntaxError if *text* (a Python string: no file can) holds a lone surrogate."""
    found = _SURROGATE.search(text)
    if found is None:
        return
    offset = found.start()
    raise ArgmapSyntaxError(
        "a lone surrogate (a code point from U+D800 to U+DFFF outside a pair) is not Unicode text",
        source=source, line=text.count("\n", 0, offset) + 1, column=offset - (text.rfind("\n", 0, offset) + 1) + 1,
        text=_SURROGATE.sub("\ufffd", text), code="not-text",
    )


class JsonShapeError(Exception):
    """Raised by readers on a JSON value of the wrong shape; carries the path."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def shape_error(error: JsonShapeError, text: str, source: str | None) -> ArgmapSyntaxError:
    """Turn a shape error into a located syntax error: FILE:LINE:COL and the JSON path."""
    if text.startswith("\ufeff"):
        text = text[1:]
    [(line, column)] = json_places(text, [error.path])
    return ArgmapSyntaxError(
        f"{json_path(error.path)}: {error.message}",
        source=source, line=line, column=column, text=text, code="json-shape",
    )


def json_places(text: str, paths: list[Path]) -> list[tuple[int, int]]:
    """Where each value of *paths* starts in the JSON *text* (or the nearest enclosing one): (line, column)."""
    offsets = _positions(text)
    places = []
    for path in paths:
        while path and path not in offsets:
            path = path[:-1]
        offset = offsets.get(path, 0)
        places.append((text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1))
    return places


def warning(code: str, message: str, line: int | None = None, column: int | None = None) -> Diagnostic:
    span = Span(line, column or 1) if line is not None else None
    return Diagnostic(Severity.WARNING, code, message, span)


_NOT_ID = re.compile(r"[^\w.\-]+")


def safe_id(raw: str, taken: set[str], counts: dict[str, int] | None = None) -> str:
    """An argmap id (letters, digits, ``_ . -``, starting with a letter or digit) close to *raw*.

    Ids that are already valid, and derived ids (``_claim-3f2a1b``), are kept as they are.
    A reader naming many nodes passes one *counts* dict to every call (see
    :func:`argmap.model.unused`), so that many alike take linear time.

    >>> safe_id("x y", {"x-y"})
    'x-y-2'
    """
    if is_id(raw):
        candidate = raw
    else:
        candidate = _NOT_ID.sub("-", raw).strip("-_.") or "node"
        if not _text.ID.match(candidate):
            candidate = "n-" + candidate
    return unused(candidate, taken, counts)


NOT_AN_ID = ("the id {!r} is not one the notation can write (letters, digits, '_', '.' and '-', "
             "starting with a letter or digit; no spaces)")


def is_id(raw: str) -> bool:
    """Whether the notation can write *raw* as an id: a written id, or a derived one (``_claim-3f2a1b``)."""
    return bool(_text.ID.match(raw) or (raw.startswith("_") and _text.ID.match(raw[1:])))
