"""Exceptions and diagnostics, with one message format for both.

Every problem argmap reports about a user's input reads the way compiler
messages do, so that editors can jump to it::

    examples/x.argmap:3:14: error: unknown node 'summit' (did you mean 'summit-2018'?)
        - @summit
           ^
    hint: ...
"""

from __future__ import annotations

import enum
import re

import attrs

from argmap.model import Span

__all__ = [
    "ArgmapError",
    "ArgmapSyntaxError",
    "ArgmapRenderError",
    "Diagnostic",
    "Severity",
    "format_message",
]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


def format_message(
    severity: str,
    message: str,
    *,
    source: str | None = None,
    line: int | None = None,
    column: int | None = None,
    text: str | None = None,
    hint: str | None = None,
) -> str:
    """Format one message as ``FILE:LINE:COL: severity: message``.

    When the source *text* is given, the offending line follows with a caret
    under *column*; a *hint* goes on a last line of its own.

    >>> print(format_message("error", "missing ':'", source="a.argmap",
    ...                      line=1, column=7, text="claim x text"))
    a.argmap:1:7: error: missing ':'
        claim x text
              ^
    """
    where = _visible(source or "<string>")
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    out = [f"{where}: {severity}: {_visible(message)}"]
    if text is not None and line is not None:
        lines = text.split("\n")  # the parser's lines: splitlines() would also split at \x0c, \x85, ...
        if 1 <= line <= len(lines):
            shown = _visible(lines[line - 1])
            out.append("    " + shown)
            if column is not None:
                out.append("    " + " " * max(column - 1, 0) + "^")
    if hint:
        out.append(f"hint: {_visible(hint)}")
    return "\n".join(out)


# Control characters but the line break (a terminal would obey them: escape sequences, carriage
# returns) and the marks that reorder text shown, one visible character each
# so that the caret stays under its column.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    return _INVISIBLE.sub("\ufffd", text.replace("\t", " "))


class ArgmapError(Exception):
    """The root of every exception argmap raises on purpose."""


class ArgmapRenderError(ArgmapError):
    """A map could not be rendered (no engine, unsupported format, ...)."""


class ArgmapSyntaxError(ArgmapError, ValueError):
    """The text is not valid argmap notation.

    ``str(error)`` is the full report (location, message, the line and a
    caret, and a hint); the parts are attributes.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int = 1,
        column: int = 1,
        text: str | None = None,
        hint: str | None = None,
        code: str = "syntax",
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.hint = hint
        self.code = code
        self.text = text
        #: Every mistake found in the text, in file order (this one first);
        #: one report holds them all (see :func:`argmap.parse`).
        self.errors: list[ArgmapSyntaxError] = [self]
        super().__init__(
            format_message(
                "error",
                message,
                source=source,
                line=line,
                column=column,
                text=text,
                hint=hint,
            )
        )


@attrs.frozen
class Diagnostic:
    """One finding of :func:`argmap.check`.

    ``code`` is stable across releases (``unknown-reference``,
    ``duplicate-id``, ...) so tools may filter on it.
    """

    severity: Severity = attrs.field(converter=Severity)
    code: str
    message: str
    span: Span | None = None
    hint: str | None = None

    def format(self, source: str | None = None, text: str | None = None) -> str:
        """The compiler-style report; *text* adds the line and a caret."""
        return format_message(
            str(self.severity),
            f"{self.message} [{self.code}]",
            source=source,
            line=self.span.line if self.span else None,
            column=self.span.column if self.span else None,
            text=text,
            hint=self.hint,
        )
