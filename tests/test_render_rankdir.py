"""Every example and gallery view, in every rankdir, drawn by both engines with no arrow lost.

Graphviz drops an edge it cannot route rather than fail, in some versions
silently (16.1, the embedded engine) and in others with an error (2.43, the
system ``dot`` of Debian and Ubuntu LTS: "flat edge between adjacent nodes
one of which has a record shape").  So each drawing is checked against its
own DOT text: the SVG parses, and it draws exactly the visible edges the DOT
asks for, by tail and head.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

import argmap
from argmap.engines import layout
from argmap.render import RANKDIRS, RenderOptions, RenderWarning, to_dot
from tests.engines import ENGINES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.argmap"))
SVG = "{http://www.w3.org/2000/svg}"
_EDGE = re.compile(r"^\s*(\S+) -> (\S+)(?: \[(.*)\])?$", re.M)


def _gallery() -> dict[str, tuple[str, RenderOptions, str]]:
    spec = importlib.util.spec_from_file_location("_argmap_gallery", ROOT / "docs" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gallery: dict[str, tuple[str, RenderOptions, str]] = module.GALLERY
    return gallery


GALLERY = _gallery()

# A claim in one section supports one in another, which supports a claim back
# in the first: ranked cluster by cluster (Graphviz's default), one of these
# arrows became a flat edge between records, which 2.43 refused and 16.1 lost.
CROSSING_SECTIONS = """\
thesis t: Tea is good.

# One

@t
  + claim aligned: Tea suits everyone.
    + claim cases: Three cases show it.

# Two

@aligned
  + claim visit: The visit shows it.
    + @cases
"""


def dot_edges(dot: str) -> Counter[tuple[str, str]]:
    """The edges of *dot* Graphviz draws (tail, head): all but ``style=invis`` ones."""
    return Counter((m[1], m[2]) for m in _EDGE.finditer(dot) if "style=invis" not in (m[3] or ""))


def svg_edges(svg: bytes) -> Counter[tuple[str, str]]:
    """The edges drawn in *svg* (tail, head), from each edge group's title; each must have a path."""
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == f"{SVG}svg"
    drawn: Counter[tuple[str, str]] = Counter()
    for g in root.iter(f"{SVG}g"):
        if (g.get("class") or "").split()[:1] == ["edge"]:
            title = g.findtext(f"{SVG}title") or ""
            tail, _, head = title.partition("->")
            assert g.find(f"{SVG}path") is not None, f"edge {title} has no path"
            drawn[(tail, head)] += 1
    return drawn


def check_drawn(map: argmap.ArgumentMap, options: RenderOptions, engine: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RenderWarning)  # the tea map's javascript: link
        dot = to_dot(map, options)
    wanted = dot_edges(dot)
    drawn = svg_edges(layout(dot, "svg", engine))
    assert sum(drawn.values()) == sum(wanted.values()), (
        f"lost {sorted((wanted - drawn).elements())}, extra {sorted((drawn - wanted).elements())}"
    )
    assert drawn == wanted


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rankdir", RANKDIRS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_rankdir(example: Path, rankdir: str, engine: str) -> None:
    check_drawn(argmap.load(example), RenderOptions(rankdir=rankdir), engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rankdir", RANKDIRS)
@pytest.mark.parametrize("name", sorted(GALLERY))
def test_every_gallery_view_in_every_rankdir(name: str, rankdir: str, engine: str) -> None:
    example, options, _ = GALLERY[name]
    check_drawn(argmap.load(ROOT / "examples" / example), options.evolve(rankdir=rankdir), engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rankdir", RANKDIRS)
def test_arrows_back_and_forth_between_sections(rankdir: str, engine: str) -> None:
    m = argmap.parse(CROSSING_SECTIONS)
    dot = to_dot(m, rankdir=rankdir)
    # Ranked in one pass over the whole graph, not cluster by cluster.
    assert "newrank=true" in dot
    assert len(dot_edges(dot)) == 4
    check_drawn(m, RenderOptions(rankdir=rankdir), engine)


def test_the_edge_counts_read_what_they_should() -> None:
    dot = 'digraph {\n\ta -> b [style=invis]\n\tb -> c\n\tc -> d [class=support]\n}\n'
    assert dot_edges(dot) == Counter({("b", "c"): 1, ("c", "d"): 1})
    assert svg_edges(layout(dot, "svg", "embedded")) == Counter({("b", "c"): 1, ("c", "d"): 1})
