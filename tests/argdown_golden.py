"""What the Argdown CLI makes of a file, reduced to what the conformance test compares.

``argdown json FILE OUTDIR`` writes a JSON file of some 100 kB for a long
example, mostly positions and colours; :func:`reduce` keeps the statements
(equivalence classes: member texts, tags), the arguments (descriptions, tags,
premise-conclusion structure with inference rules and data), the relations and
the sections.  For a file Argdown refuses, the golden file holds its syntax
errors (line, column, first line of the message).

It also keeps, in tests/fixtures/argdown-written/, what argmap writes for each example and
what ``argdown json`` made of that, for the tests that run without Node.js.

Regenerate the golden files (needs Node.js and ``npm install @argdown/cli@1.7.5``)::

    ARGMAP_ARGDOWN=/tmp/argdown/node_modules/.bin/argdown python -m tests.argdown_golden
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "tests" / "fixtures" / "argdown-conformance"
GOLDEN = CONFORMANCE / "golden"


def sources() -> list[Path]:
    """Every copied Argdown file, in a stable order."""
    return sorted(CONFORMANCE.glob("*/*.argdown"))


def golden_path(source: Path) -> Path:
    return GOLDEN / source.parent.name / (source.stem + ".json")


def argdown_cli() -> str | None:
    """The Argdown CLI: $ARGMAP_ARGDOWN, else ``argdown`` on PATH; None without it or Node.js."""
    for candidate in (os.environ.get("ARGMAP_ARGDOWN"), shutil.which("argdown")):
        if candidate and Path(candidate).is_file() and shutil.which("node"):
            return candidate
    return None


def reduce(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of ``argdown json`` output the conformance test compares."""
    statements = {}
    for title, ec in data.get("statements", {}).items():
        statements[title] = {
            "texts": [m["text"] for m in ec.get("members", []) if m.get("text")],
            "tags": sorted(ec.get("tags", [])),
        }
    arguments = {}
    for title, arg in data.get("arguments", {}).items():
        pcs = []
        for member in arg.get("pcs", []):
            step: dict[str, Any] = {"role": member.get("role"), "title": member.get("title")}
            inference = member.get("inference")
            if inference is not None:
                step["rules"] = inference.get("inferenceRules", [])
                if inference.get("data"):
                    step["data"] = inference["data"]
            pcs.append(step)
        arguments[title] = {
            "descriptions": [m["text"] for m in arg.get("members", []) if m.get("text")],
            "tags": sorted(arg.get("tags", [])),
            "pcs": pcs,
        }
    relations = sorted([r["relationType"], r["from"], r["fromType"], r["to"], r["toType"]]
                       for r in data.get("relations", []))
    sections: list[list[Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for s in items:
            sections.append([s.get("level"), s.get("title")])
            walk(s.get("children", []))

    walk(data.get("sections", []))
    return {"refused": False, "statements": statements, "arguments": arguments, "relations": relations,
            "sections": sections}


_ERROR = re.compile(r"^At (\d+):(\d+)\n(.*)$", re.M)


def errors(log: str) -> list[list[Any]]:
    """The syntax errors the CLI printed: [line, column, first line of the message]."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    return [[int(m.group(1)), int(m.group(2)), m.group(3).strip()] for m in _ERROR.finditer(plain)]


def export(cli: str, source: Path) -> dict[str, Any]:
    """Run ``argdown json`` on *source*: the reduced output, or the errors of a refused file."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name
        shutil.copyfile(source, copy)
        done = subprocess.run([cli, "json", copy.name, tmp], cwd=tmp, capture_output=True, text=True,
                              timeout=300, check=False)
        out = Path(tmp) / (source.stem + ".json")
        if not out.exists():  # the CLI exits 0 even when it refuses a file
            return {"refused": True, "errors": errors(done.stdout + done.stderr)}
        return reduce(json.loads(out.read_text(encoding="utf-8")))


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    cli = argdown_cli()
    if cli is None:
        raise SystemExit("set ARGMAP_ARGDOWN to the argdown program (npm install @argdown/cli), with node on PATH")
    for source in sources():
        target = golden_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(export(cli, source)), encoding="utf-8")
        print(target.relative_to(ROOT))
    write_examples(cli)


WRITTEN = ROOT / "tests" / "fixtures" / "argdown-written"


def write_examples(cli: str) -> None:
    """What argmap writes for each example, and what ``argdown json`` made of it (for the path without node)."""
    from argmap import load
    from argmap.interchange import argdown

    WRITTEN.mkdir(parents=True, exist_ok=True)
    for example in sorted((ROOT / "examples").glob("*.argmap")):
        target = WRITTEN / (example.stem + ".argdown")
        target.write_text(argdown.dumps(load(example)), encoding="utf-8")
        (WRITTEN / (example.stem + ".json")).write_text(dump(export(cli, target)), encoding="utf-8")
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
