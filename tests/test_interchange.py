"""argmap.read/write and argmap convert: JSON, AIF and Argdown.

Round trips over generated maps for the formats that are lossless for argmap
(JSON, AIF with its "argmap" fields, Argdown with its {data}), golden files
in both directions, the stated losses, malformed input, and the docs page.
The differential test against the Argdown CLI is in test_interchange_argdown_cli.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapSyntaxError, Kind, RelationKind, interchange
from argmap.cli import main
from argmap.interchange import aif
from tests.profile import examples
from tests.strategies import argument_maps

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "interchange"
EXAMPLES = sorted((ROOT / "examples").glob("*.argmap"))
AIFDB = FIXTURES / "moral-maze.aif.json"
ARGDOWN = FIXTURES / "school-meals.argdown"
SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- round trips --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown"])
@SETTINGS
@given(m=argument_maps())
def test_round_trip_is_the_identity(fmt: str, m: argmap.ArgumentMap) -> None:
    assert interchange.loads(interchange.dumps(m, fmt), fmt) == m


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_survive_every_format(example: Path, fmt: str, tmp_path: Path) -> None:
    m = argmap.load(example)
    suffix = {"json": ".json", "aif": ".aif.json", "argdown": ".argdown"}[fmt]
    out = argmap.write(m, tmp_path / f"{example.stem}{suffix}")
    assert argmap.read(out) == m


def test_json_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    schema = json.loads((ROOT / "argmap" / "interchange" / "argmap.schema.json").read_text())
    assert schema == json.loads((ROOT / "docs" / "argmap.schema.json").read_text())
    for example in EXAMPLES:
        jsonschema.validate(json.loads(interchange.dumps(argmap.load(example), "json")), schema)


def test_the_keys_the_reader_knows_are_the_schemas() -> None:
    # json.KEYS (what json-unknown-key warns against) restates the schema's properties: kept in step here.
    from argmap.interchange.json import KEYS

    schema = json.loads((ROOT / "argmap" / "interchange" / "argmap.schema.json").read_text())
    objects = {"map": schema, "relation": schema["$defs"]["relation"],
               **{what: schema["properties"][f"{what}s"]["items"] for what in ("statement", "argument", "section")}}
    assert KEYS.keys() == objects.keys()
    for what, obj in objects.items():
        assert set(KEYS[what]) == set(obj["properties"]) and obj["additionalProperties"] is False, what


# -- golden files -----------------------------------------------------------


def _golden(path: Path, text: str) -> None:
    assert path.read_text(encoding="utf-8") == text, f"{path} differs; regenerate with tests/fixtures/interchange/regen.py"


@pytest.mark.parametrize("fmt,suffix", [("json", ".json"), ("aif", ".aif.json"), ("argdown", ".argdown")])
def test_export_golden(fmt: str, suffix: str) -> None:
    _golden(FIXTURES / "out" / f"tea{suffix}", interchange.dumps(argmap.load(ROOT / "examples" / "tea.argmap"), fmt))


@pytest.mark.parametrize("source", [AIFDB, ARGDOWN], ids=lambda p: p.name)
def test_import_golden(source: Path) -> None:
    m = argmap.read(source, warnings=[])  # what each reader loses: the tests below
    _golden(FIXTURES / "out" / (source.name.split(".")[0] + ".from-" + interchange.format_of(source) + ".json"),
            interchange.dumps(m, "json"))


# -- AIF ----------------------------------------------------------------------


def test_aifdb_file_reads_without_dialogue() -> None:
    warnings: list[argmap.Diagnostic] = []
    m = argmap.read(AIFDB, warnings=warnings)
    texts = {s.text for s in m.statements.values()}
    assert not any(" : " in t for t in texts)  # no locution became a statement
    assert not texts & {"Asserting", "Arguing", "Default Transition"}
    assert len(m.statements) == 7
    linked = m.arguments["610"]
    assert linked.premises == ("602", "603") and linked.text == "Argument From Fairness"
    assert argmap.Relation("support", "610", "601") in m.relations
    attack = argmap.Relation("attack", "604", "601")
    assert argmap.Relation("undercut", "605", attack) in m.relations
    assert m.statements["601"].kind is Kind.THESIS and m.statements["602"].kind is Kind.PREMISE
    assert {w.code for w in warnings} == {"aif-dialogue", "aif-preserved"}


def test_aifdb_file_converts_both_ways_keeping_ma() -> None:
    m = argmap.read(AIFDB, warnings=[])  # the dialogue: test_aifdb_file_reads_without_dialogue
    again = aif.to_data(m)
    types = sorted(n["type"] for n in again["nodes"])
    assert types == sorted(["I"] * 7 + ["RA", "RA", "CA", "CA", "MA"])
    preserved: list[argmap.Diagnostic] = []  # the MA node, kept in the header and written back
    assert interchange.loads(interchange.dumps(m, "aif"), "aif", warnings=preserved) == m
    assert [w.code for w in preserved] == ["aif-preserved"]
    assert interchange.loads(argmap.dumps(m), "argmap") == m


def test_evidence_metadata_survives_aif() -> None:
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    back = interchange.loads(interchange.dumps(m, "aif"), "aif")
    assert back.statements["study"].metadata == m.statements["study"].metadata
    assert back.statements["study"].kind is Kind.EVIDENCE


def test_what_plain_aif_loses() -> None:
    """AIF tools drop the "argmap" fields; then kinds, tags, metadata, labels, sections and header are lost."""
    m = argmap.load(ROOT / "examples" / "tea.argmap")
    data = aif.to_data(m)
    for node in data["nodes"]:
        node.pop("argmap")
    del data["argmap"]
    plain = aif.from_data(data)
    assert not plain.header and not plain.sections
    assert all(not s.metadata and not s.tags for s in plain.statements.values())
    assert {s.text for s in plain.statements.values()} == {s.text for s in m.statements.values()}
    assert len(plain.relations) == len(m.relations)  # the structure itself survives
    assert sum(r.kind is RelationKind.UNDERCUT for r in plain.relations) == \
        sum(r.kind is RelationKind.UNDERCUT for r in m.relations)


# -- Argdown ------------------------------------------------------------------


def test_argdown_file_uses_every_construct() -> None:
    warnings: list[argmap.Diagnostic] = []
    m = argmap.read(ARGDOWN, warnings=warnings)
    assert m.header["title"] == "Free school meals for every pupil?"
    assert [(s.title, s.level) for s in m.sections] == [
        ("The question", 1), ("Stigma", 2), ("Evidence on uptake", 3), ("Replies", 1)]
    assert m.statements["Free-meals"].kind is Kind.THESIS and m.statements["Free-meals"].tags == ("policy",)
    assert m.statements["Study"].metadata == {"date": "2019", "source": "EEF trial report"}
    assert m.arguments["No-stigma"].tags == ("social-policy",)
    rel = argmap.Relation
    assert rel("support", "Free-meals", "Attendance") in m.relations  # +>
    assert rel("attack", "Free-meals", "Packed-lunch") in m.relations  # ->
    assert rel("undercut", "Savings", rel("attack", "Cost", "Free-meals")) in m.relations  # <_ under a link
    assert rel("undercut", "Cards", rel("support", "No-stigma", "Free-meals")) in m.relations  # of an inference
    assert rel("support", "Uptake", "Hunger") in m.relations and m.arguments["Uptake"].premises == ("More-eat",)
    assert m.arguments["Budget"].sketch  # an argument without premises stays an argument
    assert m.arguments["Uptake-step-1"].metadata == {"inference": "generalisation", "inference-uses": "[1, 2]"}
    assert {w.code for w in warnings} == {"argdown-contradiction", "argdown-multi-step"}
    # ... and back: Argdown to argmap to Argdown to argmap keeps the map.
    assert interchange.loads(interchange.dumps(m, "argdown"), "argdown") == m
    assert argmap.parse(argmap.dumps(m)) == m


def test_what_argdown_loses() -> None:
    """Read from Argdown: contradictions become two attacks, comments and inference rules are dropped."""
    warnings: list[argmap.Diagnostic] = []
    m = interchange.loads("[a]: A.\n  >< [b]: B. // gone\n", "argdown", warnings=warnings)
    assert sorted((r.source, r.target) for r in m.relations) == [("a", "b"), ("b", "a")]
    assert [w.code for w in warnings] == ["argdown-contradiction"]
    back = interchange.dumps(m, "argdown")
    assert "><" not in back and "gone" not in back


# -- malformed input ----------------------------------------------------------


@pytest.mark.parametrize("fmt,text,where,message", [
    ("json", '{"argmap": 1,\n "statements": [}', "m:2:17", "not valid JSON"),
    ("json", '{"argmap": 1,\n "statements": [{"id": "t", "text": 3}]}', "m:2:37",
     "$.statements[0].text: expected a string"),
    ("json", '{"statements": []}', "m:1:1", 'missing key "argmap"'),
    ("aif", '{"nodes": [{"nodeID": "1", "type": "I", "text": "x"}],\n "edges": [{"fromID": "1", "toID": "9"}]}',
     "m:2:36", "$.edges[0].toID: no node has the id '9'"),
    ("aif", '{"edges": []}', "m:1:1", 'missing key "nodes"'),
    ("argdown", "[a]: A.\n\n(1) [p]: P.\n", "m:3:1", "incomplete premise-conclusion structure"),
    ("argdown", "[a]: A.\n/* open\n", "m:2:1", "comment opened with '/*' is not closed"),
    ("argdown", "===\ntitle: x\n", "m:1:1", "front matter is not closed"),
    ("argdown", "[a]: A. {x: [1}\n", "m:1:", "bad YAML data"),
    ("argdown", "  + [b]: B.\n", "m:1:3", "no parent"),
])
def test_malformed_input_is_located(fmt: str, text: str, where: str, message: str) -> None:
    with pytest.raises(ArgmapSyntaxError) as info:
        interchange.loads(text, fmt, source="m")
    first = str(info.value).splitlines()[0]
    assert first.startswith(where) and message in first, first


def test_convert_malformed_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"argmap": 1, "relations": [{"kind": "boost", "source": "a", "target": "b"}]}')
    out = tmp_path / "out.argdown"
    assert main(["convert", str(bad), str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert re.match(rf"{re.escape(str(bad))}:1:\d+: error: \$\.relations\[0\]\.kind: expected one of", err)


def test_convert_chain_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = ROOT / "examples" / "tea.argmap"
    assert main(["convert", str(src), str(tmp_path / "tea.aif.json")]) == 0
    assert main(["convert", str(tmp_path / "tea.aif.json"), str(tmp_path / "tea.argdown")]) == 0
    assert main(["convert", str(tmp_path / "tea.argdown"), str(tmp_path / "tea.txt"), "--to", "json"]) == 0
    assert main(["convert", str(tmp_path / "tea.txt"), "-", "--from", "json", "--to", "argmap"]) == 0
    assert argmap.parse(capsys.readouterr().out) == argmap.load(src)
    assert main(["convert", str(src), str(tmp_path / "x.unknown")]) == 2


def test_a_json_key_the_format_does_not_have_is_a_located_warning_and_its_value_left_out() -> None:
    # The schema allows no other key (additionalProperties: false); a misspelt "tags" must not vanish unseen.
    text = ('{"argmap": 1, "extra": true,\n'
            ' "statements": [{"id": "t", "kind": "thesis", "text": "T.", "tag": ["x"]}],\n'
            ' "relations": [{"kind": "undercut", "source": "t", "target": {"kind": "support", "source": "t",\n'
            '                "target": "t", "weight": 1}}]}')
    warnings: list[argmap.Diagnostic] = []
    m = interchange.loads(text, "json", source="m.json", warnings=warnings)
    assert m.statements["t"].tags == ()
    assert [(w.code, w.span.line, w.span.column) for w in warnings] == [  # type: ignore[union-attr]
        ("json-unknown-key", 1, 24), ("json-unknown-key", 2, 68), ("json-unknown-key", 4, 42)]  # at each value
    assert warnings[0].message.startswith("$.extra: a map has no key 'extra'; its value is left out")
    assert "$.statements[0].tag: a statement has no key 'tag' (did you mean 'tags'?)" in warnings[1].message
    assert warnings[2].message.startswith("$.relations[0].target.weight: a relation has no key 'weight'")
    # What argmap writes has none; the first name of the version key is still read.
    assert interchange.loads(interchange.dumps(m, "json"), "json", warnings=warnings) == m and len(warnings) == 3
    assert interchange.loads('{"version": 1}', "json", warnings=warnings) == argmap.ArgumentMap()
    assert len(warnings) == 3


def test_render_check_and_eval_report_what_the_argdown_reader_could_not_keep(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # As convert does: a statement given a second text keeps the first, and every command says so,
    # in the words docs/cli.md shows.
    src = tmp_path / "debate.argdown"
    src.write_text("[a]: A.\n  + [b]: B.\n\n[a]: Another text.\n")
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    [shown] = [b for b in re.findall(r"^```\n(.*?)^```", page, re.MULTILINE | re.DOTALL) if "[argdown-equivalence]" in b]
    said = shown.replace("debate.argdown", str(src))
    assert main(["render", str(src), "-o", str(tmp_path / "two.svg"), "--quiet"]) == 0
    assert said in capsys.readouterr().err and (tmp_path / "two.svg").exists()
    assert main(["check", str(src)]) == 0
    out = capsys.readouterr().out
    assert said in out and out.endswith("0 errors, 2 warnings in 1 file\n")  # and no thesis
    assert main(["check", "--strict", str(src)]) == 1
    capsys.readouterr()
    assert main(["eval", str(src)]) == 0
    captured = capsys.readouterr()
    assert said in captured.err and "a   claim  in" in captured.out


def test_without_a_warnings_list_what_is_lost_is_a_python_warning_at_the_callers_line(tmp_path: Path) -> None:
    import warnings

    import attrs

    from argmap.interchange import InterchangeWarning

    src = tmp_path / "two.argdown"
    src.write_text("[a]: A.\n  + [b]: B.\n\n[a]: Another text.\n")
    blanks = argmap.ArgumentMap(statements=[argmap.Statement("thesis", "t", "T\nwith a break.")])  # no span
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        argmap.read(src)
        argmap.write(blanks, tmp_path / "t.argmap")
        interchange.dumps(blanks, "argmap")
        kept: list[argmap.Diagnostic] = []
        argmap.read(src, warnings=kept)  # a list given: the warnings go there, and only there
    assert [type(w.message) for w in caught] == [InterchangeWarning] * 3
    assert {w.filename for w in caught} == {__file__}
    read, written, dumped = (w.message for w in caught)
    assert str(read).startswith(f"{src}:4:1: warning: [a] has several texts")
    assert read.diagnostic == kept[0]  # type: ignore[attr-defined]
    # No place in the map's text (it was built, not read): the file written is named.
    assert str(written).startswith(f"{tmp_path / 't.argmap'}: warning: the text of 't' has a line break")
    assert str(dumped).startswith("<string>: warning: the text of 't'")
    with pytest.warns(InterchangeWarning, match=r"^<string>:1:1: warning: the text of 't'"):
        read_back = interchange.loads("thesis t: T.\n", "argmap")
        interchange.dumps(attrs.evolve(read_back, statements=[attrs.evolve(read_back.statements["t"], text="T\nU.")]),
                          "argmap")


# -- docs -----------------------------------------------------------------------


def test_docs_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(\w+)\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tea.argmap").write_text((ROOT / "examples" / "tea.argmap").read_text())
    ran = 0
    for language, body in blocks:
        if language == "argdown":
            assert interchange.loads(body, "argdown") is not None
            ran += 1
        elif language == "python":
            exec(compile(body, "docs/interchange.md", "exec"), {})
            ran += 1
    assert ran >= 2


_ARGDOWN_BITS = ["[a]", "[b]: B", "<x>", "<y>: Y", "\n", "\n\n", "  ", "    ", "+ ", "- ", "_ ", "<+ ", "+> ",
                 "-> ", "_> ", "<_ ", ">< ", "(1) ", "(2) ", "----", "-- r --", "# H", "#t", "{k: v}", "{", "}",
                 "===", "//", "/*", "*/", "<!--", "-->", "\\", "text", ":", "\t", "* ", "1. "]


@SETTINGS
@given(st.lists(st.sampled_from(_ARGDOWN_BITS), max_size=30).map("".join))
def test_argdown_reader_raises_only_syntax_errors(text: str) -> None:
    try:
        interchange.loads(text, "argdown", warnings=[])
    except ArgmapSyntaxError:
        pass


@SETTINGS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["nodes", "edges", "nodeID", "type", "text", "fromID", "toID", "argmap",
                                         "statements", "relations", "id", "kind", "I", "RA", "CA"]), inner,
                        max_size=4), max_leaves=12))
def test_json_and_aif_readers_raise_only_syntax_errors(data: object) -> None:
    text = json.dumps(data)
    for fmt in ("json", "aif"):
        try:
            interchange.loads(text, fmt)
        except ArgmapSyntaxError:
            pass


def test_a_text_with_line_breaks_or_blank_runs_is_written_so_it_reads_back_with_a_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A JSON map (or one built in Python) may hold what the notation cannot write: the .argmap
    # written must still parse, with the text as the notation reads it, and the loss is said.
    from argmap.cli import main
    from argmap.interchange import dumps as interchange_dumps
    from argmap.model import ArgumentMap, Section, Statement

    m = ArgumentMap(statements=[Statement("thesis", "t", "Tea  is\ngood.")],
                    sections=[Section(title="Two\nlines", level=1, members=["t"])])
    lost: list = []
    text = interchange_dumps(m, "argmap", warnings=lost)
    back = argmap.parse(text)
    assert back.statements["t"].text == "Tea is good."
    assert [d.code for d in lost] == ["blanks-collapsed"] and "'t'" in lost[0].message
    source = tmp_path / "m.json"
    argmap.write(m, source)
    assert main(["convert", str(source), str(tmp_path / "m.argmap")]) == 0
    assert argmap.load(tmp_path / "m.argmap").statements["t"].text == "Tea is good."
