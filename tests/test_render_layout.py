"""Maps a reader can read (issue 13): size and shape, the thesis on top, header settings,
a compact legend, visible undercuts, values on cards.  Figures: ``python docs/figures.py``."""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import pytest

import argmap
from argmap.drawing.options import RenderWarning
from argmap.render import render_bytes, to_dot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))
from figures import ink, legend_share, size_px  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.argmap"))
SEED = ROOT / "examples" / "china-north-korea.argmap"


def _svg(path: Path, **options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)
        return render_bytes(argmap.load(path), "svg", engine="embedded", **options)


def test_the_seed_map_fits_a_screen_at_half_size() -> None:
    width, height = size_px(_svg(SEED))
    assert width <= 3840 and height <= 2160, (width, height)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_between_1_2_and_2_1(example: Path) -> None:
    width, height = size_px(_svg(example))
    assert 0.5 <= width / height <= 2, (width, height)


def test_the_thesis_is_on_top_even_across_a_cycle() -> None:
    svg = _svg(SEED).decode("utf-8")
    tops = {g: float(y) for g, y in re.findall(r'<g id="([^"]+)" class="node (?:thesis|claim|evidence)">.*?'
                                               r'<text[^>]* y="(-?[0-9.]+)"', svg, re.S)}
    assert min(tops, key=tops.__getitem__) == "special"
    # summit -> negated -> bypassing -> chuche -> weakening-grip -> china-accepts -> summit
    assert "constraint=false" in to_dot(argmap.load(SEED))


def test_the_header_rankdir_is_honoured_and_the_options_win() -> None:
    m = argmap.parse("rankdir: LR\n\nthesis t: T.\n  + claim c: C.\n")
    assert "rankdir=RL" in to_dot(m)  # Graphviz ranks the other way round
    assert "rankdir=BT" in to_dot(m, rankdir="TB")


def test_bad_or_unread_header_settings_warn_with_their_line() -> None:
    m = argmap.parse("title: T\nrankdir: sideways\nsplines: ortho\n\nthesis t: T.\n", source="x.argmap")
    with pytest.warns(RenderWarning) as caught:
        dot = to_dot(m)
    messages = [str(w.message) for w in caught]
    assert "header 'rankdir' (line 2): 'sideways' is not one of TB, BT, LR, RL; drawn with TB" in messages
    assert any(m.startswith("header 'splines' (line 3) is not a drawing setting") for m in messages), messages
    assert "rankdir=BT" in dot


def test_the_legend_is_compact_and_its_samples_run_along_their_rows() -> None:
    tea = ROOT / "examples" / "tea.argmap"
    assert legend_share(_svg(tea, legend=True)) <= 0.2
    with_legend, without = size_px(_svg(tea, legend=True)), size_px(_svg(tea))
    assert with_legend[0] * with_legend[1] <= 1.25 * without[0] * without[1]  # a strip, not a second map
    dot = to_dot(argmap.load(tea), legend=True)
    (strip,) = [row.split() for row in re.findall(r"\{\s*rank=source\s+((?:legend_\w+\s+)+)\}", dot)]
    for kind in ("support", "attack", "undercut"):
        # Each sample line joins two nodes of the legend's one rank: a flat line, crossing no other sample.
        assert {f"legend_{kind}_from", f"legend_{kind}_to"} <= set(strip), strip
    svg = _svg(tea, legend=True).decode("utf-8")
    legend_top = min(float(y) for y in re.findall(r'class="cluster legend">.*?points="[^"]*?,(-?[0-9.]+)', svg, re.S))
    thesis = float(re.search(r'class="node thesis">.*?<text[^>]* y="(-?[0-9.]+)"', svg, re.S)[1])  # type: ignore[index]
    assert legend_top > thesis  # under the map, not beside the thesis


@pytest.mark.parametrize("theme", ["color", "mono"])
def test_undercuts_carry_at_least_the_ink_of_an_attack(theme: str) -> None:
    svg = _svg(SEED, theme=theme)
    (undercut_line, undercut_marker), (attack_line, attack_marker) = ink(svg, "undercut"), ink(svg, "attack")
    assert undercut_line >= attack_line and undercut_marker >= attack_marker
    dot = to_dot(argmap.load(SEED), theme=theme)
    mark = re.search(r'class=link color="([^"]+)"[^\]]*width=0\.13', dot)
    assert mark, "a dot marks the undercut link"
    if theme == "color":
        colours = {k: re.search(rf'class={k} color="([^":]+)', dot)[1] for k in ("support", "attack", "undercut")}  # type: ignore[index]
        assert len(set(colours.values())) == 3


def test_strength_values_are_written_on_the_cards() -> None:
    dot = to_dot(argmap.load(SEED), color_by="strength")
    assert re.search(r'label="\{THESIS · 0\.76\\l', dot)
    assert re.search(r'label="\{CLAIM · 0\.47\\l\|In the eyes of many', dot)


def test_only_dated_evidence_sits_in_the_timeline_row() -> None:
    m = argmap.load(SEED)
    svg = _svg(SEED, timeline=True).decode("utf-8")
    # The middle of each card (SVG y grows downwards): the cards of one rank share it.
    bottoms = {}
    for id, body in re.findall(r'<g id="([^"]+)" class="node (?:claim|evidence|premise|thesis)">(.*?)</g>\n</g>',
                               svg, re.S):
        ys = [float(y) for y in re.findall(r",(-?[0-9.]+)", body)]
        bottoms[id.replace("&#45;", "-")] = round((max(ys) + min(ys)) / 2)
    dated = {s.id for s in m.statements.values() if s.date}
    row = {bottoms[id] for id in dated}
    assert len(row) == 1
    (row_bottom,) = row
    others = [id for id in bottoms if id not in dated]
    assert others and all(bottoms[id] < row_bottom - 1 for id in others)
