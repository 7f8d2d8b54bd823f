"""Print what argmap costs at the limits of docs/security.md: time and peak memory.

Run:  .venv/bin/python tests/benchmarks/bench_limits.py [CASE ...]

Cases: nesting (10,000 levels, each line indented under the one above),
children (one node with 10,000 children), big-file (a 20 MB file of many
trees), undercuts (the longest undercut chain the model can hash), render
(the embedded Graphviz on a 1,000-level chain and 1,000 children).  Each case
runs in a fresh process, so its peak memory (``resource.getrusage``,
``ru_maxrss``) is its own; "base" is the peak right after ``import argmap``.
Figures only; nothing here fails on a slow machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CASES = ("nesting", "children", "big-file", "undercuts", "render")


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB elsewhere


def step(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"  {label:<34} {time.perf_counter() - start:8.2f} s   peak {peak_mb():7.0f} MB", flush=True)
    return result


def nested(depth: int) -> str:
    return "thesis t: The top.\n" + "".join(f"{'  ' * (i + 1)}+ claim c{i}: Reason number {i}.\n" for i in range(depth))


def wide(children: int) -> str:
    return "thesis t: The top.\n" + "".join(f"  + claim c{i}: Reason number {i}.\n" for i in range(children))


def big_file(path: Path, size: int) -> int:
    """Write a file of many small trees, each with an evidence and an attack, until *size* bytes."""
    written = blocks = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            i = blocks
            block = (
                f"thesis t{i}: Tea number {i} is good for you, say the people who drink it. #health\n"
                f"  + claim a{i}: It is full of antioxidants, which the body uses.\n"
                f"    + evidence s{i}: A review found antioxidant effects in regular drinkers.\n"
                f"      date: 2019\n"
                f"      source: Journal of Examples, vol. {i}\n"
                f"  - claim c{i}: It contains caffeine, which keeps some people awake.\n"
                f"    _ claim l{i}: The dose in a cup is small.\n\n"
            )
            out.write(block)
            written += len(block.encode())
            blocks += 1
    return blocks


def pipeline(text: str) -> None:
    import argmap
    from argmap import interchange

    print(f"  ({len(text.encode()) / 1e6:.1f} MB of text, {text.count(chr(10))} lines)")

    m = step("parse", lambda: argmap.parse(text))
    step("check", lambda: argmap.check(m))
    formatted = step("dumps (argmap fmt)", lambda: argmap.dumps(m))
    step("parse(dumps(m)) == m", lambda: argmap.parse(formatted) == m)
    step("to_dot", lambda: argmap.to_dot(m))
    step("evaluate grounded", lambda: argmap.evaluate(m, "grounded"))
    step("evaluate dfquad", lambda: argmap.evaluate(m, "dfquad"))
    for fmt in ("json", "aif", "argdown"):
        step(f"write and read {fmt}", lambda fmt=fmt: interchange.loads(interchange.dumps(m, fmt), fmt))


def case_nesting() -> None:
    print("nesting: 10,000 levels, each line under the one above")
    pipeline(nested(10_000))


def case_children() -> None:
    print("children: one thesis with 10,000 children")
    pipeline(wide(10_000))


def case_big_file() -> None:
    import argmap

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.argmap"
        blocks = big_file(path, 20 * 1024 * 1024)
        print(f"big-file: {path.stat().st_size / 1e6:.1f} MB, {blocks} trees, {blocks * 5} nodes")
        m = step("load (read, decode, parse)", lambda: argmap.load(path))
        step("check", lambda: argmap.check(m))
        step("dumps (argmap fmt)", lambda: argmap.dumps(m))
        step("to_dot", lambda: argmap.to_dot(m))


def case_undercuts() -> None:
    import argmap
    from argmap.interchange._common import MAX_UNDERCUT_DEPTH

    def chain(n: int) -> str:
        lines = ["thesis t: T.", "  + claim c0: C."]
        lines += [f"{'  ' * (i + 1)}_ claim c{i}: Undercut {i}." for i in range(1, n)]
        return "\n".join(lines) + "\n"

    def works(n: int, action: Callable[[argmap.ArgumentMap], Any]) -> bool:
        try:
            action(argmap.parse(chain(n)))
            return True
        except RecursionError:
            return False

    print(f"undercuts: the longest chain of links (an undercut of an undercut of ... a support) that works, "
          f"at the default recursion limit {sys.getrecursionlimit()}; the readers of JSON, AIF and Argdown "
          f"refuse more than {MAX_UNDERCUT_DEPTH} undercuts")
    actions: dict[str, Callable[[argmap.ArgumentMap], Any]] = {
        "parse": lambda m: m,
        "hash(relation)": lambda m: [hash(r) for r in m.relations],
        "check": argmap.check,
        "dumps": argmap.dumps,
        "to_dot": argmap.to_dot,
        "evaluate": lambda m: argmap.evaluate(m, "grounded"),
    }
    for label, action in actions.items():
        low, high = 1, 5_000
        if works(high, action):
            print(f"  {label:<34} works at {high} (the most tried)")
            continue
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if works(middle, action) else (low, middle)
        print(f"  {label:<34} works up to {low} links, RecursionError from {high}")
    from argmap import interchange

    m = argmap.parse(chain(MAX_UNDERCUT_DEPTH + 1))
    size = len(interchange.dumps(m, "json").encode())
    print(f"  JSON of a chain of {MAX_UNDERCUT_DEPTH + 1} links: {size / 1e6:.2f} MB "
          "(each undercut writes out the links below it)")


def case_render() -> None:
    import argmap
    from argmap.render import render_bytes

    print("render: SVG through the embedded Graphviz and the system dot")
    for label, text in (("1,000 levels", nested(1_000)), ("1,000 children", wide(1_000)),
                        ("10,000 children", wide(10_000))):
        m = argmap.parse(text)
        for engine in ("embedded", "system") if shutil.which("dot") else ("embedded",):
            try:
                step(f"{label} ({engine})", lambda m=m, engine=engine: render_bytes(m, "svg", engine=engine))
            except argmap.ArgmapError as exc:
                print(f"  {label} ({engine}): ArgmapRenderError: {str(exc).splitlines()[0]} "
                      f"... {str(exc).splitlines()[-1].strip()}")


def run_case(name: str) -> None:
    import argmap  # noqa: F401  (the baseline includes the import)

    print(f"[base after import argmap: {peak_mb():.0f} MB]")
    {"nesting": case_nesting, "children": case_children, "big-file": case_big_file,
     "undercuts": case_undercuts, "render": case_render}[name]()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--case"]:
        run_case(argv[1])
        return 0
    names = argv or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}", file=sys.stderr)
        return 2
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {sys.platform}")
    for name in names:
        done = subprocess.run([sys.executable, __file__, "--case", name], check=False)
        if done.returncode:
            print(f"  case {name} failed (exit status {done.returncode})")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
