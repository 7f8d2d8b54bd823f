"""Print how long ``argmap lsp`` takes from a ``didChange`` to the diagnostics it publishes.

Run:  .venv/bin/python tests/benchmarks/bench_lsp.py [STATEMENTS ...]   (default 500 5000 20000)

For each size, a map from mapgen.py is opened in a real server process
(driven over stdio by tests/lsp_client.py, as an editor does). Then:

- *keystroke*: one character typed inside a line in the middle of the map,
  alone; the time from sending the ``didChange`` to receiving the
  ``publishDiagnostics`` for that version (the server's debounce included);
  median and worst of several;
- *new line*: a line break typed in the middle of the map, likewise;
- *burst*: a word typed as fast keystrokes (one every 15 ms) on a new
  reference line; the server must publish diagnostics for the last version
  only after the last keystroke, and they must name the whole word (no
  keystroke lost); the time from the last keystroke to those diagnostics;
- *answers while analysing*: right after a keystroke, a hover on the
  thesis and a completion after ``@`` (every id of the map); the time each
  takes while that keystroke's analysis runs in the server's other thread.

Figures only; nothing here fails on a slow machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mapgen import generate

import argmap
from tests.lsp_client import Client


def _wait(client: Client, uri: str, version: int, sent: float) -> tuple[float, list[dict]]:
    diagnostics = client.diagnostics(uri, version, timeout=600)
    return time.perf_counter() - sent, diagnostics


def run(statements: int, repeats: int = 7) -> None:
    text = argmap.dumps(generate(statements, seed=1))
    lines = text.split("\n")
    uri = f"file:///bench/map-{statements}.argmap"
    # Declares what VS Code, Neovim and Helix do: completion items' documentation is asked for when shown.
    client = Client(text_document={"completion": {"completionItem": {"resolveSupport": {"properties": ["documentation"]}}}})
    try:
        start = time.perf_counter()
        client.open(uri, text)
        opened, found = _wait(client, uri, 1, start)
        assert found == [], found[:3]
        middle = len(lines) // 2
        while not lines[middle].lstrip().startswith(("+", "-")):
            middle += 1
        end = len(lines[middle])
        keystrokes = []
        for i in range(repeats):
            at = {"line": middle, "character": end + i}
            sent = time.perf_counter()
            version = client.change(uri, range_={"start": at, "end": at}, new_text="x")
            keystrokes.append(_wait(client, uri, version, sent)[0])
        newlines = []
        for _ in range(max(repeats // 2, 2)):
            at = {"line": middle, "character": 0}
            sent = time.perf_counter()
            version = client.change(uri, range_={"start": at, "end": at}, new_text="\n")
            newlines.append(_wait(client, uri, version, sent)[0])
        # A burst: '  + @' on a new line under the thesis, then a word, one keystroke every 15 ms.
        at = {"line": 3, "character": 0}
        version = client.change(uri, range_={"start": at, "end": at}, new_text="  + @\n")
        client.diagnostics(uri, version, timeout=600)
        word = "keystrokes-all-arrive"
        for i, letter in enumerate(word):
            at = {"line": 3, "character": 5 + i}
            version = client.change(uri, range_={"start": at, "end": at}, new_text=letter)
            last = time.perf_counter()
            time.sleep(0.015)
        burst, found = _wait(client, uri, version, last)
        messages = [d["message"].split("\n")[0] for d in found]
        lost = f"unknown node '{word}'" not in messages
        hovers, completions = [], []
        thesis = {"line": 2, "character": 8}
        for i in range(repeats):
            at = {"line": 3, "character": 5 + len(word) + i}
            version = client.change(uri, range_={"start": at, "end": at}, new_text="x")
            sent = time.perf_counter()
            client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": thesis})
            hovered = time.perf_counter()
            items = client.request("textDocument/completion",
                                   {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 5}})
            hovers.append(hovered - sent)
            completions.append(time.perf_counter() - hovered)
            client.diagnostics(uri, version, timeout=600)
    finally:
        client.close()
    ms = lambda xs: f"median {statistics.median(xs) * 1000:6.0f} ms, worst {max(xs) * 1000:6.0f} ms"  # noqa: E731
    print(f"{statements:>6} statements ({len(lines):>6} lines): open {opened * 1000:6.0f} ms | "
          f"keystroke {ms(keystrokes)} | new line {ms(newlines)} | "
          f"burst of {len(word)}: last version's diagnostics {burst * 1000:.0f} ms after the last keystroke, "
          f"{'keystrokes LOST' if lost else 'no keystroke lost'} | while analysing: hover {ms(hovers)}, "
          f"completion of {len(items['items'])} ids {ms(completions)}")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [500, 5000, 20000]
    for size in sizes:
        run(size)
