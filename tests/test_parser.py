"""The notation, construct by construct, and every entry of the error catalogue."""

from __future__ import annotations

import pickle

import pytest

import argmap
from argmap import ArgmapError, ArgmapSyntaxError, Kind, Relation, RelationKind
from argmap._diagnose import CATALOGUE

# -- constructs -------------------------------------------------------------


def test_header_headings_and_sections_nest_by_level() -> None:
    m = argmap.parse(
        "title: Tea: a map\nauthor: A. Student\ncourse: CT 101\n\n"
        "# Claims\nthesis t: T.\n## Replies\n@t\n  - claim c: C.\n# Coda\n"
    )
    assert m.header == {"title": "Tea: a map", "author": "A. Student", "course": "CT 101"}
    assert m.title == "Tea: a map"
    assert [(s.title, s.level) for s in m.sections] == [("Claims", 1), ("Replies", 2), ("Coda", 1)]
    assert m.sections[0].members == ("t",)
    assert m.sections[1].members == ("c",)
    assert m.parent_section(m.sections[1]) == m.sections[0]
    assert m.parent_section(m.sections[2]) is None
    assert m.section_of("c") == m.sections[1]


def test_kinds_ids_markers_and_relations() -> None:
    m = argmap.parse(
        "thesis t: Tea is good.\n"
        "  + claim c: It is warm.\n"
        "    + evidence e: A study.\n"
        "      date: 2019\n"
        "  - claim x: It has caffeine.\n"
        "    _ claim u: Not much.\n"
    )
    assert [(s.kind, s.id) for s in m.statements.values()] == [
        (Kind.THESIS, "t"), (Kind.CLAIM, "c"), (Kind.EVIDENCE, "e"), (Kind.CLAIM, "x"), (Kind.CLAIM, "u"),
    ]
    attack = Relation("attack", "x", "t")
    assert set(m.relations) == {
        Relation("support", "c", "t"), Relation("support", "e", "c"), attack,
        Relation("undercut", "u", attack),
    }
    assert m.undercutters(attack) == (Relation("undercut", "u", attack),)
    assert [n.id for n in m.supporters("t")] == ["c"]
    assert [n.id for n in m.attackers("t")] == ["x"]
    assert [e.id for e in m.evidence_under("t")] == ["e"]
    assert [n.id for n in m.roots()] == ["t"]
    assert [n.id for n in m.walk()] == ["t", "c", "e", "x"]


def test_spans_are_one_based_and_out_of_equality() -> None:
    text = "thesis t: T.\n  + claim c: C.\n"
    m = argmap.parse(text)
    assert m.statements["c"].span == argmap.Span(2, 3, 2, 16)
    assert m.relations[0].span == argmap.Span(2, 3, 2, 16)
    assert m == argmap.parse("\n\n" + text)


def test_spans_end_where_the_node_ends() -> None:
    m = argmap.parse("thesis t: T\n  goes on.\n  + claim c: C.  // note\n"
                     "  + @c\nargument a:\n  premise: P.\n# Sec\n")
    assert m.statements["t"].span == argmap.Span(1, 1, 2, 11)  # its last text line
    assert m.relations[0].span == argmap.Span(3, 3, 3, 16)  # the comment is not part of it
    assert m.relations[1].span == argmap.Span(4, 3, 4, 7)
    assert m.arguments["a"].span == argmap.Span(5, 1, 5, 12)  # no text: up to the ':'
    assert m.sections[0].span == argmap.Span(7, 1, 7, 6)


def test_references_before_and_after_definition_and_reference_blocks() -> None:
    m = argmap.parse(
        "thesis t: T.\n"
        "  + @later\n"
        "    _ claim u: U.\n"
        "  - claim a: A.\n"
        "claim later: L.\n"
        "@a\n"
        "  - @t\n"
    )
    support = Relation("support", "later", "t")
    assert support in m.relations
    assert Relation("undercut", "u", support) in m.relations
    assert Relation("attack", "t", "a") in m.relations


def test_children_of_a_reference_bear_on_the_referenced_node() -> None:
    m = argmap.parse("thesis t: T.\nclaim c: C.\n@t\n  + @c\n    + evidence e: E.\n      date: 1\n")
    assert Relation("support", "e", "c") in m.relations


