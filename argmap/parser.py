"""Text to :class:`~argmap.model.ArgumentMap`: the grammar, then the builder.

The Lark grammar (``grammars/argmap.lark``) gives a tree of lines; the
builder walks it once, without recursion, and makes the typed objects.
Every problem becomes an :class:`~argmap.errors.ArgmapSyntaxError`; no Lark
exception leaves this module.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput
from lark.grammar import Rule
from lark.lark import PostLex
from lark.lexer import ContextualLexer, Scanner

from argmap import _cache, _text
from argmap._io import read_utf8
from argmap.constants import RELATION_MARKERS
from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.model import (
    MAX_UNDERCUT_DEPTH,
    Argument,
    ArgumentMap,
    Kind,
    Relation,
    RelationKind,
    Section,
    Span,
    Statement,
    derive_id,
    relation_key,
)

if TYPE_CHECKING:  # imported where a document is read: parse() needs none of it (4 ms of a start-up)
    from argmap.document import Document, HeaderField, Heading, MetaLine, NodeLine, Piece, Range

__all__ = ["parse", "parse_document", "load", "grammar_text"]

_MARKERS = {marker: RelationKind(kind) for marker, kind in RELATION_MARKERS.items()}
_KINDS = {kind.value: kind for kind in Kind}
#: The kinds :meth:`_Builder.plain_node` reads (premises and arguments have rules of their own).
_PLAIN_KINDS = frozenset(("thesis", "claim", "evidence"))
#: Ends the value of an _INDENT that returns from a hanging continuation
#: (so that an error there can say "misaligned").
REINDENT = "\x00"


def grammar_text() -> str:
    """The Lark grammar of the notation, as shipped with the package."""
    here = os.path.dirname(os.path.abspath(__file__))
    # Installed: beside this module; a checkout or an editable install: at the top level.
    for path in (os.path.join(here, "grammars", "argmap.lark"), os.path.join(here, os.pardir, "grammars", "argmap.lark")):
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                return file.read()
    # Installed somewhere without files (a zip): ask the import system.
    from importlib import resources

    return resources.files("argmap").joinpath("grammars/argmap.lark").read_text(encoding="utf-8")


#: Where the grammar's fused lines begin: the grammar above them alone reads
#: the same language, a token per word, and gives the error messages.
_FUSED = "// ------------------------------------------------------------ fused lines"


def _plain_grammar() -> str:
    """The grammar without its fused lines (one terminal per line part): for errors."""
    grammar = grammar_text()
    return grammar[: grammar.index(_FUSED)] if _FUSED in grammar else grammar


class IndentationError_(LarkError):
    """Raised by the postlexer; turned into a syntax error by :func:`parse`."""

    def __init__(self, message: str, hint: str, line: int, column: int, code: str) -> None:
        super().__init__(message)
        self.message, self.hint, self.line, self.column, self.code = message, hint, line, column, code


class _Indenter(PostLex):
    """Turns the indentation after each line break into _INDENT and _DEDENT tokens.

    Lark's own ``Indenter`` keeps its levels on the instance, which a cached
    parser shares between threads; this one keeps them in the generator of
    each parse.  It also notes the ``//`` comments inside line breaks, for
    ``fmt``, so that no lexer callback runs on every line.
    """

    always_accept = ("_NL",)

    def __init__(self, quick: bool = False) -> None:
        #: Whether _INDENT and _DEDENT may be one shared token each, without a position: for the
        #: parser of the fused grammar, whose errors are never shown (a text with a mistake is
        #: read again with the plain grammar, whose postlexer makes each token with its place).
        self.quick = quick

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        sink: list[tuple[int, int, str]] | None = getattr(_collecting, "comments", None)
        make: Callable[[str, str, Token], Token]
        if self.quick:
            shared = {"_INDENT": Token("_INDENT", ""), "_DEDENT": Token("_DEDENT", "")}

            def make(type_: str, value: str, where: Token) -> Token:
                return shared[type_]
        else:
            make = Token.new_borrow_pos
        levels = [0]
        token = None
        breaks = _BREAKS
        for token in stream:
            if token.type not in breaks:
                yield token
                continue
            at = token.rfind("\n") + 1
            carried = None  # the indentation of the `key: value` lines a node line took along
            if token.type in _CARRYING and token.find("\n") + 1 != at:
                carried = _carried_indent(token, at, levels[-1])
                if carried is not None:
                    token.type = _CARRYING[token.type]
            yield token
            if sink is not None and token.type == "_NL" and "//" in token:  # (a whole line has none)
                _note_comments(token, sink)
            indent = len(token) - at
            if carried is not None and indent != carried and indent not in levels:
                raise _Misfit("the line after a node's metadata lines up with neither it nor a line above")
            if indent == levels[-1] and token.find("\t", at) < 0:
                continue
            indent_str = token[at:]
            if "\t" in indent_str:
                raise IndentationError_(
                    "a tab in the indentation",
                    "indent with spaces only; a tab's width is a guess, and a wrong guess moves a node to "
                    "another parent",
                    (token.end_line or 1) - 1,  # the parser sees one extra line in front
                    indent_str.index("\t") + 1,
                    "tab-indent",
                )
            if indent > levels[-1]:
                levels.append(indent)
                yield make("_INDENT", indent_str, token)
            elif indent < levels[-1]:
                if indent not in levels:
                    if len(levels) > 1 and levels[-2] < indent:
                        # Back from a hanging continuation to the node's own
                        # block: close the deeper level and open this one,
                        # marked so that an error here can say "misaligned".
                        yield make("_DEDENT", indent_str, token)
                        levels[-1] = indent
                        yield make("_INDENT", indent_str + REINDENT, token)
                        continue
                    raise _misaligned((token.end_line or 1) - 1, indent, levels)
                while indent < levels[-1]:
                    levels.pop()
                    yield make("_DEDENT", indent_str, token)
        while len(levels) > 1:
            levels.pop()
            yield make("_DEDENT", "", token) if token else Token("_DEDENT", "")


class _Misfit(LarkError):
    """Metadata lines taken along by a node line do not line up as the plain grammar would have them;
    raised by the postlexer of the fused grammar only, whose errors are never shown (the text is
    read again with the plain grammar, which says what is wrong)."""


def _carried_indent(token: Token, at: int, level: int) -> int | None:
    """The indentation of the `key: value` lines inside a fused node line (*at*: where its last
    line starts), None if it holds only blank lines; :class:`_Misfit` unless they all have the
    same one, deeper than the node's (*level*) and without a tab, as the plain grammar wants."""
    found = None
    for row in token[token.index("\n") + 1:at - 1].split("\n"):
        width = len(row) - len(row.lstrip(" \t"))
        if width == len(row):  # a blank line
            continue
        if width <= level or "\t" in row[:width] or (found is not None and width != found):
            raise _Misfit("metadata lines out of line")
        found = width
    return found


def _misaligned(line: int, indent: int, levels: list[int]) -> IndentationError_:
    columns = ", ".join(str(n + 1) for n in levels)
    return IndentationError_(
        "this line lines up with no line above",
        f"indent it like its siblings, or like the node it belongs under (columns {columns} are in use)",
        line,
        indent + 1,
        "bad-indentation",
    )


_collecting = threading.local()


def _note_comments(token: Token, sink: list[tuple[int, int, str]]) -> None:
    """Note the ``//`` comments inside a line-break token: (line, column, text)."""
    line, column = token.line or 1, token.column or 1
    for number, piece in enumerate(str(token).split("\n")):
        at = piece.find("//")
        if at >= 0:
            sink.append((line + number - 1, (column if number == 0 else 1) + at, piece[at:].rstrip()))


