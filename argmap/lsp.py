"""``argmap lsp``: a language server for argmap files, over stdio.

Needs the extra ``argmap[lsp]`` (pygls 2 and lsprotocol). What it does, and
how to use it from VS Code, Neovim, Helix and Emacs: docs/editors.md.

How it stays responsive: an edit is analysed after a short pause
(:data:`DEBOUNCE`), in one worker thread, on the text as it is then; if
the text changed again meanwhile, the result is dropped and the newest text
analysed instead, so diagnostics are always those of the last text and
never of a stale one. Hover, completion, symbols and the like answer at once
from the last analysis (and the last map that built), never waiting for one
in progress. Parsing goes through :mod:`argmap.lsp_parse` (pieces, one error
per broken block, an edit parses one piece again); where things are written
comes from :mod:`argmap.lsp_index`.

Positions follow the encoding the client and server agree on at
initialisation (UTF-16 unless the client offers another).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from argmap import __version__
from argmap.checks import CODES
from argmap.lsp_index import HEADER_KEYS, KINDS, METADATA_KEYS, Entry, Index, split_lines, valid_id
from argmap.lsp_parse import ChunkParser, Parsed, Problem, formatted
from argmap.model import Argument, ArgumentMap, Kind, Node, RelationKind

__all__ = ["ArgmapLanguageServer", "create_server", "main", "DEBOUNCE"]

#: Seconds to wait after an edit before analysing: keystrokes in a burst make one analysis.
DEBOUNCE = 0.03


class RequestFailed(JsonRpcException):
    """A request the server understood and refuses (LSP's RequestFailed)."""

    CODE = -32803


@attrs.define
class Analysis:
    """What the server knows about one version of a document."""

    version: int | None
    text: str
    parsed: Parsed
    diagnostics: list[T.Diagnostic]
    _index: Index | None = None
    _nodes_by_line: dict[int, str] | None = None

    @property
    def index(self) -> Index:
        """Where everything is written (made on first use; the worker makes it after publishing)."""
        if self._index is None:
            self._index = Index(self.text)
        return self._index

    def make_index(self) -> Index:
        return self.index

    def node_on_line(self, line: int) -> str | None:
        """The map's id of the node defined on *line* (0-based), named or not."""
        m = self.parsed.map
        if m is None:
            return None
        if self._nodes_by_line is None:
            found: dict[int, str] = {}
            nodes: list[Node] = [*m.statements.values(), *m.arguments.values()]
            for node in nodes:
                if node.span is not None:
                    found[self.parsed.locate(node.span)[0] - 1] = node.id
            self._nodes_by_line = found
        return self._nodes_by_line.get(line)


@attrs.define
class _Document:
    parser: ChunkParser
    analysis: Analysis | None = None
    good_map: ArgumentMap | None = None  # the last map that built, for hover while the text is broken
    task: asyncio.Task[None] | None = None
    evaluations: dict[int, dict[str, str]] = attrs.field(factory=dict)


class ArgmapLanguageServer(LanguageServer):
    """The argmap language server (pygls)."""

    def __init__(self) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.documents: dict[str, _Document] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-analysis")
        self.debounce = float(os.environ.get("ARGMAP_LSP_DEBOUNCE", DEBOUNCE))

    # -- positions -------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or T.PositionEncodingKind.Utf16)

    def units(self, line: str, column: int) -> int:
        """Code points -> the client's units, on *line*."""
        return _units(line, column, self.encoding)

    def column(self, line: str, units: int) -> int:
        """The client's units -> code points, on *line*."""
        return _column(line, units, self.encoding)

    def range(self, index: Index, line: int, start: int, end: int) -> T.Range:
        text = index.lines[line] if 0 <= line < len(index.lines) else ""
        return T.Range(T.Position(line, self.units(text, start)), T.Position(line, self.units(text, end)))

    # -- analysis ----------------------------------------------------------

    def document(self, uri: str) -> _Document:
        if uri not in self.documents:
            self.documents[uri] = _Document(ChunkParser(source=uri.rsplit("/", 1)[-1]))
        return self.documents[uri]

    def changed(self, uri: str) -> None:
        """Analyse *uri* soon; an analysis in progress finishes and is dropped if stale."""
        state = self.document(uri)
        if state.task is None or state.task.done():
            state.task = asyncio.get_running_loop().create_task(self._analyse_latest(uri))

    async def _analyse_latest(self, uri: str) -> None:
        state = self.document(uri)
        loop = asyncio.get_running_loop()
        await asyncio.sleep(self.debounce)
        while uri in self.documents:
            doc = self.workspace.get_text_document(uri)
            version, text = doc.version, doc.source

            def stale(version: int | None = version) -> bool:
                return self.workspace.get_text_document(uri).version != version

            analysis = await loop.run_in_executor(self.pool, self.analyse, state, version, text, stale)
            if analysis is None or stale():
                continue  # edited meanwhile: this result is stale, analyse the newest text
            state.analysis = analysis
            if analysis.parsed.map is not None:
                state.good_map = analysis.parsed.map
            self.text_document_publish_diagnostics(
                T.PublishDiagnosticsParams(uri=uri, diagnostics=analysis.diagnostics, version=version))
            # Then, unless the text moved on, what hover and completion will ask for.
            if not stale():
                await loop.run_in_executor(self.pool, analysis.make_index)
            if stale():
                continue  # an edit came while this task was still running: it is this task's to do
            return

    def analyse(self, state: _Document, version: int | None, text: str,
                stale: Callable[[], bool] | None = None) -> Analysis | None:
        """Everything about *text* (runs in the worker thread); None if *stale* says to stop."""
        parsed = state.parser.parse(text, stale)
        if parsed is None:
            return None
        analysis = Analysis(version, text, parsed, [])
        if parsed.problems:
            index = analysis.index
            analysis.diagnostics = [self.diagnostic(index, problem) for problem in parsed.problems]
        return analysis

    def current(self, uri: str) -> Analysis:
        """An analysis of the document as it is now (made here if the last one is older)."""
        state = self.document(uri)
        doc = self.workspace.get_text_document(uri)
        if state.analysis is not None and state.analysis.version == doc.version:
            return state.analysis
        analysis = self.analyse(state, doc.version, doc.source)
        assert analysis is not None
        return analysis

    def last(self, uri: str) -> Analysis:
        """The last analysis, whatever its version: for answers that must not wait."""
        state = self.document(uri)
        return state.analysis if state.analysis is not None else self.current(uri)

    # -- diagnostics ---------------------------------------------------------

    def diagnostic(self, index: Index, problem: Problem) -> T.Diagnostic:
        line, start, end = _place(index, problem)
        fix = _DID_YOU_MEAN.search(problem.message)
        message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
        return T.Diagnostic(
            range=self.range(index, line, start, end),
            message=message,
            severity=T.DiagnosticSeverity.Error if problem.severity == "error" else T.DiagnosticSeverity.Warning,
            code=problem.code,
            source="argmap",
            data={"fix": fix.group(1)} if fix else None,
        )


_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'")
_UNKNOWN = re.compile(r"unknown node '([^']*)'")
_WORD = re.compile(r"@?[^\s:]+")


def _place(index: Index, problem: Problem) -> tuple[int, int, int]:
    """The exact range of a problem: (0-based line, start and end columns in code points)."""
    line = min(max(problem.line - 1, 0), max(len(index.lines) - 1, 0))
    text = index.lines[line] if index.lines else ""
    column = min(max(problem.column - 1, 0), len(text))
    if problem.code == "unknown-reference" and (m := _UNKNOWN.search(problem.message)):
        entry = index.entry_at(line)
        last = entry.end if entry is not None else line
        for ref_line, start, end in index.references.get(m.group(1), ()):
            if line <= ref_line <= max(last, line):
                return ref_line, start, end
    if problem.code in ("bad-weight", "bad-date"):
        key = "weight" if problem.code == "bad-weight" else "date"
        entry = index.entry_at(line)
        for at in range(line, (entry.end if entry else line) + 1):
            stripped = index.lines[at].lstrip()
            if stripped.startswith(key):
                start = len(index.lines[at]) - len(stripped)
                return at, start, len(index.lines[at].rstrip())
    if (problem.code not in CODES and problem.end_line == problem.line and problem.end_column is not None
            and problem.end_column - 1 > column):
        return line, column, min(problem.end_column - 1, len(text))  # the parser's own range
    entry = index.by_line.get(line)
    if entry is not None and entry.what == "node" and problem.code not in _AT_COLUMN and column <= entry.indent + 2:
        # A finding about a node: its id, or its line.
        if entry.id is not None:
            return line, entry.id_start, entry.id_end
        return line, entry.indent, len(_before_comment(text).rstrip())
    word = _WORD.match(text, column)
    if word:
        return line, column, word.end()
    return line, column, min(column + 1, len(text)) if column < len(text) else column


_AT_COLUMN = frozenset({"unknown-kind", "missing-colon", "syntax"})


def _before_comment(text: str) -> str:
    at = re.search(r"(?:(?<=[ \t])|^)//", text)
    return text[:at.start()] if at else text


def _units(line: str, column: int, encoding: str) -> int:
    prefix = line[:column]
    if encoding == T.PositionEncodingKind.Utf32 or prefix.isascii():
        return len(prefix)
    if encoding == T.PositionEncodingKind.Utf8:
        return len(prefix.encode("utf-8", "surrogatepass"))
    return len(prefix) + sum(1 for c in prefix if ord(c) > 0xFFFF)


def _column(line: str, units: int, encoding: str) -> int:
    if encoding == T.PositionEncodingKind.Utf32 or line.isascii():
        return min(units, len(line))
    count = 0
    for i, c in enumerate(line):
        if count >= units:
            return i
        if encoding == T.PositionEncodingKind.Utf8:
            count += len(c.encode("utf-8", "surrogatepass"))
        else:
            count += 2 if ord(c) > 0xFFFF else 1
    return len(line)


# ------------------------------------------------------------------ features


def create_server() -> ArgmapLanguageServer:
    """A server with every feature registered."""
    server = ArgmapLanguageServer()

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArgmapLanguageServer, params: T.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArgmapLanguageServer, params: T.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArgmapLanguageServer, params: T.DidCloseTextDocumentParams) -> None:
        state = ls.documents.pop(params.text_document.uri, None)
        if state is not None and state.task is not None:
            state.task.cancel()
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArgmapLanguageServer, params: T.HoverParams) -> T.Hover | None:
        return _hover(ls, params.text_document.uri, params.position)

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ArgmapLanguageServer, params: T.DefinitionParams) -> list[T.Location] | None:
        uri = params.text_document.uri
        analysis = ls.current(uri)
        found = _id_at(ls, analysis.index, params.position)
        if found is None:
            return None
        return [T.Location(uri, ls.range(analysis.index, e.line, e.id_start, e.id_end))
                for e in analysis.index.definitions.get(found[0], ())] or None

    @server.feature(T.TEXT_DOCUMENT_REFERENCES)
    def references(ls: ArgmapLanguageServer, params: T.ReferenceParams) -> list[T.Location] | None:
        uri = params.text_document.uri
        index = ls.current(uri).index
        found = _id_at(ls, index, params.position)
        if found is None:
            return None
        places = list(index.references.get(found[0], ()))
        if params.context.include_declaration:
            places = [(e.line, e.id_start, e.id_end) for e in index.definitions.get(found[0], ())] + places
        return [T.Location(uri, ls.range(index, *place)) for place in places]

    @server.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: ArgmapLanguageServer, params: T.PrepareRenameParams) -> T.Range | None:
        index = ls.current(params.text_document.uri).index
        found = _id_at(ls, index, params.position)
        if found is None:
            return None
        return ls.range(index, params.position.line, found[1], found[2])

    @server.feature(T.TEXT_DOCUMENT_RENAME)
    def rename(ls: ArgmapLanguageServer, params: T.RenameParams) -> T.WorkspaceEdit | None:
        uri = params.text_document.uri
        index = ls.current(uri).index
        found = _id_at(ls, index, params.position)
        if found is None:
            raise RequestFailed("put the cursor on an id or an @reference to rename it")
        old, new = found[0], params.new_name.lstrip("@")
        if not valid_id(new):
            raise RequestFailed(f"'{params.new_name}' is not an id: an id starts with a letter or a digit "
                                "and goes on with letters, digits, '_', '.' and '-'")
        if new != old and new in index.definitions:
            line = index.definitions[new][0].line + 1
            raise RequestFailed(f"the id '{new}' is already used (line {line}); choose another")
        edits = [T.TextEdit(ls.range(index, *place), new) for place in index.occurrences(old)]
        return T.WorkspaceEdit(changes={uri: edits})

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: ArgmapLanguageServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
        return _symbols(ls, ls.current(params.text_document.uri).index)

    @server.feature(T.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding(ls: ArgmapLanguageServer, params: T.FoldingRangeParams) -> list[T.FoldingRange]:
        index = ls.current(params.text_document.uri).index
        out = [T.FoldingRange(h.line, h.end, kind=T.FoldingRangeKind.Region) for h in index.headings if h.end > h.line]
        out += [T.FoldingRange(e.line, e.end) for e in index.entries if e.what != "heading" and e.end > e.line]
        out += [T.FoldingRange(a, b, kind=T.FoldingRangeKind.Comment) for a, b in index.comment_blocks]
        return out

    @server.feature(T.TEXT_DOCUMENT_COMPLETION,
                    T.CompletionOptions(trigger_characters=["@", "#", " "], resolve_provider=True))
    def completion(ls: ArgmapLanguageServer, params: T.CompletionParams) -> T.CompletionList:
        return _completion(ls, params.text_document.uri, params.position)

    @server.feature(T.COMPLETION_ITEM_RESOLVE)
    def completion_resolve(ls: ArgmapLanguageServer, item: T.CompletionItem) -> T.CompletionItem:
        return _resolved(ls, item)

    @server.feature(T.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: ArgmapLanguageServer, params: T.DocumentFormattingParams) -> list[T.TextEdit] | None:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        new = formatted(doc.source)
        if new is None:
            ls.window_show_message(T.ShowMessageParams(
                T.MessageType.Warning, "argmap: the map has errors; fix them to format it"))
            return None
        if new == doc.source:
            return []
        lines = split_lines(doc.source)
        end = T.Position(len(lines) - 1, _units(lines[-1], len(lines[-1]), ls.encoding))
        return [T.TextEdit(T.Range(T.Position(0, 0), end), new)]

    @server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                    T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
    def code_actions(ls: ArgmapLanguageServer, params: T.CodeActionParams) -> list[T.CodeAction]:
        out = []
        for d in params.context.diagnostics:
            fix = d.data.get("fix") if isinstance(d.data, dict) else None
            if fix is None and (m := _DID_YOU_MEAN.search(d.message)):
                fix = m.group(1)
            if not fix or d.source != "argmap":
                continue
            out.append(T.CodeAction(
                title=f"Change to '{fix}'",
                kind=T.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=T.WorkspaceEdit(changes={params.text_document.uri: [T.TextEdit(d.range, fix)]}),
            ))
        return out

    return server


def _id_at(ls: ArgmapLanguageServer, index: Index, position: T.Position) -> tuple[str, int, int] | None:
    if not 0 <= position.line < len(index.lines):
        return None
    return index.id_at(position.line, ls.column(index.lines[position.line], position.character))


# -- hover ----------------------------------------------------------------------


def _hover(ls: ArgmapLanguageServer, uri: str, position: T.Position) -> T.Hover | None:
    state = ls.document(uri)
    analysis = ls.last(uri)
    index = analysis.index
    if not 0 <= position.line < len(index.lines):
        return None
    found = _id_at(ls, index, position)
    node_id = found[0] if found else None
    span = ls.range(index, position.line, found[1], found[2]) if found else None
    if node_id is None:
        entry = index.by_line.get(position.line)
        if entry is None or entry.what != "node":
            return None
        node_id = analysis.node_on_line(position.line) or entry.id
        text = index.lines[position.line]
        span = ls.range(index, position.line, entry.indent, len(_before_comment(text).rstrip()))
    m = analysis.parsed.map or state.good_map
    if node_id is None or m is None or node_id not in m:
        entry = index.definition(node_id) if node_id else None
        if entry is None:
            return None
        value = f"**{entry.word}** `{entry.id}`\n\n{entry.text}"
    else:
        value = _describe(m, node_id, _evaluation(ls, state, m))
    return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, value), span)


