"""Golden files: each valid fixture beside its objects, canonical text and DOT;
each invalid fixture beside the error argmap prints.

Regenerate with ``python tests/fixtures/regenerate.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap
from tests.fixtures.regenerate import expected_error, expected_valid

FIXTURES = Path(__file__).parent / "fixtures"
VALID = sorted((FIXTURES / "valid").glob("*.argmap"))
INVALID = sorted((FIXTURES / "invalid").glob("*.argmap"))


def test_there_are_fixtures() -> None:
    assert len(VALID) >= 8 and len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_matches_its_golden_files(path: Path) -> None:
    for suffix, text in expected_valid(path).items():
        golden = path.with_suffix(suffix)
        assert golden.exists(), f"missing {golden.name}; run tests/fixtures/regenerate.py"
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs"


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_canonical_text_parses_back_to_the_same_map(path: Path) -> None:
    m = argmap.load(path)
    canonical = path.with_suffix(".fmt").read_text(encoding="utf-8")
    assert argmap.parse(canonical) == m
    assert argmap.dumps(argmap.parse(canonical)) == canonical


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_its_error(path: Path) -> None:
    golden = path.with_suffix(".err").read_text(encoding="utf-8")
    assert expected_error(path) == golden
    code = golden.splitlines()[0].strip("[]")
    assert path.stem.rstrip("-0123456789") == code


def test_model_dump_holds_what_the_notation_says() -> None:
    dump = json.loads((FIXTURES / "valid" / "linked-argument.json").read_text(encoding="utf-8"))
    (healing, anonymous) = dump["arguments"]
    assert healing["premises"] == ["party-states", "top-down", "shared"]
    assert healing["metadata"] == {"weight": "0.8"}
    assert anonymous["id"].startswith("_argument-")
    undercut = next(r for r in dump["relations"] if r["kind"] == "undercut")
    assert undercut["target"]["source"] == "healing" and undercut["target"]["target"] == "special"


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_golden_dot_lays_out_with_the_embedded_engine(path: Path) -> None:
    from argmap.engines import layout

    svg = layout(path.with_suffix(".dot").read_text(encoding="utf-8"), "svg", "embedded")
    assert b"<svg" in svg
