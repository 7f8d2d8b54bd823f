"""The interactive HTML map, without a browser: hooks, CSP, escaping, hostile text.

What a browser does with the page is tested in tests/test_browser.py; these
tests read the page as a parser does and hold it to what it must contain
and must never contain.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import json
import re
import warnings
from pathlib import Path

import pytest

import argmap
from argmap.interactive import repr_html, to_html
from argmap.model import ArgumentMap, Statement
from argmap.render import RenderWarning
from tests.test_hostile import CORPUS, FILES, notation_map, object_map

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "china-north-korea.argmap"
SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


class Page(html.parser.HTMLParser):
    """Every element with its attributes, and the text of every script and style element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buffer: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._in, self._buffer = (tag, attributes), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in is not None and tag == self._in[0]:
            text = "".join(self._buffer)
            if tag == "script":
                self.scripts.append((self._in[1], text))
            else:
                self.styles.append(text)
            self._in = None

    def by_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]


def page_of(m: ArgumentMap, **options: object) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)
        return to_html(m, engine="embedded", **options)  # type: ignore[arg-type]


def data_of(page: Page) -> dict[str, object]:
    (text,) = [t for a, t in page.scripts if "argmap-data" in (a.get("class") or "")]
    data: dict[str, object] = json.loads(text)
    return data


def assert_safe_page(text: str) -> Page:
    """One script that is argmap's own, JSON blocks that cannot end early, no handler, only safe links."""
    page = Page(text)
    code = [t for a, t in page.scripts if a.get("type") is None]
    assert code == [(ROOT / "argmap" / "assets" / "interactive.js").read_text(encoding="utf-8")]
    for attributes, body in page.scripts:
        assert attributes.get("type") in (None, "application/json"), attributes
        if attributes.get("type") == "application/json":
            assert "<" not in body and ">" not in body and "&" not in body
            json.loads(body)
    for tag, attributes in page.elements:
        assert tag not in ("iframe", "object", "embed", "foreignobject", "base", "link", "img", "form"), tag
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, name, value)
            if name in URL_ATTRIBUTES:
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value or "")
                assert scheme is not None and scheme.group(1).lower() in SAFE_SCHEMES, (tag, name, value)
    # the raw text too: no script element but argmap's, nothing that closes a script early
    assert len(re.findall(r"(?i)<script", text)) == len(page.scripts)
    assert len(re.findall(r"(?i)</script", text)) == len(page.scripts)
    return page


# -- structure and hooks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_page() -> str:
    return page_of(argmap.load(SEED))


def test_every_drawn_node_carries_its_id(seed_page: str) -> None:
    m = argmap.load(SEED)
    page = Page(seed_page)
    ids = [a["data-id"] for _, a in page.elements if "data-id" in a]
    assert sorted(ids) == sorted(n.id for n in m.nodes())
    assert all(a.get("class", "").startswith("node ") for _, a in page.elements if "data-id" in a)


def test_stable_hooks_are_there(seed_page: str) -> None:
    page = Page(seed_page)
    ids = [a.get("id") for _, a in page.elements if a.get("id")]
    assert "argmap-details" in ids and "argmap-search" in ids
    assert len(ids) == len(set(ids))  # the SVG's own ids are gone
    assert page.by_class("argmap-viewport") and page.by_class("argmap-legend")


