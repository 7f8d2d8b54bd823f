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

from argmap.checks import check
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
