"""argmap's reading of Argdown's own files against Argdown's (the golden files of tests/argdown_golden.py).

The mapping (docs/interchange.md, "Argdown conformance"):

- an equivalence class is a statement, named by its title; an untitled one
  (Argdown's "Untitled N") by its text and how many untitled statements with
  that text came before it;
- an argument is an argument; a premise-conclusion structure with several
  inferences is argmap's chain of arguments (``<title>-step-N`` for the
  inner steps), compared as one structure: the same statements, the same
  main conclusion;
- a relation is a relation; the support of an argument for its own
  conclusion is the structure, not a relation; an outgoing relation of a
  reconstructed argument is Argdown's relation of its main conclusion;
  contradictory and (strict mode) contrary are two attacks, entails is a
  support; an undercut is compared by who undercuts which argument;
- texts are compared without tags, with links as their text and white space
  collapsed; tags with spaces are argmap tags with hyphens.

Run ``python -m tests.argdown_conformance`` to print the table, ``--write``
to put it into docs/interchange.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from argmap import Argument, ArgumentMap, Diagnostic, Relation
from argmap._text import collapse
from argmap.errors import ArgmapSyntaxError
from argmap.interchange import argdown
from tests.argdown_golden import CONFORMANCE, ROOT, golden_path, sources

DOC = ROOT / "docs" / "interchange.md"
START, END = "<!-- conformance table: start -->", "<!-- conformance table: end -->"

Key = str
Structure = tuple[Key, str, tuple[str, ...], frozenset[Key], Key]


def norm(text: str | None) -> str:
    text = re.sub(r"(?:^|(?<=\s))#(?:\([^)]*\)|[^\s#()\[\]{}<>]+)", " ", text or "")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return collapse(text)


def _tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(re.sub(r"\s+", "-", t.strip()) for t in tags))


@attrs.frozen
class Reading:
    statements: Counter[tuple[Key, str, tuple[str, ...]]]
    arguments: frozenset[Structure]
    relations: frozenset[tuple[str, Key, Key]]


def theirs(golden: dict[str, Any]) -> Reading:
    keys: dict[str, Key] = {}
    seen: Counter[str] = Counter()
    statements: Counter[tuple[Key, str, tuple[str, ...]]] = Counter()
    untitled = re.compile(r"Untitled (\d+)$")

    def order(item: tuple[str, Any]) -> int:
        m = untitled.match(item[0])
        return int(m.group(1)) if m else 0

    for title, ec in sorted(golden["statements"].items(), key=order):
        text = norm(ec["texts"][0]) if ec["texts"] else ""
        if untitled.match(title):
            keys["[" + title] = f"[~{text}~{seen[text]}"
            seen[text] += 1
        else:
            keys["[" + title] = "[" + title
        statements[(keys["[" + title], text, _tags(ec["tags"]))] += 1
    n = 0
    for title, _ in sorted(golden["arguments"].items(), key=order):
        if untitled.match(title):
            keys["<" + title] = f"<~{n}"
            n += 1
        else:
            keys["<" + title] = "<" + title
    arguments = set()
    main: dict[Key, Key] = {}
    for title, arg in golden["arguments"].items():
        pcs = arg["pcs"]
        conclusion = keys["[" + pcs[-1]["title"]] if pcs else ""
        if pcs:
            main[keys["<" + title]] = conclusion
        members = frozenset(keys["[" + s["title"]] for s in pcs)
        description = norm(arg["descriptions"][0]) if arg["descriptions"] else ""
        arguments.add((keys["<" + title], description, _tags(arg["tags"]), members, conclusion))
    relations = set()
    for kind, source, source_type, target, target_type in golden["relations"]:
        a = keys[("<" if source_type == "argument" else "[") + source]
        b = keys[("<" if target_type == "argument" else "[") + target]
        if kind in ("contrary", "contradictory"):
            relations |= {("attack", a, b), ("attack", b, a)}
        else:
            relations.add(("support" if kind == "entails" else kind, a, b))
    return Reading(statements, frozenset(arguments), frozenset(relations))


def ours(m: ArgumentMap, info: dict[str, Any]) -> Reading:
    keys: dict[str, Key] = {}
    seen: Counter[str] = Counter()
    statements: Counter[tuple[Key, str, tuple[str, ...]]] = Counter()
    for s in m.statements.values():
        title = info[s.id].title
        text = norm(s.text)
        if title is None:
            keys[s.id] = f"[~{text}~{seen[text]}"
            seen[text] += 1
        else:
            keys[s.id] = "[" + title
        statements[(keys[s.id], text, _tags(s.tags))] += 1
    n = 0
    chains: dict[str, list[Argument]] = {}
    for a in m.arguments.values():
        owner = info[a.id].step_of or a.id
        chains.setdefault(owner, []).append(a)
        if info[a.id].step_of is None:
            title = info[a.id].title
            keys[a.id] = "<" + title if title is not None else f"<~{n}"
            n += 1 if title is None else 0
    for a in m.arguments.values():
        if info[a.id].step_of is not None:
            keys[a.id] = keys[info[a.id].step_of]
    arguments = set()
    main: dict[str, Key] = {}
    inference: set[tuple[str, str]] = set()
    for owner, chain in chains.items():
        members = {keys[p] for a in chain for p in a.premises}
        conclusions = {info[a.id].conclusion for a in chain if info[a.id].conclusion}
        members |= {keys[c] for c in conclusions}
        inference |= {(a.id, info[a.id].conclusion) for a in chain if info[a.id].conclusion}
        final = info[owner].conclusion
        if final:
            main[owner] = keys[final]
        head = m.arguments[owner]
        arguments.add((keys[owner], norm(head.text), _tags(head.tags), frozenset(members),
                       keys[final] if final else ""))
    relations = set()
    for r in m.relations:
        if isinstance(r.target, Relation):
            relations.add(("undercut", keys[r.source], keys[r.target.source]))
            continue
        if (r.source, r.target) in inference:
            continue
        source = main.get(info[r.source].step_of or r.source, keys[r.source]) if r.source in m.arguments \
            else keys[r.source]
        relations.add((r.kind.value, source, keys[r.target]))
    return Reading(statements, frozenset(arguments), frozenset(relations))


@attrs.frozen
class Outcome:
    path: Path
    verdict: str  # exact, losses, refused-both, refused, read-refused, differs
    warnings: tuple[str, ...] = ()
    detail: str = ""

    @property
    def conforms(self) -> bool:
        return self.verdict in ("exact", "losses", "refused-both")


def _diff(name: str, a: Any, b: Any) -> str:
    only_ours, only_theirs = a - b, b - a
    return f"{name}: only argmap {sorted(only_ours)[:3]}, only Argdown {sorted(only_theirs)[:3]}"


def compare(path: Path) -> Outcome:
    golden = json.loads(golden_path(path).read_text(encoding="utf-8"))
    text = path.read_bytes().decode("utf-8")
    warnings: list[Diagnostic] = []
    try:
        argdown.loads(text, source=str(path), warnings=warnings)
        m, info = argdown.read_titles(text)
    except ArgmapSyntaxError as error:
        if golden["refused"]:
            return Outcome(path, "refused-both", detail=f"{error.line}:{error.column} {error.message}")
        return Outcome(path, "refused", detail=str(error))
    codes = tuple(sorted({w.code for w in warnings}))
    if golden["refused"]:
        return Outcome(path, "read-refused", codes, "Argdown refuses this file")
    a, b = ours(m, info), theirs(golden)
    problems = []
    if a.statements != b.statements:
        problems.append(_diff("statements", set(a.statements), set(b.statements)))
    if a.arguments != b.arguments:
        problems.append(_diff("arguments", a.arguments, b.arguments))
    if a.relations != b.relations:
        problems.append(_diff("relations", a.relations, b.relations))
    if problems:
        return Outcome(path, "differs", codes, "; ".join(problems))
    return Outcome(path, "losses" if warnings else "exact", codes)


_VERDICTS = {"exact": "read exactly", "losses": "read with documented losses", "refused-both": "refused, as by Argdown",
             "refused": "**refused, Argdown reads it**", "read-refused": "**read, Argdown refuses it**",
             "differs": "**read differently**"}


def table(outcomes: list[Outcome]) -> str:
    rows = ["| file | argmap | warnings (codes) |", "|---|---|---|"]
    for o in outcomes:
        name = o.path.relative_to(CONFORMANCE).as_posix()
        rows.append(f"| `{name}` | {_VERDICTS[o.verdict]} | {', '.join(f'`{c}`' for c in o.warnings)} |")
    good = sum(o.conforms for o in outcomes)
    rows += ["", f"{good} of {len(outcomes)} files ({100 * good // len(outcomes)}%) read exactly, read with "
             "documented losses, or refused where Argdown refuses them too."]
    return "\n".join(rows)


def outcomes() -> list[Outcome]:
    return [compare(p) for p in sources()]


def documented(doc: str) -> str:
    start, end = doc.index(START) + len(START), doc.index(END)
    return doc[start:end].strip()


def main() -> None:
    results = outcomes()
    text = table(results)
    if "--write" in sys.argv:
        doc = DOC.read_text(encoding="utf-8")
        start, end = doc.index(START) + len(START), doc.index(END)
        DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")
    print(text)
    for o in results:
        if not o.conforms or "-v" in sys.argv:
            print(o.path.name, o.verdict, o.detail)


if __name__ == "__main__":
    main()