def test_csp_allows_no_remote_source_and_pins_the_inline_code(seed_page: str) -> None:
    page = Page(seed_page)
    (csp,) = [a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert "http" not in csp and "*" not in csp and "unsafe" not in csp

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (script,) = [t for a, t in page.scripts if a.get("type") is None]
    assert directives["script-src"] == digest(script)
    assert directives["style-src"] == digest(page.styles[0])
    # nothing that would fetch: no link, no @import, no url() in the styles, no font
    assert not re.search(r"(?i)@import|url\(|@font-face", page.styles[0])
    assert not re.search(r"(?i)\b(src|href)=\"(https?:)?//", seed_page)


def test_the_static_map_is_in_the_page(seed_page: str) -> None:
    # With JavaScript off the SVG is what shows: it is inline, not built by the script.
    page = Page(seed_page)
    assert [t for t, _ in page.elements].count("svg") >= 2  # the map, and legend line samples
    assert "The China-North Korea relationship" in seed_page
    assert page.by_class("argmap-canvas")


def test_data_carries_what_the_details_panel_shows(seed_page: str) -> None:
    m = argmap.load(SEED)
    data = data_of(Page(seed_page))
    nodes = {n["id"]: n for n in data["nodes"]}  # type: ignore[attr-defined]
    visit = m.statements["visit"]
    assert nodes["visit"]["t"] == visit.text
    assert ["quote", visit.quote] in nodes["visit"]["m"]
    assert nodes["visit"]["l"] == visit.span.line  # type: ignore[union-attr]
    assert data["source"] == str(SEED)
    assert nodes["special"]["st"] in ("in", "out", "undec")
    assert 0 <= nodes["special"]["sg"] <= 1
    assert set(data["sem"]) == {"st", "sg"}  # type: ignore[arg-type]


def test_seed_page_is_small(seed_page: str) -> None:
    assert len(seed_page.encode()) < 400_000


def test_options_choose_what_shows_first() -> None:
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    page = Page(page_of(m, color_by="strength", theme="mono"))
    (root,) = [a for _, a in page.elements if "data-argmap" in a]
    assert set((root["class"] or "").split()) >= {"argmap", "t-mono", "c-strength", "legend-open"}
    assert page_of(m, focus="caffeine", depth=1).count("data-id=") < page_of(m).count("data-id=")


def test_a_fragment_is_scoped_to_its_instance() -> None:
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    a, b = repr_html(m), repr_html(m)
    ids_a = set(re.findall(r'(?<![\w-])id="([^"]+)"', a))
    ids_b = set(re.findall(r'(?<![\w-])id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    assert "<html" not in a and "Content-Security-Policy" not in a
    scope = re.search(r'data-argmap="([^"]+)"', a).group(1)  # type: ignore[union-attr]
    rules = Page(a).styles[0]
    generated = [r for r in rules.splitlines() if "data-argmap" in r]
    assert generated and all(f'.argmap[data-argmap="{scope}"]' in r for r in generated)
    selectors = [sel for line in rules.splitlines() if "{" in line and not line.startswith("/*")
                 for sel in re.sub(r"\([^)]*\)", "", re.sub(r"^@media[^{]*\{", "", line)).split("{", 1)[0].split(",")]
    assert selectors and all(sel.strip().startswith(".argmap") for sel in selectors), selectors
    assert m._repr_html_().startswith('<div class="argmap')


def test_a_map_that_cannot_be_drawn_says_so_in_the_notebook() -> None:
    m = ArgumentMap(header={"tag-color": "bad"}, statements=[Statement("thesis", "t", "T")])
    out = repr_html(m)
    assert out.startswith('<p class="argmap-error">') and "tag-color" in out


def test_the_timeline_view_is_left_out_of_a_huge_map_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.interactive.TIMELINE_LIMIT", 1)
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    with pytest.warns(RenderWarning, match="timeline view left out"):
        page = to_html(m, engine="embedded")
    parsed = Page(page)
    assert not parsed.by_class("argmap-timeline")
    assert not [a for _, a in parsed.elements if a.get("data-act") == "timeline"]
    assert [a for _, a in parsed.elements if a.get("data-act") == "theme"]


# -- escaping ----------------------------------------------------------------------------


def test_script_closing_text_stays_inside_the_json() -> None:
    evil = '</script><script>alert(1)</script><!--<script>'
    m = ArgumentMap(header={"title": evil}, statements=[
        Statement("thesis", "t", evil, tags=["x"], metadata={"quote": evil, "url": "javascript:alert(1)"})])
    text = page_of(m)
    page = assert_safe_page(text)
    node = data_of(page)["nodes"][0]  # type: ignore[index]
    assert node["t"] == evil and ["quote", evil] in node["m"] and "u" not in node
    assert f"<title>{'&lt;/script&gt;'}" in text


def test_only_http_https_and_mailto_urls_become_links() -> None:
    urls = {"a": "https://example.org/?a=1&b=2", "b": "mailto:me@example.org", "c": "javascript:alert(1)",
            "d": "data:text/html,<script>", "e": " JaVaScRiPt:alert(1)", "f": "vbscript:x"}
    m = ArgumentMap(statements=[Statement("claim", k, k, metadata={"url": u}) for k, u in urls.items()])
    nodes = {n["id"]: n for n in data_of(assert_safe_page(page_of(m)))["nodes"]}  # type: ignore[attr-defined]
    assert nodes["a"]["u"] == urls["a"] and nodes["b"]["u"] == urls["b"]
    assert not any("u" in nodes[k] for k in "cdef")
    script = (ROOT / "argmap" / "assets" / "interactive.js").read_text(encoding="utf-8")
    assert "innerHTML = JSON.parse(this.timelineEl.textContent)" in script and script.count("innerHTML") == 1  # argmap's own SVG
    assert "SAFE_URL.test(node.u)" in script


@pytest.mark.parametrize("item", CORPUS, ids=[c["name"] for c in CORPUS])
def test_hostile_corpus_through_the_html_export(item: dict[str, str]) -> None:
    for m in (object_map(item["text"]), notation_map(item["text"])):
        page = assert_safe_page(page_of(m))
        data = data_of(page)
        texts = [n["t"] for n in data["nodes"]]  # type: ignore[attr-defined]
        wanted = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]", "",
                        m.statements["t"].text.replace("\r\n", "\n").replace("\r", "\n"))
        assert wanted in texts


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_hostile_files_through_the_html_export(path: Path) -> None:
    m = argmap.load(path)
    data = data_of(assert_safe_page(page_of(m)))
    assert len(data["nodes"]) == len(list(m.nodes()))  # type: ignore[arg-type]


def test_cli_writes_html_from_suffix_and_format(tmp_path: Path) -> None:
    from argmap.cli import main

    out = tmp_path / "map.html"
    assert main(["render", str(ROOT / "examples" / "tea.argmap"), "-o", str(out), "-q", "--engine", "embedded"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    other = tmp_path / "map.page"
    assert main(["render", str(ROOT / "examples" / "tea.argmap"), "-f", "html", "-o", str(other), "-q",
                 "--engine", "embedded"]) == 0
    assert 'id="argmap-search"' in other.read_text(encoding="utf-8")


def test_ipython_shows_the_interactive_map_beside_the_svg() -> None:
    formatters = pytest.importorskip("IPython.core.formatters", reason="IPython (the jupyter extra) is not installed")
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    data, _ = formatters.DisplayFormatter().format(m)
    # JupyterLab and the classic notebook rank text/html above image/svg+xml: the interactive map shows.
    assert {"text/html", "image/svg+xml", "text/plain"} <= set(data)
    page = Page(data["text/html"])
    assert [a for _, a in page.elements if a.get("data-id") == "caffeine"]
    assert [t for a, t in page.scripts if a.get("type") is None]


def test_a_notebook_display_lays_the_map_out_once_for_svg_and_html(monkeypatch: pytest.MonkeyPatch) -> None:
    formatters = pytest.importorskip("IPython.core.formatters", reason="IPython (the jupyter extra) is not installed")
    import argmap.render

    m = argmap.load(ROOT / "examples" / "tea.argmap")
    calls: list[str] = []
    real = argmap.render.layout

    def counted(*args: object, **kwargs: object) -> bytes:
        calls.append("layout")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(argmap.render, "layout", counted)
    repr_html(m)
    alone = len(calls)  # the page's own layouts: the map, and its timeline view (tea has dates)
    calls.clear()
    data, _ = formatters.DisplayFormatter().format(m)
    assert len(calls) == alone == 2  # the SVG's layout serves the page too
    assert data["image/svg+xml"] == argmap.render.render_svg(m)
    assert 'data-id="caffeine"' in data["text/html"]
    from argmap.interactive import repr_mimebundle

    assert set(repr_mimebundle(m, include=["text/plain"])) == {"text/plain"}
    assert "text/html" not in repr_mimebundle(m, exclude=["text/html"])
    assert set(repr_mimebundle(m, include=["text/html"])) == {"text/html"}


def test_a_canvas_page_keeps_the_static_svg_in_noscript_and_draws_from_data() -> None:
    from argmap.drawing.palettes import KIND_STYLES

    m = argmap.load(SEED)
    text = page_of(m, canvas=True)
    page = assert_safe_page(text)
    # the full static map, texts and all, is inside <noscript> (raw text to a parser running scripts)
    noscript = text[text.index("<noscript>"):text.index("</noscript>")]
    assert "<svg" in noscript and "China-North" in noscript and "summit" in noscript
    assert sorted(re.findall(r'<g [^>]*data-id="([^"]+)"', noscript)) == sorted(n.id for n in m.nodes())
    assert text.count("<svg") == noscript.count("<svg") + text.count('class="argmap-ln"')  # no SVG map outside it
    data = data_of(page)
    cv, nodes = data["cv"], data["nodes"]
    assert isinstance(cv, dict) and isinstance(nodes, list)
    i = [n["id"] for n in nodes].index("summit")
    box, shapes, lines = cv["n"][i]
    outline = shapes[0]
    assert outline[5] == "o" and len(outline[0]) == 5  # a rounded card, as five numbers
    assert box == [outline[0][0], outline[0][1], outline[0][2], outline[0][3]]
    assert lines[0][2] == "CLAIM" and " ".join(line[2] for line in lines[1:]).startswith(
        m.statements["summit"].text.split()[0])
    assert {e[2] for e in cv["e"]} >= {"support", "attack"} and any(c[1] == "argument-box" for c in cv["c"])
    assert data["pal"]["color"]["k"]["claim"] == [KIND_STYLES["color"][argmap.Kind.CLAIM].stroke,  # type: ignore
                                                  KIND_STYLES["color"][argmap.Kind.CLAIM].fill,
                                                  KIND_STYLES["color"][argmap.Kind.CLAIM].width]
    assert len(data["nc"]) == len(nodes) and data["tcv"]  # type: ignore[arg-type]
    assert not page.by_class("argmap-timeline")  # the timeline is data too, not SVG markup


def test_the_canvas_threshold_and_option_choose_the_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    m = argmap.parse("thesis t: Tea is good.\n  + claim c: It is warm.\n")
    assert "<noscript><svg" not in page_of(m) and "cv" not in data_of(Page(page_of(m)))
    monkeypatch.setattr("argmap.interactive.CANVAS_FROM", 2)
    assert "<noscript><svg" in page_of(m) and "cv" in data_of(Page(page_of(m)))
    assert "<noscript><svg" not in page_of(m, canvas=False)


def test_rounded_cards_are_recognised_only_when_exact() -> None:
    from argmap.interactive import _rounded, _rounded_points

    points = _rounded_points(10, 20, 110, 80, 12)
    d = f"M{points[0]:g},{points[1]:g}C" + " ".join(
        f"{x:g},{y:g}" for x, y in zip(points[2::2], points[3::2], strict=True))
    assert _rounded(d) == [10, 20, 110, 80, 12]
    assert _rounded(d.replace("110,", "111,", 1)) is None  # a point off the curve: kept as a path
    assert _rounded("M0,0L10,10") is None


def test_hostile_corpus_through_a_canvas_page() -> None:
    for m in [build(item["text"]) for item in CORPUS for build in (object_map, notation_map)]:
        page = assert_safe_page(page_of(m, canvas=True))
        data = data_of(page)
        wanted = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]", "",
                        m.statements["t"].text.replace("\r\n", "\n").replace("\r", "\n"))
        assert wanted in [n["t"] for n in data["nodes"]]  # type: ignore[attr-defined]
        assert data["cv"]


def test_library_render_writes_the_interactive_map_for_html(tmp_path: Path) -> None:
    import argmap

    m = argmap.parse("thesis t: Tea is good.\n  + claim c: It is warm.\n")
    for suffix in (".html", ".htm"):
        path = argmap.render(m, tmp_path / f"map{suffix}", engine="embedded")
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and 'data-id="c"' in page and 'id="argmap-search"' in page
