"""One source for shared facts: every copy argmap must spell out agrees with argmap.constants."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import argmap
from argmap import constants as C
from argmap.model import Kind, RelationKind

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = (ROOT / "grammars" / "argmap.lark").read_text(encoding="utf-8")


def _terminal(name: str) -> str:
    match = re.search(rf"^{name}(?:\.\d+)?:\s*/(.*)/\s*$", GRAMMAR, re.MULTILINE)
    assert match, f"no terminal {name} in the grammar"
    return match.group(1)


def _first(pattern: str, text: str) -> str:
    match = re.match(pattern, text)
    assert match, (pattern, text)
    return match.group(1)


def test_the_model_enumerates_the_words() -> None:
    assert tuple(k.value for k in Kind) == C.STATEMENT_KINDS
    assert tuple(k.value for k in RelationKind) == C.RELATION_KINDS
    assert set(C.RELATION_MARKERS.values()) == set(C.RELATION_KINDS)
    assert argmap.model.METADATA_KEYS is C.METADATA_KEYS and argmap.model.HEADER_KEYS is C.HEADER_KEYS


def test_the_grammar_spells_the_words_as_the_model() -> None:
    assert _first(r"\((\w+(?:\|\w+)*)\)", _terminal("KIND")).split("|") == list(C.STATEMENT_KINDS)
    assert _terminal("ARGUMENT").startswith(C.ARGUMENT + "(")
    assert set(_first(r"\[(.*?)\]", _terminal("MARKER")).replace("\\", "")) == set(C.RELATION_MARKERS)
    # The lookaheads that keep a node line from reading as a key or a continuation.
    lists = re.findall(r"\(\?:((?:\w+\|)+\w+)\)", _terminal("META_KEY") + _terminal("CONT"))
    assert lists and all(words.split("|") == list(C.NODE_WORDS) for words in lists)
    # Any other terminal that spells the kinds out (the fused line terminals) spells them alike.
    spelled = re.findall(r"\((?:\?:)?(thesis(?:\|\w+)+)\)", GRAMMAR)
    assert spelled and all(tuple(w.split("|")) in (C.STATEMENT_KINDS, C.NODE_WORDS) for w in spelled)


def test_the_schema_spells_the_words_as_the_model() -> None:
    text = (ROOT / "argmap" / "interchange" / "argmap.schema.json").read_text(encoding="utf-8")
    enums = [tuple(json.loads(e)) for e in re.findall(r'"enum":\s*(\[[^\]]*\])', text)]
    assert C.STATEMENT_KINDS in enums and C.RELATION_KINDS in enums


def test_the_copies_inside_argmap_agree() -> None:
    from argmap import _diagnose, _text, cli, engines, iccma, interchange
    from argmap.evaluate import SEMANTICS

    assert tuple(_diagnose.KINDS) == C.NODE_WORDS
    assert _text.KIND_WORDS == set(C.NODE_WORDS)
    assert tuple(cli.FORMATS) == C.OUTPUT_FORMATS
    assert tuple(engines.FORMATS) == C.RENDER_FORMATS
    assert tuple(cli.ENGINES) == tuple(engines.ENGINES) == C.ENGINES
    assert tuple(cli.CONVERT_FORMATS) == tuple(interchange.FORMATS) == C.INTERCHANGE_FORMATS
    assert tuple(iccma.FORMATS) == C.FRAMEWORK_FORMATS
    assert SEMANTICS == C.SEMANTICS
    from argmap import lsp_index

    assert lsp_index.KINDS == C.NODE_WORDS and tuple(lsp_index.METADATA_KEYS) == C.METADATA_KEYS


def test_editor_grammars_spell_the_words_as_the_model() -> None:
    words = "|".join(C.NODE_WORDS)
    from argmap import highlight

    assert words in highlight._KINDS
    textmate = (ROOT / "grammars" / "argmap.tmLanguage.json").read_text(encoding="utf-8")
    assert words in textmate


def test_importing_the_constants_loads_nothing_else_from_argmap() -> None:
    code = "import sys, argmap.constants; print(sorted(m for m in sys.modules if m.startswith('argmap')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['argmap', 'argmap.constants']"
