"""The ``argmap`` command line: exit codes, messages, and files written or left alone."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap.cli import main

TEA = """\
title: Tea
author: A. Student

# Claims

thesis tea: Tea is good for you. #health
  + claim antiox: It is full of antioxidants.
      + evidence study: A 2019 review found antioxidant effects.
          date: 2019
          source: Journal of Examples
          url: https://example.org/review
  - claim caffeine: It contains caffeine.
      _ claim little: The dose in a cup is small.   // undercut: attacks caffeine's link to tea
  + argument habit: A daily habit that helps
      premise: Drinking something warm calms people.
      premise calm: Calm people decide better.

## Replies

@caffeine
  - claim decaf: Decaffeinated tea exists.
    + @study
"""

# The same map, laid out untidily: 4-space indentation, stray blanks.
MESSY = """\
title: Tea


thesis tea:   Tea is good for you.
    + claim antiox: It is full of antioxidants.
          + evidence study: A 2019 review found antioxidant effects.
    - claim caffeine: It contains caffeine.
"""

# Line 2: a node line without its colon.
SYNTAX_ERROR = """\
thesis tea: Tea is good for you.
  + claim antiox It is full of antioxidants.
"""

UNKNOWN_REFERENCE = """\
thesis tea: Tea is good for you.
  + @antioxx
