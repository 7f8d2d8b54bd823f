"""DOT text and drawings: determinism, styles, structure, hostile text, engines, files.

SVG is tested by properties (well-formed XML, every word drawn), never by
bytes.  Each engine-dependent check runs through the embedded engine always,
and through the system ``dot`` where it is installed.
"""

from __future__ import annotations

import importlib
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.engines import layout, resolve_engine
from argmap.errors import ArgmapRenderError
from argmap.model import Argument, ArgumentMap, Relation, Section, Statement
from argmap.render import render, render_bytes, render_svg, to_dot
from tests.engines import ENGINES, NO_DOT
from tests.profile import examples

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
# argmap re-exports the function render(), which hides the module of that name.
RENDER_MODULE = importlib.import_module("argmap.render")


HOSTILE = [
    "<script>alert(1)</script>",
    "Fish & chips &amp; &lt;b&gt; &#65;",
    'She said "no" and \'yes\'',
    r"left \l right \r name \N graph \G back\\slash end\\",
    "line one\nline two\r\nline three",
    "<b>bold?</b>",
    "]; n0 -> n1 [label=x",
    "}\ndigraph evil {",
    "C:\\Users\\",
]


def tea() -> ArgumentMap:
    return ArgumentMap(
        header={"title": "Tea"},
        statements=[
            Statement("thesis", "tea", "Tea is good for you."),
            Statement("claim", "antiox", "It is full of antioxidants."),
            Statement(
                "evidence",
                "study",
                "A 2019 review found antioxidant effects.",
                metadata={"date": "2019", "source": "Journal of Examples", "quote": "clear effects"},
            ),
            Statement("claim", "caffeine", "It contains caffeine."),
            Statement("claim", "little", "The dose in a cup is small."),
            Statement("premise", "warm", "Drinking something warm calms people."),
            Statement("premise", "calm", "Calm people decide better."),
        ],
        arguments=[Argument("habit", "A daily habit that helps", premises=["warm", "calm"])],
        relations=[
            Relation("support", "antiox", "tea"),
            Relation("support", "study", "antiox"),
            Relation("attack", "caffeine", "tea"),
            Relation("undercut", "little", Relation("attack", "caffeine", "tea")),
            Relation("support", "habit", "tea"),
        ],
        sections=[
            Section("Claims", 1, ["tea", "antiox", "caffeine", "little", "habit", "warm", "calm"]),
            Section("Evidence", 2, ["study"]),
            Section("Replies", 1, []),
        ],
    )


def lines(dot: str) -> list[str]:
    return [line.strip() for line in dot.splitlines()]


def node_line(dot: str, model_id: str) -> str:
    (line,) = [line for line in lines(dot) if re.search(rf"\bid={re.escape(model_id)}\b", line)]
    return line


def name_of(dot: str, model_id: str) -> str:
    return node_line(dot, model_id).split()[0]


def edges(dot: str) -> list[str]:
    return [line for line in lines(dot) if re.match(r"\w+ -> \w+ \[", line)]


def attr(line: str, key: str) -> str:
    match = re.search(rf'\b{key}=("(?:[^"\\]|\\.)*"|\S+?)(?=[ \]])', line)
    assert match, (key, line)
    return match.group(1).strip('"')


def svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def svg_words(root: ET.Element) -> list[str]:
    return " ".join(e.text or "" for e in root.iter(f"{SVG}text")).split()


# -- DOT text -----------------------------------------------------------


def test_dot_is_deterministic() -> None:
    first = to_dot(tea())
    assert first == to_dot(tea())
    assert first.startswith("digraph argmap {")
    assert "version" not in first.lower()


def test_dot_follows_map_order() -> None:
    dot = to_dot(tea())
    assert [name_of(dot, i) for i in ("tea", "antiox", "study", "habit")] == ["n0", "n1", "n2", "n7"]


def test_kinds_are_visibly_distinct() -> None:
    dot = to_dot(tea())
    looks = {}
    for model_id, kind in [("tea", "thesis"), ("antiox", "claim"), ("warm", "premise"), ("study", "evidence")]:
        line = node_line(dot, model_id)
        assert attr(line, "label").startswith("{" + kind.upper() + r"\l|")
        assert attr(line, "class") == kind
        looks[kind] = (attr(line, "shape"), attr(line, "style"), attr(line, "fillcolor"))
    assert len(set(looks.values())) == 4
    assert "bold" in looks["thesis"][1]
    # Distinct without colour: in the mono theme, outline and grey fill tell them apart.
    mono = to_dot(tea(), theme="mono")
    greys = set()
    for model_id in ("tea", "antiox", "warm", "study"):
        line = node_line(mono, model_id)
        fill = attr(line, "fillcolor")
        assert fill[1:3] == fill[3:5] == fill[5:7], fill  # a grey
        greys.add((attr(line, "shape"), attr(line, "penwidth"), fill))
    assert len(greys) == 4


