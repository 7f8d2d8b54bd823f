"""Regenerate the gallery: docs/images/*.svg and docs/gallery.md.

    .venv/bin/python docs/gallery.py                # write the drawings (embedded engine), print their sizes
    .venv/bin/python docs/gallery.py --check-fit    # ... then measure text in headless Chromium
    .venv/bin/python docs/gallery.py --screens DIR  # ... and write screenshots at 100% and fitted to 1920x1080

The drawings come from the embedded engine, so they are the same on every
machine (its Graphviz version comes with argmap).  ``--check-fit`` also
draws each one with the system ``dot`` (when there is one), opens every
drawing of both engines in headless Chromium (Debian: ``apt install
chromium``), and compares the box of every text with the box of its card
or cluster, as the browser lays the text out; it lists each text that
sticks out and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402

import argmap  # noqa: E402
from argmap.render import RenderOptions, render_bytes  # noqa: E402

sys.path.insert(0, str(ROOT / "docs"))
from figures import fit_zoom, size_px  # noqa: E402

IMAGES = ROOT / "docs" / "images"
EXAMPLES = ROOT / "examples"

#: file name -> (example, options, caption)
GALLERY: dict[str, tuple[str, RenderOptions, str]] = {
    "china-north-korea.svg": (
        "china-north-korea.argmap", RenderOptions(),
        "The seed example, default view: the thesis on top, sections as titled clusters.",
    ),
    "china-north-korea-timeline.svg": (
        "china-north-korea.argmap", RenderOptions(timeline=True),
        "`--timeline`: the evidence in date order, 1956 to 2018, over an axis of its dates.",
    ),
    "china-north-korea-mono.svg": (
        "china-north-korea.argmap", RenderOptions(theme="mono", legend=True),
        "`--theme mono --legend`: black and grey for paper; kinds and relations still differ by outline, "
        "line style and arrowhead.",
    ),
    "china-north-korea-focus.svg": (
        "china-north-korea.argmap", RenderOptions(focus="bypassing", depth=1, rankdir="LR"),
        "`--focus bypassing --depth 1 --rankdir LR`: the objection, what it attacks, and what bears on it.",
    ),
    "china-north-korea-focus-alone.svg": (
        "china-north-korea.argmap", RenderOptions(focus="rift"),
        "`--focus rift` alone: the rift, everything within two steps of it, and the way from it to the thesis.",
    ),
    "china-north-korea-overview.svg": (
        "china-north-korea.argmap", RenderOptions(hide=("evidence",), sections=False),
        "`--hide evidence` (and no sections, from the library): an overview of the claims.",
    ),
    "china-north-korea-strength.svg": (
        "china-north-korea.argmap", RenderOptions(color_by="strength"),
        "`--color-by strength`: each card shaded by its DF-QuAD strength, darker is stronger; the legend "
        "says what each shade means. See [evaluation.md](evaluation.md#drawing-the-result).",
    ),
    "china-north-korea-status.svg": (
        "china-north-korea.argmap", RenderOptions(color_by="status"),
        "`--color-by status`: the grounded labelling; only the bypassing objection is out.",
    ),
    "tea.svg": ("tea.argmap", RenderOptions(legend=True), "The tea example with a legend."),
    "school-uniforms.svg": ("school-uniforms.argmap", RenderOptions(), "The school uniforms example."),
}

CHECK_JS = """
const out = [];
function box(e) { const b = e.getBBox(); const m = e.getCTM();
  return {x: b.x * m.a + m.e, y: b.y * m.d + m.f, w: b.width * m.a, h: b.height * m.d}; }
