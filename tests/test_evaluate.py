"""argmap.evaluate: hand-checked vectors, construction rules, limits, and a
differential test against python-argumentation (PyArg), an independent
implementation of Dung's semantics."""

from __future__ import annotations

import doctest
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapEvaluationError, ArgumentMap, Relation, Statement
from argmap.drawing.palettes import (
    LABEL_FILLS,
    MONO_LABEL_FILLS,
    MONO_STRENGTH_FILLS,
    STRENGTH_FILLS,
    legend_entries,
    node_shades,
)
from argmap.evaluate import (
    SEMANTICS,
    Label,
    attack_framework,
    bipolar_framework,
)
from argmap.iccma import to_apx, to_i23, to_tgf
from tests.profile import examples

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "china-north-korea.argmap"
DOC = ROOT / "docs" / "evaluation.md"


def labels(text: str, semantics: str = "grounded") -> dict[str, str]:
    return {k: str(v) for k, v in argmap.evaluate(argmap.parse(text), semantics).values.items()}


def strengths(text: str, semantics: str = "dfquad") -> dict[str, float]:
    return argmap.evaluate(argmap.parse(text), semantics).strengths


# -- hand-checked vectors ----------------------------------------------------


def test_dfquad_one_attacker_one_supporter() -> None:
    # Base 0.5, attacker 0.5, supporter 0.8: vs > va, 0.5 + 0.5 * (0.8 - 0.5).
    s = strengths(
        "thesis t: T.\n"
        "  - claim a: A.\n"
        "  + claim s: S.\n"
        "    weight: 0.8\n"
    )
    assert s["t"] == pytest.approx(0.65)


def test_dfquad_two_attackers() -> None:
    # va = 1 - 0.5 * 0.5 = 0.75; 0.5 - 0.5 * 0.75.
    s = strengths("thesis t: T.\n  - claim a: A.\n  - claim b: B.\n")
    assert s["t"] == pytest.approx(0.125)


def test_dfquad_no_relations_keeps_the_base_score() -> None:
    s = strengths("thesis t: T.\n  weight: 0.3\n")
    assert s == {"t": pytest.approx(0.3)}


def test_dfquad_equal_aggregates_cancel() -> None:
    s = strengths("thesis t: T.\n  weight: 0.7\n  - claim a: A.\n  + claim b: B.\n")
    assert s["t"] == pytest.approx(0.7)


def test_euler_vectors() -> None:
    # Amgoud and Ben-Naim: 1 - (1 - w^2) / (1 + w e^E), E = sum(supporters) - sum(attackers).
    s = strengths("thesis t: T.\n  - claim a: A.\n", "euler")
    assert s["a"] == pytest.approx(0.5)
    assert s["t"] == pytest.approx(1 - 0.75 / (1 + 0.5 * math.exp(-0.5)))
    s = strengths("thesis t: T.\n  weight: 0\n  + claim a: A.\n", "euler")
    assert s["t"] == pytest.approx(0.0)  # a zero base stays zero


def test_quadratic_energy_vectors() -> None:
    # Potyka: w - w h(-E) + (1 - w) h(E), h(x) = max(0,x)^2 / (1 + max(0,x)^2).
    s = strengths("thesis t: T.\n  + claim a: A.\n    weight: 1\n", "quadratic-energy")
    assert s["t"] == pytest.approx(0.75)
    s = strengths("thesis t: T.\n  - claim a: A.\n    weight: 1\n", "quadratic-energy")
    assert s["t"] == pytest.approx(0.25)


def test_grounded_chain() -> None:
    # d attacks c attacks b attacks a: grounded extension {b, d}.
    m = argmap.parse("thesis a: A.\n  - claim b: B.\n    - claim c: C.\n      - claim d: D.\n")
    r = argmap.evaluate(m)
    assert r.extensions == (frozenset({"b", "d"}),)
    assert {k: str(v) for k, v in r.values.items()} == {"a": "out", "b": "in", "c": "out", "d": "in"}


TWO_CYCLE = "thesis t: T.\n  - claim a: A.\n    - claim b: B.\n      - @a\n"
THREE_CYCLE = "thesis t: T.\n  - claim a: A.\n    - claim b: B.\n      - claim c: C.\n        - @a\n"


