"""Drawings shaded by an evaluation: ``RenderOptions(color_by=..., semantics=...)`` and ``argmap render --color-by``.

The shades are those of :func:`argmap.drawing.palettes.node_shades`; the SVG of
both engines is checked as XML (each card's fill, the legend, the
tooltips), the system one where ``dot`` is on PATH (the embedded engine
always runs the same checks).  The ``argmap render --color-by`` commands of
docs/evaluation.md and docs/rendering.md are run and their drawings checked.
"""

from __future__ import annotations

import re
import shlex
import shutil
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap.cli import _build_parser, _render_options, main
from argmap.drawing.dot import _scale_label
from argmap.drawing.palettes import (
    MONO_LABEL_FILLS,
    MONO_STRENGTH_FILLS,
    legend_entries,
    node_shades,
)
from argmap.errors import ArgmapRenderError
from argmap.evaluate import (
    DUNG_SEMANTICS,
    GRADUAL_SEMANTICS,
    evaluate,
)
from argmap.model import ArgumentMap, Relation, Statement
from argmap.render import RenderOptions, RenderWarning, render_bytes, to_dot, view
from tests.engines import ENGINES

# tea.argmap has a javascript: url on purpose; its warning is tested elsewhere.
pytestmark = pytest.mark.filterwarnings("ignore:url of:argmap.render.RenderWarning")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "china-north-korea.argmap"
TEA = ROOT / "tests" / "fixtures" / "render" / "tea.argmap"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


CYCLE = """\
thesis t: T.
  - claim a: A.
    weight: 1
    - claim b: B.
      weight: 1
      - @a
"""


def load(path: Path) -> ArgumentMap:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)
        return argmap.load(path)


def dot_nodes(dot: str) -> dict[str, dict[str, str]]:
    """Model id -> the attributes of its DOT node line (cards and junctions)."""
    out = {}
    for line in dot.splitlines():
        found = re.match(r"\s*n\d+ \[(.*)\]$", line)
        if found:
            attrs_ = dict(re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)', found.group(1)))
            out[attrs_["id"].strip('"')] = {k: v.strip('"') for k, v in attrs_.items()}
    return out