def test_evidence_shows_metadata_and_quote() -> None:
    line = node_line(to_dot(tea()), "study")
    # Date and source in full, wrapped like the text (never cut with an ellipsis).
    assert attr(line, "label").endswith(r"|2019 · Journal of\lExamples\l}")
    assert "…" not in attr(line, "label")
    tooltip = attr(line, "tooltip")
    assert "“clear effects”" in tooltip and "source: Journal of Examples" in tooltip


def test_text_is_wrapped() -> None:
    m = ArgumentMap(statements=[Statement("claim", "c", "one two three four five six")])
    label = attr(node_line(to_dot(m, wrap=9), "c"), "label")
    assert label == r"{CLAIM\l|one two\lthree\lfour five\lsix\l}"


def test_relation_styles_differ_by_colour_line_and_arrowhead() -> None:
    dot = to_dot(tea())
    styles = {}
    for kind in ("support", "attack", "undercut"):
        line = next(e for e in edges(dot) if f"class={kind}" in e and "arrowhead=none" not in e)
        styles[kind] = (attr(line, "color"), attr(line, "style"), attr(line, "arrowhead"))
    assert len({s[0] for s in styles.values()}) == 3, styles  # colours
    assert len({s[2] for s in styles.values()}) == 3, styles  # markers
    # Line: solid, dashed, and a double line (a colour list draws parallel strokes).
    assert [styles[k][1] for k in ("support", "attack", "undercut")] == ["solid", "dashed", "solid"]
    assert ":" in styles["undercut"][0] and ":" not in styles["support"][0]


def test_edges_point_from_reason_to_target() -> None:
    dot = to_dot(tea())
    assert f"{name_of(dot, 'antiox')} -> {name_of(dot, 'tea')} " in "\n".join(edges(dot)) + " "


def test_linked_argument_joins_premises_at_a_junction() -> None:
    dot = to_dot(tea())
    junction = name_of(dot, "habit")
    assert attr(node_line(dot, "habit"), "class") == "argument"
    premise_edges = [e for e in edges(dot) if e.endswith("]") and f"-> {junction} " in e]
    assert sorted(e.split()[0] for e in premise_edges) == sorted([name_of(dot, "warm"), name_of(dot, "calm")])
    assert all("arrowhead=none" in e for e in premise_edges)
    (out,) = [e for e in edges(dot) if e.startswith(f"{junction} -> ")]
    assert out.split()[2] == name_of(dot, "tea") and "class=support" in out


def test_unlabelled_argument_is_a_point() -> None:
    m = ArgumentMap(
        statements=[Statement("claim", "c", "C"), Statement("premise", "p", "P")],
        arguments=[Argument("a", premises=["p"])],
        relations=[Relation("attack", "a", "c")],
    )
    assert attr(node_line(to_dot(m), "a"), "shape") == "point"


def test_undercut_aims_at_a_midpoint_of_its_link() -> None:
    dot = to_dot(tea())
    caffeine, thesis, little = (name_of(dot, i) for i in ("caffeine", "tea", "little"))
    (mid,) = [line.split()[0] for line in lines(dot) if "class=link" in line]
    flat = edges(dot)
    assert any(e.startswith(f"{caffeine} -> {mid} ") and "arrowhead=none" in e for e in flat)
    assert any(e.startswith(f"{mid} -> {thesis} ") and "class=attack" in e for e in flat)
    assert any(e.startswith(f"{little} -> {mid} ") and "class=undercut" in e for e in flat)
    assert not any(e.startswith(f"{caffeine} -> {thesis} ") for e in flat)


def test_undercut_listed_before_its_link_and_undercut_of_undercut() -> None:
    link = Relation("support", "a", "t")
    cut = Relation("undercut", "b", link)
    m = ArgumentMap(
        statements=[Statement("thesis", "t", "T"), Statement("claim", "a", "A"),
                    Statement("claim", "b", "B"), Statement("claim", "c", "C")],
        relations=[cut, Relation("undercut", "c", cut), link],
    )
    dot = to_dot(m)
    assert len([line for line in lines(dot) if "class=link" in line]) == 2
    assert len(edges(dot)) == 5  # two links through midpoints, and the last undercut


def test_malformed_relations_are_skipped_or_drawn_plainly() -> None:
    m = ArgumentMap(
        statements=[Statement("thesis", "t", "T"), Statement("claim", "c", "C")],
        arguments=[Argument("a", premises=["ghost-premise"])],
        relations=[
            Relation("support", "ghost", "t"),
            Relation("attack", "c", "nowhere"),
            Relation("undercut", "c", Relation("support", "ghost", "t")),
            Relation("undercut", "c", "t"),
        ],
    )
    dot = to_dot(m)
    assert edges(dot) == [f"n1 -> n0 [{dot.split('n1 -> n0 [')[1].splitlines()[0]}"]
    assert "class=undercut" in edges(dot)[0]
    assert b"<svg" in render_bytes(m, engine="embedded")


