"""Hostile text: a map from someone else must draw as text, never as code.

The corpus (``tests/fixtures/hostile/strings.json``: quotes, backslashes,
Graphviz escapes, entities, HTML and SVG markup, ``<script>``, event
attributes, ``javascript:`` and ``data:`` text, control characters, NUL,
bidi marks, emoji, private-use and invisible characters, line separators, a
3,000-character word) goes into every place a map holds text: node text,
argument labels, ids (as JSON allows them), metadata, the header title and
section titles; a 100 KB label is added.  The hand-written
``tests/fixtures/hostile/*.argmap`` files put the same through the notation.

For each, through the embedded engine and (where installed) the system
``dot``: the DOT lays out, the SVG is well-formed XML, it shows the text as
text, it holds no script element, no ``on*`` attribute and no link with a
scheme other than http, https and mailto.  The notation and every
interchange format carry the text unchanged.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap import interchange
from argmap.model import Argument, ArgumentMap, Relation, Section, Statement
from argmap.render import RenderWarning, render_bytes, to_dot
from tests.engines import ENGINES

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
CORPUS: list[dict[str, str]] = json.loads((HOSTILE / "strings.json").read_text(encoding="utf-8"))
BIG_LABEL = " ".join(f"word{i}&<b>\\N" for i in range(8_000))  # 100 KB
assert len(BIG_LABEL.encode()) > 100_000
TEXTS = [pytest.param(item["text"], id=item["name"]) for item in CORPUS]
FILES = sorted(HOSTILE.glob("*.argmap"))


SAFE_SCHEMES = ("http", "https", "mailto")
UNSAFE_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "set", "animate"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


# -- what must hold of a drawing ------------------------------------------------


def shown(text: str) -> str:
    """*text* as a drawing can show it: characters XML cannot hold dropped, no white space."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cs")
                   and c not in "\ufffe\uffff")


def browser_view(url: str) -> str:
    """A URL as a browser reads it: tabs and newlines anywhere ignored, C0 and spaces trimmed."""
    url = re.sub(r"[\t\n\r]", "", url)
    return url.strip("".join(chr(i) for i in range(0x21)))


def assert_safe_svg(svg: bytes, texts: list[str]) -> ET.Element:
    """Well-formed, no active content, only safe links, and every one of *texts* drawn as text."""
    root = ET.fromstring(svg)  # raises on malformed XML
    drawn = "".join("".join(e.itertext()) for e in root.iter() if e.tag.split("}")[-1] == "text")
    drawn = shown(drawn)
    for element in root.iter():
        name = element.tag.split("}")[-1].lower()
        assert name not in UNSAFE_ELEMENTS, name
        for attribute, value in element.attrib.items():
            local = attribute.split("}")[-1].lower()
            assert not local.startswith("on"), (attribute, value)
            if local in ("href", "src", "action", "formaction"):
                scheme = _SCHEME.match(browser_view(value))
                assert scheme is not None and scheme.group(1).lower() in SAFE_SCHEMES, (attribute, value)
            if local == "style":  # CSS can load URLs too
                assert not re.search(r"(?i)url\(|expression\(|javascript:", value), value
    for text in texts:
        assert shown(text) in drawn, text[:80]
    return root


def assert_valid_dot(dot: str) -> None:
    """No raw control character reaches Graphviz (NUL ends a string there, XML cannot hold the others)."""
    assert not [c for c in dot if unicodedata.category(c) == "Cc" and c not in "\t\n"], repr(dot[:200])


def draw(m: ArgumentMap, engine: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)  # dropped links are reported, not raised
        return render_bytes(m, "svg", engine=engine)


def dot_of(m: ArgumentMap) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)
        return to_dot(m)


# -- the maps -----------------------------------------------------------------