def test_two_cycle() -> None:
    m = argmap.parse(TWO_CYCLE)
    assert {k: str(v) for k, v in argmap.evaluate(m).values.items()} == dict.fromkeys("tab", "undecided")
    pref = argmap.evaluate(m, "preferred")
    assert set(pref.extensions or ()) == {frozenset({"a"}), frozenset({"b", "t"})}
    assert set(pref.values.values()) == {Label.UNDECIDED}
    assert set(argmap.evaluate(m, "stable").extensions or ()) == set(pref.extensions or ())


def test_odd_cycle_has_no_stable_extension() -> None:
    m = argmap.parse(THREE_CYCLE)
    assert argmap.evaluate(m, "preferred").extensions == (frozenset(),)
    stable = argmap.evaluate(m, "stable")
    assert stable.extensions == ()
    assert stable.status == "ok" and stable.message and "no stable extension" in stable.message


def test_sceptical_preferred_labels() -> None:
    # a and b attack each other and both attack c, which attacks t: c is out
    # in both preferred extensions, so t is in in both, though grounded says undecided.
    text = (
        "thesis t: T.\n"
        "  - claim c: C.\n"
        "    - claim a: A.\n"
        "      - claim b: B.\n"
        "        - @a\n"
        "    - @b\n"
    )
    assert labels(text)["t"] == "undecided"
    pref = labels(text, "preferred")
    assert pref["t"] == "in" and pref["c"] == "out" and pref["a"] == "undecided"


# -- how the map becomes a framework -----------------------------------------


def test_undercut_removes_the_attack_but_not_the_attacker() -> None:
    text = "thesis t: T.\n  - claim a: A.\n    _ claim u: U.\n"
    assert labels(text) == {"t": "in", "a": "in", "u": "in"}
    r = argmap.evaluate(argmap.parse(text))
    assert r.link_values == {"_attack:a>t": Label.OUT}


def test_a_link_falls_with_its_source() -> None:
    # The source of an undercut link is itself defeated: the link falls too.
    text = "thesis t: T.\n  - claim a: A.\n    _ claim u: U.\n      - claim x: X.\n    - claim y: Y.\n"
    got = labels(text)
    assert got["a"] == "out" and got["u"] == "out" and got["t"] == "in"


def test_undercut_of_an_undercut() -> None:
    text = "thesis t: T.\n  - claim a: A.\n    _ claim u: U.\n      _ claim v: V.\n"
    assert labels(text)["t"] == "out"  # v cancels u's undercut, so a's attack stands


def test_undercut_of_a_support_has_no_dung_effect_but_weakens_the_gradual_link() -> None:
    text = "thesis t: T.\n  + claim s: S.\n    _ claim u: U.\n"
    m = argmap.parse(text)
    assert attack_framework(m).attacks == ()
    # The link's strength is 0.5 * (1 - 0.5) = 0.25; t = 0.5 + 0.5 * 0.25.
    assert strengths(text)["t"] == pytest.approx(0.625)
    assert argmap.evaluate(m, "dfquad").link_values == {"_support:s>t": pytest.approx(0.25)}


def test_attacks_on_a_premise_reach_its_argument() -> None:
    text = (
        "thesis t: T.\n"
        "  - argument g: G.\n"
        "    premise p: P.\n"
        "      - claim x: X.\n"
        "    premise q: Q.\n"
    )
    m = argmap.parse(text)
    assert ("x", "g") in attack_framework(m).attacks
    assert labels(text) == {"t": "in", "g": "out", "p": "out", "q": "in", "x": "in"}


def test_premises_feed_their_argument_by_the_weakest_link() -> None:
    text = (
        "thesis t: T.\n"
        "  + argument g: G.\n"
        "    weight: 0.9\n"
        "    premise p: P.\n"
        "      weight: 0.8\n"
        "    premise q: Q.\n"
        "      weight: 0.6\n"
        "      - claim x: X.\n"
    )
    s = strengths(text)
    assert s["q"] == pytest.approx(0.3)
    assert s["g"] == pytest.approx(0.3)  # min(0.8, 0.3, 0.9)
    assert s["t"] == pytest.approx(0.5 + 0.5 * 0.3)
    fw = bipolar_framework(argmap.parse(text))
    assert set(fw.feeds) == {("p", "g"), ("q", "g")}


