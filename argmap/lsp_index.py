"""Where everything is written in an argmap text, line by line, for the language server.

:class:`Index` reads a text the way the grammar lays it out (a line is a
comment, a heading, a node line, a reference, a ``key: value`` line or
more text) and keeps the exact place of every id, ``@reference``, tag,
key and heading, and the block each node line opens. It reads any text,
broken or not, in one pass, and needs nothing but the text: the language
server answers "where is it written" from here and "what does it mean"
from the map (:mod:`argmap.lsp_parse`).

Lines are 0-based and columns count code points (Python string indices);
:mod:`argmap.lsp` converts them to the client's encoding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from argmap._text import one_line_end
from argmap.constants import NODE_WORDS

__all__ = ["Entry", "Index", "quote_still_open", "KINDS", "METADATA_KEYS", "valid_id"]

KINDS = NODE_WORDS
#: The metadata keys with a meaning (docs/notation.md#metadata).
METADATA_KEYS = {
    "date": "when: YYYY, YYYY-MM, YYYY-MM-DD, or a range joined by / or ..",
    "source": "where it comes from: a publication, a person, a data set",
    "url": "a link to the source",
    "quote": "words copied exactly from the source (quote it to hold // or #)",
    "page": "page or pages in the source",
    "weight": "a number from 0 to 1: how strong the node is, used by evaluation",
}
HEADER_KEYS = {
    "title": "the title of the map",
    "author": "who wrote the argument that is mapped",
    "source": "where the argument comes from",
    "date": "when it was written",
    "url": "where to read it",
}

_ID = r"[^\W_][\w.\-]*"
_ID_RE = re.compile(rf"{_ID}\Z")
_NODE = re.compile(rf"([ \t]*)(?:([+\-_])[ \t]+)?(thesis|claim|premise|evidence|argument)(?![\w.\-])"
                   rf"(?:[ \t]+({_ID}))?[ \t]*:")
_REF = re.compile(rf"([ \t]*)(?:([+\-_])[ \t]+)?@({_ID})")
_HEADING = re.compile(r"(#{1,6})[ \t]+([^ \t].*)")
_KEY = re.compile(r"([ \t]*)([a-z][a-z0-9_\-]*)[ \t]*:(?=[ \t]|$)")
_COMMENT = re.compile(r"(?:(?<=[ \t])|^)//")
_TAGS = re.compile(r"(?:(?<=[ \t])|^)#[^\W][\w\-]*(?:[ \t]+#[^\W][\w\-]*)*[ \t]*$")
_TAG = re.compile(r"#([^\W][\w\-]*)")
_KEY_QUOTE = re.compile(r'[ \t]*[a-z][a-z0-9_\-]*[ \t]*:[ \t]+"')


def valid_id(text: str) -> bool:
    """Whether *text* can be written as an id."""
    return bool(_ID_RE.match(text))


def quote_still_open(line: str, open_: bool) -> bool:
    """Whether a quoted metadata value is still open after *line* (*open_*: it was open before)."""
    if open_:
        rest = line
    else:
        # A node line is never a metadata line (`premise: "` is a premise whose text is a quote mark).
        m = None if _NODE.match(line) else _KEY_QUOTE.match(line)
        if not m:
            return False
        rest = line[m.end():]
    i = 0
    while i < len(rest):
        c = rest[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return False
        i += 1
    return True


class Entry:
    """A node line, a reference line or a heading, and the block it opens."""

    __slots__ = (
        "children",
        "end",
        "id",
        "id_end",
        "id_start",
        "indent",
        "level",
        "line",
        "marker",
        "parent",
        "tags",
        "text",
        "what",
        "word",
    )

    def __init__(self, what: str, line: int, indent: int) -> None:
        self.what = what  # "node", "ref" or "heading"
        self.line = line
        self.indent = indent
        self.marker: str | None = None
        self.word = ""  # the kind of a node; the title of a heading
        self.id: str | None = None
        self.id_start = self.id_end = 0  # columns of the id (after '@' for a reference)
        self.text = ""  # what the line says after its ':' (a node) or its title (a heading)
        self.end = line  # the block's last line with something on it
        self.children: list[Entry] = []
        self.parent: Entry | None = None
        self.level = 0  # of a heading
        self.tags: list[str] = []

    def __repr__(self) -> str:
        return f"Entry({self.what}, line={self.line}, id={self.id!r}, end={self.end})"


def split_lines(text: str) -> list[str]:
    """The lines of *text* as the protocol counts them: ended by ``\r\n``, ``\n`` or a lone ``\r``.

    The parser reads a lone ``\r`` as a line break too, so its line numbers are the editor's.
    """
    return one_line_end(text).split("\n")


class Index:
    """Every place something is written in *text*."""

    def __init__(self, text: str) -> None:
        if text.startswith("\ufeff"):
            text = " " + text[1:]  # keeps columns
        self.lines = split_lines(text)
        self.entries: list[Entry] = []
        self.headings: list[Entry] = []
        self.top: list[Entry] = []  # top-level nodes and reference blocks, in order
        self.definitions: dict[str, list[Entry]] = {}
        self.references: dict[str, list[tuple[int, int, int]]] = {}  # id -> (line, start, end) of the id
        self.tags: dict[str, int] = {}
        self.keys: dict[str, int] = {}  # metadata keys in use
        self.comment_blocks: list[tuple[int, int]] = []
        self.header_end = 0  # the first line after the header
        self.by_line: dict[int, Entry] = {}
        self._scan()

    # -- reading -----------------------------------------------------------

    def _scan(self) -> None:
        stack: list[Entry] = []
        quote_open = False
        seen_item = False
        comment_from: int | None = None
        last_content = -1
        for number, line in enumerate(self.lines):
            if quote_open:
                quote_open = quote_still_open(line, True)
                last_content = number
                continue
            body = line.lstrip(" \t")
            if body.startswith("//"):
                if comment_from is None:
                    comment_from = number
                continue
            if comment_from is not None:
                if number - 1 > comment_from:
                    self.comment_blocks.append((comment_from, number - 1))
                comment_from = None
            if not body:
                continue
            indent = len(line) - len(body)
            entry, quote_open = self._read(number, line, body, indent, stack, seen_item)
            if entry is not None:
                if not seen_item:
                    self.header_end = number
                seen_item = True
                self._place(entry, stack, last_content)
            elif not seen_item:
                self.header_end = number + 1
            last_content = number
        if comment_from is not None and len(self.lines) - 1 > comment_from:
            self.comment_blocks.append((comment_from, len(self.lines) - 1))
        for entry in stack:
            entry.end = last_content
        for heading_at, heading in enumerate(self.headings):
            nxt = next((h.line for h in self.headings[heading_at + 1:] if h.level <= heading.level), None)
            heading.end = self._last_content_before(nxt if nxt is not None else len(self.lines))

    def _read(self, number: int, line: str, body: str, indent: int, stack: list[Entry],
              seen_item: bool) -> tuple[Entry | None, bool]:
        """The entry that line *number* starts (a heading, node or reference), if any, and
        whether a quoted value stays open after it."""
        entry: Entry | None = None
        if indent == 0 and (m := _HEADING.match(line)):
            entry = Entry("heading", number, 0)
            entry.level = len(m.group(1))
            entry.word = entry.text = _before_comment(m.group(2)).strip()
            self.headings.append(entry)
        elif m := _NODE.match(line):
            entry = Entry("node", number, indent)
            entry.marker, entry.word = m.group(2), m.group(3)
            if m.group(4):
                entry.id, entry.id_start, entry.id_end = m.group(4), m.start(4), m.end(4)
                self.definitions.setdefault(entry.id, []).append(entry)
            entry.text = self._text(line, m.end(), entry)
        elif m := _REF.match(line):
            entry = Entry("ref", number, indent)
            entry.marker = m.group(2)
            entry.id, entry.id_start, entry.id_end = m.group(3), m.start(3), m.end(3)
            self.references.setdefault(entry.id, []).append((number, m.start(3), m.end(3)))
        elif m := _KEY.match(line):
            if seen_item:
                self.keys[m.group(2)] = self.keys.get(m.group(2), 0) + 1
            if '"' in line:
                return None, quote_still_open(line, False)
        elif body[0] not in "+-_@" and indent:  # more text of the node above
            owner = stack[-1] if stack else None
            if owner is not None and owner.what == "node" and owner.indent < indent and not owner.children:
                more = self._text(line, indent, owner)
                owner.text = f"{owner.text} {more}".strip()
        return entry, False

    def _place(self, entry: Entry, stack: list[Entry], last_content: int) -> None:
        """Put *entry* under the node it is indented under (closing the ones it ends)."""
        while stack and (entry.what == "heading" or entry.indent == 0 or stack[-1].indent >= entry.indent):
            stack.pop().end = last_content
        if entry.what != "heading":
            if stack:
                entry.parent = stack[-1]
                stack[-1].children.append(entry)
            else:
                self.top.append(entry)
            stack.append(entry)
        self.entries.append(entry)
        self.by_line[entry.line] = entry

    def _last_content_before(self, line: int) -> int:
        at = line - 1
        while at > 0 and not self.lines[at].strip():
            at -= 1
        return at

    def _text(self, line: str, start: int, entry: Entry) -> str:
        """The text on *line* from *start*, less a comment; trailing tags go to *entry*."""
        comment = _COMMENT.search(line, start) if "//" in line else None
        text = line[start:comment.start() if comment else len(line)].rstrip()
        tags = _TAGS.search(text) if "#" in text else None
        if tags:
            for tag in _TAG.findall(tags.group()):
                entry.tags.append(tag)
                self.tags[tag] = self.tags.get(tag, 0) + 1
            text = text[:tags.start()].rstrip()
        return text.strip()

    # -- looking up --------------------------------------------------------

    def id_at(self, line: int, column: int) -> tuple[str, int, int] | None:
        """The id written at (*line*, *column*), as a definition or after '@': (id, start, end)."""
        entry = self.by_line.get(line)
        if entry is not None and entry.id is not None and entry.id_start - (entry.what == "ref") <= column <= entry.id_end:
            return entry.id, entry.id_start, entry.id_end
        return None

    def entry_at(self, line: int) -> Entry | None:
        """The node or reference whose block holds *line* (the innermost), if any."""
        best: Entry | None = None
        for entry in self._containing(line):
            best = entry
        return best

    def _containing(self, line: int) -> Iterator[Entry]:
        level = self.top
        while True:
            found = None
            # Blocks are in order: the last one starting at or before the line.
            lo, hi = 0, len(level)
            while lo < hi:
                mid = (lo + hi) // 2
                if level[mid].line <= line:
                    lo = mid + 1
                else:
                    hi = mid
            if lo and level[lo - 1].line <= line <= level[lo - 1].end:
                found = level[lo - 1]
            if found is None:
                return
            yield found
            level = found.children

    def definition(self, node_id: str) -> Entry | None:
        found = self.definitions.get(node_id)
        return found[0] if found else None

    def occurrences(self, node_id: str) -> list[tuple[int, int, int]]:
        """Every place *node_id* is written: its definitions, then its references."""
        out = [(e.line, e.id_start, e.id_end) for e in self.definitions.get(node_id, ())]
        return out + list(self.references.get(node_id, ()))


def _before_comment(text: str) -> str:
    comment = _COMMENT.search(text)
    return text[:comment.start()] if comment else text
