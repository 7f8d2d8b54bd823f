"""The long fuzz hunt: the fuzzers of tests/test_fuzz.py, round after round, with a running count.

Run (from the repository root; stop it with Ctrl-C, or give a number of rounds)::

    nice -n 10 .venv/bin/python -m tests.fuzz_long [--rounds N] [TEST ...]

A round runs each fuzz test once at its base count (``test_argmap_text_pipeline``
300 examples, the JSON, AIF, Argdown and YAML ones 150 each, the surrogate
ones 100 and 3 x 50: 1,150 cases), each with fresh random draws; the
embedded-renderer fuzzer is left out (it is the slow one, and the renderer's
input is ``to_dot``'s, which every case runs).  Every case reads its input
with the parser or a reader, then runs check, dumps, to_dot, the three
interchange writers and evaluate (grounded, preferred, stable, dfquad) on
what was read.  After each round it prints the cases run so far and the
time; the first failure stops it with Hypothesis's shrunk example.  Two
processes with different TEST lists share the work.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ["HYPOTHESIS_PROFILE"] = "fuzz-long"
os.environ["ARGMAP_FUZZ_SCALE"] = "1"

from tests import test_fuzz as fuzz  # after the environment above, which sets its counts

COUNT = 0


def counted(function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        global COUNT
        COUNT += 1
        return function(*args, **kwargs)

    return run


# Every fuzz test ends in one of these, once per case: counting them counts the cases.
fuzz.check_text = counted(fuzz.check_text)
fuzz.check_import = counted(fuzz.check_import)
fuzz.check_surrogate_text = counted(fuzz.check_surrogate_text)

TESTS: dict[str, Callable[[], None]] = {
    "text": lambda: fuzz.test_argmap_text_pipeline(),
    "json": lambda: fuzz.test_broken_json_and_aif("json"),
    "aif": lambda: fuzz.test_broken_json_and_aif("aif"),
    "argdown": lambda: fuzz.test_mutated_argdown(),
    "yaml": lambda: fuzz.test_hostile_yaml_in_argdown(),
    "surrogates": lambda: fuzz.test_lone_surrogates_in_argmap_text(),
    "surrogates-json": lambda: fuzz.test_lone_surrogates_in_interchange_text("json"),
    "surrogates-aif": lambda: fuzz.test_lone_surrogates_in_interchange_text("aif"),
    "surrogates-argdown": lambda: fuzz.test_lone_surrogates_in_interchange_text("argdown"),
}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=0, help="stop after N rounds (default: never)")
    parser.add_argument("tests", nargs="*", choices=[*TESTS, []], help="which fuzzers (default: all)")
    args = parser.parse_args(argv)
    names = args.tests or list(TESTS)
    start = time.monotonic()
    round_ = 0
    while not args.rounds or round_ < args.rounds:
        round_ += 1
        for name in names:
            TESTS[name]()
        print(f"round {round_}: {COUNT:,} cases, no failure, {time.monotonic() - start:,.0f} s "
              f"({time.strftime('%H:%M:%S')})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
