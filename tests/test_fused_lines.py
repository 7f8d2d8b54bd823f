"""The grammar's fused lines (one token for a node line, one for a `key: value` line) against the plain grammar.

The fused terminals are only a faster way to read the same language
(docs/performance.md): these tests hold ``argmap.parse`` and
``argmap.parse_document`` with them to the very same maps (spans and comments
included), documents and errors as with the grammar above the fused section
alone, on the examples, every fixture and generated text, and check that
the fused tokens really are what a parse of a map meets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Token

import argmap
from argmap import parser as P
from tests.profile import examples
from tests.strategies import argument_maps
from tests.test_fuzz import mutated_examples

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").glob("*.argmap")) + sorted((ROOT / "tests" / "fixtures").rglob("*.argmap"))


def _outcome(text: str) -> tuple[Any, ...]:
    """The map (spans and comments too) or the error; the document's lines, ranges and diagnostics."""
    try:
        m = argmap.parse(text, source="x.argmap")
        spans = [(s.id, s.span) for s in m.statements.values()] + [(r.source, r.span) for r in m.relations]
        built: Any = (argmap.dumps(m), spans, dict(m.comments), [(a.id, a.span) for a in m.arguments.values()])
    except argmap.ArgmapSyntaxError as error:
        built = (str(error), [(e.line, e.column, e.code) for e in getattr(error, "errors", [error])])
    document = argmap.parse_document(text, source="x.argmap")
    return built, repr(document.blocks), repr(document.header), document.diagnostics


def _plain_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(P, "_lark", P._plain_lark)
        return _outcome(text)


def _types(text: str) -> Iterator[str]:
    tree = P._lark_parse(P._prepare(text))
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        yield token.type


def test_the_plain_grammar_is_the_grammar_without_its_fused_lines() -> None:
    plain = P._plain_grammar()
    assert P._FUSED in P.grammar_text() and P._FUSED not in plain
    for line in ("NODE.4:", "MARKED_NODE.4:", "META.4:", "%extend"):
        assert line in P.grammar_text() and line not in plain


def test_a_map_is_read_in_fused_tokens() -> None:
    text = (ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8")
    types = set(_types(text))
    assert {"NODE", "MARKED_NODE"} <= types and not {"KIND", "ARGUMENT", "ID", "_COLON", "TEXT"} & types
    assert list(_types("thesis t: T.\n  date: 1959\n  + claim: C.\n")) == ["NODE", "META", "MARKED_NODE"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_as_the_plain_grammar_on_every_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(text) == _plain_outcome(text, monkeypatch)


# Each place where the builder takes a part's position from a fused line.
POSITIONS = [
    "thesis t: T.\n  + premise p: P.\n",  # a premise outside an argument: the kind word, after the marker
    "thesis t: T.\n  + claim c: #only-a-tag\n",  # no text: the kind word
    "thesis t: T.\n  +   claim:\n",
    "thesis t: T.\n  + claim t: C.\n",  # the id is taken: the id
    "thesis t: T.\n  - argument   a:\n",  # an argument with no premise: 'argument'
    "thesis t: T.\n  + argument a: A label\n    + claim c: C.\n",
    "thesis t: T.\n  claim c: C.\n",  # no marker: the kind word
    "thesis t: T.\n  + claim c: C.\n    date: 1\n    date: 2\n",  # a key given twice: the key
    "thesis t: T.\n  argument a:\n    + premise p: P.\n",  # a marker on a premise: the marker
    "thesis t: T.\n  + claim:\n    date: 1959\n",  # no text, metadata
    "thesis t: T.\n  + claim c:\n    more text\n  _ claim d: D.\n    _ claim e: E.\n",
    "thesis t:    T.   // c\n  + claim    c:T.\n    date:   1959   // d\n  +\tclaim\tx:\tX\t\n",
    "thesis t: T.\n  + claim c: C.\n    + claim c: again\n",
]


@pytest.mark.parametrize("text", POSITIONS)
def test_same_positions_as_the_plain_grammar(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _outcome(text) == _plain_outcome(text, monkeypatch)


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(mutated_examples(), argument_maps().map(argmap.dumps), st.text(max_size=200)))
def test_same_as_the_plain_grammar_on_generated_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _outcome(text) == _plain_outcome(text, monkeypatch)
