"""What argmap writes as Argdown, Argdown accepts: the examples and generated maps of every construct.

Against the real Argdown CLI where it is installed (.ci/run installs @argdown/cli where npm is present);
without it, the same outputs are held to the three shapes Argdown refused (a placeholder conclusion
without text, '<_' starting a paragraph, '[id]:' with nothing after it) and read back by argmap.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

import argmap
from argmap.interchange import argdown
from tests import argdown_golden as golden
from tests.profile import examples
from tests.strategies import argument_maps

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.argmap"))
CLI = golden.argdown_cli()
needs_cli = pytest.mark.skipif(CLI is None, reason="the Argdown CLI (npm @argdown/cli, with Node.js) is not "
                               "installed; .ci/run installs it where npm is present; test_shapes_argdown_refused "
                               "covers the same outputs without it")


def _argdowns_counts(text: str) -> tuple[int, int]:
    assert CLI is not None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.argdown"
        path.write_text(text, encoding="utf-8")
        data = golden.export(CLI, path)
    assert not data["refused"], (data["errors"], text)
    statements = [t for t in data["statements"] if not t.startswith("argmap:conclusion:")]
    return len(statements), len(data["arguments"])


def _shapes(text: str) -> None:
    lines = text.split("\n")
    assert not [line for line in lines if re.fullmatch(r"(?:\(\d+\) )?\[[^\]]*\]:\s*(?:\{[^}]*\})?", line)], text
    paragraph_starts = [b for a, b in zip(["", *lines], lines, strict=False) if not a.strip()]
    assert not [line for line in paragraph_starts if line.startswith("<_")], text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_shapes_argdown_refused(path: Path) -> None:
    m = argmap.load(path)
    text = argdown.dumps(m)
    _shapes(text)
    assert argdown.loads(text) == m


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_written_examples_are_what_argdown_accepted(path: Path) -> None:
    """Without Node.js: the Argdown argmap writes for each example is the text whose ``argdown json``
    output is kept in tests/fixtures/argdown-written/, and that output has the map's counts."""
    m = argmap.load(path)
    kept = golden.WRITTEN / (path.stem + ".argdown")
    if argdown.dumps(m) != kept.read_text(encoding="utf-8"):
        pytest.skip("the example or the writer changed since the kept Argdown output was made: rerun "
                    "python -m tests.argdown_golden with the CLI; meanwhile test_shapes_argdown_refused and, "
                    "in CI, test_argdown_accepts_every_example cover it")
    data = json.loads((golden.WRITTEN / (path.stem + ".json")).read_text(encoding="utf-8"))
    assert not data["refused"]
    statements = [t for t in data["statements"] if not t.startswith("argmap:conclusion:")]
    assert (len(statements), len(data["arguments"])) == (len(m.statements), len(m.arguments))


@pytest.mark.slow
@needs_cli
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_argdown_accepts_every_example(path: Path) -> None:
    m = argmap.load(path)
    assert _argdowns_counts(argdown.dumps(m)) == (len(m.statements), len(m.arguments))


@pytest.mark.slow
@needs_cli
@settings(max_examples=examples(40), deadline=None)
@given(argument_maps())
def test_argdown_accepts_generated_maps(m: argmap.ArgumentMap) -> None:
    """Maps of every construct: attacks by arguments, arguments bearing on several nodes, unnamed nodes,
    empty texts, undercuts of undercuts, sections, tags, metadata."""
    text = argdown.dumps(m, warnings=[])
    _shapes(text)
    assert _argdowns_counts(text) == (len(m.statements), len(m.arguments))


@settings(max_examples=examples(50), deadline=None)
@given(argument_maps())
def test_generated_maps_have_no_shape_argdown_refuses(m: argmap.ArgumentMap) -> None:
    _shapes(argdown.dumps(m, warnings=[]))
