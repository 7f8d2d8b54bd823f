"""How node text is written and read back: tags, escapes, white space.

Shared by the parser (reading) and the formatter (writing), so that the two
cannot drift apart.
"""

from __future__ import annotations

import re

from argmap.constants import NODE_WORDS

# A backslash before ASCII punctuation stands for that character; before
# anything else it is kept, so `C:\Users` needs no doubling.
_PUNCT = r"!-/:-@\[-`{-~"
_ESCAPED = re.compile(rf"\\([{_PUNCT}])")
_NEEDS_ESCAPE = re.compile(rf"\\(?=[{_PUNCT}])")
_TRAILING_TAG = re.compile(r"(?:^|[ \t])#([^\W][\w\-]*)$")
ID = re.compile(r"[^\W_][\w.\-]*\Z")
KIND_WORDS = frozenset(NODE_WORDS)


def one_line_end(text: str) -> str:
    """*text* with every line ended by ``\\n``: a ``\\r\\n``, or a lone ``\\r`` (old Mac files), becomes one.

    The parser, the readers, the language server (as the protocol says) and the pages count lines so.

    >>> one_line_end("a\\r\\nb\\rc\\n")
    'a\\nb\\nc\\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def collapse(text: str) -> str:
    """Runs of white space become one space; ends are trimmed."""
    trimmed = text.strip(" ")
    # Already so (the common case, checked in C): no white space but single ASCII spaces (every
    # other white space character is not printable) and no two in a row.
    if "  " not in trimmed and trimmed.isprintable():
        return trimmed
    return " ".join(text.split())


def split_tags(raw: str) -> tuple[str, tuple[str, ...]]:
    """Take the trailing ``#tags`` off a raw (still escaped) text.

    >>> split_tags("Rifts heal. #history #party")
    ('Rifts heal.', ('history', 'party'))
    >>> split_tags(r"Line \\#1")
    ('Line \\\\#1', ())
    """
    if "#" not in raw:
        return raw, ()
    tags: list[str] = []
    end = len(raw)
    while True:  # one word from the end at a time: linear in the text, however many tags
        blank = max(raw.rfind(" ", 0, end), raw.rfind("\t", 0, end))
        match = _TRAILING_TAG.match(raw, max(blank, 0), end)
        if not match:
            break
        tags.append(match.group(1))
        end = match.start()
        while end and raw[end - 1].isspace():  # as str.rstrip()
            end -= 1
    return raw[:end], tuple(reversed(tags))


def unescape(raw: str) -> str:
    r"""Resolve backslash escapes.

    >>> unescape(r"\#1 and C:\Users and \\")
    '#1 and C:\\Users and \\'
    """
    return _ESCAPED.sub(r"\1", raw) if "\\" in raw else raw


def escape_text(text: str) -> str:
    r"""Write *text* so that reading it back gives *text* again.

    Escapes backslashes that would start an escape, a ``//`` that would
    start a comment, and a last word that would be read as a tag.

    >>> escape_text("see https://x.org // not a comment #notatag")
    'see https://x.org \\// not a comment \\#notatag'
    """
    out = _NEEDS_ESCAPE.sub(r"\\\\", text)
    out = re.sub(r"(^|[ \t])//", r"\1\\//", out)
    match = _TRAILING_TAG.search(out)
    if match:
        hash_at = out.index("#", match.start())
        out = out[:hash_at] + "\\" + out[hash_at:]
    return out


def unquote(token: str) -> str:
    """The value of a double-quoted string; a line break and its indentation read as one space."""
    body = token[1:-1]
    body = re.sub(r"[ \t]*\n[ \t]*", " ", body)
    return re.sub(r"\\([\"\\])", r"\1", body)


def quote(value: str) -> str:
    """A double-quoted string holding *value*."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bare_value_ok(value: str) -> bool:
    """Whether *value* can be written unquoted after ``key:``."""
    return (
        bool(value)
        and value == value.strip()
        and not value.startswith('"')
        and "\n" not in value
        and "\r" not in value
        and re.search(r"[ \t]//", value) is None
    )
