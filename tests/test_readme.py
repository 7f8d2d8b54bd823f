"""The README's example map and library tour run as written."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import argmap

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def block(after: str, fence: str) -> str:
    start = README.index(f"```{fence}\n", README.index(after)) + len(fence) + 4
    return README[start : README.index("```", start)]


def test_the_notation_example_parses_and_checks_clean() -> None:
    m = argmap.parse(block("## The notation in one example", ""))
    assert [d for d in argmap.check(m) if d.severity is argmap.Severity.ERROR] == []
    assert {s.id for s in m.theses} == {"tea"}


def test_the_library_tour_runs(tmp_path: Path) -> None:
    (tmp_path / "tea.argmap").write_text(block("## The notation in one example", ""), encoding="utf-8")
    code = block("## The library", "python")
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    promised = re.search(r"# (\[.*\])", code)
    assert promised and out.getvalue().splitlines()[0] == promised.group(1)
    assert (tmp_path / "tea.svg").read_bytes().startswith(b"<?xml")
    assert argmap.read(tmp_path / "tea.json") == argmap.load(tmp_path / "tea.argmap")