def test_sections_are_nested_clusters() -> None:
    dot = to_dot(tea())
    text = "\n".join(lines(dot))
    claims = text.index("subgraph cluster_0 {")
    evidence = text.index("subgraph cluster_1 {")
    replies = text.index("subgraph cluster_2 {")
    assert claims < evidence < replies
    # cluster_1 closes before cluster_0 does; cluster_2 is a sibling of cluster_0.
    depth = 0
    depth_at = {}
    for line in lines(dot):
        if line.startswith("subgraph"):
            depth += 1
            depth_at[line.split()[1]] = depth
        elif line == "}":
            depth -= 1
    assert depth_at == {"cluster_0": 1, "cluster_1": 2, "cluster_arg_n7": 2, "cluster_2": 1}
    cluster_1 = text[evidence : text.index("}", evidence)]
    assert name_of(dot, "study") in cluster_1.split()
    assert "label=Evidence" in cluster_1


def test_graph_label_is_the_title() -> None:
    assert "label=Tea" in lines(to_dot(tea()))[1]
    assert "label=" not in lines(to_dot(ArgumentMap()))[1]


def test_bad_options_raise_render_errors() -> None:
    with pytest.raises(ArgmapRenderError, match="rankdir"):
        to_dot(tea(), rankdir="sideways")
    with pytest.raises(ArgmapRenderError, match="wrap"):
        to_dot(tea(), wrap=0)


def test_hostile_ids_cannot_break_dot() -> None:
    bad = 'x" -> y [label=z] // \\'
    m = ArgumentMap(statements=[Statement("claim", bad, "C"), Statement("thesis", "t", "T")],
                    relations=[Relation("support", bad, "t")])
    dot = to_dot(m)
    assert edges(dot) == ['n0 -> n1 [arrowhead=normal class=support color="#009e73" penwidth=1.6 style=solid]']
    root = svg_root(render_bytes(m, engine="embedded"))
    assert bad in {g.get("id") for g in root.iter(f"{SVG}g")}


# -- drawings -----------------------------------------------------------


def hostile_map(text: str) -> ArgumentMap:
    return ArgumentMap(
        header={"title": text},
        statements=[
            Statement("thesis", "t", text),
            Statement("evidence", "e", text, metadata={"date": text, "source": text, "quote": text}),
        ],
        arguments=[Argument("a", text, premises=["e"])],
        relations=[Relation("support", "a", "t")],
        sections=[Section(text, 1, ["t"])],
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_drawn_as_text(engine: str, text: str) -> None:
    root = svg_root(render_bytes(hostile_map(text), "svg", engine=engine))
    assert not [e for e in root.iter() if e.tag.split("}")[-1].lower() == "script"]
    words, target = svg_words(root), text.split()
    # Graph title, cluster title, thesis, evidence, its date, argument box title
    # (the source line is shortened: the tooltip holds it whole).
    assert sum(words[i : i + len(target)] == target for i in range(len(words))) >= 6
    tooltips = [" ".join((a.get(XLINK_TITLE) or "").split()) for a in root.iter(f"{SVG}a")]
    assert sum(f"source: {' '.join(target)}" in t for t in tooltips) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_svg_contains_every_nodes_words(engine: str) -> None:
    m = tea()
    words = svg_words(svg_root(render_bytes(m, "svg", engine=engine)))
    for node in m.nodes():
        for word in node.text.split():
            assert word in words, (node.id, word)
    for kind in ("THESIS", "CLAIM", "PREMISE", "EVIDENCE"):
        assert kind in words


@pytest.mark.parametrize("engine", ENGINES)
def test_svg_keeps_classes_and_ids(engine: str) -> None:
    root = svg_root(render_bytes(tea(), "svg", engine=engine))
    classes = {g.get("class") for g in root.iter(f"{SVG}g")}
    assert {"node thesis", "node claim", "node premise", "node evidence", "node argument", "node link"} <= classes
    assert {"edge support", "edge attack", "edge undercut", "edge premise"} <= classes
    # Graphviz draws no empty cluster: "Replies" has no members.
    assert sum(c == "cluster section" for c in (g.get("class") for g in root.iter(f"{SVG}g"))) == 2
    assert sum(c == "cluster argument-box" for c in (g.get("class") for g in root.iter(f"{SVG}g"))) == 1
    assert "tea" in {g.get("id") for g in root.iter(f"{SVG}g")}


@settings(max_examples=examples(40), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60))
def test_any_text_renders_to_wellformed_svg(text: str) -> None:
    m = ArgumentMap(statements=[Statement("claim", "c", text)])
    assert to_dot(m) == to_dot(m)
    words = svg_words(svg_root(render_bytes(m, "svg", engine="embedded")))
    for word in text.split():
        if len(word) <= 36 and not set(word) & {"\ufffe", "\uffff"}:
            assert word in words


