"""An :class:`ArgumentMap` back to text, in the canonical layout.

``parse(dumps(m)) == m`` for every map the notation can express.  The
layout is fixed: two spaces per level, one line per text, metadata under
its node, and every line that bears on a node under that node's
definition.  A node is written where it was first linked (its *home*);
its other links are written as references (``+ @id``).  A node whose home
is in another section stays in its own section, in an ``@id`` block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from argmap import _text
from argmap.errors import ArgmapError
from argmap.model import Argument, ArgumentMap, Kind, Node, Relation, RelationKind, relation_key

__all__ = ["dumps", "format_text"]

_MARK = {RelationKind.SUPPORT: "+", RelationKind.ATTACK: "-", RelationKind.UNDERCUT: "_"}
_INDENT = "  "


def dumps(map: ArgumentMap) -> str:
    """The canonical text of *map*.

    >>> from argmap import parse
    >>> print(dumps(parse("thesis t:   Tea is good.\\n    + claim:  It is warm.")), end="")
    thesis t: Tea is good.
      + claim: It is warm.
    """
    text = "".join(line + "\n" for line in _Writer(map).lines())
    anonymous = [n.id for n in map.nodes() if n.anonymous]
    if anonymous and not _reads_back(text, map):
        # An unnamed node that is referenced, or written where its id would
        # be derived otherwise: write the ids out, so that the text reads back.
        text = "".join(line + "\n" for line in _Writer(map, frozenset(anonymous)).lines())
    return text


def _reads_back(text: str, map: ArgumentMap) -> bool:
    from argmap.parser import parse

    try:
        return parse(text) == map
    except ArgmapError:
        return False


#: A header key the parser reads: a letter, then anything but blanks and ':'; never a kind word.
_HEADER_KEY = re.compile(r"[^\W\d_][^\s:]*\Z")


def _value(value: str) -> str:
    return value if _text.bare_value_ok(value) else _text.quote(value)


class _Line(NamedTuple):
    """One line to write: a node's definition or a reference."""

    what: str  # "def" or "ref"
    node: str
    prefix: str  # the marker and its space, or nothing
    rel: int | None  # the index of the relation the line stands for
    level: int
    owner: tuple[str, ...] = ()  # for a premise's line in an argument: the argument, the premise, n


