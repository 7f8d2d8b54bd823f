"""Which claims of a map stand, and how strongly.

Two families of semantics from computational argumentation run on the
user's own map (docs/evaluation.md explains them with the essay map):

* **Dung, abstract** (``grounded``, ``preferred``, ``stable``): the map
  becomes an attack framework (:func:`attack_framework`) and every node gets
  a label, ``in``, ``out`` or ``undecided``.
* **Gradual, bipolar** (``dfquad``, ``euler``, ``quadratic-energy``): the
  map becomes a graph of attacks and supports (:func:`bipolar_framework`)
  and every node gets a strength from 0 to 1, starting from its ``weight``
  metadata (0.5 where absent).

>>> import argmap
>>> m = argmap.parse('''
... thesis t: Tea is good.
...   + claim warm: It is warm.
...   - claim caffeine: It has caffeine.
...     - claim little: Less than coffee.
... ''')
>>> r = argmap.evaluate(m)                      # grounded by default
>>> [(i, str(v)) for i, v in r.values.items()]
[('t', 'in'), ('warm', 'in'), ('caffeine', 'out'), ('little', 'in')]
>>> r = argmap.evaluate(m, semantics="dfquad")
>>> {i: round(v, 4) for i, v in r.strengths.items()}
{'t': 0.625, 'warm': 0.5, 'caffeine': 0.25, 'little': 0.5}
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from argmap._callable import callable_module
from argmap.checks import validation_errors
from argmap.constants import DUNG_SEMANTICS, GRADUAL_SEMANTICS, SEMANTICS
from argmap.errors import ArgmapError
from argmap.graphs import strongly_connected
from argmap.model import ArgumentMap, Kind, Node, Relation, RelationKind, Statement

__all__ = [
    "evaluate",
    "Evaluation",
    "Framework",
    "Label",
    "ArgmapEvaluationError",
    "attack_framework",
    "bipolar_framework",
    "SEMANTICS",
    "DUNG_SEMANTICS",
    "GRADUAL_SEMANTICS",
    "NAMES_PER_STEP",
    "SEARCH_LIMIT",
    "TOLERANCE",
    "MAX_ITERATIONS",
]

# DUNG_SEMANTICS, GRADUAL_SEMANTICS and SEMANTICS (every name evaluate()
# accepts) come from argmap.constants, imported above.

#: The preferred and stable search gives up after this many search steps
#: (labellings tried, and comparisons of two candidates when the maximal
#: ones are picked); the result is then flagged ``too-large``.
SEARCH_LIMIT = 100_000
#: The extensions found may hold at most ``NAMES_PER_STEP * search_limit``
#: names in all (1,000,000 by default), else the result is ``too-large`` too:
#: this bounds the memory the extensions take, and their JSON output.
NAMES_PER_STEP = 10
#: A cyclic part of a gradual evaluation has converged when no strength
#: moved by this much or more in one round.
TOLERANCE = 1e-9
#: Rounds allowed per cyclic part before the result is flagged ``not-converged``.
MAX_ITERATIONS = 1000

#: Base score of a node without ``weight`` metadata.
DEFAULT_WEIGHT = 0.5


class ArgmapEvaluationError(ArgmapError, ValueError):
    """A map that cannot be evaluated (a dangling reference, a bad weight), or a bad request.

    A map's error has the code, place and hint :func:`argmap.check` gives it
    (``unknown-reference``, ``bad-weight``, ...); a bad request has the code
    ``evaluation``.
    """

    default_code = "evaluation"


class Label(str, enum.Enum):
    """A Dung label."""

    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"

    def __str__(self) -> str:
        return self.value


Value = Label | float


@attrs.frozen
class Framework:
    """The graph a semantics ran on.

    ``arguments`` are the map's statements and linked arguments (thesis
    first, then file order), followed by one auxiliary argument per link
    that is undercut, named ``_<kind>:<source>><target>`` (``links`` maps
    each such name to its :class:`~argmap.Relation`).  ``attacks`` and
    ``supports`` are (from, to) pairs; ``feeds`` are (from, to) pairs where
    the base score of *to* is computed from the strength of *from* (a premise
    feeding its argument, the source of a link feeding the link).  Attack
    frameworks have no supports and no feeds.
    """

    arguments: tuple[str, ...]
    attacks: tuple[tuple[str, str], ...]
    supports: tuple[tuple[str, str], ...] = ()
    feeds: tuple[tuple[str, str], ...] = ()
    links: Mapping[str, Relation] = attrs.field(factory=dict)


@attrs.frozen
class Evaluation:
    """What :func:`evaluate` found.

    ``values`` holds one value per map node, the thesis first and then in
    file order: a :class:`Label` for the Dung semantics, a float from 0 to 1
    for the gradual ones.  ``link_values`` holds the values of the auxiliary
    link arguments.  ``status`` is ``"ok"``, ``"not-converged"`` (a gradual
    evaluation whose cycles did not settle: the values are those of the last
    round) or ``"too-large"`` (the preferred or stable search hit its limit:
    the values are then the grounded labels, which every preferred
    extension agrees with where they say in or out).
    """

    semantics: str
    values: Mapping[str, Value]
    framework: Framework
    status: str = "ok"
    extensions: tuple[frozenset[str], ...] | None = None
    iterations: int = 0
    link_values: Mapping[str, Value] = attrs.field(factory=dict)
    message: str | None = None

    @property
    def converged(self) -> bool:
        return self.status != "not-converged"

    @property
    def is_labelling(self) -> bool:
        """True for the Dung semantics (labels), False for the gradual ones (strengths)."""
        return self.semantics in DUNG_SEMANTICS

    @property
    def labels(self) -> dict[str, Label]:
        """The labels of the map's nodes (empty for a gradual semantics)."""
        return {k: v for k, v in self.values.items() if isinstance(v, Label)}

    @property
    def strengths(self) -> dict[str, float]:
        """The strengths of the map's nodes (empty for a Dung semantics)."""
        return {k: v for k, v in self.values.items() if not isinstance(v, Label)}

    def to_dict(self, map: ArgumentMap | None = None) -> dict[str, object]:
        """A JSON-ready summary; with *map*, each node also gets its kind and text."""
        nodes: list[dict[str, object]] = []
        for id, value in self.values.items():
            entry: dict[str, object] = {"id": id}
            if map is not None and id in map:
                node = map.get(id)
                entry["kind"] = _kind_of(node)
                entry["text"] = node.text
            entry["value"] = str(value) if isinstance(value, Label) else value
            nodes.append(entry)
        out: dict[str, object] = {
            "semantics": self.semantics,
            "status": self.status,
            "nodes": nodes,
        }
        if self.message:
            out["message"] = self.message
        if self.is_labelling:
            rank = {id: i for i, id in enumerate(self.framework.arguments)}
            last = len(rank)  # extensions hold framework arguments only
            out["extensions"] = (
                None if self.extensions is None
                else [sorted(e, key=lambda id: rank.get(id, last)) for e in self.extensions]
            )
        else:
            out["iterations"] = self.iterations
        out["links"] = {
            k: str(v) if isinstance(v, Label) else v for k, v in self.link_values.items()
        }
        out["framework"] = {
            "arguments": list(self.framework.arguments),
            "attacks": [list(a) for a in self.framework.attacks],
            "supports": [list(s) for s in self.framework.supports],
            "feeds": [list(f) for f in self.framework.feeds],
        }
        return out