class _Lexer(ContextualLexer):
    """Lark's contextual lexer with its per-token loop fused into one function.

    The terminals, their order and the choice of terminal per parser state
    are Lark's own, built from the grammar: this only walks the text with
    them faster, keeping the position in locals instead of Lark's line
    counter, and making each token in one step (a third less time on a large
    map, docs/performance.md).  Where the text matches no terminal it hands
    over to Lark's loop at that point, so errors are Lark's.

    The Lark internals it uses are checked once, when the parser is built
    (:func:`_enable_fast_path`): unless every one is there and a trial parse
    runs through this loop, ``fast`` stays False and Lark's own loop runs
    throughout.  tests/test_lexer.py checks that both give the same tokens,
    positions included, and that this loop runs on the installed Lark.
    """

    #: Whether this loop runs (else Lark's); set when the parser is built.
    fast = False
    #: Tokens this loop has made (the trial parse and the tests read it).
    made = 0

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Token]:
        if not self.fast:
            yield from super().lex(lexer_state, parser_state)
            return
        source = lexer_state.text
        if isinstance(source, str):  # Lark before 1.3: the whole text
            text, end = source, len(source)
        else:  # Lark 1.3: a TextSlice
            text, end = source.text, source.end
        counter = lexer_state.line_ctr
        pos, line, line_start = counter.char_pos, counter.line, counter.line_start_pos
        last = lexer_state.last_token
        lexers = self.lexers
        tables: dict[int, tuple[Any, frozenset[str], frozenset[str], dict[str, Any]]] = {}
        make = str.__new__
        made = 0
        try:
            while pos < end:
                state = parser_state.state_stack[-1]
                table = tables.get(state)
                if table is None:
                    table = tables[state] = _lexer_table(lexers[state])
                patterns, ignore, newline, callback = table
                for pattern in patterns:
                    match = pattern.match(text, pos, end)
                    if match:
                        break
                else:  # no terminal fits here: Lark's loop raises the error, or goes on
                    counter.char_pos, counter.line, counter.line_start_pos = pos, line, line_start
                    counter.column = pos - line_start + 1
                    lexer_state.last_token = last
                    yield from super().lex(lexer_state, parser_state)
                    pos, line, line_start, last = counter.char_pos, counter.line, counter.line_start_pos, None
                    return
                value = match.group(0)
                type_ = match.lastgroup
                start, start_line, column = pos, line, pos - line_start + 1
                pos += len(value)
                if type_ in newline:
                    breaks = value.count("\n")
                    if breaks:
                        line += breaks
                        line_start = start + value.rindex("\n") + 1
                if type_ in ignore and type_ not in callback:
                    continue
                token = make(Token, value)
                token.type, token.value, token.start_pos, token.line, token.column = (type_, value, start,
                                                                                      start_line, column)
                token.end_line, token.end_column, token.end_pos = line, pos - line_start + 1, pos
                if callback and type_ in callback:
                    token = callback[type_](token)
                if type_ in ignore:
                    continue
                last = token
                made += 1
                yield token
        finally:
            self.made += made
            # Lark's own state, as its loop would have left it (read for errors).
            if last is not None:
                counter.char_pos, counter.line, counter.line_start_pos = pos, line, line_start
                counter.column = pos - line_start + 1
                lexer_state.last_token = last


class _SharedScanner(Scanner):
    """Lark's scanner of one parser state, its alternation of terminals given as a list of
    one compiled expression per terminal, in the same order, each shared by every state.

    Lark compiles one alternation per group of parser states, and the fused lines are in five
    of them: compiling them was 9 of the seed's 100 ms (docs/performance.md).  A list of
    expressions tried in turn, the first match winning, is what Lark's ``_mres`` already is
    (it splits a long alternation the same way), and it finds what the alternation finds: an
    alternation also takes its first alternative that matches.  The same terminal in another
    state is the same pattern, which the ``re`` module's own cache compiles once.
    tests/test_lexer.py holds the fused parser's tokens to the stock Lark parser's.
    """

    def _build_mres(self, terminals: list[Any], max_size: int) -> list[Any]:
        postfix = "$" if getattr(self, "match_whole", False) else ""  # (Lark before 1.3 has the option)
        return [self.re_.compile(f"(?P<{t.name}>{t.pattern.to_regexp()}{postfix})", self.g_regex_flags)
                for t in terminals]


def _share_scanners(lexer: Any) -> None:
    """Give each state lexer of *lexer* (Lark's ``ContextualLexer``) a :class:`_SharedScanner`, as
    Lark's ``BasicLexer._build_scanner`` would give it its own; a state lexer this cannot be done
    for (another Lark, a lexer callback, bytes) keeps Lark's, built when first used."""
    from lark.lexer import _create_unless

    for state_lexer in {id(s): s for s in lexer.lexers.values()}.values():
        try:
            if (getattr(state_lexer, "_scanner", True) is not None or state_lexer.user_callbacks
                    or state_lexer.use_bytes):
                continue
            flags, re_, use_bytes = state_lexer.g_regex_flags, state_lexer.re, state_lexer.use_bytes
            terminals, callback = _create_unless(state_lexer.terminals, flags, re_, use_bytes)  # type: ignore[no-untyped-call]
            scanner = _SharedScanner(terminals, flags, re_, use_bytes)  # type: ignore[no-untyped-call]
            state_lexer.callback, state_lexer._scanner = callback, scanner
        except Exception:  # pragma: no cover - a Lark without these internals builds its own scanners
            continue


def _lexer_table(lexer: Any) -> tuple[Any, frozenset[str], frozenset[str], dict[str, Any]]:
    """What :class:`_Lexer` needs of one of Lark's state lexers (checked by :func:`_enable_fast_path`)."""
    patterns = lexer.scanner._mres  # building the scanner makes lexer.callback too
    return list(patterns), lexer.ignore_types, lexer.newline_types, lexer.callback


#: A trial text with every terminal, for :func:`_enable_fast_path`.
_TRIAL = (
    'title: "T"\n# H\nthesis t: T. #tag // c\n  more\n  date: 1\n  + claim c: C.\n'
    "    _ @t\nargument a:\n  premise: P.\n  @c\n@t\n  - evidence: E.\n"
)


def _enable_fast_path(parser: Lark) -> bool:
    """Turn the fused lexer loop on if this Lark has everything it uses; say whether it runs.

    Checked once per built parser: the plugin took effect, each state
    lexer's scanner, types and callbacks, the line counter's and the token's
    fields, and a trial parse through the loop gives Lark's tokens (the
    parser-state and lexer-state fields are read there).  Anything missing
    leaves Lark's own loop running, as a whole, so that a Lark release that
    renames an internal costs speed, never a wrong token or an error.
    """
    frontend = getattr(parser, "parser", None)
    lexer = getattr(getattr(frontend, "lexer", None), "lexer", None)
    if not isinstance(lexer, _Lexer):
        return False
    lexer.fast = False
    sink = getattr(_collecting, "comments", None)
    _collecting.comments = None  # the trial's comments are no one's
    try:
        from lark.lexer import LineCounter

        counter = LineCounter("\n")  # type: ignore[no-untyped-call]
        for field in ("char_pos", "line", "line_start_pos", "column"):
            if not isinstance(getattr(counter, field), int):
                return False
        token = str.__new__(Token, "x")
        token.type, token.value, token.start_pos, token.line, token.column = "X", "x", 0, 1, 1
        token.end_line, token.end_column, token.end_pos = 1, 2, 1
        if not isinstance(lexer.lexers, dict):
            return False
        _share_scanners(lexer)
        for state_lexer in lexer.lexers.values():
            patterns, ignore, newline, callback = _lexer_table(state_lexer)
            if not (patterns and all(hasattr(p, "match") for p in patterns)
                    and isinstance(ignore, (set, frozenset)) and isinstance(newline, (set, frozenset))
                    and isinstance(callback, dict)):
                return False
        expected = _token_list(parser, _TRIAL)  # Lark's own loop
        lexer.fast = True
        before = lexer.made
        got = _token_list(parser, _TRIAL)
        if got != expected or lexer.made == before:
            lexer.fast = False
    except Exception:  # an internal renamed or reshaped: Lark's loop, as a whole
        lexer.fast = False
    finally:
        _collecting.comments = sink
    return lexer.fast


def _token_list(parser: Lark, text: str) -> list[tuple[Any, ...]]:
    tree = parser.parse("\n" + text + "\n")
    return [(t.type, str(t), t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos)
            for t in tree.scan_values(lambda v: isinstance(v, Token))]


@lru_cache(maxsize=1)
def _lark() -> Lark:
    # Kept between processes as data, only where trusted (saves ~25 ms a start; see argmap._cache).
    parser: Lark = _cache.lark_parser(
        grammar_text(), _new_lark, postlex=_Indenter(quick=True), _plugins={"ContextualLexer": _Lexer}
    )
    _enable_fast_path(parser)  # (again, for a parser read from the cache)
    _rules_by_identity(parser)
    return parser


class _IdentityRule(Rule):
    """A Lark rule compared by identity (Lark's own compares its parts, in Python)."""

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = Rule.__hash__


def _rules_by_identity(parser: Lark) -> bool:
    """Make the rules of *parser*'s parse table compare by identity; say whether they do.

    Lark's LALR loop compares the rule of each reduction with an int (an
    ``assert``), which calls the rule's ``__eq__`` written in Python: 170,000
    calls on 50,000 statements.  Each rule in the table is the very object
    that keys the callbacks (a parser read from the cache too), so identity
    is the same equality there.  Private Lark internals: unless every rule
    in the table is a key of the callbacks, nothing is changed.
    """
    try:
        inner = parser.parser.parser.parser
        callbacks, states = inner.callbacks, inner.parse_table.states
        keys = {id(rule) for rule in callbacks if type(rule) in (Rule, _IdentityRule)}
        rules = [arg for actions in states.values() for _, arg in actions.values() if isinstance(arg, Rule)]
        if not rules or any(id(rule) not in keys for rule in rules):
            return False
        for rule in callbacks:
            if type(rule) is Rule:
                rule.__class__ = _IdentityRule
        return True
    except Exception:  # another Lark: its own comparison, as a whole
        return False


@lru_cache(maxsize=1)
def _plain_lark() -> Lark:
    """The parser of the grammar without its fused lines: it reads a text again when the other
    finds a mistake, so that errors are this grammar's, token by token.  With Lark's own lexer
    loop: only a text with a mistake comes here, and its errors are then Lark's as they stand."""
    parser: Lark = _cache.lark_parser(_plain_grammar(), _stock_lark, postlex=_Indenter())
    return parser


