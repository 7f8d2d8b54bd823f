"""Tests for argmap.checks: every code fires on its case and not on a near miss."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import argmap
from argmap.checks import CODES, check
from argmap.errors import Diagnostic, Severity
from argmap.model import Argument, ArgumentMap, Relation, Span, Statement


def thesis(id: str = "t", line: int = 1, **metadata: str) -> Statement:
    return Statement("thesis", id, f"Thesis {id}.", metadata=metadata, span=Span(line, 1))


def claim(id: str, line: int = 2, kind: str = "claim", **metadata: str) -> Statement:
    return Statement(kind, id, f"Text of {id}.", metadata=metadata, span=Span(line, 3))


def sup(source: str, target: str | Relation, line: int = 2) -> Relation:
    return Relation("support", source, target, span=Span(line, 3))


def att(source: str, target: str | Relation, line: int = 2) -> Relation:
    return Relation("attack", source, target, span=Span(line, 3))


def und(source: str, target: str | Relation, line: int = 3) -> Relation:
    return Relation("undercut", source, target, span=Span(line, 5))


def amap(
    statements: Iterable[Statement] = (),
    relations: Iterable[Relation] = (),
    arguments: Iterable[Argument] = (),
) -> ArgumentMap:
    return ArgumentMap(statements=list(statements), relations=list(relations), arguments=list(arguments))


def codes(m: ArgumentMap) -> list[str]:
    return [d.code for d in check(m)]


def only(m: ArgumentMap, code: str) -> list[Diagnostic]:
    return [d for d in check(m) if d.code == code]


def test_clean_map_has_no_findings() -> None:
    m = amap(
        [thesis(), claim("c"), claim("e", 3, kind="evidence", date="2019"), claim("p", 4, kind="premise")],
        [sup("c", "t"), att("e", "c", 3), Relation("support", "a", "t", span=Span(5, 3))],
        [Argument("a", "label", ["p"], span=Span(5, 3))],
    )
    assert check(m) == []


def test_every_code_has_the_documented_severity() -> None:
    errors = {c for c, s in CODES.items() if s is Severity.ERROR}
    assert errors == {
        "unknown-reference",
        "circular-support",
        "undercut-without-link",
        "empty-argument",
        "bad-weight",
        "argument-as-premise",
    }


# -- unknown-reference -----------------------------------------------------


def test_unknown_reference_suggests_close_id() -> None:
    m = amap([thesis(), claim("summit-2018")], [sup("summit", "t", 7), sup("summit-2018", "t")])
    (d,) = only(m, "unknown-reference")
    assert d.severity is Severity.ERROR
    assert d.message == "unknown node 'summit' (did you mean 'summit-2018'?)"
    assert d.span == Span(7, 3)
    assert d.hint


def test_unknown_reference_without_close_id_has_no_parenthesis() -> None:
    m = amap([thesis()], [sup("zzzzzz", "t")])
    (d,) = only(m, "unknown-reference")
    assert d.message == "unknown node 'zzzzzz'"


def test_unknown_reference_never_suggests_derived_ids() -> None:
    m = amap([thesis(), Statement("claim", "_claim-abc", "x")], [sup("claim-abc", "t")])
    (d,) = only(m, "unknown-reference")
    assert d.message == "unknown node 'claim-abc'"


def test_unknown_target_and_unknown_premise() -> None:
    arg = Argument("a", premises=["p", "ghost"], span=Span(9, 1))
    m = amap([thesis(), claim("c"), claim("p", 10, kind="premise")], [sup("c", "tt", 4), sup("a", "t", 9)], [arg])
    found = only(m, "unknown-reference")
    assert [(d.message, d.span) for d in found] == [
        ("unknown node 'tt' (did you mean 't'?)", Span(4, 3)),
        ("unknown node 'ghost'", Span(9, 1)),
    ]


def test_unknown_ids_of_a_link_missing_from_the_map_are_reported() -> None:
    m = amap([thesis(), claim("x")], [sup("x", "t"), und("x", sup("ghost", "t"), 5)])
    assert [d.span for d in only(m, "unknown-reference")] == [Span(5, 5)]


def test_near_miss_known_references_and_link_are_fine() -> None:
    link = sup("c", "t")
    m = amap([thesis(), claim("c"), claim("u", 3)], [link, und("u", link)])
    assert "unknown-reference" not in codes(m)


# -- no-thesis -------------------------------------------------------------


def test_no_thesis() -> None:
    (d,) = only(amap([claim("c")]), "no-thesis")
    assert d.severity is Severity.WARNING
    assert d.span is None


def test_the_no_thesis_hint_works_in_argdown_too() -> None:
    from argmap import interchange

    (d,) = only(interchange.loads("[t]: Tea is good.\n  <+ [c]: Warm.\n", "argdown"), "no-thesis")
    assert d.hint is not None and "{kind: thesis}" in d.hint
    followed = interchange.loads("[t]: Tea is good. {kind: thesis}\n  <+ [c]: Warm.\n", "argdown")
    assert "no-thesis" not in codes(followed)


def test_no_thesis_near_miss() -> None:
    assert "no-thesis" not in codes(amap([thesis()]))
    assert codes(amap()) == []


# -- circular-support ------------------------------------------------------


def test_circular_support_reported_once_with_path() -> None:
    m = amap([thesis(), claim("a", 2), claim("b", 3)], [sup("a", "b", 5), sup("b", "a", 4), sup("a", "t", 6)])
    (d,) = only(m, "circular-support")
    assert d.severity is Severity.ERROR
    assert d.message == "support goes in a circle: a -> b -> a"
    assert d.span == Span(4, 3)


def test_self_support_is_a_cycle() -> None:
    m = amap([thesis()], [sup("t", "t", 3)])
    (d,) = only(m, "circular-support")
    assert d.message == "support goes in a circle: t -> t"


def test_cycle_through_an_argument_premise() -> None:
    # p is a premise of a; a supports c; c supports p.
    arg = Argument("a", premises=["p"], span=Span(2, 3))
    m = amap([thesis(), claim("p", 3, kind="premise"), claim("c", 4)], [sup("a", "c", 2), sup("c", "p", 4)], [arg])
    (d,) = only(m, "circular-support")
    assert d.message == "support goes in a circle: p -> a -> c -> p"


def test_two_separate_cycles_each_reported_once() -> None:
    s = [thesis(), claim("a"), claim("b"), claim("c"), claim("d")]
    r = [sup("a", "b"), sup("b", "a"), sup("c", "d"), sup("d", "c"), sup("a", "t"), sup("c", "t")]
    assert len(only(amap(s, r), "circular-support")) == 2


def test_attack_cycles_are_legal() -> None:
    m = amap([thesis(), claim("a"), claim("b")], [att("a", "b"), att("b", "a"), sup("a", "t")])
    assert "circular-support" not in codes(m)


def test_diamond_is_not_a_cycle() -> None:
    m = amap([thesis(), claim("a"), claim("b"), claim("c")], [sup("a", "t"), sup("b", "t"), sup("c", "a"), sup("c", "b")])
    assert check(m) == []


# -- disconnected ----------------------------------------------------------


def test_disconnected() -> None:
    m = amap([thesis(), claim("c", 2), claim("lost", 3), claim("child", 4)], [sup("c", "t"), sup("child", "lost")])
    found = only(m, "disconnected")
    assert [d.span for d in found] == [Span(3, 3), Span(4, 3)]
    assert found[0].message == "claim 'lost' does not lead to any thesis"
    assert found[0].severity is Severity.WARNING


def test_disconnected_names_anonymous_nodes_by_text() -> None:
    m = amap([thesis(), Statement("claim", "_claim-1", "It rains.", span=Span(2, 1))])
    (d,) = only(m, "disconnected")
    assert d.message == "claim \"It rains.\" does not lead to any thesis"


def test_disconnected_near_miss_through_attack_undercut_and_premise() -> None:
    link = att("c", "t")
    arg = Argument("a", premises=["p"], span=Span(5, 3))
    m = amap(
        [thesis(), claim("c"), claim("u"), claim("p", kind="premise"), claim("deep")],
        [link, und("u", link), sup("a", "c"), sup("deep", "u")],
        [arg],
    )
    assert "disconnected" not in codes(m)


def test_disconnected_needs_a_thesis() -> None:
    assert codes(amap([claim("a"), claim("b")])) == ["no-thesis"]


# -- evidence-without-provenance -------------------------------------------


def test_evidence_without_provenance() -> None:
    m = amap([thesis(), claim("e", kind="evidence", url="https://x.org")], [sup("e", "t")])
    (d,) = only(m, "evidence-without-provenance")
    assert d.severity is Severity.WARNING


@pytest.mark.parametrize("metadata", [{"date": "2019"}, {"source": "A journal"}])
def test_evidence_with_date_or_source_is_fine(metadata: dict[str, str]) -> None:
    m = amap([thesis(), claim("e", kind="evidence", **metadata)], [sup("e", "t")])
    assert check(m) == []


def test_provenance_not_asked_of_claims() -> None:
    assert check(amap([thesis(), claim("c")], [sup("c", "t")])) == []


# -- undercut-without-link -------------------------------------------------


def test_undercut_of_a_plain_id() -> None:
    m = amap([thesis(), claim("u")], [und("u", "t")])
    (d,) = only(m, "undercut-without-link")
    assert d.severity is Severity.ERROR
    assert d.hint == "put the '_' line under a node that supports or attacks something"


def test_undercut_of_a_link_not_in_the_map() -> None:
    m = amap([thesis(), claim("c"), claim("u")], [sup("c", "t"), und("u", att("c", "t"))])
    assert len(only(m, "undercut-without-link")) == 1


def test_undercut_of_a_link_in_the_map_is_fine() -> None:
    link = sup("c", "t")
    m = amap([thesis(), claim("c"), claim("u")], [link, und("u", sup("c", "t", 99))])  # equal, span aside
    assert check(m) == []


# -- empty-argument --------------------------------------------------------


def test_empty_argument() -> None:
    m = amap([thesis()], [sup("a", "t")], [Argument("a", "", span=Span(2, 3))])
    (d,) = only(m, "empty-argument")
    assert d.severity is Severity.ERROR
    assert d.message == "argument 'a' has no premises"


def test_sketched_argument_is_fine() -> None:
    """An argument with a label but no premises yet (as Argdown writes them) is a sketch, not a mistake."""
    m = amap([thesis()], [sup("a", "t")], [Argument("a", "label", span=Span(2, 3))])
    assert m.arguments["a"].sketch and not m.arguments["a"].premises
    assert only(m, "empty-argument") == []
    back = argmap.parse(argmap.dumps(m))
    assert back == m and back.arguments["a"].sketch


def test_argument_with_one_premise_is_fine() -> None:
    m = amap([thesis(), claim("p", kind="premise")], [sup("a", "t")], [Argument("a", premises=["p"])])
    assert check(m) == []


# -- bad-weight ------------------------------------------------------------


@pytest.mark.parametrize("weight", ["high", "1.5", "-0.1", "nan", "inf", ""])
def test_bad_weight(weight: str) -> None:
    m = amap([thesis(), claim("c", weight=weight)], [sup("c", "t")])
    (d,) = only(m, "bad-weight")
    assert d.severity is Severity.ERROR


def test_bad_weight_on_an_argument() -> None:
    arg = Argument("a", premises=["p"], metadata={"weight": "2"})
    m = amap([thesis(), claim("p", kind="premise")], [sup("a", "t")], [arg])
    assert codes(m) == ["bad-weight"]


@pytest.mark.parametrize("weight", ["0", "1", "0.5", "1.0", " .25 "])
def test_good_weight(weight: str) -> None:
    assert check(amap([thesis(weight=weight)])) == []


# -- bad-date --------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["April 2018", "18", "2018-4", "2018-13", "2018-02-30", "2018/", "1971-1973", "1971/1973/1975", "3 May"]
)
def test_bad_date(date: str) -> None:
    (d,) = only(amap([thesis(date=date)]), "bad-date")
    assert d.severity is Severity.WARNING
    assert date in d.message


@pytest.mark.parametrize(
    "date", ["2018", "2018-04", "2018-04-03", "1971/1973", "1971..1973", "2018-01/2018-03-15", "2020-02-29"]
)
def test_good_date(date: str) -> None:
    assert check(amap([thesis(date=date)])) == []


# -- premise-outside-argument ----------------------------------------------


def test_premise_outside_argument() -> None:
    m = amap([thesis(), claim("p", kind="premise")], [sup("p", "t")])
    (d,) = only(m, "premise-outside-argument")
    assert d.severity is Severity.WARNING


def test_premise_inside_argument_is_fine() -> None:
    m = amap([thesis(), claim("p", kind="premise")], [sup("a", "t")], [Argument("a", premises=["p"])])
    assert "premise-outside-argument" not in codes(m)


# -- ordering and scale ----------------------------------------------------


def test_sorted_by_position_spanless_last_stable() -> None:
    m = amap(
        [
            claim("late", 9, kind="evidence", weight="x"),
            claim("early", 2, kind="premise"),
            Statement("claim", "nospan", "x", metadata={"date": "soon"}),
        ],
        [sup("ghost", "late", 5)],
    )
    found = check(m)
    assert [(d.code, d.span.line if d.span else None) for d in found] == [
        ("premise-outside-argument", 2),
        ("unknown-reference", 5),
        ("evidence-without-provenance", 9),
        ("bad-weight", 9),
        ("no-thesis", None),
        ("bad-date", None),
    ]


def test_check_collects_and_never_raises_on_odd_maps() -> None:
    m = amap(
        [claim("a")],
        [Relation("support", "a", sup("b", "c")), und("x", und("y", "z"))],
        [Argument("a2", premises=["a2"])],
    )
    assert all(isinstance(d, Diagnostic) for d in check(m))


def test_format_is_compiler_style() -> None:
    m = amap([thesis(), claim("e", 4, kind="evidence")], [sup("e", "t", 4)])
    (d,) = check(m)
    assert d.format("x.argmap").splitlines() == [
        "x.argmap:4:3: warning: evidence 'e' has neither a date nor a source [evidence-without-provenance]",
        "hint: add a 'date:' or 'source:' line under it, saying when or where it comes from",
    ]


def test_deep_support_chain_has_no_recursion_error() -> None:
    n = 20_000
    statements = [thesis("n0")] + [claim(f"n{i}", i + 1) for i in range(1, n)]
    relations = [sup(f"n{i}", f"n{i - 1}", i + 1) for i in range(1, n)]
    assert check(amap(statements, relations)) == []


def test_deep_support_cycle_reported_once() -> None:
    n = 20_000
    statements = [thesis("n0")] + [claim(f"n{i}", i + 1) for i in range(1, n)]
    relations = [sup(f"n{i}", f"n{i - 1}", i + 1) for i in range(1, n)] + [sup("n0", f"n{n - 1}", n + 1)]
    (d,) = only(amap(statements, relations), "circular-support")
    assert d.message.startswith("support goes in a circle: n0 -> n19999 -> n19998")
    assert d.message.endswith("n1 -> n0")


def test_deep_disconnected_chain() -> None:
    n = 20_000
    statements = [thesis()] + [claim(f"n{i}", i + 2) for i in range(n)]
    relations = [sup(f"n{i}", f"n{i - 1}", i + 2) for i in range(1, n)]
    assert len(only(amap(statements, relations), "disconnected")) == n


def test_many_unknown_references_stay_fast() -> None:
    # Suggestions are capped, so this is linear rather than quadratic.
    n = 5_000
    statements = [thesis()] + [claim(f"node-{i}") for i in range(n)]
    relations = [sup(f"node-{i}", "t") for i in range(n)] + [sup(f"missing-{i}", "t") for i in range(n)]
    assert len(only(amap(statements, relations), "unknown-reference")) == n


# -- argument-as-premise, and the same errors from evaluate -------------------

ARGUMENT_AS_PREMISE = "thesis t: T.\n  + argument a:\n    premise p: P.\n  + argument b:\n    @a\n"


def test_an_argument_among_premises_is_an_error_with_its_place() -> None:
    (d,) = check(argmap.parse(ARGUMENT_AS_PREMISE))
    assert (d.code, d.severity, d.span and d.span.line) == ("argument-as-premise", Severity.ERROR, 4)
    assert d.hint and "+ @a" in d.hint


def test_evaluate_refuses_what_check_reports_with_the_same_code_place_and_hint() -> None:
    from argmap.checks import validation_errors

    for text in (ARGUMENT_AS_PREMISE, "thesis t: T.\n  + claim c: C.\n    weight: 2\n  - @ghost\n"):
        m = argmap.parse(text, source="x.argmap")
        first = validation_errors(m)[0]
        assert first in check(m)
        with pytest.raises(argmap.ArgmapEvaluationError) as info:
            argmap.evaluate(m, "dfquad")
        error = info.value
        assert (error.code, error.message, error.span, error.hint) == (first.code, first.message, first.span, first.hint)
        assert str(error).startswith(f"x.argmap:{first.span.line}:{first.span.column}: error: {first.message}")


# -- the errors alone (what convert and render refuse a map for) -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402

from argmap.checks import _errors  # noqa: E402
from tests.profile import examples  # noqa: E402
from tests.strategies import argument_maps  # noqa: E402

_MAPS_WITH_ERRORS = [
    ArgumentMap(
        statements=[Statement("thesis", "t", "T.", span=Span(1, 1)),
                    Statement("claim", "c", "C.", metadata={"weight": "2", "date": "x"}, span=Span(2, 3)),
                    Statement("evidence", "e", "E.", span=Span(3, 3))],
        arguments=[Argument("a", span=Span(4, 3)), Argument("b", premises=["a", "c"], span=Span(5, 3))],
        relations=[Relation("support", "c", "t", span=Span(2, 3)), Relation("support", "t", "c", span=Span(1, 1)),
                   Relation("attack", "wram", "t", span=Span(4, 3)), Relation("undercut", "e", "t", span=Span(3, 3)),
                   Relation("support", "a", "x", span=Span(2, 3))]),
]


def _check_errors(m: ArgumentMap) -> list[Diagnostic]:
    return [d for d in check(m) if d.severity is Severity.ERROR]


@pytest.mark.parametrize("m", _MAPS_WITH_ERRORS)
def test_the_errors_alone_are_those_of_check(m: ArgumentMap) -> None:
    assert len(_errors(m)) >= 6 and _errors(m) == _check_errors(m)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_the_errors_alone_are_those_of_check_on_generated_maps(m: ArgumentMap) -> None:
    assert _errors(m) == _check_errors(m)


from hypothesis import strategies as st  # noqa: E402

from argmap.checks import _acyclic  # noqa: E402
from argmap.graphs import strongly_connected  # noqa: E402


@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefg")), max_size=14))
@settings(max_examples=examples(300), deadline=None)
def test_the_quick_acyclic_test_agrees_with_the_components(edges: list[tuple[str, str]]) -> None:
    # circular-support runs Tarjan only when the peeling finds a cycle: the two must agree
    # (self-loops and repeated edges included), or a circle would go unreported.
    graph: dict[str, list[tuple[str, Relation | None]]] = {}
    for source, target in edges:
        graph.setdefault(source, []).append((target, None))
    nodes = sorted({n for edge in edges for n in edge})
    cyclic = any(
        len(component) > 1 or any(succ == component[0] for succ, _ in graph.get(component[0], ()))
        for component in strongly_connected(nodes, lambda n: [succ for succ, _ in graph.get(n, ())])
    )
    assert _acyclic(graph) is not cyclic
