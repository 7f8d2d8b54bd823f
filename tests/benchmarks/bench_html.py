"""The interactive HTML map: export time, file size, time to interactive, zoom frame times.

    .venv/bin/python tests/benchmarks/bench_html.py [--sizes 1000,10000] [--engine embedded]

For the seed map (examples/china-north-korea.argmap, 42 statements) and
generated maps of each size (tests/benchmarks/mapgen.py, seed 0), prints:

- export: the time of :func:`argmap.interactive.to_html` (Graphviz layout
  of the map, and of its timeline view up to 3,000 statements, included);
- size: the page's bytes;
- interactive: in headless Chromium (Debian's ``/usr/bin/chromium``, driven
  by Playwright), from the start of navigation to the first frame after the
  page's script has set it up (``performance.now()`` in that frame; the page
  is loaded from ``file://``);
- zoom frames: the page zooms in by 3 % a frame for 40 frames and out again,
  each step in a ``requestAnimationFrame`` callback through the same code as
  the mouse wheel; the gaps between frames are the frame times (median,
  95th percentile and the longest).  Real wheel events are then sent for a
  second and the longest gap between frames then is printed too.  "near": the
  same zoom sequence again from scale 0.1 around the first card (cards'
  texts as grey bars) to 0.33 (texts drawn) and back, its 95th percentile
  and longest frame.

Targets (issue 14): the seed under 400 KB and interactive in under 1 s;
10,000 statements interactive in under 3 s with no zoom frame over 50 ms.
Not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from mapgen import generate  # noqa: E402

import argmap  # noqa: E402
from argmap.interactive import to_html  # noqa: E402
from argmap.render import RenderWarning  # noqa: E402

ZOOM = """() => new Promise(resolve => {
  const m = document.querySelector('.argmap').argmap;
  const times = []; let n = 0; let last = null;
  function frame(t) {
    if (last !== null) times.push(t - last);
    last = t;
    if (n < 80) { m.zoomAt(n < 40 ? 1.03 : 1 / 1.03, 600, 400); n++; requestAnimationFrame(frame); }
    else resolve(times);
  }
  requestAnimationFrame(frame);
})"""
# The same, nearer: from scale 0.1 around the first card (texts as bars) to 0.33 (texts drawn) and back.
NEAR = """() => { const m = document.querySelector('.argmap').argmap; m.reveal(0);
  const v = m.view, s = 0.1, w = m.viewport.clientWidth, h = m.viewport.clientHeight;
  m.view = { s: s, x: w / 2 - (w / 2 - v.x) * s / v.s, y: h / 2 - (h / 2 - v.y) * s / v.s }; m.apply(); }"""
WATCH = """() => { window.__gaps = []; let last = null; window.__stop = false;
  function f(t) { if (last !== null) window.__gaps.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(f); }
  requestAnimationFrame(f); }"""


def measure(browser: object, path: Path, scale: float = 1) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1200, "height": 800},  # type: ignore[attr-defined]
                            device_scale_factor=scale)
    try:
        page.goto(path.as_uri(), timeout=120_000)
        page.wait_for_function("() => document.querySelector('.argmap').argmapReadyAt > 0", timeout=120_000)
        ready = page.evaluate("() => document.querySelector('.argmap').argmapReadyAt")
        frames = page.evaluate(ZOOM)
        page.evaluate(NEAR)
        page.wait_for_timeout(300)
        near = sorted(page.evaluate(ZOOM))
        page.evaluate("() => document.querySelector('.argmap').argmap.fit()")
        page.evaluate(WATCH)
        page.mouse.move(600, 400)
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            page.mouse.wheel(0, -40)
        gaps = page.evaluate("() => { window.__stop = true; return window.__gaps; }")
    finally:
        page.close()
    frames.sort()
    return {
        "interactive": ready / 1000,
        "median": statistics.median(frames),
        "p95": frames[int(0.95 * (len(frames) - 1))],
        "max": frames[-1],
        "wheel_max": max(gaps) if gaps else float("nan"),
        "near_p95": near[int(0.95 * (len(near) - 1))],
        "near_max": near[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="generated map sizes (comma-separated)")
    parser.add_argument("--engine", default="embedded", help="Graphviz engine (default embedded)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--device-scale-factor", type=float, default=1, metavar="N",
                        help="the window's devicePixelRatio (default 1; 2 for a high-density screen)")
    parser.add_argument("--page", action="append", default=[], metavar="HTML",
                        help="measure this page, already exported, instead (repeatable)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if args.page:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for name in args.page:
                path = Path(name).resolve()
                r = measure(browser, path, args.device_scale_factor)
                print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB, interactive {r['interactive']:.2f} s, "
                      f"zoom frames median {r['median']:.1f} ms, p95 {r['p95']:.1f}, max {r['max']:.1f}, "
                      f"wheel max {r['wheel_max']:.1f}; near: p95 {r['near_p95']:.1f}, max {r['near_max']:.1f}",
                      flush=True)
            browser.close()
        return

    maps = [("seed (42)", argmap.load(ROOT / "examples" / "china-north-korea.argmap"))]
    for size in (int(s) for s in args.sizes.split(",") if s):
        maps.append((f"{size:,}", generate(size, seed=0)))
    print(f"{'map':>12} {'export s':>9} {'size KB':>9} {'interactive s':>14} "
          f"{'zoom frame ms: median':>22} {'p95':>6} {'max':>6} {'wheel max':>10} {'near p95':>9} {'max':>6}")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for name, m in maps:
            t = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RenderWarning)
                page = to_html(m, engine=args.engine, timeout=None)
            export = time.perf_counter() - t
            path = Path(folder) / "map.html"
            path.write_text(page, encoding="utf-8")
            r = measure(browser, path, args.device_scale_factor)
            print(f"{name:>12} {export:>9.2f} {len(page.encode()) / 1024:>9.0f} {r['interactive']:>14.2f} "
                  f"{r['median']:>22.1f} {r['p95']:>6.1f} {r['max']:>6.1f} {r['wheel_max']:>10.1f} "
                  f"{r['near_p95']:>9.1f} {r['near_max']:>6.1f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
