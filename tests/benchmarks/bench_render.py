"""Render times for both engines: first render in a fresh process, then warm renders.

    .venv/bin/python tests/benchmarks/bench_render.py [MAP] [--repeat N]

"first" runs a new Python process that imports argmap and draws MAP once, and
reports the time of that render alone (not the interpreter's start-up):
for the embedded engine once with an empty module cache (the WebAssembly is
compiled) and once with the cache filled by that run (the compiled module is
loaded).  "warm" is the median of N more renders in one process.  PNG and PDF
from the embedded engine add the SVG converters' time.  Not collected by
pytest (its name does not start with test_).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST = """
import sys, time, argmap
from argmap.render import render_bytes
m = argmap.load(sys.argv[1])
t = time.perf_counter()
render_bytes(m, "svg", engine=sys.argv[2])
print(time.perf_counter() - t)
"""


def first(map_path: Path, engine: str, cache: Path | None) -> float:
    env = dict(os.environ)
    env["ARGMAP_CACHE_DIR"] = str(cache) if cache is not None else ""
    out = subprocess.run([sys.executable, "-c", FIRST, str(map_path), engine],
                         env=env, capture_output=True, text=True, check=True)
    return float(out.stdout)


def warm(map_path: Path, engine: str, fmt: str, repeat: int) -> float:
    import argmap
    from argmap.render import render_bytes

    m = argmap.load(map_path)
    render_bytes(m, fmt, engine=engine)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        render_bytes(m, fmt, engine=engine)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", default=str(ROOT / "examples" / "china-north-korea.argmap"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    map_path = Path(args.map)
    engines = ["embedded"] + (["system"] if shutil.which("dot") else [])
    print(f"map: {map_path.name}; times in ms; warm = median of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        print(f"embedded  first render, no cache (compile)     {first(map_path, 'embedded', cache) * 1000:8.1f}")
        print(f"embedded  first render, cached module          {first(map_path, 'embedded', cache) * 1000:8.1f}")
        print(f"embedded  first render, cache turned off       {first(map_path, 'embedded', None) * 1000:8.1f}")
    if "system" in engines:
        print(f"system    first render                         {first(map_path, 'system', None) * 1000:8.1f}")
    for engine in engines:
        for fmt in ("svg", "png", "pdf"):
            print(f"{engine:9} warm {fmt}                                {warm(map_path, engine, fmt, args.repeat) * 1000:8.1f}")
    if "system" not in engines:
        print("system    (no 'dot' on PATH: not measured)")


if __name__ == "__main__":
    main()
