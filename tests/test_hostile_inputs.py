"""Inputs made to hang, exhaust or crash a reader: each answers with an ArgmapError or a map.

The reproducers of issue 11 (YAML aliases and bad values in Argdown data
and front matter, huge integers in JSON and AIF, lone surrogates in Python
strings, ids the notation cannot spell), each a test.  Their cost is shown
by ``tests/benchmarks/bench_hostile.py``; here they are small enough that a
hang would be a hang, not a slow test.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapSyntaxError, _text, interchange
from argmap.interchange import _yaml
from argmap.model import unused
from argmap.render import to_dot
from tests.profile import examples


def argdown_error(text: str) -> ArgmapSyntaxError:
    with pytest.raises(ArgmapSyntaxError) as caught:
        interchange.loads(text, "argdown", source="x.argdown")
    return caught.value


# -- YAML in Argdown data and front matter ------------------------------------

LAUGHS = ("[t]: Tea. {a: &a [x,x,x,x,x,x,x,x,x]"
          + "".join(f", {chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]" for i in range(8))
          + "}\n")


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    pytest.param("[t]: Tea. {a: &a [*a]}\n", 1, 19, "alias (*a)", id="self-containing-list"),
    pytest.param("===\na: &a [*a]\n===\n[t]: Tea.\n", 2, 8, "alias (*a)", id="front-matter-alias"),
    pytest.param(LAUGHS, 1, 46, "alias (*a)", id="billion-laughs"),
    pytest.param("[t]: Tea. {date: 2019-02-29}\n", 1, 18, "'2019-02-29' is not a valid !!timestamp", id="feb-29"),
    pytest.param("===\ndate: 2019-13-01\n===\n[t]: Tea.\n", 2, 7, "'2019-13-01'", id="front-matter-month-13"),
    pytest.param("[t]: Tea. {ok: !!bool x}\n", 1, 16, "'x' is not a valid !!bool", id="bool-tag"),
    pytest.param("[t]: Tea. {at: !!timestamp x}\n", 1, 16, "!!timestamp", id="timestamp-tag"),
    pytest.param("[t]: Tea. {n: !!int x}\n", 1, 15, "!!int", id="int-tag"),
    pytest.param("[t]: Tea. {n: !!float x}\n", 1, 15, "!!float", id="float-tag"),
    pytest.param("[t]: Tea. {a: " + "[" * 1000 + "]" * 1000 + "}\n", 1, 78, "nested more than 64", id="deep"),
    pytest.param("[t]: Tea. {n: " + "1" * 4301 + "}\n", 1, 15, "!!int", id="long-int"),
    pytest.param("[t]: Tea. {n: 1" + ":1" * 3000 + "}\n", 1, 15, "more than 4,300 digits", id="sexagesimal"),
    pytest.param("[t]: Tea. {n: !!set {a, b}}\n", 1, 15, "!!set is not read", id="set"),
    pytest.param("[t]: Tea. {n: !!binary aGk=}\n", 1, 15, "!!binary is not read", id="binary"),
    pytest.param("[t]: Tea. {n: !!python/object:os.system x}\n", 1, 15, "constructor", id="python-tag"),
    pytest.param('[t]: Tea. {n: "\\ud800"}\n', 1, 15, "lone surrogate", id="surrogate-escape"),
    pytest.param('[t]: Tea. {n: "\x01"}\n', 1, 16, "character YAML does not allow", id="control-character"),
    pytest.param("[t]: Tea. {[a]: b}\n", 1, 12, "unhashable", id="list-as-key"),
])
def test_bad_yaml_is_a_located_error(text: str, line: int, column: int, words: str) -> None:
    error = argdown_error(text)
    assert (error.line, error.column) == (line, column), str(error)
    assert "bad YAML data" in str(error) and words in str(error), str(error)
    assert "Traceback" not in str(error)


def test_good_yaml_still_reads() -> None:
    m = interchange.loads("===\ntitle: Tea\n===\n[t]: Tea. {kind: fact, date: 2019-02-28, n: 3, when: [1, a]}\n",
                          "argdown")
    assert m.header["title"] == "Tea"
    assert m.statements["t"].metadata["date"] == "2019-02-28"
    assert m.statements["t"].metadata["n"] == "3"


def test_anchors_without_aliases_are_labels() -> None:
    assert _yaml.load("{a: &x 1, b: 2}") == {"a": 1, "b": 2}


def test_depth_bound_is_exact() -> None:
    ok = "[" * _yaml.MAX_DEPTH + "]" * _yaml.MAX_DEPTH
    assert _yaml.load(ok) is not None
    with pytest.raises(_yaml.BadYaml, match="nested more than"):
        _yaml.load("[" + ok + "]")


# -- JSON and AIF: integers Python will not read --------------------------------

BIG = "1" * 4301


@pytest.mark.parametrize(("fmt", "text", "path"), [
    ("json", '{"format": "argmap", "statements": [{"id": "a", "kind": "claim", "text": "x", "n": ' + BIG + "}]}",
     "$.statements[0].n"),
    ("aif", '{"nodes": [{"nodeID": ' + BIG + ', "text": "x", "type": "I"}], "edges": []}', "$.nodes[0].nodeID"),
    ("aif", '{"nodes": [], "edges": [], "n": -' + BIG + "}", "$.n"),
])
def test_a_4301_digit_integer_is_a_located_error(fmt: str, text: str, path: str) -> None:
    with pytest.raises(ArgmapSyntaxError, match="more than 4,300 digits") as caught:
        interchange.loads(text, fmt, source="x.json")
    assert path in str(caught.value)
    assert caught.value.column == text.index(BIG[:20]) + 1 - ("-" + BIG in text)


def test_a_4300_digit_integer_reads() -> None:
    data = json.loads(interchange.dumps(argmap.parse("claim a: x\n"), "json"))
    data["extra"] = int("1" * 4300)
    warnings: list[argmap.Diagnostic] = []
    assert interchange.loads(json.dumps(data), "json", warnings=warnings).statements["a"].text == "x"
    assert [w.code for w in warnings] == ["json-unknown-key"]  # read past, and said


# -- lone surrogates in Python strings ---------------------------------------------


@pytest.mark.parametrize(("text", "line", "column"), [
    ("thesis: \ud800\n", 1, 9),
    ("claim a: x\udfffy\n", 1, 11),
    ("thesis t: Tea.\n  + claim: warm \ud800\n", 2, 17),
    ("# \ud800\nclaim a: ok\n", 1, 3),
])
def test_parse_refuses_a_lone_surrogate(text: str, line: int, column: int) -> None:
    with pytest.raises(ArgmapSyntaxError, match="lone surrogate") as caught:
        argmap.parse(text, source="s.argmap")
    assert (caught.value.line, caught.value.column) == (line, column)
    str(caught.value).encode("utf-8")  # the message itself can be printed


# -- quadratic steps made linear ---------------------------------------------------
#
# Each step is checked two ways: against the plain (quadratic) algorithm it
# replaces, on many small inputs; and on the issue's full-size input, marked
# slow, under a hang guard (60 s, where the quadratic step took 11 to 75 s
# and the linear one takes under 2 s: tests/benchmarks/bench_hostile.py).

_TRAILING_TAG = re.compile(r"(?:^|[ \t])#([^\W][\w\-]*)$")


def _split_tags_plain(raw: str) -> tuple[str, tuple[str, ...]]:
    if "#" not in raw:
        return raw, ()
    tags: list[str] = []
    while match := _TRAILING_TAG.search(raw):
        tags.append(match.group(1))
        raw = raw[: match.start()].rstrip()
    return raw, tuple(reversed(tags))


_PIECES = st.sampled_from([" ", "\t", "#", "a", "-", "_", "\n", "\u00a0", "é", "\\", "*", "**", "1", "x"])


@given(st.lists(_PIECES, max_size=16).map("".join))
@settings(max_examples=examples(2000))
def test_split_tags_reads_as_the_plain_loop(raw: str) -> None:
    assert _text.split_tags(raw) == _split_tags_plain(raw)


@given(st.one_of(st.lists(_PIECES, max_size=16).map("".join), st.text(max_size=30)))
@settings(max_examples=examples(2000))
def test_collapse_reads_as_split_and_join(text: str) -> None:
    # Its quick way (text already collapsed, checked in C) must agree with the plain definition,
    # for every kind of white space (tabs, no-break spaces, line and paragraph separators...).
    assert _text.collapse(text) == " ".join(text.split())
    assert _text.collapse("a \u2028 b\u3000c ") == "a b c"


@given(st.lists(_PIECES, max_size=16).map("".join))
@settings(max_examples=examples(2000))
def test_emphasis_is_dropped_as_the_pattern_drops_it(text: str) -> None:
    from argmap.interchange.argdown import _EMPHASIS, _unemphasize

    assert _unemphasize(text) == _EMPHASIS.sub(lambda m: m.group(2), text)


@given(st.lists(st.sampled_from(["a", "b", "_x-1", "a-2"]), max_size=30))
@settings(max_examples=examples(500))
def test_derived_ids_with_counts_are_the_ids_without(bases: list[str]) -> None:
    plain: set[str] = {"a-3"}
    counted, counts = set(plain), {}
    for base in bases:
        one, two = unused(base, plain), unused(base, counted, counts)
        assert one == two
        plain.add(one)
        counted.add(two)


def test_sections_nest_by_level() -> None:
    m = argmap.parse("thesis t: T.\n# a\n## b\n### c\n## d\n# e\n")
    dot = to_dot(m)
    # e closes a, b, c and d: its cluster follows a's, at the top level
    assert dot.index("cluster_4") > dot.index("cluster_3") > dot.index("cluster_2")
    assert re.search(r"\n\tsubgraph cluster_4", dot) and re.search(r"\n\tsubgraph cluster_0", dot)
    assert re.search(r"\n\t\tsubgraph cluster_1", dot) and re.search(r"\n\t\tsubgraph cluster_3", dot)
    assert re.search(r"\n\t\t\tsubgraph cluster_2", dot)


@contextlib.contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block runs longer than *seconds*; not a speed test."""
    def stop(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a step is quadratic again")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM (POSIX)")