def _evaluation(ls: ArgmapLanguageServer, state: _Document, m: ArgumentMap) -> dict[str, str]:
    """The status and strength of every node (cached per map); empty if the map cannot be evaluated."""
    key = id(m)
    if key not in state.evaluations:
        from argmap.evaluate import ArgmapEvaluationError, evaluate

        out: dict[str, str] = {}
        semantics = m.header.get("semantics")
        wanted = [semantics] if semantics else ["grounded", "dfquad"]
        for name in wanted:
            try:
                result = evaluate(m, name)
            except ArgmapEvaluationError as error:
                out["\x00"] = str(error)
                break
            for nid, value in result.values.items():
                shown = f"{value:.2f}" if isinstance(value, float) else str(getattr(value, "value", value))
                out[nid] = (out[nid] + " · " if nid in out else "") + f"{name}: **{shown}**"
        state.evaluations = {key: out}
    return state.evaluations[key]


def _describe(m: ArgumentMap, node_id: str, values: dict[str, str]) -> str:
    node = m.get(node_id)
    kind = "argument" if isinstance(node, Argument) else node.kind.value
    shown = f"`{node.id}`" if not node.id.startswith("_") else "(no id)"
    out = [f"**{kind}** {shown}", "", node.text or "*(no label)*"]
    if node.tags:
        out += ["", " ".join(f"`#{t}`" for t in node.tags)]
    if isinstance(node, Argument) and node.premises:
        out += ["", "premises: " + ", ".join(_name(m, p) for p in node.premises)]
    if node.metadata:
        out += ["", "| key | value |", "|---|---|"]
        out += [f"| {k} | {_cell(v)} |" for k, v in node.metadata.items()]
    bears = []
    for relation in m.relations_from(node_id):
        verb = {RelationKind.SUPPORT: "supports", RelationKind.ATTACK: "attacks",
                RelationKind.UNDERCUT: "undercuts the link to"}[relation.kind]
        bears.append(f"- {verb} {_name(m, relation.target_id)}")
    for relation in m.relations_to(node_id):
        verb = {RelationKind.SUPPORT: "supported by", RelationKind.ATTACK: "attacked by",
                RelationKind.UNDERCUT: "undercut by"}[relation.kind]
        bears.append(f"- {verb} {_name(m, relation.source)}")
    if bears:
        out += ["", *bears]
    if node_id in values:
        out += ["", values[node_id]]
    elif "\x00" in values:
        out += ["", "not evaluated: " + values["\x00"]]
    return "\n".join(out)