def _kind_of(node: Node) -> str:
    return str(node.kind) if isinstance(node, Statement) else "argument"


# -- building frameworks ----------------------------------------------------


def _validate(map: ArgumentMap) -> None:
    """Raise on what makes evaluation meaningless, as :func:`argmap.check` reports it."""
    errors = validation_errors(map)
    if errors:
        first = errors[0]
        span = first.span
        raise ArgmapEvaluationError(
            first.message, source=map.source, text=map.text, code=first.code, hint=first.hint,
            line=span.line if span else None, column=span.column if span else None,
            end_line=span.end_line if span else None, end_column=span.end_column if span else None,
        )


def _ordered_ids(map: ArgumentMap) -> list[str]:
    """Map nodes, theses first, then in file order (nodes without a position last)."""
    nodes = list(map.nodes())

    def key(item: tuple[int, Node]) -> tuple[int, int, int, int]:
        i, node = item
        thesis = isinstance(node, Statement) and node.kind is Kind.THESIS
        span = node.span
        if span is None:
            return (0 if thesis else 1, 1, 0, i)
        return (0 if thesis else 1, 0, span.line * 1_000_000 + span.column, i)

    return [node.id for _, node in sorted(enumerate(nodes), key=key)]


def link_id(relation: Relation) -> str:
    """The name of the auxiliary argument standing for the link *relation*.

    >>> link_id(Relation("attack", "bypassing", "special"))
    '_attack:bypassing>special'
    """
    target = relation.target if isinstance(relation.target, str) else link_id(relation.target)
    return f"_{relation.kind.value}:{relation.source}>{target}"