def test_the_issues_quadratic_inputs_finish() -> None:
    with hang_guard(60):
        m = argmap.parse("thesis t: Tea is good." + " #x" * 20_000 + "\n")
        assert m.statements["t"].tags == ("x",) * 20_000 and m.statements["t"].text == "Tea is good."
        argmap.check(m)

        m = argmap.parse("thesis t: Tea.\n" + "".join(f"## s{i}\n" for i in range(20_000)))
        assert to_dot(m).count("subgraph cluster_") == 20_000

        text = "thesis t: Tea.\n" + "  + claim: same\n" * 7_500
        m = argmap.parse(text)
        assert len(m.statements) == 7_501
        assert argmap.parse(argmap.dumps(m)) == m

        m = interchange.loads("[t]: Tea " + "*a " * 20_000 + "\n", "argdown")
        assert m.statements["t"].text == "Tea " + " ".join(["*a"] * 20_000)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM (POSIX)")
def test_a_long_line_that_ends_in_a_comment_is_read_in_linear_time() -> None:
    # The fused lines (grammars/argmap.lark) read the rest of a line as stretches without '/';
    # a repetition of repetitions there would backtrack exponentially on a line that does not
    # fit, such as one that ends in a comment: 30 words would never finish.
    words = " ".join(f"w{i}/x a/ b" for i in range(2_000))
    with hang_guard(60):
        m = argmap.parse(f"thesis t: {words} // why\n  + evidence e: E.\n    source: {words} //\n")
        assert m.statements["t"].text == words and m.statements["e"].metadata["source"] == words
        assert m.comments