def _stock_lark(grammar: str, cache: str | bool = False) -> Lark:
    return _new_lark(grammar, cache, fused=False)


def _new_lark(grammar: str, cache: str | bool = False, fused: bool = True, quick: bool | None = None) -> Lark:
    """The parser of *grammar*; with ``fused=False``, with Lark's own lexer loop (for comparisons);
    *quick*: whether the postlexer shares its indentation tokens (default: *fused*)."""
    parser = Lark(
        grammar,
        cache=cache,
        parser="lalr",
        lexer="contextual",
        postlex=_Indenter(quick=fused if quick is None else quick),
        propagate_positions=False,
        maybe_placeholders=False,
        _plugins={"ContextualLexer": _Lexer} if fused else {},
    )
    if fused:
        _enable_fast_path(parser)
    return parser


def _prepare(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return _text.one_line_end(text)


def _lark_parse(prepared: str, plain: bool = False) -> Tree[Token]:
    return (_plain_lark() if plain else _lark()).parse("\n" + prepared + "\n")


def _parse_with_comments(prepared: str, plain: bool = False) -> tuple[Tree[Token], list[tuple[int, int, str]]]:
    comments: list[tuple[int, int, str]] = []
    _collecting.comments = comments
    try:
        return _lark_parse(prepared, plain), comments
    finally:
        _collecting.comments = None


def parse(text: str, *, source: str | None = None) -> ArgumentMap:
    """Parse argmap notation into an :class:`ArgumentMap`.

    *source* names the text in error messages (usually a file name).

    >>> m = parse("thesis t: Tea is good.\\n  + claim: It is warm.\\n")
    >>> m.get("t").text
    'Tea is good.'
    >>> parse("thesis t Tea is good.", source="tea.argmap")
    Traceback (most recent call last):
    ...
    argmap.errors.ArgmapSyntaxError: tea.argmap:1:10: error: missing ':' after the id
        thesis t Tea is good.
                 ^
    hint: write 'thesis t: Tea is good.'; an id has no spaces, and ':' ends it
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes text (str), not {type(text).__name__}; use argmap.load() for a path")
    prepared = _prepare(text)
    surrogate = _surrogate(prepared)
    if surrogate is not None:  # only a Python string can hold one; no file can
        raise _not_text(prepared, surrogate.start(), source)
    # The cyclic collector is left as it is: pausing it is the application's
    # call (the CLI runs each command without it, argmap.cli._no_gc).
    return _parse(prepared, source)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate(prepared: str) -> re.Match[str] | None:
    """The first lone surrogate in *prepared*, if any (UTF-8 encodes any other text: a quick test)."""
    if prepared.isascii():
        return None
    try:
        prepared.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.search(prepared)
    return None


def _not_text(prepared: str, offset: int, source: str | None) -> ArgmapSyntaxError:
    """A lone surrogate at *offset*: no Unicode text, so a map holding it could never be written."""
    line = prepared.count("\n", 0, offset) + 1
    column = offset - (prepared.rfind("\n", 0, offset) + 1) + 1
    return ArgmapSyntaxError(
        "a lone surrogate (a code point from U+D800 to U+DFFF outside a pair) is not Unicode text",
        source=source, line=line, column=column, text=_SURROGATE.sub("\ufffd", prepared), code="not-text",
        hint="the text was decoded wrongly, or built from half of a pair; decode it as UTF-8",
    )


def _parse(prepared: str, source: str | None) -> ArgumentMap:
    try:
        return _attempt(prepared, prepared, source, None)
    except ArgmapSyntaxError as first:
        _, errors = _recover(prepared, source, None, first)
    raise _all_errors(errors)


def _attempt(work: str, prepared: str, source: str | None, document: Document | None) -> ArgumentMap:
    """One parse of *work* (*prepared* with the lines of earlier errors blanked); errors name *prepared*."""
    try:
        return _Builder(prepared, source, document).build(*_parse_with_comments(work))
    except LarkError:
        pass  # a mistake: read again with the plain grammar, whose errors these are
    try:
        tree, comments = _parse_with_comments(work, plain=True)
    except IndentationError_ as error:
        raise ArgmapSyntaxError(
            error.message, source=source, line=error.line, column=error.column,
            text=prepared, hint=error.hint, code=error.code,
        ) from None
    except UnexpectedInput as error:
        from argmap._diagnose import explain  # only when there is a mistake to explain

        found = explain(error, work, source)
        row = work.split("\n")[found.line - 1] if found.line <= work.count("\n") + 1 else ""
        if _ARGDOWN.match(row.lstrip(" ")) and found.column == len(row) - len(row.lstrip(" ")) + 1:
            raise _argdown_error(row.lstrip(" "), source, found.line, found.column, prepared) from None
        raise ArgmapSyntaxError(found.message, source=source, line=found.line, column=found.column,
                                text=prepared, hint=found.hint, code=found.code) from None
    except LarkError as error:  # pragma: no cover - a grammar bug, not bad input
        raise ArgmapSyntaxError(str(error), source=source, text=prepared) from None
    return _Builder(prepared, source, document).build(tree, comments)


def _recover(prepared: str, source: str | None, document: Document | None,
             first: ArgmapSyntaxError) -> tuple[ArgumentMap | None, list[ArgmapSyntaxError]]:
    """Every error, and the map of the rest: blank the line of each error and what is indented
    under it, and parse again, up to MAX_ERRORS errors (docs/notation.md, "Error recovery")."""
    from argmap.document import MAX_ERRORS
    errors = [first]
    lines = prepared.split("\n")
    work, line, blanked_lines = prepared, first.line, [first.line]
    while len(errors) < MAX_ERRORS:
        blanked = _blank(work, line)
        if blanked is None:
            break
        work = blanked
        if document is not None:
            _reset(document)
        try:
            return _attempt(work, prepared, source, document), sorted(errors, key=_where)
        except ArgmapSyntaxError as error:
            line = error.line
            # An argument left with no premise, say, once its bad premise is
            # blanked: a consequence of recovering, not a mistake of its own.
            if not any(_holds(lines, line, below) for below in blanked_lines):
                errors.append(error)
            blanked_lines.append(line)
    if document is not None:
        _reset(document)
    return None, sorted(errors, key=_where)


def _holds(lines: list[str], parent: int, child: int) -> bool:
    """Whether line *child* is indented under line *parent* (comments and blank lines aside)."""
    if not 1 <= parent < child <= len(lines):
        return False

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip(" \t"))

    top = indent(lines[parent - 1])
    for row in lines[parent:child]:
        content = row.strip()
        if content and not content.startswith("//") and indent(row) <= top:
            return False
    return True


#: Argdown's relation markers and statement or argument titles at the start of a line.
_ARGDOWN = re.compile(r"(?:<[+\-_]|[+\-_]>|><)[ \t]|(?:\[[^\]\n]+\]|<[^>\n]+>):")


def _argdown_error(line: str, source: str | None, number: int, column: int, text: str) -> ArgmapSyntaxError:
    found = _ARGDOWN.match(line)
    what = found.group(0).strip() if found else line.split()[0]
    if what.endswith(":"):
        message = f"'{what}' is Argdown's way to name a statement or an argument"
        hint = ("argmap writes 'claim some-id: text' (or 'argument some-id:'); to read an Argdown file, run "
                "'argmap convert FILE.argdown FILE.argmap'")
    else:
        message = f"'{what}' is an Argdown relation marker"
        hint = ("argmap writes '+' (supports), '-' (attacks) or '_' (undercuts) before a node indented under the "
                "one it bears on; to read an Argdown file, run 'argmap convert FILE.argdown FILE.argmap'")
    return ArgmapSyntaxError(message, source=source, line=number, column=column, text=text, hint=hint,
                             code="argdown-syntax")


def _where(error: ArgmapSyntaxError) -> tuple[int, int]:
    return error.line, error.column


def _blank(work: str, line: int) -> str | None:
    """*work* with line *line* and the lines indented under it made blank (same length), or None."""
    starts = _line_starts(work)
    if not 1 <= line <= len(starts):
        return None

    def bounds(number: int) -> tuple[int, int]:
        start = starts[number - 1]
        end = starts[number] - 1 if number < len(starts) else len(work)
        return start, end

    start, end = bounds(line)
    content = work[start:end]
    if not content.strip():
        return None
    indent = len(content) - len(content.lstrip(" \t"))
    last = line
    for number in range(line + 1, len(starts) + 1):
        s, e = bounds(number)
        row = work[s:e]
        body = row.lstrip(" \t")
        if not body.strip() or body.startswith("//"):
            continue  # a blank or comment line, at any indentation, neither ends the block nor is part of it
        if len(row) - len(body) <= indent:
            break
        last = number
    stop = bounds(last)[1]
    region = work[start:stop]
    return work[:start] + "".join(c if c == "\n" else " " for c in region) + work[stop:]


def _all_errors(errors: list[ArgmapSyntaxError]) -> ArgmapSyntaxError:
    """The first error, carrying all of them (``.errors``); its text reports every one."""
    first = errors[0]
    if len(errors) == 1:
        return first
    combined = ArgmapSyntaxError(first.message, source=first.source, line=first.line, column=first.column,
                                 text=first.text, hint=first.hint, code=first.code)
    combined.errors = list(errors)
    report = "\n".join(str(e) for e in errors)
    from argmap.document import MAX_ERRORS

    more = f"; stopped after {MAX_ERRORS}" if len(errors) >= MAX_ERRORS else ""
    combined.args = (f"{report}\n{len(errors)} errors{more}",)
    return combined


def _reset(document: Document) -> None:
    document.header.clear()
    document.blocks.clear()
    document.ending.clear()
    document.comments.clear()


def _parse_document(text: str, source: str | None) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"parse_document() takes text (str), not {type(text).__name__}")
    prepared = _prepare(text)
    from argmap.document import MAX_ERRORS, Document

    document = Document(prepared, source)
    surrogate = _surrogate(prepared)
    if surrogate is not None:
        document.diagnostics = (_diagnostic(_not_text(prepared, surrogate.start(), source)),)
        return document
    errors: list[ArgmapSyntaxError] = []
    try:
        document.map = _attempt(prepared, prepared, source, document)
    except ArgmapSyntaxError as first:
        document.map, errors = _recover(prepared, source, document, first)
    diagnostics = [_diagnostic(e) for e in errors]
    if len(errors) >= MAX_ERRORS:
        last = errors[-1]
        diagnostics.append(Diagnostic("error", "too-many-errors", f"stopped after {MAX_ERRORS} errors",
                                      Span(last.line, last.column), "fix these and run again"))
    document.diagnostics = (*diagnostics, *_warnings(document))
    return document


def parse_document(text: str, *, source: str | None = None) -> Document:
    """Read *text* as a :class:`~argmap.document.Document`; never raises for bad notation.

    >>> doc = parse_document("thesis t T.\\nthesis u: U.\\n")
    >>> [(d.span.line, d.code) for d in doc.diagnostics], sorted(doc.map.statements)
    ([(1, 'missing-colon')], ['u'])
    """
    return _parse_document(text, source)


def _diagnostic(error: ArgmapSyntaxError) -> Diagnostic:
    """The error as a diagnostic; its span ends after the word at the error (at least one column)."""
    lines = (error.text or "").split("\n")
    row = lines[error.line - 1] if 1 <= error.line <= len(lines) else ""
    word = re.match(r"\S*", row[error.column - 1:])
    end = error.column + max(len(word.group(0)) if word else 0, 1)
    return Diagnostic("error", error.code, error.message, Span(error.line, error.column, error.line, end), error.hint)


_LOOKS_LIKE_KEY = re.compile(r"([A-Za-z][\w\-]*)[ \t]*:(?=[ \t]|$)")


def _warnings(document: Document) -> list[Diagnostic]:
    """What parses but is probably not what the author meant: metadata keys in the wrong case
    (read as text) or one typo away from a known key (kept under the typo)."""
    import difflib

    from argmap.model import METADATA_KEYS

    found: list[Diagnostic] = []
    for line in document.walk():
        for piece in line.continuation:
            match = _LOOKS_LIKE_KEY.match(piece.text)
            if match and match.group(1).lower() in METADATA_KEYS:
                word, key = match.group(1), match.group(1).lower()
                r = piece.range
                found.append(Diagnostic(
                    "warning", "metadata-key-case", f"'{word}:' is read as more text of the node, not as metadata",
                    Span(r.start_line, r.start_column, r.start_line, r.start_column + len(word) + 1),
                    f"metadata keys are lowercase: did you mean '{key}:'?"))
        for meta in line.metadata:
            key = meta.key.text
            if key in METADATA_KEYS:
                continue
            guess = difflib.get_close_matches(key, METADATA_KEYS, n=1, cutoff=0.75)
            if guess:
                found.append(Diagnostic(
                    "warning", "metadata-key-typo", f"unknown metadata key '{key}' (did you mean '{guess[0]}'?)",
                    meta.key.range.span, f"write '{guess[0]}:'; a key argmap does not know is kept as given"))
    return found


def notation_warnings(text: str, source: str | None = None, map: ArgumentMap | None = None) -> list[Diagnostic]:
    """The warnings of :func:`parse_document` for *text* (what ``argmap check`` adds to its checks).

    *map*, the map parsed from this very text, lets a text with nothing to warn about skip
    reading it as a document (the common case: ``argmap check`` then reads a file once, not
    twice; on 50,000 statements the document took three times as long as the map).
    """
    if map is not None and not _may_warn(text, map):
        return []
    return [d for d in _parse_document(text, source).diagnostics if d.severity == "warning"]


#: A line's first word and a ':' after it (what _LOOKS_LIKE_KEY reads in a text line, and more).
_KEY_AT_LINE_START = re.compile(r"^[ \t]*([A-Za-z][\w\-]*)[ \t]*:", re.MULTILINE)


def _may_warn(text: str, m: ArgumentMap) -> bool:
    """Whether :func:`_warnings` could find anything in *text*, whose map is *m*: a metadata key
    that is not known but close to one, or a line that starts with a known key not spelt in
    lowercase (a text line that looks like metadata; a lowercase one would be metadata)."""
    from argmap.model import METADATA_KEYS

    unknown = {key for node in m.nodes() for key in node.metadata}.difference(METADATA_KEYS)
    if unknown:
        import difflib

        if any(difflib.get_close_matches(key, METADATA_KEYS, n=1, cutoff=0.75) for key in unknown):
            return True
    for match in _KEY_AT_LINE_START.finditer(text):
        word = match.group(1)
        if word.lower() != word and word.lower() in METADATA_KEYS:
            return True
    return False


def load(path: str | os.PathLike[str]) -> ArgumentMap:
    """Read and parse an ``.argmap`` file (UTF-8).

    Raises :class:`ArgmapSyntaxError` for bad notation or text that is not
    UTF-8, and :class:`OSError` when the file cannot be read.
    """
    text = read_utf8(path)
    return parse(text, source=os.fspath(path))


# -------------------------------------------------------------- the builder

#: A child line: a tree of the grammar, or a fused node line with what is indented under it
#: (a ``body`` or ``after_metadata`` tree, or None), as the fused grammar lists them in a body.
_Child = Tree[Token] | tuple[Token, Tree[Token] | None]


def _contents(body: Tree[Token]) -> tuple[list[Token], list[Tree[Token]], list[_Child]]:
    """What a body holds: its text lines (CONT tokens), its metadata (``meta`` trees) and its
    child lines, in order."""
    conts: list[Token] = []
    metas: list[Tree[Token]] = []
    children: list[_Child] = []
    for item in body.children:
        if isinstance(item, Token):  # a fused node line; its body, if any, comes next
            children.append((item, None))
            continue
        data = item.data
        if data == "meta":
            metas.append(item)
        elif data == "body" or data == "after_metadata":
            line = children[-1]
            assert isinstance(line, tuple)
            children[-1] = (line[0], item)
        elif data == "cont":
            conts.append(item.children[0])  # type: ignore[arg-type]
        else:
            children.append(item)
    return conts, metas, children


@attrs.define
class _Block:
    """What the lines indented under one line bear on."""

    anchor: str  # the id that `+` and `-` children support or attack
    link: Relation | str  # what `_` children undercut (a plain id: no link)
    argument: list[str] | None = None  # premises, when this is an argument
    line: NodeLine | None = None  # the line in the document, when one is made


class _Builder:
    def __init__(self, text: str, source: str | None, document: Document | None = None) -> None:
        self.text = text
        self.source = source
        self.doc = document
        self.elements: dict[int, HeaderField | Heading | NodeLine | MetaLine] = {}  # line -> element (document)
        self.named_lines: list[NodeLine] = []  # document lines of nodes written without an id
        self.seen: dict[tuple[str, ...], int] = {}  # relations by content: how many so far
        self.written_derived: set[str] = set()  # ids like `_claim-3f2a1b` written on node lines
        self.header: dict[str, str] = {}
        self.statements: dict[str, Statement] = {}
        self.arguments: dict[str, Argument | None] = {}
        self.premises: dict[str, list[str]] = {}
        self.argument_drafts: dict[str, dict[str, Any]] = {}
        self.relations: list[Relation] = []
        self.sections: list[dict[str, Any]] = []
        self.anonymous = 0
        self.home: dict[str, Relation] = {}  # the relation on a node's own line
        self.unnamed: list[str] = []  # nodes written without an id, in file order
        self.keys: dict[int, tuple[str, ...]] = {}  # line -> what is written on it
        self.tracking = False  # whether to fill `keys`: only when there are comments to place
        if document is not None:  # (imported once here: the document makes several of each per line)
            from argmap.document import MetaLine, NodeLine, Piece, Range

            self.piece_type: type[Piece] = Piece
            self.range_type: type[Range] = Range
            self.line_types: tuple[type[NodeLine], type[MetaLine]] = (NodeLine, MetaLine)

    # -- errors and positions ------------------------------------------

    def argdown(self, token: Token) -> ArgmapSyntaxError:
        return _argdown_error(str(token), self.source, *_pos(token), self.text)

    def error(self, token: _Where, message: str, hint: str, code: str) -> ArgmapSyntaxError:
        line, column = _pos(token)
        return ArgmapSyntaxError(message, source=self.source, line=line, column=column,
                                 text=self.text, hint=hint, code=code)

    # -- the walk ------------------------------------------------------

    def key(self, token: _Where, *key: str) -> None:
        """Note what is written on the token's line, for placing comments (when there are any)."""
        if self.tracking:
            self.keys.setdefault(_pos(token)[0], key)

    def build(self, tree: Tree[Token], comments: list[tuple[int, int, str]] = ()) -> ArgumentMap:  # type: ignore[assignment]
        self.comment_list = comments
        self.tracking = bool(comments)
        if self.doc is not None:
            self.starts = _line_starts(self.text)
        for item in tree.children:
            assert isinstance(item, Tree)
            if item.data == "header_field":
                self.header_field(item)
            elif item.data == "heading":
                self.heading(item)
            else:
                self.walk(item)
        return self.finish()

    def header_field(self, tree: Tree[Token]) -> None:
        key_token, value_token = tree.children
        assert isinstance(key_token, Token) and isinstance(value_token, Token)
        key = _key(key_token)
        self.key(key_token, "header", key)
        if key in self.header:
            raise self.error(key_token, f"the header gives '{key}' twice",
                             "keep one of the two lines", "duplicate-key")
        self.header[key] = _value(value_token)
        if self.doc is not None:
            from argmap.document import HeaderField

            key_piece, value_piece = self.piece(key_token, key), self.piece(value_token)
            field = HeaderField(self.join(key_piece.range, value_piece.range), key_piece, value_piece)
            self.doc.header.append(field)
            self.place(field)

    def heading(self, tree: Tree[Token]) -> None:
        (token,) = tree.children
        assert isinstance(token, Token)
        hashes, _, title = str(token).partition(" ")
        if not title.strip():
            hashes, _, title = str(token).partition("\t")
        title = _text.unescape(_text.collapse(title))
        if self.tracking:  # two sections may share a title: which one this is
            same = sum(1 for s in self.sections if s["title"] == title and s["level"] == len(hashes))
            self.key(token, "section", str(len(hashes)), title, str(same))
        self.sections.append({"title": title, "level": len(hashes), "members": [], "span": _span(token)})
        if self.doc is not None:
            from argmap.document import Heading, Piece

            whole = self.piece(token)
            raw = str(token)[len(hashes):]
            skip = len(hashes) + len(raw) - len(raw.lstrip(" \t"))
            title_piece = Piece(str(token)[skip:], self.range(token, skip))
            heading = Heading(whole.range, len(hashes), title_piece)
            self.doc.blocks.append(heading)
            self.place(heading)

    def walk(self, top: Tree[Token]) -> None:
        # (tree, parent block) or (an argument's id, None): finish that argument
        stack: list[tuple[_Child | str, _Block | None]] = [(top, None)]
        pop, push = stack.pop, stack.append
        fast = self.doc is None and not self.tracking
        while stack:
            item, parent = pop()
            if isinstance(item, str):
                self.finish_argument(item)
                continue
            if isinstance(item, tuple):  # a fused node line in its parent's body, and what is under it
                line, body = item
                bare = line.type in _BARE_NODES
            else:  # a tree: a top-level line, or a line read in the plain terminals
                parts: list[Any] = item.children
                line, body, bare = parts[0], parts[1] if len(parts) > 1 else None, item.data == "bare_node"
            if fast:
                found = self.plain_node(line, body, bare, parent)
                if found is not None:
                    block, children = found
                    for child in reversed(children):
                        push((child, block))
                    continue
            if isinstance(item, tuple):
                item = Tree("bare_node" if bare else "marked_node", [line] if body is None else [line, body])
            block, children, finish = self.occurrence(item, parent)
            if finish is not None:
                push((finish, None))
            for child in reversed(children):
                push((child, block))

    def plain_node(self, fused: Token, body: Tree[Token] | None, bare: bool,
                   parent: _Block | None) -> tuple[_Block, list[_Child]] | None:
        """The most common line, the quick way: a fused line (outside the document, no comments in the
        file) of a thesis, claim or evidence with an id and its text on the line.  Anything else is
        None before anything is changed, and :meth:`occurrence` reads the line (and reports its
        errors) as always; the metadata written under the line (not carried in it) is read by
        :meth:`metadata` either way, so its errors are the same.  tests/test_fused_lines.py holds
        the two ways to the same maps and errors.  *body* is what is indented under the line, *bare* whether the line has no marker
        where it stands in a body."""
        if fused.type not in _FUSED_NODES or bare:
            return None
        metas: list[Tree[Token]] = []
        children: list[_Child] = []
        if body is not None:
            conts, metas, children = _contents(body)
            if conts:
                return None
        line_text = _line(fused)
        # The first ':' is the one after the kind or the id (neither, nor the marker, holds one).
        colon = line_text.find(":")
        head = line_text[:colon].split()
        marked = fused[0] in _MARKERS
        if len(head) != 2 + marked:  # no id
            return None
        kind, node_id = head[marked], head[marked + 1]
        if (kind not in _PLAIN_KINDS or node_id[0] == "_" or node_id in self.statements
                or node_id in self.arguments):
            return None
        raw = _text.collapse(line_text[colon + 1:])
        tags: tuple[str, ...] = ()
        if "#" in raw:
            raw, tags = _text.split_tags(raw)
        text = _text.unescape(raw) if "\\" in raw else raw
        if not text:
            return None
        metadata: dict[str, str] = {}
        if fused.type in _CARRIERS:
            for _, _, content in _carried_rows(fused):
                colon = content.index(":")
                key = content[:colon].rstrip(" \t")
                if key in metadata:
                    return None
                metadata[key] = content[colon + 1:].lstrip(" \t")
        if metas:  # more under the line (a quoted value, say), read as the general way reads it
            if metadata and any(_meta_key(meta) in metadata for meta in metas):
                return None  # a key given twice, across the two: the general way reports the first
            metadata.update(self.metadata(metas, node_id))
        line, column = (fused.line or 2) - 1, fused.column or 1
        span = Span(line, column, line, column + len(line_text))
        if self.sections:
            self.sections[-1]["members"].append(node_id)
        self.statements[node_id] = Statement(_KINDS[kind], node_id, text, tags, metadata, span)
        link: Relation | str = node_id
        if marked:
            assert parent is not None  # a marked line is always a child line
            relation_kind = _MARKERS[fused[0]]
            if relation_kind is RelationKind.UNDERCUT:
                link = self.relate(relation_kind, node_id, parent, fused, span)
            else:  # what relate() does for a support or an attack (no comments: nothing to note)
                link = Relation(relation_kind, node_id, parent.anchor, span)
                self.relations.append(link)
            self.home[node_id] = link
        return _Block(node_id, link), children

    def occurrence(self, tree: Tree[Token], parent: _Block | None) -> tuple[_Block, list[_Child], str | None]:
        """Handle one line (and its text and metadata); return its block, its child lines, and
        the id of the argument to finish after them, if it is one."""
        # [MARKER] (REF | KIND-or-ARGUMENT [ID] [TEXT]) [body]
        parts: list[Any] = tree.children
        fused: Token | None = None  # the line as one token (the grammar's fused lines)
        metas: list[Tree[Token]] = []
        if parts[0].type in _FUSED_NODES:
            if parts[0].type in _CARRIERS:
                metas += _carried_metas(parts[0])
            if self.doc is None:
                fused = parts[0]
            else:  # the document's pieces: the tokens of the plain grammar
                parts = _split_node(parts[0]) + parts[1:]
        marker: Token | None = None
        at = 0
        if parts[0].type == "MARKER":
            marker = parts[0]
            at = 1
        head: Token = parts[at]
        body: Tree[Token] | None = parts[-1] if isinstance(parts[-1], Tree) else None
        # What is indented under the line: text, metadata, child lines.
        conts: list[Token] = []
        children: list[_Child] = []
        if body is not None:
            conts, body_metas, children = _contents(body)
            metas += body_metas
        if self.doc is not None:  # the document's pieces: the tokens of the plain grammar
            for meta in metas:
                if len(meta.children) == 1:
                    meta.children = _split_meta(meta.children[0])  # type: ignore[arg-type, assignment]
        relation_kind = _MARKERS[marker[0]] if marker is not None else None
        for cont in conts:
            if cont[0] in "<>+-_[" and _ARGDOWN.match(cont):
                raise self.argdown(cont)
        if fused is not None:
            return self.fused_node(tree.data, fused, conts, metas, children, parent)

        if head.type == "REF":
            block = self.reference(tree.data, head, marker, relation_kind, conts, metas, parent)
            if self.doc is not None:
                block.line = self.node_line(str(head)[1:], parent, marker, None, None, head, None, conts, metas)
            return block, children, None

        kind_token, id_token, text_token = head, None, None
        for token in parts[at + 1:len(parts) - (body is not None)]:
            if token.type == "ID":
                id_token = token
            else:
                text_token = token
        is_argument = kind_token.type == "ARGUMENT"
        kind = _word(kind_token)
        self.check_placement(tree.data, kind, kind_token, marker, parent)

        node_id = self.new_id(id_token)
        text, tags = self.node_text(str(text_token) if text_token is not None else None, conts, kind_token,
                                    required=not is_argument)
        metadata = self.metadata(metas, node_id) if metas else {}
        first = marker or kind_token
        last = conts[-1] if conts else text_token
        if last is not None:
            span = Span(first.line - 1, first.column, last.end_line - 1, last.end_column)  # type: ignore[operator, arg-type]
        else:  # no text: the ':' right after the kind or the id (which take the blanks before it)
            word = id_token or kind_token
            span = Span(first.line - 1, first.column, word.end_line - 1, word.end_column + 1)  # type: ignore[operator, arg-type]
        return self.node(node_id, kind, is_argument, text, tags, metadata, span, marker, kind_token, relation_kind,
                         parent, children, id_token, text_token, conts, metas)

    def fused_node(self, data: str, fused: Token, conts: list[Token], metas: list[Tree[Token]],
                   children: list[_Child], parent: _Block | None) -> tuple[_Block, list[_Child], str | None]:
        """A node line read as one token (outside the document): the parts from the match; a token
        of a part of its own only where an error or an argument needs that part's position."""
        line_text = _line(fused)
        match = _splitters()[0].match(line_text)
        assert match is not None, fused
        at = match.end
        marker_end, kind_end, argument_end = at("MARKER"), at("KIND"), at("ARGUMENT")
        id_end, colon_end = at("ID"), at("COLON")
        # The line starts with the marker, or else the kind word: its position is the token's.
        marker = fused if marker_end > 0 else None
        relation_kind = _MARKERS[fused[0]] if marker is not None else None
        start = max(marker_end, 0)
        is_argument = kind_end < 0
        word_end = argument_end if is_argument else kind_end
        kind = line_text[start:word_end].rstrip(" \t")
        has_text = colon_end < len(line_text)
        # Where the kind word is, for errors (after the marker, if any).
        kind_token: _Where = fused if marker is None else (fused, start)
        self.check_placement(data, kind, kind_token, marker, parent)
        node_id = self.new_id(None, (fused, word_end, id_end) if id_end > 0 else None)
        text, tags = self.node_text(line_text[colon_end:] if has_text else None, conts, kind_token,
                                    required=not is_argument, kind=kind)
        metadata = self.metadata(metas, node_id) if metas else {}
        line, column = (fused.line or 2) - 1, fused.column or 1
        if conts:
            span = Span(line, column, (conts[-1].end_line or 2) - 1, conts[-1].end_column)
        elif has_text:
            span = Span(line, column, line, column + len(line_text))
        else:  # no text: the ':' right after the kind or the id (which take the blanks before it)
            span = Span(line, column, line, column + (id_end if id_end > 0 else word_end) + 1)
        return self.node(node_id, kind, is_argument, text, tags, metadata, span, marker, kind_token, relation_kind,
                         parent, children, None, None, conts, metas)

    def node(self, node_id: str, kind: str, is_argument: bool, text: str, tags: tuple[str, ...],
             metadata: dict[str, str], span: Span, marker: Token | None, kind_token: _Where,
             relation_kind: RelationKind | None, parent: _Block | None, children: list[_Child],
             id_token: Token | None, text_token: Token | None, conts: list[Token],
             metas: list[Tree[Token]]) -> tuple[_Block, list[_Child], str | None]:
        """The statement or argument of a node line, its relation to the line above, its block."""
        if parent is not None and parent.argument is not None and relation_kind is None:
            # A premise defined in an argument: its line is the argument's n-th listing of it, as a
            # reference's is, so that a comment stays on the line when a view or an edit makes one
            # the other (the definition then written where a reference was, or the other way round).
            self.key(kind_token, "premise", parent.anchor, node_id, str(parent.argument.count(node_id)))
        else:
            self.key(marker or kind_token, "node", node_id)
        if self.sections:
            self.sections[-1]["members"].append(node_id)

        if is_argument:
            self.arguments[node_id] = None
            self.premises[node_id] = []
            self.argument_drafts[node_id] = {"text": text, "tags": tags, "metadata": metadata,
                                             "span": span, "token": kind_token}
        else:
            self.statements[node_id] = Statement(_KINDS[kind], node_id, text, tags, metadata, span)

        link: Relation | str = node_id
        if parent is not None and relation_kind is not None:
            link = self.home[node_id] = self.relate(relation_kind, node_id, parent, marker, span)
        elif parent is not None and parent.argument is not None:
            parent.argument.append(node_id)
        block = _Block(node_id, link, self.premises[node_id] if is_argument else None)
        if self.doc is not None:
            assert isinstance(kind_token, Token)  # (the document's lines are the plain grammar's tokens)
            block.line = self.node_line(node_id, parent, marker, kind_token, id_token, None, text_token, conts,
                                        metas)
            if id_token is None:
                self.named_lines.append(block.line)
        return block, children, node_id if is_argument else None

    # -- the document ----------------------------------------------------

    def range(self, token: Token, skip: int = 0, length: int | None = None) -> Range:
        """The range of *token*'s text from *skip* on (*length* characters, or to its end)."""
        assert self.doc is not None
        value = str(token)
        start = (token.start_pos or 1) - 1 + skip
        if length is None:
            length = len(value) - skip
        line, column = token.line, token.column
        if line is not None and column is not None and value.find("\n", 0, skip + length) < 0:
            # On the token's own line (the parser sees one line more, in front): no search needed.
            return self.range_type(line - 1, column + skip, line - 1, column + skip + length, start, start + length)
        return self.range_of(start, start + length)

    def range_of(self, start: int, end: int) -> Range:
        starts = self.starts
        first = bisect.bisect_right(starts, start)
        last = bisect.bisect_right(starts, max(end - 1, start)) if end > start else first
        end_column = end - starts[last - 1] + 1
        if end > start and self.text[end - 1] == "\n":  # pragma: no cover - pieces never end in a break
            end_column = end - starts[last - 1]
        return self.range_type(first, start - starts[first - 1] + 1, last, end_column, start, end)

    def piece(self, token: Token, word: str | None = None) -> Piece:
        """*token* as a piece; *word* is its text without the blanks (or ':') the token took after it."""
        if word is None:
            word = str(token).rstrip(" \t")
        return self.piece_type(word, self.range(token, 0, len(word)))

    def join(self, first: Range, last: Range) -> Range:
        return self.range_type(first.start_line, first.start_column, last.end_line, last.end_column, first.start_offset,
                     last.end_offset)

    def place(self, element: HeaderField | Heading | NodeLine | MetaLine, *lines: int) -> None:
        self.elements.setdefault(element.range.start_line, element)
        for line in lines:
            self.elements.setdefault(line, element)

    def node_line(self, node: str, parent: _Block | None, marker: Token | None, kind: Token | None,
                  id_token: Token | None, ref: Token | None, text: Token | None, conts: list[Token],
                  metas: list[Tree[Token]]) -> NodeLine:
        new_line, new_meta = self.line_types
        assert self.doc is not None
        pieces = [self.piece(t) for t in (marker, kind, id_token, ref) if t is not None]
        text_piece = self.piece(text) if text is not None else None
        more = [self.piece(t) for t in conts]
        texts = ([text_piece] if text_piece else []) + more
        first = pieces[0].range
        if texts:
            whole = self.join(first, texts[-1].range)
        else:  # up to the ':' after the kind or the id, or the end of the reference
            end = pieces[-1].range
            colon = 1 if ref is None else 0
            whole = self.range_of(first.start_offset, end.end_offset + colon)
            if colon and self.text[end.end_offset:end.end_offset + 1] != ":":
                whole = self.range_of(first.start_offset, self.text.index(":", end.end_offset) + 1)
        line = new_line(
            whole,
            parent.line.level + 1 if parent is not None and parent.line is not None else 0,
            node,
            marker=pieces.pop(0) if marker is not None else None,
            kind=pieces.pop(0) if kind is not None else None,
            id=pieces.pop(0) if id_token is not None else None,
            reference=pieces.pop(0) if ref is not None else None,
            text=text_piece,
            continuation=more,
            tags=self.tags(texts),
        )
        for meta in metas:
            key_token, value_token = meta.children
            assert isinstance(key_token, Token) and isinstance(value_token, Token)
            key, value = self.piece(key_token, _key(key_token)), self.piece(value_token)
            meta_line = new_meta(self.join(key.range, value.range), key, value)
            line.metadata.append(meta_line)
            self.place(meta_line, *range(meta_line.range.start_line + 1, meta_line.range.end_line + 1))
        self.place(line, *(p.range.start_line for p in more))
        if parent is not None and parent.line is not None:
            parent.line.children.append(line)
        else:
            self.doc.blocks.append(line)
        return line

    def tags(self, texts: list[Piece]) -> list[Piece]:
        """The ``#tags`` at the end of a node's text (which may close its last lines)."""
        new_piece = self.piece_type
        found: list[Piece] = []
        for piece in reversed(texts):
            raw = piece.text
            while True:
                match = _text._TRAILING_TAG.search(raw)
                if not match:
                    break
                at = raw.index("#", match.start())
                offset = piece.range.start_offset + at
                found.append(new_piece(raw[at:], self.range_of(offset, offset + len(raw) - at)))
                raw = raw[: match.start()].rstrip()
            if raw:
                break
        return found[::-1]

    def reference(
        self,
        data: str,
        ref: Token,
        marker: Token | None,
        relation_kind: RelationKind | None,
        conts: list[Token],
        metas: list[Tree[Token]],
        parent: _Block | None,
    ) -> _Block:
        ref_id = str(ref)[1:]
        self.no_text_or_metadata(conts, metas, "a reference")
        if data == "ref_block":
            if self.tracking:  # the same id may head several blocks: which one this is
                times = self.seen[("block", ref_id)] = self.seen.get(("block", ref_id), -1) + 1
                self.key(ref, "block", ref_id, str(times))
            return _Block(ref_id, ref_id)
        assert parent is not None
        if relation_kind is None:
            if parent.argument is None:
                raise self.error(ref, "this reference has no marker",
                                 f"say how '{ref_id}' bears on the node above: '+ {ref}' (supports), "
                                 f"'- {ref}' (attacks) or '_ {ref}' (undercuts)", "missing-marker")
            if self.tracking:  # the same premise may be listed twice: which time this is
                self.key(ref, "premise", parent.anchor, ref_id, str(parent.argument.count(ref_id)))
            parent.argument.append(ref_id)
            return _Block(ref_id, ref_id)
        assert marker is not None
        span = Span(marker.line - 1, marker.column, ref.end_line - 1, ref.end_column)  # type: ignore[operator, arg-type]
        link = self.relate(relation_kind, ref_id, parent, marker, span)
        return _Block(ref_id, link)

    def relate(self, kind: RelationKind, source: str, parent: _Block, marker: Token | None, span: Span) -> Relation:
        """The relation on *marker*'s line, whose *span* is the line's (shared with a node defined there)."""
        target: Relation | str = parent.link if kind is RelationKind.UNDERCUT else parent.anchor
        assert marker is not None
        relation = Relation(kind, source, target, span)
        if kind is RelationKind.UNDERCUT and relation.depth > MAX_UNDERCUT_DEPTH:
            raise self.error(marker, f"undercuts nest more than {MAX_UNDERCUT_DEPTH} deep here",
                             "an undercut of an undercut of ... this deep is almost surely a mistake in "
                             "indentation; attach the reason to the node instead", "undercut-too-deep")
        if self.tracking:  # the same relation may be written twice: which time this is
            key = relation_key(relation)
            times = self.seen[key] = self.seen.get(key, -1) + 1
            self.key(marker, "rel", *key, str(times))
        self.relations.append(relation)
        return relation

    def check_placement(self, data: str, kind: str, kind_token: _Where, marker: Token | None,
                        parent: _Block | None) -> None:
        in_argument = parent is not None and parent.argument is not None
        if kind == "premise" and (marker is not None or not in_argument):
            if in_argument:
                raise self.error(marker or kind_token, "a premise inside an argument takes no marker",
                                 "write 'premise ...' without '+', '-' or '_': the argument's own line says "
                                 "whether its premises support or attack", "premise-marker")
            raise self.error(kind_token, "a premise outside an argument",
                             "premises support only together, inside an 'argument' block; for a reason "
                             "that stands alone, write '+ claim ...'", "premise-outside-argument")
        if data == "bare_node" and kind != "premise":
            if in_argument:
                raise self.error(kind_token, f"a {kind} inside an argument needs a marker",
                                 "write 'premise ...' for each linked premise, or add '+', '-' or '_' to "
                                 "make it bear on the argument as a whole", "missing-marker")
            raise self.error(kind_token, f"this {kind} has no marker",
                             f"say how it bears on the node above: '+ {kind} ...' (supports), "
                             f"'- {kind} ...' (attacks) or '_ {kind} ...' (undercuts)", "missing-marker")

    def new_id(self, id_token: Token | None, fused: tuple[Token, int, int] | None = None) -> str:
        """The id written (*id_token*, or characters *start* to *end* of a *fused* line), or a temporary one."""
        at: _Where
        if fused is not None:
            line, start, end = fused
            node_id, at = line[start:end].rstrip(" \t"), (line, start)
        elif id_token is None:
            self.anonymous += 1
            temporary = f"\x00{self.anonymous}"
            self.unnamed.append(temporary)
            return temporary
        else:
            node_id, at = _word(id_token), id_token
        if node_id[0] == "_":  # a derived id, written out: no unnamed node may get it
            self.written_derived.add(node_id)
        if node_id in self.statements or node_id in self.arguments:
            first = self.statements.get(node_id) or self.argument_drafts[node_id]
            first_span = first.span if isinstance(first, Statement) else first["span"]
            assert first_span is not None
            raise self.error(at, f"the id '{node_id}' is already used (line {first_span.line})",
                             f"give this node another id, or refer to the first one with '@{node_id}'",
                             "duplicate-id")
        return node_id

    def node_text(self, first: str | None, conts: list[Token], kind_token: _Where,
                  required: bool, kind: str | None = None) -> tuple[str, tuple[str, ...]]:
        pieces = [first] if first is not None else []
        pieces += map(str, conts)
        raw, tags = _text.split_tags(_text.collapse(" ".join(pieces)))
        text = _text.unescape(raw)
        if required and not text:
            kind = kind or _word(kind_token)  # type: ignore[arg-type]
            raise self.error(kind_token, f"this {kind} has no text",
                             f"write what the {kind} says after the ':'", "empty-text")
        return text, tags

    def metadata(self, metas: list[Tree[Token]], node_id: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for meta in metas:
            key_token: Token = meta.children[0]  # type: ignore[assignment]
            value_token: Token | None = meta.children[1] if len(meta.children) > 1 else None  # type: ignore[assignment]
            key = _meta_key(meta)
            self.key(key_token, "meta", node_id, key)
            if key in out:
                raise self.error(key_token, f"'{key}' is given twice for this node",
                                 "keep one of the two lines", "duplicate-key")
            if value_token is None:  # a fused `key: value` line: the value follows the first ':'
                out[key] = _line(key_token)[key_token.index(":") + 1:].lstrip(" \t")
            else:
                self.check_string(key_token, value_token)
                out[key] = _value(value_token)
        return out

    def check_string(self, key_token: Token, value_token: Token) -> None:
        # A quoted value may run over several lines, but only indented ones:
        # a quote left open must not swallow the nodes that follow it.
        if value_token.type != "STRING" or "\n" not in value_token:
            return
        key_column = key_token.column or 1
        for line in str(value_token).split("\n")[1:]:
            if line.strip() and len(line) - len(line.lstrip(" ")) < key_column:
                raise self.error(value_token, "this quote is not closed",
                                 "end the value with '\"'; a quote that goes on to the next lines must "
                                 "indent them deeper than its key", "unterminated-quote")

    def no_text_or_metadata(self, conts: list[Token], metas: list[Tree[Token]], what: str) -> None:
        # The grammar puts a body's text lines before its metadata.
        if conts:
            raise self.error(conts[0], f"{what} has no text of its own",
                             "indent the line under a node's definition, or start it with a marker "
                             "to make it a new node", "misplaced-text")
        if metas:
            token = metas[0].children[0]
            assert isinstance(token, Token)
            raise self.error(token, f"{what} cannot carry metadata",
                             "put metadata under the node's definition, where it has its text",
                             "misplaced-metadata")

    def place_comments(self, rename: Any) -> dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]]:
        return _place(self.comment_list, self.keys, self.text, rename)

    def finish_argument(self, node_id: str) -> None:
        draft = self.argument_drafts[node_id]
        premises = self.premises[node_id]
        if not premises and not draft["text"]:  # with a label but no premises yet it is a sketch
            raise self.error(draft["token"], "this argument has no premise",
                             "indent 'premise ...' lines under it (or '@id' to reuse a statement); "
                             "for a single reason write '+ claim ...' instead", "empty-argument")
        self.arguments[node_id] = Argument(node_id, draft["text"], premises, draft["tags"],
                                           draft["metadata"], draft["span"])

    # -- anonymous ids -------------------------------------------------

    def finish(self) -> ArgumentMap:
        names: dict[str, str] = {}
        used: set[str] = set(self.written_derived)
        counts: dict[str, int] = {}  # derive_id resumes its suffix search: linear for many nodes alike

        def rename(i: str) -> str:
            return names.get(i, i)

        def rename_relation(r: Relation) -> Relation:
            target = rename_relation(r.target) if isinstance(r.target, Relation) else rename(r.target)
            return Relation(r.kind, rename(r.source), target, r.span)

        def link(node_id: str) -> Relation | None:
            home = self.home.get(node_id)
            return rename_relation(home) if home is not None else None

        def name(node_id: str) -> None:
            statement = self.statements.get(node_id)
            if statement is not None:
                names[node_id] = derive_id(statement.kind.value, statement.text, used, link(node_id), counts)
                return
            argument = self.arguments[node_id]
            assert argument is not None
            premises = "\x00".join(rename(p) for p in argument.premises)
            names[node_id] = derive_id("argument", f"{argument.text}\x00{premises}", used, link(node_id), counts)

        # Nodes on no link first (premises, top-level nodes), then the rest
        # in file order, so that whatever a link or an argument names is
        # already renamed.
        for node_id in self.unnamed:
            if node_id not in self.home and node_id in self.statements:
                name(node_id)
        for node_id in self.unnamed:
            if node_id not in names:
                name(node_id)

        statements: dict[str, Statement] | list[Statement] = self.statements  # (a dict is taken as it is)
        if names:
            statements = [attrs.evolve(s, id=names[s.id]) if s.id in names else s for s in self.statements.values()]
        arguments = [
            attrs.evolve(a, id=rename(a.id), premises=[rename(p) for p in a.premises])
            for a in self.arguments.values()
            if a is not None
        ]
        relations = [rename_relation(r) for r in self.relations] if names else self.relations
        sections = [
            Section(s["title"], s["level"], [rename(m) for m in s["members"]], s["span"]) for s in self.sections
        ]
        if self.doc is not None:
            for line in self.named_lines:
                line.node = rename(line.node)
            self.place_document_comments()
        return ArgumentMap(self.header, statements, arguments, relations, sections, comments=self.place_comments(rename),
                           source=self.source, text=self.text)

    def place_document_comments(self) -> None:
        """Each comment to the element it is written on (trailing) or above (leading)."""
        from argmap.document import Comment

        assert self.doc is not None
        lines = sorted(self.elements)
        for line, column, text in self.comment_list:
            start = self.starts[line - 1] + column - 1
            comment = Comment(text, self.range_of(start, start + len(text)))
            self.doc.comments.append(comment)
            element = self.elements.get(line)
            if element is not None and element.range.start_offset < start:
                element.trailing.append(comment)
                continue
            following = bisect.bisect_right(lines, line)
            if following < len(lines):
                self.elements[lines[following]].leading.append(comment)
            else:
                self.doc.ending.append(comment)