"""

OLD = b"previous contents\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tea(tmp_path: Path) -> Path:
    return write(tmp_path, "tea.argmap", TEA)


def assert_no_traceback(err: str) -> None:
    assert "Traceback" not in err


# -- version, help, usage ------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"argmap {argmap.__version__}"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("render", "check", "fmt"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["render"],
        ["check"],
        ["fmt"],
        ["render", "x.argmap", "-f", "gif"],
        ["render", "x.argmap", "--engine", "magic"],
        ["check", "--no-such-option", "x.argmap"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "usage:" in captured.err


# -- render ---------------------------------------------------------------


def test_render_default_output_is_svg_beside_input(
    tea: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(tea)]) == 0
    svg = tea.with_suffix(".svg")
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    assert "antioxidants" in svg.read_text(encoding="utf-8")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(svg) in captured.err


def test_render_quiet_prints_nothing(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "-q", str(tea), "-o", str(tea.parent / "out.svg")]) == 0
    assert capsys.readouterr() == ("", "")


def test_render_format_from_output_suffix(tea: Path) -> None:
    out = tea.parent / "map.png"
    assert main(["render", str(tea), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_render_format_option(tea: Path) -> None:
    assert main(["render", str(tea), "-f", "dot"]) == 0
    assert "digraph" in tea.with_suffix(".dot").read_text(encoding="utf-8")


def test_render_to_stdout(tea: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["render", str(tea), "-o", "-", "-f", "dot"]) == 0
    captured = capsysbinary.readouterr()
    assert b"digraph" in captured.out
    assert not (tea.parent / "-").exists()


def test_render_embedded_engine(tea: Path) -> None:
    out = tea.parent / "embedded.svg"
    assert main(["render", str(tea), "-o", str(out), "--engine", "embedded"]) == 0
    ET.fromstring(out.read_bytes())


def test_render_unknown_output_suffix_is_usage_error(
    tea: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tea.parent / "map.txt"
    assert main(["render", str(tea), "-o", str(out)]) == 2
    assert "-f" in capsys.readouterr().err
    assert not out.exists()


def test_render_refuses_output_equal_to_input(
    tea: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tea.parent)
    for out in (str(tea), "./tea.argmap", "../" + tea.parent.name + "/tea.argmap"):
        assert main(["render", "tea.argmap", "-o", out, "-f", "svg"]) == 2
        assert "input" in capsys.readouterr().err
        assert tea.read_text(encoding="utf-8") == TEA


def test_render_refuses_default_output_equal_to_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = write(tmp_path, "map.svg", TEA)
    assert main(["render", str(odd)]) == 2
    assert odd.read_text(encoding="utf-8") == TEA


def test_render_syntax_error_reports_location_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.argmap", SYNTAX_ERROR)
    out = tmp_path / "bad.svg"
    out.write_bytes(OLD)
    assert main(["render", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.search(re.escape(str(bad)) + r":2:\d+: error: ", captured.err), captured.err
    assert_no_traceback(captured.err)
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.argmap", "bad.svg"]


def test_render_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.argmap"
    assert main(["render", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "error" in err
    assert_no_traceback(err)
    assert list(tmp_path.iterdir()) == []


def test_render_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.argmap"
    bad.write_bytes("thesis t: Café au lait.\n".encode("latin-1"))
    out = tmp_path / "latin1.svg"
    out.write_bytes(OLD)
    assert main(["render", str(bad)]) == 1
    err = capsys.readouterr().err
    # The loader may point at the offending byte (FILE:LINE:COL) or not.
    assert re.search(re.escape(str(bad)) + r"(:\d+:\d+)?: error: .*not UTF-8 text", err), err
    assert_no_traceback(err)
    assert out.read_bytes() == OLD


def test_render_refuses_map_with_check_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "ref.argmap", UNKNOWN_REFERENCE)
    out = tmp_path / "ref.svg"
    out.write_bytes(OLD)
    assert main(["render", str(bad)]) == 1
    err = capsys.readouterr().err
    assert re.search(re.escape(str(bad)) + r":2:\d+: error: ", err), err
    assert out.read_bytes() == OLD


def test_render_error_leaves_existing_output(
    tea: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A PATH with no 'dot' on it: the system engine must fail cleanly.
    empty = tea.parent / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tea.with_suffix(".svg")
    out.write_bytes(OLD)
    assert main(["render", str(tea), "--engine", "system"]) == 1
    err = capsys.readouterr().err
    assert "error" in err
    assert_no_traceback(err)
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tea.parent.iterdir()) == ["empty-bin", "tea.argmap", "tea.svg"]


def test_render_into_missing_directory(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tea), "-o", str(tea.parent / "no" / "such" / "dir.svg")]) == 1
    err = capsys.readouterr().err
    assert "error" in err
    assert_no_traceback(err)


# -- check ----------------------------------------------------------------


def test_check_clean_file(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(tea)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.splitlines()[-1].startswith("0 errors, ")
    assert out.splitlines()[-1].endswith(" in 1 file")


def test_check_error_exit_1_with_location(
    tmp_path: Path, tea: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "ref.argmap", UNKNOWN_REFERENCE)
    assert main(["check", str(tea), str(bad)]) == 1
    out = capsys.readouterr().out
    assert re.search(re.escape(str(bad)) + r":2:\d+: error: .*\[[a-z-]+\]", out), out
    assert "    + @antioxx" in out  # the source line is quoted
    assert re.search(r"^[1-9]\d* errors?, \d+ warnings? in 2 files$", out, re.M), out


def test_check_syntax_error_counts_and_continues(
    tmp_path: Path, tea: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.argmap", SYNTAX_ERROR)
    missing = tmp_path / "missing.argmap"
    assert main(["check", str(bad), str(missing), str(tea)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2:" in out
    assert f"{missing}: error: cannot read" in out
    assert_no_traceback(out)
    assert re.search(r"^2 errors, \d+ warnings? in 3 files$", out, re.M), out


def _fake_check(severity: argmap.Severity) -> object:
    def check(m: argmap.ArgumentMap) -> list[argmap.Diagnostic]:
        return [
            argmap.Diagnostic(
                severity, "test-code", "something to look at", argmap.Span(1, 8), hint="a hint"
            )
        ]

    return check


def test_check_warnings_pass_unless_strict(
    tea: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(argmap, "check", _fake_check(argmap.Severity.WARNING))
    assert main(["check", str(tea)]) == 0
    out = capsys.readouterr().out
    assert f"{tea}:1:8: warning: something to look at [test-code]" in out
    assert "hint: a hint" in out
    assert out.splitlines()[-1] == "0 errors, 1 warning in 1 file"
    assert main(["check", "--strict", str(tea)]) == 1


def test_check_errors_fail_without_strict(
    tea: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(argmap, "check", _fake_check(argmap.Severity.ERROR))
    assert main(["check", str(tea), str(tea)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "2 errors, 0 warnings in 2 files"


def test_check_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(UNKNOWN_REFERENCE.encode())))
    assert main(["check", "-"]) == 1
    assert "<stdin>:2:" in capsys.readouterr().out


# -- fmt ------------------------------------------------------------------


def test_fmt_rewrites_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = write(tmp_path, "messy.argmap", MESSY)
    before = argmap.parse(MESSY)
    assert main(["fmt", str(messy)]) == 0
    text = messy.read_text(encoding="utf-8")
    assert text != MESSY
    assert text == argmap.dumps(before)
    assert argmap.parse(text) == before
    assert "reformatted" in capsys.readouterr().err

    stat = messy.stat()
    assert main(["fmt", str(messy)]) == 0
    assert capsys.readouterr() == ("", "")
    assert messy.stat().st_mtime_ns == stat.st_mtime_ns
    assert messy.stat().st_ino == stat.st_ino  # not even replaced


def test_fmt_check_lists_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = write(tmp_path, "messy.argmap", MESSY)
    tidy = write(tmp_path, "tidy.argmap", argmap.dumps(argmap.parse(MESSY)))
    assert main(["fmt", "--check", str(messy), str(tidy)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(messy)]
    assert "1 file would be reformatted" in captured.err
    assert messy.read_text(encoding="utf-8") == MESSY

    assert main(["fmt", "--check", str(tidy)]) == 0
    assert capsys.readouterr().out == ""


def test_fmt_syntax_error_leaves_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.argmap", SYNTAX_ERROR)
    messy = write(tmp_path, "messy.argmap", MESSY)
    assert main(["fmt", str(bad), str(messy)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err
    assert_no_traceback(err)
    assert bad.read_text(encoding="utf-8") == SYNTAX_ERROR
    # The other file is still formatted.
    assert messy.read_text(encoding="utf-8") != MESSY


def test_fmt_refuses_when_round_trip_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = write(tmp_path, "messy.argmap", MESSY)
    # A formatter that loses the last line must never reach the disk.
    import argmap.cli

    monkeypatch.setattr(argmap.cli, "format_text",
                        lambda text, source=None: "title: Tea\n\nthesis tea: Tea is good for you.\n")
    assert main(["fmt", str(messy)]) == 1
    assert "left untouched" in capsys.readouterr().err
    assert messy.read_text(encoding="utf-8") == MESSY
    assert [p.name for p in tmp_path.iterdir()] == ["messy.argmap"]


COMMENTED = """\
thesis tea: Tea is good for you.   // the conclusion
    + claim antiox: It is full of antioxidants.
        note: "not // a comment"
