"""Hypothesis strategies shared by the property tests.

``argument_maps()`` builds maps as objects, the way a file would lay them
out (trees of nodes under top-level definitions, spread over sections),
plus references, undercuts and premise reuse across the trees.  Texts are
arbitrary Unicode, white space collapsed as the notation reads it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from argmap import _text
from argmap.model import (
    Argument,
    ArgumentMap,
    Relation,
    RelationKind,
    Section,
    Statement,
    derive_id,
)

_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn"),
)
_RAW = st.text(_CHARS, min_size=1, max_size=40)

texts = _RAW.map(_text.collapse).filter(bool)
ids = st.from_regex(r"[a-z][a-z0-9\-]{0,6}", fullmatch=True)
tags = st.lists(st.from_regex(r"[a-z][a-z0-9_\-]{0,5}", fullmatch=True), max_size=2, unique=True)
keys = st.from_regex(r"[a-z][a-z0-9_\-]{0,6}", fullmatch=True).filter(lambda k: k not in _text.KIND_WORDS)
# Metadata values are one line; anything else goes, quotes and `//` included.
values = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=30
)
metadata = st.dictionaries(keys, values, max_size=3)

_KINDS = ("thesis", "claim", "evidence")
_MARKS = (RelationKind.SUPPORT, RelationKind.ATTACK, RelationKind.UNDERCUT)


@st.composite
def argument_maps(draw: Any, max_nodes: int = 14) -> ArgumentMap:
    used_ids: set[str] = set()
    statements: list[dict[str, Any]] = []
    arguments: list[dict[str, Any]] = []
    relations: list[tuple[str, str, Any]] = []  # (kind, source, target: id or relation index)
    members_of_tree: list[list[str]] = []

    def new_id() -> str | None:
        if draw(st.booleans()):
            return None
        node_id = draw(ids.filter(lambda i: i not in used_ids))
        used_ids.add(node_id)
        return node_id

    def add_statement(kind: str, tree: list[str]) -> str:
        key = f"s{len(statements)}"
        statements.append({"key": key, "kind": kind, "id": new_id(), "text": draw(texts),
                           "tags": draw(tags), "metadata": draw(metadata)})
        tree.append(key)
        return key

    budget = [draw(st.integers(1, max_nodes))]
    home: dict[str, int] = {}  # node key -> index of the relation on its line

    def grow(parent: str, link: int | None, tree: list[str], depth: int) -> None:
        # Depth first, children in order: the order a file lists them in.
        for _ in range(draw(st.integers(0, 3)) if depth < 5 else 0):
            if budget[0] <= 0:
                return
            mark = draw(st.sampled_from(_MARKS if link is not None else _MARKS[:2]))
            target: Any = link if mark is RelationKind.UNDERCUT else parent
            relations.append((mark, "", target))
            index = len(relations) - 1
            if draw(st.integers(0, 4)) == 0:  # a linked argument
                key = f"a{len(arguments)}"
                tree.append(key)
                argument = {"key": key, "id": new_id(), "text": draw(st.one_of(st.just(""), texts)),
                            "tags": draw(tags), "metadata": draw(metadata), "premises": []}
                arguments.append(argument)
                argument["premises"] = [add_statement("premise", tree) for _ in range(draw(st.integers(1, 3)))]
                budget[0] -= len(argument["premises"])
                child = key
            else:
                child = add_statement(draw(st.sampled_from(_KINDS)), tree)
                budget[0] -= 1
            relations[index] = (mark, child, target)
            home[child] = index
            grow(child, index, tree, depth + 1)

    while budget[0] > 0:
        tree: list[str] = []
        root = add_statement(draw(st.sampled_from(_KINDS)), tree)
        budget[0] -= 1
        grow(root, None, tree, 0)
        members_of_tree.append(tree)

    # Links between trees: only nodes with a written id can be referenced.
    named = [s["key"] for s in statements if s["id"] is not None]
    named += [a["key"] for a in arguments if a["id"] is not None]
    every = [s["key"] for s in statements] + [a["key"] for a in arguments]
    if named:
        for _ in range(draw(st.integers(0, 4))):
            source = draw(st.sampled_from(named))
            if relations and draw(st.booleans()):
                relations.append((RelationKind.UNDERCUT, source, draw(st.integers(0, len(relations) - 1))))
            else:
                mark = draw(st.sampled_from(_MARKS[:2]))
                relations.append((mark, source, draw(st.sampled_from(every))))
        reusable = [s["key"] for s in statements if s["id"] is not None]
        for argument in arguments:
            if reusable and draw(st.booleans()):
                argument["premises"].append(draw(st.sampled_from(reusable)))

    # Ids as the parser gives them: nodes on no link first, then the rest in
    # file order (see argmap.parser), each with the link on its line.
    final: dict[str, str] = {}
    taken: set[str] = set()
    built: list[Relation | None] = [None] * len(relations)

    def relation(index: int) -> Relation:
        mark, source, target = relations[index]
        goal = relation(target) if isinstance(target, int) else final.get(target, target)
        return Relation(mark, final.get(source, source), goal)

    by_key = {s["key"]: s for s in statements} | {a["key"]: a for a in arguments}
    order = [k for tree in members_of_tree for k in tree]
    for key in order:
        node = by_key[key]
        if node["id"] is not None:
            final[key] = node["id"]
    unnamed = [k for k in order if by_key[k]["id"] is None]
    for key in [k for k in unnamed if k not in home and k.startswith("s")] + [k for k in unnamed if k in home or k.startswith("a")]:
        if key in final:
            continue
        node = by_key[key]
        link = relation(home[key]) if key in home else None
        if key.startswith("s"):
            final[key] = derive_id(node["kind"], node["text"], taken, link)
        else:
            premises = "\x00".join(final[p] for p in node["premises"])
            final[key] = derive_id("argument", f"{node['text']}\x00{premises}", taken, link)
    built = [relation(i) for i in range(len(relations))]

    sections: list[Section] = []
    if draw(st.booleans()):
        trees = len(members_of_tree)
        cuts = sorted(draw(st.lists(st.integers(0, trees), max_size=3)))
        # Trees before the first cut stay outside any section.
        bounds = [*cuts, trees]
        for start, end in zip(bounds, [*bounds[1:], trees], strict=True):
            if start > end:
                continue
            members = [final[k] for tree in members_of_tree[start:end] for k in tree]
            title = draw(texts)
            sections.append(Section(title, draw(st.integers(1, 3)), members))

    return ArgumentMap(
        header=draw(st.dictionaries(keys, values, max_size=3)),
        statements=[Statement(s["kind"], final[s["key"]], s["text"], s["tags"], s["metadata"]) for s in statements],
        arguments=[Argument(final[a["key"]], a["text"], [final[p] for p in a["premises"]], a["tags"], a["metadata"])
                   for a in arguments],
        relations=built,
        sections=sections,
    )
