"""``argmap lsp`` end to end: a real server process driven over JSON-RPC on stdio, as an editor does.

Each test speaks the protocol through tests/lsp_client.py; nothing is
called in-process. One server serves the module (it takes about a second
to start); the UTF-8 test starts its own.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the extra argmap[lsp]; test_lsp_without_the_extra covers its absence")

from tests.lsp_client import ROOT, Client

MAP = """\
title: Tea

# Health

thesis tea: Tea is good for you. #health
  + claim antiox: It is full of antioxidants. #chemistry
    + evidence study: A 2019 review found antioxidant effects.
      date: 2019
      source: Journal of Examples
  - claim caffeine: It contains caffeine.
    _ claim little: The dose in a cup is small.

## Replies

// two lines of comment
// about the replies
@caffeine
  - claim decaf: Decaffeinated tea exists.
    + @study
"""


def _uri(name: str) -> str:
    return (ROOT / "tests" / f"{name}.argmap").as_uri()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    c = Client(debounce=0.01)
    yield c
    c.close()


def _opened(client: Client, name: str, text: str) -> tuple[str, list[dict]]:
    uri = _uri(name)
    client.open(uri, text)
    return uri, client.diagnostics(uri, 1)


def _pos(line: int, character: int) -> dict:
    return {"line": line, "character": character}


def _doc(uri: str) -> dict:
    return {"uri": uri}


def test_the_server_says_what_it_can_do(client: Client) -> None:
    caps = client.initialize_result["capabilities"]
    for capability in ("hoverProvider", "definitionProvider", "referencesProvider", "renameProvider",
                       "documentSymbolProvider", "foldingRangeProvider", "completionProvider",
                       "documentFormattingProvider", "codeActionProvider"):
        assert caps.get(capability), capability
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 2  # incremental


def test_a_file_with_several_errors_gets_each_with_code_severity_and_range(client: Client) -> None:
    text = (
        "thesis t: Tea.\n"
        "  + claim warm: Warm.\n"
        "  + clam r: Bad kind.\n"
        "claim b Missing colon.\n"
        "claim c: Fine.\n"
        "  + @wram\n"
        "  + evidence e: No source.\n"
    )
    _, found = _opened(client, "several", text)
    got = [(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
            d["range"]["end"]["character"]) for d in found]
    assert got == [
        ("unknown-kind", 1, 2, 4, 8),              # 'clam'
        ("missing-colon", 1, 3, 8, 15),            # the word where the colon should be
        ("unknown-reference", 1, 5, 5, 9),         # the id after '@'
        ("evidence-without-provenance", 2, 6, 13, 14),  # the evidence's id
    ]
    assert all(d["source"] == "argmap" for d in found)
    assert "did you mean 'claim'" in found[0]["message"] and "\nhint: " in found[0]["message"]


def test_diagnostics_follow_edits_and_clear_when_fixed(client: Client) -> None:
    uri, found = _opened(client, "edits", "thesis t: Tea.\n  + @x\n")
    assert [d["code"] for d in found] == ["unknown-reference"]
    version = client.change(uri, range_={"start": _pos(1, 6), "end": _pos(1, 6)}, new_text="\nclaim x: X.")
    assert client.diagnostics(uri, version) == []
    version = client.change(uri, range_={"start": _pos(2, 6), "end": _pos(2, 7)}, new_text="y")
    assert [d["code"] for d in client.diagnostics(uri, version)] == ["unknown-reference", "disconnected"]
    version = client.change(uri, "thesis t: Tea.\n  + claim x: X.\n")
    assert client.diagnostics(uri, version) == []


def test_a_burst_of_keystrokes_ends_with_the_last_texts_diagnostics(client: Client) -> None:
    uri, _ = _opened(client, "burst", "thesis t: Tea.\n  + @")
    word = "antioxidants"
    version = 1
    for i, letter in enumerate(word):
        version = client.change(uri, range_={"start": _pos(1, 5 + i), "end": _pos(1, 5 + i)}, new_text=letter)
    found = client.diagnostics(uri, version)
    assert [d["message"].split("\n")[0] for d in found] == [f"unknown node '{word}'"]


def test_every_edit_gets_its_diagnostics_even_right_after_the_last(client: Client) -> None:
    # An edit sent the moment diagnostics arrive lands while the server still indexes the text.
    import argmap

    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from mapgen import generate

    text = argmap.dumps(generate(400, seed=4))
    uri, found = _opened(client, "back-to-back", text)
    assert found == []
    for i in range(6):
        at = _pos(3, 0)
        version = client.change(uri, range_={"start": at, "end": at}, new_text="  + @nope\n" if i % 2 == 0 else "")
        found = client.diagnostics(uri, version, timeout=30)
        assert [d["code"] for d in found] == ["unknown-reference"] * (i // 2 + 1)


def test_positions_count_utf16_units_after_emoji_and_cjk(client: Client) -> None:
    line = "  + evidence: 😀😀 中文 text #he more"
    text = "thesis 中文: 😀 Tea.\n" + line + "\nclaim other: x\n  + clam c: x\n"
    uri, found = _opened(client, "utf16", text)
    by_code = {d["code"]: d["range"] for d in found}
    # The unnamed evidence's range runs to the end of its line: two emoji count two units each.
    assert by_code["evidence-without-provenance"]["end"]["character"] == len(line) + 2
    assert by_code["unknown-kind"]["start"] == _pos(3, 4)
    # Completion after '#he', the cursor given in UTF-16 units (two more than code points).
    cursor = line.index("#he") + 3 + 2
    items = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(1, cursor)})
    assert items["items"] == []  # no tag in use yet
    client.diagnostics(uri, client.change(uri, text.replace("Tea.", "Tea. #health")))
    items = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(1, cursor)})
    assert "health" in [i["label"] for i in items["items"]]


def test_positions_count_bytes_when_the_client_asks_for_utf8() -> None:
    c = Client(encodings=["utf-8", "utf-16"], debounce=0.01)
    try:
        assert c.initialize_result["capabilities"]["positionEncoding"] == "utf-8"
        line = "  + evidence: 😀 中文"
        uri = _uri("utf8")
        c.open(uri, "thesis t: T.\n" + line + "\n")
        [d] = c.diagnostics(uri, 1)
        assert d["range"]["end"]["character"] == len(line.encode("utf-8"))
        # An id in CJK, referred to after an emoji line: the rename's ranges count bytes.
        uri = _uri("utf8-rename")
        c.open(uri, "thesis 中文: 😀 Tea.\n\n@中文\n  + claim 😀x: 😀\n")
        c.diagnostics(uri, 1)
        edit = c.request("textDocument/rename", {"textDocument": _doc(uri), "position": _pos(2, 4), "newName": "茶"})
        assert edit["changes"][uri] == [{"range": {"start": _pos(0, 7), "end": _pos(0, 13)}, "newText": "茶"},
                                        {"range": {"start": _pos(2, 1), "end": _pos(2, 7)}, "newText": "茶"}]
    finally:
        c.close()


def test_hover_shows_kind_text_tags_metadata_relations_and_status(client: Client) -> None:
    uri, _ = _opened(client, "hover", MAP)
    hover = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": _pos(6, 20)})
    value = hover["contents"]["value"]
    for expected in ("**evidence** `study`", "A 2019 review found antioxidant effects.", "| date | 2019 |",
                     "| source | Journal of Examples |", "supports `antiox`", "supports `decaf`", "grounded: **in**",
                     "dfquad: **"):
        assert expected in value, expected
    # On an @reference: the node it names.
    hover = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": _pos(16, 3)})
    assert "**claim** `caffeine`" in hover["contents"]["value"] and "attacked by `decaf`" in hover["contents"]["value"]
    assert hover["range"] == {"start": _pos(16, 1), "end": _pos(16, 9)}
    hover = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": _pos(4, 10)})
    assert "`#health`" in hover["contents"]["value"]


def test_definition_and_references(client: Client) -> None:
    uri, _ = _opened(client, "refs", MAP)
    [location] = client.request("textDocument/definition", {"textDocument": _doc(uri), "position": _pos(18, 9)})
    assert location["range"] == {"start": _pos(6, 15), "end": _pos(6, 20)}
    found = client.request("textDocument/references", {"textDocument": _doc(uri), "position": _pos(6, 16),
                                                       "context": {"includeDeclaration": True}})
    assert [r["range"]["start"] for r in found] == [_pos(6, 15), _pos(18, 7)]


def test_rename_changes_the_definition_and_every_reference(client: Client) -> None:
    uri, _ = _opened(client, "rename", MAP)
    prepared = client.request("textDocument/prepareRename", {"textDocument": _doc(uri), "position": _pos(16, 4)})
    assert prepared == {"start": _pos(16, 1), "end": _pos(16, 9)}
    edit = client.request("textDocument/rename", {"textDocument": _doc(uri), "position": _pos(16, 4),
                                                  "newName": "caffeine-2"})
    edits = edit["changes"][uri]
    lines = MAP.split("\n")
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = e["range"]["start"], e["range"]["end"]
        row = lines[start["line"]]
        lines[start["line"]] = row[: start["character"]] + e["newText"] + row[end["character"]:]
    renamed = "\n".join(lines)
    assert "claim caffeine-2: It contains caffeine." in renamed and "\n@caffeine-2\n" in renamed
    assert "caffeine:" not in renamed.replace("caffeine-2", "")


def test_rename_is_refused_when_the_id_is_taken_or_invalid(client: Client) -> None:
    uri, _ = _opened(client, "refuse", MAP)
    params = {"textDocument": _doc(uri), "position": _pos(9, 12)}
    with pytest.raises(RuntimeError, match="the id 'study' is already used"):
        client.request("textDocument/rename", {**params, "newName": "study"})
    with pytest.raises(RuntimeError, match="is not an id"):
        client.request("textDocument/rename", {**params, "newName": "two words"})


def test_document_symbols_are_sections_then_nodes(client: Client) -> None:
    uri, _ = _opened(client, "symbols", MAP)
    [health] = client.request("textDocument/documentSymbol", {"textDocument": _doc(uri)})
    assert (health["name"], health["kind"]) == ("Health", 3)
    tea, replies = health["children"]
    assert (tea["name"], tea["kind"]) == ("tea", 5)
    assert [c["name"] for c in tea["children"]] == ["antiox", "caffeine"]
    assert [c["name"] for c in tea["children"][0]["children"]] == ["study"]
    assert replies["name"] == "Replies" and replies["children"][0]["name"] == "@caffeine"
    assert replies["children"][0]["children"][0]["name"] == "decaf"


def test_folding_ranges_for_sections_subtrees_and_comment_blocks(client: Client) -> None:
    uri, _ = _opened(client, "folding", MAP)
    ranges = {(r["startLine"], r["endLine"], r.get("kind")) for r in
              client.request("textDocument/foldingRange", {"textDocument": _doc(uri)})}
    assert (2, 18, "region") in ranges      # '# Health' to the end
    assert (12, 18, "region") in ranges     # '## Replies'
    assert (4, 10, None) in ranges          # the thesis's subtree
    assert (14, 15, "comment") in ranges


def test_completion_after_at_gives_ids_with_their_text(client: Client) -> None:
    uri, _ = _opened(client, "complete-at", MAP + "\n@tea\n  + @\n")
    items = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(21, 5)})["items"]
    by_label = {i["label"]: i for i in items}
    assert {"tea", "antiox", "study", "caffeine", "little", "decaf"} <= set(by_label)
    assert "A 2019 review" in by_label["study"]["documentation"]["value"]


def test_completion_in_a_map_of_thousands_of_ids_offers_those_that_match_what_is_typed(client: Client) -> None:
    # More ids than one completion offers (MAX_COMPLETED_IDS, 1,000): the list says it is incomplete, so
    # the editor asks again as the user types on, and holds the ids that start with what was typed, then
    # those that contain it.
    claims = "".join(f"  + claim c{n}: Claim {n}.\n" for n in range(1200))
    uri, found = _opened(client, "complete-many", "thesis t: T.\n" + claims + "  + claim xc11: X.\n@t\n  + @\n")
    assert [d["code"] for d in found] == ["reference-without-id"]  # '@' alone, until an id is chosen
    line = 1203
    listed = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(line, 5)})
    assert listed["isIncomplete"] is True and len(listed["items"]) == 1000
    client.change(uri, range_={"start": _pos(line, 5), "end": _pos(line, 5)}, new_text="C11")
    narrowed = client.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(line, 8)})
    labels = [i["label"] for i in narrowed["items"]]
    assert narrowed["isIncomplete"] is True
    assert labels == ["c11", *(f"c11{n}" for n in range(10)), *(f"c11{n:02}" for n in range(100)), "xc11"]


def test_a_client_that_resolves_items_gets_each_ids_text_when_it_asks() -> None:
    # As VS Code, Neovim and Helix do: they declare that they ask for an item's documentation when they
    # show it, so the list of ids comes without the texts (quick for a map of thousands of nodes).
    c = Client(debounce=0.01, text_document={
        "completion": {"completionItem": {"resolveSupport": {"properties": ["documentation", "detail"]}}}})
    try:
        assert c.initialize_result["capabilities"]["completionProvider"]["resolveProvider"] is True
        uri, _ = _opened(c, "complete-resolve", MAP + "\n@tea\n  + @\n")
        items = c.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(21, 5)})["items"]
        by_label = {i["label"]: i for i in items}
        assert {"tea", "antiox", "study", "caffeine", "little", "decaf"} <= set(by_label)
        assert all("documentation" not in i for i in items)
        study = c.request("completionItem/resolve", by_label["study"])
        assert study["documentation"]["value"] == "**evidence**: A 2019 review found antioxidant effects."
        assert study["label"] == "study" and study["detail"] == by_label["study"]["detail"]
        # An item the server did not make, or of a closed document, comes back as it was.
        other = {"label": "thesis", "kind": 14}
        assert c.request("completionItem/resolve", other) == other
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        assert "documentation" not in c.request("completionItem/resolve", by_label["study"])
    finally:
        c.close()


def test_completion_of_markers_kinds_metadata_keys_and_tags(client: Client) -> None:
    uri, _ = _opened(client, "complete", MAP + "\nclaim new: New.\n  \n")
    labels = [i["label"] for i in client.request("textDocument/completion", {
        "textDocument": _doc(uri), "position": _pos(21, 2)})["items"]]
    assert {"date:", "source:", "quote:", "url:", "+ claim", "- claim", "_ claim", "evidence"} <= set(labels)
    labels = [i["label"] for i in client.request("textDocument/completion", {
        "textDocument": _doc(uri), "position": _pos(20, 0)})["items"]]
    assert "thesis" in labels and "date:" not in labels
    client.diagnostics(uri, client.change(uri, MAP + "\nclaim new: New. #\n"))
    labels = [i["label"] for i in client.request("textDocument/completion", {
        "textDocument": _doc(uri), "position": _pos(20, 17)})["items"]]
    assert labels == ["chemistry", "health"]


def test_formatting_gives_what_argmap_fmt_writes(client: Client, tmp_path: Path) -> None:
    messy = "thesis t:   Tea is good.\n    + claim:  It is warm.\n"
    uri, _ = _opened(client, "format", messy)
    [edit] = client.request("textDocument/formatting", {"textDocument": _doc(uri),
                                                        "options": {"tabSize": 2, "insertSpaces": True}})
    assert edit["range"]["start"] == _pos(0, 0)
    path = tmp_path / "messy.argmap"
    path.write_text(messy, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "argmap", "fmt", str(path)], check=True, capture_output=True)
    expected = path.read_text(encoding="utf-8")
    assert edit["newText"] == expected == "thesis t: Tea is good.\n  + claim: It is warm.\n"
    # A file already in canonical layout needs no edit.
    version = client.change(uri, expected)
    client.diagnostics(uri, version)
    assert client.request("textDocument/formatting", {"textDocument": _doc(uri),
                                                      "options": {"tabSize": 2, "insertSpaces": True}}) == []


def test_a_lone_carriage_return_ends_a_line_as_the_protocol_says(client: Client) -> None:
    # LSP counts \r\n, \n and a lone \r as line ends (old Mac files); so does argmap's parser. Diagnostics,
    # hover and the formatting edit's range must count lines the same way.
    text = "thesis t: Tea.\r  + @nowhere\r\r  +   claim c:  Warm.\r"
    uri, found = _opened(client, "cr", text)
    assert [(d["code"], d["range"]["start"]) for d in found] == [("unknown-reference", _pos(1, 5))]
    hover = client.request("textDocument/hover", {"textDocument": _doc(uri), "position": _pos(3, 14)})
    assert "**claim** `c`" in hover["contents"]["value"]
    [edit] = client.request("textDocument/formatting", {"textDocument": _doc(uri),
                                                        "options": {"tabSize": 2, "insertSpaces": True}})
    assert edit["range"] == {"start": _pos(0, 0), "end": _pos(4, 0)}  # the whole text: four lines, then ""
    assert edit["newText"] == "thesis t: Tea.\n  + @nowhere\n\n  + claim c: Warm.\n"


def test_quick_fixes_apply_the_did_you_mean(client: Client) -> None:
    uri, found = _opened(client, "quickfix", "thesis tea: Tea.\n  + @taa\n  + clam c: Warm.\n")
    actions = client.request("textDocument/codeAction", {"textDocument": _doc(uri), "range": found[0]["range"],
                                                         "context": {"diagnostics": found}})
    fixes = [(a["title"], a["kind"], a["edit"]["changes"][uri][0]) for a in actions]
    # The syntax error does not hide the rest of its block (the document layer reads past it).
    assert fixes == [
        ("Change to 'tea'", "quickfix", {"range": {"start": _pos(1, 5), "end": _pos(1, 8)}, "newText": "tea"}),
        ("Change to 'claim'", "quickfix", {"range": {"start": _pos(2, 4), "end": _pos(2, 8)}, "newText": "claim"}),
    ]
    version = client.change(uri, "thesis tea: Tea.\n  + @taa\n  + claim c: Warm.\n")
    found = client.diagnostics(uri, version)
    [action] = client.request("textDocument/codeAction", {"textDocument": _doc(uri), "range": found[0]["range"],
                                                           "context": {"diagnostics": found}})
    assert action["edit"]["changes"][uri] == [{"range": {"start": _pos(1, 5), "end": _pos(1, 8)}, "newText": "tea"}]


def test_a_misspelt_metadata_key_gets_its_quick_fix(client: Client) -> None:
    uri, found = _opened(client, "key-fix", "thesis t: Tea.\n  + evidence e: E.\n    sorce: Journal\n")
    [typo] = [d for d in found if "did you mean 'source'" in d["message"]]
    assert typo["range"] == {"start": _pos(2, 4), "end": _pos(2, 9)} and typo["severity"] == 2
    [action] = client.request("textDocument/codeAction", {"textDocument": _doc(uri), "range": typo["range"],
                                                           "context": {"diagnostics": [typo]}})
    assert action["edit"]["changes"][uri] == [{"range": typo["range"], "newText": "source"}]


def test_lsp_without_the_extra_says_how_to_install_it() -> None:
    code = ("import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
            "from argmap.cli import main; sys.exit(main(['lsp']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "pip install 'argmap[lsp]'" in run.stderr and "Traceback" not in run.stderr


# The server, with each analysis made slow: it sleeps first (releasing the interpreter, as a long
# parse in another process would), then analyses as usual. Everything else is the real server.
_SLOW_ANALYSIS_SERVER = """
import sys, time
from argmap import lsp
analyse = lsp.ArgmapLanguageServer.analyse
def slow(self, *args, **kwargs):
    time.sleep(float(sys.argv[1]))
    return analyse(self, *args, **kwargs)
