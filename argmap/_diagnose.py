"""Turning Lark's parse errors into messages in the user's words.

A catalogue of common mistakes, each a few example snippets that fail in the
same parser state, is matched against the error with Lark's
``UnexpectedInput.match_examples`` (the documented way, see lark's
``examples/advanced/error_reporting_lalr.py``).  An error that matches no
entry still gets a plain message naming what was expected.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from argmap.errors import ArgmapSyntaxError

KINDS = ("thesis", "claim", "premise", "evidence", "argument")

#: label -> snippets that make the same mistake.  Every entry has a test.
CATALOGUE: dict[str, list[str]] = {
    "missing-colon": [
        "thesis t Tea is good.\n",
        "thesis t: T.\n  + claim c It is warm.\n",
        "thesis: T.\n  + argument a label\n",
    ],
    "missing-colon-no-id": [
        "thesis\n",
        "thesis t: T.\n  + claim\n",
    ],
    "unknown-kind": [
        "thesys t: Tea is good.\n",
        "thesis t: T.\n  + clam c: It is warm.\n",
        "thesis t: T.\n  - objection o: No.\n",
    ],
    "marker-at-top": [
        "+ claim c: It is warm.\n",
        "thesis t: T.\n- claim c: It is warm.\n",
    ],
    "marker-without-node": [
        "thesis t: T.\n  +\n",
        "thesis t: T.\n  - \n",
        "thesis t: T.\n  + // nothing\n",
    ],
    "marker-needs-space": [
        "thesis t: T.\n  c: x\n  +claim c: It is warm.\n",
        "thesis t: T.\n  date: 1\n  -claim c: It is warm.\n",
    ],
    "reference-without-id": [
        "thesis t: T.\n  + @\n",
        "@ t\n",
    ],
    "metadata-at-top": [
        "thesis t: T.\ndate: 1959\n",
        "# H\nsource: x\n",
    ],
    "indented-first-line": [
        "  thesis t: T.\n",
        "  date: 1959\n",
    ],
    "indent-after-heading": [
        "# H\n  thesis t: T.\n",
    ],
    "metadata-after-children": [
        "thesis t: T.\n  + claim c: C.\n  date: 1959\n",
    ],
    "text-after-metadata": [
        "thesis t: T.\n  date: 1959\n  More text.\n",
    ],
    "text-after-children": [
        "thesis t: T.\n  + claim c: C.\n  More text.\n",
    ],
    "unterminated-quote": [
        'thesis t: T.\n  quote: "both countries\n',
        'title: "Tea\n',
    ],
    "text-after-quote": [
        'thesis t: T.\n  quote: "both" countries\n',
        'title: "Tea" time\n',
    ],
    "empty-value": [
        "thesis t: T.\n  date:\n",
        "title:\n",
    ],
    "heading-needs-space": [
        "#Heading\n",
        "thesis t: T.\n#Objections\n",
    ],
    "heading-empty": [
        "# \n",
    ],
    "bad-id": [
        "thesis my id: T.\n",
        "thesis t: T.\n  + claim c/d: C.\n",
    ],
}

_MESSAGES: dict[str, tuple[str, str]] = {
    # label: (message, hint); {word}, {kind}, {guess} and {line} are filled in.
    "missing-colon": ("missing ':' after the id", "write '{kind} {id}: {rest}'; an id has no spaces, and ':' ends it"),
    "missing-colon-no-id": ("missing ':' after '{kind}'", "write '{kind}: text', or '{kind} some-id: text'"),
    "unknown-kind": ("unknown kind '{word}'{guess}", "a node line starts with thesis, claim, premise, evidence or argument"),
    "marker-at-top": ("a marker on an unindented line has nothing to bear on", "indent the line under the node it supports, attacks or undercuts"),
    "marker-without-node": ("a marker with nothing after it", "write a node after the marker ('+ claim: ...') or a reference ('+ @id')"),
    "marker-needs-space": ("a marker needs a space after it", "write '{marker} {after}'"),
    "reference-without-id": ("a reference needs an id right after '@'", "write '@some-id', with no space"),
    "metadata-at-top": ("metadata with no node", "indent 'key: value' lines under the node they describe; before the first node they form the file header"),
    "indented-first-line": ("the first line is indented", "start the file at column 1 with the header or a thesis; metadata belongs under a node"),
    "indent-after-heading": ("this line is indented under a heading", "headings group nodes but cannot have children; start the node at column 1"),
    "metadata-after-children": ("metadata after the node's children", "move 'key: value' lines up, right under the node's text"),
    "text-after-metadata": ("text after the node's metadata", "put all of a node's text before its 'key: value' lines, or start the line with a marker to make it a node"),
    "text-after-children": ("a line with no marker among the children", "start it with '+', '-' or '_' to make it a node, or move it up to continue the text"),
    "unterminated-quote": ("this quote is not closed", "end the value with '\"' (write \\\" for a quote inside it)"),
    "text-after-quote": ("text after the closing quote", "quote the whole value, or drop the quotes"),
    "empty-value": ("'{word}' has no value", "write the value after the ':', or remove the line"),
    "heading-needs-space": ("a heading needs a space after '#'", "write '# {rest}'; tags go at the end of a node line"),
    "heading-empty": ("a heading with no title", "write the title after the '#'"),
    "bad-id": ("'{word}' is not an id", "an id is letters, digits, '_', '.' and '-', with no spaces, like 'visit-1959'"),
}

_NAMES = {
    "KIND": "a kind (thesis, claim, premise, evidence)",
    "ARGUMENT": "'argument'",
    "ID": "an id",
    "COLON": "':'",
    "TEXT": "text",
    "CONT": "more text",
    "MARKER": "a marker (+, - or _)",
    "REF": "a reference (@id)",
    "HEADING": "a heading",
    "META_KEY": "a 'key: value' line",
    "VALUE": "a value",
    "STRING": "a quoted value",
    "_NL": "the end of the line",
    "_INDENT": "an indented line",
    "_DEDENT": "a less indented line",
    "$END": "the end of the file",
}


def _position(error: UnexpectedInput) -> tuple[int, int]:
    """1-based line and column in the user's text (the parser saw one extra line in front)."""
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type in ("_INDENT", "_DEDENT"):
            # Borrowed from the line break: point at the next line's first character.
            return (token.end_line or 2) - 1, token.end_column or 1
        return (token.line or 2) - 1, token.column or 1
    line = getattr(error, "line", 2)
    column = getattr(error, "column", 1)
    return max(line - 1, 1), max(column, 1)


