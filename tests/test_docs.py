"""The notation reference and the example maps are checked, not just read.

Every ```argmap block of docs/notation.md is a complete file and must parse;
every file in examples/ must load, pass ``argmap.check`` without errors and
survive ``dumps`` unchanged in meaning.  The essay map gets a few facts
about its content, and the examples together must use every construct of the
notation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import argmap
from argmap import ArgumentMap, Kind, RelationKind, Severity

ROOT = Path(__file__).resolve().parent.parent
NOTATION = ROOT / "docs" / "notation.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.argmap"))
SEED = ROOT / "examples" / "china-north-korea.argmap"

_FENCE = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6}) (.+)$", re.MULTILINE)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def doc_blocks(language: str) -> list[tuple[str, str]]:
    """(id, text) of each fenced block in *language*, named by the heading above it and its index there."""
    text = NOTATION.read_text(encoding="utf-8")
    headings = [(m.start(), _slug(m.group(2))) for m in _HEADING.finditer(text)]
    # Headings inside fences are not headings; fences are matched first so
    # that '#' lines in a block do not rename what follows.
    fences = list(_FENCE.finditer(text))
    inside = [(f.start(), f.end()) for f in fences]
    headings = [(pos, slug) for pos, slug in headings if not any(a <= pos < b for a, b in inside)]
    out: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for fence in fences:
        if fence.group(1) != language:
            continue
        slug = next((s for pos, s in reversed(headings) if pos < fence.start()), "intro")
        counts[slug] = counts.get(slug, 0) + 1
        out.append((f"{slug}-{counts[slug]}", fence.group(2)))
    return out


ARGMAP_BLOCKS = doc_blocks("argmap")


def findings(m: ArgumentMap) -> list[str]:
    """Everything ``argmap.check`` reports, warnings included: examples should be clean."""
    try:
        found = argmap.check(m)
    except NotImplementedError:  # pragma: no cover - only before checks exist
        pytest.fail("argmap.check is not implemented yet: these tests need it")
    return [d.format(m.source, m.text) for d in found]


def all_years(m: ArgumentMap) -> set[int]:
    years: set[int] = set()
    for s in m.statements.values():
        if s.date:
            years.update(int(y) for y in re.findall(r"\b(\d{4})\b", s.date))
    return years


# -- docs/notation.md ------------------------------------------------------


def test_the_reference_has_many_examples() -> None:
    assert len(ARGMAP_BLOCKS) > 10


def test_the_reference_has_error_examples() -> None:
    errors = [text for _, text in doc_blocks("text") if ": error: " in text]
    assert len(errors) >= 8


@pytest.mark.parametrize("text", [t for _, t in ARGMAP_BLOCKS], ids=[i for i, _ in ARGMAP_BLOCKS])
def test_doc_block_parses_and_checks(text: str) -> None:
    m = argmap.parse(text, source="notation.md")
    assert len(m.statements) >= 1
    assert findings(m) == []


# Inputs whose messages docs/notation.md shows; each message must appear
# there exactly as argmap prints it, so the page cannot show stale errors.
ERROR_INPUTS = {
    "heading-without-space": "#Claims\nthesis t: Tea.\n",
    "missing-colon": "thesis t Tea is good.\n",
    "unknown-kind": "thesis t: Tea.\n  + reason r: Warm.\n",
    "empty-text": "thesis t:\n",
    "duplicate-id": "thesis t: Tea.\n  + claim t: Warm.\n",
    "marker-at-top": "+ thesis t: Tea.\n",
    "missing-marker": "thesis t: Tea.\n  claim c: Warm.\n",
    "bad-indentation": "thesis t: Tea.\n    + claim c: Warm.\n  + claim d: Cheap.\n",
    "metadata-after-children": "thesis t: Tea.\n  + claim c: Warm.\n  date: 2019\n",
    "duplicate-key": "thesis t: Tea.\n  date: 2019\n  date: 2020\n",
    "unknown-reference": "thesis t: Tea.\n  + @stdy\nevidence study: A review.\n  date: 2019\n",
    "reference-without-marker": "thesis t: Tea.\nclaim c: Warm.\n@t\n  @c\n",
    "reference-with-metadata": "thesis t: Tea.\nclaim c: Warm.\n@t\n  + @c\n    date: 2019\n",
    "premise-outside-argument": "thesis t: Tea.\n  + premise p: Warm.\n",
    "premise-marker": "thesis t: Tea.\n  + argument a:\n    + premise p: Warm.\n",
    "empty-argument": "thesis t: Tea.\n  + argument a:\n",
    "tab-indent": "thesis t: Tea.\n\t+ claim c: Warm.\n",
}


def message(text: str) -> str:
    """What argmap prints for *text*: the syntax error, or the first check error."""
    try:
        m = argmap.parse(text, source="tea.argmap")
    except argmap.ArgmapSyntaxError as error:
        return str(error)
    errors = [d for d in argmap.check(m) if d.severity is Severity.ERROR]
    assert errors, "this input was meant to give an error"
    return errors[0].format("tea.argmap", text)


@pytest.mark.parametrize("name", list(ERROR_INPUTS))
def test_doc_error_examples_are_what_argmap_prints(name: str) -> None:
    shown = "\n".join(text for _, text in doc_blocks("text"))
    assert message(ERROR_INPUTS[name]) in shown


def test_doc_sections_cover_the_spec() -> None:
    text = NOTATION.read_text(encoding="utf-8")
    for title in [
        "The file and its header",
        "Headings and sections",
        "Node lines and kinds",
        "Ids",
        "Markers: support, attack, undercut",
        "Indentation",
        "Multi-line text",
        "Metadata",
        "References and reference blocks",
        "Linked arguments",
        "Tags",
        "Comments",
        "Escapes",
        "Tabs",
        "Changes from the sketch, and why",
    ]:
        assert f"\n## {title}\n" in text, title


def test_doc_claims_about_examples_hold() -> None:
    """A few statements the reference makes about its own examples."""
    blocks = dict(ARGMAP_BLOCKS)
    multi = argmap.parse(blocks["multi-line-text-1"])
    assert multi.get("special").text == (
        'The China-North Korea relationship is still "special": '
        "a rift between the two can be patched overnight, at the top."
    )
    tags = argmap.parse(blocks["tags-1"])
    rank = tags.get("rank")
    assert rank.text == "Tea is the #2 drink in the world." and rank.tags == ("popularity",)
    assert tags.get("label").tags == ()
    escapes = argmap.parse(blocks["escapes-1"])
    assert escapes.get("path").text == r"Settings live in C:\Users\me, not in #config."
    assert escapes.get("math").text == (
        "The score went up by 5 // 10 points + 3 bonus points, said the teacher \\ coach."
    )
    meta = argmap.parse(blocks["metadata-1"]).get("visit-1959")
    assert meta.metadata["note"] == (
        'a free key; the quote marks let this hold // and #hash, and "quotes" too, over two lines'
    )
    comments = argmap.parse(blocks["comments-1"])
    assert comments.get("study").url == "https://example.org/review"
    assert "https://example.org/review" in comments.get("study").text


# -- examples/ -------------------------------------------------------------


def test_there_are_examples() -> None:
    assert SEED in EXAMPLES and len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_loads_checks_and_formats(path: Path) -> None:
    m = argmap.load(path)
    assert m.theses, "every example has a thesis"
    assert findings(m) == []
    assert argmap.parse(argmap.dumps(m)) == m


def test_examples_use_every_construct() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    lines = texts.splitlines()
    maps = [argmap.load(p) for p in EXAMPLES]

    def has_line(pattern: str) -> bool:
        return any(re.search(pattern, line) for line in lines)

    assert has_line(r"^title: "), "header"
    assert has_line(r"^# ") and has_line(r"^## ") and has_line(r"^### "), "nested headings"
    for kind in ("thesis", "claim", "premise", "evidence", "argument"):
        assert has_line(rf"^\s*(?:[+\-_] )?{kind}\b[^:]*:"), kind
    for marker in ("+", "-", "_"):
        assert has_line(rf"^\s+{re.escape(marker)} (?:thesis|claim|evidence|argument|@)"), marker
    assert has_line(r"^@[\w.-]+\s*(?://.*)?$"), "top-level @id block"
    assert has_line(r"^\s+[+\-_] @[\w.-]+"), "reference line"
    assert has_line(r"^\s+@[\w.-]+\s*(?://.*)?$"), "premise reference inside an argument"
    assert has_line(r"\s#[A-Za-z0-9][\w-]*\s*(?://.*)?$"), "#tag"
    assert has_line(r"(^|\s)//"), "comment"
    assert has_line(r"^//.*https?://"), "comment holding a URL"
    assert has_line(r'^\s+[a-z][a-z0-9_-]*: ".*[^"]$'), "quoted metadata spanning lines"
    assert has_line(r"^\s+weight: "), "weight"
    assert has_line(r"\\[#/+]"), "escape"

    statements = [s for m in maps for s in m.statements.values()]
    arguments = [a for m in maps for a in m.arguments.values()]
    relations = [r for m in maps for r in m.relations]
    assert any(s.anonymous for s in statements), "anonymous nodes"
    assert any(s.tags for s in statements), "tags"
    assert any(set(s.metadata) - set(argmap.model.METADATA_KEYS) for s in statements), "free metadata key"
    assert any(set(m.header) - set(argmap.model.HEADER_KEYS) for m in maps), "free header key"
    assert any(any(c in v for c in ("//", "#", '"')) for s in statements for v in s.metadata.values())
    assert any(a.weight is not None for a in arguments) and any(s.weight is not None for s in statements)
    assert {r.kind for r in relations} == set(RelationKind)
    # An undercut in a reference line's block and one in an argument's block.
    undercut_targets = {r.target.source for r in relations if r.kind is RelationKind.UNDERCUT}
    assert undercut_targets & {a.id for a in arguments}, "undercut of an argument's link"


def test_multi_line_text_is_used() -> None:
    """Some example node's text comes from more than one line."""
    for path in EXAMPLES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[:-1]):
            indent = len(line) - len(line.lstrip(" "))
            nxt = lines[i + 1]
            if re.match(r"\s*(?:[+\-_] )?(thesis|claim|premise|evidence)\b[^:]*:", line) and nxt.strip():
                deeper = len(nxt) - len(nxt.lstrip(" ")) > indent
                plain = not re.match(r"\s*([+\-_] |@|[a-z][a-z0-9_-]*:|//)", nxt)
                if deeper and plain:
                    return
    pytest.fail("no example continues a node's text on a second line")


