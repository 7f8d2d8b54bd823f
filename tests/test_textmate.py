"""The TextMate grammar (grammars/argmap.tmLanguage.json), run by the tokenizer VS Code uses.

The npm packages vscode-textmate and vscode-oniguruma run the grammar, from
the folder named by ARGMAP_TEXTMATE_MODULES (.ci/run installs them there
when Node.js is present); without them the tests skip, and the Pygments
tests (tests/test_highlight.py) hold the same classes on the same texts.
Every non-blank character of every valid sample must get the same class
from both highlighters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.highlight_cases import CLASSES, ROOT, SAMPLE, samples

GRAMMAR = ROOT / "grammars" / "argmap.tmLanguage.json"
TOKENIZE = Path(__file__).resolve().parent / "textmate" / "tokenize.js"
MODULES = os.environ.get("ARGMAP_TEXTMATE_MODULES", "")


def _why_not() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not MODULES or not (Path(MODULES) / "vscode-textmate").is_dir() or not (Path(MODULES) / "vscode-oniguruma").is_dir():
        return "ARGMAP_TEXTMATE_MODULES does not name a node_modules folder with vscode-textmate and vscode-oniguruma (.ci/run installs them)"
    return None


needs_tokenizer = pytest.mark.skipif(_why_not() is not None, reason=str(_why_not()))

_SCOPES = [
    ("constant.character.escape", "escape"),
    ("comment", "comment"),
    ("markup.heading", "heading"),
    ("keyword.operator.marker", "marker"),
    ("storage.type.kind", "kind"),
    ("entity.name.function.id", "id"),
    ("variable.other.reference", "reference"),
    ("entity.name.tag", "tag"),
    ("support.type.property-name", "key"),
    ("punctuation.separator", "punctuation"),
    ("string.quoted", "string"),
    ("string.unquoted", "value"),
]


def class_of(scopes: list[str]) -> str:
    for prefix, name in _SCOPES:
        if any(s.startswith(prefix) for s in scopes):
            return name
    return "text"


def tokenize(texts: list[str]) -> list[list[tuple[int, int, int, list[str]]]]:
    node = shutil.which("node")
    assert node
    run = subprocess.run([node, str(TOKENIZE), str(GRAMMAR)], input=json.dumps(texts), capture_output=True,
                         text=True, check=True, env={**os.environ, "NODE_PATH": MODULES}, encoding="utf-8")
    return [[(a, b, c, d) for a, b, c, d in tokens] for tokens in json.loads(run.stdout)]


def char_classes(text: str, tokens: list[tuple[int, int, int, list[str]]]) -> dict[tuple[int, int], str]:
    return {(line, col): class_of(scopes) for line, start, end, scopes in tokens for col in range(start, end)}


def test_the_grammar_is_json_with_the_argmap_scope() -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    assert grammar["scopeName"] == "source.argmap"
    assert grammar["fileTypes"] == ["argmap"]


@needs_tokenizer
def test_every_construct_gets_its_class() -> None:
    [tokens] = tokenize([SAMPLE])
    classes = char_classes(SAMPLE, tokens)
    lines = SAMPLE.split("\n")
    for line, piece, expected in CLASSES:
        col = lines[line - 1].index(piece)
        found = {classes[(line - 1, c)] for c in range(col, col + len(piece)) if not lines[line - 1][c].isspace()}
        assert found == {expected}, (line, piece, found)


@needs_tokenizer
def test_textmate_and_pygments_agree_on_every_valid_sample() -> None:
    pytest.importorskip("pygments", reason="Pygments is not installed; the TextMate classes are checked on the sample above")
    from argmap.highlight import ArgmapLexer
    from tests.test_highlight import class_of as pygments_class

    valid = [(name, text) for name, text, ok in samples() if ok]
    assert len(valid) > 30
    disagreements = []
    for (name, text), tokens in zip(valid, tokenize([t for _, t in valid]), strict=True):
        tm = char_classes(text, tokens)
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        py: dict[int, str] = {}
        for start, token, value in ArgmapLexer().get_tokens_unprocessed(text):
            for i in range(start, start + len(value)):
                py[i] = pygments_class(token)
        for n, line in enumerate(lines):
            for col, char in enumerate(line):
                if char.isspace() or char == ":":
                    continue
                a, b = tm.get((n, col), "text"), py[starts[n] + col]
                if a != b:
                    disagreements.append(f"{name}:{n + 1}:{col + 1} {char!r} textmate={a} pygments={b}")
    assert disagreements == []
