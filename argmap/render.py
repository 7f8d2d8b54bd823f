"""Placeholder: being written (render)."""
from __future__ import annotations
def to_dot(map, **options):  # type: ignore[no-untyped-def]
    raise NotImplementedError
def render(map, target, format=None, engine="auto"):  # type: ignore[no-untyped-def]
    raise NotImplementedError
def render_svg(map):  # type: ignore[no-untyped-def]
    raise NotImplementedError
