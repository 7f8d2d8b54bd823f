"""What the speed-ups of docs/performance.md must not change.

The figures themselves come from tests/benchmarks/bench_vs_argdown.py (no
timed tests here); these tests pin the behaviour around them: the JSON
writer writes exactly what ``json.dumps`` would, ``import argmap`` loads its
names lazily yet ``argmap.render`` and ``argmap.evaluate`` stay functions,
the ``argmap`` command turns the garbage collector back on, and the example
of docs/performance.md runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import argmap
from argmap import cli
from argmap.interchange import json as argmap_json
from tests.profile import examples
from tests.strategies import argument_maps

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "performance.md"


@settings(max_examples=examples(60), deadline=None)
@given(argument_maps())
def test_json_writer_matches_json_dumps(m: argmap.ArgumentMap) -> None:
    expected = json.dumps(argmap_json.to_data(m), ensure_ascii=False, indent=2) + "\n"
    assert argmap_json.dumps(m) == expected


def test_json_writer_matches_json_dumps_on_the_examples() -> None:
    for path in sorted((ROOT / "examples").glob("*.argmap")):
        m = argmap.load(path)
        assert argmap_json.dumps(m) == json.dumps(argmap_json.to_data(m), ensure_ascii=False, indent=2) + "\n"


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout


def test_import_argmap_loads_nothing_heavy() -> None:
    out = _python("import sys, argmap; print(sorted(m for m in sys.modules if m.split('.')[0] in "
                  "('lark', 'attr', 'attrs', 'graphviz', 'difflib') or m.startswith('argmap.')))")
    assert out.strip() == "[]"


def test_lazy_names_are_the_real_ones() -> None:
    out = _python(
        "import argmap, argmap.render, argmap.evaluate, sys\n"
        "from argmap.render import render\n"
        "from argmap.evaluate import evaluate\n"
        "print(argmap.render is sys.modules['argmap.render'], argmap.evaluate is sys.modules['argmap.evaluate'],"
        " argmap.render.render is render)\n"
        "import argmap.checks\n"
        "print(argmap.check is argmap.checks.check, sorted(set(argmap.__all__) - set(dir(argmap))))\n"
    )
    assert out.split() == ["True", "True", "True", "True", "[]"]


def test_names_and_submodules_on_first_use() -> None:
    out = _python("import argmap; print(argmap.checks.CODES['disconnected'].value, argmap.Kind('claim').value)\n"
                  "try:\n    argmap.no_such_name\nexcept AttributeError as e:\n    print(e)")
    assert out.splitlines() == ["warning claim", "module 'argmap' has no attribute 'no_such_name'"]


def test_cli_runs_a_command_without_the_collector_then_turns_it_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tea.argmap"
    path.write_text("thesis t: Tea is good.\n  + claim c: It is warm.\n", encoding="utf-8")
    seen: list[bool] = []
    original = cli._cmd_check

    def spy(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return original(args)

    monkeypatch.setattr(cli, "_cmd_check", spy)
    assert cli.main(["check", str(path)]) == 0
    assert seen == [False]
    assert gc.isenabled()
    with cli._no_gc(active=False):  # what --watch gets: it runs for ever
        assert gc.isenabled()


def test_performance_page_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert blocks, "docs/performance.md shows how to make a test map"
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "benchmarks"))
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), {})
    assert argmap.load(tmp_path / "big.argmap") == argmap.read(tmp_path / "big.argdown")
