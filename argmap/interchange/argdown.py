"""Argdown text in and out.

Reading understands the Argdown people write (docs/interchange.md has the
mapping, and the conformance table against Argdown's own files):

- statements ``[Title]: text``, references ``[Title]`` and untitled
  statements (paragraphs, list items ``* x`` / ``1. x``, indented
  paragraphs); several definitions of one title are one statement (an
  equivalence class; the first text wins, tags and data are merged);
- arguments ``<Title>: text`` and ``<Title>``; one without a
  premise-conclusion structure stays an argument, with no premises yet;
- text wrapped over several lines anywhere (statements, arguments,
  relations, premises, conclusions, headings); mentions ``@[x]``, links and
  emphasis are kept as text (emphasis marks dropped);
- relation trees: ``+ - _`` and ``<+ <- <_`` (the child bears on its parent),
  ``+> -> _>`` (the parent bears on the child), ``><`` (contradiction, read
  as two attacks), under statements, arguments, premises, conclusions and
  list items; in strict mode (front matter ``model: mode: strict``) an
  attack between statements is a contrary relation (two attacks) and a
  support an entailment (a support);
- premise-conclusion structures, ``(1) ...`` lines with ``----``,
  ``-- rule --`` or ``--`` / rule / ``--`` inference lines (the rule and its
  ``{data}`` become the argument's ``inference`` metadata): the premises
  become a linked argument that supports its conclusion (a multi-step
  structure becomes a chain);
- headings (sections), ``#tags`` and ``#(tags with spaces)``, ``{yaml}``
  data (``kind`` gives the statement's kind; the rest is metadata), front
  matter between ``===`` lines (the header), and ``//`` (at the start of a
  line or after a blank, so not in a URL), ``/* */`` and ``<!-- -->``
  comments anywhere.

What argmap cannot carry is a located warning.  A file with mistakes raises
one ArgmapSyntaxError whose report lists every mistake, then the warnings.
Undercuts in Argdown attack an argument's inference; argmap reads them as
undercuts of the link written on the parent's line, else of the argument's
inference to its conclusion.

>>> m = loads("[t]: Tea is good.\\n  + [c]: It is warm. #cosy\\n")
>>> m.statements["c"].tags, m.relations[0].kind.value
(('cosy',), 'support')
"""

from __future__ import annotations

import bisect
import enum
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs

from argmap import _text
from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange._common import (
    MAX_UNDERCUT_DEPTH,
    refuse_lone_surrogates,
    safe_id,
    too_deep,
    undercut_depth,
    warning,
)
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Section, Span, Statement, derive_id

__all__ = ["dumps", "loads"]

_IMPLICIT = "implicit-conclusion"
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*)$")
_NUMBERED = re.compile(r"\((\d+)\)[ \t]+(.*)$")
_STATEMENT_DEF = re.compile(r"\[(.+?)\]:[ \t]*(.*)$")
_STATEMENT_REF = re.compile(r"\[([^\]-][^\]]*)\][ \t]*(.*)$")
_ARGUMENT_DEF = re.compile(r"<(.+?)>:[ \t]*(.*)$")
_ARGUMENT_REF = re.compile(r"<([^>]+)>[ \t]*(.*)$")
_DEFINITION = re.compile(r"(?:\[[^\]]+\]|<[^>]+>)(?::|[ \t]*$)")
#: Front matter keys that are Argdown's display settings, not text about the map.
_SETTINGS = {"color", "dot", "group", "map", "model", "selection", "parser", "logLevel", "html", "svg", "webComponent",
             "vizjs", "json", "graphml", "export"}
_TAG = re.compile(r"(?:^|(?<=\s))#(?:\(([^)]+)\)|([^\s#()\[\]{}<>]+))")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