def test_linked_argument_with_inline_and_reused_premises() -> None:
    m = argmap.parse(
        "thesis t: T.\n"
        "  + argument heal: Rifts heal at the top.\n"
        "    weight: 0.8\n"
        "    premise p1: Both are party-states.\n"
        "    @shared\n"
        "    - claim no: Not always.\n"
        "    _ claim u: Irrelevant.\n"
        "claim shared: Leaders meet.\n"
    )
    (argument,) = m.arguments.values()
    assert argument.id == "heal" and argument.text == "Rifts heal at the top."
    assert argument.premises == ("p1", "shared")
    assert argument.weight == 0.8
    link = Relation("support", "heal", "t")
    assert set(m.relations) == {link, Relation("attack", "no", "heal"), Relation("undercut", "u", link)}
    assert m.arguments_with_premise("shared") == (argument,)
    assert [n.id for n in m.children("heal")] == ["p1", "shared", "no"]


def test_multi_line_text_joins_lines() -> None:
    m = argmap.parse(
        "thesis t: The relationship is\n"
        "    still special,   and that\n"
        "    matters. #politics\n"
        "  date: 2018\n"
    )
    (t,) = m.statements.values()
    assert t.text == "The relationship is still special, and that matters."
    assert t.tags == ("politics",)
    assert t.metadata == {"date": "2018"}


def test_text_may_start_on_the_next_line() -> None:
    (t,) = argmap.parse("thesis t:\n  Tea is good.\n").statements.values()
    assert t.text == "Tea is good."


def test_metadata_bare_quoted_and_multi_line() -> None:
    (e,) = argmap.parse(
        "evidence e: E.\n"
        "  date: 1959-10\n"
        "  url: https://example.org/a//b   // a comment\n"
        '  quote: "both countries // had \\"no\\" contact\n'
        '    for two years"\n'
        "  free-key: kept\n"
    ).statements.values()
    assert e.metadata == {
        "date": "1959-10",
        "url": "https://example.org/a//b",
        "quote": 'both countries // had "no" contact for two years',
        "free-key": "kept",
    }
    assert (e.date, e.url, e.source) == ("1959-10", "https://example.org/a//b", None)


def test_tags_comments_and_escapes() -> None:
    m = argmap.parse(
        "// a comment at the top\n"
        "thesis t: See https://x.org/a and C:\\Users, \\#1 \\// kept #one #two-2   // comment\n"
        "  // an indented comment\n"
        "  + claim c: C.\n"
    )
    t = m.statements["t"]
    assert t.text == "See https://x.org/a and C:\\Users, #1 // kept"
    assert t.tags == ("one", "two-2")
    assert "c" in m


def test_unnamed_nodes_get_ids_from_content_that_survive_reformatting() -> None:
    m = argmap.parse("thesis: T.\n  + claim: Warm.\n  + claim: Warm.\n  - claim: Warm.\n")
    ids = list(m.statements)
    assert all(i.startswith("_") for i in ids) and len(set(ids)) == 4
    assert ids[1].startswith("_claim-") and ids[2] == ids[1] + "-2"
    assert argmap.parse(argmap.dumps(m)) == m
    # Moving a node does not rename the others.
    moved = argmap.parse("thesis: T.\n  - claim: Warm.\n  + claim: Warm.\n  + claim: Warm.\n")
    assert set(moved.statements) == set(ids)


@pytest.mark.parametrize(
    "text",
    [
        "thesis t: T.\r\n  + claim c: C.\r\n",  # CRLF
        "thesis t: T.\n  + claim c: C.",  # no final newline
        "\ufeffthesis t: T.\n  + claim c: C.\n",  # BOM
        "thesis t: T.\n\n\n  + claim c: C.\n\n",  # blank lines
        "thesis t: T.\n    + claim c: C.\n",  # any indentation width
    ],
)
def test_line_endings_bom_blank_lines_and_widths(text: str) -> None:
    m = argmap.parse(text)
    assert Relation("support", "c", "t") in m.relations


def test_utf8_text() -> None:
    m = argmap.parse("thesis 관계: 중국과 북한의 관계는 여전히 \"특별\"하다 — still 特別. 🎌\n")
    assert m.statements["관계"].text.endswith("特別. 🎌")


def test_empty_input_is_an_empty_map() -> None:
    assert argmap.parse("") == argmap.ArgumentMap()
    assert argmap.parse("// only a comment\n\n") == argmap.ArgumentMap()


