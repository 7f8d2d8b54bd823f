"""argmap side by side with Argdown: whole processes, in-process stages, linearity.

    .venv/bin/python tests/benchmarks/bench_vs_argdown.py [--runs N] [--runs-large N]
        [--sizes 1000,10000,50000] [--real-sizes 50000] [--svg-sizes 1000] [--write docs/performance.md]

For the seed example (examples/china-north-korea.argmap) and for generated
maps (tests/benchmarks/mapgen.py) of each size (7 to 12 word texts; with
``--real-sizes``, also maps whose text lengths are drawn from a real corpus's,
AraucariaDB: median 78, mean 98 characters, named "50k real"), it writes the same map as
``.argmap`` (argmap.dumps) and ``.argdown`` (argmap.write), checks that both
read back to the same statements and relations (argmap's own readers, and
``argdown json`` when the Argdown CLI is there), then times whole processes,
alternating: ``argmap convert X.argmap X.json`` against ``argdown json
X.argdown``, and ``argmap render X.argmap -o X.svg`` against ``argdown map
--format svg X.argdown`` (medians, their ratio, peak memory from
``/usr/bin/time -v``; the console also prints each run's own ratio).  In
fresh processes it times ``import argmap``, the parser's construction,
parse, check, DOT emission, the JSON writer and a render with each engine,
and prints the cost per statement at each size.

The Argdown CLI is ``$ARGMAP_ARGDOWN``, else ``/tmp/argdown-cli`` (installed
there from npm when Node.js is present), else ``argdown`` on PATH.  Python
runs with its bytecode cached (in a temporary ``PYTHONPYCACHEPREFIX``), as
after ``pip install``; one warm-up run of each command is not counted.

With ``--write FILE`` the tables replace the part of FILE between
``<!-- results:begin -->`` and ``<!-- results:end -->``.  Not collected by
pytest (its name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "china-north-korea.argmap"
ARGDOWN_PREFIX = Path(tempfile.gettempdir()) / "argdown-cli"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

# -- the map files ------------------------------------------------------------


def make_cases(work: Path, sizes: list[int], real_sizes: list[int] | None = None) -> list[tuple[str, Path, Path, Any]]:
    """(name, .argmap, .argdown, the map) for the seed and each size."""
    import argmap

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mapgen import generate

    cases = []
    seed = argmap.load(SEED)
    plain = work / "seed.argmap"
    shutil.copy(SEED, plain)
    cases.append(("seed", plain, work / "seed.argdown", seed))
    for n in sizes:
        m = generate(n)
        path = work / f"gen{n}.argmap"
        path.write_text(argmap.dumps(m), encoding="utf-8")
        cases.append((f"{n // 1000}k", path, work / f"gen{n}.argdown", m))
    for n in real_sizes or []:
        m = generate(n, lengths="real")
        path = work / f"real{n}.argmap"
        path.write_text(argmap.dumps(m), encoding="utf-8")
        cases.append((f"{n // 1000}k real", path, work / f"real{n}.argdown", m))
    for _, _, argdown_path, m in cases:
        argmap.write(m, argdown_path)
    return cases


def _relation_key(r: Any) -> tuple[str, str, Any]:
    target = _relation_key(r.target) if not isinstance(r.target, str) else r.target
    return (r.kind.value, r.source, target)


def same_map(a: Any, b: Any) -> list[str]:
    """How two maps differ in statements (id, kind, text, tags, metadata) and relations; [] if not."""
    diffs = []
    sa = {s.id: (s.kind.value, s.text, s.tags, dict(s.metadata)) for s in a.statements.values()}
    sb = {s.id: (s.kind.value, s.text, s.tags, dict(s.metadata)) for s in b.statements.values()}
    if sa != sb:
        diffs.append(f"statements differ: {sorted(set(sa) ^ set(sb))[:5]} ...")
    ra, rb = sorted(map(repr, map(_relation_key, a.relations))), sorted(map(repr, map(_relation_key, b.relations)))
    if ra != rb:
        diffs.append(f"relations differ: {len(set(ra) ^ set(rb))}")
    return diffs


def same_as_argdown(m: Any, data: dict[str, Any]) -> list[str]:
    """How the map differs from what ``argdown json`` read: statements by title, relations by ends."""
    from argmap._text import collapse

    def text(members: list[dict[str, Any]]) -> str:
        raw = next((x["text"] for x in members if x.get("text")), "")
        return collapse(re.sub(r"#\([^)]*\)|#\S+", " ", raw))

    diffs = []
    theirs = {t: text(s["members"]) for t, s in data["statements"].items() if not t.startswith("argmap:")}
    ours = {s.id: s.text for s in m.statements.values()}
    if theirs != ours:
        diffs.append(f"statements differ: {sorted(set(theirs.items()) ^ set(ours.items()))[:3]}")
    if set(data["arguments"]) != set(m.arguments):
        diffs.append(f"arguments differ: {sorted(set(data['arguments']) ^ set(m.arguments))}")
    conclusion = {t: a["pcs"][-1]["title"] for t, a in data["arguments"].items() if a.get("pcs")}
    theirs_rel = set()
    for r in data["relations"]:
        kind = r["relationType"]
        if kind == "undercut":
            theirs_rel.add(("undercut", r["from"], "inference of " + r["to"]))
        else:
            theirs_rel.add((kind, r["from"], r["to"]))
    ours_rel = set()
    for r in m.relations:
        if not isinstance(r.target, str):
            ours_rel.add(("undercut", r.source, f"{r.target.source} {r.target.kind.value}s {r.target.target_id}"))
        elif r.source in m.arguments and conclusion.get(r.source) == r.target:
            continue  # the argument's own inference, a premise-conclusion structure in Argdown
        else:
            ours_rel.add((r.kind.value, r.source, r.target))
    if theirs_rel != ours_rel:
        diffs.append(f"relations: only argmap {sorted(ours_rel - theirs_rel)}, only argdown {sorted(theirs_rel - ours_rel)}")
    return diffs


# -- processes ----------------------------------------------------------------


def find_argdown() -> str | None:
    candidates = [os.environ.get("ARGMAP_ARGDOWN"), str(ARGDOWN_PREFIX / "node_modules" / ".bin" / "argdown"),
                  shutil.which("argdown")]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    if shutil.which("npm") and shutil.which("node"):
        print(f"installing @argdown/cli into {ARGDOWN_PREFIX} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", str(ARGDOWN_PREFIX), "--no-audit", "--no-fund",
                        "--loglevel=error", "@argdown/cli"], check=True, capture_output=True, timeout=900)
        path = ARGDOWN_PREFIX / "node_modules" / ".bin" / "argdown"
        return str(path) if path.is_file() else None
    return None


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[float, float | None, str]:
    """Wall seconds, peak RSS in MB (None without /usr/bin/time), and an error ('' if it worked)."""
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").is_file() else []
    start = time.perf_counter()
    # A session of its own, so that a timeout ends the whole group (argmap's 'dot', Argdown's node).
    with subprocess.Popen(timer + cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return timeout, None, f"timed out after {timeout:.0f} s"
    done = subprocess.CompletedProcess(proc.args, proc.returncode, "", stderr)
    wall = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    error = ""
    if done.returncode != 0:
        lines = [x for x in done.stderr.splitlines() if x.strip() and not x.startswith("\t")]
        error = f"exit {done.returncode}: " + " | ".join(lines[-3:])
    return wall, int(peak.group(1)) / 1024 if peak else None, error


def compare_processes(name: str, ours: list[str], theirs: list[str] | None, runs: int, env: dict[str, str],
                      cwd: Path, timeout: float, warm_up: bool = True) -> dict[str, Any]:
    """Alternate the two commands *runs* times (after one warm-up each); medians and peaks."""
    result: dict[str, Any] = {"case": name, "runs": runs}
    commands = {"argmap": ours} | ({"argdown": theirs} if theirs else {})
    times: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, list[float]] = {k: [] for k in commands}
    for who, cmd in commands.items():  # warm-up: bytecode, file cache, Node's compile cache
        if not warm_up:
            break
        _, _, error = run(cmd, env, cwd, timeout)
        if error:
            result[who + "_error"] = error
    for i in range(runs):
        order = list(commands) if i % 2 == 0 else list(reversed(commands))
        for who in order:
            if who + "_error" in result:
                continue
            wall, peak, error = run(commands[who], env, cwd, timeout)
            if error:
                result[who + "_error"] = error
                continue
            times[who].append(wall)
            if peak is not None:
                peaks[who].append(peak)
    for who in commands:
        if times[who]:
            result[who] = statistics.median(times[who])
            result[who + "_peak"] = max(peaks[who]) if peaks[who] else None
    if "argmap" in result and "argdown" in result:
        result["ratio"] = result["argdown"] / result["argmap"]
        # Each run's own ratio (the two programs one after the other): "in every run" reads here.
        result["run_ratios"] = [d / a for a, d in zip(times["argmap"], times["argdown"], strict=False)]
        if result["argmap_peak"] and result["argdown_peak"]:
            result["memory"] = result["argmap_peak"] / result["argdown_peak"]
    return result


# -- in-process stages, each size in a fresh process ------------------------

WORKER = r"""
import gc, json, statistics, sys, time
t = time.perf_counter()
import argmap
imported = time.perf_counter() - t
t = time.perf_counter()
for name in argmap.__all__:
    getattr(argmap, name)
