"""Golden DOT for each view and option family (tests/fixtures/render), and its drawings.

Regenerate with ``python tests/fixtures/render/regenerate.py`` and review the diff.
Each golden file is also laid out by every engine, which must accept it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from argmap.engines import layout
from tests.engines import ENGINES

HERE = Path(__file__).resolve().parent / "fixtures" / "render"
_spec = importlib.util.spec_from_file_location("render_regenerate", HERE / "regenerate.py")
assert _spec and _spec.loader
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)



@pytest.mark.parametrize("name", sorted(regenerate.CASES))
def test_dot_matches_golden(name: str) -> None:
    golden = (HERE / f"{name}.dot").read_text(encoding="utf-8")
    assert regenerate.expected(name) == golden, f"{name}.dot differs; run tests/fixtures/render/regenerate.py"


def test_every_golden_file_has_a_case() -> None:
    assert {p.stem for p in HERE.glob("*.dot")} == set(regenerate.CASES)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(regenerate.CASES))
def test_golden_dot_lays_out(name: str, engine: str) -> None:
    # Graphviz 2.x rejects some graphs that 16.x accepts (flat edges beside records,
    # edges that leave and re-enter a cluster): every view must pass both.
    assert layout((HERE / f"{name}.dot").read_text(encoding="utf-8"), "svg", engine).startswith(b"<?xml")