def _base_kind(relation: Relation) -> RelationKind:
    r = relation
    while isinstance(r.target, Relation):
        r = r.target
    return r.kind


def _undercut_links(map: ArgumentMap) -> list[Relation]:
    """Relations that some undercut targets, in order of their first undercut."""
    seen: dict[Relation, None] = {}
    for rel in map.relations:
        if isinstance(rel.target, Relation):
            seen.setdefault(rel.target, None)
    return list(seen)


def attack_framework(map: ArgumentMap) -> Framework:
    """The Dung attack framework of *map* (what ``grounded``, ``preferred``, ``stable`` and ICCMA export use).

    * Every statement and linked argument is an argument.
    * ``a - b`` (a attacks b) is the attack (a, b).  Supports are left out.
    * A link that is undercut becomes an auxiliary argument ``L`` that
      stands for the inference: L attacks what the link attacked, the
      undercutters attack L, and so does every attacker of the link's
      source (L needs its source, as an argument needs its sub-arguments).
      Undercuts of support links have nothing to act on and are left out.
    * A linked argument is attacked by every attacker of its premises.

    >>> import argmap
    >>> m = argmap.parse('''
    ... thesis t: T.
    ...   - claim a: A.
    ...     _ claim u: U.
    ... ''')
    >>> fw = attack_framework(m)
    >>> fw.arguments
    ('t', 'a', 'u', '_attack:a>t')
    >>> fw.attacks
    (('_attack:a>t', 't'), ('u', '_attack:a>t'))
    """
    _validate(map)
    order = _ordered_ids(map)
    undercut = {r for r in _undercut_links(map) if _base_kind(r) is RelationKind.ATTACK}
    links = [r for r in _undercut_links(map) if r in undercut]

    def contributor(r: Relation) -> str:
        return link_id(r) if r in undercut else r.source

    attackers: dict[str, dict[str, None]] = {}
    for rel in map.relations:
        if rel.kind is RelationKind.ATTACK:
            assert isinstance(rel.target, str)
            attackers.setdefault(rel.target, {})[contributor(rel)] = None
        elif rel.kind is RelationKind.UNDERCUT and _base_kind(rel) is RelationKind.ATTACK:
            assert isinstance(rel.target, Relation)
            attackers.setdefault(link_id(rel.target), {})[contributor(rel)] = None
    direct = {k: dict(v) for k, v in attackers.items()}
    for arg in map.arguments.values():
        for p in arg.premises:
            for a in direct.get(p, {}):
                attackers.setdefault(arg.id, {})[a] = None
    for r in links:
        for a in list(attackers.get(r.source, {})):
            attackers.setdefault(link_id(r), {})[a] = None

    arguments = order + [link_id(r) for r in links]
    attacks = tuple((a, t) for t in arguments for a in attackers.get(t, {}))
    return Framework(
        arguments=tuple(arguments),
        attacks=attacks,
        links={link_id(r): r for r in links},
    )


