"""Placeholder: being written (parser)."""
from __future__ import annotations
def parse(text, *, source=None):  # type: ignore[no-untyped-def]
    raise NotImplementedError
def load(path):  # type: ignore[no-untyped-def]
    raise NotImplementedError
