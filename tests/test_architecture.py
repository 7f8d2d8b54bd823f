"""The direction of imports, as docs/architecture.md states it.

The layer table of that page is the rule set: this test reads it, places
every module of the package in its layer, and checks every import inside
argmap (at the top of a file or inside a function) against it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "argmap"
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

TEXT = {"argmap.document", "argmap.parser", "argmap._diagnose", "argmap.format"}
MEANING = {"argmap.checks", "argmap.evaluate", "argmap.iccma"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layers() -> list[list[str]]:
    """The module patterns of each row of the page's layer table, in order."""
    table = PAGE[PAGE.index("| layer | modules |"):].split("\n\n")[0]
    rows = [line.split("|")[2] for line in table.splitlines()[2:]]
    return [[f"argmap.{name}" for name in re.findall(r"`([\w.*]+)`", row)] for row in rows]


LAYERS = _layers()


def _layer(module: str) -> int | None:
    for k, patterns in enumerate(LAYERS):
        for pattern in patterns:
            if module == pattern or (pattern.endswith(".*") and module.startswith(pattern[:-1])) \
                    or (pattern.endswith(".*") and module == pattern[:-2]):
                return k
    return None


def _imports(name: str) -> list[tuple[str, str | None]]:
    """(imported argmap module, the function it is imported in or None) for each import of *name*.

    Imports under ``if TYPE_CHECKING:`` run only for the type checker and are left out.
    """
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []

    def resolve(module: str) -> str:
        while module not in MODULES and "." in module:
            module = module.rpartition(".")[0]
        return module

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [f"{base}.{alias.name}" for alias in child.names]
            for target in targets:
                if target.split(".")[0] == "argmap":
                    found.append((resolve(target), function))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return [(target, function) for target, function in found if target not in ("argmap", name)]


def test_the_page_lays_out_every_module() -> None:
    assert len(LAYERS) == 7 and LAYERS[0] and LAYERS[1] == ["argmap.model"]
    unplaced = [name for name in MODULES if name != "argmap" and _layer(name) is None]
    assert unplaced == [], "put each module in a layer of docs/architecture.md's table"
    undescribed = [name for name in MODULES if name != "argmap" and f"**`{name}`**" not in PAGE
                   and not (f"**`{name.rpartition('.')[0]}`**" in PAGE and f"`{name.rpartition('.')[2]}`" in PAGE)]
    assert undescribed == [], "give each module its paragraph in docs/architecture.md"


def _display_hook(module: str, target: str, function: str | None) -> bool:
    """The one exception: the model's Jupyter hooks draw the map when a notebook shows it."""
    return (module == "argmap.model" and function is not None and function.startswith("_repr_")
            and target in ("argmap.render", "argmap.interactive"))


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "argmap"))
def test_imports_go_with_the_flow(module: str) -> None:
    own = _layer(module)
    if own is None:
        pytest.skip(f"{module} has no layer yet (test_the_page_lays_out_every_module says so)")
    wrong = []
    for target, function in _imports(module):
        layer = _layer(target)
        if layer is None or _display_hook(module, target, function):
            continue
        if layer > own:
            wrong.append(f"{target} (a lower layer)")
        elif module in MEANING and target in TEXT:
            wrong.append(f"{target} (the meaning takes a model, not text)")
        elif own == 5 and target in TEXT and not module.startswith("argmap.interchange"):
            wrong.append(f"{target} (the drawing takes a model, not text)")
        elif own == 5 and layer == 5 and module.startswith("argmap.interchange") != target.startswith("argmap.interchange"):
            wrong.append(f"{target} (drawing and interchange are separate sides)")
    assert wrong == [], f"{module} imports " + ", ".join(wrong)


def test_the_model_imports_nothing_else_from_argmap() -> None:
    found = _imports("argmap.model")
    assert {t for t, function in found if function is None} == {"argmap.constants"}
    assert all(_display_hook("argmap.model", t, f) for t, f in found if f is not None)


@pytest.mark.parametrize("module", ["argmap.constants", "argmap.graphs"])
def test_the_foundation_imports_nothing_from_argmap(module: str) -> None:
    assert _imports(module) == []


def test_the_rules_catch_an_import_against_the_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The checker itself: a checks module that reads text would be caught.
    fake = tmp_path / "checks.py"
    fake.write_text("from argmap.parser import parse\n\ndef f():\n    import argmap.render\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "argmap.checks", fake)
    assert [t for t, _ in _imports("argmap.checks")] == ["argmap.parser", "argmap.render"]
    with pytest.raises(AssertionError, match=r"argmap\.parser \(the meaning takes a model"):
        test_imports_go_with_the_flow("argmap.checks")


def test_the_page_examples_run() -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", PAGE, re.MULTILINE | re.DOTALL)
    assert blocks
    for code in blocks:
        exec(compile(code, "docs/architecture.md", "exec"), {})  # noqa: S102 (the page's own example)
