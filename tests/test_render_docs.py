"""docs/rendering.md runs: its Python blocks execute, its commands succeed, its options table is complete."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import attrs
import pytest

import argmap
from argmap.cli import main
from argmap.render import RenderOptions, parse_tag_colors

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "rendering.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", DOC, flags=re.S | re.M)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("code", [c for lang, c in BLOCKS if lang == "python"])
def test_python_blocks_run(code: str, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, "docs/rendering.md", "exec"), {})


COMMANDS = [line.split(" #")[0].strip() for lang, c in BLOCKS if lang == "sh" for line in c.splitlines()
            if line.startswith("argmap render")]


@pytest.mark.parametrize("command", COMMANDS)
def test_commands_run(command: str, workdir: Path) -> None:
    argv = shlex.split(command)[1:]
    assert main([*argv, "--engine", "embedded", "-q"]) == 0
    if "-d" in argv:
        assert sorted(p.name for p in (workdir / "out").iterdir()) == ["school-uniforms.svg", "tea.svg"]


def test_header_example_sets_tag_colours() -> None:
    (header,) = [c for lang, c in BLOCKS if lang == "text" and "tag-color" in c]
    m = argmap.parse(header + "thesis t: T #objection\n")
    assert parse_tag_colors(m.header["tag-color"]) == {"objection": "#c0392b", "history": "#0072b2"}
    assert 'color="#c0392b"' in argmap.to_dot(m)


def test_options_table_lists_every_field() -> None:
    options = DOC[DOC.index("## Options") : DOC.index("## Views")]
    table = {m.group(1) for m in re.finditer(r"^\| `(\w+)` \|", options, flags=re.M)}
    assert table == {f.name for f in attrs.fields(RenderOptions)}
    for field in attrs.fields(RenderOptions):
        if field.name not in ("argument_boxes", "sections", "tag_colors"):
            assert f"`--{field.name.replace('_', '-')}" in DOC
