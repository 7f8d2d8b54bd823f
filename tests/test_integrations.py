"""argmap inside documents: the Sphinx directive (reStructuredText and MyST),
the Python-Markdown fence, the IPython cell magic, and argmap's own docs site.

Each test drives the real tool (sphinx-build in a subprocess, Python-Markdown
with SuperFences, an IPython shell) and looks at what a reader would get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEA = ROOT / "examples" / "tea.argmap"

sphinx = pytest.importorskip("sphinx", reason="the sphinx extra is not installed (pip install -e '.[test]')")
markdown = pytest.importorskip("markdown", reason="the markdown extra is not installed (pip install -e '.[test]')")
pytest.importorskip("pymdownx", reason="the markdown extra is not installed (pip install -e '.[test]')")
pytest.importorskip("myst_parser", reason="the sphinx extra is not installed (pip install -e '.[test]')")
IPython = pytest.importorskip("IPython", reason="the jupyter extra is not installed (pip install -e '.[test]')")


# -- Sphinx ---------------------------------------------------------------

INDEX = """\
Sample
======

.. toctree::

   page

.. argmap:: maps/tea.argmap
   :rankdir: lr
   :caption: Is tea *good*?
   :name: tea-map
   :class: wide

.. argmap::
   :alt: A small map about coffee
   :align: center
   :theme: mono

   thesis c: Coffee is good.
     + claim: It keeps you awake.
"""

PAGE = """\
# A MyST page

Some text.

```{argmap}
:focus: c

thesis c: Cocoa is good.
  - claim: It is sweet.
```
"""

BROKEN = """\
Broken
======

Some text.

.. argmap::

   thesis t: Tea is good.
     + claim: It tastes nice.
     + clam x: typo here
     - clem y: another typo
