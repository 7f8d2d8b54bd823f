"""Which part of a map is drawn: the ``focus`` neighbourhood, less the ``hide`` kinds.

Reads :class:`~argmap.drawing.options.RenderOptions`; knows nothing of
colours or of any output format.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import attrs

from argmap.constants import DATE
from argmap.drawing.options import RenderOptions, RenderWarning, resolve
from argmap.errors import ArgmapRenderError
from argmap.model import ArgumentMap, Kind, Relation, Statement

__all__ = ["view", "around", "onward", "date_key", "dated_evidence", "FOCUS_DEPTH"]

#: How many steps a focus without a depth reaches, either way.
FOCUS_DEPTH = 2


def view(map: ArgumentMap, options: RenderOptions | None = None, **changes: Any) -> ArgumentMap:
    """The part of *map* that *options* draws: the ``focus`` sub-map, less the ``hide`` kinds.

    ``focus`` with ``depth`` keeps the nodes within that many steps of it;
    ``focus`` alone keeps those within :data:`FOCUS_DEPTH` steps and every
    node on the way from it to the thesis.  A focus that keeps the whole
    map says so with a :class:`RenderWarning`.

    >>> from argmap.model import ArgumentMap, Relation, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "T"), Statement("claim", "c", "C"),
    ...                             Statement("evidence", "e", "E")],
    ...                 relations=[Relation("support", "c", "t"), Relation("support", "e", "c")])
    >>> list(view(m, focus="t", depth=1).statements)
    ['t', 'c']
    >>> list(view(m, hide=["evidence"]).statements)
    ['t', 'c']
    """
    opts = resolve(options, changes)
    keep: set[str] = {n.id for n in map.nodes()}
    if opts.focus is not None:
        if opts.focus not in map:
            try:
                map.get(opts.focus)
            except KeyError as exc:
                raise ArgmapRenderError(f"cannot focus on {opts.focus!r}: {exc.args[0]}") from None
        if opts.depth is None:
            # Alone, a focus shows its neighbourhood: two steps either way, and
            # the line from it to what it finally bears on (the thesis).
            keep = around(map, opts.focus, FOCUS_DEPTH) | onward(map, opts.focus)
        else:
            keep = around(map, opts.focus, opts.depth)
        if keep >= {n.id for n in map.nodes()}:
            warnings.warn(RenderWarning(
                f"--focus {opts.focus} shows the whole map ({len(keep)} nodes): every node is within "
                f"{FOCUS_DEPTH if opts.depth is None else opts.depth} steps of it; give a smaller --depth "
                "(e.g. --depth 1) to see less"), stacklevel=3)
    hidden = set(opts.hide)
    keep = {
        id
        for id in keep
        if not (
            (id in map.statements and map.statements[id].kind.value in hidden)
            or (id in map.arguments and "argument" in hidden)
        )
    }
    if keep == {n.id for n in map.nodes()}:
        return map

    def kept(rel: Relation) -> bool:
        if rel.source not in keep:
            return False
        return kept(rel.target) if isinstance(rel.target, Relation) else rel.target in keep

    return attrs.evolve(
        map,
        statements=[s for s in map.statements.values() if s.id in keep],
        arguments=[attrs.evolve(a, premises=[p for p in a.premises if p in keep])
                   for a in map.arguments.values() if a.id in keep],
        relations=[r for r in map.relations if kept(r)],
        sections=[attrs.evolve(s, members=[m for m in s.members if m in keep]) for s in map.sections],
    )


def around(map: ArgumentMap, start: str, depth: int | None) -> set[str]:
    """Ids within *depth* steps of *start*, following relations and premises both ways.

    A linked argument brings all its premises; an undercut is one step from
    both ends of the link it attacks.
    """
    neighbours: dict[str, set[str]] = {n.id: set() for n in map.nodes()}

    def ends(target: str | Relation) -> list[str]:
        if isinstance(target, Relation):
            return [target.source, *ends(target.target)]
        return [target]

    for rel in map.relations:
        for end in ends(rel.target):
            if rel.source in neighbours and end in neighbours:
                neighbours[rel.source].add(end)
                neighbours[end].add(rel.source)
    for arg in map.arguments.values():
        for p in arg.premises:
            if p in neighbours:
                neighbours[arg.id].add(p)
                neighbours[p].add(arg.id)
    seen = {start}
    frontier = [start]
    steps = 0
    while frontier and (depth is None or steps < depth):
        steps += 1
        frontier = sorted({n for f in frontier for n in neighbours[f]} - seen)
        seen.update(frontier)
    for id in list(seen):
        if id in map.arguments:
            seen.update(p for p in map.arguments[id].premises if p in neighbours)
    return seen


_DATE = re.compile(DATE)  # as `argmap check` reads a date (argmap.constants)


def date_key(date: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(start, end) of a ``date`` value as tuples of numbers, or None if it has no year.

    >>> date_key("2018-03-08"), date_key("2017..2018-06"), date_key("spring")
    (((2018, 3, 8), (2018, 3, 8)), ((2017,), (2018, 6)), None)
    """
    found = [tuple(int(part) for part in m.group().split("-")) for m in _DATE.finditer(date)]
    if not found:
        return None
    return found[0], found[-1]


def dated_evidence(map: ArgumentMap) -> list[tuple[tuple[tuple[int, ...], tuple[int, ...]], Statement]]:
    """The evidence with a readable ``date``, oldest first (file order breaks ties), for the timeline."""
    dated = []
    for s in map.statements.values():
        key = date_key(s.date or "") if s.kind is Kind.EVIDENCE else None
        if key is not None:
            dated.append((key, s))
    dated.sort(key=lambda pair: pair[0])  # stable: file order breaks ties
    return dated


def onward(map: ArgumentMap, start: str) -> set[str]:
    """*start* and every node it bears on, step by step: the way from it to the thesis.

    >>> from argmap.model import ArgumentMap, Relation, Statement
    >>> m = ArgumentMap(statements=[Statement("thesis", "t", "T"), Statement("claim", "c", "C"),
    ...                             Statement("evidence", "e", "E"), Statement("claim", "x", "X")],
    ...                 relations=[Relation("support", "c", "t"), Relation("support", "e", "c"),
    ...                            Relation("attack", "x", "c")])
    >>> sorted(onward(m, "e"))
    ['c', 'e', 't']
    """
    targets: dict[str, set[str]] = {}

    def end(target: str | Relation) -> str:
        return end(target.target) if isinstance(target, Relation) else target

    for rel in map.relations:
        targets.setdefault(rel.source, set()).add(end(rel.target))
    for arg in map.arguments.values():
        for premise in arg.premises:
            targets.setdefault(premise, set()).add(arg.id)
    seen = {start}
    frontier = [start]
    while frontier:
        frontier = sorted({t for f in frontier for t in targets.get(f, ())} - seen)
        seen.update(frontier)
    return seen