everything = time.perf_counter() - t + imported
import argmap.parser
from argmap.interchange import json as argmap_json
from argmap.render import render_bytes
t = time.perf_counter()
argmap.parser._lark()
construct = time.perf_counter() - t
path, repeat, engines = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",") if sys.argv[3] else []
# argmap builds its parser from a cache it keeps; what a build from the grammar alone costs:
try:
    P = argmap.parser
    t = time.perf_counter()
    P._new_lark(P.grammar_text(), cache=False)
    construct_uncached = time.perf_counter() - t
except Exception:  # the parser changed: no figure
    construct_uncached = None
text = open(path, encoding="utf-8").read()

def best(f, n=repeat, gc_on=True):
    times = []
    for _ in range(n):
        gc.collect()
        if not gc_on:
            gc.disable()
        t = time.perf_counter()
        value = f()
        times.append(time.perf_counter() - t)
        gc.enable()
    return statistics.median(times), value

out = {"import": imported, "import_all": everything, "construct": construct, "construct_uncached": construct_uncached,
       "bytes": len(text.encode())}
out["parse"], m = best(lambda: argmap.parse(text))
out["parse_nogc"], _ = best(lambda: argmap.parse(text), gc_on=False)
out["statements"] = len(m.statements)
out["check"], found = best(lambda: argmap.check(m))
out["errors"] = sum(d.severity is argmap.Severity.ERROR for d in found)
out["dot"], _ = best(lambda: argmap.to_dot(m))
out["dot_nogc"], _ = best(lambda: argmap.to_dot(m), gc_on=False)
out["json"], _ = best(lambda: argmap_json.dumps(m))
for engine in engines:
    t = time.perf_counter()
    render_bytes(m, "svg", engine=engine)
    out["render_first_" + engine] = time.perf_counter() - t
    out["render_" + engine], _ = best(lambda: render_bytes(m, "svg", engine=engine), n=max(1, min(repeat, 5)))