def _name(m: ArgumentMap, node_id: str) -> str:
    if node_id not in m:
        return f"`{node_id}` (unknown)"
    node = m.get(node_id)
    text = node.text if len(node.text) <= 60 else node.text[:57] + "..."
    return f"`{node_id}` ({text})" if not node_id.startswith("_") else f"“{text}”"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


# -- symbols ----------------------------------------------------------------------

_SYMBOL_KINDS = {
    "thesis": T.SymbolKind.Class,
    "claim": T.SymbolKind.Field,
    "premise": T.SymbolKind.Property,
    "evidence": T.SymbolKind.Constant,
    "argument": T.SymbolKind.Struct,
}


def _symbols(ls: ArgmapLanguageServer, index: Index) -> list[T.DocumentSymbol]:
    """Sections (nested by level), then the nodes defined in them, nested as written."""

    def node_symbol(entry: Entry) -> T.DocumentSymbol | None:
        children = [s for s in (node_symbol(c) for c in entry.children) if s is not None]
        if entry.what == "ref" and not children:
            return None
        text = index.lines[entry.line]
        full = ls.range(index, entry.line, entry.indent, len(text))
        if entry.end > entry.line:
            last = index.lines[entry.end]
            full = T.Range(full.start, T.Position(entry.end, ls.units(last, len(last))))
        if entry.what == "ref":
            name, kind, detail = f"@{entry.id}", T.SymbolKind.Key, "adds to the node"
            selection = ls.range(index, entry.line, entry.id_start - 1, entry.id_end)
        else:
            name = entry.id or (entry.text[:40] or entry.word)
            kind, detail = _SYMBOL_KINDS[entry.word], f"{entry.marker + ' ' if entry.marker else ''}{entry.word}: {entry.text}"
            selection = (ls.range(index, entry.line, entry.id_start, entry.id_end) if entry.id
                         else ls.range(index, entry.line, entry.indent, len(text.rstrip())))
        return T.DocumentSymbol(name=name, kind=kind, range=full, selection_range=selection, detail=detail[:120],
                                children=children or None)

    top: list[T.DocumentSymbol] = []
    open_sections: list[tuple[int, T.DocumentSymbol]] = []
    items: list[Entry] = sorted([*index.headings, *index.top], key=lambda e: e.line)
    for entry in items:
        if entry.what == "heading":
            text = index.lines[entry.line]
            last = index.lines[entry.end]
            symbol = T.DocumentSymbol(
                name=entry.word or "#", kind=T.SymbolKind.Namespace, detail="#" * entry.level,
                range=T.Range(T.Position(entry.line, 0), T.Position(entry.end, ls.units(last, len(last)))),
                selection_range=ls.range(index, entry.line, 0, len(text.rstrip())), children=[])
            while open_sections and open_sections[-1][0] >= entry.level:
                open_sections.pop()
            (open_sections[-1][1].children if open_sections else top).append(symbol)  # type: ignore[union-attr]
            open_sections.append((entry.level, symbol))
            continue
        symbol_ = node_symbol(entry)
        if symbol_ is not None:
            (open_sections[-1][1].children if open_sections else top).append(symbol_)  # type: ignore[union-attr]
    return top