def _place(comment_list: list[tuple[int, int, str]], keys: dict[int, tuple[str, ...]], text: str,
           rename: Any) -> dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]]:
    """Tie each comment to what it was written after (same line) or above (the next line with content)."""
    if not comment_list:
        return {}
    lines = text.split("\n")
    keyed = sorted(keys)
    placed: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    for line, column, comment in comment_list:
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        if before.strip() and line in keys:
            key, slot = keys[line], 1
        else:
            following = bisect.bisect_right(keyed, line)
            key, slot = (keys[keyed[following]], 0) if following < len(keyed) else (("end",), 0)
        key = tuple(rename(part) for part in key)
        placed.setdefault(key, ([], []))[slot].append(comment)
    return {key: (tuple(a), tuple(b)) for key, (a, b) in placed.items()}


def _line_starts(text: str) -> list[int]:
    """The offset where each line of *text* starts."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _span(token: Token) -> Span:
    """The span of *token* in the user's text (the parser saw one extra line in front)."""
    return Span((token.line or 2) - 1, token.column or 1, (token.end_line or 2) - 1, token.end_column or 1)


#: Where a part of a line is: its token, or a fused line's token and the part's offset in it.
_Where = Token | tuple[Token, int]


def _pos(token: _Where) -> tuple[int, int]:
    if isinstance(token, tuple):
        line, offset = token
        return (line.line or 2) - 1, (line.column or 1) + offset
    return (token.line or 2) - 1, token.column or 1


