"""Counting the pixels that text adds to a PNG drawing (Pillow, which reportlab brings).

``text_pixels(svg)`` draws *svg* twice through argmap's PNG path, once as
it is and once with every ``<text>`` element removed, and counts the
pixels that differ: the ink of the letters, 0 when no text was drawn.
"""

from __future__ import annotations

import io
import re

from argmap.drawing import fonts


def differing(a: bytes, b: bytes) -> int:
    """How many pixels of two PNGs of one size differ."""
    from PIL import Image, ImageChops

    first = Image.open(io.BytesIO(a)).convert("RGB")
    second = Image.open(io.BytesIO(b)).convert("RGB")
    assert first.size == second.size
    diff = ImageChops.difference(first, second).convert("L").point(lambda v: 255 if v else 0)
    histogram = diff.histogram()
    return int(histogram[255])


def without_text(svg: bytes) -> bytes:
    return re.sub(rb"<text\b[^>]*>.*?</text>", b"", svg, flags=re.S)


def text_pixels(svg: bytes) -> int:
    """Pixels drawn by the text of *svg* (an SVG from the embedded engine) in argmap's PNG."""
    return differing(fonts.convert(svg, "png"), fonts.convert(without_text(svg), "png"))