def object_map(text: str, node_id: str | None = None) -> ArgumentMap:
    """*text* in every place a map built in Python may hold it (the ids too, unless *node_id* is given).

    Tags and metadata keys get *text* too: the notation cannot write every
    character there, but the JSON and Argdown readers accept them.  Ids are
    another matter: every reader refuses or renames an id the notation cannot
    write (docs/interchange.md), so a JSON round trip passes *node_id*.
    """
    tags = [text]
    key = text
    node_id = text if node_id is None else node_id
    return ArgumentMap(
        header={"title": text, "author": text, "note": text},
        statements=[
            Statement("thesis", "t", text, tags=tags),
            Statement("evidence", node_id, text, metadata={"date": text, "source": text, "quote": text,
                                                           "page": text, "url": text, key: text}),
            Statement("premise", "p", text),
            Statement("claim", "u", text),
        ],
        arguments=[Argument("a", text, premises=["p"], tags=tags, metadata={"source": text})],
        relations=[Relation("support", node_id, "t"), Relation("attack", "a", "t"),
                   Relation("undercut", "u", Relation("attack", "a", "t"))],
        sections=[Section(text, 1, ["t", node_id]), Section(text, 2, ["a", "p", "u"])],
    )


def notation_map(text: str) -> ArgumentMap:
    """*text* in every place the notation can hold it (one-line values, ids as the notation allows)."""
    one_line = " ".join(text.split())
    return ArgumentMap(
        header={"title": one_line, "note": one_line},
        statements=[
            Statement("thesis", "t", one_line),
            Statement("evidence", "e", one_line, metadata={"source": one_line, "quote": one_line, "note": one_line}),
            Statement("premise", "p", one_line),
        ],
        arguments=[Argument("a", one_line, premises=["p"])],
        relations=[Relation("support", "e", "t"), Relation("undercut", "a", Relation("support", "e", "t"))],
        sections=[Section(one_line, 1, ["t", "e", "a", "p"])],
    )


# -- the corpus, drawn ----------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text", TEXTS)
def test_corpus_is_drawn_as_text(text: str, engine: str) -> None:
    m = object_map(text)
    assert_valid_dot(dot_of(m))
    root = assert_safe_svg(draw(m, engine), [text])
    # the thesis card, the evidence card and the argument box each show it (short texts are whole on each)
    if len(shown(text)) < 200:
        drawn = shown("".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text")))
        assert drawn.count(shown(text)) >= 3


@pytest.mark.parametrize("engine", ENGINES)
def test_a_100_kb_label_is_drawn(engine: str) -> None:
    m = ArgumentMap(header={"title": "Big"}, statements=[Statement("thesis", "t", BIG_LABEL),
                                                         Statement("claim", "c", "small")],
                    relations=[Relation("support", "c", "t")])
    assert_safe_svg(draw(m, engine), [BIG_LABEL, "small"])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_hostile_files_are_drawn_as_text(path: Path, engine: str) -> None:
    m = argmap.load(path)
    assert_valid_dot(dot_of(m))
    texts = [n.text for n in m.nodes()] + [s.title for s in m.sections] + [m.title or ""]
    assert_safe_svg(draw(m, engine), texts)


# -- links ------------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "javascript&#58;alert(1)",
    "data:text/html,<script>alert(1)</script>", "data:image/svg+xml;base64,PHN2Zz4=", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//evil.example/x.js", "evil.example", "https://ok.example/\x00", "https://ok.example/ x",
    "\u202ehttps://ok.example/", "",
]
# Characters a URL may hold are kept as they are; < > " and the like (which
# Graphviz 2.43 would write raw into the SVG) are percent-encoded.
GOOD_URLS = ["https://example.org/?a=1&b=2&c='3'#x", "mailto:me@example.org?subject=hi&body=x",
             "HTTPS://EXAMPLE.ORG/"]