lsp.ArgmapLanguageServer.analyse = slow
sys.exit(lsp.main([]))
"""


@pytest.mark.slow
def test_hover_and_completion_answer_while_a_slow_analysis_runs() -> None:
    # Hover and completion, asked right after an edit, answer from the last analysis without waiting for
    # the edit's, which takes seconds here. The order is tested, not a time: a server that waited for the
    # analysis (or made one of its own, as `current` does) would answer after the diagnostics.
    c = Client(debounce=0.0, command=[sys.executable, "-c", _SLOW_ANALYSIS_SERVER, "2"])
    try:
        uri = _uri("slow")
        c.open(uri, MAP)
        assert c.diagnostics(uri, 1, timeout=60) == []
        at = _pos(5, 0)
        version = c.change(uri, range_={"start": at, "end": at}, new_text="  + @nowhere\n")
        hover = c.request("textDocument/hover", {"textDocument": _doc(uri), "position": _pos(4, 8)})
        items = c.request("textDocument/completion", {"textDocument": _doc(uri), "position": _pos(5, 5)})
        answered = time.perf_counter()
        assert "Tea is good for you." in hover["contents"]["value"]
        assert {"tea", "antiox", "study"} <= {i["label"] for i in items["items"]}
        while True:
            received, message = c.notifications.get(timeout=60)
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["version"] == version):
                break
        assert [d["code"] for d in message["params"]["diagnostics"]] == ["unknown-reference"]
        assert answered < received
    finally:
        c.close()
