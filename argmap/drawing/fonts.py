"""The font drawings are laid out and drawn with, and the check that no text is lost.

argmap ships Liberation Sans (SIL Open Font License 1.1, see
``argmap/fonts/LICENSE-LiberationSans.txt``).  Its letters have the widths
of Arial and Helvetica, the widths Graphviz lays the cards out for, so the
text fits its card wherever the drawing is shown:

* the DOT names it (``fontname="Liberation Sans"``);
* the SVG names it first, then the fonts with the same widths
  (:data:`FONT_FAMILY`), for browsers;
* the PNG converter (resvg) and the PDF writer (svglib) are given the
  shipped file, so a machine without any font still draws every letter.

Letters the shipped font lacks (Korean, Chinese, ...) are drawn with a font
of the machine that has them, found with fontconfig (``fc-list``); when no
font has them, a PNG or PDF is refused with an error that names them,
rather than written without them.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from argmap.errors import ArgmapRenderError

__all__ = ["FONT_NAME", "FONT_FAMILY", "font_path", "with_font_list", "text_of", "missing", "convert"]

#: The family Graphviz lays out with and the SVG names first.
FONT_NAME = "Liberation Sans"
#: The SVG's font list: the shipped font, then fonts with the same letter widths.
FONT_FAMILY = "Liberation Sans,Arial,Helvetica,sans-serif"

_FAMILY_ATTR = re.compile(r'font-family="Liberation Sans(?:,[^"]*)?"')
_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)


def font_path() -> Path:
    """The shipped font file (``argmap/fonts/LiberationSans-Regular.ttf``)."""
    return Path(__file__).resolve().parent.parent / "fonts" / "LiberationSans-Regular.ttf"


def with_font_list(svg: bytes) -> bytes:
    """*svg* with every ``font-family`` naming the shipped font extended to :data:`FONT_FAMILY`."""
    return _FAMILY_ATTR.sub(f'font-family="{FONT_FAMILY}"', svg.decode("utf-8")).encode("utf-8")


def text_of(svg: str) -> list[str]:
    """The text of every ``<text>`` element of *svg*, entities decoded."""
    return [html.unescape(re.sub(r"<[^>]*>", "", m[2])) for m in _TEXT.finditer(svg)]


@functools.lru_cache(maxsize=1)
def _shipped_chars() -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile  # type: ignore[import-untyped]

    return frozenset(TTFontFile(str(font_path())).charToGlyph)


def _drawable(char: str) -> bool:
    # White space and format characters draw nothing: nothing to lose.
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf"))


def _system_font_for(chars: Iterable[str]) -> str | None:
    """A font file of the machine (fontconfig) that has every one of *chars*, or None."""
    exe = shutil.which("fc-list")
    wanted = sorted({ord(c) for c in chars})
    if exe is None or not wanted:
        return None
    charset = " ".join(f"{c:x}" for c in wanted)
    try:
        done = subprocess.run([exe, "--format", "%{file}\\n", f":charset={charset}"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    files = [line for line in done.stdout.splitlines() if line.strip()]
    # TrueType first (the PDF writer reads only TrueType outlines), then upright regular faces.
    files.sort(key=lambda f: (not f.lower().endswith(".ttf"),
                              any(w in Path(f).stem.lower() for w in ("bold", "italic", "oblique", "light")), f))
    return files[0] if files else None


def missing(texts: Iterable[str]) -> list[str]:
    """The letters of *texts* that neither the shipped font nor any font of the machine has."""
    shipped = _shipped_chars()
    others = sorted({c for t in texts for c in t if _drawable(c) and ord(c) not in shipped})
    if not others or _system_font_for(others) is not None:
        return []
    return [c for c in others if _system_font_for([c]) is None]


def _refuse(format: str, lost: list[str]) -> ArgmapRenderError:
    shown = "".join(lost[:20]) + ("…" if len(lost) > 20 else "")
    scripts = sorted({unicodedata.name(c, f"U+{ord(c):04X}").split(" ")[0] for c in lost})
    return ArgmapRenderError(
        f"cannot write {format.upper()}: no font here draws {shown!r} ({', '.join(scripts[:5])}); "
        f"argmap's font ({FONT_NAME}) has Latin, Greek and Cyrillic letters only. "
        "Install a font that has them (e.g. Noto Sans CJK for Korean and Chinese), or write SVG (-f svg)"
    )


def convert(svg: bytes, format: str) -> bytes:
    """*svg* (an embedded-engine drawing) as ``png`` or ``pdf``, drawn with the shipped font.

    Refused (:class:`~argmap.errors.ArgmapRenderError`) when some text has
    letters no font here can draw.
    """
    from argmap.engines import convert_extra_missing, converter, svg_to

    converter(format)  # the convert extra, before any work: else an error saying how to install it
    text = svg.decode("utf-8")
    texts = text_of(text)
    try:
        lost = missing(texts)
    except ImportError:  # reportlab, which reads the shipped font's letters, comes with svglib
        raise convert_extra_missing(format, "svglib") from None
    if lost:
        raise _refuse(format, lost)
    if format == "pdf":
        text = _pdf_fonts(text, texts)
        return svg_to(text.encode("utf-8"), format)
    return svg_to(text.encode("utf-8"), format, font_files=[str(font_path())])


def _pdf_fonts(svg: str, texts: list[str]) -> str:
    """Register the shipped font with the PDF writer; a text it cannot draw gets a font of the machine."""
    from svglib.fonts import register_font

    register_font(FONT_NAME, str(font_path()))
    shipped = _shipped_chars()

    def one(match: re.Match[str]) -> str:
        body = html.unescape(re.sub(r"<[^>]*>", "", match[2]))
        others = {c for c in body if _drawable(c) and ord(c) not in shipped}
        if not others:
            return match[0]
        file = _system_font_for(others)
        if file is None or not file.lower().endswith(".ttf"):
            raise ArgmapRenderError(
                f"cannot write PDF: the text {body[:40]!r} needs a TrueType font with "
                f"{''.join(sorted(others))[:20]!r}; "
                + ("none was found" if file is None else f"the font found ({Path(file).name}) is not TrueType")
                + "; write SVG or PNG instead"
            )
        name = "argmap-" + Path(file).stem
        register_font(name, file)
        attrs_ = _FAMILY_ATTR.sub(f'font-family="{name}"', match[1])
        return f"<text{attrs_}>{match[2]}</text>"

    return _TEXT.sub(one, svg)
