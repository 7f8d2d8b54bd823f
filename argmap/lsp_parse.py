"""What the language server needs from the parser, in one place.

The language server (:mod:`argmap.lsp`) parses on every edit, so it parses
a file in *pieces*. Items at column 0 (a node, a ``@id`` block, a heading)
are independent in the grammar: each, with the comments and blank lines
after it (the header goes with the first), is a chunk that parses on its
own. A large chunk is cut further into the subtrees under a node, each
parsed with the lines of its ancestors above it (:func:`plan`). So:

- a mistake in one block does not hide those in the next;
- an edit parses its own piece again, not the whole file: pieces are cached
  by their text, and parsed as if they started the file, so a line added
  above a piece moves it without parsing it again (:class:`_Place` puts
  positions back where they are);
- the pieces' maps are merged into one :class:`ArgumentMap`, so that
  :func:`argmap.check` runs on the rest of the file while a block is broken
  (findings about ids that a broken block defines are left out, since they
  would be wrong).

The merged map equals ``argmap.parse`` of the whole text when the text is
valid, spans included (tests/test_lsp_parse.py holds this on every example,
fixture and docs block, and on generated maps cut as small as they go); a
merge that cannot be sure (two pieces that derive the same id for unnamed
nodes) reads the whole text instead.

Each piece is read by the document layer (:func:`argmap.parse_document`),
which never raises: it gives every error of the piece, with its range, and
the map of the rest of it. This module is the only one of the server's that
calls the parser (:func:`_parse_piece`, and :func:`formatted` for
formatting, which is ``argmap fmt``'s :func:`argmap.format.format_text`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, overload

import attrs

from argmap.checks import check
from argmap.document import parse_document
from argmap.errors import ArgmapSyntaxError, Diagnostic, Severity
from argmap.format import format_text
from argmap.lsp_index import quote_still_open, split_lines
from argmap.model import Argument, ArgumentMap, Relation, Section, Span, Statement
from argmap.parser import parse

__all__ = ["Problem", "Parsed", "ChunkParser", "chunk_starts", "plan", "formatted"]

# A top-level item starts at column 0 with a kind word, `@` or a heading.
_ITEM = re.compile(r"(?:thesis|claim|premise|evidence|argument)(?![\w.\-])|@|#{1,6}[ \t]")


@attrs.frozen
class Problem:
    """One finding: 1-based line and column, as the parser and checks give them."""

    severity: Severity
    code: str
    message: str
    line: int
    column: int
    hint: str | None = None
    #: where it ends (1-based, exclusive), when the parser says
    end_line: int | None = None
    end_column: int | None = None


@attrs.frozen
class Parsed:
    """A text's map (None when nothing of it builds) and everything wrong with it."""

    map: ArgumentMap | None
    problems: tuple[Problem, ...]
    #: lines (0-based) of the chunks that did not parse: their ids are unknown to the map
    broken: tuple[tuple[int, int], ...] = ()
    #: whether the map is the whole file's (no piece failed)
    complete: bool = True
    #: the place of each span of ``map`` whose piece did not start the file (see :meth:`locate`)
    origin: Mapping[int, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def locate(self, span: Span) -> tuple[int, int]:
        """Where *span*, a span of ``map``, is in the file: 1-based line and column.

        The map is put together from pieces parsed apart, and keeps their
        spans; this puts them back where they are.
        """
        place = self.origin.get(id(span))
        return (place.line(span.line) if place is not None else span.line), span.column


def chunk_starts(lines: Sequence[str]) -> list[int]:
    """The 0-based lines where chunks start: 0, then each top-level item after the first."""
    starts = [0]
    seen_item = False
    quote_open = False
    for number, line in enumerate(lines):
        if quote_open:
            quote_open = quote_still_open(line, True)
            continue
        if line[:1] not in ("", " ", "\t", "\r") and _ITEM.match(line):
            if seen_item:
                starts.append(number)
            seen_item = True
        elif '"' in line:
            quote_open = quote_still_open(line, False)
    return starts


class _Node:
    """A node or reference line of a chunk, for cutting the chunk into pieces."""

    __slots__ = ("children", "end", "head_end", "indent", "line", "splittable")

    def __init__(self, line: int, indent: int, splittable: bool) -> None:
        self.line = line
        self.indent = indent
        self.head_end = -1
        self.end = -1
        self.children: list[_Node] = []
        self.splittable = splittable


_ARGUMENT = re.compile(r"[ \t]*(?:[+\-_][ \t]+)?argument(?![\w.\-])")

Piece = tuple[tuple[int, int], ...]


def plan(lines: Sequence[str], limit: int = 40) -> list[Piece]:
    """The pieces to parse: each a subtree of at most about *limit* lines with the heads of its ancestors.

    A piece is a tuple of 0-based line ranges ``(start, end)``; the lines in
    none of its ranges are parsed as blank, so positions stay the file's.
    A node's own lines (its node line, text and metadata) go with each piece
    below it. Arguments, and nodes whose lines do not nest cleanly (which
    the parser will report), are never cut.
    """
    starts = chunk_starts(lines)
    ends = [*starts[1:], len(lines)]
    pieces: list[Piece] = []
    for start, end in zip(starts, ends, strict=True):
        root = _tree(lines, start, end) if end - start > limit else None
        if root is None:
            pieces.append(((start, end),))
        else:
            _cut(root, (), limit, pieces, start)
    return pieces


def _shape(line: str) -> tuple[object, ...]:
    """What :func:`plan` reads of a line: two lines of one shape cut a text the same way."""
    body = line.lstrip(" \t")
    return (len(line) - len(body), body[:2] if body[:1] in ("+", "-", "_", "/", "@", "#", "\r") else body[:1] == "",
            bool(_ITEM.match(line)), bool(_ARGUMENT.match(line)))


def _tree(lines: Sequence[str], start: int, end: int) -> _Node | None:
    first = next((i for i in range(start, end) if lines[i][:1] not in ("", " ", "\t", "\r", "/")
                  and _ITEM.match(lines[i])), None)
    if first is None or lines[first].startswith("#") or _ARGUMENT.match(lines[first]):
        return None
    root = _Node(first, 0, True)
    stack = [root]
    quote_open = False
    for i in range(first + 1, end):
        line = lines[i]
        if quote_open:
            quote_open = quote_still_open(line, True)
            continue
        body = line.lstrip(" \t")
        if not body or body == "\r" or body.startswith("//"):
            continue
        indent = len(line) - len(body)
        if '"' in body:
            quote_open = quote_still_open(line, False)
        while len(stack) > 1 and stack[-1].indent >= indent:
            stack.pop()
        top = stack[-1]
        if body[0] in "+-_" and (len(body) == 1 or body[1] in " \t\r"):
            if not top.children:
                top.head_end = i
            elif top.children[0].indent != indent:
                top.splittable = False
            node = _Node(i, indent, not _ARGUMENT.match(line))
            top.children.append(node)
            stack.append(node)
        elif top.children:  # text or metadata after children: leave it to the parser
            top.splittable = False
    _ends(root, end)
    return root


def _ends(node: _Node, end: int) -> None:
    # Iterative: maps may nest thousands of levels deep.
    todo = [(node, end)]
    while todo:
        node, end = todo.pop()
        node.end = end
        for k, child in enumerate(node.children):
            todo.append((child, node.children[k + 1].line if k + 1 < len(node.children) else end))


def _cut(root: _Node, heads: tuple[tuple[int, int], ...], limit: int, out: list[Piece], chunk_start: int) -> None:
    todo: list[tuple[_Node, tuple[tuple[int, int], ...]]] = [(root, heads)]
    while todo:
        node, heads = todo.pop()
        start = chunk_start if node is root else node.line
        if node.end - start <= limit or not node.splittable or not node.children:
            out.append((*heads, (start, node.end)))
            continue
        own = (*heads, (start, node.head_end))
        todo.extend((child, own) for child in reversed(node.children))


def _piece_text(lines: Sequence[str], piece: Piece) -> str:
    """The lines of *piece*, one after the other (the gaps between its ranges left out)."""
    if len(piece) == 1:
        start, end = piece[0]
        return "\n".join(lines[start:end])
    return "\n".join(line for start, end in piece for line in lines[start:end])


class _Place:
    """Where the lines of a piece, parsed one after the other, are in the file."""

    __slots__ = ("boundary", "firsts", "piece")

    def __init__(self, piece: Piece) -> None:
        self.piece = piece
        self.firsts: list[int] = []  # the line (1-based) of the piece's text each range starts at
        at = 1
        for start, end in piece:
            self.firsts.append(at)
            at += end - start
        #: lines of the piece's text before this one are its ancestors' heads
        self.boundary = self.firsts[-1]

    def line(self, line: int) -> int:
        """The file's line (1-based) of the piece's *line*."""
        k = max(bisect.bisect_right(self.firsts, line) - 1, 0)
        return self.piece[k][0] + line - self.firsts[k] + 1


class ChunkParser:
    """Parses texts piece by piece, keeping the pieces of the last text it saw.

    A piece is parsed as if it started the file (so a line added above it
    does not make it parse again); its positions are put back where they are
    in the file for the problems it reports. The merged map keeps the
    pieces' own spans: :meth:`Parsed.locate` gives a span's place in the file.
    """

    def __init__(self, source: str | None = None, limit: int = 40) -> None:
        self.source = source
        self.limit = limit
        self._relative: dict[str, tuple[ArgumentMap | None, list[Problem]]] = {}
        self._last: tuple[list[str], list[Piece]] | None = None

    def _plan(self, lines: list[str]) -> list[Piece]:
        """:func:`plan`, or the last text's when only lines of the same shape changed (typing in a line)."""
        if self._last is not None and len(self._last[0]) == len(lines):
            old, pieces = self._last
            # A quote opened or closed changes where lines belong: cut again whenever one is touched.
            if all('"' not in a and '"' not in b and _shape(a) == _shape(b)
                   for a, b in zip(old, lines, strict=True) if a != b):
                self._last = (lines, pieces)
                return pieces
        pieces = plan(lines, self.limit)
        self._last = (lines, pieces)
        return pieces

    @overload
    def parse(self, text: str) -> Parsed: ...

    @overload
    def parse(self, text: str, stale: Callable[[], bool] | None) -> Parsed | None: ...

    def parse(self, text: str, stale: Callable[[], bool] | None = None) -> Parsed | None:
        """The map of *text* and its syntax errors and check findings.

        *stale* is asked between the steps; when it says True, the work
        stops and None is returned (the pieces parsed so far are kept).
        """
        if text.startswith("\ufeff"):
            text = text[1:]
        lines = split_lines(text)
        if "\r" in text:
            text = "\n".join(lines)
        relative: dict[str, tuple[ArgumentMap | None, list[Problem]]] = {}
        maps: list[tuple[ArgumentMap, _Place]] = []
        problems: list[Problem] = []
        seen: set[tuple[int, int, str]] = set()
        broken: list[tuple[int, int]] = []
        for piece in self._plan(lines):
            body = _piece_text(lines, piece)
            # Two pieces with the same lines (the same subtree under the same node, twice) need
            # objects of their own: a span's place is found by the span object.
            result = None if body in relative else self._relative.get(body)
            if result is None:
                result = _parse_piece(body, self.source)
            relative.setdefault(body, result)
            place = _Place(piece)
            piece_map, found = result
            for problem in found:
                line = place.line(problem.line)
                if (line, problem.column, problem.code) not in seen:
                    seen.add((line, problem.column, problem.code))
                    end_line = None if problem.end_line is None else place.line(problem.end_line)
                    problems.append(attrs.evolve(problem, line=line, end_line=end_line,
                                                 message=_relined(problem.message, place)))
            if any(p.severity is Severity.ERROR for p in found):
                broken.extend(piece)
            if piece_map is not None:
                maps.append((piece_map, place))
        # Keep only the pieces of this text: the next edit needs them, older ones are stale.
        self._relative = relative
        if stale is not None and stale():
            return None
        merged, merge_problems, origin = _merge(maps, text, lines)
        if merged is None and maps:  # a merge it cannot be sure of: read the whole text
            whole, problems = _parse_piece(text, self.source)
            merged, origin, broken = whole, {}, ([(0, len(lines))] if any(
                p.severity is Severity.ERROR for p in problems) else [])
        problems += merge_problems
        parsed = Parsed(merged, (), tuple(broken), not broken, origin)
        if stale is not None and stale():
            return None
        if merged is not None:
            problems += _check(parsed, merged, broken, lines)
        problems.sort(key=lambda p: (p.line, p.column))
        return attrs.evolve(parsed, problems=tuple(problems))


def formatted(text: str) -> str | None:
    """What ``argmap fmt`` writes for *text*; None if it has errors (or would not read back the same)."""
    try:
        m = parse(text)
        new = format_text(text)
        return new if parse(new) == m else None
    except ArgmapSyntaxError:
        return None


def _problem(d: Diagnostic) -> Problem:
    span = d.span
    if span is None:
        return Problem(d.severity, d.code, d.message, 1, 1, d.hint)
    return Problem(d.severity, d.code, d.message, span.line, span.column, d.hint, span.end_line, span.end_column)


def _parse_piece(text: str, source: str | None) -> tuple[ArgumentMap | None, list[Problem]]:
    """The one call of the parser: the document layer's, which never raises.

    It gives every error of the piece (with its range) and the map of the
    rest of it (None when nothing of it can be read).
    """
    document = parse_document(text, source=source)
    return document.map, [_problem(d) for d in document.diagnostics]


_LINE_IN_MESSAGE = re.compile(r"\(line (\d+)\)")


def _relined(message: str, place: _Place) -> str:
    """*message* with a "(line N)" of the piece made the file's."""
    return _LINE_IN_MESSAGE.sub(lambda m: f"(line {place.line(int(m.group(1)))})", message)


def _merge(maps: list[tuple[ArgumentMap, _Place]], text: str, lines: Sequence[str]
           ) -> tuple[ArgumentMap | None, list[Problem], dict[int, _Place]]:
    """One map from the pieces' maps, and the place of each span in it.

    None when unnamed nodes' ids collide (then the whole text is parsed). A
    node or relation written in an ancestor's head is in several pieces: it
    is taken once.
    """
    if len(maps) == 1 and maps[0][1].piece[0][0] == 0 and len(maps[0][1].piece) == 1:
        return maps[0][0], [], {}
    header: dict[str, str] = {}
    statements: dict[str, Statement] = {}
    arguments: dict[str, Argument] = {}
    relations: list[Relation] = []
    heads: set[tuple[Relation, int, int]] = set()
    sections: list[Section] = []
    members: list[list[str]] = []
    problems: list[Problem] = []
    origin: dict[int, _Place] = {}
    for m, place in maps:
        header.update(m.header)
        defined: list[str] = []
        for table, nodes in ((statements, m.statements), (arguments, m.arguments)):
            for node_id, node in nodes.items():
                span = node.span
                first = statements.get(node_id) or arguments.get(node_id)
                if first is not None:
                    if span is not None and span.line < place.boundary:  # an ancestor, seen before
                        # ... on the same line: else an unnamed node alike in another block took the id
                        if first != node or _where(first.span, origin, None) != _where(span, origin, place):
                            return None, [], {}
                        continue
                    if node_id.startswith("_"):
                        return None, [], {}
                    problems.append(_duplicate(node_id, _where(span, origin, place), _where(first.span, origin, None),
                                               lines))
                    continue
                table[node_id] = node  # type: ignore[assignment]
                origin[id(span)] = place
                defined.append(node_id)
        for relation in m.relations:
            span = relation.span
            if span is not None and span.line < place.boundary:
                key = (relation, place.line(span.line), span.column)
                if key in heads:
                    continue
                heads.add(key)
            relations.append(relation)
            origin[id(span)] = place
        for section in m.sections:
            origin[id(section.span)] = place
            sections.append(section)
            members.append(list(section.members))
        if members and not m.sections:
            members[-1] += defined
    sections = [attrs.evolve(s, members=ms) for s, ms in zip(sections, members, strict=True)]
    return ArgumentMap(header, statements, arguments, relations, sections, text=text), problems, origin


def _where(span: Span | None, origin: dict[int, _Place], place: _Place | None) -> tuple[int, int] | None:
    if span is None:
        return None
    place = place or origin.get(id(span))
    return (place.line(span.line) if place else span.line), span.column


def _duplicate(node_id: str, at: tuple[int, int] | None, first: tuple[int, int] | None,
               lines: Sequence[str]) -> Problem:
    line, column = at or (1, 1)
    defines = _DEFINES.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if defines:  # the parser points at the id
        column = defines.start(1) + 1
    where = f" (line {first[0]})" if first else ""
    return Problem(Severity.ERROR, "duplicate-id", f"the id '{node_id}' is already used{where}", line, column,
                   f"give this node another id, or refer to the first one with '@{node_id}'")


_UNKNOWN = re.compile(r"unknown node '([^']*)'")
_DEFINES = re.compile(r"[ \t]*(?:[+\-_][ \t]+)?(?:thesis|claim|premise|evidence|argument)[ \t]+([^\W_][\w.\-]*)[ \t]*:")


def _check(parsed: Parsed, m: ArgumentMap, broken: Iterable[tuple[int, int]], lines: Sequence[str]) -> list[Problem]:
    """:func:`argmap.check` on *m*, less what a broken piece would make wrong."""
    broken = list(broken)
    lost: set[str] = set()
    for start, end in broken:
        for written in lines[start:end]:
            defined = _DEFINES.match(written)
            if defined and defined.group(1) not in m:  # the document layer read past some mistakes
                lost.add(defined.group(1))
    found = check(m)
    if any(d.code == "circular-support" for d in found):
        # Which link of a circle is reported depends on where links are: ask again with the file's places.
        found = [d for d in found if d.code != "circular-support"] + [
            d for d in check(_placed(parsed, m)) if d.code == "circular-support"]
    out = []
    for d in found:
        if broken and not _sound(d, lost):
            continue
        line, column = parsed.locate(d.span) if d.span else (1, 1)
        out.append(Problem(d.severity, d.code, d.message, line, column, d.hint))
    return out


def _placed(parsed: Parsed, m: ArgumentMap) -> ArgumentMap:
    """*m* with the file's places for its relations and arguments (new spans: :meth:`Parsed.locate` keeps them)."""

    def span(s: Span | None) -> Span | None:
        if s is None:
            return None
        line, column = parsed.locate(s)
        return Span(line, column, s.end_line and s.end_line + line - s.line, s.end_column)

    def relation(r: Relation) -> Relation:
        target = relation(r.target) if isinstance(r.target, Relation) else r.target
        return Relation(r.kind, r.source, target, span(r.span))

    return attrs.evolve(m, relations=[relation(r) for r in m.relations],
                        arguments=[attrs.evolve(a, span=span(a.span)) for a in m.arguments.values()])


def _sound(d: Diagnostic, lost: set[str]) -> bool:
    """Whether a finding on a partial map stands (it names no id of a broken piece)."""
    if d.code == "unknown-reference":
        m = _UNKNOWN.search(d.message)
        return not (m and m.group(1) in lost)
    # Without the broken blocks, nodes may look disconnected and the thesis missing.
    return d.code not in ("disconnected", "no-thesis")