def _word(token: Token) -> str:
    """A kind word or an id without the blanks its token takes after it."""
    return str(token).rstrip(" \t")


def _key(token: Token) -> str:
    return str(token).rstrip(": \t")


def _meta_key(meta: Tree[Token]) -> str:
    """The key of a ``meta`` tree: of its key token, or of a fused `key: value` line up to its first ':'."""
    key_token: Token = meta.children[0]  # type: ignore[assignment]
    if len(meta.children) == 1:
        return key_token[:key_token.index(":")].rstrip(" \t")
    return _key(key_token)


def _value(token: Token) -> str:
    if token.type == "STRING":
        return _text.unquote(str(token))
    return str(token)


# -------------------------------------------------------- the fused lines

#: A fused node line that took `key: value` lines along, by the type the postlexer gives it.
_CARRYING = {"NODE_LINE": "NODE_META_LINE", "MARKED_NODE_LINE": "MARKED_NODE_META_LINE"}
_CARRIERS = frozenset(_CARRYING.values())
_FUSED_NODES = frozenset(("NODE_LINE", "MARKED_NODE_LINE", *_CARRIERS))
#: Fused node lines without a marker.
_BARE_NODES = frozenset(("NODE_LINE", "NODE_META_LINE"))
#: Tokens that end with a line break and the next line's indentation (the postlexer reads it).
_BREAKS = frozenset(("_NL", "NODE_LINE", "MARKED_NODE_LINE", "META_LINE"))