def test_values_are_in_map_order_thesis_first() -> None:
    text = "claim late: L.\n  - @t\nthesis t: T.\n  + claim s: S.\n"
    m = argmap.parse(text)
    for semantics in SEMANTICS:
        assert list(argmap.evaluate(m, semantics).values) == ["t", "late", "s"]


# -- cycles, limits and bad input ---------------------------------------------


def test_dfquad_cycle_converges_to_the_fixed_point() -> None:
    r = argmap.evaluate(argmap.parse(TWO_CYCLE), "dfquad")
    # a = 0.5 (1 - b), b = 0.5 (1 - a): a = b = 1/3.
    assert r.status == "ok" and r.converged and r.iterations > 1
    assert r.strengths["a"] == pytest.approx(1 / 3) and r.strengths["b"] == pytest.approx(1 / 3)
    assert r.strengths["t"] == pytest.approx(0.5 * (1 - 1 / 3))


def test_dfquad_non_convergence_is_flagged_not_raised() -> None:
    text = "thesis t: T.\n  - claim a: A.\n    weight: 1\n    - claim b: B.\n      weight: 1\n      - @a\n"
    r = argmap.evaluate(argmap.parse(text), "dfquad", max_iterations=50)
    assert r.status == "not-converged" and not r.converged
    assert r.iterations == 50 and r.message and "did not settle" in r.message
    assert set(r.strengths) == {"t", "a", "b"}


def test_search_limit_gives_a_flagged_result() -> None:
    pairs = "".join(f"claim a{i}: A.\n  - claim b{i}: B.\n    - @a{i}\n" for i in range(12))
    m = argmap.parse("thesis t: T.\n" + pairs)
    r = argmap.evaluate(m, "preferred", search_limit=100)
    assert r.status == "too-large" and r.extensions is None
    assert r.values == argmap.evaluate(m).values  # the grounded labels
    assert r.message and "100 steps" in r.message
    full = argmap.evaluate(m, "preferred")
    assert full.status == "ok" and len(full.extensions or ()) == 2**12


def test_deep_maps_need_no_recursion() -> None:
    depth = 10_000
    statements = [Statement("thesis", "n0", "T.")] + [Statement("claim", f"n{i}", "C.") for i in range(1, depth)]
    relations = [Relation("attack", f"n{i}", f"n{i - 1}") for i in range(1, depth)]
    m = ArgumentMap(statements=statements, relations=relations)
    r = argmap.evaluate(m)
    assert str(r.values["n0"]) == ("in" if (depth - 1) % 2 == 0 else "out")
    assert str(r.values[f"n{depth - 1}"]) == "in"
    assert argmap.evaluate(m, "preferred").extensions == r.extensions
    s = argmap.evaluate(m, "dfquad").strengths
    assert s[f"n{depth - 1}"] == 0.5 and s[f"n{depth - 2}"] == 0.25


def test_unknown_semantics() -> None:
    with pytest.raises(ArgmapEvaluationError, match="unknown semantics 'dung'"):
        argmap.evaluate(argmap.parse("thesis t: T.\n"), "dung")


def test_bad_weight_is_reported_with_its_place() -> None:
    m = argmap.parse("thesis t: T.\n  + claim c: C.\n    weight: 2\n", source="tea.argmap")
    with pytest.raises(ArgmapEvaluationError) as info:
        argmap.evaluate(m, "dfquad")
    assert str(info.value).startswith("tea.argmap:2:3: error: weight '2' of claim 'c' is not a number from 0 to 1")
    assert info.value.code == "bad-weight" and info.value.span is not None and info.value.hint
    assert isinstance(info.value, argmap.ArgmapError) and isinstance(info.value, ValueError)


def test_dangling_reference_is_an_error() -> None:
    m = ArgumentMap(statements=[Statement("thesis", "t", "T.")], relations=[Relation("attack", "x", "t")])
    with pytest.raises(ArgmapEvaluationError, match="unknown node 'x'"):
        argmap.evaluate(m)


# -- the seed example ---------------------------------------------------------