for (const g of document.querySelectorAll('g.node, g.cluster')) {
  const shape = g.querySelector('polygon, path, ellipse');
  if (!shape) continue;
  const s = box(shape);
  for (const t of g.querySelectorAll('text')) {
    const b = box(t);
    const over = Math.max(s.x - b.x, b.x + b.w - (s.x + s.w), 0);
    if (over > 0.5) out.push({id: g.id, text: t.textContent, over: Math.round(over * 10) / 10});
  }
}
document.body.setAttribute('data-result', JSON.stringify(out));
"""


def directive_options(options: RenderOptions) -> list[str]:
    """The ``{argmap}`` directive's option lines that draw with *options* (the docs site draws the gallery so).

    >>> directive_options(RenderOptions(rankdir="LR", hide=("evidence",), sections=False, legend=True))
    [':rankdir: LR', ':legend:', ':hide: evidence', ':no-sections:']
    """
    lines = []
    for field in attrs.fields(RenderOptions):
        value = getattr(options, field.name)
        if value == getattr(DEFAULTS, field.name):
            continue
        name = field.name.replace("_", "-")
        if field.name in ("sections", "argument_boxes"):
            lines.append(f":no-{name}:")
        elif isinstance(value, bool):
            lines.append(f":{name}:")
        elif field.name == "hide":
            lines.append(f":hide: {', '.join(value)}")
        elif field.name == "tag_colors":
            raise ValueError("the directive has no tag colours; put them in the map's header")
        else:
            lines.append(f":{name}: {value}")
    return lines


DEFAULTS = RenderOptions()


def _alt(example: str, options: RenderOptions) -> str:
    """What a screen reader says for a gallery drawing: the example and how it is drawn."""
    how = ", ".join(line.strip(":").replace(": ", " ") for line in directive_options(options))
    return f"Argument map of examples/{example}, " + (f"drawn with {how}" if how else "default view")


def build() -> list[tuple[str, str]]:
    IMAGES.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (example, options, caption) in GALLERY.items():
        data = render_bytes(argmap.load(EXAMPLES / example), "svg", engine="embedded", options=options)
        target = IMAGES / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(ROOT)}")
        rows.append((name, caption))
        width, height = size_px(data)
        print(f"{name:36} {width:6.0f} x {height:5.0f} px, fits 1920x1080 at {fit_zoom(width, height):4.0%}")
    page = [
        "# Gallery",
        "",
        "The examples drawn by `argmap render` (embedded engine); on the docs site each is",
        "drawn by the `argmap` directive below it, from the example file, when the site is",
        "built (see [documents.md](documents.md)). Regenerate with",
        "`python docs/gallery.py`; `python docs/gallery.py --check-fit` also checks, in",
        "headless Chromium, that every text fits its card with both engines (see",
        "[rendering.md](rendering.md#checking-that-text-fits)).",
        "",
    ]
    for name, caption in rows:
        example, options, _ = GALLERY[name]
        page += [f"## {name.removesuffix('.svg')}", "", caption, "",
                 f"```{{argmap}} ../examples/{example}", *directive_options(options), f":alt: {_alt(example, options)}",
                 "```", "",
                 f"The same drawing as a file: [images/{name}](images/{name}).", ""]
    gallery = ROOT / "docs" / "gallery.md"
    text = "\n".join(page)
    if not gallery.exists() or gallery.read_text(encoding="utf-8") != text:
        gallery.write_text(text, encoding="utf-8")
        print(f"wrote {gallery.relative_to(ROOT)}")
    return rows


def overflows(svg: bytes, chromium: str) -> list[dict[str, object]]:
    """Texts wider than their card or cluster, as Chromium lays them out."""
    body = re.sub(rb"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?", b"", svg, flags=re.S).decode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(f"<!DOCTYPE html><html><body>{body}<script>{CHECK_JS}</script></body></html>",
                        encoding="utf-8")
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp}/profile", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        )
    found = re.search(r'data-result="([^"]*)"', done.stdout)
    if found is None:
        raise SystemExit("Chromium gave no result; is JavaScript enabled?")
    result: list[dict[str, object]] = json.loads(html.unescape(found.group(1)))
    return result


def check_fit() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("--check-fit needs Chromium (Debian: apt install chromium)")
    engines = ["embedded"] + (["system"] if shutil.which("dot") else [])
    bad = 0
    for name, (example, options, _) in GALLERY.items():
        for engine in engines:
            svg = render_bytes(argmap.load(EXAMPLES / example), "svg", engine=engine, options=options)
            found = overflows(svg, chromium)
            texts = svg.count(b"<text")
            print(f"{name:34} {engine:9} {texts:4} texts, {len(found)} sticking out")
            for item in found:
                print(f"    {item['id']}: {item['text']!r} by {item['over']} px")
            bad += len(found)
    if "system" not in engines:
        print("system dot not on PATH: only the embedded engine was checked")
    return 1 if bad else 0


def screens(folder: Path) -> int:
    """Each gallery drawing as a user sees it: NAME-100.png (the PNG argmap writes, 100%) and
    NAME-fit.png (headless Chromium, the SVG fitted to a 1920x1080 window)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    folder.mkdir(parents=True, exist_ok=True)
    for name, (example, options, _) in GALLERY.items():
        stem = name.removesuffix(".svg")
        m = argmap.load(EXAMPLES / example)
        (folder / f"{stem}-100.png").write_bytes(render_bytes(m, "png", options=options))
        if chromium is None:
            continue
        svg = (IMAGES / name).resolve()
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "fit.html"
            page.write_text(
                "<!DOCTYPE html><html><body style='margin:0;background:#fff'>"
                f"<img src='{svg.as_uri()}' style='width:100vw;height:100vh;object-fit:contain'>"
                "</body></html>", encoding="utf-8")
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--allow-file-access-from-files", f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
                 "--window-size=1920,1080", f"--screenshot={folder / f'{stem}-fit.png'}", page.as_uri()],
                capture_output=True, timeout=120, check=True,
            )
        print(f"wrote {folder / stem}-100.png and -fit.png")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/images and docs/gallery.md.")
    parser.add_argument("--check-fit", action="store_true", help="measure text in headless Chromium")
    parser.add_argument("--screens", metavar="DIR", type=Path,
                        help="also write each drawing at 100%% (PNG) and fitted to 1920x1080 (Chromium) into DIR")
    args = parser.parse_args()
    build()
    if args.screens:
        screens(args.screens)
    return check_fit() if args.check_fit else 0


if __name__ == "__main__":
    sys.exit(main())