def _line(token: Token) -> str:
    """A fused token without the line break it ends with (and the blanks before it)."""
    return token[:token.index("\n")].rstrip(" \t")


@lru_cache(maxsize=1)
def _splitters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What takes a fused token apart: the grammar's own terminals, each a group, up to the text
    (a node line's text, or a value, is the rest of the token)."""
    grammar = grammar_text()

    def terminal(name: str) -> str:
        match = re.search(rf"^{name}(?:\.\d+)?:\s*/(.*)/\s*$", grammar, re.MULTILINE)
        assert match, f"no terminal {name} in the grammar"
        return f"(?P<{name.strip('_')}>{match.group(1)})"

    head = f"{terminal('MARKER')}?(?:{terminal('KIND')}|{terminal('ARGUMENT')}){terminal('ID')}?{terminal('_COLON')}"
    return re.compile(head), re.compile(terminal("META_KEY"))


def _carried_rows(token: Token) -> Iterator[tuple[int, int, str]]:
    """The `key: value` lines a fused node line took along: (offset in the token, line number in it
    from 0, the line without its indentation and trailing blanks)."""
    start = token.index("\n") + 1
    end = token.rindex("\n")
    number = 1
    while start <= end:
        stop = token.index("\n", start)
        row = token[start:stop]
        content = row.lstrip(" \t")
        if content:
            yield start + len(row) - len(content), number, content.rstrip(" \t")
        start, number = stop + 1, number + 1


def _carried_metas(token: Token) -> list[Tree[Token]]:
    """The `key: value` lines a fused node line took along, as the grammar's ``meta`` trees of a
    META_LINE token each (with its position), as if each had been read on its own."""
    metas: list[Tree[Token]] = []
    base, line = token.start_pos or 0, token.line or 1
    for offset, number, content in _carried_rows(token):
        value = content + "\n"
        meta: Token = str.__new__(Token, value)
        column = offset - (token.rindex("\n", 0, offset) + 1) + 1
        meta.type, meta.value, meta.start_pos, meta.line, meta.column = ("META_LINE", value, base + offset,
                                                                         line + number, column)
        meta.end_line, meta.end_column, meta.end_pos = line + number, column + len(content), base + offset + len(content)
        metas.append(Tree("meta", [meta]))
    return metas


def _part(token: Token, type_: str, start: int, end: int) -> Token:
    """Characters *start* to *end* of *token* (on one line) as a token of its own."""
    value = token[start:end]
    part: Token = str.__new__(Token, value)
    base, column = token.start_pos or 0, token.column or 1
    part.type, part.value, part.start_pos, part.line, part.column = type_, value, base + start, token.line, column + start
    part.end_line, part.end_column, part.end_pos = token.line, column + end, base + end
    return part


def _split_node(token: Token) -> list[Token]:
    """A NODE_LINE or MARKED_NODE_LINE token as the MARKER, KIND or ARGUMENT, ID and TEXT tokens the plain
    grammar makes of the same line (those written)."""
    line = _line(token)
    match = _splitters()[0].match(line)
    assert match is not None, token
    end = match.end
    marker_end, kind_end, argument_end, id_end, colon_end = (end("MARKER"), end("KIND"), end("ARGUMENT"),
                                                              end("ID"), end("COLON"))
    parts = []
    at = 0
    if marker_end > 0:
        parts.append(_part(token, "MARKER", 0, marker_end))
        at = marker_end
    if kind_end > 0:
        parts.append(_part(token, "KIND", at, kind_end))
        at = kind_end
    else:
        parts.append(_part(token, "ARGUMENT", at, argument_end))
        at = argument_end
    if id_end > 0:
        parts.append(_part(token, "ID", at, id_end))
    if colon_end < len(line):
        parts.append(_part(token, "TEXT", colon_end, len(line)))
    return parts


def _split_meta(token: Token) -> list[Token]:
    """A META_LINE token as the META_KEY and VALUE tokens of the plain grammar."""
    line = _line(token)
    match = _splitters()[1].match(line)
    assert match is not None, token
    return [_part(token, "META_KEY", 0, match.end()), _part(token, "VALUE", match.end(), len(line))]