def bipolar_framework(map: ArgumentMap) -> Framework:
    """The graph of attacks, supports and feeds the gradual semantics run on.

    Every link that is undercut (support or attack) becomes an auxiliary
    argument whose base score is its source's strength and whose attackers
    are the undercutters; it then supports or attacks the link's target in
    the source's place.  Each premise feeds its linked argument.

    >>> import argmap
    >>> m = argmap.parse('''
    ... thesis t: T.
    ...   + argument a: A.
    ...     premise p: P.
    ...     premise q: Q.
    ... ''')
    >>> fw = bipolar_framework(m)
    >>> fw.supports, fw.feeds
    ((('a', 't'),), (('p', 'a'), ('q', 'a')))
    """
    _validate(map)
    order = _ordered_ids(map)
    links = _undercut_links(map)
    undercut = set(links)

    def contributor(r: Relation) -> str:
        return link_id(r) if r in undercut else r.source

    attacks: dict[tuple[str, str], None] = {}
    supports: dict[tuple[str, str], None] = {}
    for rel in map.relations:
        target = rel.target if isinstance(rel.target, str) else link_id(rel.target)
        edge = (contributor(rel), target)
        (supports if rel.kind is RelationKind.SUPPORT else attacks)[edge] = None
    feeds: dict[tuple[str, str], None] = {}
    for id in order:
        arg = map.arguments.get(id)
        if arg is not None:
            for p in arg.premises:
                feeds[(p, arg.id)] = None
    for r in links:
        feeds[(r.source, link_id(r))] = None
    arguments = order + [link_id(r) for r in links]
    rank = {a: i for i, a in enumerate(arguments)}

    def ordered(edges: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(edges, key=lambda e: (rank[e[1]], rank[e[0]])))

    return Framework(
        arguments=tuple(arguments),
        attacks=ordered(attacks),
        supports=ordered(supports),
        feeds=ordered(feeds),
        links={link_id(r): r for r in links},
    )


# -- Dung semantics ---------------------------------------------------------


def _index(fw: Framework) -> tuple[list[list[int]], list[list[int]]]:
    pos = {a: i for i, a in enumerate(fw.arguments)}
    attackers: list[list[int]] = [[] for _ in fw.arguments]
    targets: list[list[int]] = [[] for _ in fw.arguments]
    for a, t in dict.fromkeys(fw.attacks):
        attackers[pos[t]].append(pos[a])
        targets[pos[a]].append(pos[t])
    return attackers, targets


def grounded_labelling(attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]) -> list[Label]:
    """The grounded labelling by label propagation: O(arguments + attacks), no recursion.

    An argument is in once all its attackers are out, out once one attacker
    is in; what is left is undecided.

    >>> # 0 <- 1 <- 2 <- 3  (d attacks c attacks b attacks a)
    >>> [str(x) for x in grounded_labelling([[1], [2], [3], []], [[], [0], [1], [2]])]
    ['out', 'in', 'out', 'in']
    """
    n = len(attackers)
    alive = [len(a) for a in attackers]  # attackers not (yet) out
    label: list[Label | None] = [None] * n
    queue = [i for i in range(n) if alive[i] == 0]
    for i in queue:
        label[i] = Label.IN
    while queue:
        i = queue.pop()
        for t in targets[i]:
            if label[t] is None:
                label[t] = Label.OUT
                for u in targets[t]:
                    alive[u] -= 1
                    if alive[u] == 0 and label[u] is None:
                        label[u] = Label.IN
                        queue.append(u)
    return [Label.UNDECIDED if x is None else x for x in label]


_BLANK, _IN, _OUT, _MUST_OUT, _UNDEC = range(5)


class _TooLarge(Exception):
    pass



