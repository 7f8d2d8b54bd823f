"""Checks on a whole map: the rules no single field can enforce.

:func:`check` looks at an :class:`~argmap.model.ArgumentMap` and returns
what is wrong with it as :class:`~argmap.errors.Diagnostic` objects; it
collects and never raises.  Each finding has a stable ``code`` (see
``docs/checks.md``) so that tools may filter on it.

>>> from argmap.model import ArgumentMap, Relation, Span, Statement
>>> m = ArgumentMap(
...     statements=[Statement("thesis", "t", "Tea is good.", span=Span(1, 1)),
...                 Statement("claim", "warm", "It is warm.", span=Span(2, 3))],
...     relations=[Relation("support", "wram", "t", span=Span(2, 3))])
>>> for d in check(m):
...     print(d.format("tea.argmap"))
tea.argmap:2:3: error: unknown node 'wram' (did you mean 'warm'?) [unknown-reference]
hint: write '@warm', or define a node with id 'wram'
tea.argmap:2:3: warning: claim 'warm' does not lead to any thesis [disconnected]
hint: put it under a thesis, or under a node that leads to one, with '+' or '-'; or remove it

Every check runs in time linear in the size of the map, without
recursion, so maps thousands of levels deep are fine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from argmap.constants import DATE_OR_RANGE
from argmap.errors import Diagnostic, Severity
from argmap.graphs import strongly_connected
from argmap.model import Argument, ArgumentMap, Kind, Node, Relation, RelationKind, Span, Statement

__all__ = ["check", "CODES"]

#: Every code :func:`check` may report, with its severity.
CODES: dict[str, Severity] = {
    "unknown-reference": Severity.ERROR,
    "no-thesis": Severity.WARNING,
    "circular-support": Severity.ERROR,
    "disconnected": Severity.WARNING,
    "evidence-without-provenance": Severity.WARNING,
    "undercut-without-link": Severity.ERROR,
    "empty-argument": Severity.ERROR,
    "bad-weight": Severity.ERROR,
    "bad-date": Severity.WARNING,
    "premise-outside-argument": Severity.WARNING,
    "argument-as-premise": Severity.ERROR,
}

#: At most this many unknown ids get a "did you mean" suggestion; each
#: suggestion scans every id, so an unbounded number would be quadratic.
_MAX_SUGGESTIONS = 50



def check(map: ArgumentMap) -> list[Diagnostic]:
    """Everything wrong with *map*, sorted by position; span-less findings last.

    Findings at the same position keep the order the checks produced them.
    """
    found: list[Diagnostic] = []
    found.extend(_check_references(map))
    found.extend(_check_thesis(map))
    found.extend(_check_circular_support(map))
    found.extend(_check_disconnected(map))
    found.extend(_check_nodes(map))
    return sorted(found, key=_position)


def _errors(map: ArgumentMap) -> list[Diagnostic]:
    """The errors of :func:`check`, in its order, without running the checks that only warn
    (``argmap convert`` and ``render`` refuse a map with errors and drop the warnings)."""
    found = list(_check_references(map))
    found.extend(_check_circular_support(map))
    for node in map.nodes():
        if isinstance(node, Argument) and not node.premises and not node.text:
            found.append(_empty_argument(node))
        if "weight" in node.metadata:
            found.extend(_check_metadata(node))
    return sorted((d for d in found if d.severity is Severity.ERROR), key=_position)


def validation_errors(map: ArgumentMap) -> list[Diagnostic]:
    """The errors that leave *map* without a meaning to compute, sorted by position.

    Unknown ids, undercuts with no link, an argument among premises and bad
    weights: :func:`argmap.evaluate` refuses a map with any of them, with the
    first as its error (same code, message, place and hint as here).
    """
    found = list(_check_references(map))
    found.extend(d for node in map.nodes() for d in _check_metadata(node) if d.code == "bad-weight")
    return sorted(found, key=_position)


def _position(diagnostic: Diagnostic) -> tuple[int, int, int]:
    span = diagnostic.span
    if span is None:
        return (1, 0, 0)
    return (0, span.line, span.column)


def _diagnostic(code: str, message: str, span: Span | None, hint: str) -> Diagnostic:
    return Diagnostic(CODES[code], code, message, span, hint)


def _describe(node: Node) -> str:
    """How a message names a node: by id, or by its text when the id was derived."""
    kind = "argument" if isinstance(node, Argument) else str(node.kind)
    if not node.anonymous:
        return f"{kind} '{node.id}'"
    text = " ".join(node.text.split())
    if not text:
        return f"an unnamed {kind}"
    if len(text) > 40:
        text = text[:39] + "\u2026"
    return f'{kind} "{text}"'


# -- unknown-reference, undercut-without-link --------------------------------


class _Suggester:
    """Finds the known id closest to a misspelt one, within a fixed budget."""

    def __init__(self, map: ArgumentMap) -> None:
        self._map = map
        self._ids: list[str] | None = None  # listed when the first unknown id is met
        self._cache: dict[str, str | None] = {}

    def __call__(self, missing: str) -> str | None:
        if missing not in self._cache:
            if len(self._cache) >= _MAX_SUGGESTIONS:
                return None
            import difflib  # only a map with a misspelt id pays for importing it

            if self._ids is None:  # derived ids cannot be written, so suggesting one would not help
                self._ids = [nid for nid in (*self._map.statements, *self._map.arguments) if not nid.startswith("_")]
            close = difflib.get_close_matches(missing, self._ids, n=1)
            self._cache[missing] = close[0] if close else None
        return self._cache[missing]


def _unknown(missing: str, span: Span | None, suggest: _Suggester) -> Diagnostic:
    close = suggest(missing)
    if close is None:
        message = f"unknown node '{missing}'"
        hint = f"check the spelling, or define a node with id '{missing}'"
    else:
        message = f"unknown node '{missing}' (did you mean '{close}'?)"
        hint = f"write '@{close}', or define a node with id '{missing}'"
    return _diagnostic("unknown-reference", message, span, hint)


def _check_references(map: ArgumentMap) -> Iterator[Diagnostic]:
    suggest = _Suggester(map)
    statements, arguments = map.statements, map.arguments
    links: set[Relation] | None = None  # made once an undercut needs it (hashing every relation is not free)
    for rel in map.relations:
        if rel.source not in statements and rel.source not in arguments:
            yield _unknown(rel.source, rel.span, suggest)
        if isinstance(rel.target, str):
            if rel.target not in statements and rel.target not in arguments:
                yield _unknown(rel.target, rel.span, suggest)
            if rel.kind is RelationKind.UNDERCUT:
                yield _diagnostic(
                    "undercut-without-link",
                    f"{_name(map, rel.source)} undercuts '{rel.target}', "
                    "which is a node, not a support or attack to undercut",
                    rel.span,
                    "put the '_' line under a node that supports or attacks something",
                )
            continue
        if links is None:
            links = set(map.relations)
        if rel.kind is RelationKind.UNDERCUT and rel.target not in links:
            yield _diagnostic(
                "undercut-without-link",
                f"{_name(map, rel.source)} undercuts a link that is not in the map "
                f"('{rel.target.source}' {rel.target.kind}s '{rel.target.target_id}')",
                rel.span,
                "put the '_' line under a node that supports or attacks something",
            )
        # A link that is in the map has its ids checked on its own turn;
        # one that is not is checked here, or nobody would.
        link: Relation | str = rel.target
        while isinstance(link, Relation) and link not in links:
            if link.source not in map:
                yield _unknown(link.source, rel.span, suggest)
            if isinstance(link.target, str) and link.target not in map:
                yield _unknown(link.target, rel.span, suggest)
            link = link.target
    for arg in map.arguments.values():
        for pid in arg.premises:
            if pid in map.arguments:
                yield _diagnostic(
                    "argument-as-premise",
                    f"argument '{arg.id}' lists argument '{pid}' among its premises; premises are statements",
                    arg.span,
                    f"list the statements '{pid}' rests on, or write '+ @{pid}' to make it support '{arg.id}'",
                )
            elif pid not in map:
                yield _unknown(pid, arg.span, suggest)


def _name(map: ArgumentMap, id: str) -> str:
    node = map.statements.get(id) or map.arguments.get(id)
    return _describe(node) if node is not None else f"'{id}'"


# -- no-thesis ---------------------------------------------------------------


def _check_thesis(map: ArgumentMap) -> Iterator[Diagnostic]:
    if map.statements and not map.theses:
        yield _diagnostic(
            "no-thesis",
            "the map has no thesis",
            None,
            "write 'thesis' instead of 'claim' for the conclusion the map argues about "
            "(in an Argdown file, give it the data {kind: thesis})",
        )


# -- circular-support --------------------------------------------------------

#: An edge "source supports target", with the relation that says so (None
#: when it comes from a premise's membership in an argument).
_Edge = tuple[str, Relation | None]


def _support_graph(map: ArgumentMap) -> dict[str, list[_Edge]]:
    graph: dict[str, list[_Edge]] = {}
    statements, arguments = map.statements, map.arguments
    support = RelationKind.SUPPORT
    for rel in map.relations:
        source, target = rel.source, rel.target
        if rel.kind is support and isinstance(target, str):
            if (source in statements or source in arguments) and (target in statements or target in arguments):
                graph.setdefault(source, []).append((target, rel))
    for arg in arguments.values():
        for pid in arg.premises:
            if pid in statements or pid in arguments:
                graph.setdefault(pid, []).append((arg.id, None))
    return graph


def _cycle_through(start: str, members: set[str], graph: dict[str, list[_Edge]]) -> list[_Edge]:
    """The shortest cycle from *start* back to it inside one component, as edges."""
    came_from: dict[str, tuple[str, Relation | None]] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ, rel in graph.get(node, ()):
            if succ == start:
                path: list[_Edge] = [(start, rel)]
                while node != start:
                    prev, prev_rel = came_from[node]
                    path.append((node, prev_rel))
                    node = prev
                path.reverse()
                return path
            if succ in members and succ not in came_from:
                came_from[succ] = (node, rel)
                queue.append(succ)
    raise AssertionError("a strongly connected component always holds a cycle")


def _acyclic(graph: dict[str, list[_Edge]]) -> bool:
    """Whether *graph* has no cycle: peeled from its sinks (a node whose successors are all
    peeled is peeled), nothing is left.  Linear, and much cheaper than finding the strongly
    connected components, which are looked for only when this says there is a cycle."""
    left = {node: len(edges) for node, edges in graph.items()}
    before: dict[str, list[str]] = {}
    for node, edges in graph.items():
        for succ, _ in edges:
            before.setdefault(succ, []).append(node)
    ready = [node for node in before if node not in graph]
    while ready:
        for node in before.get(ready.pop(), ()):
            left[node] -= 1
            if not left[node]:
                ready.append(node)
    return not any(left.values())


def _check_circular_support(map: ArgumentMap) -> Iterator[Diagnostic]:
    graph = _support_graph(map)
    if _acyclic(graph):
        return
    order = {nid: i for i, nid in enumerate((*map.statements, *map.arguments))}
    for component in strongly_connected(order, lambda node: [succ for succ, _ in graph.get(node, ())]):
        if len(component) == 1:
            only = component[0]
            if not any(succ == only for succ, _ in graph.get(only, ())):
                continue
        members = set(component)
        start = min(component, key=order.__getitem__)
        cycle = _cycle_through(start, members, graph)
        # cycle[k] = (node reached, relation that reached it); walk it from start.
        path = " -> ".join([start, *(succ for succ, _ in cycle)])
        spans = [rel.span for _, rel in cycle if rel is not None and rel.span is not None]
        if spans:
            span: Span | None = min(spans, key=lambda s: (s.line, s.column))
        else:
            arg = next((map.arguments[n] for n, rel in cycle if rel is None and n in map.arguments), None)
            span = arg.span if arg is not None else None
        yield _diagnostic(
            "circular-support",
            f"support goes in a circle: {path}",
            span,
            "nothing can support itself, even through others; remove or reverse one of these supports",
        )


# -- disconnected ------------------------------------------------------------


def _check_disconnected(map: ArgumentMap) -> Iterator[Diagnostic]:
    theses = map.theses
    if not theses:
        return
    # Walk backwards from the theses: whatever is reached leads to one.
    leads_to: dict[str, list[str]] = {}
    for rel in map.relations:
        leads_to.setdefault(rel.target_id, []).append(rel.source)
    for arg in map.arguments.values():
        for pid in arg.premises:
            leads_to.setdefault(arg.id, []).append(pid)
    reached = {t.id for t in theses}
    todo = list(reached)
    while todo:
        for prev in leads_to.get(todo.pop(), ()):
            if prev not in reached:
                reached.add(prev)
                todo.append(prev)
    for node in map.nodes():
        if node.id not in reached:
            yield _diagnostic(
                "disconnected",
                f"{_describe(node)} does not lead to any thesis",
                node.span,
                "put it under a thesis, or under a node that leads to one, with '+' or '-'; or remove it",
            )


# -- one node at a time ------------------------------------------------------


def _check_nodes(map: ArgumentMap) -> Iterator[Diagnostic]:
    for node in map.nodes():
        if isinstance(node, Statement):
            yield from _check_statement(map, node)
        elif not node.premises and not node.text:  # with a description it is a sketch
            yield _empty_argument(node)
        yield from _check_metadata(node)


def _empty_argument(node: Argument) -> Diagnostic:
    return _diagnostic(
        "empty-argument",
        f"{_describe(node)} has no premises",
        node.span,
        "list its premises in its block: 'premise: ...' lines, or '@id' lines",
    )


def _check_statement(map: ArgumentMap, statement: Statement) -> Iterator[Diagnostic]:
    if statement.kind is Kind.EVIDENCE and not (_present(statement.date) or _present(statement.source)):
        yield _diagnostic(
            "evidence-without-provenance",
            f"{_describe(statement)} has neither a date nor a source",
            statement.span,
            "add a 'date:' or 'source:' line under it, saying when or where it comes from",
        )
    if statement.kind is Kind.PREMISE and not map.arguments_with_premise(statement.id):
        yield _diagnostic(
            "premise-outside-argument",
            f"{_describe(statement)} belongs to no argument",
            statement.span,
            f"list it in an argument's block (as '@{statement.id}'), or make it a 'claim'",
        )


def _present(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def _check_metadata(node: Node) -> Iterator[Diagnostic]:
    weight = node.metadata.get("weight")
    if weight is not None and not _valid_weight(weight):
        yield _diagnostic(
            "bad-weight",
            f"weight '{weight}' of {_describe(node)} is not a number from 0 to 1",
            node.span,
            "write a number from 0 (no force) to 1 (full force), such as 0.7",
        )
    date = node.metadata.get("date")
    if date is not None and not _valid_date(date):
        yield _diagnostic(
            "bad-date",
            f"date '{date}' of {_describe(node)} is not a date argmap understands",
            node.span,
            "write YYYY, YYYY-MM or YYYY-MM-DD, or a range of two such as 1971/1973 or 1971..1973",
        )


def _valid_weight(raw: str) -> bool:
    try:
        value = float(raw)
    except ValueError:
        return False
    return 0.0 <= value <= 1.0  # False for NaN too


def _valid_date(raw: str) -> bool:
    match = DATE_OR_RANGE.fullmatch(raw.strip())
    if match is None:
        return False
    return all(part is None or _real_date(part) for part in match.groups())


def _real_date(part: str) -> bool:
    """Whether ``YYYY[-MM[-DD]]`` names a day, month or year that exists."""
    import datetime  # (only a map with a date needs it; argmap convert runs no date check)

    fields = [int(f) for f in part.split("-")]
    year, month, day = fields + [1] * (3 - len(fields))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True
