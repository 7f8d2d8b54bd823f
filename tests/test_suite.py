"""The test suite's own rules: the quick loop stays quick, CI stays thorough."""

from __future__ import annotations

import re
from pathlib import Path

from tests.profile import THOROUGH, examples

TESTS = Path(__file__).resolve().parent


def test_example_counts_follow_the_profile() -> None:
    # A literal count would run in full in the quick loop too: wrap it in examples(n).
    literal = re.compile(r"max_examples\s*=\s*\d")
    offenders = [f"{p.name}:{i}" for p in sorted(TESTS.rglob("*.py")) if p.name != "conftest.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert offenders == []


def test_counts_are_full_in_ci_and_a_tenth_in_the_quick_loop() -> None:
    assert examples(300) == (300 if THOROUGH else 30)
    assert examples(40) == (40 if THOROUGH else 10)
    assert examples(3) == 3


def test_every_dependency_has_an_upper_bound() -> None:
    # A release outside the range the tests ran on cannot reach a user unseen.
    import tomllib

    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += [r for r in extra if not r.startswith("argmap[")]
    assert len(requirements) > 10
    unbounded = [r for r in requirements if not re.search(r"<|==|~=", r)]
    assert unbounded == []


def test_a_property_test_without_a_count_is_quick_here_and_thorough_in_ci() -> None:
    from hypothesis import settings

    assert settings().max_examples == (500 if THOROUGH else 20)