def test_seed_evaluates_under_every_semantics() -> None:
    m = argmap.load(SEED)
    for semantics in SEMANTICS:
        r = argmap.evaluate(m, semantics)
        assert r.status == "ok", semantics
        assert next(iter(r.values)) == "special"
        assert set(r.values) == {n.id for n in m.nodes()}
        assert json.loads(json.dumps(r.to_dict(m)))["semantics"] == semantics
    grounded = argmap.evaluate(m)
    assert grounded.values["special"] is Label.IN
    assert grounded.values["bypassing"] is Label.OUT  # attacked by negated and through-beijing
    assert grounded.link_values == {"_attack:rift>special": Label.OUT}  # undercut by patched


# -- colours ------------------------------------------------------------------


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_every_node_gets_a_shade_the_legend_explains(semantics: str) -> None:
    m = argmap.load(SEED)
    r = argmap.evaluate(m, semantics)
    shades = node_shades(r)
    legend = legend_entries(r)
    assert set(shades) == set(r.values)
    assert set(shades.values()) <= {colour for colour, _ in legend}
    assert len({colour for colour, _ in legend}) == len(legend)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in shades.values())
    assert all(meaning for _, meaning in legend)


def test_shades_follow_values() -> None:
    assert len(set(LABEL_FILLS.values())) == 3
    r = argmap.evaluate(argmap.parse("thesis t: T.\n  weight: 1\n  - claim c: C.\n    weight: 0\n"), "dfquad")
    assert node_shades(r) == {"t": STRENGTH_FILLS[-1], "c": STRENGTH_FILLS[0]}
    strength_legend = legend_entries(r)
    assert strength_legend[0] == (STRENGTH_FILLS[-1], "strength 0.8 to 1 (dfquad)")
    assert strength_legend[-1] == (STRENGTH_FILLS[0], "strength 0 to under 0.2 (dfquad)")


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize(
    ("labels", "ramp"),
    [(LABEL_FILLS, STRENGTH_FILLS), (MONO_LABEL_FILLS, MONO_STRENGTH_FILLS)],
    ids=["color", "mono"],
)
def test_fills_keep_black_text_readable_and_the_ramp_is_monotone(
    labels: dict[object, str], ramp: list[str]
) -> None:
    for colour in [*labels.values(), *ramp]:
        assert (_luminance(colour) + 0.05) / 0.05 >= 7, colour  # WCAG AAA against black text
    lum = [_luminance(c) for c in ramp]
    assert lum == sorted(lum, reverse=True)  # darker is stronger


# -- ICCMA export ---------------------------------------------------------------


def test_iccma_formats_of_the_seed() -> None:
    fw = attack_framework(argmap.load(SEED))
    i23 = to_i23(fw).splitlines()
    assert i23[0] == f"p af {len(fw.arguments)}"
    assert "# 1 special" in i23
    apx = to_apx(fw)
    assert 'arg("_attack:rift>special").' in apx
    assert 'att("through-beijing",bypassing).' in apx
    tgf = to_tgf(fw).splitlines()
    assert tgf.index("#") == len(fw.arguments)


# -- differential test against python-argumentation -----------------------------

py_arg = pytest.importorskip("py_arg", reason="python-argumentation (the test extra) is not installed")
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension  # noqa: E402
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions  # noqa: E402
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions  # noqa: E402
from py_arg.import_export.argumentation_framework_from_aspartix_format_reader import (  # noqa: E402
    ArgumentationFrameworkFromASPARTIXFormatReader,
)
from py_arg.import_export.argumentation_framework_from_iccma23_format_reader import (  # noqa: E402
    ArgumentationFrameworkFromICCMA23FormatReader,
)
from py_arg.import_export.argumentation_framework_from_trivial_graph_format_reader import (  # noqa: E402
    ArgumentationFrameworkFromTrivialGraphFormatReader,
)


@st.composite
def frameworks(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(min_value=1, max_value=9))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    attacks = draw(st.lists(pairs, max_size=n * 3, unique=True))
    return n, attacks


def _map_of(n: int, attacks: list[tuple[int, int]]) -> ArgumentMap:
    statements = [Statement("claim", f"a{i}", f"Claim {i}.") for i in range(n)]
    return ArgumentMap(statements=statements, relations=[Relation("attack", f"a{i}", f"a{j}") for i, j in attacks])


def _names(extensions: object) -> set[frozenset[str]]:
    return {frozenset(a.name for a in ext) for ext in extensions}  # type: ignore[attr-defined]