# -- completion ----------------------------------------------------------------------

_AFTER_AT = re.compile(r"@([\w.\-]*)$")
_AFTER_HASH = re.compile(r"(?:^|[ \t])#([\w\-]*)$")
_LINE_START = re.compile(r"([ \t]*)([+\-_]?)([ \t]*)([a-z]*)$")


def _completion(ls: ArgmapLanguageServer, uri: str, position: T.Position) -> T.CompletionList:
    analysis = ls.last(uri)
    index = analysis.index
    doc = ls.workspace.get_text_document(uri)
    lines = split_lines(doc.source)
    line = lines[position.line] if position.line < len(lines) else ""
    before = line[: ls.column(line, position.character)]
    items: list[T.CompletionItem] = []
    m = analysis.parsed.map or ls.document(uri).good_map
    if at := _AFTER_AT.search(before):
        # Each id's text is the item's documentation; a client that can ask for it when an item is shown
        # (completionItem/resolve) gets it then, so that a list of thousands of ids stays quick to send.
        lazy = _resolves_documentation(ls)
        ids, complete = _ids_for(index, at.group(1))
        for node_id in ids:
            entry = index.definitions[node_id][0]
            items.append(T.CompletionItem(
                label=node_id, kind=T.CompletionItemKind.Reference, detail=entry.word,
                data={"uri": uri} if lazy else None,
                documentation=None if lazy else T.MarkupContent(T.MarkupKind.Markdown, _text_of(m, node_id, entry))))
        return T.CompletionList(is_incomplete=not complete, items=items)
    if _AFTER_HASH.search(before) and not (before.startswith("#") and before.strip("#") == ""):
        for tag, count in sorted(index.tags.items(), key=lambda kv: (-kv[1], kv[0])):
            items.append(T.CompletionItem(label=tag, kind=T.CompletionItemKind.Keyword,
                                          detail=f"tag, used {count} time{'s' if count != 1 else ''}"))
        return T.CompletionList(is_incomplete=False, items=items)
    start = _LINE_START.match(before)
    if start is None:
        return T.CompletionList(is_incomplete=False, items=[])
    indent, marker = start.group(1), start.group(2)
    if not marker:
        owner = _owner(index, position.line, len(indent))
        if owner is not None and owner.what == "node" and not owner.children:
            keys = dict(METADATA_KEYS)
            keys.update({k: "a key used in this map" for k in index.keys if k not in keys})
            for key, doc_ in keys.items():
                items.append(T.CompletionItem(label=f"{key}:", kind=T.CompletionItemKind.Property, detail=doc_,
                                              insert_text=f"{key}: ", filter_text=key, sort_text=f"0{key}"))
        if not indent and position.line <= index.header_end:
            for key, doc_ in HEADER_KEYS.items():
                items.append(T.CompletionItem(label=f"{key}:", kind=T.CompletionItemKind.Property, detail=doc_,
                                              insert_text=f"{key}: ", filter_text=key, sort_text=f"0{key}"))
        if indent:
            for mark, meaning in (("+", "supports"), ("-", "attacks"), ("_", "undercuts")):
                items.append(T.CompletionItem(label=f"{mark} claim", kind=T.CompletionItemKind.Operator,
                                              detail=f"a claim that {meaning} the node above",
                                              insert_text=f"{mark} claim ", sort_text=f"1{mark}"))
    for kind in KINDS:
        items.append(T.CompletionItem(label=kind, kind=T.CompletionItemKind.Keyword, detail=_KIND_HELP[kind],
                                      insert_text=f"{kind} ", sort_text=f"2{kind}"))
    return T.CompletionList(is_incomplete=False, items=items)


