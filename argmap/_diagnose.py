"""Turning Lark's parse errors into messages in the user's words.

Each common mistake has a label, a message and a hint.  The label is found
from the offending line: its characters (an unclosed quote, ``#`` with no
space), the unexpected token at the start of a line (metadata or text out of
place), then the line's shape (a kind word with no colon, a marker before
an unknown word, an indented line where nothing can have children).

Lark's ``UnexpectedInput.match_examples`` (its documented way) was tried
first and dropped: it matches parser states, and one LALR state here covers
several mistakes (``#Claims`` and ``thesys`` on a first line fail in the
same state), while the same mistake deeper in a file is another state.
``CATALOGUE`` keeps example snippets for every label; the tests check that
each gets its own message.  An error with no label still gets a plain
message naming what was expected.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from argmap import _text
from argmap.constants import NODE_WORDS
from argmap.errors import ArgmapSyntaxError
from argmap.parser import REINDENT

KINDS = NODE_WORDS

#: label -> snippets that make the same mistake; each must get its label (tests).
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
    "text-after-reference": [
        "thesis t: T.\n  + @t more\n",
        "thesis t: T.\n  date: 2020\n@t more\n",
        "thesis t: T.\n  + claim c: C.\n  + @t: more\n",
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
    "text-after-reference": ("text after the reference '@{ref}'", "a reference line holds only '@id' (and a '//' comment): the node's text is on the line that defines it"),
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
    "bad-indentation": ("this line lines up with no line above", "indent it like its siblings, or like the node it belongs under"),
    "unexpected-indent": ("this line is indented deeper than the line above allows", "only a node line can have lines indented under it; line this one up with its siblings"),
}

_NAMES = {
    "KIND": "a kind (thesis, claim, premise, evidence)",
    "ARGUMENT": "'argument'",
    "ID": "an id",
    "_COLON": "':'",
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
    import difflib  # only when there is a mistake to explain

    guess = difflib.get_close_matches(word, KINDS, n=1, cutoff=0.5)
    rest = body.lstrip("#").strip()
    node_id = ""
    if kind in KINDS and len(words) > 1:
        node_id = words[1].rstrip(":")
        rest = words[2] if len(words) > 2 else "..."
    reference = _REFERENCE_LINE.match(line_text)
    return {
        "ref": reference.group(1) if reference else "",
        "word": word.rstrip(":") or stripped.split(":")[0],
        "id": node_id,
        "kind": kind,
        "rest": rest,
        "marker": marker,
        "after": body,
        "guess": f" (did you mean '{guess[0]}'?)" if guess else "",
        "line": stripped,
    }


def explain(error: UnexpectedInput, text: str, source: str | None) -> ArgmapSyntaxError:
    """The :class:`ArgmapSyntaxError` for a Lark parse error in *text*."""
    line, column = _position(error)
    lines = text.split("\n")
    line = min(max(line, 1), max(len(lines), 1))
    line_text = lines[line - 1] if lines else ""
    column = min(max(column, 1), len(line_text) + 1)
    label = _by_shape(error, line_text, column) or _by_token(error, lines, line, column)
    if label is None:
        label = _classify(error, lines, line, column)
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


_KEY_LINE = re.compile(r"\s*[a-z][a-z0-9_\-]*[ \t]*:")
_REFERENCE_LINE = re.compile(r"[ \t]*(?:[+\-_][ \t]+)?@([^\s:/]+)")
_KIND_LINE = re.compile(r"\s*(?:[+\-_][ \t]+)?(thesis|claim|premise|evidence|argument)\b")


def _previous(lines: list[str], line: int) -> str:
    """The nearest earlier line with content (comments count as none)."""
    for candidate in reversed(lines[: line - 1]):
        if candidate.strip() and not candidate.strip().startswith("//"):
            return candidate
    return ""


def _by_shape(error: UnexpectedInput, text: str, column: int) -> str | None:
    """Mistakes that the offending line's characters give away."""
    if isinstance(error, UnexpectedToken) and error.token.type in ("_INDENT", "_DEDENT", "_NL", "$END"):
        return None
    stripped = text.strip()
    at = text[column - 1 :]
    if at.startswith('"') and _KEY_LINE.match(text):
        return "text-after-quote" if re.search(r'(?<!\\)"', at[1:]) else "unterminated-quote"
    if text.startswith("#"):
        return "heading-empty" if not stripped.strip("#").strip() else "heading-needs-space"
    if at.startswith("@"):
        return "reference-without-id"
    reference = _REFERENCE_LINE.match(text)
    if reference and column > reference.end():
        return "text-after-reference"
    if stripped[:1] in "+-_" and stripped[1:2] not in ("", " ", "\t"):
        return "marker-needs-space"
    return None