def card_fills(root: ET.Element) -> dict[str, str]:
    """Model id -> the fill of the shape of its node group in the SVG."""
    fills = {}
    for g in root.iter(f"{SVG}g"):
        if (g.get("class") or "").split()[:1] == ["node"]:
            shape = next((e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse")), None)
            if shape is not None:  # legend texts are plaintext nodes
                fills[g.get("id") or ""] = (shape.get("fill") or "").lower()
    return fills


def check_svg(svg: bytes, m: ArgumentMap, options: RenderOptions) -> None:
    """The drawing of *m* under *options*: every card filled with its shade, the legend saying what they mean."""
    root = ET.fromstring(svg)
    result = evaluate(m, options.evaluation_semantics or "")
    shown = {n.id for n in view(m, options).nodes()}
    shades = {id: s for id, s in node_shades(result, options.theme).items() if id in shown}
    fills = card_fills(root)
    assert shades and set(shades) <= set(fills)
    for id, shade in shades.items():
        assert fills[id] == shade, id
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster legend"]
    words = " ".join(
        t.text or "" for g in root.iter(f"{SVG}g") if "legend" in (g.get("class") or "") for t in g.iter(f"{SVG}text")
    )
    assert f"under {result.semantics} semantics" in words
    entries = {
        (g.get("class"), next(t.text for t in g.iter(f"{SVG}text")), card_fills_of(g))
        for g in root.iter(f"{SVG}g") if g.get("class") == "node legend shade"
    }
    # Strengths as a scale ("0.8–1"), labels with their meaning.
    assert entries == {("node legend shade", _scale_label(meaning), fill)
                       for fill, meaning in legend_entries(result, options.theme)}
    assert legend is not None
    tooltips = " ".join((a.get(XLINK_TITLE) or "") for a in root.iter(f"{SVG}a"))
    word = "status: " if result.is_labelling else "strength "
    assert tooltips.count(word) == len(shades)


def card_fills_of(g: ET.Element) -> str:
    shape = next(e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
    return (shape.get("fill") or "").lower()


# -- options ---------------------------------------------------------------


def test_default_semantics_follow_color_by() -> None:
    assert RenderOptions().evaluation_semantics is None
    assert RenderOptions(color_by="status").evaluation_semantics == "grounded"
    assert RenderOptions(color_by="strength").evaluation_semantics == "dfquad"
    assert RenderOptions(color_by="strength", semantics="euler").evaluation_semantics == "euler"


@pytest.mark.parametrize("semantics", DUNG_SEMANTICS)
def test_status_takes_every_dung_semantics(semantics: str) -> None:
    assert RenderOptions(color_by="status", semantics=semantics).semantics == semantics


@pytest.mark.parametrize("semantics", GRADUAL_SEMANTICS)
def test_strength_takes_every_gradual_semantics(semantics: str) -> None:
    assert RenderOptions(color_by="strength", semantics=semantics).semantics == semantics


@pytest.mark.parametrize(
    "options, message",
    [
        ({"color_by": "colour"}, "cannot colour by 'colour'; use one of: status, strength"),
        ({"color_by": "status", "semantics": "dfquad"},
         "color-by status needs a Dung semantics (grounded, preferred, stable); 'dfquad' gives strengths"),
        ({"color_by": "strength", "semantics": "grounded"},
         "color-by strength needs a gradual semantics (dfquad, euler, quadratic-energy); 'grounded' gives labels"),
        ({"color_by": "strength", "semantics": "h-categorizer"}, "unknown semantics 'h-categorizer'"),
        ({"semantics": "grounded"}, "semantics 'grounded' needs color-by status or strength"),
    ],
)
def test_bad_pairings_are_render_errors(options: dict[str, str], message: str) -> None:
    with pytest.raises(ArgmapRenderError, match=re.escape(message)):
        RenderOptions(**options)
    with pytest.raises(ArgmapRenderError, match=re.escape(message)):
        RenderOptions().evolve(**options)


# -- DOT -------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["color", "mono"])
@pytest.mark.parametrize("color_by, semantics", [("status", "grounded"), ("status", "preferred"),
                                                  ("strength", "dfquad"), ("strength", "quadratic-energy")])
def test_every_card_is_filled_with_its_shade(color_by: str, semantics: str, theme: str) -> None:
    m = load(SEED)
    nodes = dot_nodes(to_dot(m, color_by=color_by, semantics=semantics, theme=theme))
    shades = node_shades(evaluate(m, semantics), theme)
    assert set(nodes) == set(shades)
    for id, shade in shades.items():
        assert nodes[id]["fillcolor"] == shade, id


def test_mono_shades_are_grey() -> None:
    m = load(SEED)
    for color_by in ("status", "strength"):
        dot = to_dot(m, color_by=color_by, theme="mono")
        for value in re.findall(r'color="(#[0-9a-f]{6})"', dot):
            assert value[1:3] == value[3:5] == value[5:7], value
    assert len(set(MONO_LABEL_FILLS.values())) == 3
    assert len(set(MONO_STRENGTH_FILLS)) == 5


def test_kind_and_tag_keep_the_outline() -> None:
    m = load(TEA)
    plain, shaded = dot_nodes(to_dot(m)), dot_nodes(to_dot(m, color_by="strength"))
    for id in plain:
        assert plain[id]["color"] == shaded[id]["color"], id
        assert plain[id].get("penwidth") == shaded[id].get("penwidth"), id


def test_tooltips_give_the_value() -> None:
    m = load(TEA)
    strengths = evaluate(m, "dfquad").strengths
    nodes = dot_nodes(to_dot(m, color_by="strength"))
    for id, value in strengths.items():
        assert f"strength {value:.2f} (dfquad)" in nodes[id]["tooltip"], id
    labels = evaluate(m).labels
    nodes = dot_nodes(to_dot(m, color_by="status"))
    for id, label in labels.items():
        assert f"status: {label} (grounded)" in nodes[id]["tooltip"], id
    assert "status: out (grounded)" in nodes["caffeine"]["tooltip"]


def test_linked_argument_box_takes_its_shade() -> None:
    m = load(TEA)
    dot = to_dot(m, color_by="strength")
    (box,) = re.findall(r"subgraph cluster_arg_\w+ \{\n((?:\t+.*\n)+?)", dot)
    assert f'fillcolor="{node_shades(evaluate(m, "dfquad"))["habit"]}"' in box
    assert 'style="dashed,rounded,filled"' in box
    unboxed = dot_nodes(to_dot(m, color_by="strength", argument_boxes=False))
    assert unboxed["habit"]["fillcolor"] == node_shades(evaluate(m, "dfquad"))["habit"]


def test_legend_is_drawn_and_names_the_semantics() -> None:
    m = load(TEA)
    dot = to_dot(m, color_by="status", semantics="stable", legend=False)
    assert "cluster_legend" in dot
    assert "fill: status under stable semantics" in dot
    result = evaluate(m, "stable")
    for fill, meaning in legend_entries(result):
        assert re.search(rf'label="{re.escape(meaning)}" class="legend shade" .*fillcolor="{fill}"', dot), meaning
    # The kind samples are white: a card's fill now is its value, not its kind.
    assert re.search(r'legend_evidence \[.*fillcolor="#ffffff"', dot)
    assert "cluster_legend" not in to_dot(m)


@pytest.mark.parametrize("rankdir", ["TB", "BT", "LR", "RL"])
def test_legend_shows_the_shades_as_one_scale_after_their_heading(rankdir: str) -> None:
    dot = to_dot(load(TEA), color_by="strength", rankdir=rankdir)
    (strip,) = [row.split() for row in re.findall(r"\{\s*rank=source\s+((?:legend_\w+\s+)+)\}", dot)]
    # In the legend's one rank: the heading, then the shades from the lowest value to the highest.
    at = strip.index("legend_shades")
    assert strip[at:] == ["legend_shades"] + [f"legend_shade_{i}" for i in range(5)]
    labels = re.findall(r"^\s*legend_shade_\d \[label=\"?([^\" ]+)", dot, re.MULTILINE)
    assert labels == ["0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1"]


def test_a_view_shows_the_values_of_the_whole_map() -> None:
    m = load(SEED)
    whole = node_shades(evaluate(m, "dfquad"))
    nodes = dot_nodes(to_dot(m, color_by="strength", focus="bypassing", depth=1))
    assert "special" in nodes and len(nodes) < len(whole)
    for id, attrs_ in nodes.items():
        assert attrs_["fillcolor"] == whole[id]


def test_dot_with_shades_is_deterministic() -> None:
    m = load(SEED)
    assert to_dot(m, color_by="strength") == to_dot(load(SEED), color_by="strength")


def test_a_cycle_that_does_not_settle_still_draws_with_a_warning() -> None:
    m = argmap.parse(CYCLE)
    with pytest.warns(RenderWarning, match="did not settle within 1000 rounds"):
        dot = to_dot(m, color_by="strength")
    assert set(dot_nodes(dot)) == {"t", "a", "b"}


def test_a_map_that_cannot_be_evaluated_is_a_render_error() -> None:
    m = ArgumentMap(statements=[Statement("thesis", "t", "T.")], relations=[Relation("attack", "ghost", "t")])
    assert "digraph" in to_dot(m)  # drawn without colours: the unknown node is left out
    with pytest.raises(ArgmapRenderError, match=r"cannot colour by status: .*unknown node 'ghost'"):
        to_dot(m, color_by="status")


# -- SVG, both engines -------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "options",
    [RenderOptions(color_by="strength"), RenderOptions(color_by="status"),
     RenderOptions(color_by="strength", theme="mono"), RenderOptions(color_by="status", semantics="preferred",
                                                                      theme="mono", rankdir="BT")],
    ids=["strength", "status", "strength-mono", "preferred-mono-BT"],
)
def test_svg_cards_are_filled_with_their_shades(engine: str, options: RenderOptions) -> None:
    m = load(SEED)
    check_svg(render_bytes(m, "svg", engine=engine, options=options), m, options)


# -- the command line ----------------------------------------------------------


def test_cli_colors_by_strength(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "strength.svg"
    assert main(["render", str(SEED), "--color-by", "strength", "--engine", "embedded", "-o", str(out)]) == 0
    check_svg(out.read_bytes(), load(SEED), RenderOptions(color_by="strength"))


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--color-by", "status", "--semantics", "euler"], "color-by status needs a Dung semantics"),
        (["--color-by", "strength", "--semantics", "stable"], "color-by strength needs a gradual semantics"),
        (["--semantics", "grounded"], "semantics 'grounded' needs color-by status or strength"),
        (["--color-by", "strength", "--semantics", "nope"], "unknown semantics 'nope'"),
        (["--color-by", "weight"], "invalid choice: 'weight'"),
    ],
)
def test_cli_bad_pairings_are_usage_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    assert main(["render", str(SEED), *argv, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_warns_when_a_cycle_does_not_settle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cycle.argmap"
    source.write_text(CYCLE, encoding="utf-8")
    out = tmp_path / "cycle.svg"
    assert main(["render", str(source), "--color-by", "strength", "--engine", "embedded", "-q", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}: warning: dfquad: a cycle of the map did not settle" in err
    check_svg(out.read_bytes(), argmap.parse(CYCLE), RenderOptions(color_by="strength"))


# -- the docs' commands ----------------------------------------------------------


def doc_commands(page: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)
    return [line.split(" #")[0].strip() for block in blocks for line in block.splitlines()
            if line.startswith("argmap render") and "--color-by" in line]


DOC_COMMANDS = [(page, c) for page in ("evaluation.md", "rendering.md", "cli.md") for c in doc_commands(page)]


def test_the_docs_show_color_by_commands() -> None:
    assert {page for page, _ in DOC_COMMANDS} == {"evaluation.md", "rendering.md", "cli.md"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("page, command", DOC_COMMANDS, ids=[f"{p}-{i}" for i, (p, _) in enumerate(DOC_COMMANDS)])
def test_doc_command_draws_shaded_cards(
    page: str, command: str, engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    if "-o" not in argv:
        argv += ["-o", "out.svg"]
    out = Path(argv[argv.index("-o") + 1])
    if out.suffix != ".svg":  # check the drawing as SVG whatever the page writes
        argv[argv.index("-o") + 1] = str(out := out.with_suffix(".svg"))
    assert main([*argv, "--engine", engine, "-q"]) == 0
    ns = _build_parser().parse_args(argv)
    options = _render_options(ns)
    check_svg(out.read_bytes(), load(Path(ns.files[0])), options)
