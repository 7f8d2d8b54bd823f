"""docs/editors.md: every configuration it gives is well-formed and starts `argmap lsp`.

The JSON files of the VS Code extension and settings parse and name the
grammar this repository ships; the Helix TOML parses; the Neovim and Emacs
blocks start the server with `argmap lsp`. The server itself is tested end
to end in tests/test_lsp.py, the grammar in tests/test_textmate.py.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", DOC, re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCKS if lang == language]


def test_the_vs_code_extension_names_the_grammar_of_this_repository() -> None:
    package, configuration, settings = (json.loads(b) for b in blocks("json"))
    grammar = json.loads((ROOT / "grammars" / "argmap.tmLanguage.json").read_text(encoding="utf-8"))
    [language] = package["contributes"]["languages"]
    [contributed] = package["contributes"]["grammars"]
    assert language["id"] == contributed["language"] == "argmap" and language["extensions"] == [".argmap"]
    assert contributed["scopeName"] == grammar["scopeName"]
    assert contributed["path"].endswith("argmap.tmLanguage.json")
    assert configuration["comments"]["lineComment"] == "//"
    increase = re.compile(configuration["indentationRules"]["increaseIndentPattern"])
    assert increase.match("  + claim c: Warm.") and not increase.match("  date: 2019")
    assert settings["glspc.server.command"] == "argmap" and settings["glspc.server.commandArguments"] == ["lsp"]
    assert settings["glspc.server.languageId"] == ["argmap"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+; the TOML is checked on CI's Python")
def test_the_helix_configuration_parses_and_starts_the_server() -> None:
    import tomllib

    [toml] = blocks("toml")
    config = tomllib.loads(toml)
    assert config["language-server"]["argmap"] == {"command": "argmap", "args": ["lsp"]}
    [language] = config["language"]
    assert language["scope"] == "source.argmap" and language["file-types"] == ["argmap"]
    assert language["language-servers"] == ["argmap"]


def test_neovim_and_emacs_start_argmap_lsp() -> None:
    lua = blocks("lua")
    assert len(lua) == 2 and all('{ "argmap", "lsp" }' in block for block in lua)
    [elisp] = blocks("elisp")
    assert '(argmap-mode . ("argmap" "lsp"))' in elisp and "eglot-ensure" in elisp
    assert elisp.count("(") == elisp.count(")")


def test_the_page_is_linked_from_the_readme() -> None:
    assert "(docs/editors.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
