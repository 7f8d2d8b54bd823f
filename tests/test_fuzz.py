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
#: How many times each test's count the long hunt runs: ``ARGMAP_FUZZ_SCALE=100`` with
#: ``HYPOTHESIS_PROFILE=fuzz-long`` runs about 100,000 cases (see docs/security.md).
_SCALE = int(os.environ.get("ARGMAP_FUZZ_SCALE", "20"))


def _settings(n: int) -> settings:
    return settings(max_examples=n * _SCALE if _LONG else examples(n), deadline=None,
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
    for semantics in ("grounded", "preferred", "stable", "dfquad"):
        only_argmap_errors(lambda semantics=semantics: argmap.evaluate(m, semantics, search_limit=2_000))
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


#: Integers as JSON text (``json.dumps`` itself refuses to write one over 4,300 digits).
HUGE_NUMBERS = st.sampled_from([4_299, 4_300, 4_301, 5_000, 20_000]).flatmap(
    lambda n: st.sampled_from(["1" * n, "-" + "9" * n, "1" * n + ".5", "1" * n + "e5", "0." + "1" * n])
)
_HUGE = "\x00huge\x00"


@st.composite
def broken_documents(draw: Any, fmt: str) -> str:
    """A good document of *fmt* with one to three values replaced by wrong ones (huge numbers too), or removed."""
    data = json.loads(draw(st.sampled_from(SEEDS[fmt])))
    huge = draw(st.none() | HUGE_NUMBERS)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if huge is not None and draw(st.booleans()):
            parent[path[-1]] = _HUGE
        elif draw(st.booleans()):
            parent[path[-1]] = copy.deepcopy(draw(WRONG))  # st.just() hands out one shared object
        else:
            del parent[path[-1]]
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    return text.replace(json.dumps(_HUGE), huge) if huge is not None else text


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


# -- YAML in Argdown data and front matter ---------------------------------------------

_SCALARS = st.one_of(
    st.sampled_from(["x", "1", "-0", "0x1F", "0o17", "0b101", "1_000", "1:20:30", "1.5e3", ".inf", "-.nan", "~", "null",
                     "yes", "No", "on", "true", "''", '""', '"\\ud800"', '"\\udfff x"', '"\\x01"', '"\\u0000"',
                     "2019", "2019-02-28", "2019-02-29", "2019-13-01", "2019-00-10", "2019-1-1", "0000-01-01",
                     "9999-12-31T23:59:60Z", "2001-12-14t21:59:43.10-05:00", "2001-12-15 2:59:43.10",
                     "12:30", "<<", "=", "!", "&", "*", "|", ">", "%", "@", "`", "{", "}", "[", "]", ","]),
    st.dates().map(str),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13),
              st.integers(0, 32)),
    st.integers().map(str),
    st.sampled_from([4_300, 4_301, 9_000]).map(lambda n: "1" * n),
    st.integers(2, 3_000).map(lambda n: "1" + ":1" * n),
    st.text(max_size=6),
)
_TAGS = st.sampled_from(["", "", "", "!!bool ", "!!int ", "!!float ", "!!timestamp ", "!!str ", "!!null ", "!!binary ",
                         "!!set ", "!!omap ", "!!pairs ", "!!seq ", "!!map ", "!!merge ", "!!value ", "!!python/tuple ",
                         "!!python/object:os.system ", "!local ", "!<tag:yaml.org,2002:int> ", "!!yaml "])
_ANCHORS = st.sampled_from(["", "", "&a ", "&b ", "*a", "*b", "*a ", "&a *a", "*undefined"])


def _laughs(levels: int) -> str:
    lists = [f"&l0 [{', '.join(['x'] * 9)}]"] + [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "[" + ", ".join(lists) + "]"


def yaml_values(depth: int = 0) -> st.SearchStrategy[str]:
    """A flow-style YAML value: scalars with tags, anchors and aliases, lists, mappings, deep nesting."""
    leaf = st.builds(lambda a, t, v: a + t + v, _ANCHORS, _TAGS, _SCALARS)
    if depth >= 3:
        return leaf
    inner = st.deferred(lambda: yaml_values(depth + 1))
    keys = st.one_of(st.sampled_from(["k", "kind", "date", "<<", "? x", "[a]"]), leaf)
    return st.one_of(
        leaf,
        st.builds(lambda a, t, items: a + t + "[" + ", ".join(items) + "]", _ANCHORS, _TAGS,
                  st.lists(inner, max_size=4)),
        st.builds(lambda a, t, items: a + t + "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}", _ANCHORS, _TAGS,
                  st.lists(st.tuples(keys, inner), max_size=4)),
        st.integers(60, 2_000).map(lambda n: "[" * n + "]" * n),
        st.integers(60, 2_000).map(lambda n: "{a: " * n + "1" + "}" * n),
        st.integers(1, 9).map(_laughs),
    )


@st.composite
def argdown_with_yaml(draw: Any) -> str:
    """Argdown whose data blocks and front matter hold hostile YAML."""
    value = draw(yaml_values())
    where = draw(st.sampled_from(["data", "front", "both", "mutated"]))
    key = draw(st.sampled_from(["a", "kind", "date", "title", "<<", "x y"]))
    body = draw(st.sampled_from(SEEDS["argdown"])) if where == "mutated" else "[t]: Tea is good.\n  + [w]: It is warm.\n"
    if where in ("data", "both", "mutated"):
        first, _, rest = body.partition("\n")
        body = f"{first} {{{key}: {value}}}\n{rest}"
    if where in ("front", "both"):
        body = f"===\n{key}: {value}\n===\n{body}"
    return body


@_settings(150)
@given(argdown_with_yaml())
def test_hostile_yaml_in_argdown(text: str) -> None:
    check_import(text, "argdown")


# -- lone surrogates in Python strings ----------------------------------------------

_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


@st.composite
def with_surrogates(draw: Any, texts: st.SearchStrategy[str]) -> str:
    """*texts* with one to three lone surrogates put anywhere (only a Python string can hold one)."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_SURROGATES) + text[at:]
    return text


@_settings(100)
@given(with_surrogates(st.one_of(mutated_examples(), st.sampled_from(EXAMPLE_TEXTS), st.text(max_size=50))))
def test_lone_surrogates_in_argmap_text(text: str) -> None:
    check_surrogate_text(text)


def check_surrogate_text(text: str) -> None:
    """*text* holds a lone surrogate: parse refuses it at its place, with a message that can be printed."""
    with pytest.raises(ArgmapSyntaxError, match="lone surrogate") as caught:
        argmap.parse(text)
    assert_inside(caught.value, text)
    str(caught.value).encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown"])
@_settings(50)
@given(data=st.data())
def test_lone_surrogates_in_interchange_text(fmt: str, data: st.DataObject) -> None:
    text = data.draw(with_surrogates(st.sampled_from(SEEDS[fmt])))
    check_import(text, fmt)


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
