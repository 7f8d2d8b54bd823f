"""The argument map as typed, immutable objects.

This module imports nothing from argmap but :mod:`argmap.constants` (its
Jupyter display hooks import the renderer when a notebook shows a map; see
docs/architecture.md): it is the shared vocabulary of every stage.

Equality is semantic: two maps are equal when they hold the same
statements, arguments, relations, sections and header, whatever the order
the file defined them in, and whatever the source positions (spans are kept
out of equality).

>>> m = ArgumentMap(
...     statements=[Statement("thesis", "t", "Tea is good."),
...                 Statement("claim", "c", "It is warm.")],
...     relations=[Relation("support", "c", "t")])
>>> [s.id for s in m.theses]
['t']
>>> [s.id for s in m.supporters("t")]
['c']
"""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

import attrs

from argmap.constants import HEADER_KEYS, METADATA_KEYS

__all__ = [
    "Kind",
    "RelationKind",
    "Span",
    "Statement",
    "Argument",
    "Relation",
    "Section",
    "ArgumentMap",
    "Node",
    "METADATA_KEYS",
    "HEADER_KEYS",
    "derive_id",
    "relation_key",
    "as_notation_reads",
    "MAX_UNDERCUT_DEPTH",
]

#: How deep undercuts of undercuts may nest.  Relations compare and hash
#: through their targets, recursively, so a chain of a few hundred would
#: exhaust Python's stack; the readers refuse chains deeper than this.
MAX_UNDERCUT_DEPTH = 100

# METADATA_KEYS and HEADER_KEYS (keys with a documented meaning; any other key
# is kept as given) come from argmap.constants, imported above.


def derive_id(kind: str, text: str, taken: set[str], link: Relation | None = None,
              counts: dict[str, int] | None = None) -> str:
    """The id of a node written without one: ``_<kind>-<hash>``.

    The hash covers the kind, the text and *link*, the relation on whose
    line the node is written; it does not cover the position, so
    reformatting a file never changes the id.  ``-2``, ``-3``, ... tell
    apart nodes alike in all of these, in file order.  The result is added
    to *taken*.  A caller naming many nodes passes one *counts* dict to
    every call (and only adds to *taken*): the search for a free suffix then
    resumes where it stopped, so 7,500 nodes alike take linear time, not
    quadratic.

    >>> derive_id("claim", "It is warm.", set())
    '_claim-b0d73d'
    """
    context = _link_key(link) if link is not None else ""
    digest = hashlib.sha1(f"{kind}\x00{text}\x00{context}".encode()).hexdigest()[:6]
    base = f"_{kind}-{digest}"
    candidate = unused(base, taken, counts)
    taken.add(candidate)
    return candidate


def unused(base: str, taken: set[str], counts: dict[str, int] | None = None) -> str:
    """*base*, else the first of ``base-2``, ``base-3``, ... not in *taken*; see :func:`derive_id` for *counts*.

    >>> unused("a", {"a", "a-2"})
    'a-3'
    """
    n = counts.get(base, 1) if counts is not None else 1
    candidate = base if n == 1 else f"{base}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    if counts is not None:
        counts[base] = n
    return candidate


def as_notation_reads(m: ArgumentMap) -> ArgumentMap:
    r"""*m* with its white space as the notation reads it, so that ``parse(dumps(m)) == m``.

    The readers of JSON, AIF and Argdown call this: node texts, tags and
    section titles have runs of white space (line breaks included) made one
    space and their ends trimmed, as in a node line; header and metadata
    values have each line break, with the blanks around it, made one space,
    as in a quoted value.

    >>> m = ArgumentMap(statements=[Statement("claim", "c", " It is\n  warm.  ", metadata={"quote": "a\n b"})])
    >>> n = as_notation_reads(m)
    >>> n.statements["c"].text, n.statements["c"].metadata["quote"]
    ('It is warm.', 'a b')
    """
    import re

    def text(value: str) -> str:
        return " ".join(value.split())

    def value(raw: str) -> str:
        return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", raw) if "\n" in raw or "\r" in raw else raw

    def values(mapping: Mapping[str, str]) -> dict[str, str]:
        return {key: value(v) for key, v in mapping.items()}

    return attrs.evolve(
        m,
        header=values(m.header),
        statements=[attrs.evolve(s, text=text(s.text), tags=[text(t) for t in s.tags], metadata=values(s.metadata))
                    for s in m.statements.values()],
        arguments=[attrs.evolve(a, text=text(a.text), tags=[text(t) for t in a.tags], metadata=values(a.metadata))
                   for a in m.arguments.values()],
        sections=[attrs.evolve(s, title=text(s.title)) for s in m.sections],
    )