class _Writer:
    def __init__(self, m: ArgumentMap, named: frozenset[str] = frozenset()) -> None:
        self.m = m
        self.named = named  # unnamed nodes whose (derived) ids are written out
        self.rels = m.relations
        # Where each node is written: the index of its home relation, or
        # the argument whose premise it is.
        self.home_rel: dict[str, int] = {}
        self.home_arg: dict[str, str] = {}
        self.parent: dict[str, str] = {}
        self.section: dict[str, int] = {}
        for index, section in enumerate(m.sections):
            for member in section.members:
                self.section.setdefault(member, index)
        self.written_rels: set[int] = set()
        self.used: set[tuple[str, ...]] = set()  # comment keys written
        self.blocks_written: dict[str, int] = {}
        self.written_nodes: set[str] = set()
        self.by_target: dict[str, list[int]] = {}
        self.by_link: dict[Relation, list[int]] = {}
        for index, rel in enumerate(self.rels):
            if isinstance(rel.target, Relation):
                self.by_link.setdefault(rel.target, []).append(index)
            else:
                self.by_target.setdefault(rel.target, []).append(index)
        self._refuse_unwritable()
        self._assign_homes()

    # -- checks ---------------------------------------------------------

    def _refuse_unwritable(self) -> None:
        for key in self.m.header:
            if not _HEADER_KEY.match(key) or key.lower() in _text.KIND_WORDS:
                raise ArgmapError(f"cannot write the header key {key!r}: a key is a letter, then no blanks and "
                                  "no ':', and not a kind word")
        in_argument = {p for a in self.m.arguments.values() for p in a.premises}
        for statement in self.m.statements.values():
            if statement.kind is Kind.PREMISE and statement.id not in in_argument:
                raise ArgmapError(f"cannot write premise {statement.id!r}: it belongs to no argument")
            if not statement.text:
                raise ArgmapError(f"cannot write {statement.kind} {statement.id!r}: it has no text")
        for argument in self.m.arguments.values():
            if not argument.premises and not argument.text:
                raise ArgmapError(f"cannot write argument {argument.id!r}: it has no premise")
        written = set(self.rels)
        for rel in self.rels:
            if isinstance(rel.target, Relation) and rel.target not in written:
                raise ArgmapError(f"cannot write the undercut from {rel.source!r}: the link it attacks is not in the map")

    # -- homes ------------------------------------------------------------

    def _assign_homes(self) -> None:
        m = self.m
        tree_root: dict[str, str] = {}

        def root(node: str) -> str:
            path = []
            while node in tree_root:
                path.append(node)
                node = tree_root[node]
            for step in path:
                tree_root[step] = node
            return node

        def attach(node: str, parent: str) -> bool:
            if node in self.parent or root(parent) == node:
                return False
            self.parent[node] = parent
            tree_root[node] = parent
            return True

        def is_premise(node: str) -> bool:
            statement = m.statements.get(node)
            return statement is not None and statement.kind is Kind.PREMISE

        # A premise is written inside an argument of its own section (the
        # first, if several list it).
        for same_section in (True, False):
            for argument in m.arguments.values():
                for premise in argument.premises:
                    if not is_premise(premise) or premise in self.home_arg:
                        continue
                    here = self.section.get(premise, -1) == self.section.get(argument.id, -1)
                    if here == same_section and attach(premise, argument.id):
                        self.home_arg[premise] = argument.id
        def on_node(index: int) -> bool:
            rel = self.rels[index]
            if not isinstance(rel.target, str) or rel.source not in m or is_premise(rel.source):
                return False
            far = self.section.get(rel.target, -1) != self.section.get(rel.source, -1)
            # An `@id` block in another section needs an id that can be written.
            return not (far and rel.target.startswith("_"))

        def on_link(index: int) -> bool:
            rel = self.rels[index]
            link = rel.target
            if not isinstance(link, Relation) or rel.source not in m or is_premise(rel.source):
                return False
            home = self.home_rel.get(link.source)
            same = self.section.get(link.source, -1) == self.section.get(rel.source, -1)
            return home is not None and self.rels[home] == link and same

        def defined_here(index: int) -> bool:
            rel = self.rels[index]
            node = m.statements.get(rel.source) or m.arguments.get(rel.source)
            return bool(node is not None and node.span and rel.span and node.span.line == rel.span.line)

        # A node parsed from text is homed where it was defined (its line is
        # the relation's line), which makes the layout a fixed point; else
        # at its first relation.  An undercut can home its source only under
        # the line of the link it attacks, so that link's owner settles first.
        order = sorted(range(len(self.rels)), key=lambda i: (not defined_here(i), i))
        candidates: dict[str, list[int]] = {}
        for index in order:
            candidates.setdefault(self.rels[index].source, []).append(index)
        settled: set[str] = set()
        # A node parsed from text whose line holds no relation was written
        # at the top level (or as a premise), and stays there.
        placed = {self.rels[i].source for i in order if defined_here(i)}

        def settle(node: str) -> None:
            if node in settled:
                return
            settled.add(node)
            item = m.statements.get(node) or m.arguments.get(node)
            if item is not None and item.span is not None and node not in placed:
                return
            for index in candidates.get(node, ()):
                rel = self.rels[index]
                if isinstance(rel.target, Relation):
                    settle(rel.target.source)
                    if not on_link(index):
                        continue
                    parent = rel.target.source
                elif on_node(index):
                    parent = rel.target
                    if rel.kind is RelationKind.UNDERCUT:
                        # An undercut of a node (no link) reads so only under
                        # a line that makes no link.
                        settle(parent)
                        if parent in self.home_rel:
                            continue
                else:
                    continue
                if attach(node, parent):
                    self.home_rel[node] = index
                    return

        for index in order:
            settle(self.rels[index].source)

    def _premise_written_in(self, premise: str, argument: str) -> bool:
        """Whether *argument* may hold *premise*'s definition, if it is written first.

        The first argument written that lists a premise holds it (so that
        reading the text back and writing it again gives the same text),
        among those of the premise's own section when there are any.
        """
        home = self.home_arg.get(premise)
        if home is None:
            return False
        own = self.section.get(premise, -1)
        return self.section.get(argument, -1) == own or self.section.get(home, -1) != own

    def _written_in_place(self, node: str) -> bool:
        """Whether *node* is written inside its parent's definition (else: top level)."""
        parent = self.parent.get(node)
        if parent is None:
            return False
        if node in self.home_arg:
            return True
        if parent not in self.m:
            return False
        return self.section.get(parent, -1) == self.section.get(node, -1)

    # -- output -----------------------------------------------------------

    def _commented(self, keys: Sequence[tuple[str, ...]], pad: str, line: str) -> Iterator[str]:
        """*line*, after the comments written above it and with those written after it."""
        leading: list[str] = []
        trailing: list[str] = []
        for key in keys:
            self.used.add(key)
            before, after = self.m.comments.get(key, ((), ()))
            leading += before
            trailing += after
        # All but one trailing comment go above the line, in order.
        leading += trailing[:-1]
        for comment in leading:
            yield f"{pad}{comment}"
        yield f"{line}   {trailing[-1]}" if trailing else line

    def lines(self) -> Iterator[str]:
        m = self.m
        for key, value in m.header.items():
            yield from self._commented([("header", key)], "", f"{key}: {_value(value)}")
        order = self._node_order()
        groups: dict[int, list[str]] = {}
        for node in order:
            groups.setdefault(self.section.get(node, -1), []).append(node)
        blank = bool(m.header)
        for index in [-1, *range(len(m.sections))]:
            if index >= 0:
                if blank:
                    yield ""
                section = m.sections[index]
                heading = "#" * max(1, min(section.level, 6)) + " " + _text.escape_text(_text.collapse(section.title))
                same = sum(1 for s in m.sections[:index] if s.title == section.title and s.level == section.level)
                yield from self._commented([("section", str(section.level), section.title, str(same))], "", heading)
                blank = True
            for entry in self._entries(groups.get(index, [])):
                if blank:
                    yield ""
                blank = True
                yield from entry
        # What is not written yet: links to nodes the map does not define,
        # and undercuts of nodes whose line makes a link.
        leftovers: dict[str, list[int]] = {}
        for index, rel in enumerate(self.rels):
            if index not in self.written_rels and isinstance(rel.target, str):
                leftovers.setdefault(rel.target, []).append(index)
        for target in leftovers:
            if blank:
                yield ""
            blank = True
            yield from self._commented([self._block_key(target)], "", f"@{target}")
            yield from self._emit(self._children_of(target, None, 1))
        # Comments on an `@id` block line that is no longer written (merged
        # into another block, or with nothing under it) are kept, at the end.
        lost = [c for key, (a, b) in m.comments.items() if key[0] == "block" and key not in self.used
                for c in a + b]
        ending = [*lost, *m.comments.get(("end",), ((), ()))[0]]
        if ending:
            if blank:
                yield ""
            yield from ending

    def _node_order(self) -> list[str]:
        nodes: list[Node] = list(self.m.nodes())
        late = len(nodes) + 1_000_000_000

        def key(item: tuple[int, Node]) -> tuple[int, int]:
            index, node = item
            return (node.span.line if node.span else late, index)

        return [node.id for _, node in sorted(enumerate(nodes), key=key)]

    def _entries(self, nodes: list[str]) -> Iterator[list[str]]:
        """Top-level entries of one section: root definitions and ``@id`` blocks."""
        blocks: dict[str, list[str]] = {}
        entries: list[tuple[str, str]] = []
        for node in nodes:
            if self._written_in_place(node):
                continue
            parent = self.parent.get(node)
            if parent is None:
                entries.append(("root", node))
            else:
                if parent not in blocks:
                    blocks[parent] = []
                    entries.append(("block", parent))
                blocks[parent].append(node)
        for what, node in entries:
            if what == "root":
                yield list(self._emit([_Line("def", node, "", None, 0)]))
            else:
                lines = list(self._commented([self._block_key(node)], "", f"@{node}"))
                for child in blocks[node]:
                    index = self.home_rel[child]
                    if index in self.written_rels:
                        continue
                    self.written_rels.add(index)
                    mark = _MARK[self.rels[index].kind]
                    lines.extend(self._emit([_Line("def", child, mark + " ", index, 1)]))
                yield lines

    def _emit(self, tasks: list[_Line]) -> Iterator[str]:
        """Write lines: a node's definition with everything under it, or a reference."""
        # An explicit stack instead of recursion: maps may nest thousands deep.
        stack = list(reversed(tasks))
        while stack:
            task = stack.pop()
            pad = _INDENT * task.level
            link = self.rels[task.rel] if task.rel is not None else None
            rel_key: list[tuple[str, ...]] = [self._rel_key(task.rel)] if task.rel is not None else []
            if task.what == "ref":
                keys: list[tuple[str, ...]] = rel_key or [("premise", *task.owner)]
                yield from self._commented(keys, pad, f"{pad}{task.prefix}@{task.node}")
                if link is not None:
                    stack.extend(reversed(self._undercuts(link, task.level + 1)))
                continue
            node = task.node
            self.written_nodes.add(node)
            item = self.m.get(node)
            # A premise's line in an argument is keyed as the argument's listing of it (see the parser).
            premise_key = [("premise", *task.owner)] if task.owner else []
            yield from self._commented([*rel_key, *premise_key, ("node", node)], pad,
                                       pad + task.prefix + self._head(item))
            inner = pad + _INDENT
            for key, value in item.metadata.items():
                yield from self._commented([("meta", node, key)], inner, f"{inner}{key}: {_value(value)}")
            pending: list[_Line] = []
            if isinstance(item, Argument):
                for position, premise in enumerate(item.premises):
                    times = str(item.premises[:position].count(premise))
                    if self._premise_written_in(premise, item.id) and premise not in self.written_nodes:
                        self.written_nodes.add(premise)
                        pending.append(_Line("def", premise, "", None, task.level + 1, (item.id, premise, times)))
                    else:
                        pending.append(_Line("ref", premise, "", None, task.level + 1, (item.id, premise, times)))
            pending.extend(self._children_of(node, link, task.level + 1))
            stack.extend(reversed(pending))

    def _block_key(self, node: str) -> tuple[str, ...]:
        """The comment key of the next ``@id`` block line of *node*."""
        times = self.blocks_written[node] = self.blocks_written.get(node, -1) + 1
        return ("block", node, str(times))

    def _rel_key(self, index: int) -> tuple[str, ...]:
        """The comment key of relation *index*: its content, and how many alike come before it."""
        if not hasattr(self, "_rel_keys"):
            seen: dict[tuple[str, ...], int] = {}
            self._rel_keys: list[tuple[str, ...]] = []
            for rel in self.rels:
                key = relation_key(rel)
                seen[key] = seen.get(key, -1) + 1
                self._rel_keys.append(("rel", *key, str(seen[key])))
        return self._rel_keys[index]

    def _children_of(self, node: str, link: Relation | None, level: int) -> list[_Line]:
        """Lines for the relations that bear on *node* and on the *link* its line stands for."""
        indices = list(self.by_target.get(node, []))
        if link is not None:
            indices += self.by_link.get(link, [])
        tasks: list[_Line] = []
        for index in sorted(indices):
            rel = self.rels[index]
            if link is not None and rel.kind is RelationKind.UNDERCUT and isinstance(rel.target, str):
                continue  # here it would undercut the line's link: written in an `@id` block
            source = rel.source
            home = self.home_rel.get(source) == index
            if index in self.written_rels or (home and not self._written_in_place(source)):
                continue  # a home in another section is written in an `@id` block there
            self.written_rels.add(index)
            mark = _MARK[rel.kind] + " "
            if home and source not in self.written_nodes:
                self.written_nodes.add(source)
                tasks.append(_Line("def", source, mark, index, level))
            else:
                tasks.append(_Line("ref", source, mark, index, level))
        return tasks

    def _undercuts(self, link: Relation, level: int) -> list[_Line]:
        tasks: list[_Line] = []
        for index in self.by_link.get(link, []):
            if index in self.written_rels:
                continue
            self.written_rels.add(index)
            tasks.append(_Line("ref", self.rels[index].source, "_ ", index, level))
        return tasks

    def _head(self, item: Node) -> str:
        kind = "argument" if isinstance(item, Argument) else item.kind.value
        head = kind if item.anonymous and item.id not in self.named else f"{kind} {item.id}"
        # A line break or a run of blanks cannot be written: the notation reads them as one space.
        text = _text.escape_text(_text.collapse(item.text)) if item.text else ""
        tags = "".join(f" #{tag}" for tag in item.tags)
        return f"{head}:" + (f" {text}" if text else "") + tags


