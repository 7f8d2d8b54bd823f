"""Structured errors: every ArgmapError can carry a place, a stable code and a hint,
and the command line prints them all the same way."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import argmap
from argmap.cli import main
from argmap.errors import ArgmapError, ArgmapRenderError, ArgmapSyntaxError
from argmap.evaluate import ArgmapEvaluationError


def test_every_error_class_has_a_place_a_code_and_a_hint() -> None:
    for cls, code in ((ArgmapError, "error"), (ArgmapRenderError, "render"),
                      (ArgmapEvaluationError, "evaluation"), (ArgmapSyntaxError, "syntax")):
        plain = cls("it broke")
        assert (plain.message, plain.code, plain.hint) == ("it broke", code, None)
        placed = cls("it broke", source="m.argmap", line=2, column=5, end_line=2, end_column=9,
                     code="demo", hint="mend it", text="thesis t: T.\n  + @nope\n")
        assert placed.span == argmap.Span(2, 5, 2, 9) and placed.code == "demo"
        assert str(placed).splitlines() == ["m.argmap:2:5: error: it broke", "      + @nope", "        ^",
                                            "hint: mend it"]


def test_an_error_without_a_place_reads_as_its_message_and_pickles() -> None:
    error = ArgmapRenderError("no engine")
    assert str(error) == "no engine" and error.span is None
    assert error.format("x.argmap") == "x.argmap: error: no engine"
    assert str(pickle.loads(pickle.dumps(error))) == "no engine"


def test_a_time_limit_is_a_render_error_with_its_own_code() -> None:
    from argmap.engines import GraphvizTimeout

    error = GraphvizTimeout("stopped")
    assert isinstance(error, ArgmapRenderError) and error.code == "timeout"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args)
    return status, capsys.readouterr().err


def test_the_command_line_prints_every_kind_of_error_alike(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A syntax error, a render error that has no place in the text, and a
    # finding of the checks (which eval and render run first): one format.
    broken = tmp_path / "broken.argmap"
    broken.write_text("thesis t: T.\n  + claim c C.\n", encoding="utf-8")
    fine = tmp_path / "fine.argmap"
    fine.write_text("thesis t: T.\n  + claim c: C.\n", encoding="utf-8")
    weighty = tmp_path / "weighty.argmap"
    weighty.write_text("thesis t: T.\n  + claim c: C.\n    weight: 2\n", encoding="utf-8")
    reports = {
        "syntax": _run(["render", str(broken), "-o", str(tmp_path / "b.svg")], capsys),
        "render": _run(["render", str(fine), "--focus", "nosuch", "-o", str(tmp_path / "f.svg")], capsys),
        "check": _run(["eval", str(weighty)], capsys),
    }
    for kind, (status, err) in reports.items():
        assert status == 1, kind
        first = err.splitlines()[0]
        assert first.startswith(str(tmp_path)) and ": error: " in first, (kind, err)
    assert reports["syntax"][1].startswith(f"{broken}:2:13: error: missing ':'")
    assert reports["render"][1].startswith(f"{fine}: error: ") and "nosuch" in reports["render"][1]
    assert reports["check"][1].startswith(f"{weighty}:2:3: error: weight '2'")
    assert all("\nhint: " in err for kind, (_, err) in reports.items() if kind != "render")
