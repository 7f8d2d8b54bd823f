"""No lost work: argmap never overwrites its input, never half-writes a file,
``fmt`` never changes what a file means and leaves it alone on error, and
``render --watch`` survives a file that vanishes or is half-saved."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import argmap
import argmap.cli
from argmap._io import atomic_write
from argmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
MAPS = sorted((ROOT / "examples").glob("*.argmap")) + sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.argmap")) \
    + sorted((ROOT / "tests" / "fixtures" / "hostile").glob("*.argmap"))
TEA = (ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8")


@pytest.fixture
def tea(tmp_path: Path) -> Path:
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- the output is never the input --------------------------------------------------

SAME_OUTPUT = {
    "render -o": lambda p: ["render", str(p), "-o", str(p), "-f", "svg"],
    "render -o -f dot": lambda p: ["render", str(p), "-f", "dot", "-o", str(p)],
    "eval -o": lambda p: ["eval", str(p), "-o", str(p)],
    "eval --framework -o": lambda p: ["eval", str(p), "--framework", "apx", "-o", str(p)],
    "convert": lambda p: ["convert", str(p), str(p), "--to", "json"],
}


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
@pytest.mark.parametrize("command", SAME_OUTPUT)
def test_an_output_equal_to_the_input_is_refused(command: str, how: str, tea: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tea
    if how == "symlink":
        out = tea.with_name("link.argmap")
        try:
            out.symlink_to(tea)
        except OSError:
            pytest.skip("this file system has no symlinks; 'same path' covers the check")
    elif how == "hard link":
        out = tea.with_name("hard.argmap")
        try:
            os.link(tea, out)
        except OSError:
            pytest.skip("this file system has no hard links; 'same path' covers the check")
    elif how == "relative path":
        monkeypatch.chdir(tea.parent)
        out = Path(".") / ".." / tea.parent.name / tea.name
    argv = SAME_OUTPUT[command](tea)
    argv[argv.index(str(tea), 2)] = str(out)
    before = snapshot(tea.parent)
    assert main(argv) == 2
    assert "is the input file" in capsys.readouterr().err
    assert snapshot(tea.parent) == before


def test_render_refuses_an_input_whose_name_is_its_default_output(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "map.svg"  # an argmap file with a drawing's name: `render map.svg` would write map.svg
    odd.write_text(TEA, encoding="utf-8")
    assert main(["render", str(odd)]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert odd.read_text(encoding="utf-8") == TEA


# -- files are replaced whole, or not at all ------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.svg"
    target.write_bytes(b"old drawing")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(target, b"new drawing")
    assert snapshot(tmp_path) == {"out.svg": b"old drawing"}


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "tea.argmap"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("argv", [["render", "{bad}", "-f", "dot", "-o", "{out}"], ["convert", "{bad}", "{out}"]])
def test_bad_input_leaves_the_old_output(argv: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.argmap"
    bad.write_text("thesis t: T.\n  + claim c: C.\n  + @missing\n\tbroken\n", encoding="utf-8")
    out = tmp_path / ("out.dot" if argv[0] == "render" else "out.json")
    out.write_text("the last good output", encoding="utf-8")
    assert main([a.format(bad=bad, out=out) for a in argv]) == 1
    assert out.read_text(encoding="utf-8") == "the last good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.argmap", out.name]


# -- fmt ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_fmt_never_changes_what_a_file_means(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before = argmap.load(copy)
    assert main(["fmt", str(copy)]) == 0
    assert argmap.load(copy) == before
    formatted = copy.read_bytes()
    assert main(["fmt", str(copy)]) == 0  # and a second run changes nothing
    assert copy.read_bytes() == formatted


def test_fmt_leaves_a_file_with_a_syntax_error_untouched(tea: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tea.write_text(TEA.replace("  + argument habit", "\t+ argument habit"), encoding="utf-8")  # a tab: an error
    before = tea.read_bytes(), tea.stat().st_mtime_ns
    assert main(["fmt", str(tea)]) == 1
    assert (tea.read_bytes(), tea.stat().st_mtime_ns) == before
    assert [p.name for p in tea.parent.iterdir()] == [tea.name]
    assert f"{tea}:" in capsys.readouterr().err


@pytest.mark.parametrize("broken", [
    lambda text: text.replace("It contains caffeine", "It contains sugar"),  # another meaning
    lambda text: text + "\n\tnot argmap\n",  # does not parse
], ids=["changes-meaning", "does-not-parse"])
def test_fmt_refuses_output_that_would_change_the_map(broken: Callable[[str], str], tea: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import argmap.cli

    real = argmap.cli.format_text
    monkeypatch.setattr(argmap.cli, "format_text", lambda text, source=None: broken(real(text, source=source)))
    tea.write_text(TEA, encoding="utf-8")
    before = tea.read_bytes(), tea.stat().st_mtime_ns
    assert main(["fmt", str(tea)]) == 1
    assert (tea.read_bytes(), tea.stat().st_mtime_ns) == before
    assert "file left untouched" in capsys.readouterr().err


def test_fmt_leaves_the_file_whole_when_writing_fails(tea: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    tea.write_text(TEA.replace("thesis tea:", "thesis   tea:"), encoding="utf-8")
    before = tea.read_bytes()

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert main(["fmt", str(tea)]) == 1
    assert "cannot write: No space left on device" in capsys.readouterr().err
    assert snapshot(tea.parent) == {tea.name: before}


# -- render --watch -------------------------------------------------------------------------


def _watch(tea: Path, steps: list[Callable[[], object]], monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Run ``render --watch`` on *tea*, one step per poll; the drawing (or None) seen after each poll."""
    out = tea.with_suffix(".dot")
    seen: list[str | None] = []

    def fake_sleep(seconds: float) -> None:
        seen.append(out.read_text(encoding="utf-8") if out.exists() else None)
        if not steps:
            raise KeyboardInterrupt
        steps.pop(0)()
        if tea.exists():  # a new mtime even within the file system's clock tick
            st = tea.stat()
            os.utime(tea, ns=(st.st_atime_ns, st.st_mtime_ns + len(seen) * 10**9))

    monkeypatch.setattr(argmap.cli, "_sleep", fake_sleep)
    assert main(["render", str(tea), "-f", "dot", "--watch"]) == 0
    return seen