"""


def test_fmt_keeps_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "commented.argmap", COMMENTED)
    assert main(["fmt", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text == (
        "thesis tea: Tea is good for you.   // the conclusion\n"
        "  + claim antiox: It is full of antioxidants.\n"
        '    note: "not // a comment"\n'
    )
    assert argmap.parse(text) == argmap.parse(COMMENTED)
    assert main(["fmt", "--check", str(path)]) == 0


def test_fmt_quoted_slashes_are_not_comments(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "quoted.argmap",
        'thesis t: T.\n    + claim c: C.\n        note: "a // b"\n        url: https://x.org//a\n',
    )
    assert main(["fmt", str(path)]) == 0
    assert "https://x.org//a" in path.read_text(encoding="utf-8")


def test_fmt_stdin_to_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode())))
    assert main(["fmt", "-"]) == 0
    assert capsys.readouterr().out == argmap.dumps(argmap.parse(MESSY))


# -- the installed command --------------------------------------------------


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / ("argmap.exe" if os.name == "nt" else "argmap")
    if script.exists():
        return [str(script)]
    found = shutil.which("argmap")
    return [found] if found else [sys.executable, "-m", "argmap"]


def test_console_script(tea: Path) -> None:
    version = subprocess.run(
        [*_console_script(), "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0
    assert version.stdout.strip() == f"argmap {argmap.__version__}"

    bad = tea.parent / "bad.argmap"
    bad.write_text(SYNTAX_ERROR, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "check", str(tea), str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{bad}:2:" in result.stdout
    assert_no_traceback(result.stderr)


# -- eval -------------------------------------------------------------------


def test_eval_table_thesis_first(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tea)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "kind", "grounded", "text"]
    assert lines[1].split()[:3] == ["tea", "thesis", "in"]
    rows = {line.split()[0]: line.split()[2] for line in lines[1:]}
    assert rows["caffeine"] == "out" and rows["decaf"] == "in"


def test_eval_json_strengths(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["eval", str(tea), "--semantics", "dfquad", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["semantics"] == "dfquad" and data["status"] == "ok"
    assert data["nodes"][0]["id"] == "tea" and data["nodes"][0]["kind"] == "thesis"
    assert all(0.0 <= n["value"] <= 1.0 for n in data["nodes"])
    assert "_attack:caffeine>tea" in data["links"]


def test_eval_framework_export_to_file(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tea.parent / "tea.i23"
    assert main(["eval", str(tea), "--framework", "i23", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("p af ") and "# 1 tea\n" in text
    assert capsys.readouterr().out == ""
    assert main(["eval", str(tea), "--framework", "apx"]) == 0
    assert 'att(decaf,caffeine).' in capsys.readouterr().out


def test_eval_refuses_map_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.argmap", UNKNOWN_REFERENCE)
    assert main(["eval", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "nothing evaluated" in err
    assert_no_traceback(err)


def test_eval_unknown_semantics_is_usage_error(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tea), "--semantics", "dung"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_eval_not_converged_warns_and_still_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    swing = write(
        tmp_path,
        "swing.argmap",
        "thesis t: T.\n  - claim a: A.\n    weight: 1\n    - claim b: B.\n      weight: 1\n      - @a\n",
    )
    assert main(["eval", str(swing), "-s", "dfquad"]) == 0
    captured = capsys.readouterr()
    assert f"{swing}: warning: a cycle of the map did not settle" in captured.err
    assert captured.out.splitlines()[1].split()[0] == "t"


# -- render: options, many files, watch ------------------------------------


def test_render_options_reach_the_drawing(tea: Path) -> None:
    out = tea.with_suffix(".dot")
    argv = ["render", str(tea), "-o", str(out), "-q", "--rankdir", "LR", "--theme", "mono", "--legend",
            "--tag-color", "health=#c0392b", "--hide", "evidence", "--wrap", "20"]
    assert main(argv) == 0
    expected = argmap.to_dot(argmap.load(tea), argmap.RenderOptions(
        rankdir="LR", theme="mono", legend=True, tag_colors={"health": "#c0392b"}, hide=["evidence"], wrap=20))
    assert out.read_text(encoding="utf-8") == expected


def test_render_focus_and_timeline(tea: Path) -> None:
    out = tea.with_suffix(".dot")
    assert main(["render", str(tea), "-o", str(out), "-q", "--focus", "caffeine", "--depth", "1"]) == 0
    assert "id=antiox" not in out.read_text(encoding="utf-8") and "id=little" in out.read_text(encoding="utf-8")
    assert main(["render", str(tea), "-o", str(out), "-q", "--timeline"]) == 0
    assert "timeline_axis" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--depth", "2"], "--depth needs --focus ID"),
        (["--tag-color", "health"], "bad tag colour 'health'"),
        (["--hide", "claims"], "cannot hide 'claims'"),
        (["--wrap", "0"], "wrap must be at least 1"),
    ],
)
def test_render_bad_options_are_usage_errors(
    tea: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(tea), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "usage: argmap render" in err
    assert not tea.with_suffix(".svg").exists()


def test_render_unknown_focus_exits_1(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tea), "--focus", "cafeine"]) == 1
    assert "did you mean 'caffeine'" in capsys.readouterr().err


def test_render_many_files_into_a_folder(tmp_path: Path, tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write(tmp_path, "other.argmap", "thesis t: Tea.\n")
    broken = write(tmp_path, "broken.argmap", "thesis t: T.\n\tclaim c: C.\n")
    outdir = tmp_path / "out" / "maps"
    assert main(["render", str(tea), str(broken), str(other), "-d", str(outdir), "-f", "dot"]) == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["other.dot", "tea.dot"]
    err = capsys.readouterr().err
    assert f"{broken}:2:1: error" in err and f"wrote {outdir / 'other.dot'}" in err


def test_render_output_takes_one_file(tea: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tea), str(tea), "-o", str(tmp_path / "x.svg")]) == 2
    assert "-o takes one FILE" in capsys.readouterr().err


def test_render_warns_about_a_dropped_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.argmap", "thesis t: T.\n  + evidence e: E.\n    url: javascript:alert(1)\n")
    assert main(["render", str(bad), "-f", "dot"]) == 0
    assert f"{bad}: warning: url of 'e' (line 2) dropped" in capsys.readouterr().err


def test_render_watch_rerenders_and_survives_errors(
    tea: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argmap.cli

    out = tea.with_suffix(".dot")
    good = tea.read_text(encoding="utf-8")
    steps = [
        lambda: None,  # nothing changed: no render
        lambda: tea.write_text(good.replace("Tea is good", "Tea is great"), encoding="utf-8"),
        lambda: tea.write_text("thesis t: T.\n\tbad\n", encoding="utf-8"),  # a syntax error
        lambda: tea.write_text(good.replace("Tea is good", "Tea is fine"), encoding="utf-8"),
    ]
    seen: list[str] = []

    def fake_sleep(seconds: float) -> None:
        seen.append(out.read_text(encoding="utf-8"))
        if not steps:
            raise KeyboardInterrupt
        before = tea.read_bytes()
        steps.pop(0)()
        if tea.read_bytes() != before:  # a new mtime even within the file system's clock tick
            stat = tea.stat()
            os.utime(tea, ns=(stat.st_atime_ns, stat.st_mtime_ns + len(seen) * 10**9))

    monkeypatch.setattr(argmap.cli, "_sleep", fake_sleep)
    assert main(["render", str(tea), "-f", "dot", "--watch"]) == 0
    assert ["Tea is good" in s for s in seen] == [True, True, False, False, False]
    assert "Tea is great" in seen[2] and "Tea is great" in seen[3]  # the last good drawing stays
    assert "Tea is fine" in seen[4]
    err = capsys.readouterr().err
    assert "watching 1 file" in err and f"{tea}:2:1: error" in err and "kept the last good" in err
    assert err.count("argmap: wrote") == 3


def test_render_watch_refuses_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "-", "-o", "-", "--watch"]) == 2
    assert "--watch needs files" in capsys.readouterr().err


def test_the_command_entry_point_runs_main_with_the_collector_on_and_exits_with_its_status(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # argmap.__main__.run is what the 'argmap' script and 'python -m argmap' call: the imports
    # run with the collector off and the objects are frozen at the end (a faster start and exit,
    # docs/performance.md), but the command itself must find the collector as it was.
    import gc

    import argmap.cli
    from argmap.__main__ import run

    seen: list[bool] = []

    def command(argv: list[str] | None = None) -> int:
        seen.append(gc.isenabled())
        return 3

    monkeypatch.setattr(argmap.cli, "main", command)
    try:
        with pytest.raises(SystemExit) as exit:
            run()
    finally:
        gc.unfreeze()
    assert exit.value.code == 3
    assert seen == [True]


def test_python_dash_m_argmap_runs_the_command(tmp_path: Path) -> None:
    out = tmp_path / "tea.json"
    source = write(tmp_path, "tea.argmap", TEA)
    done = subprocess.run([sys.executable, "-m", "argmap", "convert", str(source), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert argmap.interchange.read(out).statements
    bad = subprocess.run([sys.executable, "-m", "argmap", "check", str(tmp_path / "missing.argmap")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "missing.argmap: error: cannot read" in bad.stdout + bad.stderr


@pytest.mark.parametrize("command, collector", [(["lsp"], True), (["serve", "x.argmap"], True),
                                                (["check", "x.argmap"], False)])
def test_commands_that_run_until_stopped_keep_the_collector_on(
        command: list[str], collector: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # One command runs with the cyclic collector off (it is short); the language server and the
    # live preview run for hours and must free their cyclic garbage.
    import gc

    import argmap.cli

    seen: list[bool] = []
    handler = {"lsp": "_cmd_lsp", "serve": "_cmd_serve", "check": "_cmd_check"}[command[0]]
    monkeypatch.setattr(argmap.cli, handler, lambda args: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert main(command) == 0
    assert seen == [collector]
    assert gc.isenabled()


@pytest.mark.parametrize(("blocked", "fmt", "package"), [
    (["resvg_py", "svglib", "reportlab"], "png", "resvg-py"),   # no convert extra at all
    (["resvg_py", "svglib", "reportlab"], "pdf", "svglib"),
    (["svglib", "reportlab"], "png", "svglib"),                  # resvg-py alone: the shipped font is read by reportlab
])
def test_png_and_pdf_without_the_convert_extra_say_how_to_install_it(
        tmp_path: Path, blocked: list[str], fmt: str, package: str) -> None:
    # A fresh `pip install .` has no convert extra; `render -o x.png` gave a traceback (reportlab, read
    # for the shipped font's letters before the converter was looked for).
    source, out = write(tmp_path, "tea.argmap", TEA), tmp_path / f"tea.{fmt}"
    code = (f"import sys; sys.modules.update(dict.fromkeys({blocked!r}))\n"
            "from argmap.cli import main\n"
            f"sys.exit(main(['render', {str(source)!r}, '-o', {str(out)!r}, '--engine', 'embedded']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"writing {fmt.upper()} with the embedded engine needs the package {package!r}: " \
           "pip install 'argmap[convert]'" in run.stderr
    assert not out.exists()
