"""A small Language Server Protocol client that drives ``argmap lsp`` as an editor does.

It starts the server as a subprocess, speaks JSON-RPC over its stdin and
stdout with ``Content-Length`` framing, answers the server's own requests,
and keeps every notification it receives. Used by tests/test_lsp.py and
tests/benchmarks/bench_lsp.py.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Client:
    def __init__(self, *, encodings: list[str] | None = None, debounce: float | None = None,
                 command: list[str] | None = None, text_document: dict[str, Any] | None = None) -> None:
        """Start the server: ``argmap lsp``, or *command* (a program that serves on stdio).

        *text_document*: capabilities added to those of ``textDocument`` the client declares.
        """
        env = {**os.environ}
        if debounce is not None:
            env["ARGMAP_LSP_DEBOUNCE"] = str(debounce)
        command = command or [sys.executable, "-m", "argmap", "lsp"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        self._ids = itertools.count(1)
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.notifications: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        general: dict[str, Any] = {"positionEncodings": encodings} if encodings else {}
        self.initialize_result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": ROOT.as_uri(),
            "capabilities": {
                "general": general,
                "textDocument": {
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                    "publishDiagnostics": {"versionSupport": True},
                    "rename": {"prepareSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
                    **(text_document or {}),
                },
            },
        })
        self.notify("initialized", {})
        self.versions: dict[str, int] = {}

    # -- wire ----------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self._lock:
            assert self.process.stdin is not None
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = None
            while True:
                header = out.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:  # a request from the server
                self._send({"id": message["id"], "result": None})
            elif "id" in message:
                self._responses.setdefault(message["id"], queue.Queue()).put(message)
            else:
                self.notifications.put((time.perf_counter(), message))

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        """The result of a request; raises RuntimeError with the server's message on an error."""
        number = next(self._ids)
        box = self._responses.setdefault(number, queue.Queue())
        self._send({"id": number, "method": method, "params": params})
        message = box.get(timeout=timeout)
        del self._responses[number]
        if "error" in message:
            raise RuntimeError(message["error"]["message"])
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # -- documents ------------------------------------------------------------

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "argmap", "version": 1,
                                                              "text": text}})

    def change(self, uri: str, text: str | None = None, *, range_: dict[str, Any] | None = None,
               new_text: str = "") -> int:
        """Send a change (the whole text, or *new_text* for *range_*); return the new version."""
        self.versions[uri] += 1
        change: dict[str, Any] = {"text": text} if range_ is None else {"range": range_, "text": new_text}
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]},
                                               "contentChanges": [change]})
        return self.versions[uri]

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> list[dict[str, Any]]:
        """The next diagnostics published for *uri* (for *version*, if given)."""
        deadline = time.monotonic() + timeout
        while True:
            _, message = self.notifications.get(timeout=max(deadline - time.monotonic(), 0.01))
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == uri and (version is None or params.get("version") == version):
                return list(params["diagnostics"])

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