# -- the essay map ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ArgumentMap:
    return argmap.load(SEED)


def test_seed_header(seed: ArgumentMap) -> None:
    assert seed.header["author"] == "Jaewoo Choo"
    assert seed.header["date"] == "2018-04-03"
    assert "Special" in seed.header["title"]
    assert "url" not in seed.header  # the essay gives none


def test_seed_has_one_thesis(seed: ArgumentMap) -> None:
    (thesis,) = seed.theses
    assert '"special"' in thesis.text


def test_seed_evidence_is_dated_and_sourced(seed: ArgumentMap) -> None:
    evidence = [s for s in seed.statements.values() if s.kind is Kind.EVIDENCE]
    dated = [s for s in evidence if s.date]
    assert len(dated) >= 7
    assert all(s.date and s.source and s.quote for s in evidence)
    years = all_years(seed)
    for year in (1956, 1959, 1964, 1969, 1973, 1989, 1992, 1994, 1999, 2017, 2018):
        assert year in years, year
    assert min(years) == 1956 and max(years) == 2018


def test_seed_has_the_four_precedents(seed: ArgumentMap) -> None:
    precedents = seed.evidence_under("precedents")
    assert len(precedents) == 4
    assert [s.date for s in precedents] == ["1956/1959", "1969", "1989", "1992/1999"]