def relation_key(relation: Relation) -> tuple[str, ...]:
    """What identifies *relation* by its content, not its place in a list (for comments).

    >>> relation_key(Relation("undercut", "u", Relation("support", "c", "t")))
    ('undercut', 'u', '<', 'support', 'c', 't')
    """
    parts = [relation.kind.value, relation.source]
    target: Relation | str = relation.target
    while isinstance(target, Relation):
        parts += ["<", target.kind.value, target.source]
        target = target.target
    parts.append(target)
    return tuple(parts)


def _link_key(link: Relation) -> str:
    parts = [link.kind.value]
    target: Relation | str = link.target
    while isinstance(target, Relation):
        parts += [target.kind.value, target.source]
        target = target.target
    return ">".join([*parts, target])


class Kind(str, enum.Enum):
    """What a statement is."""

    THESIS = "thesis"
    CLAIM = "claim"
    PREMISE = "premise"
    EVIDENCE = "evidence"

    def __str__(self) -> str:
        return self.value


class RelationKind(str, enum.Enum):
    """How a reason bears on its target."""

    SUPPORT = "support"
    ATTACK = "attack"
    UNDERCUT = "undercut"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Span:
    """Where something was written: 1-based line and column, end exclusive."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes; it pickles and copies like a dict."""

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("argument maps are immutable; build a new one (attrs.evolve) instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict]]:  # type: ignore[type-arg]
        return (type(self), (dict(self),))

    def __repr__(self) -> str:
        return repr(dict(self))


#: The metadata of every node that has none (it refuses changes, so one can serve all).
_NO_METADATA = FrozenDict()


def _frozen_mapping(value: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Mapping[str, str]:
    return FrozenDict(value) if value else _NO_METADATA


def _mapping_field() -> Mapping[str, str]:
    return attrs.field(
        factory=dict,
        converter=_frozen_mapping,
        eq=attrs.cmp_using(eq=lambda a, b: dict(a) == dict(b)),
        hash=False,
        repr=lambda m: repr(dict(m)),
    )


def _kind(value: Any) -> Kind:
    # A member passes straight through; Enum's own call is slow (a parse makes one per node).
    return value if type(value) is Kind else Kind(value)


def _relation_kind(value: Any) -> RelationKind:
    return value if type(value) is RelationKind else RelationKind(value)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _relations(values: Iterable[Relation]) -> tuple[Relation, ...]:
    return tuple(values)


def _sections(values: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(values)


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")


class _Metadata:
    """Typed access to well-known metadata keys; shared by nodes."""

    metadata: Mapping[str, str]

    @property
    def date(self) -> str | None:
        return self.metadata.get("date")

    @property
    def source(self) -> str | None:
        return self.metadata.get("source")

    @property
    def url(self) -> str | None:
        return self.metadata.get("url")

    @property
    def quote(self) -> str | None:
        return self.metadata.get("quote")

    @property
    def page(self) -> str | None:
        return self.metadata.get("page")

    @property
    def weight(self) -> float | None:
        """The ``weight`` metadata as a number, or None if absent or not a number."""
        raw = self.metadata.get("weight")
        if raw is None:
            return None
        try:
            return float(raw)
        except ValueError:
            return None


@attrs.frozen
class Statement(_Metadata):
    """A thesis, claim, premise or piece of evidence.

    Statements written without an id get one starting with ``_`` (which
    chosen ids cannot), derived from their kind and text so that it stays
    the same when the file is reformatted.
    """

    kind: Kind = attrs.field(converter=_kind)
    id: str = attrs.field(validator=_non_empty)
    text: str
    tags: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    metadata: Mapping[str, str] = _mapping_field()
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def anonymous(self) -> bool:
        """True when the id was derived, not written."""
        return self.id.startswith("_")


@attrs.frozen
class Argument(_Metadata):
    """Premises that support or attack only together: one linked inference.

    ``premises`` are statement ids, in the order written.
    """

    id: str = attrs.field(validator=_non_empty)
    text: str = ""
    premises: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    metadata: Mapping[str, str] = _mapping_field()
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def anonymous(self) -> bool:
        return self.id.startswith("_")

    @property
    def sketch(self) -> bool:
        """True for an argument with a description but no premises yet.

        Argdown writes such arguments (``<Title>: description`` with no
        premise-conclusion structure); argmap keeps, draws and writes them as
        arguments.  An argument with neither premises nor a description is a
        mistake (``empty-argument``).
        """
        return not self.premises and bool(self.text)


#: Anything a relation can start from or point at by id.
Node = Statement | Argument


@attrs.frozen
class Relation:
    """A reason bearing on a target.

    ``source`` is the id of a statement or argument.  For support and attack,
    ``target`` is the id of what is supported or attacked.  For an undercut,
    ``target`` is the :class:`Relation` (the link) under attack; an undercut
    whose target is a plain id has no link to attack, which
    :func:`argmap.check` reports.
    """

    kind: RelationKind = attrs.field(converter=_relation_kind)
    source: str
    target: str | Relation
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def depth(self) -> int:
        """How many links this relation is away from a node: 0 for support and attack."""
        depth, target = 0, self.target
        while isinstance(target, Relation):
            depth, target = depth + 1, target.target
        return depth

    @property
    def target_id(self) -> str:
        """The id of the node this relation finally bears on."""
        target = self.target
        while isinstance(target, Relation):
            target = target.target
        return target


def _same_multiset(a: tuple[Relation, ...], b: tuple[Relation, ...]) -> bool:
    return Counter(a) == Counter(b)


@attrs.frozen
class Section:
    """A heading and the nodes written directly under it.

    Sections are kept flat, in file order; ``level`` (1 for ``#``, 2 for
    ``##``, ...) gives the nesting, see :meth:`ArgumentMap.parent_section`.
    """

    title: str
    level: int = 1
    members: tuple[str, ...] = attrs.field(default=(), converter=_strings, eq=frozenset)
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


def _node_dict(nodes: Mapping[str, Node] | Iterable[Node]) -> FrozenDict:
    if isinstance(nodes, Mapping):
        return FrozenDict(nodes)
    out: dict[str, Node] = {}
    for node in nodes:
        if node.id in out:
            raise ValueError(f"duplicate id {node.id!r}")
        out[node.id] = node
    return FrozenDict(out)


def _statement_dict(nodes: Mapping[str, Statement] | Iterable[Statement]) -> Mapping[str, Statement]:
    return _node_dict(nodes)


def _argument_dict(nodes: Mapping[str, Argument] | Iterable[Argument]) -> Mapping[str, Argument]:
    return _node_dict(nodes)


_SAME_DICT = attrs.cmp_using(eq=lambda a, b: dict(a) == dict(b))


@attrs.frozen
class ArgumentMap:
    """A whole argument map: header, nodes, relations and sections.

    ``statements`` and ``arguments`` map ids to nodes in the order the file
    defined them; pass either a mapping or an iterable of nodes.
    """

    header: Mapping[str, str] = _mapping_field()
    statements: Mapping[str, Statement] = attrs.field(
        factory=dict, converter=_statement_dict, eq=_SAME_DICT, hash=False,
        repr=lambda m: repr(list(m.values())),
    )
    arguments: Mapping[str, Argument] = attrs.field(
        factory=dict, converter=_argument_dict, eq=_SAME_DICT, hash=False,
        repr=lambda m: repr(list(m.values())),
    )
    relations: tuple[Relation, ...] = attrs.field(
        default=(), converter=_relations, eq=attrs.cmp_using(eq=_same_multiset), hash=False
    )
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    source: str | None = attrs.field(default=None, eq=False)
    text: str | None = attrs.field(default=None, eq=False, repr=False)
    #: ``//`` comments, by what they were written next to: a key such as
    #: ``("node", id)``, ``("meta", id, key)``, ``("rel", *relation_key(r), n)``,
    #: ``("premise", argument, premise, n)`` (a premise's line in an argument, its
    #: definition or an ``@id``: n earlier listings of it there),
    #: ``("section", level, title, n)`` (n earlier sections alike),
    #: ``("block", id, n)`` (an ``@id`` block line; n earlier blocks of id),
    #: ``("header", key)`` or ``("end",)``, mapped to the comments above the
    #: line and those after it.  Keys name what the comment is about, never a
    #: position in a list, so that a map changed with ``attrs.evolve`` or a
    #: view keeps each comment on its own line.  Kept so that
    #: :func:`argmap.dumps` can write them back; not part of equality.
    comments: Mapping[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = attrs.field(
        factory=dict, converter=FrozenDict, eq=False, repr=False
    )

    # -- header ---------------------------------------------------------

    @property
    def title(self) -> str | None:
        return self.header.get("title")

    # -- lookups --------------------------------------------------------

    @property
    def theses(self) -> list[Statement]:
        """The statements of kind thesis, in file order."""
        return [s for s in self.statements.values() if s.kind is Kind.THESIS]

    def get(self, id: str) -> Node:
        """The statement or argument with this id.

        Raises :class:`KeyError` naming the closest id when there is none.
        """
        node = self.statements.get(id) or self.arguments.get(id)
        if node is None:
            from difflib import get_close_matches

            close = get_close_matches(id, list(self.statements) + list(self.arguments), n=1)
            suffix = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"no node {id!r}{suffix}")
        return node

    def __contains__(self, id: object) -> bool:
        return id in self.statements or id in self.arguments

    def nodes(self) -> Iterator[Node]:
        """Every statement, then every argument, each in file order."""
        yield from self.statements.values()
        yield from self.arguments.values()

    # -- relations ------------------------------------------------------

    @cached_property
    def _incoming(self) -> Mapping[str, tuple[Relation, ...]]:
        index: dict[str, list[Relation]] = {}
        for rel in self.relations:
            if isinstance(rel.target, str):
                index.setdefault(rel.target, []).append(rel)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _outgoing(self) -> Mapping[str, tuple[Relation, ...]]:
        index: dict[str, list[Relation]] = {}
        for rel in self.relations:
            index.setdefault(rel.source, []).append(rel)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _undercuts(self) -> Mapping[Relation, tuple[Relation, ...]]:
        index: dict[Relation, list[Relation]] = {}
        for rel in self.relations:
            if isinstance(rel.target, Relation):
                index.setdefault(rel.target, []).append(rel)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _premise_of(self) -> Mapping[str, tuple[Argument, ...]]:
        index: dict[str, list[Argument]] = {}
        for arg in self.arguments.values():
            for pid in arg.premises:
                index.setdefault(pid, []).append(arg)
        return {k: tuple(v) for k, v in index.items()}

    def relations_to(self, id: str) -> tuple[Relation, ...]:
        """Relations whose target is the node *id* (not its links)."""
        return self._incoming.get(id, ())

    def relations_from(self, id: str) -> tuple[Relation, ...]:
        """Relations whose source is the node *id*."""
        return self._outgoing.get(id, ())

    def undercutters(self, relation: Relation) -> tuple[Relation, ...]:
        """The undercuts aimed at *relation*."""
        return self._undercuts.get(relation, ())

    def arguments_with_premise(self, id: str) -> tuple[Argument, ...]:
        """The arguments that list statement *id* among their premises."""
        return self._premise_of.get(id, ())

    def supporters(self, id: str) -> list[Node]:
        """The nodes that directly support *id*, in file order."""
        return self._related(id, RelationKind.SUPPORT)

    def attackers(self, id: str) -> list[Node]:
        """The nodes that directly attack *id*, in file order."""
        return self._related(id, RelationKind.ATTACK)

    def _related(self, id: str, kind: RelationKind) -> list[Node]:
        out = []
        for rel in self.relations_to(id):
            if rel.kind is kind and rel.source in self:
                out.append(self.get(rel.source))
        return out

    def children(self, id: str) -> list[Node]:
        """What bears on *id*: its premises (for an argument), then its supporters and attackers."""
        out: list[Node] = []
        arg = self.arguments.get(id)
        if arg is not None:
            out.extend(self.statements[p] for p in arg.premises if p in self.statements)
        for rel in self.relations_to(id):
            if rel.kind is not RelationKind.UNDERCUT and rel.source in self:
                out.append(self.get(rel.source))
        return out

    def evidence_under(self, id: str) -> list[Statement]:
        """The evidence that bears on *id*, directly or through other nodes.

        Follows supports, attacks and premises downwards; each piece of
        evidence is listed once, in the order first reached.
        """
        return [n for n in self.walk(id) if isinstance(n, Statement) and n.kind is Kind.EVIDENCE and n.id != id]

    def roots(self) -> list[Node]:
        """Nodes that bear on nothing: no outgoing relation, and no premise of an argument."""
        return [
            n
            for n in self.nodes()
            if not self.relations_from(n.id) and not self.arguments_with_premise(n.id)
        ]

    def walk(self, start: str | None = None) -> Iterator[Node]:
        """Depth-first, pre-order walk downwards from *start* (or from every root).

        Each node is yielded once, even in a graph with cycles.
        """
        seen: set[str] = set()
        starts = [start] if start is not None else [n.id for n in self.roots()]
        for root in starts:
            stack = [root]
            while stack:
                nid = stack.pop()
                if nid in seen or nid not in self:
                    continue
                seen.add(nid)
                yield self.get(nid)
                stack.extend(reversed([c.id for c in self.children(nid)]))

    # -- sections -------------------------------------------------------

    def section_of(self, id: str) -> Section | None:
        """The section the node *id* was written in, if any."""
        for section in self.sections:
            if id in section.members:
                return section
        return None

    def parent_section(self, section: Section) -> Section | None:
        """The enclosing section: the nearest earlier one with a lower level."""
        index = self.sections.index(section)
        for earlier in reversed(self.sections[:index]):
            if earlier.level < section.level:
                return earlier
        return None

    # -- display --------------------------------------------------------

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        """Jupyter's hook: the map as SVG, DOT, a one-line summary and the interactive map (HTML), from one layout."""
        from argmap.interactive import repr_mimebundle

        return repr_mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        """Jupyter's hook: the interactive map (pan, zoom, details, search), scoped to this output."""
        from argmap.interactive import repr_html

        return repr_html(self)

    def _repr_svg_(self) -> str:
        """Jupyter's hook: the map drawn as SVG."""
        from argmap.render import render_svg

        return render_svg(self)
