"""The package as a library sees it: submodules are modules, the public names are the real ones."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types
from pathlib import Path

import pytest

import argmap

TEA = "thesis t: Tea is good.\n  + claim c: It is warm.\n"


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", ["parser", "model", "checks", "format", "render", "evaluate", "errors", "interchange"])
def test_submodules_import_as_modules(name: str) -> None:
    # `import argmap.render as r` binds what the package's attribute is: it must be the module.
    out = _python(f"import argmap.{name} as m, types; print(isinstance(m, types.ModuleType), m.__name__)")
    assert out.split() == ["True", f"argmap.{name}"]


def test_render_and_evaluate_are_modules() -> None:
    import argmap.evaluate as e
    import argmap.render as r

    m = argmap.parse(TEA)
    assert isinstance(r, types.ModuleType) and argmap.render is r
    assert r.to_dot(m) == argmap.to_dot(m)
    assert argmap.evaluate(m, "grounded") == e.evaluate(m, "grounded")


def test_calling_the_module_is_calling_the_function(tmp_path: Path) -> None:
    m = argmap.parse(TEA)
    target = tmp_path / "tea.dot"
    assert argmap.render(m, target) == target
    assert "digraph" in target.read_text(encoding="utf-8")
    assert argmap.evaluate(m, "grounded").labels["t"] == "in"
    # What help() and editors show for a call is the function's signature.
    assert inspect.signature(argmap.render) == inspect.signature(argmap.render.render)
    assert inspect.signature(argmap.evaluate) == inspect.signature(argmap.evaluate.evaluate)


def test_importing_a_submodule_first_keeps_the_call_working() -> None:
    # Whichever comes first (the submodule import or the package attribute), both work.
    out = _python("import argmap.render, argmap.evaluate\n"
                  "import argmap\n"
                  "m = argmap.parse('thesis t: T.')\n"
                  "print('digraph' in argmap.render.to_dot(m), argmap.evaluate(m, 'grounded').labels['t'])")
    assert out.split() == ["True", "in"]


def test_nothing_else_is_callable() -> None:
    import argmap.checks
    import argmap.model

    assert not callable(argmap.checks) and not callable(argmap.model)
