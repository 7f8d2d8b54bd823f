"""How argmap writes files: special files stay special, links stay links, interrupted writes leave nothing.

Reproducers of issue 11, items 9 to 13: as root, ``render -o`` a copy of
/dev/null, ``eval -o`` a link to /proc/self/fd/1 and ``convert`` into a FIFO
replaced the device, link or FIFO with a regular file; ``fmt`` replaced a
symlink with a file, cut hard links and rewrote a read-only file; a kill
left a ``.tmp`` file; ``render a/x b/x -d out`` wrote ``out/x.svg`` twice;
``convert`` wrote maps that ``check`` rejects and did not read ``-``;
escape sequences in map text reached the terminal from ``argmap eval``.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import argmap.cli
from argmap import _io
from argmap._io import atomic_write
from argmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEA = (ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8")
UNTIDY = "thesis t:   Tea is good.\n   + claim c: It is warm.\n"


@pytest.fixture
def tea(tmp_path: Path) -> Path:
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    return path


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# -- special files are written in place, never replaced -----------------------------


@pytest.mark.skipif(not _root(), reason="making a device file needs root; the FIFO test covers writing in place")
def test_a_device_stays_a_device(tea: Path, tmp_path: Path) -> None:
    fakenull = tmp_path / "fakenull"
    os.mknod(fakenull, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    assert main(["render", str(tea), "-o", str(fakenull), "-f", "dot", "-q"]) == 0
    assert stat.S_ISCHR(os.lstat(fakenull).st_mode)
    assert main(["eval", str(tea), "-o", str(fakenull)]) == 0
    assert stat.S_ISCHR(os.lstat(fakenull).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fakenull", "tea.argmap"]


def test_a_link_to_standard_output_stays_a_link(tea: Path, tmp_path: Path) -> None:
    if not os.path.exists("/proc/self/fd/1"):
        pytest.skip("no /proc/self/fd here; the FIFO and symlink tests cover links to special files")
    link = tmp_path / "stdout"
    os.symlink("/proc/self/fd/1", link)
    done = subprocess.run([sys.executable, "-m", "argmap", "eval", str(tea), "-o", str(link)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert os.path.islink(link) and os.readlink(link) == "/proc/self/fd/1"
    assert done.stdout.startswith("id ") and "thesis" in done.stdout  # written through the link, to the pipe


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_stays_a_fifo(tea: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["convert", str(tea), str(fifo), "-q"]) == 0
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "tea.argmap"]  # no temporary file


def test_a_socket_or_a_folder_is_refused(tea: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock")
        assert main(["eval", str(tea), "-o", "sock"]) == 1
        assert "it is a socket" in capsys.readouterr().err
        assert stat.S_ISSOCK(os.lstat("sock").st_mode)
    (tmp_path / "folder.svg").mkdir()
    assert main(["render", str(tea), "-o", "folder.svg", "-q"]) == 1
    assert "it is a folder" in capsys.readouterr().err


# -- fmt: links, hard links, read-only files -----------------------------------------


def test_fmt_on_a_symlink_formats_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.argmap"
    real.write_text(UNTIDY, encoding="utf-8")
    link = tmp_path / "link.argmap"
    link.symlink_to(real.name)  # relative, as links usually are
    assert main(["fmt", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8") == "thesis t: Tea is good.\n  + claim c: It is warm.\n"


def test_fmt_refuses_a_hard_linked_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one.argmap"
    one.write_text(UNTIDY, encoding="utf-8")
    two = tmp_path / "two.argmap"
    os.link(one, two)
    assert main(["fmt", str(one)]) == 1
    err = capsys.readouterr().err
    assert "2 hard links" in err and "Traceback" not in err
    assert os.path.samefile(one, two) and one.read_text(encoding="utf-8") == UNTIDY


def test_fmt_refuses_a_read_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ro.argmap"
    path.write_text(UNTIDY, encoding="utf-8")
    path.chmod(0o444)
    assert main(["fmt", str(path)]) == 1
    assert "read-only (mode 444)" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == UNTIDY and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert main(["fmt", "--check", str(path)]) == 1  # --check still reports it, writing nothing


# -- interrupted writes leave no temporary file ---------------------------------------


def test_ctrl_c_during_a_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.svg"
    path.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_io.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"] and path.read_bytes() == b"old"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals; Ctrl-C is tested everywhere")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_the_old_file(tmp_path: Path, signame: str) -> None:
    path = tmp_path / "out.svg"
    path.write_bytes(b"old")
    # The signal arrives while the temporary file is written (at its fsync).
    code = (
        "import os, signal, sys\n"
        "from argmap import _io\n"
        "real = os.fsync\n"
        f"def fsync(fd):\n    os.kill(os.getpid(), signal.{signame}); real(fd)\n"
        "_io.os.fsync = fsync\n"
        "_io.atomic_write(sys.argv[1], b'new')\n"
        "print('survived')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -getattr(signal, signame)  # the process still dies of the signal
    assert "survived" not in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"] and path.read_bytes() == b"old"


# -- render -d: two files, one output ---------------------------------------------------


def test_render_d_refuses_two_files_with_one_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.argmap").write_text(TEA, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(tmp_path / "a" / "x.argmap"), str(tmp_path / "b" / "x.argmap"),
                 "-d", str(out), "-f", "dot"]) == 2
    assert "would both be written to" in capsys.readouterr().err
    assert not out.exists()  # nothing written, not even the folder


# -- convert: errors, stdin --------------------------------------------------------------


def test_convert_refuses_a_map_with_errors_and_keeps_the_old_output(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "e.argmap"
    src.write_text(TEA + "  + @nothere\n", encoding="utf-8")
    out = tmp_path / "e.aif.json"
    out.write_text("good", encoding="utf-8")
    assert main(["convert", str(src), str(out)]) == 1
    err = capsys.readouterr().err
    assert "unknown node 'nothere'" in err and "nothing written (--force writes it anyway)" in err
    assert out.read_text(encoding="utf-8") == "good"
    assert main(["convert", str(src), str(out), "--force", "-q"]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_convert_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEA.encode("utf-8"))))
    assert main(["convert", "-", "-", "--to", "json"]) == 0
    assert '"argmap": 1' in capsys.readouterr().out
    bad = b'{"argmap": 1, "statements": [{"id": "t", "kind": "thesis", "text": 7}]}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    assert main(["convert", "-", "-", "--from", "json", "--to", "argmap"]) == 1
    assert capsys.readouterr().err.startswith("<stdin>:1:")


# -- terminal escapes ------------------------------------------------------------------

ESCAPES = "thesis t: Tea \x1b]0;pwned\x07 is \x9b31mgood \u202eevil.\n  + claim c: Warm.\n"


def test_eval_shows_no_escape_sequence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "esc.argmap"
    path.write_text(ESCAPES, encoding="utf-8")
    assert main(["eval", str(path)]) == 0
    table = capsys.readouterr().out
    assert "Tea" in table and "pwned" in table
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(table)
    assert main(["eval", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(out)
    import json

    assert json.loads(out)["nodes"][0]["text"] == ESCAPES.split(": ", 1)[1].split("\n")[0]  # the same data
    assert "\\u001b]0;pwned\\u0007 is \\u009b31mgood \\u202eevil" in out


def test_map_text_printed_to_a_terminal_is_neutralised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "esc.argmap"
    path.write_text(ESCAPES, encoding="utf-8")
    shown = Terminal()
    monkeypatch.setattr(sys, "stdout", shown)
    assert main(["convert", str(path), "-", "--to", "argdown"]) == 0
    assert "pwned" in shown.getvalue() and "\x1b" not in shown.getvalue()
    piped = io.StringIO()  # not a terminal: the product byte for byte
    monkeypatch.setattr(sys, "stdout", piped)
    assert main(["convert", str(path), "-", "--to", "argmap"]) == 0
    assert "\x1b]0;pwned\x07" in piped.getvalue()
    assert argmap.cli._for_terminal("a\x1bb\nc", Terminal()) == "a\ufffdb\nc"
