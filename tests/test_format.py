"""The canonical layout that ``dumps`` (and ``argmap fmt``) writes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from tests.profile import examples

MESSY = """\
// Top of the file.
title: Tea   // the title
author:    A. Student

# Claims   // first section

thesis tea:    Tea is good
      for you.   #health
    // Above the first reason.
    + claim antiox: It is full of antioxidants.
        weight: 0.7   // how sure
        + evidence study: A review.
            date: 2019
    + argument habit: A habit
        premise: Warm drinks calm.
        @calm   // reused
claim calm: Calm people decide better.

## Replies

@tea
    - claim caffeine: It has caffeine.   // an objection
        _ claim little: Not much of it.
// The end.
"""

CANONICAL = """\
// Top of the file.
title: Tea   // the title
author: A. Student

# Claims   // first section

thesis tea: Tea is good for you. #health
  // Above the first reason.
  + claim antiox: It is full of antioxidants.
    weight: 0.7   // how sure
    + evidence study: A review.
      date: 2019
  + argument habit: A habit
    premise: Warm drinks calm.
    @calm   // reused

claim calm: Calm people decide better.

## Replies

@tea
  - claim caffeine: It has caffeine.   // an objection
    _ claim little: Not much of it.

// The end.
"""


def test_canonical_layout_keeps_comments_where_they_were() -> None:
    assert argmap.dumps(argmap.parse(MESSY)) == CANONICAL
    assert argmap.parse(CANONICAL) == argmap.parse(MESSY)
    assert argmap.dumps(argmap.parse(CANONICAL)) == CANONICAL


def test_a_reference_written_elsewhere_moves_under_its_node_with_its_comment() -> None:
    text = "thesis t: T.\nclaim c: C.\n@t\n  + @c   // why c matters\n"
    assert argmap.dumps(argmap.parse(text)) == "thesis t: T.\n  + @c   // why c matters\n\nclaim c: C.\n"


def test_comments_of_objects_built_in_code_are_none() -> None:
    m = argmap.ArgumentMap(statements=[argmap.Statement("thesis", "t", "T.")])
    assert argmap.dumps(m) == "thesis t: T.\n"


_LINES = st.sampled_from([
    "thesis t: T.", "  + claim c: C.   // c", "    + evidence: E.", "      date: 1959   // d",
    "  // a comment", "// top", "# Heading   // h", "  - @t   // r", "claim x: X.", "@x", "  + claim: Y.",
])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_LINES, max_size=10).map("\n".join))
def test_formatting_loses_no_comment(text: str) -> None:
    try:
        m = argmap.parse(text)
    except argmap.ArgmapSyntaxError:
        return
    formatted = argmap.dumps(m)
    assert formatted.count("//") == text.count("//")
    assert argmap.parse(formatted) == m
    assert argmap.dumps(argmap.parse(formatted)) == formatted
