"""``argmap serve``: a live preview of a map in the browser.

:class:`Preview` serves the interactive page of :mod:`argmap.interactive`
on 127.0.0.1 only, from the standard library's
:class:`~http.server.ThreadingHTTPServer`, and follows the file: each save
is read, checked and drawn again, and the open pages are told through
server-sent events (``/events``).  A page then fetches the new drawing
(``/map``) and swaps it in, keeping its zoom, selection, collapsed nodes
and search.  A save with a mistake keeps the last good map on the page and
shows the errors, each with ``file:line:col``.

Watching uses ``watchfiles`` (the ``serve`` extra: ``pip install
'argmap[serve]'``), which the operating system tells of changes; without
it, the file is polled every :data:`POLL_INTERVAL` seconds.

The server answers only ``GET`` on ``/``, ``/events`` and ``/map``, serves
no file from disk, and refuses a request whose ``Host`` is not the
loopback address it listens on (a web page cannot reach it by renaming
its own host to 127.0.0.1).
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import threading
import urllib.parse
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import argmap
from argmap._io import decode_utf8
from argmap.checks import _errors
from argmap.drawing.options import RenderOptions, RenderWarning
from argmap.interactive import to_html
from argmap.model import ArgumentMap

__all__ = ["Preview", "POLL_INTERVAL", "KEEPALIVE"]

#: Seconds between looks at the file when watchfiles is not installed.
POLL_INTERVAL = 0.25
#: Seconds between the comments that keep an idle event stream open.
KEEPALIVE = 15.0
_INSTANCE = "live"


class Preview:
    """The live preview of the map in *path*: build, watch, serve.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "tea.argmap")
    >>> with open(path, "w") as f:
    ...     _ = f.write("thesis t: Tea is good.\\n")
    >>> p = Preview(path, engine="embedded")
    >>> p.rebuild()
    True
    >>> p.version, p.problem is None, 'data-id="t"' in p.fragment()
    (1, True, True)
    """

    def __init__(self, path: str, options: RenderOptions | None = None, engine: str = "auto") -> None:
        self.path = path
        self.options = options
        self.engine = engine
        self.version = 0
        self.map: ArgumentMap = ArgumentMap(source=path)
        self.problem: str | None = None
        self.warnings: list[str] = []
        self._digest: bytes | None = None
        self._pages: dict[tuple[int, bool], str] = {}
        self._changed = threading.Condition()
        self.stopping = threading.Event()

    # -- building -------------------------------------------------------------------------

    def rebuild(self) -> bool:
        """Read, check and draw the file again if its bytes changed; True if something changed.

        A map with errors keeps the last good one and sets :attr:`problem`
        to the errors, one ``file:line:col: error: ...`` each.
        """
        try:
            with open(self.path, "rb") as file:
                data = file.read()
        except OSError as exc:
            return self._fail(f"{self.path}: error: cannot read: {exc.strerror or exc}")
        digest = hashlib.sha256(data).digest()
        if digest == self._digest:
            return False
        self._digest = digest
        try:  # the bytes just read and hashed: a save between two reads cannot mix them
            m = argmap.parse(decode_utf8(data, self.path), source=os.fspath(self.path))
        except argmap.ArgmapError as exc:
            return self._fail(str(exc))
        errors = _errors(m)  # what argmap render refuses (the warnings are not shown here)
        if errors:
            return self._fail("\n".join(d.format(m.source, m.text) for d in errors))
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RenderWarning)
                fragment = to_html(m, self.options, engine=self.engine, standalone=False, instance=_INSTANCE)
        except argmap.ArgmapError as exc:
            return self._fail(f"{self.path}: error: {exc}")
        with self._changed:
            self.map = m
            self.problem = None
            self.warnings = [f"{self.path}: warning: {w.message}" for w in caught]
            self.version += 1
            self._pages = {(self.version, False): fragment}
            self._changed.notify_all()
        return True

    def _fail(self, text: str) -> bool:
        with self._changed:
            self.problem = text
            self.version += 1
            self._changed.notify_all()
        return True

    def fragment(self) -> str:
        """The drawing of the last good map as a page fragment (what ``/map`` serves)."""
        return self._page(False)

    def page(self) -> str:
        """The whole page of the last good map, following ``/events`` (what ``/`` serves)."""
        return self._page(True)

    def _page(self, whole: bool) -> str:
        with self._changed:
            key = (self.version, whole)
            cached = self._pages.get(key)
            m = self.map
        if cached is not None:
            return cached
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RenderWarning)
            text = to_html(m, self.options, engine=self.engine, standalone=whole, instance=_INSTANCE,
                           live=f"/events?since={key[0]}" if whole else None)
        with self._changed:
            if key[0] == self.version:
                self._pages[key] = text
        return text

    # -- watching -------------------------------------------------------------------------

    def changes(self) -> Iterator[None]:
        """Yield after each change to the file's folder (watchfiles) or the file (polling), until stopped."""
        try:
            import watchfiles
        except ImportError:
            yield from self._poll()
            return
        folder = os.path.dirname(os.path.abspath(self.path)) or "."
        for _ in watchfiles.watch(folder, stop_event=self.stopping, debounce=80, step=40,
                                  rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
            yield None

    def _poll(self) -> Iterator[None]:
        last: tuple[int, int] | None = None
        while not self.stopping.wait(POLL_INTERVAL):
            try:
                st = os.stat(self.path)
                stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            if stamp != last:
                last = stamp
                yield None

    def watch(self, report: Callable[[str], None]) -> None:
        """Rebuild on every change, reporting each result with *report*, until :meth:`stop`."""
        for _ in self.changes():
            if self.stopping.is_set():
                break
            if self.rebuild():
                report(self.status())

    def status(self) -> str:
        """One line (or the errors) saying what the last rebuild gave."""
        if self.problem is not None:
            return f"{self.problem}\nargmap: kept the last good map; waiting for changes"
        lines = [*self.warnings, f"argmap: updated {self.path} ({len(self.map.statements)} statements)"]
        return "\n".join(lines)

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version passes *seen*, :meth:`stop` is called, or *timeout*; return the version."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.stopping.is_set(), timeout)
            return self.version

    def stop(self) -> None:
        self.stopping.set()
        with self._changed:
            self._changed.notify_all()

    # -- serving --------------------------------------------------------------------------

    def server(self, port: int = 0) -> http.server.ThreadingHTTPServer:
        """An HTTP server for this preview on 127.0.0.1:*port* (0: a free port), not yet serving."""
        preview = self

        class Handler(_Handler):
            pass

        Handler.preview = preview
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        return server


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    server_version = "argmap"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal is for the map's news
        pass

    def _host_ok(self) -> bool:
        port: int = getattr(self.server, "server_port", 0)
        host = (self.headers.get("Host") or "").lower()
        return host in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self._host_ok():
            self._send(403, b"argmap serve answers only at 127.0.0.1 or localhost\n", "text/plain; charset=utf-8")
            return
        path = self.path.split("?", 1)[0]
        preview = self.preview
        if path == "/":
            self._send(200, preview.page().encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/map":
            self._send(200, preview.fragment().encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/events":
            self._events()
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _events(self) -> None:
        preview = self.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        since = query.get("since", [""])[0]
        seen = int(since) if since.isdigit() else -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            if preview.version != seen or preview.problem is not None:
                # What happened since the page was served (or, on a reconnect, the state now).
                seen = preview.version
                self._event(seen)
            self.wfile.flush()
            while not preview.stopping.is_set():
                now = preview.wait(seen, KEEPALIVE)
                if preview.stopping.is_set():
                    break
                if now == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = now
                    self._event(now)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def _event(self, version: int) -> None:
        preview = self.preview
        if preview.problem is not None:
            name, payload = "problem", {"version": version, "text": preview.problem}
        else:
            name, payload = "update", {"version": version, "url": f"/map?v={version}"}
        data = json.dumps(payload, ensure_ascii=True)
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode("ascii"))


def run(path: str, port: int, options: RenderOptions | None, engine: str, out: TextIO, err: TextIO,
        open_browser: bool = False) -> int:
    """Serve the preview of *path* until Ctrl-C; the ``argmap serve`` command."""
    preview = Preview(path, options, engine)
    preview.rebuild()
    if preview.problem is not None:
        print(preview.status(), file=err)
    for line in preview.warnings:
        print(line, file=err)
    try:
        server = preview.server(port)
    except OSError as exc:
        print(f"argmap serve: error: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", file=err)
        return 1
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        import watchfiles  # noqa: F401

        how = "watching it with watchfiles"
    except ImportError:
        how = f"polling it every {POLL_INTERVAL:g} s (pip install 'argmap[serve]' to watch with watchfiles)"
    print(url, file=out, flush=True)
    print(f"argmap: serving {path} at {url}, {how}; Ctrl-C stops", file=err, flush=True)

    def report(text: str) -> None:
        print(text, file=err, flush=True)

    watcher = threading.Thread(target=preview.watch, args=(report,), name="argmap-watch", daemon=True)
    watcher.start()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        server.server_close()
        watcher.join(timeout=2)
    print("argmap: stopped", file=err, flush=True)
    return 0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