def _search(
    attackers: Sequence[Sequence[int]],
    targets: Sequence[Sequence[int]],
    stable: bool,
    limit: int,
) -> tuple[list[frozenset[int]], int]:
    """Preferred (or stable) extensions by backtracking over labellings.

    The admissible-set search of Nofal, Atkinson and Dunne (2014): take the
    first unlabelled argument, try it in (its targets become out, its
    attackers must-out), then not in; a branch dies when a must-out argument
    has no unlabelled attacker left that could still attack it.  Leaves are
    admissible sets; a preferred candidate must leave no undecided argument
    that it defends, a stable one no argument it does not attack.  The
    trail of changes is undone on backtracking; there is no recursion.
    """
    n = len(attackers)
    labels = [_BLANK] * n
    for i in range(n):
        if i in attackers[i]:
            labels[i] = _UNDEC  # a self-attacker is never in
    trail: list[tuple[int, int]] = []

    def set_label(i: int, lab: int) -> None:
        trail.append((i, labels[i]))
        labels[i] = lab

    def hopeless(m: int) -> bool:
        return labels[m] == _MUST_OUT and not any(labels[b] == _BLANK for b in attackers[m])

    def can_be_attacked(m: int) -> bool:
        return any(labels[b] in (_BLANK, _IN) for b in attackers[m])

    def choose_in(a: int) -> bool:
        set_label(a, _IN)
        left_blank = [a]
        for t in targets[a]:
            if labels[t] != _OUT:
                if labels[t] == _BLANK:
                    left_blank.append(t)
                set_label(t, _OUT)
        for b in attackers[a]:
            if labels[b] not in (_OUT, _MUST_OUT):
                if labels[b] == _BLANK:
                    left_blank.append(b)
                set_label(b, _MUST_OUT)
                if hopeless(b):
                    return False
        return _still_possible(left_blank)

    def _still_possible(left_blank: list[int]) -> bool:
        for c in left_blank:
            for m in targets[c]:
                if hopeless(m):
                    return False
                if stable and labels[m] == _UNDEC and not can_be_attacked(m):
                    return False
        return True

    def choose_undec(a: int) -> bool:
        set_label(a, _UNDEC)
        if stable and not can_be_attacked(a):
            return False
        return _still_possible([a])

    found: list[frozenset[int]] = []
    steps = 0
    # Each frame: (argument branched on, next branch to try, trail length before it).
    stack: list[list[int]] = []

    def next_blank(start: int) -> int:
        for i in range(start, n):
            if labels[i] == _BLANK:
                return i
        return n

    a = next_blank(0)
    if stable and any(labels[i] == _UNDEC and not can_be_attacked(i) for i in range(n)):
        return [], 0
    while True:
        if a == n:
            # A leaf: an admissible set.
            if _candidate(labels, attackers, stable):
                found.append(frozenset(i for i in range(n) if labels[i] == _IN))
            a = n + 1  # backtrack
        if a < n:
            steps += 1
            if steps > limit:
                raise _TooLarge
            stack.append([a, 0, len(trail)])
        # Try the next branch of the top frame; pop exhausted frames.
        while stack:
            frame = stack[-1]
            arg, branch, mark = frame
            while len(trail) > mark:
                i, old = trail.pop()
                labels[i] = old
            if branch == 2:
                stack.pop()
                continue
            frame[1] = branch + 1
            ok = choose_in(arg) if branch == 0 else choose_undec(arg)
            if ok:
                # Everything before the argument branched on was already labelled.
                a = next_blank(arg + 1)
                break
        else:
            break
    if stable:
        return sorted(set(found), key=lambda s: sorted(s)), steps
    return _maximal(found, steps, limit)


def _candidate(labels: Sequence[int], attackers: Sequence[Sequence[int]], stable: bool) -> bool:
    """Whether a leaf's labelling is a candidate: stable, all in or out; preferred, no undecided
    argument that the set defends (all its attackers out)."""
    if stable:
        return all(lab in (_IN, _OUT) for lab in labels)
    return not any(lab == _UNDEC and all(labels[b] == _OUT for b in attackers[i]) for i, lab in enumerate(labels))


def _maximal(found: list[frozenset[int]], steps: int, limit: int) -> tuple[list[frozenset[int]], int]:
    """The maximal candidates, inside the same budget: largest first, each compared with the
    maximal ones kept so far (a superset is larger, so it is already there), each comparison
    one step."""
    maximal: list[frozenset[int]] = []
    for s in sorted(set(found), key=len, reverse=True):
        steps += len(maximal) + 1
        if steps > limit:
            raise _TooLarge
        if not any(s < t for t in maximal):
            maximal.append(s)
    return sorted(maximal, key=lambda s: sorted(s)), steps


def _weak_components(attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]) -> list[list[int]]:
    n = len(attackers)
    seen = [False] * n
    out = []
    for root in range(n):
        if seen[root]:
            continue
        seen[root] = True
        comp, todo = [], [root]
        while todo:
            v = todo.pop()
            comp.append(v)
            for w in (*attackers[v], *targets[v]):
                if not seen[w]:
                    seen[w] = True
                    todo.append(w)
        out.append(sorted(comp))
    return out


