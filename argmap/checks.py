"""Placeholder: being written (checks)."""
from __future__ import annotations
def check(map):  # type: ignore[no-untyped-def]
    raise NotImplementedError