def test_watch_survives_a_file_that_vanishes_and_comes_back(tea: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    seen = _watch(tea, [
        tea.unlink,  # an editor that deletes, then writes anew
        lambda: None,
        lambda: tea.write_text(TEA.replace("Tea is good", "Tea is back"), encoding="utf-8"),
    ], monkeypatch)
    assert seen[0] is not None and "Tea is good" in seen[0]
    assert seen[1] == seen[2] == seen[0]  # the last good drawing stays while the file is gone
    assert seen[3] is not None and "Tea is back" in seen[3]
    err = capsys.readouterr().err
    assert err.count("cannot read") == 1 and "kept the last good" in err


@pytest.mark.parametrize("half", [
    lambda text: text[: len(text) // 2],  # cut in the middle of a line
    lambda text: text.replace("thesis tea:", "thesis tea").encode()[:2000].decode("utf-8", "ignore"),
    lambda text: "",  # truncated before the new content is written
], ids=["cut-mid-line", "cut-mid-edit", "empty"])
def test_watch_survives_a_half_saved_file(half: Callable[[str], str], tea: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    full = TEA.replace("Tea is good", "Tea is saved")
    seen = _watch(tea, [
        lambda: tea.write_text(half(full), encoding="utf-8"),
        lambda: tea.write_text(full, encoding="utf-8"),
    ], monkeypatch)
    assert seen[0] is not None and "Tea is good" in seen[0]
    assert seen[1] == seen[0]  # the half-saved file did not replace the drawing
    assert seen[2] is not None and "Tea is saved" in seen[2]
    assert "kept the last good" in capsys.readouterr().err


def test_watch_survives_bytes_cut_inside_a_character(tea: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    full = TEA.replace("Tea is good", "Tea is «good»")
    data = full.encode()
    cut = data[: data.index("«".encode()) + 1]  # half of a two-byte character
    seen = _watch(tea, [lambda: tea.write_bytes(cut), lambda: tea.write_bytes(data)], monkeypatch)
    assert seen[1] == seen[0]
    assert seen[2] is not None and "«good»" in seen[2]
    assert "not UTF-8" in capsys.readouterr().err
