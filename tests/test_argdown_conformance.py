"""Argdown's own files: argmap reads each as Argdown does, and docs/interchange.md shows the table.

The goldens are what ``argdown json`` made of each file (tests/argdown_golden.py); the comparison and
its mapping are in tests/argdown_conformance.py.  The slow test checks the goldens against the real
Argdown CLI where Node.js and @argdown/cli are installed (.ci/run installs them).
"""

from __future__ import annotations

import json

import pytest

from tests import argdown_conformance as conformance
from tests import argdown_golden as golden

OUTCOMES = conformance.outcomes()


def test_the_conformance_table_in_the_docs_is_current() -> None:
    doc = conformance.DOC.read_text(encoding="utf-8")
    assert conformance.documented(doc) == conformance.table(OUTCOMES), \
        "docs/interchange.md's table is stale: run python -m tests.argdown_conformance --write"


def test_at_least_95_percent_of_argdowns_files_conform() -> None:
    good = [o for o in OUTCOMES if o.conforms]
    assert len(OUTCOMES) == 23  # every .argdown file of Argdown's examples/ and packages/argdown-core/test/
    assert len(good) * 100 >= 95 * len(OUTCOMES), [(o.path.name, o.verdict, o.detail) for o in OUTCOMES
                                                    if not o.conforms]


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.path.name)
def test_no_file_is_refused_that_argdown_reads(outcome: conformance.Outcome) -> None:
    assert outcome.verdict not in ("refused", "differs"), outcome.detail


def test_losses_are_located_warnings() -> None:
    """Every warning of a file read with losses names a line and column on a non-blank character."""
    from argmap.errors import Diagnostic
    from argmap.interchange import argdown

    for outcome in OUTCOMES:
        if outcome.verdict != "losses":
            continue
        text = outcome.path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        warnings: list[Diagnostic] = []
        argdown.loads(text, warnings=warnings)
        lines = text.split("\n")
        for w in warnings:
            assert w.span is not None, w
            line = lines[w.span.line - 1]
            assert w.span.column <= len(line) and not line[w.span.column - 1].isspace(), (outcome.path.name, w)


@pytest.mark.slow
@pytest.mark.skipif(golden.argdown_cli() is None,
                    reason="the Argdown CLI (npm @argdown/cli, with Node.js) is not installed; .ci/run installs it "
                    "where npm is present, and the goldens it made are checked in")
@pytest.mark.parametrize("source", golden.sources(), ids=lambda p: p.name)
def test_goldens_are_argdowns_output(source: object) -> None:
    cli = golden.argdown_cli()
    assert cli is not None
    fresh = golden.export(cli, source)  # type: ignore[arg-type]
    assert fresh == json.loads(golden.golden_path(source).read_text(encoding="utf-8"))  # type: ignore[arg-type]
