"""Properties that hold for every map and every text."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapSyntaxError
from tests.profile import examples
from tests.strategies import argument_maps

_settings = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(argument_maps())
def test_dumps_then_parse_is_the_identity(m: argmap.ArgumentMap) -> None:
    text = argmap.dumps(m)
    assert argmap.parse(text) == m, text


@_settings
@given(argument_maps())
def test_dumps_is_a_fixed_point(m: argmap.ArgumentMap) -> None:
    text = argmap.dumps(m)
    assert argmap.dumps(argmap.parse(text)) == text


@_settings
@given(argument_maps())
def test_to_dot_is_deterministic(m: argmap.ArgumentMap) -> None:
    assert argmap.to_dot(m) == argmap.to_dot(copy.deepcopy(m))


@_settings
@given(argument_maps())
def test_check_collects_and_never_raises(m: argmap.ArgumentMap) -> None:
    for diagnostic in argmap.check(m):
        assert diagnostic.code and diagnostic.message


_LINES = st.sampled_from([
    "thesis t: T.", "  + claim c: C.", "  - @t", "    _ claim: U.", "  + argument a:", "    premise: P.",
    "    @c", "# Heading", "title: x", "  date: 1959", '  quote: "a', "\tclaim", "+", "@", "  // comment",
    "", "   ", "claim", ":", "#", "#tag", "premise p: x", "    more text",
])


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_LINES, max_size=12).map("\n".join)))
def test_parse_raises_only_syntax_errors_inside_the_text(text: str) -> None:
    try:
        argmap.parse(text)
    except ArgmapSyntaxError as error:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 1 <= error.line <= len(lines) + 1
        assert 1 <= error.column <= len(lines[min(error.line, len(lines)) - 1]) + 2
        assert str(error).startswith("<string>:")