class _Error(Exception):
    def __init__(self, message: str, line: int, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


# -- reading: comments, front matter, text ------------------------------------


def _strip_comments(text: str) -> str:
    """The text with comments blanked out (newlines kept, so positions stay)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            out.append(text[i : i + 2])
            i += 2
            continue
        for start, end in (("/*", "*/"), ("<!--", "-->")):
            if text.startswith(start, i):
                close = text.find(end, i + len(start))
                if close < 0:
                    line = text.count("\n", 0, i) + 1
                    raise _Error(f"a comment opened with '{start}' is not closed", line,
                                 i - (text.rfind("\n", 0, i) + 1) + 1, f"close it with '{end}'")
                stop = close + len(end)
                out.append("".join(c if c == "\n" else " " for c in text[i:stop]))
                i = stop
                break
        else:
            if text.startswith("//", i) and (i == 0 or text[i - 1] in " \t\n"):  # not in a URL or link
                stop = text.find("\n", i)
                stop = n if stop < 0 else stop
                out.append(" " * (stop - i))
                i = stop
            else:
                out.append(char)
                i += 1
    return "".join(out)


def _yaml(raw: str, line: int, column: int) -> Any:
    """The YAML *raw* that starts at *line*/*column*, read with argmap's bounds (see ``_yaml``)."""
    from argmap.interchange import _yaml as yaml_data

    try:
        return yaml_data.load(raw)
    except yaml_data.BadYaml as error:
        if error.line is not None:
            line += error.line
            column = (column if error.line == 0 else 1) + (error.column or 0)
        raise _Error(f"bad YAML data: {error.problem}", line, column, error.hint) from None


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return json.dumps(value, ensure_ascii=False, default=str)


def _split_data(body: str, line: int, column: int) -> tuple[str, Any]:
    """Split a trailing ``{yaml}`` block off *body*."""
    stripped = body.rstrip()
    if not stripped.endswith("}"):
        return body, None
    depth = 0
    quote: str | None = None
    for i in range(len(stripped) - 1, -1, -1):
        char = stripped[i]
        if quote:
            if char == quote and (i == 0 or stripped[i - 1] != "\\"):
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char == "}":
            depth += 1
        elif char == "{":
            depth -= 1
            if depth == 0:
                if i > 0 and stripped[i - 1] == "\\":
                    return body, None
                data = _yaml(stripped[i:], line, column + i)
                return stripped[:i], data
    return body, None


def _clean(raw: str) -> tuple[str, list[str]]:
    r"""Text and tags of a raw text: escapes undone, emphasis dropped, white space collapsed.

    Escaped characters stand in as placeholders (from plane 15's private use area) while
    the tag and emphasis patterns run, so that ``\#`` is no tag and ``\*`` no emphasis.
    Characters of planes 15 and 16 already in the text are set aside the same way, so a
    placeholder can never be mistaken for text (or text for a placeholder).

    >>> _clean("Price \\#1 *now* #deal \U000f0041")
    ('Price #1 now \U000f0041', ['deal'])
    """
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        char = m.group(1) if m.group(1) is not None else m.group(2)
        if len(kept) >= _PLACEHOLDERS:
            return char  # more than 131,068 in one text: the rest go unprotected
        kept.append(char)
        return _placeholder(len(kept) - 1)

    def restore(text: str) -> str:
        return _PROTECTED.sub(lambda m: kept[_index(m.group())] if _index(m.group()) < len(kept) else m.group(),
                              text)

    protected = re.sub(r"\\(.)|([\U000f0000-\U0010ffff])", protect, raw)
    protected = _SHORTCODE.sub(lambda m: _SHORTCODES[m.group(2)], protected)
    tags: list[str] = []

    def take(m: re.Match[str]) -> str:
        tag = m.group(1) or m.group(2)
        tags.append(re.sub(r"\s+", "-", restore(tag).strip()))
        return " "

    protected = _TAG.sub(take, protected)
    for _ in range(_MAX_EMPHASIS_NESTING):  # one layer of nested emphasis a pass
        previous, protected = protected, _unemphasize(protected)
        if protected == previous:
            break
    return _text.collapse(restore(protected)), tags


_MAX_EMPHASIS_NESTING = 16
_NOT_BLANK = re.compile(r"\S")
_WORDISH = re.compile(r"[\w*]")
_DELIMITERS = ("**", "__", "*", "_")


def _unemphasize(text: str) -> str:
    """``_EMPHASIS.sub(lambda m: m.group(2), text)`` in O(n log n) rather than O(n^2).

    The pattern's lazy body looks for its closing mark to the end of the line from
    every opening mark: ``*a `` x 20,000 took 17 s.  Here the closing marks are
    found once, and each opening mark looks its first one up.

    >>> _unemphasize("a *b* and __c__ but not 2*3*4 or * d *")
    'a b and c but not 2*3*4 or * d *'
    """
    n = len(text)
    closers: dict[str, list[int]] = {}
    for d in _DELIMITERS:
        found = []
        start = text.find(d, 1)
        while start >= 0:
            if _NOT_BLANK.match(text, start - 1) and not _WORDISH.match(text, start + len(d)):
                found.append(start)
            start = text.find(d, start + 1)
        closers[d] = found
    out: list[str] = []
    i = done = 0
    while i < n:
        if text[i] in "*_" and not (i and _WORDISH.match(text, i - 1)):
            for d in _DELIMITERS:
                body = i + len(d)
                if not text.startswith(d, i) or not _NOT_BLANK.match(text, body):
                    continue
                line_end = text.find("\n", body)
                line_end = n if line_end < 0 else line_end
                k = bisect.bisect_left(closers[d], body + 1)
                if k < len(closers[d]) and closers[d][k] <= line_end:
                    j = closers[d][k]
                    out += (text[done:i], text[body:j])
                    i = done = j + len(d)
                    break
            else:
                i += 1
            continue
        i += 1
    out.append(text[done:])
    return "".join(out)


#: Argdown's shortcodes for logical symbols, ``.A.`` or ``:A:`` (its emoji shortcodes stay text).
_SHORTCODES = {"A": "\u2200", "E": "\u2203", "O": "\U0001d5e2", "P": "\U0001d5e3", "->": "\u2192",
               "<->": "\u2194", "~": "\u00ac", "^": "\u2227", "v": "\u2228", "v_": "\u22bb", "<>": "\u25c7",
               "[]": "\u25fb"}
_SHORTCODE = re.compile(r"([.:])(A|E|O|P|<->|->|~|\^|v_|v|<>|\[\])\1")
_PROTECTED = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_PLACEHOLDERS = 2 * 0xFFFE


def _placeholder(index: int) -> str:
    return chr(0xF0000 + index) if index < 0xFFFE else chr(0x100000 + index - 0xFFFE)


def _index(char: str) -> int:
    code = ord(char)
    return code - 0xF0000 if code < 0x100000 else code - 0x100000 + 0xFFFE


# -- reading: lines ------------------------------------------------------------

_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?:[ \t]+|$)")
_LIST_ITEM = re.compile(r"(?:[*]|\d+\.)[ \t]+")
_RULE_FENCE = re.compile(r"--[ \t]*$")
_ONE_LINE_RULE = re.compile(r"--[ \t]+(.*?)[ \t]+-{2,}[ \t]*$")
_BARE_INFERENCE = re.compile(r"-{4,}[ \t]*$")
_LINK = re.compile(r"\[[^\]]*\]\(")


class _LineKind(enum.Enum):
    HEADING = "heading"
    NUMBERED = "numbered"
    INFERENCE = "inference"  # '----' or '-- rule --'
    FENCE = "fence"  # a '--' line opening or closing a rule block
    RELATION = "relation"
    LIST = "list"
    TEXT = "text"


@attrs.frozen
class _Line:
    """One line that holds something: comments blanked, tabs as four columns."""

    number: int
    indent: int
    body: str
    kind: _LineKind
    after_blank: bool  # a blank line (not a comment) came between it and the last line holding something

    @property
    def column(self) -> int:
        return self.indent + 1


def _classify(body: str, indent: int) -> _LineKind:
    if indent == 0 and _HEADING.match(body):
        return _LineKind.HEADING
    if _NUMBERED.match(body):
        return _LineKind.NUMBERED
    if _BARE_INFERENCE.match(body) or _ONE_LINE_RULE.match(body):
        return _LineKind.INFERENCE
    if _RULE_FENCE.match(body):
        return _LineKind.FENCE
    if _RELATION.match(body):
        return _LineKind.RELATION
    if _LIST_ITEM.match(body):
        return _LineKind.LIST
    return _LineKind.TEXT


def _lines(text: str, start: int) -> Iterator[_Line]:
    """The lines after the front matter that hold something, comment-only lines left out."""
    raw_lines = text.split("\n")
    blanked = _strip_comments("\n" * start + "\n".join(raw_lines[start:])).split("\n")
    after_blank = False
    for number in range(start, len(blanked)):
        raw = blanked[number].replace("\t", "    ")
        body = raw.strip()
        if not body:
            after_blank = after_blank or not raw_lines[number].strip()
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        yield _Line(number + 1, indent, body, _classify(body, indent), after_blank)
        after_blank = False


# -- reading: records ----------------------------------------------------------


class _Role(enum.Enum):
    TOP = "top"  # a paragraph, statement or argument at the start of a block
    LIST = "list"
    RELATION = "relation"
    PREMISE = "premise"
    CONCLUSION = "conclusion"
    HEADING = "heading"
    RULE = "rule"  # the lines of a '--' / rule / '--' inference


@attrs.define
class _Open:
    """An element whose text may still go on over the next lines."""

    role: _Role
    line: int
    column: int
    indent: int
    parts: list[str]
    marker: str = ""
    parent: _TreeEntry | None = None
    level: int = 0  # of a heading


@attrs.define
class _TreeEntry:
    indent: int
    node: str  # the node's key
    link: int | None  # the relation written on the node's line, an index into _Reader.specs
    child_indent: int | None = None  # the indentation of its first relation


@attrs.define
class _Node:
    key: str
    title: str | None  # None for an untitled statement or argument
    is_argument: bool
    line: int
    column: int = 1
    id: str = ""
    text: str | None = None
    tags: list[str] = attrs.Factory(list)
    data: dict[str, Any] = attrs.Factory(dict)
    kind: str = "claim"
    section: int | None = None
    defined: bool = False
    premises: list[str] = attrs.Factory(list)
    conclusion: str | None = None  # the conclusion of its premise-conclusion structure
    inference: dict[str, str] = attrs.Factory(dict)  # rule and data of its inference, as metadata
    step_of: str | None = None  # the argument whose multi-step structure this step belongs to


@attrs.frozen
class _Inference:
    line: int
    rule: str
    data: dict[str, Any]


@attrs.define
class _Pcs:
    """A premise-conclusion structure being read: statements (node keys) and inferences in order."""

    owner: str
    line: int
    column: int
    items: list[str | _Inference] = attrs.Factory(list)
    fence: _Open | None = None  # an open '--' rule block


@attrs.frozen
class _Spec:
    """A relation before ids and undercuts are resolved: a target key, or (undercuts) a node and a context."""

    kind: RelationKind
    source: str
    target: str
    context: int | None = None  # the relation on the undercut node's own line
    line: int = 0
    column: int = 0


@attrs.frozen
class _Section:
    title: str
    level: int
    line: int


class _Mistakes(Exception):
    def __init__(self, errors: list[_Error]) -> None:
        super().__init__(errors[0].message)
        self.errors = errors


# -- reading: the builder ------------------------------------------------------


@attrs.frozen
class _Head:
    """How an element's text starts: a definition, a reference, or no title at all."""

    title: str | None
    rest: str
    is_argument: bool
    defines: bool


def _head(body: str) -> _Head:
    for pattern, is_argument, defines in ((_STATEMENT_DEF, False, True), (_ARGUMENT_DEF, True, True),
                                          (_STATEMENT_REF, False, False), (_ARGUMENT_REF, True, False)):
        match = pattern.match(body)
        if match and not (pattern is _STATEMENT_REF and _LINK.match(body)):
            return _Head(re.sub(r"\\(.)", r"\1", match.group(1).strip()), match.group(2), is_argument, defines)
    return _Head(None, body, False, True)


class _Reader:
    """Reads Argdown in phases: front matter, lines, elements (with their wrapped text), then the map."""

    def __init__(self, text: str, source: str | None, warnings: list[Diagnostic] | None) -> None:
        self.text, self.source = text, source
        self.warnings = warnings if warnings is not None else []
        self.errors: list[_Error] = []
        self.nodes: dict[str, _Node] = {}  # by key: '[' or '<' and the title, or a generated key
        self.taken: set[str] = set()
        self.id_counts: dict[str, int] = {}  # for safe_id and derive_id: linear for many alike
        self.specs: list[_Spec] = []
        self.sections: list[_Section] = []
        self.header: dict[str, str] = {}
        self.strict = False
        self.untitled = 0
        # the state of the line loop
        self.open: _Open | None = None
        self.stack: list[_TreeEntry] = []
        self.pcs: _Pcs | None = None
        self.block_argument: str | None = None  # the argument a block of its own named, for a structure below
        self.skipping = False  # after a mistake, until the next blank line

    def warn(self, code: str, message: str, line: int, column: int = 1) -> None:
        self.warnings.append(warning(code, message, line, column))

    # -- phase 1: front matter

    def front_matter(self, lines: list[str]) -> int:
        first = next((i for i, text in enumerate(lines) if text.strip()), None)
        if first is None or lines[first].strip() != "===":
            return 0
        for end in range(first + 1, len(lines)):
            if lines[end].strip() == "===":
                self.settings(_yaml("\n".join(lines[first + 1 : end]), first + 2, 1), first + 2)
                return end + 1
        raise _Error("the front matter is not closed", first + 1, 1, "end it with a line '==='")

    def settings(self, data: Any, line: int) -> None:
        if data is None:
            return
        if not isinstance(data, dict):
            raise _Error("the front matter is not a mapping of keys to values", line, 1)
        parser = data.get("parser")
        if isinstance(parser, dict) and str(parser.get("syntax", "")).lower() in ("argdown+", "argdownplus"):
            raise _Error("this file is written in Argdown+ (parser: syntax: argdown+), which argmap does not read",
                         line, 1, "convert it to plain Argdown, or export it with the Argdown CLI")
        model = data.get("model")
        if isinstance(model, dict) and str(model.get("mode", "")).lower() == "strict":
            self.strict = True
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                what = "a setting of Argdown's" if key in _SETTINGS else "not text"
                self.warn("argdown-front-matter", f"the front matter's {key!r} is {what}; kept as JSON text", line)
            self.header[str(key)] = _scalar(value)

    # -- phase 2: elements, line by line

    def read(self) -> ArgumentMap:
        start = self.front_matter(self.text.split("\n"))
        for line in _lines(self.text, start):
            if line.after_blank:
                self.attempt(self.end_block)
                self.skipping = False  # a mistake skips the rest of its block only
            if not self.skipping:
                self.attempt(lambda line=line: self.take(line))
        self.attempt(self.end_block)
        if self.errors:
            raise _Mistakes(self.errors)
        return self.finish()

    def attempt(self, step: Any) -> None:
        """Run *step*; a mistake is noted, and the rest of its block skipped, so that later ones are found too."""
        try:
            step()
        except _Error as error:
            self.errors.append(error)
            self.open, self.stack, self.pcs, self.skipping = None, [], None, True

    def end_block(self) -> None:
        try:
            self.close_open()
            self.end_pcs()
        finally:
            self.stack = []

    def take(self, line: _Line) -> None:
        if self.pcs is not None and self.pcs.fence is not None:
            self.rule_line(line)
            return
        handler = {
            _LineKind.HEADING: self.heading_line, _LineKind.NUMBERED: self.numbered_line,
            _LineKind.INFERENCE: self.inference_line, _LineKind.FENCE: self.inference_line,
            _LineKind.RELATION: self.relation_line, _LineKind.LIST: self.list_line, _LineKind.TEXT: self.text_line,
        }[line.kind]
        handler(line)

    def heading_line(self, line: _Line) -> None:
        self.close_open()
        self.end_pcs()
        match = _HEADING.match(line.body)
        assert match is not None
        self.stack, self.block_argument = [], None
        self.open = _Open(_Role.HEADING, line.number, line.column, line.indent, [match.group(2)],
                          level=len(match.group(1)))

    def numbered_line(self, line: _Line) -> None:
        self.close_open()
        match = _NUMBERED.match(line.body)
        assert match is not None
        if self.pcs is None:
            owner = self.block_argument
            if owner is None or self.nodes[owner].premises or self.nodes[owner].conclusion:
                self.untitled += 1
                owner = self.new_node(None, True, line.number, line.column).key
            self.pcs = _Pcs(owner, line.number, line.column)
            self.block_argument = None
        last = self.pcs.items[-1] if self.pcs.items else None
        role = _Role.CONCLUSION if isinstance(last, _Inference) else _Role.PREMISE
        self.stack = []
        self.open = _Open(role, line.number, line.column + match.start(2), line.indent, [match.group(2)])

    def inference_line(self, line: _Line) -> None:
        self.close_open()
        if self.pcs is None or not self.pcs.items or isinstance(self.pcs.items[-1], _Inference):
            raise _Error("an inference line needs a numbered statement above it", line.number, line.column,
                         "number the premises above it: '(1) ...', and put the inference line before the conclusion")
        self.stack = []
        if line.kind is _LineKind.FENCE:
            self.pcs.fence = _Open(_Role.RULE, line.number, line.column, line.indent, [])
            return
        match = _ONE_LINE_RULE.match(line.body)
        rule = match.group(1) if match else ""
        self.pcs.items.append(self.inference(rule, line.number, line.column + 3))

    def rule_line(self, line: _Line) -> None:
        assert self.pcs is not None and self.pcs.fence is not None
        if line.kind is _LineKind.FENCE:
            fence = self.pcs.fence
            self.pcs.fence = None
            self.pcs.items.append(self.inference(" ".join(fence.parts), fence.line, fence.column))
        else:
            self.pcs.fence.parts.append(line.body)

    def inference(self, raw: str, line: int, column: int) -> _Inference:
        rule, data = _split_data(raw, line, column)
        rules = [r.strip() for r in _clean(rule)[0].split(",") if r.strip()]
        if data is not None and not isinstance(data, dict):
            self.warn("argdown-data", "data that is not a mapping is ignored", line, column)
            data = None
        return _Inference(line, ", ".join(rules), data or {})

    def relation_line(self, line: _Line) -> None:
        self.close_open()
        if self.pcs is not None and self.pcs.items and isinstance(self.pcs.items[-1], _Inference):
            raise _Error("after an inference line comes the numbered conclusion, not a relation",
                         line.number, line.column)
        while self.stack and self.stack[-1].indent >= line.indent:
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is not None and len(self.stack) > 1 and top.child_indent is not None and line.indent < top.child_indent:
            self.stack.pop()  # Argdown: a dedent that closes a node's relations makes the line its sibling
        if not self.stack:
            if line.after_blank:
                raise _Error("a relation cannot start a paragraph", line.number, line.column,
                             "remove the blank line above it, or start the paragraph with a statement or argument")
            raise _Error("this relation has no parent line above it", line.number, line.column,
                         "indent it under a statement or argument")
        marker = _RELATION.match(line.body)
        assert marker is not None
        rest = line.body[marker.end():]
        if not rest.strip():
            raise _Error(f"nothing after the relation '{marker.group(1)}'", line.number, line.column)
        parent = self.stack[-1]
        if parent.child_indent is None:
            parent.child_indent = line.indent
        self.open = _Open(_Role.RELATION, line.number, line.column + marker.end(), line.indent, [rest],
                          marker=marker.group(1), parent=parent)

    def list_line(self, line: _Line) -> None:
        if self.open is not None and self.open.role is _Role.LIST and self.open.indent != line.indent:
            raise _Error("a list item at another indentation than the item above it: Argdown lists do not nest",
                         line.number, line.column, "give the items of one list the same indentation")
        if self.open is not None and self.open.role is not _Role.LIST:
            raise _Error("a list item right under another element", line.number, line.column,
                         "leave a blank line above the list")
        self.close_open()
        self.end_pcs()
        item = _LIST_ITEM.match(line.body)
        assert item is not None
        self.stack, self.block_argument = [], None
        self.open = _Open(_Role.LIST, line.number, line.column + item.end(), line.indent, [line.body[item.end():]])

    def text_line(self, line: _Line) -> None:
        if self.open is not None:
            if _DEFINITION.match(line.body) and not _LINK.match(line.body):
                raise _Error("a statement or argument starts on the line after another element",
                             line.number, line.column, "leave a blank line above it")
            self.open.parts.append(line.body)
            return
        if self.pcs is not None and self.pcs.items:
            if isinstance(self.pcs.items[-1], _Inference):
                raise _Error("after an inference line comes the numbered conclusion", line.number, line.column,
                             "number it: '(n) ...'")
            raise _Error("text after a premise's relations: a premise-conclusion structure goes on with "
                         "numbered statements", line.number, line.column, "leave a blank line above it")
        if self.stack:
            raise _Error("text after a relation tree: start a new paragraph", line.number, line.column,
                         "leave a blank line above it, or start the line with a relation ('+', '-', ...)")
        self.end_pcs()
        self.open = _Open(_Role.TOP, line.number, line.column, line.indent, [line.body])

    # -- phase 3: an element whose text is complete

    def close_open(self) -> None:
        element, self.open = self.open, None
        if element is None:
            return
        body = " ".join(element.parts)
        if element.role is _Role.HEADING:
            raw, _ = _split_data(body, element.line, element.column)
            title, _ = _clean(raw)
            self.sections.append(_Section(title, element.level, element.line))
            return
        node = self.element(body, element.line, element.column, element.role)
        link = None
        if element.role is _Role.RELATION:
            assert element.parent is not None
            link = self.relate(element.marker, element.parent, node, element.line, element.column)
        elif element.role in (_Role.PREMISE, _Role.CONCLUSION):
            assert self.pcs is not None
            self.pcs.items.append(node.key)
        elif element.role is _Role.TOP:
            self.block_argument = node.key if node.is_argument else None
        if element.role in (_Role.TOP, _Role.LIST) and not node.is_argument:
            pass
        self.stack.append(_TreeEntry(element.indent, node.key, link))

    def new_node(self, title: str | None, is_argument: bool, line: int, column: int) -> _Node:
        if title is None:
            key = f"{'<' if is_argument else '['}#{len(self.nodes)}"
        else:
            key = ("<" if is_argument else "[") + title
        node = _Node(key, title, is_argument, line, column,
                     section=len(self.sections) - 1 if self.sections else None)
        if title is not None:
            node.id = safe_id(title, self.taken, self.id_counts)
            self.taken.add(node.id)
        self.nodes[key] = node
        return node

    def element(self, body: str, line: int, column: int, role: _Role) -> _Node:
        """A statement or argument written on a line: defined, referred to, or untitled."""
        head = _head(body)
        rest, data = _split_data(head.rest, line, column + len(body) - len(head.rest))
        text, tags = _clean(rest)
        if head.title is None and not text and not tags:
            raise _Error("an empty statement", line, column)
        if head.title is not None and (text or tags) and not head.defines:
            close = "]" if body[0] == "[" else ">"
            raise _Error(f"text after the reference {body[0]}{head.title}{close}", line, column,
                         f"to give it this text write '{body[0]}{head.title}{close}: text'")
        key = ("<" if head.is_argument else "[") + head.title if head.title is not None else None
        is_new = key is None or key not in self.nodes
        node = self.new_node(head.title, head.is_argument, line, column) if key is None or is_new \
            else self.nodes[key]
        self.merge_data(node, data, line, column)
        node.tags.extend(t for t in dict.fromkeys(tags) if t not in node.tags)
        if head.defines and (text or not head.is_argument):
            self.define(node, text, line, column)
        if role is _Role.PREMISE and is_new:
            node.kind = "premise"
        if line < node.line:
            node.line, node.column = line, column
        return node

    def merge_data(self, node: _Node, data: Any, line: int, column: int) -> None:
        if isinstance(data, dict):
            for k, value in data.items():
                node.data.setdefault(str(k), value)
        elif data is not None:
            self.warn("argdown-data", "data that is not a mapping is ignored", line, column)

    def define(self, node: _Node, text: str, line: int, column: int) -> None:
        """A text for *node*: the first definition's, the others warned about (an equivalence class)."""
        if node.text is None or not node.defined:
            if not node.defined:
                node.section = len(self.sections) - 1 if self.sections else None
            node.text, node.defined = text, True
        elif text and text != node.text:
            self.warn("argdown-equivalence", f"[{node.title}] has several texts; argmap keeps the first",
                      line, column)

    def relate(self, marker: str, parent: _TreeEntry, child: _Node, line: int, column: int) -> int | None:
        source_node, target_node = self.nodes[parent.node], child
        if marker == "><":
            self.two_attacks(source_node.key, child.key, line, column, "argdown-contradiction",
                             "a contradiction is read as two attacks (argmap has no relation for "
                             "'not both true and not both false')")
            return None
        kind = RelationKind({"+": "support", "-": "attack", "_": "undercut"}[marker.strip("<>")])
        incoming = marker.startswith("<") or len(marker) == 1
        source, target = (child, source_node) if incoming else (source_node, target_node)
        if self.strict and not source.is_argument and not target.is_argument and kind is not RelationKind.UNDERCUT:
            if kind is RelationKind.ATTACK:
                self.two_attacks(source.key, target.key, line, column, "argdown-contrary",
                                 "in strict mode an attack between statements is a contrary relation, "
                                 "read as two attacks")
                return None
            self.warn("argdown-entails", "in strict mode a support between statements is an entailment, "
                      "read as a support", line, column)
        context = parent.link if incoming else None
        self.specs.append(_Spec(kind, source.key, target.key, context, line, column))
        return len(self.specs) - 1

    def two_attacks(self, a: str, b: str, line: int, column: int, code: str, message: str) -> None:
        self.warn(code, message, line, column)
        self.specs.append(_Spec(RelationKind.ATTACK, a, b, line=line, column=column))
        self.specs.append(_Spec(RelationKind.ATTACK, b, a, line=line, column=column))

    def end_pcs(self) -> None:
        pcs, self.pcs = self.pcs, None
        if pcs is None:
            return
        if pcs.fence is not None:
            raise _Error("an inference rule opened with '--' is not closed", pcs.fence.line, pcs.fence.column,
                         "end the rule with a line '--'")
        if not any(isinstance(i, _Inference) for i in pcs.items) or isinstance(pcs.items[-1], _Inference):
            raise _Error("an incomplete premise-conclusion structure: it needs numbered premises, "
                         "an inference line ('----') and a conclusion", pcs.line, pcs.column)
        owner = self.nodes[pcs.owner]
        steps: list[tuple[list[str], _Inference, str]] = []
        premises: list[str] = []
        for index, item in enumerate(pcs.items):
            if isinstance(item, _Inference):
                conclusion = pcs.items[index + 1]
                assert isinstance(conclusion, str)
                steps.append((premises, item, conclusion))
                premises = []
            elif index == 0 or not isinstance(pcs.items[index - 1], _Inference):
                premises.append(item)
            else:
                premises = [item]  # an intermediate conclusion is the first premise of the next step
        if len(steps) > 1:
            self.warn("argdown-multi-step", "a premise-conclusion structure with several inferences "
                      "is read as a chain of arguments", pcs.line, pcs.column)
        for index, (step_premises, inference, conclusion) in enumerate(steps):
            if index == len(steps) - 1:
                arg = owner
            else:
                arg = self.new_node(None, True, inference.line, 1)
                arg.step_of, arg.section, arg.defined = owner.key, owner.section, True
                arg.text = ""
            arg.premises, arg.conclusion = list(step_premises), conclusion
            if inference.rule:
                arg.inference["inference"] = inference.rule
            for key, value in inference.data.items():
                arg.inference[f"inference-{key}"] = _scalar(value)
            if self.nodes[conclusion].data.get("argmap") != _IMPLICIT:
                self.specs.append(_Spec(RelationKind.SUPPORT, arg.key, conclusion, line=inference.line))

    # -- phase 4: the map

    def finish(self) -> ArgumentMap:
        for node in self.nodes.values():
            kind = node.data.get("kind")
            if isinstance(kind, str) and kind in {k.value for k in Kind}:
                node.kind = kind
        implicit = {key for key, node in self.nodes.items()
                    if not node.is_argument and node.data.get("argmap") == _IMPLICIT}
        resolver = _Resolver(self, implicit)
        self.assign_ids(resolver)
        relations = resolver.all()
        statements: list[Statement] = []
        arguments: list[Argument] = []
        members: dict[int, list[str]] = {}
        for key, node in self.nodes.items():
            if key in implicit:
                continue
            metadata = {k: _scalar(v) for k, v in node.data.items() if k not in ("kind", "argmap", "metadata")}
            if isinstance(node.data.get("metadata"), dict):
                metadata = {str(k): _scalar(v) for k, v in node.data["metadata"].items()}
            metadata.update(node.inference)
            if node.is_argument:
                arguments.append(Argument(node.id, node.text or "", [self.nodes[p].id for p in node.premises
                                                                     if p not in implicit],
                                          node.tags, metadata, _span(node.line, node.column)))
            else:
                if not node.text:
                    self.warn("argdown-no-text", f"the statement [{node.title}] has no text", node.line,
                              node.column)
                statements.append(Statement(node.kind, node.id, node.text or "", node.tags, metadata,
                                            _span(node.line, node.column)))
            if node.section is not None:
                members.setdefault(node.section, []).append(node.id)
        sections = [Section(s.title, s.level, members.get(i, ())) for i, s in enumerate(self.sections)]
        return ArgumentMap(header=self.header, statements=statements, arguments=arguments,
                           relations=relations, sections=sections)

    def assign_ids(self, resolver: _Resolver) -> None:
        """Ids for untitled nodes: derived as the argmap parser derives them, with the link on their line."""
        home: dict[str, int] = {}
        for index, spec in enumerate(self.specs):
            home.setdefault(spec.source, index)
            home.setdefault(spec.target, index)
        steps: dict[str, int] = {}
        for key, node in self.nodes.items():
            if node.id:
                continue
            if node.step_of is not None:
                owner = self.nodes[node.step_of]
                steps[owner.key] = steps.get(owner.key, 0) + 1
                node.id = safe_id(f"{owner.title or 'argument'}-step-{steps[owner.key]}", self.taken, self.id_counts)
                self.taken.add(node.id)
            elif node.is_argument:
                premises = "\n".join(self.nodes[p].text or "" for p in node.premises)
                node.id = derive_id("argument", f"{node.text or ''}\n{premises}", self.taken, None, self.id_counts)
            else:
                at = home.get(key)
                link = None
                if at is not None and self.specs[at].source == key:
                    link = resolver.sketch(at)
                node.id = derive_id(node.kind, node.text or "", self.taken, link, self.id_counts)


def _span(line: int, column: int) -> Span | None:
    """Where a node or relation was first written in the Argdown text (for messages and the HTML map)."""
    return Span(line, column or 1) if line >= 1 else None


class _Resolver:
    """Relations from specs: ids looked up, undercuts aimed at the link they attack."""

    def __init__(self, reader: _Reader, implicit: set[str]) -> None:
        self.reader, self.specs, self.nodes, self.implicit = reader, reader.specs, reader.nodes, implicit
        self.resolved: dict[int, Relation | None] = {}
        self.busy: set[int] = set()
        self.outgoing: dict[str, list[int]] = {}
        for index, spec in enumerate(self.specs):
            self.outgoing.setdefault(spec.source, []).append(index)

    def sketch(self, index: int) -> Relation | None:
        """The relation of spec *index* for deriving its source's id: that source's own id left blank."""
        spec = self.specs[index]
        if spec.source in self.implicit or spec.target in self.implicit:
            return None
        target: Relation | str = self.nodes[spec.target].id
        if spec.kind is RelationKind.UNDERCUT:
            return None
        return Relation(spec.kind, "", target)

    def all(self) -> list[Relation]:
        relations = [r for r in (self.resolve(i) for i in range(len(self.specs))) if r is not None]
        for index, rel in self.resolved.items():
            if rel is not None and undercut_depth(rel) > MAX_UNDERCUT_DEPTH:
                raise _Error(too_deep(), self.specs[index].line, self.specs[index].column or 1)
        return relations

    def resolve(self, index: int) -> Relation | None:
        if index in self.resolved:
            return self.resolved[index]
        if index in self.busy:
            return None
        spec = self.specs[index]
        if len(self.busy) > MAX_UNDERCUT_DEPTH:  # each level an undercut of the link below
            raise _Error(too_deep(), spec.line, spec.column or 1)
        self.busy.add(index)
        result: Relation | None
        if spec.source in self.implicit or spec.target in self.implicit:
            result = None
        elif spec.kind is not RelationKind.UNDERCUT:
            result = Relation(spec.kind, self.nodes[spec.source].id, self.nodes[spec.target].id,
                              _span(spec.line, spec.column))
        else:
            result = Relation(RelationKind.UNDERCUT, self.nodes[spec.source].id, self.undercut_target(spec),
                              _span(spec.line, spec.column))
        self.busy.discard(index)
        self.resolved[index] = result
        return result

    def undercut_target(self, spec: _Spec) -> Relation | str:
        target = self.nodes[spec.target]
        if spec.context is not None and self.specs[spec.context].source == spec.target:
            link = self.resolve(spec.context)
            if link is not None:
                return link
        if target.is_argument and target.conclusion is not None and target.conclusion not in self.implicit:
            return Relation(RelationKind.SUPPORT, target.id, self.nodes[target.conclusion].id)
        if target.is_argument:
            links = [i for i in self.outgoing.get(spec.target, []) if self.specs[i] is not spec]
            if len(links) == 1:
                link = self.resolve(links[0])
                if link is not None:
                    return link
        self.reader.warn("argdown-undercut", f"the undercut of {target.id!r} has no single link to attack",
                         spec.line, spec.column)
        return target.id


def _located(error: _Error, source: str | None, text: str) -> ArgmapSyntaxError:
    line, column = error.line, error.column
    if line is not None and column is not None:
        # A place in text joined from wrapped lines (YAML data over two lines) can run past the
        # end of its first line: carry it on to the line it is on.
        lines = text.split("\n")
        while 0 < line < len(lines) and column > len(lines[line - 1]) + 1:
            column -= len(lines[line - 1].rstrip()) + 1
            line += 1
            column = max(1, column + len(lines[line - 1]) - len(lines[line - 1].lstrip()))
    return ArgmapSyntaxError(error.message, source=source, line=line, column=column, text=text,
                             hint=error.hint, code="argdown")


def loads(text: str, *, source: str | None = None, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read Argdown text.

    Syntax errors raise ArgmapSyntaxError at FILE:LINE:COL; when a file has several mistakes, the
    error's report holds every one of them, then the warnings collected until then.
    """
    prepared = text[1:] if text.startswith("\ufeff") else text
    prepared = _text.one_line_end(prepared)
    refuse_lone_surrogates(prepared, source)
    collected: list[Diagnostic] = []
    reader = _Reader(prepared, source, collected)
    try:
        m = reader.read()
    except (_Error, _Mistakes) as failure:
        errors = failure.errors if isinstance(failure, _Mistakes) else [failure]
        error = _located(errors[0], source, prepared)
        report = [str(error)] + [str(_located(e, source, prepared)) for e in errors[1:]]
        report += [w.format(source, prepared) for w in collected]
        error.args = ("\n".join(report),)
        error.errors = [_located(e, source, prepared) for e in errors]
        if warnings is not None:
            warnings.extend(collected)
        raise error from None
    if warnings is not None:
        warnings.extend(collected)
    return attrs.evolve(m, source=source, text=prepared)


def read_titles(text: str) -> tuple[ArgumentMap, dict[str, _Titled]]:
    """The map and, for each node id, its Argdown title (None if untitled), chain and conclusion.

    For tests that compare argmap's reading with Argdown's, which names untitled nodes itself.
    """
    prepared = text[1:] if text.startswith("\ufeff") else text
    reader = _Reader(_text.one_line_end(prepared), None, [])
    m = reader.read()
    return m, {n.id: _Titled(n.title, reader.nodes[n.step_of].id if n.step_of else None,
                             reader.nodes[n.conclusion].id if n.conclusion else None) for n in reader.nodes.values()}


@attrs.frozen
class _Titled:
    title: str | None
    step_of: str | None  # the id of the argument whose structure this step belongs to
    conclusion: str | None  # the id of its conclusion


# -- writing -------------------------------------------------------------------

_ALWAYS = set("\\[]<>#{}*_@")
_SPECIAL_RUN = re.compile(r"([.:])[^\s]+?\1")
_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_\-]*\Z")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _escape(text: str) -> str:
    """Text that Argdown (and this reader) reads back as *text*."""
    out = []
    for i, char in enumerate(text):
        if char in _ALWAYS or (char == "/" and text[i + 1 : i + 2] in ("/", "*")) or (
                char in ".:" and _SPECIAL_RUN.match(text, i)):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _printable(char: str) -> bool:
    code = ord(char)
    return (char in "\t\n\r" or 0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF) and code != 0xFEFF


def _quote(value: str) -> str:
    """A YAML double-quoted scalar with no braces, readable by Argdown's data blocks."""
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "{}[]/<>" or not _printable(char) or char in "\t\n\r":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) and key not in _YAML_WORDS else _quote(key)


def _data(kind: str | None, metadata: dict[str, str]) -> str:
    pairs = [f"kind: {kind}"] if kind else []
    if "kind" in metadata or "metadata" in metadata or "argmap" in metadata:
        inner = ", ".join(f"{_key(k)}: {_quote(v)}" for k, v in metadata.items())
        pairs.append(f"metadata: {{{inner}}}")
    else:
        pairs += [f"{_key(k)}: {_quote(v)}" for k, v in metadata.items()]
    return "{" + ", ".join(pairs) + "}" if pairs else ""


def _is_inference_key(key: str) -> bool:
    return key == "inference" or key.startswith("inference-")


def _inference(metadata: dict[str, str]) -> list[str]:
    """The inference line(s): '----', or '--' / rule and data / '--' when the argument's metadata has them."""
    rule = metadata.get("inference", "")
    data = {k[len("inference-"):]: v for k, v in metadata.items() if k.startswith("inference-")}
    if not rule and not data:
        return ["----"]
    block = _data(None, data)
    return ["--", " ".join(p for p in (_escape(rule), block) if p), "--"]


def _tags(tags: tuple[str, ...]) -> list[str]:
    return [f"#{t}" if re.fullmatch(r"[A-Za-z0-9_\-]+", t) else f"#({t})" for t in tags]


def _line(head: str, text: str, tags: tuple[str, ...], data: str) -> str:
    parts = [p for p in [_escape(text), *_tags(tags), data] if p]
    if not text and not tags:  # Argdown wants text after ':'; a reference may carry data
        return f"{_opening(head)} {data}".rstrip()
    return f"{_opening(head)}: {' '.join(parts)}".rstrip()


def _opening(head: str) -> str:
    """*head* fit to start a paragraph: Argdown reads '<_' there as an undercut, so the '_' is escaped.

    Everywhere, so that Argdown sees one title (``\\_argument-...``, the backslash kept); argmap's reader
    undoes escapes in titles.
    """
    return "<\\" + head[1:] if head.startswith("<_") else head


_MARKS = {RelationKind.SUPPORT: "<+", RelationKind.ATTACK: "<-", RelationKind.UNDERCUT: "<_"}


class _Writer:
    """Writes a map as Argdown in steps: header, definitions by section, then relation trees."""

    def __init__(self, m: ArgumentMap, warnings: list[Diagnostic] | None) -> None:
        self.m = m
        self.warn: Any = warnings.append if warnings is not None else (lambda d: None)
        self.implied = self.implied_conclusions()
        self.undercuts: dict[Relation, list[Relation]] = {}
        for rel in m.relations:
            if isinstance(rel.target, Relation):
                self.undercuts.setdefault(rel.target, []).append(rel)
        self.written: set[Relation] = set()

    def ref(self, node_id: str) -> str:
        return _opening(f"<{node_id}>") if node_id in self.m.arguments else f"[{node_id}]"

    def implied_conclusions(self) -> dict[str, Relation]:
        """An argument whose one relation supports a statement takes it as its conclusion."""
        m = self.m
        implied: dict[str, Relation] = {}
        for a in m.arguments.values():
            rels = m.relations_from(a.id)
            if a.premises and len(rels) == 1 and rels[0].kind is RelationKind.SUPPORT and \
                    isinstance(rels[0].target, str) and rels[0].target in m.statements:
                implied[a.id] = rels[0]
        return implied

    def text(self) -> str:
        out = self.header() + self.definitions()
        body = self.trees()
        while out and out[-1] == "":
            out.pop()
        text = "\n".join(out + body).lstrip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text + "\n" if text else ""

    def header(self) -> list[str]:
        if not self.m.header:
            return []
        return ["===", *(f"{_key(k)}: {_quote(v)}" for k, v in self.m.header.items()), "===", ""]

    def definitions(self) -> list[str]:
        m, out, placed = self.m, [], set()
        in_section = {i for s in m.sections for i in s.members}
        for node in m.nodes():
            if node.id not in in_section:
                out += self.define(node.id)
                placed.add(node.id)
        for section in m.sections:
            out += ["", f"{'#' * section.level} {_escape(section.title)}".rstrip(), ""]
            for node in m.nodes():
                if node.id in section.members and node.id not in placed:
                    out += self.define(node.id)
                    placed.add(node.id)
        return out

    def define(self, node_id: str) -> list[str]:
        m = self.m
        if node_id in m.statements:
            s = m.statements[node_id]
            # A claim used as a premise says so: the reader takes a statement first met in a PCS for a premise.
            plain = s.kind is Kind.CLAIM and not m.arguments_with_premise(s.id)
            return [_line(f"[{s.id}]", s.text, s.tags, _data(None if plain else s.kind.value,
                                                               dict(s.metadata))), ""]
        a = m.arguments[node_id]
        own = {k: v for k, v in a.metadata.items() if not _is_inference_key(k)}
        lines = ["", _line(f"<{a.id}>", a.text, a.tags, _data(None, own))]
        if a.premises:
            lines.append("")
            lines += [f"({i}) [{p}]" for i, p in enumerate(a.premises, start=1)]
            lines += _inference(dict(a.metadata))
            n = len(a.premises) + 1
            if a.id in self.implied:
                lines.append(f"({n}) [{self.implied[a.id].target}]")
            else:
                lines.append(f"({n}) [argmap:conclusion:{a.id}]: {_escape('What ' + a.id + ' concludes.')} "
                             f"{{argmap: {_IMPLICIT}}}")
        lines.append("")
        return lines

    def under(self, rel: Relation, depth: int) -> list[str]:
        """A relation on one line, its undercuts under it."""
        lines = [f"{'  ' * depth}{_MARKS[rel.kind]} {self.ref(rel.source)}"]
        if rel not in self.written:
            self.written.add(rel)
            for child in self.undercuts.get(rel, []):
                lines += self.under(child, depth + 1)
        return lines

    def trees(self) -> list[str]:
        m = self.m
        trees: dict[str, list[str]] = {}
        for rel in m.relations:
            if isinstance(rel.target, Relation):
                continue
            if rel.source in m.arguments and self.implied.get(rel.source) == rel and rel not in self.written:
                self.written.add(rel)  # the structure's own inference: its undercuts go under the argument
                block = trees.setdefault(self.ref(rel.source), [])
                for child in self.undercuts.get(rel, []):
                    block += self.under(child, 1)
                continue
            trees.setdefault(self.ref(rel.target), []).extend(self.under(rel, 1))
        for rel in m.relations:
            if isinstance(rel.target, Relation) and rel.target not in self.written and rel not in self.written \
                    and rel.target not in m.relations:
                self.warn(warning("argdown-dangling", f"an undercut by {rel.source!r} of a link not in the map "
                                  "is left out"))
                self.written.add(rel)
        body = []
        for head, lines in trees.items():
            if lines:
                body += ["", _opening(head), *lines]
        return body


def dumps(m: ArgumentMap, warnings: list[Diagnostic] | None = None) -> str:
    """The map as Argdown text.

    Statements and arguments are defined once, by section, with their kind
    (other than claim) and metadata as ``{data}``; linked arguments get a
    premise-conclusion structure; relations follow as trees under the node
    they bear on, undercuts under the line of the link they attack.
    """
    return _Writer(m, warnings).text()
