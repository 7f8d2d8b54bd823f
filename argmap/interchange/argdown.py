"""Argdown text in and out.

Reading understands the Argdown that describes an argument map:

- statements ``[Title]: text``, references ``[Title]`` and untitled
  statements; several definitions of one title are one statement (an
  equivalence class; the first text wins, tags and data are merged);
- arguments ``<Title>: text`` and ``<Title>``;
- relation trees: ``+ - _`` and ``<+ <- <_`` (the child bears on its parent),
  ``+> -> _>`` (the parent bears on the child), ``><`` (contradiction, read
  as two attacks);
- premise-conclusion structures, ``(1) ...`` lines with ``----`` or
  ``-- rule --`` inference lines: the premises become a linked argument that
  supports its conclusion (a multi-step structure becomes a chain);
- headings (sections), ``#tags`` and ``#(tags with spaces)``, ``{yaml}``
  data (``kind`` gives the statement's kind; the rest is metadata), front
  matter between ``===`` lines (the header), and ``//``, ``/* */`` and
  ``<!-- -->`` comments.

Anything else is skipped with a warning.  Undercuts in Argdown attack an
argument's inference; argmap reads them as undercuts of the link written on
the parent's line, else of the argument's inference to its conclusion.

>>> m = loads("[t]: Tea is good.\\n  + [c]: It is warm. #cosy\\n")
>>> m.statements["c"].tags, m.relations[0].kind.value
(('cosy',), 'support')
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

import attrs

from argmap import _text
from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange._common import MAX_UNDERCUT_DEPTH, safe_id, too_deep, undercut_depth, warning
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Section, Statement, derive_id

__all__ = ["dumps", "loads"]

_IMPLICIT = "implicit-conclusion"
_MARKER = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?:[ \t]+|$)")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*)$")
_NUMBERED = re.compile(r"\((\d+)\)[ \t]+(.*)$")
_INFERENCE = re.compile(r"-{4,}[ \t]*$|--[ \t]+(.*?)[ \t]+-{2,}[ \t]*$")
_LIST = re.compile(r"(?:[*]|\d+\.)[ \t]+")
_STATEMENT_DEF = re.compile(r"\[(.+?)\]:[ \t]*(.*)$")
_STATEMENT_REF = re.compile(r"\[([^\]-][^\]]*)\][ \t]*(.*)$")
_ARGUMENT_DEF = re.compile(r"<(.+?)>:[ \t]*(.*)$")
_ARGUMENT_REF = re.compile(r"<([^>]+)>[ \t]*(.*)$")
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
            if text.startswith("//", i):
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


_PROTECTED = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_PLACEHOLDERS = 2 * 0xFFFE


def _placeholder(index: int) -> str:
    return chr(0xF0000 + index) if index < 0xFFFE else chr(0x100000 + index - 0xFFFE)


def _index(char: str) -> int:
    code = ord(char)
    return code - 0xF0000 if code < 0x100000 else code - 0x100000 + 0xFFFE


# -- reading: the builder ------------------------------------------------------


@attrs.define
class _Node:
    key: str
    id: str
    is_argument: bool
    line: int
    text: str | None = None
    tags: list[str] = attrs.Factory(list)
    data: dict[str, Any] = attrs.Factory(dict)
    kind: str = "claim"
    section: int | None = None
    defined: bool = False
    premises: list[str] = attrs.Factory(list)
    conclusion: str | None = None  # the conclusion of its premise-conclusion structure


@attrs.define
class _Spec:
    """A relation before undercuts are resolved: a target id, or (for undercuts) a node and a context."""

    kind: RelationKind
    source: str
    target: str
    context: int | None = None  # the relation on the undercut node's own line
    line: int = 0
    column: int = 0


class _Reader:
    def __init__(self, text: str, source: str | None, warnings: list[Diagnostic] | None) -> None:
        self.text, self.source = text, source
        self.warnings = warnings if warnings is not None else []
        self.nodes: dict[str, _Node] = {}  # by title
        self.ids: dict[str, str] = {}  # (kind prefix + title) -> id
        self.taken: set[str] = set()
        self.id_counts: dict[str, int] = {}  # for safe_id and derive_id: linear for many alike
        self.specs: list[_Spec] = []
        self.sections: list[tuple[str, int, int]] = []  # title, level, line
        self.header: dict[str, str] = {}
        self.untitled = 0

    def warn(self, code: str, message: str, line: int, column: int = 1) -> None:
        self.warnings.append(warning(code, message, line, column))

    # elements

    def node(self, title: str, is_argument: bool, line: int) -> _Node:
        key = ("<" if is_argument else "[") + title
        if key not in self.nodes:
            node_id = safe_id(title, self.taken, self.id_counts)
            self.taken.add(node_id)
            self.nodes[key] = _Node(key, node_id, is_argument, line,
                                    section=len(self.sections) - 1 if self.sections else None)
        return self.nodes[key]

    def element(self, body: str, line: int, column: int, role: str = "") -> _Node:
        """A statement or argument written on a line: defined, referred to, or untitled."""
        for pattern, is_argument, defines in ((_STATEMENT_DEF, False, True), (_ARGUMENT_DEF, True, True),  # noqa: B007 (read after break)
                                              (_STATEMENT_REF, False, False), (_ARGUMENT_REF, True, False)):
            match = pattern.match(body)
            if match:
                title, rest = match.group(1).strip(), match.group(2)
                break
        else:
            title, rest, is_argument, defines = None, body, False, True
        rest, data = _split_data(rest, line, column + len(body) - len(rest))
        text, tags = _clean(rest)
        if title is None:
            if not text:
                raise _Error("an empty statement", line, column)
            self.untitled += 1
            title = f"\x00untitled {self.untitled}"
        elif text and not defines:
            self.warn("argdown-text-after-reference", f"text after the reference [{title}] is ignored", line, column)
            text = ""
        is_new = ("<" if is_argument else "[") + title not in self.nodes
        node = self.node(title, is_argument, line)
        if isinstance(data, dict):
            for key, value in data.items():
                node.data.setdefault(str(key), value)
        elif data is not None:
            self.warn("argdown-data", "data that is not a mapping is ignored", line, column)
        for tag in tags:
            if tag not in node.tags:
                node.tags.append(tag)
        if defines and (text or not is_argument):
            if node.text is None or not node.defined:
                if not node.defined:
                    node.section = len(self.sections) - 1 if self.sections else None
                node.text, node.defined = text, True
                if title.startswith("\x00") and not is_argument:
                    node.id = ""  # derived once the whole map is read
            elif text and text != node.text:
                self.warn("argdown-equivalence", f"[{title}] has several texts; argmap keeps the first",
                          line, column)
        if role == "premise" and is_new:
            node.kind = "premise"
        node.line = min(node.line, line)
        return node

    # lines

    def read(self) -> ArgumentMap:
        raw_lines = self.text.split("\n")
        start = self.front_matter(raw_lines)
        lines = _strip_comments("\n" * start + "\n".join(raw_lines[start:])).split("\n")
        stack: list[tuple[int, _Node, int | None]] = []  # indent, node, relation on its line
        last_top: _Node | None = None
        blank_since_top = 0
        pcs: dict[str, Any] | None = None
        for number in range(start, len(lines)):
            raw = lines[number].replace("\t", "    ")
            line = number + 1
            body = raw.strip()
            indent = len(raw) - len(raw.lstrip(" "))
            column = indent + 1
            if not body:
                if pcs is not None:
                    self.end_pcs(pcs, line)
                    pcs = None
                stack = []
                blank_since_top += 1
                continue
            numbered = _NUMBERED.match(body)
            inference = _INFERENCE.match(body)
            if pcs is not None or numbered:
                if numbered or inference:
                    if pcs is None:
                        owner = last_top if (last_top is not None and last_top.is_argument) else None
                        if owner is None or owner.premises or owner.conclusion:
                            owner = self.node(f"\x00argument {line}", True, line)
                            owner.section = len(self.sections) - 1 if self.sections else None
                        pcs = {"owner": owner, "steps": [[]], "line": line, "last": None}
                    if numbered:
                        role = "premise" if pcs["last"] != "inference" else "conclusion"
                        node = self.element(numbered.group(2), line, column + numbered.start(2), role)
                        if pcs["last"] == "inference":
                            pcs["steps"][-1].append(node)
                            pcs["steps"].append([node])
                        else:
                            pcs["steps"][-1].append(node)
                        pcs["last"] = "statement"
                    else:
                        if pcs["last"] != "statement":
                            raise _Error("an inference line needs a numbered statement above it", line, column)
                        pcs["steps"][-1].append(None)  # the inference
                        pcs["last"] = "inference"
                    stack = []
                    continue
                if pcs is not None:
                    self.end_pcs(pcs, line)
                pcs = None
            if indent == 0:
                heading = _HEADING.match(body)
                if heading:
                    title, _ = _clean(_split_data(heading.group(2), line, column)[0])
                    self.sections.append((title, len(heading.group(1)), line))
                    stack, last_top = [], None
                    continue
                if inference:
                    raise _Error("an inference line outside a premise-conclusion structure", line, column,
                                 "number the premises above it: '(1) ...'")
                if body == "===":
                    raise _Error("front matter ('===') is only allowed at the start of the file", line, column)
                if _LIST.match(body):
                    self.warn("argdown-list", "a list item has no argmap equivalent; skipped", line, column)
                    continue
                if (_MARKER.match(body) and body[:1] in "+-_<>" and not body.startswith(("[", "<"))) or \
                        re.match(r"(<\+|<-|<_)[ \t]", body):
                    raise _Error("a relation needs a parent: indent it under a statement or argument", line, column)
                node = self.element(body, line, column)
                stack = [(0, node, None)]
                last_top, blank_since_top = node, 0
                continue
            marker = _MARKER.match(body)
            if marker is None:
                self.warn("argdown-unknown-line", "an indented line that starts no relation; skipped", line, column)
                continue
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise _Error("this relation has no parent line above it", line, column,
                             "indent it under a statement or argument")
            _, parent, parent_link = stack[-1]
            rest = body[marker.end():]
            if not rest.strip():
                raise _Error(f"nothing after the relation '{marker.group(1)}'", line, column)
            child = self.element(rest, line, column + marker.end())
            link = self.relate(marker.group(1), parent, parent_link, child, line, column)
            stack.append((indent, child, link))
        if pcs is not None:
            self.end_pcs(pcs, len(lines))
        return self.finish()

    def front_matter(self, lines: list[str]) -> int:
        first = next((i for i, text in enumerate(lines) if text.strip()), None)
        if first is None or lines[first].strip() != "===":
            return 0
        for end in range(first + 1, len(lines)):
            if lines[end].strip() == "===":
                data = _yaml("\n".join(lines[first + 1 : end]), first + 2, 1)
                if data is None:
                    data = {}
                if not isinstance(data, dict):
                    raise _Error("the front matter is not a mapping of keys to values", first + 2, 1)
                for key, value in data.items():
                    if isinstance(value, (dict, list)):
                        self.warn("argdown-front-matter", f"the front matter's {key!r} is not text; kept as JSON",
                                  first + 2)
                    self.header[str(key)] = _scalar(value)
                return end + 1
        raise _Error("the front matter is not closed", first + 1, 1, "end it with a line '==='")

    def relate(self, marker: str, parent: _Node, parent_link: int | None, child: _Node,
               line: int, column: int) -> int | None:
        kinds = {"+": "support", "-": "attack", "_": "undercut"}
        if marker == "><":
            self.warn("argdown-contradiction", "a contradiction is read as two attacks", line, column)
            self.specs.append(_Spec(RelationKind.ATTACK, parent.key, child.key, line=line, column=column))
            self.specs.append(_Spec(RelationKind.ATTACK, child.key, parent.key, line=line, column=column))
            return None
        kind = RelationKind(kinds[marker.strip("<>")])
        incoming = marker.startswith("<") or len(marker) == 1
        source, target = (child, parent) if incoming else (parent, child)
        context = parent_link if incoming else None
        self.specs.append(_Spec(kind, source.key, target.key, context, line, column))
        return len(self.specs) - 1

    def end_pcs(self, pcs: dict[str, Any], line: int) -> None:
        owner: _Node = pcs["owner"]
        steps: list[list[_Node | None]] = pcs["steps"]
        if pcs["last"] != "statement" or len(steps) < 2:
            raise _Error("an incomplete premise-conclusion structure: it needs numbered premises, "
                         "an inference line ('----') and a conclusion", pcs["line"], 1)
        chain = list(steps[:-1])
        if len(chain) > 1:
            self.warn("argdown-multi-step", "a premise-conclusion structure with several inferences "
                      "is read as a chain of arguments", pcs["line"])
        for index, step in enumerate(chain):
            premises = [n for n in step[:-1] if n is not None]
            conclusion = steps[index + 1][0]
            assert conclusion is not None
            if index == len(chain) - 1:
                arg = owner
            else:
                arg = self.node(f"{self.title_of(owner)}\x00step {index + 1}", True, pcs["line"])
                arg.section = owner.section
            arg.premises = [p.key for p in premises]
            arg.conclusion = conclusion.key
            if conclusion.data.get("argmap") != _IMPLICIT:
                self.specs.append(_Spec(RelationKind.SUPPORT, arg.key, conclusion.key, line=pcs["line"]))

    def title_of(self, node: _Node) -> str:
        return node.key[1:]

    # the map

    def finish(self) -> ArgumentMap:
        by_key = dict(self.nodes)
        for node in by_key.values():
            kind = node.data.get("kind")
            if isinstance(kind, str) and kind in {k.value for k in Kind}:
                node.kind = kind
        implicit = {key for key, node in by_key.items()
                    if not node.is_argument and node.data.get("argmap") == _IMPLICIT}
        resolved: dict[int, Relation | None] = {}
        busy: set[int] = set()

        def node_id(key: str) -> str:
            return by_key[key].id

        outgoing: dict[str, list[int]] = {}
        for index, spec in enumerate(self.specs):
            outgoing.setdefault(spec.source, []).append(index)

        def resolve(index: int) -> Relation | None:
            if index in resolved:
                return resolved[index]
            if index in busy:
                return None
            spec = self.specs[index]
            if len(busy) > MAX_UNDERCUT_DEPTH:  # each level an undercut of the link below
                raise _Error(too_deep(), spec.line, spec.column or 1)
            busy.add(index)
            if spec.source in implicit or spec.target in implicit:
                result = None
            elif spec.kind is not RelationKind.UNDERCUT:
                result = Relation(spec.kind, node_id(spec.source), node_id(spec.target))
            else:
                result = Relation(RelationKind.UNDERCUT, node_id(spec.source), self.undercut_target(
                    spec, by_key, outgoing, resolve, implicit))
            busy.discard(index)
            resolved[index] = result
            return result

        # Untitled nodes get derived ids, with the link on their line, as the argmap parser does.
        home: dict[str, int] = {}
        for index, spec in enumerate(self.specs):
            for key in (spec.source, spec.target):
                home.setdefault(key, index)
        for key, node in by_key.items():
            if node.id == "":
                home_index = home.get(key)
                link = None
                if home_index is not None and self.specs[home_index].source == key:
                    node.id = "\x00pending"
                    link = resolve(home_index)
                    resolved.pop(home_index, None)
                node.id = derive_id(node.kind, node.text or "", self.taken, link, self.id_counts)
            elif key.startswith("<\x00"):
                premises = "\x00".join(by_key[p].id for p in node.premises)
                node.id = derive_id("argument", f"{node.text or ''}\x00{premises}", self.taken, None, self.id_counts)
        relations = [r for r in (resolve(i) for i in range(len(self.specs))) if r is not None]
        for index, rel in resolved.items():
            if rel is not None and undercut_depth(rel) > MAX_UNDERCUT_DEPTH:
                raise _Error(too_deep(), self.specs[index].line, self.specs[index].column or 1)
        statements, arguments = [], []
        members: dict[int, list[str]] = {}
        for key, node in by_key.items():
            if key in implicit:
                continue
            metadata = {k: _scalar(v) for k, v in node.data.items() if k not in ("kind", "argmap", "metadata")}
            if isinstance(node.data.get("metadata"), dict):
                metadata = {str(k): _scalar(v) for k, v in node.data["metadata"].items()}
            if node.is_argument and not node.premises:
                self.warn("argdown-no-pcs", f"the argument <{key[1:]}> has no premise-conclusion structure; "
                          "read as a claim", node.line)
                statements.append(Statement(node.data.get("kind") if node.kind != "claim" else "claim", node.id,
                                            node.text or key[1:].strip("\x00"), node.tags, metadata))
            elif node.is_argument:
                arguments.append(Argument(node.id, node.text or "", [by_key[p].id for p in node.premises
                                                                     if p not in implicit],
                                          node.tags, metadata))
            else:
                if not node.text:
                    self.warn("argdown-no-text", f"the statement [{key[1:]}] has no text", node.line)
                statements.append(Statement(node.kind, node.id, node.text or "", node.tags, metadata))
            if node.section is not None:
                members.setdefault(node.section, []).append(node.id)
        sections = [Section(title, level, members.get(i, ())) for i, (title, level, _) in enumerate(self.sections)]
        return ArgumentMap(header=self.header, statements=statements, arguments=arguments,
                           relations=relations, sections=sections)

    def undercut_target(self, spec: _Spec, by_key: dict[str, _Node], outgoing: dict[str, list[int]],
                        resolve: Any, implicit: set[str]) -> Relation | str:
        target = by_key[spec.target]
        if spec.context is not None and self.specs[spec.context].source == spec.target:
            link = resolve(spec.context)
            if link is not None:
                return link  # type: ignore[no-any-return]
        if target.is_argument and target.conclusion is not None and target.conclusion not in implicit:
            return Relation(RelationKind.SUPPORT, target.id, by_key[target.conclusion].id)
        if target.is_argument:
            links = [i for i in outgoing.get(spec.target, []) if self.specs[i] is not spec]
            if len(links) == 1:
                link = resolve(links[0])
                if link is not None:
                    return link  # type: ignore[no-any-return]
        self.warn("argdown-undercut", f"the undercut of {target.id!r} has no single link to attack",
                  spec.line, spec.column)
        return target.id


def loads(text: str, *, source: str | None = None, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read Argdown text.  Syntax errors raise ArgmapSyntaxError at FILE:LINE:COL."""
    prepared = text[1:] if text.startswith("\ufeff") else text
    prepared = prepared.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(prepared, source, warnings)
    try:
        m = reader.read()
    except _Error as error:
        raise ArgmapSyntaxError(error.message, source=source, line=error.line, column=error.column,
                                text=prepared, hint=error.hint, code="argdown") from None
    return attrs.evolve(m, source=source, text=prepared)


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