"""


def _project(root: Path, index: str = INDEX, extra: dict[str, str] | None = None) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "maps" / "tea.argmap").write_text(TEA.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "argmap.sphinxext"]\n'
        'source_suffix = {".rst": "restructuredtext", ".md": "markdown"}\n',
        encoding="utf-8",
    )
    (root / "index.rst").write_text(index, encoding="utf-8")
    (root / "page.md").write_text(PAGE, encoding="utf-8")
    for name, text in (extra or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _build(src: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *options, str(src), str(out)],
        capture_output=True, text=True, timeout=300,
    )


def _svgs(html: str) -> list[ET.Element]:
    """Each inline SVG of an HTML page, parsed as XML (so each must be well-formed)."""
    found = []
    start = html.find("<svg")
    while start >= 0:
        end = html.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(html[start:end]))
        start = html.find("<svg", end)
    return found


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.slow
def test_sphinx_draws_inline_file_and_myst_maps(tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    result = _build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    drawings = _svgs(index)
    assert len(drawings) == 2
    assert "Tea is good for you." in _text(drawings[0])       # the map from the file
    assert "Coffee is good." in _text(drawings[1])            # the inline map
    assert '<figure class="align-default" id="tea-map">' in index  # :name: on the figure
    assert "<em>good</em>" in index                          # the caption is inline markup
    assert 'class="argmap wide"' in index                    # :class:
    assert 'class="argmap align-center" role="img" aria-label="A small map about coffee"' in index
    page = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    [cocoa] = _svgs(page)
    assert "Cocoa is good." in _text(cocoa)


@pytest.mark.slow
def test_sphinx_drawing_options_reach_the_drawing(tmp_path: Path) -> None:
    import argmap
    from argmap.render import render_svg

    src = _project(tmp_path / "src")
    assert _build(src, tmp_path / "out").returncode == 0
    drawn = _svgs((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))[0]
    for rankdir in ("LR", "TB"):
        expected = ET.fromstring(render_svg(argmap.load(TEA), argmap.RenderOptions(rankdir=rankdir)))
        same = (drawn.get("width"), drawn.get("height")) == (expected.get("width"), expected.get("height"))
        assert same == (rankdir == "LR")


@pytest.mark.slow
def test_sphinx_warns_at_the_line_of_the_mistake_and_W_fails(tmp_path: Path) -> None:
    src = _project(tmp_path / "src", extra={"broken.rst": BROKEN,
                                            "maps/bad.argmap": "thesis t: x\n  + claim a: y\n  - @nowhere\n"})
    (src / "index.rst").write_text(INDEX.replace("   page\n", "   page\n   broken\n")
                                   + "\n.. argmap:: maps/bad.argmap\n", encoding="utf-8")
    lenient = _build(src, tmp_path / "out")
    assert lenient.returncode == 0
    # Line 10 of broken.rst is the line with 'clam'; line 3 of bad.argmap is the unknown reference.
    assert f"{src / 'broken.rst'}:10: WARNING: argmap: unknown kind 'clam'" in lenient.stderr
    assert f"{src / 'broken.rst'}:11: WARNING: argmap: unknown kind 'clem'" in lenient.stderr  # every mistake
    assert f"{src / 'maps' / 'bad.argmap'}:3: WARNING: argmap: " in lenient.stderr
    assert "nowhere" in lenient.stderr
    assert "Traceback" not in lenient.stderr
    assert "<svg" not in (tmp_path / "out" / "broken.html").read_text(encoding="utf-8")
    strict = _build(src, tmp_path / "strict", "-W")
    assert strict.returncode != 0


@pytest.mark.slow
def test_sphinx_bad_directive_use_is_a_warning(tmp_path: Path) -> None:
    index = "Sample\n======\n\n.. argmap:: maps/missing.argmap\n\n.. argmap::\n\n.. argmap:: maps/tea.argmap\n   :rankdir: up\n"
    src = _project(tmp_path / "src", index=index)
    result = _build(src, tmp_path / "out")
    assert "cannot read the map 'maps/missing.argmap'" in result.stderr
    assert "the directive needs a map" in result.stderr
    assert "'up' unknown; choose from TB, BT, LR, RL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_sphinx_parallel_build_gives_the_same_pages(tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    serial = _build(src, tmp_path / "serial", "-W")
    parallel = _build(src, tmp_path / "parallel", "-W", "-j", "2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    for page in ("index.html", "page.html"):
        a = _svgs((tmp_path / "serial" / page).read_text(encoding="utf-8"))
        b = _svgs((tmp_path / "parallel" / page).read_text(encoding="utf-8"))
        assert [_text(x) for x in a] == [_text(x) for x in b] and a


# -- Python-Markdown --------------------------------------------------------

def _markdown(text: str) -> str:
    from argmap.markdown import FENCE

    return markdown.markdown(text, extensions=["pymdownx.superfences"],
                             extension_configs={"pymdownx.superfences": {"custom_fences": [FENCE]}})


def test_markdown_fence_draws_the_map() -> None:
    html = _markdown('# Notes\n\n```argmap rankdir="LR" theme="mono"\nthesis t: Tea is good.\n  + claim: Nice.\n```\n')
    assert html.startswith("<h1>Notes</h1>")
    [svg] = _svgs(html)
    assert "Tea is good." in _text(svg) and "Nice." in _text(svg)
    assert '<div class="argmap" role="img" aria-label="argument map"><style>' in html


def test_markdown_fence_can_give_the_interactive_map() -> None:
    html = _markdown('```argmap output="html"\nthesis t: Tea is good.\n  + claim c: Nice.\n```\n')
    assert 'data-argmap="' in html and 'data-id="c"' in html and 'class="argmap-search"' in html


def test_markdown_fence_with_a_mistake_is_an_error_block() -> None:
    html = _markdown("```argmap\nthesis t: Tea.\n  + clam x: y\n  - clem z: w\n```\n\nAfter.\n")
    assert "fence:3:5: error: unknown kind &#x27;clem&#x27;" in html  # every mistake of the fence
    assert '<div class="argmap-error" role="alert">' in html
    assert "fence:2:5: error: unknown kind &#x27;clam&#x27;" in html
    assert "        ^" in html                       # the caret under the column
    assert "<p>After.</p>" in html                   # the rest of the page is still there
    assert "<svg" not in html


@pytest.mark.parametrize("header, message", [
    ('colour="red"', "unknown fence option &#x27;colour&#x27;"),
    ('rankdir="up"', "bad rankdir &#x27;up&#x27;"),
    ('depth="two"', "bad depth &#x27;two&#x27;"),
])
def test_markdown_fence_bad_option_is_an_error_block(header: str, message: str) -> None:
    html = _markdown(f"```argmap {header}\nthesis t: Tea.\n```\n")
    assert message in html and "<svg" not in html


def test_markdown_fence_escapes_hostile_text() -> None:
    html = _markdown('```argmap alt="x&quot; onload=&quot;alert(1)"\nthesis t: </div><script>alert(1)</script>\n```\n')
    assert "<script>" not in html
    assert "onload=\"alert" not in html
    [svg] = _svgs(html)
    assert "<script>alert(1)</script>" in _text(svg)   # shown as text, not run


# -- IPython ----------------------------------------------------------------

@pytest.fixture(scope="module")
def shell():  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_cell("%load_ext argmap")
    return ip


def _cell(shell, code: str):  # type: ignore[no-untyped-def]
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = shell.run_cell(code)
    assert result.success
    return captured


def test_cell_magic_displays_an_svg(shell) -> None:  # type: ignore[no-untyped-def]
    captured = _cell(shell, "%%argmap --rankdir LR --color-by strength --as tea\n"
                            "thesis t: Tea is good.\n  + claim: It is full of antioxidants.\n")
    [output] = captured.outputs
    svg = ET.fromstring(output.data["image/svg+xml"])
    assert "It is full of antioxidants." in _text(svg)
    assert "0." in _text(svg)                         # --color-by strength shows the values
    assert shell.user_ns["tea"].statements["t"].text == "Tea is good."


def test_cell_magic_html_displays_the_interactive_map(shell) -> None:  # type: ignore[no-untyped-def]
    [output] = _cell(shell, "%%argmap --html\nthesis t: Tea is good.\n  + claim c: Nice.\n").outputs
    page = output.data["text/html"]
    assert 'data-id="c"' in page and "argmap-details-" in page


@pytest.mark.parametrize("code, message", [
    ("%%argmap\nthesis t: Tea.\n  + clam x: y\n", "<cell>:2:5: error: unknown kind 'clam'"),
    ("%%argmap --rankdir XX\nthesis t: Tea.\n", "%%argmap: argument --rankdir: invalid choice: 'XX'"),
    ("%%argmap --depth 2\nthesis t: Tea.\n", "%%argmap: --depth needs --focus ID"),
    ("%%argmap\nthesis t: Tea.\n  - @nowhere\n", "unknown-reference"),
    ("%%argmap --as 1x\nthesis t: Tea.\n", "--as needs a Python name"),
])
def test_cell_magic_mistakes_are_short_messages(shell, code: str, message: str) -> None:  # type: ignore[no-untyped-def]
    captured = _cell(shell, code)
    assert captured.outputs == []
    assert message in captured.stderr
    assert "Traceback" not in captured.stderr + captured.stdout


# -- argmap's own docs ------------------------------------------------------

def test_every_docs_page_is_in_the_site_index() -> None:
    import re

    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    [toctree] = re.findall(r"```\{toctree\}\n(.*?)```", index, flags=re.S)
    listed = {line.strip() for line in toctree.splitlines() if line.strip() and not line.startswith(":")}
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    assert pages - listed == set(), "add these pages to the toctree of docs/index.md"
    assert listed - pages == set()


@pytest.mark.slow
def test_the_docs_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    result = _build(ROOT / "docs", tmp_path / "site", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Tea is good for you." in " ".join(_text(svg) for svg in _svgs(index))
    for page in ("notation", "cli", "rendering", "documents"):
        assert (tmp_path / "site" / f"{page}.html").is_file()
    # The gallery is drawn by the directive, each view with its options: the same size as the library draws it.
    import importlib.util

    import argmap
    from argmap.render import render_svg

    spec = importlib.util.spec_from_file_location("_gallery", ROOT / "docs" / "gallery.py")
    assert spec is not None and spec.loader is not None
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    drawn = _svgs((tmp_path / "site" / "gallery.html").read_text(encoding="utf-8"))
    assert len(drawn) == len(gallery.GALLERY)
    for svg, (example, options, _) in zip(drawn, gallery.GALLERY.values(), strict=True):
        expected = ET.fromstring(render_svg(argmap.load(ROOT / "examples" / example), options))
        assert (svg.get("width"), svg.get("height")) == (expected.get("width"), expected.get("height")), example


# -- docs/documents.md: its examples are what the tests run ------------------

DOC = (ROOT / "docs" / "documents.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    """The fenced blocks of the page in *language* (fences of three or more backticks)."""
    import re

    fences = re.finditer(r"^(`{3,})(\w*)\n(.*?)^\1$", DOC, flags=re.S | re.M)
    return [m.group(3) for m in fences if m.group(2) == language]


@pytest.mark.slow  # a whole Sphinx build; CI runs it
def test_documents_page_examples_build_in_sphinx(tmp_path: Path) -> None:
    [rst] = _blocks("rst")
    [myst] = _blocks("md")
    [conf] = [b for b in _blocks("python") if b.startswith("extensions")]
    warning = _blocks("text")[0]
    src = _project(tmp_path / "src", index="Doc\n===\n\n.. toctree::\n\n   page\n\n" + rst,
                   extra={"page.md": "# Page\n\n" + myst, "maps/bad.argmap": "thesis t: x\n  + claim a: y\n  - @nowhere\n"})
    (src / "conf.py").write_text(conf + 'source_suffix = {".rst": "restructuredtext", ".md": "markdown"}\n',
                                 encoding="utf-8")
    result = _build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    texts = [_text(svg) for svg in _svgs(index)]
    assert "Tea is good for you." in texts[0] and "It spoils your sleep." in texts[1]
    # :output: html is the interactive map, its ids named from the document and line.
    assert 'data-argmap="' in index and 'id="argmap-search-' in index and 'data-id="tea"' in index
    assert "Cocoa is good for you." in _text(_svgs((tmp_path / "out" / "page.html").read_text(encoding="utf-8"))[0])
    # The documented warning is the one Sphinx prints for maps/bad.argmap.
    (src / "index.rst").write_text("Doc\n===\n\n.. argmap:: maps/bad.argmap\n", encoding="utf-8")
    broken = _build(src, tmp_path / "broken")
    shown = warning.strip().replace("/path/to/docs", str(src))
    assert shown in broken.stderr


def test_documents_page_markdown_example_runs() -> None:
    [code] = [b for b in _blocks("python") if b.startswith("import markdown")]
    exec(compile(code, "docs/documents.md", "exec"), {})  # noqa: S102


def test_documents_page_magic_example_runs(shell) -> None:  # type: ignore[no-untyped-def]
    load, cell = [b for b in _blocks("python") if b.startswith("%")]
    _cell(shell, load)
    [output] = _cell(shell, cell).outputs
    assert "It contains caffeine." in _text(ET.fromstring(output.data["image/svg+xml"]))
    assert shell.user_ns["tea"].statements["anti"].text == "It is full of antioxidants."


def test_import_argmap_imports_no_integration() -> None:
    code = ("import sys, argmap; m = argmap.parse('thesis t: Tea.\\n'); argmap.check(m); argmap.to_dot(m); "
            "print(sorted({n.split('.')[0] for n in sys.modules} & {'sphinx', 'docutils', 'markdown', 'pymdownx', 'IPython', 'myst_parser'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def pf_text(element) -> str:  # type: ignore[no-untyped-def]
    import panflute

    return panflute.stringify(element)


# -- Pandoc -----------------------------------------------------------------



def _walk(text: str, format: str, classes: list[str] | None = None, **attributes: str):  # type: ignore[no-untyped-def]
    pf = pytest.importorskip("panflute", reason="the pandoc extra is not installed (pip install -e '.[test]')")
    from argmap.pandoc import draw

    block = pf.CodeBlock(text, classes=classes or ["argmap"], attributes=attributes)
    doc = pf.Doc(block, pf.Para(pf.Str("after")), format=format)
    return doc.walk(draw)


def test_pandoc_filter_draws_svg_for_html() -> None:
    doc = _walk("thesis t: Tea is good.\n  + claim: Nice.\n", "html5", rankdir="LR", alt="Tea map")
    raw = doc.content[0]
    assert raw.format == "html" and 'aria-label="Tea map"' in raw.text
    [svg] = _svgs(raw.text)
    assert "Nice." in _text(svg)


def test_pandoc_filter_writes_a_png_for_other_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = _walk("thesis t: Tea is good.\n", "docx")
    [image] = doc.content[0].content
    assert (tmp_path / image.url).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert image.url.startswith("argmap-images/")


@pytest.mark.parametrize("text, attributes, message", [
    ("thesis t: Tea.\n  + clam x: y\n", {}, "argmap block:2:5: error: unknown kind 'clam'"),
    ("thesis t: Tea.\n", {"colour": "red"}, "unknown attribute 'colour'"),
    ("thesis t: Tea.\n", {"depth": "two"}, "bad depth 'two'"),
])
def test_pandoc_filter_keeps_a_broken_block_with_the_message(
        text: str, attributes: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _walk(text, "html5", **attributes)
    note, error, block, after = doc.content
    assert "this map has a mistake" in pf_text(note)
    assert message in error.text and message in capsys.readouterr().err
    assert block.text == text
    assert after.content[0].text == "after"


def test_pandoc_filter_leaves_other_code_alone() -> None:
    doc = _walk("print('hi')\n", "html5", classes=["python"])
    assert doc.content[0].text == "print('hi')\n"


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed (Debian package 'pandoc'); "
                    "the filter's function is tested above through panflute without it")
def test_pandoc_runs_the_filter(tmp_path: Path) -> None:
    [page] = _blocks("markdown")
    (tmp_path / "notes.md").write_text(page, encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(["pandoc", "notes.md", "--filter", "argmap-pandoc", "-s", "-o", "notes.html"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "notes.html").read_text(encoding="utf-8")
    [svg] = _svgs(page)
    assert "It is full of antioxidants." in _text(svg)
    assert _blocks("text")[1].strip() in result.stderr
    assert "this map has a mistake" in page and "<p>Between.</p>" in page