def _fields(line_text: str, column: int) -> dict[str, str]:
    """Words of the offending line, for the message templates."""
    stripped = line_text.strip()
    marker = ""
    body = stripped
    if stripped[:1] in "+-_" and len(stripped) > 1 and stripped[1] not in " \t":
        marker, body = stripped[0], stripped[1:]
    elif stripped[:2] in ("+ ", "- ", "_ "):
        body = stripped[2:].lstrip()
    at = line_text[column - 1 :] if 0 < column <= len(line_text) else ""
    word_match = re.match(r"[^\s:]*", at)
    word = word_match.group(0) if word_match else ""
    words = body.split(None, 2)
    kind = words[0] if words else ""
    guess = difflib.get_close_matches(word, KINDS, n=1, cutoff=0.5)
    rest = body.lstrip("#").strip()
    node_id = ""
    if kind in KINDS and len(words) > 1:
        node_id = words[1].rstrip(":")
        rest = words[2] if len(words) > 2 else "..."
    return {
        "word": word.rstrip(":") or stripped.split(":")[0],
        "id": node_id,
        "kind": kind,
        "rest": rest,
        "marker": marker,
        "after": body,
        "guess": f" (did you mean '{guess[0]}'?)" if guess else "",
        "line": stripped,
    }


def explain(
    error: UnexpectedInput,
    text: str,
    source: str | None,
    parse: Callable[[str], Any],
) -> ArgmapSyntaxError:
    """The :class:`ArgmapSyntaxError` for a Lark parse error in *text*."""
    line, column = _position(error)
    lines = text.split("\n")
    line = min(max(line, 1), max(len(lines), 1))
    line_text = lines[line - 1] if lines else ""
    column = min(max(column, 1), len(line_text) + 1)
    label = None
    try:
        label = error.match_examples(parse, CATALOGUE, use_accepts=True)
    except Exception:  # noqa: BLE001 - a failed match only loses the friendlier wording
        label = None
    if label is not None:
        message, hint = _MESSAGES[label]
        fields = _fields(line_text, column)
        return ArgmapSyntaxError(
            message.format(**fields), source=source, line=line, column=column,
            text=text, hint=hint.format(**fields), code=label,
        )
    return ArgmapSyntaxError(
        _generic(error), source=source, line=line, column=column, text=text,
        hint="see docs/notation.md for the forms a line can take", code="syntax",
    )


def _generic(error: UnexpectedInput) -> str:
    expected: set[str] = set()
    if isinstance(error, (UnexpectedToken, UnexpectedEOF)):
        expected = set(error.expected)
    elif isinstance(error, UnexpectedCharacters):
        expected = set(error.allowed or ())
    names = sorted({_NAMES.get(e, e.lower()) for e in expected if not e.startswith("__")})
    found = "this"
    if isinstance(error, UnexpectedToken) and isinstance(error.token, Token):
        found = _NAMES.get(error.token.type, repr(str(error.token)))
    elif isinstance(error, UnexpectedCharacters):
        found = repr(error.char)
    if names:
        return f"unexpected {found} here; expected {' or '.join(names)}"
    return f"unexpected {found} here"
