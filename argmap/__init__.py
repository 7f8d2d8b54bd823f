"""argmap: argument maps from plain text.

Parse the argmap notation into typed objects, check them, and draw them as
Graphviz argument maps.

>>> import argmap
>>> m = argmap.parse('''
... thesis tea: Tea is good for you.
...   + claim: It is full of antioxidants.
... ''')
>>> [s.text for s in m.supporters("tea")]
['It is full of antioxidants.']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argmap.checks import check
    from argmap.document import Document, parse_document
    from argmap.errors import (
        ArgmapError,
        ArgmapRenderError,
        ArgmapSyntaxError,
        Diagnostic,
        Severity,
    )
    from argmap.evaluate import ArgmapEvaluationError, Evaluation, evaluate
    from argmap.format import dumps
    from argmap.interchange import read, write
    from argmap.model import (
        Argument,
        ArgumentMap,
        Kind,
        Relation,
        RelationKind,
        Section,
        Span,
        Statement,
    )
    from argmap.parser import load, parse
    from argmap.render import RenderOptions, render, to_dot

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "parse",
    "parse_document",
    "Document",
    "load",
    "dumps",
    "read",
    "write",
    "check",
    "to_dot",
    "render",
    "RenderOptions",
    "evaluate",
    "Evaluation",
    "ArgmapEvaluationError",
    "ArgumentMap",
    "Statement",
    "Argument",
    "Relation",
    "Section",
    "Span",
    "Kind",
    "RelationKind",
    "Diagnostic",
    "Severity",
    "ArgmapError",
    "ArgmapSyntaxError",
    "ArgmapRenderError",
]

# The public names are imported on first use (PEP 562), so that `import
# argmap` stays cheap and a command loads only what it needs: converting a
# map to JSON never imports the renderer, Graphviz bindings or the evaluator.
# `render` and `evaluate` are the modules argmap.render and argmap.evaluate,
# which call their namesake function when called (argmap/_callable.py): so
# `argmap.render(m, "map.svg")` and `import argmap.render as r` both work.
_HOME = {
    "check": "argmap.checks",
    "Document": "argmap.document",
    "parse_document": "argmap.document",
    "ArgmapError": "argmap.errors",
    "ArgmapRenderError": "argmap.errors",
    "ArgmapSyntaxError": "argmap.errors",
    "Diagnostic": "argmap.errors",
    "Severity": "argmap.errors",
    "ArgmapEvaluationError": "argmap.evaluate",
    "Evaluation": "argmap.evaluate",
    "dumps": "argmap.format",
    "read": "argmap.interchange",
    "write": "argmap.interchange",
    "Argument": "argmap.model",
    "ArgumentMap": "argmap.model",
    "Kind": "argmap.model",
    "Relation": "argmap.model",
    "RelationKind": "argmap.model",
    "Section": "argmap.model",
    "Span": "argmap.model",
    "Statement": "argmap.model",
    "load": "argmap.parser",
    "parse": "argmap.parser",
    "RenderOptions": "argmap.render",
    "to_dot": "argmap.render",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value
    try:  # a submodule not imported yet, e.g. argmap.checks.CODES, or argmap.render
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME) | set(__all__))


def load_ipython_extension(ipython: Any) -> None:
    """What ``%load_ext argmap`` calls: registers the ``%%argmap`` cell magic (see :mod:`argmap.magic`)."""
    from argmap.magic import load_ipython_extension as load

    load(ipython)

