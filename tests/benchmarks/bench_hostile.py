"""Print what the hostile inputs of issue 11 cost now: time and peak memory, each in a fresh process.

Run:  .venv/bin/python tests/benchmarks/bench_hostile.py [CASE ...]

Cases (the reproducers of docs/security.md, "Inputs made to be slow"):

- yaml: the 23-byte self-containing list, 9 levels of YAML aliases (the
  billion laughs), 1,000 nested ``[``, a bad date, each in Argdown data;
- pairs: ten mutually attacking pairs that attack the thesis (608 bytes),
  preferred and stable;
- grounded-pairs: 3,000 unattacked claims beside 16 attacking pairs (47 KB),
  preferred;
- tags: 20,000 trailing tags on one line, parse and check;
- sections: 20,000 empty sections, to_dot and an SVG through the embedded engine;
- alike: 7,500 identical unnamed nodes, parse and dumps (what ``fmt --check`` does);
- emphasis: ``*a `` x 20,000 in Argdown text, read;
- comment: a node line and a metadata line of 20,000 words with slashes, each
  ending in a comment (what the fused lines' patterns must fail in linear time), parse.

Time is wall-clock time, then the process's CPU time (what a busy machine
does not inflate); peak memory is the process's ``ru_maxrss``; "base" is the
peak right after ``import argmap``.  Figures only; nothing here fails on a slow machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

CASES = ("yaml", "pairs", "grounded-pairs", "tags", "sections", "alike", "emphasis", "comment")


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def step(label: str, action: Callable[[], Any]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = action()
    except Exception as error:  # an ArgmapError is an answer here: say which
        result = error
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    shown = type(result).__name__ if isinstance(result, Exception) else ""
    if hasattr(result, "status"):
        shown = f"status {result.status}"
    print(f"  {label:<44} {took:7.2f} s ({cpu:6.2f} s CPU)   peak {peak_mb():6.0f} MB   {shown}", flush=True)
    return result


def laughs(levels: int) -> str:
    lists = [f"&l0 [{', '.join(['x'] * 9)}]"] + [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "[t]: Tea. {a: [" + ", ".join(lists) + "]}\n"


def run(case: str) -> None:
    import argmap
    from argmap import interchange
    from argmap.render import render_bytes, to_dot

    print(f"{case} (base {peak_mb():.0f} MB)")
    if case == "yaml":
        for label, text in [("self-containing list (23 bytes)", "[t]: Tea. {a: &a [*a]}\n"),
                            (f"9 levels of aliases ({len(laughs(9))} bytes)", laughs(9)),
                            ("1,000 nested [", "[t]: Tea. {a: " + "[" * 1000 + "]" * 1000 + "}\n"),
                            ("date 2019-02-29", "[t]: Tea. {date: 2019-02-29}\n")]:
            step(label, lambda text=text: interchange.loads(text, "argdown"))
    elif case == "pairs":
        text = "thesis t: The thesis holds.\n" + "".join(
            f"  - claim a{i}: A{i}.\n    - claim b{i}: B{i}.\n      - @a{i}\n  - @b{i}\n" for i in range(10))
        m = argmap.parse(text)
        for semantics in ("preferred", "stable"):
            step(f"{semantics}, {len(text)} bytes", lambda s=semantics: argmap.evaluate(m, s))
    elif case == "grounded-pairs":
        text = ("thesis t: T.\n" + "".join(f"claim c{i}: C.\n" for i in range(3_000))
                + "".join(f"claim a{i}: A.\n  - claim b{i}: B.\n    - @a{i}\n" for i in range(16)))
        m = argmap.parse(text)
        step(f"preferred, {len(text) // 1000} KB", lambda: argmap.evaluate(m, "preferred"))
    elif case == "tags":
        text = "thesis t: Tea is good." + " #x" * 20_000 + "\n"
        m = step("parse", lambda: argmap.parse(text))
        step("check", lambda: argmap.check(m))
    elif case == "sections":
        m = argmap.parse("thesis t: Tea.\n" + "".join(f"## s{i}\n" for i in range(20_000)))
        step("to_dot", lambda: to_dot(m))
        step("render SVG, embedded engine", lambda: render_bytes(m, "svg", engine="embedded"))
    elif case == "alike":
        text = "thesis t: Tea.\n" + "  + claim: same\n" * 7_500
        m = step("parse", lambda: argmap.parse(text))
        step("dumps", lambda: argmap.dumps(m))
    elif case == "comment":
        words = " ".join(f"w{i}/x a/ b" for i in range(20_000 // 3))
        text = f"thesis t: {words} // why\n  + evidence e: E.\n    source: {words} //\n"
        step(f"parse ({len(text) // 1000} KB)", lambda: argmap.parse(text))
    elif case == "emphasis":
        text = "[t]: Tea " + "*a " * 20_000 + "\n"
        step(f"read Argdown ({len(text) // 1000} KB)", lambda: interchange.loads(text, "argdown"))


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "--one":
        run(argv[1])
        return
    for case in argv or CASES:
        if case not in CASES:
            raise SystemExit(f"unknown case {case!r}; cases: {', '.join(CASES)}")
        subprocess.run([sys.executable, __file__, "--one", case], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
