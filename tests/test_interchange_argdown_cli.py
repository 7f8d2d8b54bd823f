"""Differential test: our Argdown reader against the Argdown CLI (``argdown json``).

Runs where the Argdown CLI is installed: ``$ARGMAP_ARGDOWN`` (a path to the
``argdown`` program), else ``.ci/node/node_modules/.bin/argdown`` (where
``.ci/run`` installs ``@argdown/cli`` from npm when Node.js is present), else
``argdown`` on PATH.  Without it the test is skipped; the same fixtures are
still read and checked against golden files in test_interchange.py.

Compared on each fixture: the statements (by text), the arguments with their
premise-conclusion structures, and the relations, after mapping Argdown's
conventions onto ours (a relation of an argument is Argdown's relation of its
conclusion; a contradiction is our two attacks; an undercut is compared by
who undercuts what).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import argmap
from argmap._text import collapse
from argmap.interchange._common import safe_id

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "interchange").glob("*.argdown"))


def _argdown() -> str | None:
    for candidate in (os.environ.get("ARGMAP_ARGDOWN"), str(ROOT / ".ci" / "node" / "node_modules" / ".bin" / "argdown"),
                      shutil.which("argdown")):
        if candidate and Path(candidate).is_file() and shutil.which("node"):
            return candidate
    return None


ARGDOWN = _argdown()
pytestmark = pytest.mark.skipif(ARGDOWN is None, reason="the Argdown CLI (npm @argdown/cli) or Node.js is not "
                                "installed; .ci/run installs it where npm is present")


def _export(path: Path, tmp: Path) -> dict:  # type: ignore[type-arg]
    if path.parent != tmp:
        shutil.copy(path, tmp / path.name)
    subprocess.run([ARGDOWN, "json", path.name, str(tmp)], cwd=tmp, check=True, capture_output=True, timeout=300)
    return json.loads((tmp / (path.stem + ".json")).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _text(raw: str | None) -> str:
    raw = re.sub(r"#\([^)]*\)|#\S+", " ", raw or "")
    return collapse(raw)


def _canonical_text(members: list[dict]) -> str:  # type: ignore[type-arg]
    return next((_text(m["text"]) for m in members if m.get("text")), "")


def _theirs(data: dict) -> tuple[set[str], dict[str, set[str]], set[tuple[str, str, str]]]:  # type: ignore[type-arg]
    statements = {_canonical_text(s["members"]) for s in data["statements"].values()}
    label: dict[str, str] = {}
    arguments: dict[str, set[str]] = {}
    for title, a in data["arguments"].items():
        label[title] = "<" + safe_id(title, set()) + ">"  # without premises: an argument sketch
        arguments[label[title]] = {_canonical_text(data["statements"][s["title"]]["members"]) for s in a["pcs"]}
    relations: set[tuple[str, str, str]] = set()

    def name(title: str, kind: str) -> str:
        return label[title] if kind in ("argument", "inference") else _canonical_text(data["statements"][title]["members"])

    for r in data["relations"]:
        a, b = name(r["from"], r["fromType"]), name(r["to"], r["toType"])
        if r["relationType"] == "contradictory":
            relations |= {("attack", a, b), ("attack", b, a)}
        else:
            relations.add((r["relationType"], a, b))
    return statements, arguments, relations


def _ours(m: argmap.ArgumentMap, data: dict) -> tuple[set[str], dict[str, set[str]], set[tuple[str, str, str]]]:  # type: ignore[type-arg]
    statements = {s.text for s in m.statements.values()}
    owner = {a: re.sub(r"-step-\d+$", "", a) for a in m.arguments}
    arguments: dict[str, set[str]] = {}
    concluded: dict[str, set[str]] = {}
    for a in m.arguments.values():
        texts = arguments.setdefault("<" + owner[a.id] + ">", set())
        texts |= {m.statements[p].text for p in a.premises}
    titles = {safe_id(t, set()): a for t, a in data["arguments"].items()}
    for key, a in titles.items():
        if a.get("pcs"):
            concluded[key] = {_canonical_text(data["statements"][s["title"]]["members"]) for s in a["pcs"]}
            main = a["pcs"][-1]["title"]
            concluded[key + "\x00main"] = {_canonical_text(data["statements"][main]["members"])}

    def name(node_id: str) -> str:
        return "<" + owner[node_id] + ">" if node_id in m.arguments else m.statements[node_id].text

    relations: set[tuple[str, str, str]] = set()
    for r in m.relations:
        source = r.source
        if isinstance(r.target, argmap.Relation):
            relations.add(("undercut", name(source), name(r.target.source)))
            continue
        target = name(r.target)
        if source in m.arguments:
            key = owner[source]
            if r.kind is argmap.RelationKind.SUPPORT and target in concluded.get(key, set()):
                arguments["<" + key + ">"].add(target)  # the structure's own inference
                continue
            if key in concluded:  # Argdown draws an argument's relations from its conclusion
                (source_name,) = concluded[key + "\x00main"]
                relations.add((r.kind.value, source_name, target))
                continue
        relations.add((r.kind.value, name(source), target))
    return statements, arguments, relations


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_we_read_what_argdown_reads(path: Path, tmp_path: Path) -> None:
    data = _export(path, tmp_path)
    theirs = _theirs(data)
    ours = _ours(argmap.read(path, warnings=[]), data)  # what argmap's reading loses: test_interchange.py
    assert ours[0] == theirs[0], f"statements differ: {ours[0] ^ theirs[0]}"
    assert ours[1] == theirs[1], "arguments differ"
    assert ours[2] == theirs[2], f"relations: only ours {ours[2] - theirs[2]}, only theirs {theirs[2] - ours[2]}"


def test_argdown_reads_what_we_write(tmp_path: Path) -> None:
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    path = tmp_path / "tea-out.argdown"
    argmap.write(m, path)
    data = _export(path, tmp_path)
    titles = {t for t in data["statements"] if not t.startswith("argmap:conclusion:")}
    assert titles == set(m.statements)
    assert set(data["arguments"]) == set(m.arguments)
    texts = {t: _canonical_text(s["members"]) for t, s in data["statements"].items()}
    assert all(texts[s.id] == s.text for s in m.statements.values())
    assert data["statements"]["study"]["data"]["date"] == m.statements["study"].metadata["date"]