def _extensions(
    attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], stable: bool, limit: int
) -> list[frozenset[int]]:
    """Preferred or stable extensions, searched one weakly connected part at a time.

    The extensions of the whole are the unions of one extension of each part
    (parts share no attack); their number counts against *limit* too.
    """
    combined: list[frozenset[int]] = [frozenset()]
    names = 0  # the names the combined extensions hold in all
    budget = limit
    for comp in _weak_components(attackers, targets):
        local = {g: k for k, g in enumerate(comp)}
        found, used = _search(
            [[local[b] for b in attackers[g]] for g in comp],
            [[local[t] for t in targets[g]] for g in comp],
            stable,
            budget,
        )
        budget -= used
        if len(combined) * len(found) > limit:
            raise _TooLarge
        names = names * len(found) + len(combined) * sum(map(len, found))
        if names > limit * NAMES_PER_STEP:
            raise _TooLarge(f"{len(combined) * len(found):,} extensions holding {names:,} names in all")
        combined = [c | frozenset(comp[k] for k in e) for c in combined for e in found]
        if not combined:
            return []
    return combined


def _dung(map: ArgumentMap, semantics: str, limit: int) -> Evaluation:
    fw = attack_framework(map)
    attackers, targets = _index(fw)
    ground = grounded_labelling(attackers, targets)
    names = fw.arguments
    n_map = len(names) - len(fw.links)

    def result(labels: Sequence[Label], **kw: object) -> Evaluation:
        return Evaluation(
            semantics=semantics,
            values={names[i]: labels[i] for i in range(n_map)},
            link_values={names[i]: labels[i] for i in range(n_map, len(names))},
            framework=fw,
            **kw,  # type: ignore[arg-type]
        )

    grounded_in = frozenset(names[i] for i, lab in enumerate(ground) if lab is Label.IN)
    if semantics == "grounded":
        return result(ground, extensions=(grounded_in,))

    # Splitting on the grounded labelling: every complete extension holds the
    # grounded in-arguments and none of the out ones, so the search runs on
    # the undecided part alone.
    undec = [i for i, lab in enumerate(ground) if lab is Label.UNDECIDED]
    local = {g: k for k, g in enumerate(undec)}
    sub_att = [[local[b] for b in attackers[g] if b in local] for g in undec]
    sub_tgt = [[local[t] for t in targets[g] if t in local] for g in undec]
    try:
        found = _extensions(sub_att, sub_tgt, semantics == "stable", limit)
        held = len(found) * len(grounded_in) + sum(len(e) for e in found)
        if held > limit * NAMES_PER_STEP:  # each extension holds the grounded part too
            raise _TooLarge(f"{len(found):,} extensions holding {held:,} names in all")
    except _TooLarge as stop:
        return result(
            ground,
            status="too-large",
            message=(f"the {semantics} search stopped: {stop.args[0]}, more than the {limit * NAMES_PER_STEP:,} allowed "
                     if stop.args else f"the {semantics} search stopped after {limit} steps ")
            + f"({len(undec)} arguments left undecided by the grounded labelling); "
            "the labels shown are the grounded ones",
        )
    extensions = tuple(
        grounded_in | frozenset(names[undec[k]] for k in ext) for ext in sorted(found, key=sorted)
    )
    labels = list(ground)
    if extensions:
        # Sceptical labels: in when in every extension, out when attacked by every one.
        for g in undec:
            name = names[g]
            if all(name in e for e in extensions):
                labels[g] = Label.IN
            elif all(any(names[b] in e for b in attackers[g]) for e in extensions):
                labels[g] = Label.OUT
    message = None
    if not extensions:
        message = "the map has no stable extension; every node is shown as undecided"
        labels = [Label.UNDECIDED] * len(names)
    return result(labels, extensions=extensions, message=message)


# -- gradual semantics ------------------------------------------------------


def _dfquad(base: float, attacks: Sequence[float], supports: Sequence[float]) -> float:
    va = 1.0 - math.prod(1.0 - v for v in attacks)
    vs = 1.0 - math.prod(1.0 - v for v in supports)
    if va >= vs:
        return base - base * (va - vs)
    return base + (1.0 - base) * (vs - va)


def _euler(base: float, attacks: Sequence[float], supports: Sequence[float]) -> float:
    energy = sum(supports) - sum(attacks)
    return 1.0 - (1.0 - base * base) / (1.0 + base * math.exp(energy))


def _quadratic_energy(base: float, attacks: Sequence[float], supports: Sequence[float]) -> float:
    energy = sum(supports) - sum(attacks)

    def h(x: float) -> float:
        x = max(x, 0.0)
        return x * x / (1.0 + x * x)

    return base - base * h(-energy) + (1.0 - base) * h(energy)


