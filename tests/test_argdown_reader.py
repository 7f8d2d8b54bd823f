"""The Argdown reader on the constructs of issue 15, one at a time (the conformance suite has them in files)."""

from __future__ import annotations

import pytest

from argmap import Relation
from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange.argdown import loads


def test_wrapped_text_keeps_tags_data_and_children_on_the_statement() -> None:
    m = loads("[a]: One sentence\nover two lines. #tag {source: x}\n  + [b]: A reason\n  that wraps too.\n")
    assert m.statements["a"].text == "One sentence over two lines."
    assert m.statements["a"].tags == ("tag",) and m.statements["a"].metadata == {"source": "x"}
    assert m.statements["b"].text == "A reason that wraps too."
    assert Relation("support", "b", "a") in m.relations


def test_wrapped_premises_relations_under_premises_and_a_rule_with_data() -> None:
    m = loads("<A>\n\n(1) [p]: A premise\n    that wraps.\n  - [x]: An attack on it.\n(2) [q]: Another.\n"
              "--\nModus ponens\n{uses: [1, 2]}\n--\n(3) [c]: The conclusion\nwraps.\n  -> [d]: Other.\n")
    a = m.arguments["A"]
    assert a.premises == ("p", "q") and a.metadata == {"inference": "Modus ponens", "inference-uses": "[1, 2]"}
    assert m.statements["p"].text == "A premise that wraps."
    assert {Relation("attack", "x", "p"), Relation("support", "A", "c"), Relation("attack", "c", "d")} <= \
        set(m.relations)


def test_comments_of_all_kinds_inside_a_tree_and_slashes_in_links() -> None:
    text = ("[a]: See [the site](https://example.org/x) and https://example.org/y // a comment\n"
            "  <!-- one -->\n  // two\n  /* three */\n  + [b]: B.\n")
    m = loads(text)
    assert m.statements["a"].text == "See [the site](https://example.org/x) and https://example.org/y"
    assert Relation("support", "b", "a") in m.relations


def test_lists_and_indented_paragraphs_are_statements() -> None:
    m = loads("* first item\n* second item\n  + a reason\n\n    An indented paragraph.\n")
    assert sorted(s.text for s in m.statements.values()) == [
        "An indented paragraph.", "a reason", "first item", "second item"]


def test_strict_mode_contrary_and_entails_and_contradiction() -> None:
    warnings: list[Diagnostic] = []
    m = loads("===\nmodel:\n  mode: strict\n===\n\n[a]: A.\n  -> [b]: B.\n  +> [c]: C.\n  >< [d]: D.\n",
              warnings=warnings)
    assert {Relation("attack", "a", "b"), Relation("attack", "b", "a"), Relation("support", "a", "c"),
            Relation("attack", "a", "d"), Relation("attack", "d", "a")} == set(m.relations)
    assert {w.code for w in warnings} >= {"argdown-contrary", "argdown-entails", "argdown-contradiction"}
    assert all(w.span is not None for w in warnings)


def test_an_argument_without_a_structure_stays_an_argument() -> None:
    m = loads("[t]: T.\n  - <a>: A description.\n")
    assert m.arguments["a"].sketch and Relation("attack", "a", "t") in m.relations


def test_argdown_plus_is_refused_with_one_error() -> None:
    with pytest.raises(ArgmapSyntaxError, match="Argdown\\+"):
        loads("===\nparser:\n  syntax: argdown+\n===\n\n[a]: A.\n")


def test_every_mistake_and_every_warning_are_reported() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        loads("[a]: A.\n  >< [b]: B.\n\n  + [c]: C.\n\n[x] more\n\n<y> more\n", source="m")
    report = str(info.value)
    assert [(e.line, e.column) for e in info.value.errors] == [(4, 3), (6, 1), (8, 1)]
    assert "m:2:6: warning: a contradiction" in report


def test_carets_of_warnings_sit_on_text() -> None:
    warnings: list[Diagnostic] = []
    text = "[a]: A.\n    + [a]: Another text.\n"
    loads(text, warnings=warnings)
    (w,) = warnings
    assert w.code == "argdown-equivalence" and text.split("\n")[w.span.line - 1][w.span.column - 1] == "["  # type: ignore[union-attr]


def test_nodes_and_relations_read_from_argdown_know_where_they_were_first_written() -> None:
    # check's messages and the HTML map's file:line need these (they were all None).
    m = loads("[Tea]: Tea is good.\n  + <Warmth>: It warms you.\n  - Coffee is better.\n\n<Warmth>\n\n(1) Cold days.\n----\n(2) [Tea]\n")
    tea = m.statements["Tea"]
    assert (tea.span.line, tea.span.column) == (1, 1)
    assert (m.arguments["Warmth"].span.line, m.arguments["Warmth"].span.column) == (2, 5)
    coffee = next(s for s in m.statements.values() if s.text == "Coffee is better.")
    assert coffee.span.line == 3
    attack = next(r for r in m.relations if r.source == coffee.id)
    assert attack.span.line == 3


def test_every_node_and_relation_of_a_real_argdown_file_has_a_position() -> None:
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "argdown-conformance" / "examples" / "Populism-Core-Argument-Argdown-Example.argdown"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    m = loads(text)
    nodes = [*m.statements.values(), *m.arguments.values()]
    assert all(n.span is not None and 1 <= n.span.line <= len(lines) for n in nodes)
    assert all(r.span is not None and any(mark in lines[r.span.line - 1] for mark in "+-_<>") for r in m.relations)
