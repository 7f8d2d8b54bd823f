"""Print the figures issue 13 asks for: drawing sizes, legend share, undercut ink, text pixels.

    .venv/bin/python docs/figures.py

For every gallery drawing (docs/gallery.py), its size in pixels at 96 dpi,
its aspect ratio and the zoom at which it fits a 1920x1080 screen; the share
of the tea drawing that its legend takes; the ink of an undercut line and
marker against an attack's in the seed drawing (colour and mono); and the
pixels the text of the tea PNG draws under the machine's fonts, a font set
of DejaVu only and no fonts at all (fontconfig pointed at an empty folder).
Everything is drawn with the default engine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from argmap.render import RenderOptions, render_bytes  # noqa: E402

EXAMPLES = ROOT / "examples"
SCREEN = (1920, 1080)


def _gallery() -> dict[str, tuple[str, RenderOptions, str]]:
    sys.path.insert(0, str(ROOT / "docs"))
    import gallery

    result: dict[str, tuple[str, RenderOptions, str]] = gallery.GALLERY
    return result


def size_px(svg: bytes) -> tuple[float, float]:
    head = svg[: svg.find(b">", svg.find(b"<svg")) + 1].decode("utf-8")
    width = float(re.search(r'width="([0-9.]+)pt"', head)[1])  # type: ignore[index]
    height = float(re.search(r'height="([0-9.]+)pt"', head)[1])  # type: ignore[index]
    return width * 4 / 3, height * 4 / 3


def fit_zoom(width: float, height: float) -> float:
    return min(1.0, SCREEN[0] / width, SCREEN[1] / height)


def _points(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[0-9.]+),(-?[0-9.]+)", text)]


def _bbox_area(points: list[tuple[float, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def legend_share(svg: bytes) -> float:
    """The legend cluster's box as a share of the whole drawing."""
    text = svg.decode("utf-8")
    group = re.search(r'<g id="[^"]*" class="cluster legend">(.*?)</g>', text, re.S)
    if group is None:
        return 0.0
    shape = re.search(r'<(?:polygon|path)[^>]*(?:points|d)="([^"]*)"', group[1])
    assert shape is not None
    view = re.search(r'viewBox="([0-9. -]+)"', text)
    assert view is not None
    _, _, w, h = (float(v) for v in view[1].split())
    return _bbox_area(_points(shape[1])) / (w * h)


def _polygon_area(points: list[tuple[float, float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True))) / 2


def _perimeter(points: list[tuple[float, float]]) -> float:
    return sum(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in zip(points, points[1:] + points[:1], strict=True))


def ink(svg: bytes, relation: str) -> tuple[float, float]:
    """(line ink per unit length, marker ink in pt²) of the first edge of class *relation* that has a marker.

    Line ink is the stroke width times the share of the dash pattern that is
    drawn; a marker's ink is its area when filled, else its outline (length
    times stroke width).
    """
    text = svg.decode("utf-8")
    for group in re.findall(rf'<g id="[^"]*" class="edge {relation}">(.*?)</g>', text, re.S):
        shapes = re.findall(r"<(polygon|ellipse) ([^>]*)>", group)
        if not shapes:
            continue  # the first half of an undercut link: no marker
        line = 0.0
        for path in re.findall(r"<path ([^>]*)>", group):  # a double line is two paths (and a white one)
            if 'stroke="#ffffff"' in path:
                continue
            width = float((re.search(r'stroke-width="([0-9.]+)"', path) or [None, "1"])[1])
            dashes = re.search(r'stroke-dasharray="([0-9.,]+)"', path)
            share = 1.0
            if dashes:
                on_off = [float(v) for v in dashes[1].split(",")]
                share = sum(on_off[0::2]) / sum(on_off)
            line += width * share
        marker = 0.0
        for tag, attrs in shapes:
            filled = 'fill="none"' not in attrs
            stroke = float((re.search(r'stroke-width="([0-9.]+)"', attrs) or [None, "1"])[1])
            if tag == "polygon":
                pts = _points(re.search(r'points="([^"]*)"', attrs)[1])  # type: ignore[index]
                marker += _polygon_area(pts) if filled else _perimeter(pts) * stroke
            else:
                rx, ry = (float(re.search(rf'{k}="([0-9.]+)"', attrs)[1]) for k in ("rx", "ry"))  # type: ignore[index]
                marker += 3.14159 * rx * ry if filled else 3.14159 * (rx + ry) * stroke
        return line, marker
    return 0.0, 0.0