def test_render_svg_returns_text() -> None:
    assert svg_root(render_svg(tea()).encode("utf-8")).tag == f"{SVG}svg"


def test_repr_svg_hook() -> None:
    assert "<svg" in tea()._repr_svg_()


# -- engines ------------------------------------------------------------


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_embedded_engine_writes_png_and_pdf_through_svg(fmt: str, magic: bytes) -> None:
    assert render_bytes(tea(), fmt, engine="embedded").startswith(magic)


@pytest.mark.parametrize("fmt, package", [("png", "resvg_py"), ("pdf", "svglib")])
def test_missing_converter_says_what_to_install(
    fmt: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, package, None)  # import fails
    with pytest.raises(ArgmapRenderError, match=r"pip install 'argmap\[convert\]'") as info:
        render_bytes(tea(), fmt, engine="embedded")
    assert "apt install graphviz" in str(info.value)


def test_unknown_engine_and_format_list_valid_values() -> None:
    with pytest.raises(ArgmapRenderError, match="auto, system, embedded"):
        render_bytes(tea(), "svg", engine="magic")
    with pytest.raises(ArgmapRenderError, match="auto, system, embedded"):
        render_bytes(tea(), "dot", engine="magic")
    with pytest.raises(ArgmapRenderError, match="svg, png, pdf, dot"):
        render_bytes(tea(), "jpeg")
    with pytest.raises(ArgmapRenderError, match="svg, png, pdf, dot"):
        layout("digraph {}", "gif", engine="embedded")


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_errors_are_render_errors(engine: str) -> None:
    with pytest.raises(ArgmapRenderError):
        layout("digraph { a -> ", "svg", engine=engine)


def test_system_engine_without_dot_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert resolve_engine("auto") == "embedded"
    with pytest.raises(ArgmapRenderError, match=r"'dot' is not on PATH.*apt install graphviz"):
        layout("digraph {}", "svg", engine="system")
    assert b"<svg" in render_bytes(tea(), "svg")  # auto falls back to embedded


def test_dot_format_runs_no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RENDER_MODULE, "layout", None)
    assert render_bytes(tea(), "dot", engine="embedded") == to_dot(tea()).encode("utf-8")
    assert render_bytes(tea(), "dot", rankdir="LR").decode("utf-8") == to_dot(tea(), rankdir="LR")


@pytest.mark.system_dot
@pytest.mark.skipif(NO_DOT, reason="Graphviz 'dot' is not on PATH")
@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_system_engine_writes_png_and_pdf(fmt: str, magic: bytes) -> None:
    assert render_bytes(tea(), fmt, engine="system").startswith(magic)


# -- files --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, start",
    [("map.svg", b"<?xml"), ("map.SVG", b"<?xml"), ("map.dot", b"digraph"), ("map.gv", b"digraph")],
)
def test_render_infers_format_from_suffix(tmp_path: Path, name: str, start: bytes) -> None:
    out = render(tea(), tmp_path / name, engine="embedded")
    assert out == tmp_path / name
    assert out.read_bytes().startswith(start)


def test_explicit_format_wins_over_suffix(tmp_path: Path) -> None:
    out = render(tea(), str(tmp_path / "map.txt"), format="dot")
    assert out.read_text(encoding="utf-8") == to_dot(tea())


def test_unknown_suffix_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArgmapRenderError, match=r"\.svg, \.png, \.pdf, \.dot, \.gv"):
        render(tea(), tmp_path / "map.jpeg")
    assert not (tmp_path / "map.jpeg").exists()


@pytest.mark.parametrize("name", ["map.png", "map.pdf"])
def test_failed_render_leaves_old_file_untouched(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / name
    target.write_bytes(b"old content")
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    monkeypatch.setitem(sys.modules, "svglib", None)
    with pytest.raises(ArgmapRenderError):
        render(tea(), target, engine="embedded")
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_failed_layout_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise ArgmapRenderError("boom")

    monkeypatch.setattr(RENDER_MODULE, "layout", broken)
    with pytest.raises(ArgmapRenderError, match="boom"):
        render(tea(), tmp_path / "map.svg", engine="embedded")  # "auto" would fall back to dot, with a warning
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(ArgmapRenderError, match="could not write"):
        render(tea(), tmp_path / "missing" / "map.dot")