_UPDATES: dict[str, Callable[[float, Sequence[float], Sequence[float]], float]] = {
    "dfquad": _dfquad,
    "euler": _euler,
    "quadratic-energy": _quadratic_energy,
}


def _gradual(
    map: ArgumentMap, semantics: str, tolerance: float, max_iterations: int
) -> Evaluation:
    fw = bipolar_framework(map)
    update = _UPDATES[semantics]
    names = fw.arguments
    pos = {a: i for i, a in enumerate(names)}
    n = len(names)
    att: list[list[int]] = [[] for _ in range(n)]
    sup: list[list[int]] = [[] for _ in range(n)]
    feed: list[list[int]] = [[] for _ in range(n)]
    succ: list[list[int]] = [[] for _ in range(n)]
    for edges, into in ((fw.attacks, att), (fw.supports, sup), (fw.feeds, feed)):
        for a, t in edges:
            into[pos[t]].append(pos[a])
            succ[pos[a]].append(pos[t])
    weight: list[float | None] = [None] * n
    for i, name in enumerate(names):
        if name in map:
            weight[i] = map.get(name).weight
    static = [DEFAULT_WEIGHT if w is None else w for w in weight]

    def base(i: int, s: Sequence[float]) -> float:
        if not feed[i]:
            return static[i]
        parts = [s[j] for j in feed[i]]
        w = weight[i]
        if w is not None and names[i] in map:  # a linked argument's own weight: the inference
            parts.append(w)
        return min(parts)

    def value(i: int, s: Sequence[float]) -> float:
        v = update(base(i, s), [s[j] for j in att[i]], [s[j] for j in sup[i]])
        return min(1.0, max(0.0, v))

    strength = list(static)
    status = "ok"
    rounds = 0
    # Sources first, each component in the order Tarjan reached it.
    for comp in [c[::-1] for c in reversed(list(strongly_connected(range(len(succ)), succ.__getitem__)))]:
        if len(comp) == 1 and comp[0] not in succ[comp[0]]:
            strength[comp[0]] = value(comp[0], strength)
            continue
        converged = False
        used = 0
        while used < max_iterations:
            used += 1
            new = [value(i, strength) for i in comp]
            delta = max(abs(v - strength[i]) for i, v in zip(comp, new, strict=True))
            for i, v in zip(comp, new, strict=True):
                strength[i] = v
            if delta < tolerance:
                converged = True
                break
        rounds = max(rounds, used)
        if not converged:
            status = "not-converged"
    n_map = n - len(fw.links)
    message = None
    if status == "not-converged":
        message = (
            f"a cycle of the map did not settle within {max_iterations} rounds "
            f"(tolerance {tolerance:g}); the strengths shown are those of the last round"
        )
    return Evaluation(
        semantics=semantics,
        values={names[i]: strength[i] for i in range(n_map)},
        link_values={names[i]: strength[i] for i in range(n_map, n)},
        framework=fw,
        status=status,
        iterations=rounds,
        message=message,
    )


# -- the entry point --------------------------------------------------------


def evaluate(
    map: ArgumentMap,
    semantics: str = "grounded",
    *,
    search_limit: int = SEARCH_LIMIT,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
) -> Evaluation:
    """Evaluate *map* under *semantics* (one of :data:`SEMANTICS`).

    Raises :class:`ArgmapEvaluationError` for an unknown semantics and for
    maps that cannot be evaluated (a relation or premise naming no node, an
    undercut without a link, a ``weight`` that is not a number from 0 to 1).
    Never raises for a search that is too large or a cycle that does not
    settle: see :attr:`Evaluation.status`.

    >>> import argmap
    >>> m = argmap.parse('''
    ... thesis a: A.
    ...   - claim b: B.
    ...     - claim c: C.
    ...       - claim d: D.
    ... ''')
    >>> sorted(evaluate(m).extensions[0])
    ['b', 'd']
    """
    if semantics in DUNG_SEMANTICS:
        return _dung(map, semantics, search_limit)
    if semantics in GRADUAL_SEMANTICS:
        return _gradual(map, semantics, tolerance, max_iterations)
    raise ArgmapEvaluationError(
        f"unknown semantics {semantics!r}; choose one of {', '.join(SEMANTICS)}"
    )


# `argmap.evaluate(...)` calls evaluate() above; the module stays a module (argmap/_callable.py).
callable_module(__name__)