ENCODED_URLS = {
    "http://example.org/a\\b": "http://example.org/a%5Cb",
    "https://例え.jp/パス": "https://%E4%BE%8B%E3%81%88.jp/%E3%83%91%E3%82%B9",
    'mailto:me@example.org?subject=<hi>&body="x"': "mailto:me@example.org?subject=%3Chi%3E&body=%22x%22",
}


def _link_map(url: str) -> ArgumentMap:
    return ArgumentMap(statements=[Statement("thesis", "t", "T"),
                                   Statement("evidence", "e", "E", metadata={"url": url, "source": url})],
                       arguments=[Argument("a", "A", premises=["e"], metadata={"url": url})],
                       relations=[Relation("support", "a", "t")])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("url", BAD_URLS)
def test_unsafe_links_are_dropped(url: str, engine: str) -> None:
    root = assert_safe_svg(draw(_link_map(url), engine), ["T", "E"])
    hrefs = [v for e in root.iter() for k, v in e.attrib.items() if k.split("}")[-1] == "href"]
    assert hrefs == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("url", GOOD_URLS)
def test_safe_links_are_kept_exactly(url: str, engine: str) -> None:
    root = assert_safe_svg(draw(_link_map(url), engine), ["T", "E"])
    hrefs = {v for e in root.iter() for k, v in e.attrib.items() if k.split("}")[-1] == "href"}
    assert hrefs == {url}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("url", list(ENCODED_URLS))
def test_links_with_characters_xml_cannot_hold_are_percent_encoded(url: str, engine: str) -> None:
    root = assert_safe_svg(draw(_link_map(url), engine), ["T", "E"])
    hrefs = {v for e in root.iter() for k, v in e.attrib.items() if k.split("}")[-1] == "href"}
    assert hrefs == {ENCODED_URLS[url]}


def test_a_dropped_link_is_reported() -> None:
    with pytest.warns(RenderWarning, match="only http, https and mailto"):
        to_dot(_link_map("javascript:alert(1)"))


# -- the text survives every format -----------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown"])
@pytest.mark.parametrize("text", TEXTS)
def test_interchange_carries_hostile_text(text: str, fmt: str) -> None:
    # JSON keeps any tag; AIF and Argdown keep those the notation allows; no reader keeps an id
    # the notation cannot write (docs/interchange.md)
    m = object_map(text, node_id="e") if fmt == "json" else notation_map(text)
    written = interchange.dumps(m, fmt, warnings=[])
    written.encode("utf-8")
    assert interchange.loads(written, fmt) == m


@pytest.mark.parametrize("text", TEXTS)
def test_notation_carries_hostile_text(text: str) -> None:
    m = notation_map(text)
    written = argmap.dumps(m)
    assert argmap.parse(written) == m
    assert argmap.dumps(argmap.parse(written)) == written


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_hostile_files_format_and_convert_unchanged(path: Path) -> None:
    m = argmap.load(path)
    assert argmap.parse(argmap.dumps(m)) == m
    for fmt in ("json", "aif", "argdown"):
        assert interchange.loads(interchange.dumps(m, fmt, warnings=[]), fmt) == m, fmt


# -- docs/security.md -------------------------------------------------------------

SECURITY = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
DOC_BLOCKS = re.findall(r"```python\n(.*?)```", SECURITY, re.S)


@pytest.mark.parametrize("code", DOC_BLOCKS, ids=[f"block-{i}" for i in range(len(DOC_BLOCKS))])
def test_security_doc_examples_run(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/security.md", "exec"), {})


def test_security_doc_names_what_exists() -> None:
    assert len(DOC_BLOCKS) >= 2
    for path in re.findall(r"`((?:tests|docs)/[\w/.\-]+)`", SECURITY):
        assert (ROOT / path).exists(), path
    assert (ROOT / "tests" / "benchmarks" / "bench_limits.py").exists()
    from argmap.interchange._common import MAX_UNDERCUT_DEPTH

    assert f"more than {MAX_UNDERCUT_DEPTH} undercuts" in SECURITY