def test_maps_are_immutable_and_pickle() -> None:
    m = argmap.parse("thesis t: T.\n  date: 1\n")
    with pytest.raises(TypeError):
        m.statements["x"] = m.statements["t"]  # type: ignore[index]
    with pytest.raises(TypeError):
        m.statements["t"].metadata["date"] = "2"  # type: ignore[index]
    assert pickle.loads(pickle.dumps(m)) == m


def test_get_suggests_the_closest_id() -> None:
    m = argmap.parse("thesis summit-2018: T.\n")
    with pytest.raises(KeyError, match="did you mean 'summit-2018'"):
        m.get("summit")


def test_load_reads_utf8_files_and_names_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "tea.argmap"
    path.write_text("thesis t: Tea.\n", encoding="utf-8")
    assert argmap.load(path).source == str(path)
    path.write_bytes(b"thesis t: Tea \xff.\n")
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.load(path)
    assert (info.value.line, info.value.column, info.value.code) == (1, 15, "encoding")
    assert str(info.value).startswith(f"{path}:1:15: error: the file is not UTF-8")


def test_parse_refuses_bytes() -> None:
    with pytest.raises(TypeError, match=r"argmap\.load"):
        argmap.parse(b"thesis t: T.")  # type: ignore[arg-type]


def test_grammar_is_shipped_and_readable() -> None:
    from argmap.parser import grammar_text

    assert "node_line" in grammar_text()


# -- errors -------------------------------------------------------------------


def test_syntax_errors_are_value_errors_with_a_compiler_style_report() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse("thesis t: T.\n  + clam c: C.\n", source="tea.argmap")
    error = info.value
    assert isinstance(error, ValueError) and isinstance(error, ArgmapError)
    assert (error.source, error.line, error.column) == ("tea.argmap", 2, 5)
    assert str(error) == (
        "tea.argmap:2:5: error: unknown kind 'clam' (did you mean 'claim'?)\n"
        "      + clam c: C.\n"
        "        ^\n"
        "hint: a node line starts with thesis, claim, premise, evidence or argument"
    )
    assert error.__cause__ is None and error.__suppress_context__


@pytest.mark.parametrize(
    ("label", "example"),
    [(label, example) for label, examples in CATALOGUE.items() for example in examples],
)
def test_every_catalogue_example_gets_its_own_message(label: str, example: str) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse(example, source="x.argmap")
    assert info.value.code == label
    assert info.value.hint
    assert "__ANON" not in str(info.value) and "Token(" not in str(info.value)


def test_tab_inside_text_is_fine() -> None:
    (t,) = argmap.parse("thesis t: Tea\tis good.\n").statements.values()
    assert t.text == "Tea is good."


def test_an_unclosed_quote_does_not_swallow_later_nodes() -> None:
    with pytest.raises(ArgmapSyntaxError, match="quote is not closed"):
        argmap.parse('thesis t: T.\n  quote: "abc\n  + claim x: "y"\n')


def test_undercut_of_a_node_without_link_parses_and_is_reported_by_check() -> None:
    m = argmap.parse("thesis t: T.\n  _ claim u: U.\n")
    assert m.relations == (Relation(RelationKind.UNDERCUT, "u", "t"),)
    assert "undercut-without-link" in {d.code for d in argmap.check(m)}


def test_messages_show_control_and_bidi_characters_visibly() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse("thesys \x1b]0;pwned\x07 x: y\n", source="f\u202e.argmap")
    report = str(info.value)
    assert "\x1b" not in report and "\x07" not in report and "\u202e" not in report
    assert report.splitlines()[1] == "    thesys \ufffd]0;pwned\ufffd x: y"


def test_excerpts_count_lines_as_the_parser_does() -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        argmap.parse("thesis t: a\x0cb\n\tclaim")
    assert info.value.line == 2 and str(info.value).splitlines()[1] == "     claim"


def test_parse_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # The collector is process-wide: pausing it is the application's call
    # (the CLI does, argmap.cli._no_gc), never the library's.
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    for enabled in (True, False):
        with monkeypatch.context() as patch:
            patch.setattr(gc, "isenabled", lambda enabled=enabled: enabled)
            argmap.parse("thesis t: T.\n  + claim c: C.\n")
            with pytest.raises(argmap.ArgmapSyntaxError):
                argmap.parse("thesis t T.\n")
    assert calls == []
