"""The grammar's fused lines (one token for a node line, one for a `key: value` line, each with its line break)
against the plain grammar.

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
        built = (str(error), [(e.line, e.column, e.code) for e in error.errors])
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
    for line in ("NODE_LINE.5:", "MARKED_NODE_LINE.5:", "META_LINE.5:", "%extend"):
        assert line in P.grammar_text() and line not in plain


def test_a_map_is_read_in_fused_tokens() -> None:
    text = (ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8")
    types = set(_types(text))
    assert {"NODE_LINE", "MARKED_NODE_LINE", "MARKED_NODE_META_LINE"} <= types
    # A whole line (its break included) is one token, unless a comment follows it; a node line
    # takes the `key: value` lines right under it along.
    assert list(_types("thesis t: T.\n  + claim: C.\n")) == ["NODE_LINE", "MARKED_NODE_LINE"]
    assert list(_types("thesis t: T.\n  date: 1959\n\n  source: S\n  + claim: C.\n")) == [
        "NODE_META_LINE", "MARKED_NODE_LINE"]
    # ... up to a quoted value, or a line with a comment, which go on in the tokens they had
    assert list(_types('thesis t: T.\n  date: 1959\n  quote: "Q"\n  source: S\n')) == [
        "NODE_META_LINE", "META_KEY", "STRING", "META_LINE"]
    assert list(_types("thesis t: T.\n  date: 1959 // d\n  source: S\n")) == [
        "NODE_LINE", "META_KEY", "VALUE", "META_LINE"]
    assert list(_types("thesis t: T. // c\n  date: 1959 // d\n  + claim: C.\n  // e\n  - claim: D.\n")) == [
        "KIND", "ID", "TEXT", "META_KEY", "VALUE", "MARKER", "KIND", "TEXT", "MARKED_NODE_LINE"]


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
    # whole lines: blank lines and comment lines after them, trailing blanks, no text, a tab after the break
    "thesis t: T.  \n\n  \n  + claim c:   \n    date: 1  \n\n    // x\n  - claim: D.\n   \t  // y\n",
    "thesis t: T.\n  + claim c: C.\n\t+ claim d: D.\n",
    "thesis t: T.\n  + claim c: C.\n   + claim d: D.\n",
    "thesis t:\n  + claim c:\n    date: 1\n",
    # the builder's quick way (_Builder.plain_node) and where it hands over
    "thesis t: T.\u00a0 x\x0cy\tz  #tag #two\n  + claim c: A \\#b \\\\ c\\.\n    date: 1\n    date: 2\n",
    "thesis t: T.\n  + claim c: C.\n    _ claim u: U.\n      _ evidence v: V.\n        source: s\n  - @c\n",
    "# S\nthesis t: T.\n  + claim c: C.\n## R\nclaim d: D.\n  - claim t: again\n",
    "thesis t: T.\n  + argument a:\n    premise p: P.\n    - claim c: C.\n    + claim _c: C.\n",
    "thesis t: T.\n  + claim: C.\n  + claim: C.\n  - claim c: #a #b\n",
    # the quick postlexer (shared indentation tokens): a tab at the same width, a misaligned line
    "thesis t: T.\n  + claim c: C.\n\t - claim d: D.\n",
    "thesis t: T.\n    + claim c: C.\n  + claim d: D.\n   - claim e: E.\n",
    "thesis t: T.\n  + claim c: C.\n    + claim d: D.\n - claim e: E.\n",  # lines up with no level
    # metadata lines taken along by the node line: where they line up as the plain grammar wants
    "thesis t: T.\n  date: 1\n",
    "thesis t: T.\n  + claim c: C.\n\n    date: 1  \n   \n    source: s\n\n  - claim d: D.\n",
    "thesis t: T.\n  + claim c: C.\n    date: 1\n    source: s\n    - claim d: D.\n      date: 2\n",
    "thesis t: T. // c\n  + claim c: C.\n    date: 1\n    source: s\n    - claim d: D.\n",
    "thesis t: T.\n  + argument a: A\n    date: 1\n    premise p: P.\n",
    "thesis t: T.\n  + claim:\n    date: 1\n    source: s\n",
    'thesis t: T.\n  + claim c: C.\n    date: 1\n    quote: "q"\n    source: s\n',
    # ... and where they do not: the text is read again with the plain grammar
    "thesis t: T.\n  + claim c: C.\n    date: 1\n     source: s\n",  # two indentations
    "thesis t: T.\n  + claim c: C.\n  date: 1\n",  # not under the node
    "thesis t: T.\ndate: 1\n",
    "thesis t: T.\n  + claim c: C.\n      date: 1\n    + claim d: D.\n",  # the next line: between
    "thesis t: T.\n  + claim c: C.\n    date: 1\n      + claim d: D.\n",  # deeper
    "thesis t: T.\n    + claim c: C.\n      date: 1\n  + claim d: D.\n",  # lines up with no level
    "thesis t: T.\n  + claim c: C.\n    date: 1\n    more text\n",  # text after metadata
    "thesis t: T.\n  + claim c: C.\n\tdate: 1\n",  # a tab
    "thesis t: T.\n  + claim c: C.\n  \tdate: 1\n    source: s\n",
    "thesis t: T.\n  + claim c: C.\n      more\n    date: 1\n",  # a hanging line, then metadata
    'thesis t: T.\n  + claim c: C.\n    date: 1\n    quote: "q"\n    date: 2\n',  # a key twice, across
    "thesis t: T.\n  + claim c: C.\n    date: 1\n    claim: 2\n",
    'thesis 0:.\n   reviewer: b\n   reviewer: "\n"',  # (found by a fuzzer) a key twice, and a quote left open
]


@pytest.mark.parametrize("text", POSITIONS)
def test_same_positions_as_the_plain_grammar(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _outcome(text) == _plain_outcome(text, monkeypatch)


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(mutated_examples(), argument_maps().map(argmap.dumps), st.text(max_size=200)))
def test_same_as_the_plain_grammar_on_generated_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _outcome(text) == _plain_outcome(text, monkeypatch)


def test_the_builders_quick_way_reads_the_common_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    # A map of the common lines only never takes the general way (a guard falling back silently
    # would still give the right map, only slower): every line is read by _Builder.plain_node.
    general: list[str] = []
    occurrence = P._Builder.occurrence

    def counted(self: P._Builder, tree: Any, parent: Any) -> Any:
        general.append(str(tree.children[0]))
        return occurrence(self, tree, parent)

    monkeypatch.setattr(P._Builder, "occurrence", counted)
    text = ("thesis t: T. #tag\n  date: 1959\n\n  + claim c: C \\#1.\n    - evidence e: E.\n      source: S\n"
            "      _ claim u: U.\n# Section\nclaim d: D.\n")
    m = argmap.parse(text)
    assert general == [] and len(m.statements) == 5 and len(m.relations) == 3
    argmap.parse("thesis t: T.\n  + claim: no id\n")
    assert [line.strip() for line in general] == ["+ claim: no id"]


def test_the_quick_ways_of_the_fused_parser_are_on() -> None:
    # The fused parser's postlexer shares its indentation tokens (the plain parser, whose errors
    # are shown, does not), and its rules compare by identity in Lark's loop.
    fused, plain = P._lark(), P._plain_lark()
    assert fused.options.postlex.quick and not plain.options.postlex.quick
    assert P._rules_by_identity(fused)
    inner = fused.parser.parser.parser
    assert all(type(rule) is P._IdentityRule for rule in inner.callbacks if hasattr(rule, "expansion"))
    assert not P._rules_by_identity(object())  # type: ignore[arg-type]  # no parse table: nothing changed
    # Each state's scanner is a list of one expression per terminal, compiled once for all states.
    lexers = fused.parser.lexer.lexer.lexers.values()
    assert all(type(lexer.scanner) is P._SharedScanner for lexer in lexers)
    by_terminal: dict[str, set[int]] = {}
    for lexer in lexers:
        assert len(lexer.scanner._mres) == len(lexer.scanner.terminals)
        for terminal, compiled in zip(lexer.scanner.terminals, lexer.scanner._mres, strict=True):
            by_terminal.setdefault(terminal.name, set()).add(id(compiled))
    assert len(by_terminal["NODE_LINE"]) == 1 and all(len(ids) == 1 for ids in by_terminal.values())
    assert type(plain.parser.lexer.lexer.lexers[0].scanner) is not P._SharedScanner  # Lark's own, for errors