# -- the author's file, laid out: fmt -------------------------------------------


def format_text(text: str, *, source: str | None = None) -> str:
    """*text* in the canonical layout, keeping the author's order, sections and line breaks.

    What ``argmap fmt`` writes (docs/notation.md, "What fmt keeps"): every
    element stays where it was written, in its section and among its
    siblings; a node's continuation lines stay lines; values keep their
    quotes or their absence; comments stay on or above their element.  What
    changes: indentation (two spaces a level), the blanks between words of a
    node line or heading, trailing blanks, and blank lines (at most one in a
    row; one before each heading and top-level block, none at the start).
    Raises :class:`~argmap.errors.ArgmapSyntaxError` (every error) for bad
    notation.

    >>> print(format_text("thesis   t:  Tea  is good.   // why\\n      + claim:  It is\\n         warm.\\n"), end="")
    thesis t: Tea is good.   // why
      + claim: It is
        warm.
    """
    from argmap.document import Heading, NodeLine
    from argmap.parser import _parse_document, parse

    doc = _parse_document(text, source)
    if doc.errors:
        parse(text, source=source)  # raises ArgmapSyntaxError with every error
        raise ArgmapError("the text has errors")  # pragma: no cover - parse raised
    lines = doc.text.split("\n")
    out: list[str] = []

    def emit(line: int, content: str) -> None:
        if out and line >= 2 and not lines[line - 2].strip() and out[-1] != "":
            out.append("")  # the author's blank line (one of a run)
        out.append(content)

    def with_comments(element: Any, pad: str, physical: list[tuple[int, str]]) -> None:
        """The element's lines (line number, new content), its comments above and after them."""
        for comment in element.leading:
            emit(comment.range.start_line, pad + comment.text)
        after: dict[int, list[Any]] = {}
        for comment in element.trailing:
            after.setdefault(comment.range.start_line, []).append(comment)
        for number, content in physical:
            for comment in after.pop(number, []):
                before = lines[number - 1][: comment.range.start_column - 1]
                content += " " * max(len(before) - len(before.rstrip()), 1) + comment.text
            emit(number, content)
        for stray in after.values():  # pragma: no cover - every trailing comment is on one of its lines
            for comment in stray:
                emit(comment.range.start_line, pad + comment.text)

    def value_lines(first: int, head: str, raw: str, pad: str) -> list[tuple[int, str]]:
        # A quoted value's lines re-indented (a break and its indentation read as one space).
        parts = raw.split("\n")
        return [(first, head + parts[0].rstrip())] + [(first + n, pad + part.strip())
                                                       for n, part in enumerate(parts[1:], 1)]

    for field in doc.header:
        with_comments(field, "", value_lines(field.range.start_line, f"{field.key.text}: ", field.value.text,
                                             _INDENT))
    for block in doc.blocks:
        if isinstance(block, Heading):
            title = "#" * block.level + " " + _text.collapse(block.title.text)
            with_comments(block, "", [(block.range.start_line, title)])
            continue
        stack: list[NodeLine] = [block]
        while stack:
            node = stack.pop()
            pad = _INDENT * node.level
            inner = pad + _INDENT
            physical = [(node.range.start_line, pad + _node_head(node))]
            physical += [(piece.range.start_line, inner + _text.collapse(piece.text)) for piece in node.continuation]
            with_comments(node, pad, physical)
            for meta in node.metadata:
                with_comments(meta, inner, value_lines(meta.range.start_line, f"{inner}{meta.key.text}: ",
                                                       meta.value.text, inner + _INDENT))
            stack.extend(reversed(node.children))
    for comment in doc.ending:
        emit(comment.range.start_line, comment.text)
    return "".join(line + "\n" for line in out)


def _node_head(node: Any) -> str:
    words = [p.text for p in (node.marker, node.kind, node.id) if p is not None]
    if node.reference is not None:
        return " ".join([*words, node.reference.text])
    head = " ".join(words) + ":"
    return head + (" " + _text.collapse(node.text.text) if node.text is not None else "")