def _by_token(error: UnexpectedInput, lines: list[str], line: int, column: int) -> str | None:
    """Mistakes that an unexpected line gives away (one parser state can see several)."""
    if not isinstance(error, UnexpectedToken):
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if column != len(text) - len(text.lstrip(" ")) + 1:
        return None  # not at the start of the line
    if error.token.type == "CONT" and text.startswith(" "):
        return "text-after-metadata" if _KEY_LINE.match(_previous(lines, line)) else "text-after-children"
    if error.token.type == "META_KEY" and text.startswith(" "):
        return "metadata-after-children"
    return None


def _classify(error: UnexpectedInput, lines: list[str], line: int, column: int) -> str | None:
    """A catalogue label for *error* from the shape of the offending line."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    before = _previous(lines, line)
    token = error.token.type if isinstance(error, UnexpectedToken) else None
    if token not in ("_INDENT", "_DEDENT", "_NL", "$END"):
        return _classify_content(error, text, indent, column, token, before)
    if token == "_INDENT":
        return _classify_indent(error, before)
    return _classify_line_end(text, column)


def _classify_content(
    error: UnexpectedInput, text: str, indent: int, column: int, token: str | None, before: str
) -> str | None:
    """The label when the parser stopped at something written on the line (not at its start or end)."""
    shape = _by_shape(error, text, column)
    if shape is not None:
        return shape
    if _KIND_LINE.match(text) and column > indent + 1:
        after = re.sub(r"^\s*(?:[+\-_][ \t]+)?\w+", "", text)
        words = after.split(":")[0].split()
        if ":" in after and (len(words) != 1 or not _text.ID.match(words[0])):
            return "bad-id"
        return "missing-colon"
    if token == "META_KEY":
        return "metadata-at-top" if indent == 0 else "metadata-after-children"
    if token == "MARKER" and indent == 0:
        return "marker-at-top"
    marker = re.match(r"\s*[+\-_][ \t]+", text)
    if marker and column == marker.end() + 1:
        return "unknown-kind"
    if indent == 0 and column == 1 and not _KEY_LINE.match(text):
        return "unknown-kind"  # nothing continues at the top level
    if token == "CONT":
        return "text-after-metadata" if _KEY_LINE.match(before) else "text-after-children"
    if column == indent + 1 and not _KEY_LINE.match(text):
        return "unknown-kind" if indent == 0 else "text-after-children"
    return None


def _classify_indent(error: UnexpectedInput, before: str) -> str:
    """The label when the parser stopped at an indentation it did not expect."""
    if str(error.token).endswith(REINDENT):  # type: ignore[attr-defined]
        return "bad-indentation"
    if not before:
        return "indented-first-line"
    if before.startswith("#"):
        return "indent-after-heading"
    return "unexpected-indent"


def _classify_line_end(text: str, column: int) -> str | None:
    """The label when the parser stopped at a line's end (or a dedent): the line is incomplete."""
    if re.fullmatch(r"[+\-_]", text[: column - 1].strip()):
        return "marker-without-node"
    if _KIND_LINE.match(text) and ":" not in text:
        return "missing-colon-no-id"
    if _KEY_LINE.match(text) and not text.split(":", 1)[1].strip():
        return "empty-value"
    return None


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