#: The most ids one completion offers; a map with more gets those that match what was typed after ``@``
#: (the ids it starts, then the ids it is part of), and the client asks again as the user types on.
MAX_COMPLETED_IDS = 1000


def _ids_for(index: Index, typed: str) -> tuple[list[str], bool]:
    """The ids to offer after ``@typed``, and whether they are all the map's (else the list is incomplete)."""
    ids = list(index.definitions)
    if len(ids) <= MAX_COMPLETED_IDS:
        return ids, True
    typed = typed.casefold()
    starting = [i for i in ids if i.casefold().startswith(typed)]
    if len(starting) < MAX_COMPLETED_IDS:
        starting += [i for i in ids if typed in i.casefold() and not i.casefold().startswith(typed)]
    return starting[:MAX_COMPLETED_IDS], False


def _resolves_documentation(ls: ArgmapLanguageServer) -> bool:
    """Whether the client asks for a completion item's documentation when it shows the item."""
    completion = ls.client_capabilities.text_document and ls.client_capabilities.text_document.completion
    item = completion and completion.completion_item
    support = item and item.resolve_support
    return bool(support and "documentation" in support.properties)


def _resolved(ls: ArgmapLanguageServer, item: T.CompletionItem) -> T.CompletionItem:
    """A node id's completion item with its text as documentation (other items as they are)."""
    uri = item.data.get("uri") if isinstance(item.data, dict) else None
    if not isinstance(uri, str) or item.kind != T.CompletionItemKind.Reference or uri not in ls.documents:
        return item
    analysis = ls.last(uri)
    entry = analysis.index.definition(item.label)
    if entry is not None:
        m = analysis.parsed.map or ls.document(uri).good_map
        item.documentation = T.MarkupContent(T.MarkupKind.Markdown, _text_of(m, item.label, entry))
    return item


_KIND_HELP = {
    "thesis": "a main claim the map is about",
    "claim": "an assertion: a reason, an objection",
    "evidence": "a fact with provenance (date:, source:)",
    "premise": "a linked premise, inside an argument",
    "argument": "premises that bear on their target only together",
}


def _owner(index: Index, line: int, indent: int) -> Entry | None:
    """The node or reference a line at *indent* would be part of: the nearest one above with less indent."""
    for at in range(min(line, len(index.lines)) - 1, -1, -1):
        entry = index.by_line.get(at)
        if entry is None:
            continue
        if entry.what == "heading":
            return None
        if entry.indent < indent:
            return entry
    return None


def _text_of(m: ArgumentMap | None, node_id: str, entry: Entry) -> str:
    if m is not None and node_id in m:
        node: Node = m.get(node_id)
        kind = "argument" if isinstance(node, Argument) else Kind(node.kind).value
        return f"**{kind}**: {node.text}"
    return f"**{entry.word}**: {entry.text}"


def main(argv: Sequence[str] | None = None) -> int:
    """Serve on stdin and stdout until the client says exit."""
    create_server().start_io()
    return 0
