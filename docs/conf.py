"""Sphinx configuration for argmap's documentation site.

Build: ``pip install -e '.[docs]' && sphinx-build -W -b html docs OUT``.
The pages are the Markdown files of this folder, read with MyST; maps in
them are drawn by argmap's own Sphinx extension (``argmap.sphinxext``).
"""

from __future__ import annotations

import argmap

project = "argmap"
author = "argmap developers"
copyright = "argmap developers"
version = release = argmap.__version__

extensions = ["myst_parser", "argmap.sphinxext"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "images/*.md"]
myst_heading_anchors = 3
html_theme = "alabaster"
html_title = "argmap"


def setup(app: object) -> None:
    from pygments.lexers.special import TextLexer

    # Pygments has no lexer for Argdown; its blocks (docs/interchange.md) are shown as plain text.
    app.add_lexer("argdown", TextLexer)  # type: ignore[attr-defined]