def test_seed_has_the_three_alliance_cases(seed: ArgumentMap) -> None:
    cases = seed.evidence_under("cases")
    assert [s.date for s in cases] == ["1964", "1971/1973-01", "1993/1994"]
    assert "Jimmy Carter" in cases[2].text and "Li Peng" in cases[2].text


def test_seed_answers_the_rift_and_the_bypassing_as_the_essay_does(seed: ArgumentMap) -> None:
    thesis = seed.theses[0].id
    # The rift, which the author grants: it attacks the thesis, and `patched`
    # undercuts that attack (a rift between these two is patched at the top).
    (rift,) = [r for r in seed.relations_from("rift") if r.kind is RelationKind.ATTACK]
    assert rift.target == thesis
    assert [u.source for u in seed.undercutters(rift)] == ["patched"]
    # The bypassing, which the author denies: attacked itself, not undercut.
    (bypassing,) = [r for r in seed.relations_from("bypassing") if r.kind is RelationKind.ATTACK]
    assert bypassing.target == thesis
    assert not seed.undercutters(bypassing)
    assert {s.id for s in seed.attackers("bypassing")} == {"negated", "through-beijing"}
    assert "bypass China and deal directly" in (seed.get("bypassing").quote or "")
    # The conclusion bears on the thesis too; the rift is why China needed a breakthrough.
    assert thesis in {r.target for r in seed.relations_from("through-beijing") if r.kind is RelationKind.SUPPORT}
    assert "rift" in {s.id for s in seed.supporters("breakthrough")}
    assert "message" in {s.id for s in seed.supporters("show-solidarity")}
    # Chuche is what observers concluded from the bypassing, not a reason for it.
    assert "chuche" not in {s.id for s in seed.supporters("bypassing")}
    assert "bypassing" in {s.id for s in seed.supporters("chuche")}
    # The other sense of bypassing (Washington and Seoul bypassing China) sits with `face`.
    assert "doubted" in {s.id for s in seed.supporters("face")}


def test_seed_linked_arguments(seed: ArgumentMap) -> None:
    linked = {a.id: a for a in seed.arguments.values() if len(a.premises) == 2}
    assert set(linked) == {"healing", "clash"}
    texts = " ".join(seed.get(p).text for p in linked["healing"].premises)
    assert "party-states" in texts and "every walk of life" in texts
    # The stance and the scheme show the contradiction only together.
    assert list(linked["clash"].premises) == ["drills", "scheme"]
    assert [r.target for r in seed.relations_from("clash")] == ["contradicts"]


def test_seed_references_and_blocks(seed: ArgumentMap) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert re.search(r"^@[\w.-]+\s*$", text, re.MULTILINE), "top-level @id block"
    assert re.search(r"^\s+[+\-_] @[\w.-]+", text, re.MULTILINE), "reference line"
    assert len(seed.sections) >= 4
    assert {s.level for s in seed.sections} >= {1, 2}


def test_seed_quotes_are_verbatim_when_the_essay_is_at_hand(seed: ArgumentMap) -> None:
    essay = Path("/work/shared/seed/000_8c06cefcfe2095ca.txt")
    if not essay.is_file():
        pytest.skip("the essay text is not in this checkout")
    flat = " ".join(essay.read_text(encoding="utf-8").split())
    quotes = [s.quote for s in seed.statements.values() if s.quote]
    assert len(quotes) >= 10
    for quote in quotes:
        assert quote in flat, quote
