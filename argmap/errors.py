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
    r"""The root of every exception argmap raises on purpose.

    Every one can say where the problem is (``source``, ``line``, ``column``,
    ``end_line``, ``end_column``; any may be None), which problem it is (a
    ``code`` that stays stable across releases, so tools may match on it) and
    what to do (a ``hint``).  ``message`` is the problem alone; ``str(error)``
    is the report the command line prints: the compiler-style
    ``FILE:LINE:COL: error: message`` with the line, a caret and the hint
    when the error has a place, else the message alone.

    >>> error = ArgmapError("no such thing", source="a.argmap", line=2, column=3, code="demo",
    ...                     hint="write another thing", text="thesis t: T.\n  - @x\n")
    >>> print(error)
    a.argmap:2:3: error: no such thing
          - @x
          ^
    hint: write another thing
    >>> error.code, error.span
    ('demo', Span(line=2, column=3, end_line=None, end_column=None))
    >>> str(ArgmapError("plain")), ArgmapError("plain").code
    ('plain', 'error')
    """

    #: The code of an error raised without one.
    default_code = "error"

    def __init__(
        self,
        message: str = "",
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
        code: str | None = None,
        hint: str | None = None,
        text: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.code = code or self.default_code
        self.hint = hint
        #: The source text, to show the line; not part of the location.
        self.text = text
        super().__init__(self.format() if source is not None or line is not None else message)

    @property
    def span(self) -> Span | None:
        """Where the problem is in the text, when known."""
        if self.line is None:
            return None
        return Span(self.line, self.column or 1, self.end_line, self.end_column)

    def format(self, source: str | None = None, text: str | None = None) -> str:
        """The compiler-style report, as :meth:`Diagnostic.format` writes a finding.

        *source* and *text* stand in for what the error does not know itself
        (the command line knows the file it read).
        """
        return format_message(
            "error",
            self.message,
            source=self.source if self.source is not None else source,
            line=self.line,
            column=self.column,
            text=self.text if self.text is not None else text,
            hint=self.hint,
        )


class ArgmapRenderError(ArgmapError):
    """A map could not be rendered (no engine, unsupported format, ...)."""

    default_code = "render"


class ArgmapSyntaxError(ArgmapError, ValueError):
    """The text is not valid argmap notation.

    ``str(error)`` is the full report (location, message, the line and a
    caret, and a hint); the parts are attributes.
    """

    default_code = "syntax"

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
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        super().__init__(message, source=source, line=line, column=column, end_line=end_line,
                         end_column=end_column, code=code, hint=hint, text=text)
        self.line: int = line
        self.column: int = column
        #: Every mistake found in the text, in file order (this one first);
        #: one report holds them all (see :func:`argmap.parse`).
        self.errors: list[ArgmapSyntaxError] = [self]


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
