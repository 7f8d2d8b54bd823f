"""What the highlighters are tested on, shared by the Pygments and TextMate tests.

``samples()`` gives every argmap text the project has: the examples, the
valid, invalid and hostile fixtures, and every ```argmap block of the docs
and the README. ``CLASSES`` says, for one small map that uses every
construct, which class each piece belongs to; both highlighters must agree
with it (tests/test_highlight.py, tests/test_textmate.py).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^```argmap[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def samples() -> list[tuple[str, str, bool]]:
    """(name, text, valid) for every argmap text in the repository."""
    out: list[tuple[str, str, bool]] = []
    for folder, valid in (("examples", True), ("tests/fixtures/valid", True),
                          ("tests/fixtures/invalid", False), ("tests/fixtures/hostile", False)):
        for path in sorted((ROOT / folder).glob("*.argmap")):
            raw = path.read_bytes().decode("utf-8", errors="surrogateescape")
            out.append((f"{folder}/{path.name}", raw, valid))
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for i, block in enumerate(_FENCE.finditer(text), 1):
            out.append((f"{doc.relative_to(ROOT)}#{i}", block.group(1), True))
    return out


#: A map that uses every construct, and the class of each of its pieces:
#: (line number from 1, the piece as written, class).
SAMPLE = """\
// a comment
title: Tea   // after a header
# Health
thesis tea: Tea is good, \\#1 here. #health #diet
  + claim antiox: Full of antioxidants.
    date: 2019
    quote: "said \\"so\\" here"
  - @study
  _ argument: label
    premise p1: Warm.
"""

CLASSES: list[tuple[int, str, str]] = [
    (1, "// a comment", "comment"),
    (2, "title", "key"),
    (2, "Tea", "value"),
    (2, "// after a header", "comment"),
    (3, "Health", "heading"),
    (4, "thesis", "kind"),
    (4, "tea", "id"),
    (4, "Tea is good,", "text"),
    (4, "\\#", "escape"),
    (4, "#health", "tag"),
    (4, "#diet", "tag"),
    (5, "+", "marker"),
    (5, "claim", "kind"),
    (5, "antiox", "id"),
    (6, "date", "key"),
    (6, "2019", "value"),
    (7, "quote", "key"),
    (7, "said", "string"),
    (7, '\\"', "escape"),
    (8, "-", "marker"),
    (8, "@study", "reference"),
    (9, "_", "marker"),
    (9, "argument", "kind"),
    (10, "premise", "kind"),
    (10, "p1", "id"),
]
