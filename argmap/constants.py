"""The words, markers, keys and names the parts of argmap share, in one place.

It imports nothing from argmap (only ``re`` and ``types``), so the command
line (which must start fast), the highlighter and the language server can
read it without loading the parser or the model.  Everything else takes these facts from here; where a file must
spell a word out (the Lark grammar, the JSON schema, the TextMate grammar), a
test holds it to this module (``tests/test_constants.py``).

>>> NODE_WORDS
('thesis', 'claim', 'premise', 'evidence', 'argument')
>>> RELATION_MARKERS["+"]
'support'
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = [
    "STATEMENT_KINDS",
    "ARGUMENT",
    "NODE_WORDS",
    "RELATION_KINDS",
    "RELATION_MARKERS",
    "METADATA_KEYS",
    "HEADER_KEYS",
    "DATE",
    "DATE_OR_RANGE",
    "RENDER_FORMATS",
    "OUTPUT_FORMATS",
    "ENGINES",
    "INTERCHANGE_FORMATS",
    "FRAMEWORK_FORMATS",
    "DUNG_SEMANTICS",
    "GRADUAL_SEMANTICS",
    "SEMANTICS",
]

# -- the notation ---------------------------------------------------------------

#: What a statement can be, in the order the notation's docs give them
#: (:class:`argmap.model.Kind` has one member for each).
STATEMENT_KINDS = ("thesis", "claim", "premise", "evidence")
#: The word that opens an argument (premises that bear on a target together).
ARGUMENT = "argument"
#: Every word that can open a node line: the statement kinds, then ``argument``.
NODE_WORDS = (*STATEMENT_KINDS, ARGUMENT)
#: How a reason bears on its target (:class:`argmap.model.RelationKind`).
RELATION_KINDS = ("support", "attack", "undercut")
#: The marker that opens a child line, and the relation it writes.
RELATION_MARKERS = MappingProxyType({"+": "support", "-": "attack", "_": "undercut"})
#: Metadata keys argmap reads a meaning from (any other key is kept as text).
METADATA_KEYS = ("date", "source", "url", "quote", "page", "weight")
#: Keys of the header block at the top of a file.
HEADER_KEYS = ("title", "author", "source", "date", "url")

#: One date: a year, a month or a day (``2019``, ``2019-06``, ``2019-06-20``).
DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
#: A ``date:`` value: one date, or a range written ``a/b`` or ``a..b``
#: (groups 1 and 2 are its ends; the whole value must match).
DATE_OR_RANGE = re.compile(rf"({DATE})(?:(?:/|\.\.)({DATE}))?")

# -- outputs and engines ----------------------------------------------------------

#: What Graphviz draws for argmap (:func:`argmap.render`): its formats and DOT itself.
RENDER_FORMATS = ("svg", "png", "pdf", "dot")
#: What ``argmap render`` writes: those, and the interactive HTML page.
OUTPUT_FORMATS = (*RENDER_FORMATS, "html")
#: Which Graphviz draws: ``system`` (the ``dot`` program), ``embedded`` (the
#: WebAssembly build), or ``auto`` (system when present, else embedded).
ENGINES = ("auto", "system", "embedded")
#: What ``argmap convert`` reads and writes.
INTERCHANGE_FORMATS = ("argmap", "json", "aif", "argdown")
#: The abstract argumentation framework formats (ICCMA) ``argmap evaluate --framework`` writes.
FRAMEWORK_FORMATS = ("apx", "tgf", "i23")

# -- evaluation --------------------------------------------------------------------

#: Dung's extension semantics: labels in, out, undec.
DUNG_SEMANTICS = ("grounded", "preferred", "stable")
#: Gradual semantics: strengths between 0 and 1.
GRADUAL_SEMANTICS = ("dfquad", "euler", "quadratic-energy")
#: Every semantics :func:`argmap.evaluate` accepts.
SEMANTICS = DUNG_SEMANTICS + GRADUAL_SEMANTICS
