"""argmap's fused lexer (``argmap.parser._Lexer``) against Lark's own contextual lexer.

The fused loop is only a faster walk with Lark's terminals; these tests hold
it to giving the very same tokens, positions included, the same comments,
the same maps and the same error messages, on the examples, every fixture
and generated text (valid maps written out, and mutated examples that are
mostly invalid).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Tree
from lark.exceptions import LarkError

import argmap
from argmap import parser as P
from tests.profile import examples
from tests.strategies import argument_maps
from tests.test_fuzz import mutated_examples

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").glob("*.argmap")) + sorted((ROOT / "tests" / "fixtures").rglob("*.argmap"))


@pytest.fixture(scope="module")
def stock() -> Lark:
    """The same parser with Lark's own lexer loop (and the same postlexer)."""
    parser = P._new_lark(P.grammar_text(), fused=False, quick=True)
    assert not isinstance(parser.parser.lexer.lexer, P._Lexer)
    return parser


def _tokens(tree: Tree[Token]) -> Iterator[tuple[Any, ...]]:
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        yield (token.type, str(token), token.start_pos, token.line, token.column, token.end_line,
               token.end_column, token.end_pos)


def _outcome(parser: Lark, text: str) -> tuple[Any, ...]:
    """Tokens and comments of Lark's parse, then argmap's map (spans too) or its error message."""
    prepared = P._prepare(text)
    comments: list[tuple[int, int, str]] = []
    P._collecting.comments = comments
    try:
        lark_result: Any = list(_tokens(parser.parse("\n" + prepared + "\n")))
    except (LarkError, P.IndentationError_) as error:
        lark_result = (type(error).__name__, getattr(error, "line", None), getattr(error, "column", None),
                       str(getattr(error, "token", "")))
    finally:
        P._collecting.comments = None
    try:
        original = P._lark
        P._lark = lambda: parser  # type: ignore[assignment]
        try:
            m = argmap.parse(text, source="x.argmap")
        finally:
            P._lark = original  # type: ignore[assignment]
        spans = [(s.id, s.span) for s in m.statements.values()] + [(r.source, r.span) for r in m.relations]
        built: Any = (argmap.dumps(m), spans, dict(m.comments))
    except argmap.ArgmapSyntaxError as error:
        built = str(error)
    return lark_result, comments, built


def test_argmap_uses_the_fused_lexer() -> None:
    assert isinstance(P._lark().parser.lexer.lexer, P._Lexer)


def test_the_fused_loop_really_runs_on_the_installed_lark() -> None:
    # Not just the class: the build-time check passed, and a parse makes its
    # tokens in the fused loop (Lark before 1.3 gives the loop a str, 1.3 a
    # TextSlice; both must take the fast path).
    lexer = P._lark().parser.lexer.lexer
    assert lexer.fast, f"the fused lexer loop is off on lark {lark.__version__}"
    before = lexer.made
    argmap.parse((ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8"))
    assert lexer.made > before


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_as_lark_on_every_file(stock: Lark, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(P._lark(), text) == _outcome(stock, text)


_SETTINGS = settings(max_examples=examples(150), deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(st.one_of(mutated_examples(), argument_maps().map(argmap.dumps), st.text(max_size=200)))
def test_same_as_lark_on_generated_text(stock: Lark, text: str) -> None:
    assert _outcome(P._lark(), text) == _outcome(stock, text)


def _missing_scanner(lexer: Any) -> Any:
    raise AttributeError("'BasicLexer' object has no attribute 'scanner'")


class _OldCounter:
    """A line counter with a field renamed."""

    def __init__(self, newline: str) -> None:
        self.char_pos = self.line = self.column = 0  # no line_start_pos


@pytest.mark.parametrize("break_it", ["scanner", "state_stack", "line_counter", "plugin"])
def test_a_lark_without_the_internals_gets_lark_s_loop_as_a_whole(
        stock: Lark, monkeypatch: pytest.MonkeyPatch, break_it: str) -> None:
    # As if a Lark release renamed what the fused loop reads: the check when
    # the parser is built turns the loop off, and parsing gives the same
    # result as Lark's own loop, never a raw AttributeError.
    import lark.lexer

    parser = P._new_lark(P.grammar_text(), fused=break_it != "plugin")
    with monkeypatch.context() as patch:
        if break_it == "scanner":
            patch.setattr(P, "_lexer_table", _missing_scanner)
        elif break_it == "line_counter":
            patch.setattr(lark.lexer, "LineCounter", _OldCounter)
        elif break_it == "state_stack":
            original = P._Lexer.lex

            def lex(self: Any, lexer_state: Any, parser_state: Any) -> Any:
                if self.fast:
                    raise AttributeError("'ParserState' object has no attribute 'state_stack'")
                return original(self, lexer_state, parser_state)

            monkeypatch.setattr(P._Lexer, "lex", lex)  # stays: the parses below must not reach it
        assert not P._enable_fast_path(parser)
    assert not getattr(parser.parser.lexer.lexer, "fast", False)
    monkeypatch.setattr(P, "_lark", lambda: parser)
    for name in ("china-north-korea.argmap", "tea.argmap"):
        text = (ROOT / "examples" / name).read_text(encoding="utf-8")
        assert _outcome(parser, text) == _outcome(stock, text)
    with pytest.raises(argmap.ArgmapSyntaxError, match="missing ':'"):
        argmap.parse("thesis t T.\n")


def test_parses_in_threads_at_once_do_not_mix() -> None:
    # One parser serves every thread; the indentation levels and the
    # comments of one parse must not leak into another running beside it.
    from concurrent.futures import ThreadPoolExecutor

    texts = [path.read_text(encoding="utf-8") for path in FILES if "invalid" not in path.parts] * 4
    alone = [_result(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(_result, texts))
    assert together == alone


def _result(text: str) -> Any:
    try:
        m = argmap.parse(text)
        return argmap.dumps(m), dict(m.comments)
    except argmap.ArgmapSyntaxError as error:
        return str(error)
