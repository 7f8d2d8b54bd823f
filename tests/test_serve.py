"""``argmap serve`` without a browser: builds, the HTTP endpoints, the event stream, Ctrl-C.

The page updating in a real browser is tested in tests/test_browser.py.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap.serve import Preview

ROOT = Path(__file__).resolve().parent.parent
TEA = (ROOT / "examples" / "tea.argmap").read_text(encoding="utf-8")
BROKEN = TEA + "  + @nowhere\n"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, int, Path]]:
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    p = Preview(str(path), engine="embedded")
    p.rebuild()
    server = p.server(0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield p, server.server_address[1], path
    p.stop()
    server.shutdown()
    server.server_close()


def get(port: int, path: str, host: str | None = None) -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    return response.status, body, dict(response.getheaders())


def test_a_bad_save_keeps_the_last_good_map_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    p = Preview(str(path), engine="embedded")
    assert p.rebuild() and p.problem is None
    good = p.fragment()
    assert not p.rebuild()  # the same bytes: nothing to do
    path.write_text(BROKEN, encoding="utf-8")
    assert p.rebuild()
    line = BROKEN.splitlines().index("  + @nowhere") + 1
    assert p.problem is not None and f"{path}:{line}:3: error: unknown node 'nowhere'" in p.problem
    assert p.fragment() == good and "kept the last good map" in p.status()
    path.write_text("thesis t: Tea\n  + klaim c: x\n", encoding="utf-8")
    assert p.rebuild() and p.problem is not None and p.problem.startswith(f"{path}:2:5: error: unknown kind")
    path.write_text(TEA.replace("Tea is good for you.", "Tea is very good."), encoding="utf-8")
    assert p.rebuild() and p.problem is None and "Tea is very good." in p.fragment()
    path.write_bytes(b"thesis t: Tea \xff\n")  # the bytes read once are what is hashed and parsed
    assert p.rebuild() and p.problem is not None
    assert p.problem.startswith(f"{path}:1:15: error: the file is not UTF-8 text (byte 0xff)")
    assert "Tea is very good." in p.fragment()


def test_the_server_serves_the_page_and_the_fragment_only(preview: tuple[Preview, int, Path]) -> None:
    _, port, _ = preview
    status, page, headers = get(port, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert 'data-live="/events?since=1"' in page and "connect-src 'self'" in page.replace("&#x27;", "'")
    status, fragment, _ = get(port, "/map?v=1")
    assert status == 200 and fragment.startswith('<div class="argmap') and 'data-argmap="live"' in fragment
    assert get(port, "/../../etc/passwd")[0] == 404
    assert get(port, "/tea.argmap")[0] == 404


def test_the_server_refuses_other_hosts(preview: tuple[Preview, int, Path]) -> None:
    _, port, _ = preview
    assert get(port, "/", host="attacker.example")[0] == 403
    assert get(port, "/", host=f"localhost:{port}")[0] == 200


def test_the_event_stream_tells_of_updates_and_problems(preview: tuple[Preview, int, Path]) -> None:
    p, port, path = preview
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/events?since=1", headers={"Host": f"127.0.0.1:{port}"})
    response = conn.getresponse()
    assert response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_event() -> list[str]:
        lines: list[str] = []
        while True:
            line = response.fp.readline().decode("utf-8").rstrip("\n")
            if not line and lines:
                return lines
            if line and not line.startswith((":", "retry")):
                lines.append(line)

    path.write_text(BROKEN, encoding="utf-8")
    p.rebuild()
    event = next_event()
    assert event[0] == "event: problem" and "unknown node" in event[1] and f"{path}:" in event[1]
    path.write_text(TEA, encoding="utf-8")
    p.rebuild()
    assert next_event() == ["event: update", 'data: {"version": 3, "url": "/map?v=3"}']
    conn.close()


@pytest.mark.parametrize("how", ["watchfiles", "polling"])
def test_watching_sees_a_save(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if how == "polling":
        monkeypatch.setitem(sys.modules, "watchfiles", None)  # as if the serve extra were not installed
    else:
        pytest.importorskip("watchfiles", reason="the serve extra is not installed; polling is tested instead")
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    p = Preview(str(path), engine="embedded")
    p.rebuild()
    reports: list[str] = []
    thread = threading.Thread(target=p.watch, args=(reports.append,), daemon=True)
    thread.start()
    try:
        for attempt in range(40):  # the watcher may start after the first write: write until it sees one
            path.write_text(TEA + f"// save {attempt}\n  - claim more{attempt}: More.\n", encoding="utf-8")
            if p.wait(1, 0.5) > 1:
                break
        assert p.version > 1 and "more" in p.fragment()
    finally:
        p.stop()
        thread.join(5)
    assert not thread.is_alive()


@pytest.mark.slow
def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "tea.argmap"
    path.write_text(TEA, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(path), "--port", "0", "--engine",
                             "embedded"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        port = int(url.rsplit(":", 1)[1].strip("/"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/events", headers={"Host": f"127.0.0.1:{port}"})
        assert conn.getresponse().status == 200  # an open event stream must not hold the server up
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert "argmap: stopped" in err and "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_refuses_stdin_and_bad_ports() -> None:
    from argmap.cli import main

    assert main(["serve", "-"]) == 2
    assert main(["serve", "x.argmap", "--port", "70000"]) == 2
