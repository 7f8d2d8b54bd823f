"""The notation as a document: what was written where, errors and all.

Between Lark's tree and :class:`~argmap.model.ArgumentMap` sits the source
document: every header field, heading, node line, reference line,
continuation line, metadata line, tag and comment, each with its full
:class:`Range` (start and end line and column, 1-based, end exclusive, and
0-based offsets into the text as read: a byte-order mark dropped and line
ends made ``\\n``).  Comments belong to the element they are written on
(``trailing``) or above (``leading``), never to a position in a list.

:func:`parse_document` never raises for bad notation: it returns the
document of what could be read, its :attr:`Document.diagnostics` (every
syntax error, up to :data:`MAX_ERRORS`, and the warnings), and the map of
the rest of the file (:attr:`Document.map`), so that an editor or a checker
can go on.  :func:`argmap.parse` is the raising entry point: it raises one
:class:`~argmap.errors.ArgmapSyntaxError` carrying every error
(``error.errors``).

>>> doc = parse_document("thesis t: Tea.  // why\\n  + claim c: Warm.\\n  + @x\\n", source="tea.argmap")
>>> [(n.kind.text, n.id.text, n.id.range.start_column) for n in doc.walk() if n.kind]
[('thesis', 't', 8), ('claim', 'c', 11)]
>>> doc.blocks[0].trailing[0].text, doc.diagnostics
('// why', ())
>>> [r.reference.text for r in doc.walk() if r.reference]
['@x']
>>> bad = parse_document("thesys t: T.\\nthesis u: U.\\n  date 1959\\n  + clam c: C.\\n")
>>> [(d.span.line, d.code) for d in bad.diagnostics]
[(1, 'unknown-kind'), (4, 'unknown-kind')]
>>> sorted(bad.map.statements)
['u']
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from argmap.errors import Diagnostic
from argmap.model import ArgumentMap, Span

__all__ = [
    "Range",
    "Piece",
    "Comment",
    "HeaderField",
    "Heading",
    "MetaLine",
    "NodeLine",
    "Document",
    "parse_document",
    "MAX_ERRORS",
]

#: How many syntax errors one parse reports at most; after that it stops
#: (the last diagnostic says so).
MAX_ERRORS = 20


@attrs.frozen
class Range:
    """Where something was written: 1-based lines and columns (end exclusive) and 0-based offsets."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    start_offset: int
    end_offset: int

    @property
    def span(self) -> Span:
        return Span(self.start_line, self.start_column, self.end_line, self.end_column)


@attrs.frozen
class Piece:
    """One word or run of text as written (a marker, kind, id, ``@reference``, key, value, tag, text)."""

    text: str
    range: Range


@attrs.frozen
class Comment:
    """A ``//`` comment, as written (``//`` included)."""

    text: str
    range: Range


@attrs.define(eq=False)
class _Element:
    range: Range  # the line's content, from its first character to the end of its last text
    leading: list[Comment] = attrs.field(factory=list, kw_only=True)  # on the lines above it
    trailing: list[Comment] = attrs.field(factory=list, kw_only=True)  # at the end of its line


@attrs.define(eq=False)
class _KeyValue(_Element):
    key: Piece
    value: Piece  # as written: a quoted value keeps its quotes


@attrs.define(eq=False)
class HeaderField(_KeyValue):
    """A ``key: value`` line before the first node."""


@attrs.define(eq=False)
class Heading(_Element):
    """A ``#`` heading: a section."""

    level: int
    title: Piece


@attrs.define(eq=False)
class MetaLine(_KeyValue):
    """A ``key: value`` line under a node."""


@attrs.define(eq=False)
class NodeLine(_Element):
    """A node's line (``[marker] kind [id]: text``) or a reference line (``[marker] @id``).

    ``text`` is the text on the line itself; ``continuation`` the lines that
    continue it, as written; ``tags`` the ``#tags`` at the end of the last of
    them.  ``node`` is the id in the map (the derived one for a node written
    without an id, the referenced id for a reference), ``level`` the depth of
    indentation (0 at the top).
    """

    level: int
    node: str
    marker: Piece | None = None
    kind: Piece | None = None  # thesis, claim, premise, evidence or argument
    id: Piece | None = None
    reference: Piece | None = None  # "@id"
    text: Piece | None = None
    continuation: list[Piece] = attrs.field(factory=list)
    tags: list[Piece] = attrs.field(factory=list)
    metadata: list[MetaLine] = attrs.field(factory=list)
    children: list[NodeLine] = attrs.field(factory=list)

    def walk(self) -> Iterator[NodeLine]:
        """This line, then every line under it, in file order."""
        stack = [self]
        while stack:
            line = stack.pop()
            yield line
            stack.extend(reversed(line.children))


@attrs.define(eq=False)
class Document:
    """A parsed file: its elements in file order, its diagnostics and the map of what could be read."""

    text: str
    source: str | None
    header: list[HeaderField] = attrs.field(factory=list)
    #: Headings and top-level node and reference lines, in file order.
    blocks: list[Heading | NodeLine] = attrs.field(factory=list)
    #: Comments after the last element.
    ending: list[Comment] = attrs.field(factory=list)
    #: Every comment, in file order.
    comments: list[Comment] = attrs.field(factory=list)
    diagnostics: tuple[Diagnostic, ...] = ()
    map: ArgumentMap | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    def walk(self) -> Iterator[NodeLine]:
        """Every node and reference line, in file order."""
        for block in self.blocks:
            if isinstance(block, NodeLine):
                yield from block.walk()

    def elements(self) -> Iterator[HeaderField | Heading | NodeLine | MetaLine]:
        """Every element that takes a line, in file order."""
        yield from self.header
        for block in self.blocks:
            if isinstance(block, Heading):
                yield block
                continue
            for line in block.walk():
                yield line
                yield from line.metadata

    def at(self, line: int, column: int) -> Piece | None:
        """The piece (id, reference, kind, key, value, tag, ...) at a 1-based position, if any."""
        for element in self.elements():
            r = element.range
            if not (r.start_line <= line <= max(r.end_line, r.start_line)):
                continue
            for piece in _pieces(element):
                p = piece.range
                if (p.start_line, p.start_column) <= (line, column) < (p.end_line, p.end_column):
                    return piece
        return None


def _pieces(element: HeaderField | Heading | NodeLine | MetaLine) -> Iterator[Piece]:
    if isinstance(element, (HeaderField, MetaLine)):
        yield element.key
        yield element.value
    elif isinstance(element, Heading):
        yield element.title
    else:
        for piece in (element.marker, element.kind, element.id, element.reference, element.text):
            if piece is not None:
                yield piece
        yield from element.continuation
        yield from element.tags


def parse_document(text: str, *, source: str | None = None) -> Document:
    """Read *text* as a :class:`Document`; never raises for bad notation (see the module)."""
    from argmap.parser import _parse_document

    return _parse_document(text, source)