# -- the preferred and stable search stays inside its budget ------------------------

PAIRS = "thesis t: The thesis holds.\n" + "".join(
    f"  - claim a{i}: A{i}.\n    - claim b{i}: B{i}.\n      - @a{i}\n  - @b{i}\n" for i in range(10))


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM (POSIX)")
@pytest.mark.parametrize("semantics", ["preferred", "stable"])
def test_ten_attacking_pairs_are_decided_or_too_large(semantics: str) -> None:
    assert len(PAIRS) < 700
    m = argmap.parse(PAIRS)
    with hang_guard(30):  # took 33-38 s (the maximality filter, outside the budget)
        r = argmap.evaluate(m, semantics)
    if r.status == "too-large":
        assert r.values == argmap.evaluate(m).values and r.extensions is None
        assert r.message and "100000 steps" in r.message
    else:
        assert r.status == "ok" and r.extensions is not None and len(r.extensions) == 2**10


def test_the_maximality_filter_counts_against_the_limit() -> None:
    m = argmap.parse(PAIRS)
    small = argmap.evaluate(m, "preferred", search_limit=1_000)
    assert small.status == "too-large"
    three = argmap.parse("thesis t: T.\n" + "".join(
        f"  - claim a{i}: A.\n    - claim b{i}: B.\n      - @a{i}\n  - @b{i}\n" for i in range(3)))
    r = argmap.evaluate(three, "preferred")
    assert r.status == "ok" and len(r.extensions or ()) == 8
    assert all(len(e) == 3 for e in r.extensions or ())


@pytest.mark.slow
def test_many_grounded_claims_and_sixteen_pairs_stay_small() -> None:
    import tracemalloc

    text = ("thesis t: T.\n" + "".join(f"claim c{i}: C.\n" for i in range(3_000))
            + "".join(f"claim a{i}: A.\n  - claim b{i}: B.\n    - @a{i}\n" for i in range(16)))
    m = argmap.parse(text)
    tracemalloc.start()
    try:
        r = argmap.evaluate(m, "preferred")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 * 2**20, peak  # took 8.5 GB: 65,536 extensions each holding the 3,000 grounded claims
    assert r.status == "too-large" and r.message and "65,536 extensions" in r.message
    assert str(r.values["c7"]) == "in" and str(r.values["a3"]) == "undecided"


def test_few_grounded_claims_and_pairs_list_every_extension() -> None:
    text = ("thesis t: T.\n" + "".join(f"claim c{i}: C.\n" for i in range(30))
            + "".join(f"claim a{i}: A.\n  - claim b{i}: B.\n    - @a{i}\n" for i in range(6)))
    r = argmap.evaluate(argmap.parse(text), "preferred")
    assert r.status == "ok" and len(r.extensions or ()) == 64
    listed = r.to_dict()["extensions"]
    assert isinstance(listed, list) and listed[0][0] == "t"  # framework order: the thesis first


def test_a_date_as_a_nested_key_is_text() -> None:
    # found by the long fuzz run: json.dumps of the metadata value refused a date key
    m = interchange.loads("[t]: Tea is good. {a: {2000-01-01: x}}\n", "argdown")
    assert m.statements["t"].metadata["a"] == '{"2000-01-01": "x"}'