_FONTS_CONF = (
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
    "<fontconfig><dir>{dir}</dir><cachedir>{cache}</cachedir></fontconfig>\n"
)

_COUNT = r"""
import io, re, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
import argmap
from argmap.render import render_bytes
from PIL import Image, ImageChops
try:
    from argmap.drawing.fonts import convert
    def png(svg): return convert(svg, "png")
except ImportError:
    from argmap.engines import svg_to
    def png(svg): return svg_to(svg, "png")
svg = render_bytes(argmap.load(sys.argv[2]), "svg")
bare = re.sub(rb"<text\b[^>]*>.*?</text>", b"", svg, flags=re.S)
try:
    a, b = (Image.open(io.BytesIO(png(s))).convert("RGB") for s in (svg, bare))
except Exception as exc:
    print("refused:", exc); sys.exit()
diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
print(diff.histogram()[255])
"""


def text_pixels(example: Path) -> dict[str, str]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        sets = {"machine's fonts": None, "DejaVu only": Path("/usr/share/fonts/truetype/dejavu"), "no fonts": empty}
        for name, folder in sets.items():
            env = dict(os.environ)
            if folder is not None:
                conf = Path(tmp) / f"{folder.name}.conf"
                conf.write_text(_FONTS_CONF.format(dir=folder, cache=Path(tmp) / "cache"), encoding="utf-8")
                env["FONTCONFIG_FILE"] = str(conf)
            done = subprocess.run([sys.executable, "-c", _COUNT, str(ROOT), str(example)],
                                  capture_output=True, text=True, env=env, check=False)
            out[name] = (done.stdout.strip() or done.stderr.strip().splitlines()[-1])
    return out


def main() -> int:
    warnings.simplefilter("ignore")
    print("drawing                              width x height px  aspect  zoom to fit 1920x1080")
    for name, (example, options, _) in _gallery().items():
        svg = render_bytes(argmap.load(EXAMPLES / example), "svg", options=options)
        w, h = size_px(svg)
        print(f"{name:36} {w:6.0f} x {h:5.0f}     {w / h:5.2f}  {fit_zoom(w, h):5.0%}")
    seed = argmap.load(EXAMPLES / "china-north-korea.argmap")
    w, h = size_px(render_bytes(seed, "svg"))
    print(f"\nseed map, default options: {w:.0f} x {h:.0f} px at 96 dpi; fits 1920x1080 at {fit_zoom(w, h):.0%} "
          f"(goal: at most 3840 x 2160, i.e. 50% or more)")
    tea = argmap.load(EXAMPLES / "tea.argmap")
    with_legend = render_bytes(tea, "svg", legend=True)
    (w1, h1), (w0, h0) = size_px(with_legend), size_px(render_bytes(tea, "svg"))
    print(f"legend on the tea drawing (--legend): its box is {legend_share(with_legend):.1%} of the drawing "
          f"(goal: at most 20%); the drawing grows from {w0:.0f} x {h0:.0f} to {w1:.0f} x {h1:.0f} px "
          f"({1 - w0 * h0 / (w1 * h1):.0%} of it added by the legend)")
    for theme in ("color", "mono"):
        svg = render_bytes(seed, "svg", theme=theme)
        (u_line, u_mark), (a_line, a_mark) = ink(svg, "undercut"), ink(svg, "attack")
        print(f"undercut vs attack ink, {theme:5}: line {u_line:.2f} vs {a_line:.2f} per unit length "
              f"({u_line / a_line:.0%}), marker {u_mark:.0f} vs {a_mark:.0f} pt² ({u_mark / a_mark:.0%})")
    for name, count in text_pixels(EXAMPLES / "tea.argmap").items():
        print(f"text pixels in tea.png, {name:16}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