def _tags(tags: tuple[str, ...]) -> list[str]:
    return [f"#{t}" if re.fullmatch(r"[A-Za-z0-9_\-]+", t) else f"#({t})" for t in tags]


def _line(head: str, text: str, tags: tuple[str, ...], data: str) -> str:
    parts = [p for p in [_escape(text), *_tags(tags), data] if p]
    return f"{head}: {' '.join(parts)}".rstrip() if parts or head.startswith("[") else head


def dumps(m: ArgumentMap, warnings: list[Diagnostic] | None = None) -> str:
    """The map as Argdown text.

    Statements and arguments are defined once, by section, with their kind
    (other than claim) and metadata as ``{data}``; linked arguments get a
    premise-conclusion structure; relations follow as trees under the node
    they bear on, undercuts under the line of the link they attack.
    """
    warn = warnings.append if warnings is not None else (lambda d: None)
    out: list[str] = []
    if m.header:
        out += ["==="] + [f"{_key(k)}: {_quote(v)}" for k, v in m.header.items()] + ["===", ""]

    def ref(node_id: str) -> str:
        return f"<{node_id}>" if node_id in m.arguments else f"[{node_id}]"

    # An argument whose one relation supports a statement takes it as its conclusion.
    implied: dict[str, Relation] = {}
    by_source: dict[str, list[Relation]] = {}
    for rel in m.relations:
        by_source.setdefault(rel.source, []).append(rel)
    for a in m.arguments.values():
        rels = by_source.get(a.id, [])
        if a.premises and len(rels) == 1 and rels[0].kind is RelationKind.SUPPORT and \
                isinstance(rels[0].target, str) and rels[0].target in m.statements:
            implied[a.id] = rels[0]

    def define(node_id: str) -> list[str]:
        if node_id in m.statements:
            s = m.statements[node_id]
            # A claim used as a premise says so: the reader takes a statement first met in a PCS for a premise.
            plain = s.kind is Kind.CLAIM and not m.arguments_with_premise(s.id)
            return [_line(f"[{s.id}]", s.text, s.tags, _data(None if plain else s.kind.value,
                                                               dict(s.metadata))), ""]
        a = m.arguments[node_id]
        lines = ["", _line(f"<{a.id}>", a.text, a.tags, _data(None, dict(a.metadata)))]
        if a.premises:
            lines.append("")
            lines += [f"({i}) [{p}]" for i, p in enumerate(a.premises, start=1)]
            lines.append("----")
            n = len(a.premises) + 1
            if a.id in implied:
                lines.append(f"({n}) [{implied[a.id].target}]")
            else:
                lines.append(f"({n}) [argmap:conclusion:{a.id}]: {{argmap: {_IMPLICIT}}}")
        lines.append("")
        return lines

    placed: set[str] = set()
    in_section = {i for s in m.sections for i in s.members}
    for node in m.nodes():
        if node.id not in in_section:
            out += define(node.id)
            placed.add(node.id)
    for section in m.sections:
        out += ["", f"{'#' * section.level} {_escape(section.title)}".rstrip(), ""]
        for node in m.nodes():
            if node.id in section.members and node.id not in placed:
                out += define(node.id)
                placed.add(node.id)

    # Relations as trees: each relation on one line, its undercuts under it.
    undercuts: dict[Relation, list[Relation]] = {}
    for rel in m.relations:
        if isinstance(rel.target, Relation):
            undercuts.setdefault(rel.target, []).append(rel)
    written: set[Relation] = set()
    marks = {RelationKind.SUPPORT: "<+", RelationKind.ATTACK: "<-", RelationKind.UNDERCUT: "<_"}

    def under(rel: Relation, depth: int) -> list[str]:
        lines = [f"{'  ' * depth}{marks[rel.kind]} {ref(rel.source)}"]
        if rel not in written:
            written.add(rel)
            for child in undercuts.get(rel, []):
                lines += under(child, depth + 1)
        return lines

    trees: dict[str, list[str]] = {}
    for rel in m.relations:
        if isinstance(rel.target, Relation):
            continue
        if rel.source in m.arguments and implied.get(rel.source) == rel and rel not in written:
            written.add(rel)
            block = trees.setdefault(ref(rel.source), [])
            for child in undercuts.get(rel, []):
                block += under(child, 1)
            continue
        trees.setdefault(ref(rel.target), []).extend(under(rel, 1))
    for rel in m.relations:
        if isinstance(rel.target, Relation) and rel.target not in written and rel not in written:
            if rel.target not in m.relations:
                warn(warning("argdown-dangling", f"an undercut by {rel.source!r} of a link not in the map "
                             "is left out"))
                written.add(rel)
    body = []
    for head, lines in trees.items():
        if lines:
            body += ["", head, *lines]
    while out and out[-1] == "":
        out.pop()
    text = "\n".join(out + body).lstrip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text + "\n" if text else ""
