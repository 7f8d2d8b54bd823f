"""A Pygments lexer for the argmap notation (``pygmentize -l argmap``).

Registered under the ``pygments.lexers`` entry point, so Pygments and every
tool built on it (Sphinx, MkDocs, Jupyter, ``pygmentize``) highlight
``.argmap`` files and ```` ```argmap ```` fences once argmap is installed
next to Pygments (``pip install 'argmap[pygments]'``).

The notation is line-oriented, so the lexer reads it line by line, as the
grammar (``grammars/argmap.lark``) does: a line is a comment, a heading, a
node line (marker, kind, id, ``:``, text, tags), a reference, a ``key:
value`` line, or a line that continues a text. Only a quoted metadata value
crosses a line break. Every character of the input is in exactly one token,
so the tokens put back together give the input. Token types:

==========================  =====================================
what                        token
==========================  =====================================
marker ``+`` ``-`` ``_``    ``Operator``
kind (``thesis``, ...)      ``Keyword.Type``
id being defined            ``Name.Function``
``@id`` reference           ``Name.Variable``
``#tag``                    ``Name.Tag``
``key:`` (header, metadata) ``Name.Attribute``
metadata value              ``String`` (quoted: ``String.Double``)
``# Heading``               ``Generic.Heading``
``// comment``              ``Comment.Single``
``\\#`` and other escapes   ``String.Escape``
node text                   ``Text``
==========================  =====================================

This module imports Pygments; ``import argmap`` does not import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pygments.lexer import Lexer
from pygments.token import (
    Comment,
    Generic,
    Keyword,
    Name,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)

from argmap.constants import NODE_WORDS

__all__ = ["ArgmapLexer"]

_KINDS = f"(?:{'|'.join(NODE_WORDS)})"
_HEADING = re.compile(r"(#{1,6})([ \t]+)(?=[^ \t\r\n])")
_MARKER = re.compile(r"([+\-_])(?=[ \t]|$)([ \t]*)")
_REF = re.compile(r"@[^\W_][\w.\-]*")
_KIND = re.compile(rf"({_KINDS})(?![\w.\-])([ \t]*)")
_ID = re.compile(r"([^\W_][\w.\-]*)([ \t]*)")
_COLON = re.compile(r"(:)([ \t]*)")
_KEY = re.compile(r"([a-z][a-z0-9_\-]*)([ \t]*)(:)(?=[ \t\r\n]|$)([ \t]*)")
# A comment starts at `//` at the start of what is left or after a blank.
_COMMENT = re.compile(r"(?:(?<=[ \t])|^)//")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_TRAILING_TAGS = re.compile(r"(?:(?<=[ \t])|^)#[^\W][\w\-]*(?:[ \t]+#[^\W][\w\-]*)*[ \t]*$")
_TAG = re.compile(r"#[^\W][\w\-]*")
_STRING_PART = re.compile(r'(\\["\\])|(")|([^"\\]+|\\)')

Token = tuple[int, _TokenType, str]


class ArgmapLexer(Lexer):
    """Lexer for argmap argument maps (``.argmap``)."""

    name = "argmap"
    aliases = ["argmap"]
    filenames = ["*.argmap"]
    mimetypes = ["text/x-argmap"]
    url = "https://github.com/argmap/argmap"

    def get_tokens_unprocessed(self, text: str) -> Iterator[Token]:
        """Tokens with their offsets; they cover *text* exactly, in order."""
        in_string = False
        pos = 0
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            end = line[len(body):]
            if in_string:
                in_string, tokens = _string(body, 0, opened=True)
                yield from _shift(tokens, pos)
            else:
                in_string, tokens = _line(body)
                yield from _shift(tokens, pos)
            if end:
                yield pos + len(body), Whitespace, end
            pos += len(line)


def _shift(tokens: list[tuple[int, _TokenType, str]], by: int) -> Iterator[Token]:
    for start, kind, value in tokens:
        if value:
            yield start + by, kind, value


def _line(body: str) -> tuple[bool, list[Token]]:
    """One line outside a quoted value; True when it opens a quote it does not close."""
    out: list[Token] = []
    at = len(body) - len(body.lstrip(" \t\ufeff"))
    out.append((0, Whitespace, body[:at]))
    rest = body[at:]
    if rest.startswith("//"):
        out.append((at, Comment.Single, rest))
        return False, out
    if at == 0 and (m := _HEADING.match(body)):
        out.append((0, Generic.Heading, m.group(1)))
        out.append((m.end(1), Whitespace, m.group(2)))
        out += _until_comment(body, m.end(), Generic.Heading)
        return False, out
    marked = False
    if m := _MARKER.match(body, at):
        marked = True
        out.append((at, Operator, m.group(1)))
        out.append((m.start(2), Whitespace, m.group(2)))
        at = m.end()
    if m := _REF.match(body, at):
        out.append((at, Name.Variable, m.group()))
        out += _text(body, m.end())
        return False, out
    if m := _KIND.match(body, at):
        out.append((at, Keyword.Type, m.group(1)))
        out.append((m.start(2), Whitespace, m.group(2)))
        at = m.end()
        if (m := _ID.match(body, at)) and _COLON.match(body, m.end()):
            out.append((at, Name.Function, m.group(1)))
            out.append((m.start(2), Whitespace, m.group(2)))
            at = m.end()
        if m := _COLON.match(body, at):
            out.append((at, Punctuation, m.group(1)))
            out.append((m.start(2), Whitespace, m.group(2)))
            at = m.end()
        out += _text(body, at)
        return False, out
    if not marked and (m := _KEY.match(body, at)):
        out.append((at, Name.Attribute, m.group(1)))
        out.append((m.start(2), Whitespace, m.group(2)))
        out.append((m.start(3), Punctuation, m.group(3)))
        out.append((m.start(4), Whitespace, m.group(4)))
        at = m.end()
        if body.startswith('"', at):
            still_open, quoted = _string(body, at, opened=False)
            return still_open, out + quoted
        out += _until_comment(body, at, String)
        return False, out
    out += _text(body, at)
    return False, out


def _until_comment(body: str, at: int, kind: _TokenType) -> list[Token]:
    """``body[at:]`` as *kind*, up to a comment; trailing blanks are white space."""
    comment = _COMMENT.search(body, at)
    stop = comment.start() if comment else len(body)
    value = body[at:stop]
    stripped = value.rstrip(" \t")
    out: list[Token] = [(at, kind, stripped), (at + len(stripped), Whitespace, value[len(stripped):])]
    if comment:
        out.append((stop, Comment.Single, body[stop:]))
    return out


def _text(body: str, at: int) -> list[Token]:
    """A node's text from *at*: escapes, trailing tags, then a comment."""
    comment = _COMMENT.search(body, at)
    stop = comment.start() if comment else len(body)
    out: list[Token] = []
    tags = _TRAILING_TAGS.search(body, at, stop)
    text_end = tags.start() if tags else stop
    blanks_at = len(body[:text_end].rstrip(" \t")) if not tags else text_end
    blanks_at = max(blanks_at, at)
    last = at
    for m in _ESCAPE.finditer(body, at, blanks_at):
        out.append((last, Text, body[last:m.start()]))
        out.append((m.start(), String.Escape, m.group()))
        last = m.end()
    out.append((last, Text, body[last:blanks_at]))
    out.append((blanks_at, Whitespace, body[blanks_at:text_end]))
    if tags:
        last = text_end
        for m in _TAG.finditer(body, text_end, stop):
            out.append((last, Whitespace, body[last:m.start()]))
            out.append((m.start(), Name.Tag, m.group()))
            last = m.end()
        out.append((last, Whitespace, body[last:stop]))
    if comment:
        out.append((stop, Comment.Single, body[stop:]))
    return out


def _string(body: str, at: int, *, opened: bool) -> tuple[bool, list[Token]]:
    """A quoted value from *at* (its opening quote, unless *opened*); True while it stays open."""
    out: list[Token] = []
    if not opened:
        out.append((at, String.Double, '"'))
        at += 1
    for m in _STRING_PART.finditer(body, at):
        if m.group(1):
            out.append((m.start(), String.Escape, m.group()))
        elif m.group(2):
            out.append((m.start(), String.Double, '"'))
            return False, out + _until_comment(body, m.end(), String)
        else:
            out.append((m.start(), String.Double, m.group()))
    return True, out