@settings(max_examples=examples(200), deadline=None)
@given(frameworks())
def test_dung_semantics_agree_with_python_argumentation(fw: tuple[int, list[tuple[int, int]]]) -> None:
    n, attacks = fw
    m = _map_of(n, attacks)
    theirs = ArgumentationFrameworkFromASPARTIXFormatReader.from_apx(to_apx(attack_framework(m)))
    grounded = argmap.evaluate(m, "grounded")
    assert set(grounded.extensions or ()) == {frozenset(a.name for a in get_grounded_extension(theirs))}
    preferred = argmap.evaluate(m, "preferred")
    assert set(preferred.extensions or ()) == _names(get_preferred_extensions(theirs))
    stable = argmap.evaluate(m, "stable")
    assert set(stable.extensions or ()) == _names(get_stable_extensions(theirs))


@settings(max_examples=examples(50), deadline=None)
@given(frameworks())
def test_every_iccma_format_reads_back_as_the_same_framework(fw: tuple[int, list[tuple[int, int]]]) -> None:
    n, attacks = fw
    ours = attack_framework(_map_of(n, attacks))
    expected = {(a, b) for a, b in ours.attacks}
    tgf = ArgumentationFrameworkFromTrivialGraphFormatReader.from_tgf(to_tgf(ours))
    assert {(d.from_argument.name, d.to_argument.name) for d in tgf.defeats} == expected
    # PyArg's ICCMA 2023 reader does not skip comment lines; the format allows them.
    i23 = "".join(line + "\n" for line in to_i23(ours).splitlines() if not line.startswith("#"))
    back = ArgumentationFrameworkFromICCMA23FormatReader.from_iccma23(i23)
    number = {f"A{i}": a for i, a in enumerate(ours.arguments, start=1)}
    assert len(back.arguments) == len(ours.arguments)
    assert {(number[d.from_argument.name], number[d.to_argument.name]) for d in back.defeats} == expected


# -- gradual semantics are fixed points ---------------------------------------


@st.composite
def bipolar_maps(draw: st.DrawFn) -> ArgumentMap:
    n = draw(st.integers(min_value=1, max_value=8))
    weights = draw(st.lists(st.sampled_from([None, "0", "0.25", "0.5", "0.9", "1"]), min_size=n, max_size=n))
    statements = [
        Statement("claim", f"a{i}", "C.", metadata={} if w is None else {"weight": w}) for i, w in enumerate(weights)
    ]
    edges = draw(
        st.lists(
            st.tuples(st.sampled_from(["support", "attack"]), st.integers(0, n - 1), st.integers(0, n - 1)),
            max_size=2 * n,
            unique=True,
        )
    )
    return ArgumentMap(statements=statements, relations=[Relation(k, f"a{i}", f"a{j}") for k, i, j in edges])


@settings(max_examples=examples(100), deadline=None)
@given(bipolar_maps(), st.sampled_from(["dfquad", "euler", "quadratic-energy"]))
def test_gradual_strengths_solve_their_equations(m: ArgumentMap, semantics: str) -> None:
    from argmap.evaluate import _UPDATES

    r = argmap.evaluate(m, semantics)
    if not r.converged:
        return
    s = r.strengths
    for id in s:
        w = m.get(id).weight
        base = 0.5 if w is None else w
        att = [s[rel.source] for rel in m.relations_to(id) if rel.kind.value == "attack"]
        sup = [s[rel.source] for rel in m.relations_to(id) if rel.kind.value == "support"]
        assert 0.0 <= s[id] <= 1.0
        assert s[id] == pytest.approx(_UPDATES[semantics](base, att, sup), abs=1e-6)


# -- docs/evaluation.md ----------------------------------------------------------


def test_the_evaluation_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page loads examples/ by a relative path
    result = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        globs={"__file__": str(DOC)},
    )
    assert result.attempted > 5
    assert result.failed == 0


def test_the_cli_page_shows_real_eval_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.cli import main

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = re.search(r"^\$ argmap eval (.+)\n((?:.+\n)+?)\.\.\.\n", page, re.MULTILINE)
    assert block, "docs/cli.md shows an eval run"
    monkeypatch.chdir(ROOT)
    assert main(["eval", *block.group(1).split()]) == 0
    shown = block.group(2).splitlines()
    assert capsys.readouterr().out.splitlines()[: len(shown)] == shown
