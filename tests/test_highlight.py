"""The Pygments lexer (argmap.highlight): every text lexes, losslessly, with the right classes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pygments = pytest.importorskip("pygments", reason="Pygments is not installed (pip install 'argmap[pygments]')")

from pygments import highlight  # noqa: E402
from pygments.formatters import HtmlFormatter  # noqa: E402
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name  # noqa: E402
from pygments.token import Comment, Error, Generic, Keyword, Name, Operator, String, Text  # noqa: E402

from argmap.highlight import ArgmapLexer  # noqa: E402
from tests.highlight_cases import CLASSES, ROOT, SAMPLE, samples  # noqa: E402

SAMPLES = samples()

_CLASS_OF = [
    (String.Escape, "escape"),
    (Comment, "comment"),
    (Generic.Heading, "heading"),
    (Operator, "marker"),
    (Keyword, "kind"),
    (Name.Function, "id"),
    (Name.Variable, "reference"),
    (Name.Tag, "tag"),
    (Name.Attribute, "key"),
    (String.Double, "string"),
    (String, "value"),
    (Text, "text"),
]


def class_of(token: object) -> str:
    for kind, name in _CLASS_OF:
        if token in kind:  # type: ignore[operator]
            return name
    return "other"


@pytest.mark.parametrize(("name", "text", "valid"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_tokens_cover_the_input(name: str, text: str, valid: bool) -> None:
    tokens = list(ArgmapLexer().get_tokens_unprocessed(text))
    assert "".join(value for _, _, value in tokens) == text
    at = 0
    for start, _, value in tokens:
        assert start == at and value
        at += len(value)
    if valid:
        assert [v for _, t, v in tokens if t in Error] == []


def test_samples_cover_docs_fixtures_and_examples() -> None:
    names = [name for name, _, _ in SAMPLES]
    assert any(n.startswith("docs/notation.md#") for n in names)
    assert any(n.startswith("tests/fixtures/invalid/") for n in names)
    assert "examples/china-north-korea.argmap" in names


def test_every_construct_gets_its_class() -> None:
    lines = SAMPLE.split("\n")
    tokens = list(ArgmapLexer().get_tokens_unprocessed(SAMPLE))
    starts = [sum(len(line) + 1 for line in lines[: i]) for i in range(len(lines))]
    for line, piece, expected in CLASSES:
        offset = starts[line - 1] + lines[line - 1].index(piece)
        found = {class_of(t) for s, t, v in tokens if s <= offset < s + len(v)}
        assert found == {expected}, (line, piece, found)


def test_pygments_finds_the_lexer_by_name_and_by_file_name() -> None:
    assert isinstance(get_lexer_by_name("argmap"), ArgmapLexer)
    assert find_lexer_class_for_filename("x.argmap") is ArgmapLexer


def test_get_tokens_keeps_line_ends_when_asked() -> None:
    text = "thesis t: Tea.\r\n  + claim c: Warm.\r\n"
    lexer = ArgmapLexer(stripnl=False, ensurenl=False)
    assert "".join(v for _, v in lexer.get_tokens(text)) == text.replace("\r\n", "\n")


def test_an_open_quote_runs_over_lines() -> None:
    text = 'thesis t: T.\n  quote: "one\n    two // not a comment"   // a comment\n  + claim c: C.\n'
    tokens = [(class_of(t), v) for _, t, v in ArgmapLexer().get_tokens_unprocessed(text)]
    assert ("string", "    two // not a comment") in tokens
    assert ("comment", "// a comment") in tokens
    assert ("kind", "claim") in tokens


def test_html_of_the_essay_map_marks_ids_and_references() -> None:
    html = highlight((ROOT / "examples/china-north-korea.argmap").read_text(encoding="utf-8"), ArgmapLexer(), HtmlFormatter())
    assert '<span class="nf">summit</span>' in html
    assert '<span class="nv">@summit</span>' in html


@pytest.mark.skipif(shutil.which("pygmentize", path=str(Path(sys.executable).parent)) is None,
                    reason="pygmentize is not in this environment's bin folder; the entry point is tested through get_lexer_by_name")
def test_pygmentize_highlights_the_essay_map() -> None:
    pygmentize = shutil.which("pygmentize", path=str(Path(sys.executable).parent))
    assert pygmentize
    out = subprocess.run([pygmentize, "-l", "argmap", "-f", "html", str(ROOT / "examples/china-north-korea.argmap")],
                         capture_output=True, text=True, check=True).stdout
    assert '<span class="kt">thesis</span>' in out
