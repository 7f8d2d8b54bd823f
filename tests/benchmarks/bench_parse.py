"""In-process parse time of valid maps, optionally side by side with another checkout.

    .venv/bin/python tests/benchmarks/bench_parse.py [--sizes 5000,50000] [--runs 7]
        [--lengths words,real] [--against /path/to/other/checkout]

Times ``argmap.parse`` (the collector off, as the CLI runs it) on the seed
example and on generated maps (tests/benchmarks/mapgen.py) of each size,
with each kind of text length (``words``: 7 to 12 word sentences; ``real``:
lengths drawn from the AraucariaDB corpus's, median 78 and mean 98
characters): the best and the median of *runs* parses in a fresh process
(wall clock), and the best CPU time of the process (steadier on a busy
machine), with the megabytes per second of each best.  With
``--against`` the same measurement runs on another checkout's ``argmap``
(its package folder first on ``sys.path``), the two alternating, so that
a change can be compared with what it started from on the same machine.
Not collected by pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import gc, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import argmap
from argmap import parser
text = open(sys.argv[2], encoding="utf-8").read()
runs = int(sys.argv[3])
parser._lark()
gc.disable()
argmap.parse(text)
times, cpu = [], []
for _ in range(runs):
    start, start_cpu = time.perf_counter(), time.process_time()
    argmap.parse(text)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
print(json.dumps({"best": min(times), "median": statistics.median(times), "cpu": min(cpu),
                  "where": argmap.__file__}))
"""


def measure(tree: Path, path: Path, runs: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tree), str(path), str(runs)],
                         check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", default="5000,50000", help="statements of the generated maps")
    options.add_argument("--runs", type=int, default=7, help="parses per process (best and median)")
    options.add_argument("--lengths", default="words,real", help="text lengths of the generated maps (mapgen)")
    options.add_argument("--rounds", type=int, default=3, help="processes per tree, alternating")
    options.add_argument("--against", type=Path, help="another checkout to compare with")
    args = options.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mapgen import generate

    import argmap

    work = Path(tempfile.mkdtemp(prefix="argmap-bench-parse-"))
    cases = [("seed", ROOT / "examples" / "china-north-korea.argmap")]
    for n in (int(s) for s in args.sizes.split(",") if s):
        for lengths in (s for s in args.lengths.split(",") if s):
            path = work / f"gen{n}-{lengths}.argmap"
            path.write_text(argmap.dumps(generate(n, seed=1, lengths=lengths)), encoding="utf-8")
            cases.append((f"{n} {lengths}", path))
    trees = [("this tree", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    print(f"{'map':<20}{'MB':>6}" + "".join(f"{name + ' best':>16}{name + ' median':>18}{'cpu':>14}{'MB/s':>7}"
                                         f"{'(cpu)':>7}" for name, _ in trees))
    for name, path in cases:
        best: dict[str, list[float]] = {label: [] for label, _ in trees}
        median: dict[str, list[float]] = {label: [] for label, _ in trees}
        cpu: dict[str, list[float]] = {label: [] for label, _ in trees}
        for _ in range(args.rounds):
            for label, tree in trees:
                result = measure(tree, path, args.runs)
                best[label].append(result["best"])
                median[label].append(result["median"])
                cpu[label].append(result["cpu"])
        megabytes = path.stat().st_size / 1e6
        row = f"{name:<20}{megabytes:>6.2f}"
        for label, _ in trees:
            row += f"{min(best[label]) * 1000:>13.1f} ms{sorted(median[label])[len(median[label]) // 2] * 1000:>15.1f} ms"
            row += f"{min(cpu[label]) * 1000:>11.1f} ms"
            row += f"{megabytes / min(best[label]):>7.2f}{megabytes / min(cpu[label]):>7.2f}"
        if len(trees) == 2:
            row += f"   ratio {min(best['this tree']) / min(best['against']):.3f}"
            row += f", cpu {min(cpu['this tree']) / min(cpu['against']):.3f}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
