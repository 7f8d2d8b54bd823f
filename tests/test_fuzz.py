"""Bounded fuzzing of every reader and every stage after it.

Inputs: arbitrary text; the example files mutated the ways people break
files (lines deleted, duplicated or swapped, indentation changed, markers
inserted); JSON and AIF documents of the right shape with wrong types,
missing keys and huge values; mutated Argdown.  What must hold:

- nothing but :class:`~argmap.errors.ArgmapError` subclasses escapes
  ``parse``, the importers, ``check``, ``dumps``, ``to_dot``, ``evaluate``
  and the embedded renderer;
- every reported line and column lies inside the input;
- a text that parses formats back to the same map, and formatting is a
  fixed point.

Example counts are modest so the file runs in CI in well under 30 s; run
``HYPOTHESIS_PROFILE=fuzz-long`` for a longer hunt.  Every failure found is
kept in ``tests/fixtures/regressions/`` and run by
``test_regression_fixtures``.
"""

from __future__ import annotations

import copy
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, interchange
from tests.profile import examples

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.argmap")) + sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.argmap"))
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLES]
REGRESSIONS = ROOT / "tests" / "fixtures" / "regressions"
INTERCHANGE = ROOT / "tests" / "fixtures" / "interchange"

_LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz-long"


def _settings(n: int) -> settings:
    return settings(max_examples=n * 20 if _LONG else examples(n), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


# -- what must hold -----------------------------------------------------------


def lines_of(text: str, fmt: str = "argmap") -> list[str]:
    """The lines an editor would number, as the reader of *fmt* counts them."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt in ("json", "aif"):  # JSON counts only LF as a line break (RFC 8259 white space)
        return text.split("\n")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_inside(error: ArgmapSyntaxError, text: str, fmt: str = "argmap") -> None:
    """The error's line is a line of *text*; its column is on it, or just past its end."""
    lines = lines_of(text, fmt)
    assert 1 <= error.line <= len(lines), (error.line, len(lines), str(error))
    assert 1 <= error.column <= len(lines[error.line - 1]) + 1, (error.column, lines[error.line - 1], str(error))
    assert str(error).startswith(f"{error.source or '<string>'}:{error.line}:{error.column}: error: ")


def only_argmap_errors(step: Callable[[], Any]) -> Any:
    """Run *step*; an ArgmapError is an accepted answer, anything else fails the test."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # RenderWarning: a dropped url is reported, not raised
            return step()
    except ArgmapError:
        return None


def exercise(m: argmap.ArgumentMap, *, render: bool = False) -> None:
    """Every stage after reading: only ArgmapError may escape."""
    for diagnostic in only_argmap_errors(lambda: argmap.check(m)) or ():
        if diagnostic.span is not None and m.text is not None:
            assert 1 <= diagnostic.span.line <= len(lines_of(m.text)), diagnostic
    # Text outputs are encoded as writing them would: a map that cannot be saved is a failure.
    only_argmap_errors(lambda: argmap.dumps(m).encode("utf-8"))
    only_argmap_errors(lambda: argmap.to_dot(m).encode("utf-8"))
    for fmt in ("json", "aif", "argdown"):
        only_argmap_errors(lambda fmt=fmt: interchange.dumps(m, fmt, warnings=[]).encode("utf-8"))
    for semantics in ("grounded", "dfquad"):
        only_argmap_errors(lambda semantics=semantics: argmap.evaluate(m, semantics))
    if render:
        from argmap.render import render_bytes

        svg = only_argmap_errors(lambda: render_bytes(m, "svg", engine="embedded"))
        assert svg is None or svg.startswith(b"<?xml")


def check_text(text: str, *, render: bool = False) -> None:
    """The whole pipeline for one argmap text."""
    try:
        m = argmap.parse(text)
    except ArgmapSyntaxError as error:
        assert_inside(error, text)
        return
    exercise(m, render=render)
    formatted = only_argmap_errors(lambda: argmap.dumps(m))
    if formatted is None:
        return
    again = argmap.parse(formatted)
    assert again == m, formatted
    assert argmap.dumps(again) == formatted


def check_import(text: str, fmt: str) -> None:
    """One importer on *text*, then every stage after it."""
    try:
        m = interchange.loads(text, fmt, warnings=[])
    except ArgmapSyntaxError as error:
        assert_inside(error, text, fmt)
        return
    except ArgmapError:
        return
    exercise(m)


# -- argmap text --------------------------------------------------------------

MARKERS = ["+ ", "- ", "_ ", "@", "@x", "#", "# ", "#tag", "//", " // ", '"', ":", ": ", "\\", "\t", "  ",
           "claim: ", "argument a:", "premise: ", "thesis t: ", "date: ", '"a', "\u00a0", "\r"]


@st.composite
def mutated(draw: Any, texts: list[str], markers: list[str]) -> str:
    """One of *texts* with a few lines deleted, duplicated, swapped, re-indented or marked."""
    lines = draw(st.sampled_from(texts)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "insert"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "indent":
            lines[i] = " " * draw(st.integers(0, 10)) + lines[i].lstrip(" ")
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(markers)) + lines[i][at:]
    return "\n".join(lines)


def mutated_examples() -> st.SearchStrategy[str]:
    return mutated(EXAMPLE_TEXTS, MARKERS)


@_settings(300)
@given(st.one_of(mutated_examples(), st.text(max_size=300)))
def test_argmap_text_pipeline(text: str) -> None:
    check_text(text)


@_settings(25)
@given(mutated_examples())
def test_mutated_examples_render_or_fail_cleanly(text: str) -> None:
    check_text(text, render=True)


# -- JSON and AIF ---------------------------------------------------------------

_TEA = argmap.load(ROOT / "examples" / "tea.argmap")
_ESSAY = argmap.load(ROOT / "examples" / "china-north-korea.argmap")
SEEDS = {
    "json": [interchange.dumps(_TEA, "json"), interchange.dumps(_ESSAY, "json")],
    "aif": [interchange.dumps(_TEA, "aif"), (INTERCHANGE / "moral-maze.aif.json").read_text(encoding="utf-8")],
    "argdown": [interchange.dumps(_TEA, "argdown"), interchange.dumps(_ESSAY, "argdown"),
                (INTERCHANGE / "school-meals.argdown").read_text(encoding="utf-8")],
}

#: Values of the wrong type, or of the right type and absurd size.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(), st.just(10**400), st.just(-1), st.just(0), st.floats(),
    st.text(max_size=8), st.just(""), st.just("x" * 1_000_000), st.just("I"), st.just("CA"), st.just("undercut"),
    st.lists(st.integers(), max_size=3), st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2), st.just({"kind": "undercut"}),
    st.just([[[[[[[[[[[]]]]]]]]]]]), st.just(list(range(10_000))),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def broken_documents(draw: Any, fmt: str) -> str:
    """A good document of *fmt* with one to three values replaced by wrong ones, or removed."""
    data = json.loads(draw(st.sampled_from(SEEDS[fmt])))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            parent[path[-1]] = copy.deepcopy(draw(WRONG))  # st.just() hands out one shared object
        else:
            del parent[path[-1]]
    return json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))


@pytest.mark.parametrize("fmt", ["json", "aif"])
@_settings(150)
@given(data=st.data())
def test_broken_json_and_aif(fmt: str, data: st.DataObject) -> None:
    text = data.draw(st.one_of(broken_documents(fmt), st.text(max_size=100)))
    check_import(text, fmt)


# -- Argdown --------------------------------------------------------------------

ARGDOWN_MARKERS = ["+ ", "- ", "_ ", "<+ ", "<- ", "<_ ", "+> ", "-> ", "_> ", ">< ", "[", "]", "<", ">", "{", "}",
                   "#", "# ", "#(", "(1) ", "----", "-- x --", "===", "/*", "*/", "<!--", "-->", "//", '"', ":",
                   "\\", "{a: [1}", "{kind: 3}", "*", "_", "\t", "  "]


def mutated_argdown() -> st.SearchStrategy[str]:
    return mutated(SEEDS["argdown"], ARGDOWN_MARKERS)


@_settings(150)
@given(st.one_of(mutated_argdown(), st.text(max_size=200)))
def test_mutated_argdown(text: str) -> None:
    check_import(text, "argdown")


# -- failures found, kept ---------------------------------------------------------

_FORMATS = ((".aif.json", "aif"), (".json", "json"), (".argdown", "argdown"), (".argmap", "argmap"))


def _format_of(path: Path) -> str:
    return next(fmt for suffix, fmt in _FORMATS if path.name.endswith(suffix))


REGRESSION_FILES = sorted(p for p in REGRESSIONS.iterdir() if p.name != "README.md")


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=lambda p: p.name)
def test_regression_fixtures(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fmt = _format_of(path)
    if fmt == "argmap":
        check_text(text, render=True)
    else:
        check_import(text, fmt)


def test_regression_fixtures_exist() -> None:
    """Every failure the fuzzers found is kept as a file (the list must not silently go empty)."""
    assert REGRESSION_FILES
