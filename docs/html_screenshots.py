"""Screenshots of the seed map's interactive page for docs/rendering.md.

    .venv/bin/python docs/html_screenshots.py [--large PAGE.html]

Writes docs/images/html-whole.png (as it opens: the whole map, fitted),
html-zoomed.png (zoomed in on the summit) and html-details.png (a piece of
evidence selected: the details panel with its quote), taken by Debian's
headless Chromium (``/usr/bin/chromium``) driven by Playwright.

With ``--large PAGE.html``, a large map's page already exported (drawn on a
canvas; the 10,000-statement map of tests/benchmarks/mapgen.py takes a minute
or more to lay out, so it is exported once, e.g. by ``argmap render``), also
html-large-overview.png (zoomed in 20 times from the whole map: cards with their
texts as grey bars) and html-large-cards.png (at a reading scale, a card selected).
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from argmap.interactive import to_html  # noqa: E402


def main() -> None:
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, metavar="PAGE", help="a large map's exported page, for two more images")
    large = parser.parse_args().large

    images = ROOT / "docs" / "images"
    os.chdir(ROOT)  # the details panel shows the file as given: examples/china-north-korea.argmap
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page_text = to_html(argmap.load("examples/china-north-korea.argmap"), engine="embedded")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        path = Path(folder) / "seed.html"
        path.write_text(page_text, encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 760}, device_scale_factor=1)
        page.goto(path.as_uri())
        page.wait_for_function("() => document.querySelector('.argmap').argmapReadyAt > 0")
        page.wait_for_timeout(300)
        page.screenshot(path=str(images / "html-whole.png"))

        def shot(script: str, name: str) -> None:
            """Run *script* with ``m``, the page's map, wait for the drawing to settle, and take *name*."""
            page.evaluate("() => { const m = document.querySelector('.argmap').argmap; " + script + " }")
            page.wait_for_timeout(500)
            page.screenshot(path=str(images / name))

        shot("m.reveal(m.byId.get('summit')); m.zoomAt(0.75);", "html-zoomed.png")
        page.click('[data-id="wang-yi"]')
        shot("m.reveal(m.selected);", "html-details.png")
        if large is not None:
            page.goto(large.resolve().as_uri())
            page.wait_for_function("() => document.querySelector('.argmap').argmapReadyAt > 0", timeout=120_000)
            shot("m.select(0, {reveal: true}); m.unselect(); m.zoomAt(0.06 / m.view.s);", "html-large-overview.png")
            shot("m.select(1, {reveal: true}); m.zoomAt(0.6 / m.view.s);", "html-large-cards.png")
        browser.close()
    print("wrote docs/images/html-whole.png, html-zoomed.png, html-details.png"
          + (", html-large-overview.png, html-large-cards.png" if large is not None else ""))


if __name__ == "__main__":
    main()
