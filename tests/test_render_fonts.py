"""Text in every PNG and PDF: argmap's own font, under any font set of the machine.

The PNG tests count the pixels the text draws (tests/pixels.py), not just
the file signature, under three font sets: the machine's, one with only
the DejaVu fonts, and none at all (fontconfig pointed at an empty folder
through FONTCONFIG_FILE, which both resvg and ``fc-list`` read).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import argmap
from argmap.drawing import fonts
from argmap.errors import ArgmapRenderError
from argmap.render import render_bytes
from tests.pixels import text_pixels

pytest.importorskip("resvg_py", reason="PNG needs the convert extra (installed by .ci/run)")
pytest.importorskip("svglib", reason="PDF needs the convert extra (installed by .ci/run)")

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
CARD = "thesis t: Tea is good for you, and the water boils at 100 degrees.\n"


def _font_set(tmp_path: Path, folder: Path) -> str:
    conf = tmp_path / f"fonts-{folder.name}.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return str(conf)


@pytest.fixture(params=["system", "dejavu-only", "no-fonts"])
def font_set(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "dejavu-only":
        if not DEJAVU.is_dir():
            pytest.skip("no DejaVu fonts here (Debian: fonts-dejavu-core); the no-fonts case covers the path")
        monkeypatch.setenv("FONTCONFIG_FILE", _font_set(tmp_path, DEJAVU))
    elif request.param == "no-fonts":
        empty = tmp_path / "empty"
        empty.mkdir()
        monkeypatch.setenv("FONTCONFIG_FILE", _font_set(tmp_path, empty))
    return str(request.param)


def test_every_png_has_its_text(font_set: str) -> None:
    svg = render_bytes(argmap.parse(CARD), "svg")
    # Some 60 letters of 11 pt text: well over a thousand pixels of ink.
    assert text_pixels(svg) > 1000, font_set


def test_the_seed_map_png_has_text_under_no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("FONTCONFIG_FILE", _font_set(tmp_path, empty))
    svg = render_bytes(argmap.load(Path(__file__).parent.parent / "examples" / "tea.argmap"), "svg")
    letters = sum(len(t) for t in fonts.text_of(svg.decode("utf-8")))
    assert text_pixels(svg) > 10 * letters  # every letter drawn, some 20 to 40 pixels each


def test_the_pdf_embeds_the_font(font_set: str) -> None:
    pdf = render_bytes(argmap.parse(CARD), "pdf")
    assert b"LiberationSans" in pdf and b"FontFile2" in pdf, font_set


def test_svg_names_the_shipped_font_first() -> None:
    svg = render_bytes(argmap.parse(CARD), "svg").decode("utf-8")
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {fonts.FONT_FAMILY}
    assert fonts.FONT_FAMILY.startswith("Liberation Sans,")
    assert 'fontname="Liberation Sans"' in argmap.to_dot(argmap.parse(CARD))


def test_the_font_ships_with_its_licence() -> None:
    assert fonts.font_path().is_file()
    licence = fonts.font_path().parent / "LICENSE-LiberationSans.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


GEORGIAN = "thesis t: ქართული ენა\n"


def test_letters_no_font_has_are_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("FONTCONFIG_FILE", _font_set(tmp_path, empty))
    m = argmap.parse(GEORGIAN)
    for format in ("png", "pdf"):
        with pytest.raises(ArgmapRenderError, match=rf"cannot write {format.upper()}: no font here draws .*GEORGIAN"):
            render_bytes(m, format)
    assert "ქართული".encode() in render_bytes(m, "svg")  # SVG leaves the font to the viewer


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list finds the machine's fonts")
def test_letters_a_machine_font_has_are_drawn_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("no DejaVu Sans here; the refusal test covers the other branch")
    monkeypatch.setenv("FONTCONFIG_FILE", _font_set(tmp_path, DEJAVU))
    m = argmap.parse(GEORGIAN)
    assert text_pixels(render_bytes(m, "svg")) > 300
    pdf = render_bytes(m, "pdf")
    assert b"DejaVuSans" in pdf and b"LiberationSans" in pdf  # the header in one, the text in the other


def test_auto_is_the_embedded_engine() -> None:
    m = argmap.parse(CARD)
    assert render_bytes(m, "svg") == render_bytes(m, "svg", engine="embedded")