print(json.dumps(out))
"""


def in_process(path: Path, repeat: int, engines: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", WORKER, str(path), str(repeat), ",".join(engines)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- the report ---------------------------------------------------------------


def machine(argdown: str | None, env: dict[str, str]) -> list[tuple[str, str]]:
    import argmap

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "not found"

    import lark

    return [
        ("CPU", f"{cpu}, {os.cpu_count()} logical cores"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}), lark {lark.__version__}"),
        ("Node.js", version(["node", "--version"])),
        ("argmap", argmap.__version__),
        ("Argdown CLI", version([argdown, "--version"]) if argdown else "not installed"),
        ("Graphviz dot", version(["dot", "-V"]) if shutil.which("dot") else "not on PATH"),
    ]


def fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MB"


def tables(info: list[tuple[str, str]], sizes: dict[str, int], processes: list[dict[str, Any]],
           stages: dict[str, dict[str, Any]], equivalence: list[tuple[str, str]]) -> str:
    lines = [f"Measured {time.strftime('%Y-%m-%d')} with `python tests/benchmarks/bench_vs_argdown.py`.", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in info] + [""]
    lines += ["**Same map in both formats** (argmap's readers of `.argmap` and `.argdown`, and `argdown json`):", ""]
    lines += [f"- {case}: {verdict}" for case, verdict in equivalence] + [""]
    lines += ["**Whole processes**, alternating; median wall time and peak resident memory "
              "(`/usr/bin/time -v`); ratio = Argdown's median / argmap's.", ""]
    lines += ["| task | map | statements | runs | argmap | Argdown | ratio | argmap peak | Argdown peak | memory ratio |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in processes:
        def cell(who: str, p: dict[str, Any] = p) -> str:
            return fmt_s(p.get(who)) if who in p else (p.get(who + "_error") or "-").replace("|", "/")
        ratio = f"{p['ratio']:.1f}x" if "ratio" in p else "-"
        memory = f"{p['memory']:.2f}" if "memory" in p else "-"
        lines.append(f"| {p['task']} | {p['case']} | {sizes[p['case']]} | {p['runs']} | {cell('argmap')} | "
                     f"{cell('argdown')} | {ratio} | {fmt_mb(p.get('argmap_peak'))} | "
                     f"{fmt_mb(p.get('argdown_peak'))} | {memory} |")
    lines += ["", "**In-process stages**, each map in a fresh process; median of the runs. \"no GC\" is the same "
              "stage with the cyclic garbage collector off, as the `argmap` command runs.", ""]
    first = next(iter(stages.values()))
    lines += [f"- `import argmap`: {fmt_s(first['import'])}; `import argmap` and every public name loaded: "
              f"{fmt_s(first['import_all'])}; parser construction (Lark LALR, from argmap's cache): "
              f"{fmt_s(first['construct'])}; the same built from the grammar, no cache: "
              f"{fmt_s(first.get('construct_uncached'))}", ""]
    lines += ["| map | statements | MB | parse | parse, no GC | MB/s (no GC) | check | DOT | DOT, no GC | JSON writer |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for case, s in stages.items():
        mb = s["bytes"] / 1e6
        lines.append(f"| {case} | {s['statements']} | {mb:.2f} | {fmt_s(s['parse'])} | {fmt_s(s['parse_nogc'])} | "
                     f"{mb / s['parse_nogc']:.1f} | {fmt_s(s['check'])} | {fmt_s(s['dot'])} | "
                     f"{fmt_s(s['dot_nogc'])} | {fmt_s(s['json'])} |")
    engines = sorted({k[len("render_"):] for s in stages.values() for k in s
                      if k.startswith("render_") and not k.startswith("render_first")})
    if engines:
        lines += ["", "**Render to SVG in-process** (layout included): first render in the process, then the "
                  "median of warm renders.", "", "| map | " + " | ".join(f"{e} first | {e} warm" for e in engines)
                  + " |", "|---|" + "---:|---:|" * len(engines)]
        for case, s in stages.items():
            if any("render_" + e in s for e in engines):
                lines.append(f"| {case} | " + " | ".join(
                    f"{fmt_s(s.get('render_first_' + e))} | {fmt_s(s.get('render_' + e))}" for e in engines) + " |")
    generated = [(c, s) for c, s in stages.items() if c != "seed" and not c.endswith(" real")]
    if len(generated) > 1:
        lines += ["", "**Linearity**: microseconds per statement (a linear stage keeps its figure as the map grows).",
                  "", "| stage | " + " | ".join(c for c, _ in generated) + " | largest / smallest |",
                  "|---|" + "---:|" * (len(generated) + 1)]
        for key, label in (("parse", "parse"), ("parse_nogc", "parse, no GC"), ("check", "check"),
                           ("dot", "DOT"), ("dot_nogc", "DOT, no GC"), ("json", "JSON writer")):
            per = [s[key] / s["statements"] * 1e6 for _, s in generated]
            lines.append(f"| {label} | " + " | ".join(f"{x:.1f}" for x in per) + f" | {per[-1] / per[0]:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="statements of the generated maps")
    parser.add_argument("--real-sizes", default="50000",
                        help="statements of the generated maps with real text lengths (AraucariaDB's)")
    parser.add_argument("--svg-sizes", default="1000",
                        help="generated sizes also drawn as SVG by both programs (the seed always is)")
    parser.add_argument("--runs", type=int, default=7, help="alternating runs per command (default 7)")
    parser.add_argument("--runs-large", type=int, default=3, help="runs for maps of 20k statements and more")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a process is given up")
    parser.add_argument("--svg-timeout", type=float, default=300,
                        help="the same for SVG of maps of 5k statements and more (run once, default 300)")
    parser.add_argument("--write", metavar="FILE", help="put the tables into FILE between the result markers")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    svg_sizes = {int(x) for x in args.svg_sizes.split(",") if x}

    argdown = find_argdown()
    work = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    bin_dir = Path(sys.executable).parent
    ours = str(bin_dir / "argmap") if (bin_dir / "argmap").is_file() else None
    argmap_cmd = [ours] if ours else [sys.executable, "-m", "argmap"]
    info = machine(argdown, env)
    for k, v in info:
        print(f"{k:12} {v}")

    import argmap

    cases = make_cases(work, sizes, [int(x) for x in args.real_sizes.split(",") if x])
    sizes_of = {name: len(m.statements) for name, _, _, m in cases}
    equivalence = []
    for name, plain, argdown_path, m in cases:
        diffs = same_map(argmap.load(plain), m) + same_map(argmap.read(argdown_path), m)
        verdict = "argmap reads both files to the same statements and relations" if not diffs else "; ".join(diffs)
        if argdown:
            out = work / "argdown-json"
            subprocess.run([argdown, "json", argdown_path.name, str(out)], cwd=work, check=True, capture_output=True,
                           timeout=args.timeout)
            data = json.loads((out / (argdown_path.stem + ".json")).read_text(encoding="utf-8"))
            theirs = same_as_argdown(m, data)
            verdict += "; `argdown json` reads the same" if not theirs else "; `argdown json`: " + "; ".join(theirs)
        equivalence.append((name, verdict))
        print(f"{name:5} {len(m.statements):6} statements, {plain.stat().st_size / 1e6:.2f} MB: {verdict}")

    processes = []
    for name, plain, argdown_path, m in cases:
        runs = args.runs_large if len(m.statements) >= 20000 else args.runs
        tasks = [("to JSON", [*argmap_cmd, "convert", "-q", plain.name, plain.stem + ".json"],
                  [argdown, "json", argdown_path.name, "out-json"] if argdown else None)]
        if name == "seed" or len(m.statements) in svg_sizes:
            tasks.append(("to SVG", [*argmap_cmd, "render", "-q", plain.name, "-o", plain.stem + ".svg"],
                          [argdown, "map", "--format", "svg", argdown_path.name, "out-svg"] if argdown else None))
        for task, mine, theirs in tasks:
            # Laying out thousands of nodes takes minutes: one run, no warm-up, a shorter leash.
            large_svg = task == "to SVG" and len(m.statements) >= 5000
            result = compare_processes(name, mine, theirs, 1 if large_svg else runs, env, work,
                                       args.svg_timeout if large_svg else args.timeout,
                                       warm_up=not large_svg) | {"task": task}
            processes.append(result)
            print(f"{task:8} {name:5} argmap {fmt_s(result.get('argmap')):>8} {fmt_mb(result.get('argmap_peak')):>7}"
                  f"   argdown {fmt_s(result.get('argdown')):>8} {fmt_mb(result.get('argdown_peak')):>7}"
                  f"   ratio {result.get('ratio', 0):.1f}x  memory {result.get('memory', 0):.2f}"
                  + (f"  runs {' '.join(f'{r:.1f}x' for r in result['run_ratios'])}" if result.get("run_ratios")
                     else "")
                  + "".join(f"  [{k}: {v}]" for k, v in result.items() if k.endswith("_error")))

    stages = {}
    engines = ["embedded"] + (["system"] if shutil.which("dot") else [])
    for name, plain, _, m in cases:
        repeat = 1 if len(m.statements) >= 20000 else (3 if len(m.statements) >= 5000 else args.runs)
        stages[name] = in_process(plain, repeat, engines if name == "seed" else [], env)
        s = stages[name]
        print(f"stages {name:5} parse {fmt_s(s['parse'])} (no GC {fmt_s(s['parse_nogc'])}) check {fmt_s(s['check'])} "
              f"DOT {fmt_s(s['dot'])} (no GC {fmt_s(s['dot_nogc'])}) JSON {fmt_s(s['json'])}")

    report = tables(info, sizes_of, processes, stages, equivalence)
    print()
    print(report)
    if args.write:
        target = Path(args.write)
        text = target.read_text(encoding="utf-8") if target.exists() else f"{BEGIN}\n{END}\n"
        if BEGIN not in text or END not in text:
            sys.exit(f"{target}: no {BEGIN} ... {END} markers to write between")
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        target.write_text(f"{head}{BEGIN}\n{report}{END}{tail}", encoding="utf-8")
        print(f"wrote {target}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
