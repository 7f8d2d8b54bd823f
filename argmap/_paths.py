"""Where argmap keeps what it can rebuild: compiled engine, built parser."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir() -> Path | None:
    """Where argmap keeps the compiled embedded engine, or None for nowhere.

    ``$ARGMAP_CACHE_DIR`` if set (empty: keep nothing), else the platform's
    user cache folder: ``$XDG_CACHE_HOME/argmap`` or ``~/.cache/argmap`` on
    Linux, ``~/Library/Caches/argmap`` on macOS, ``%LOCALAPPDATA%\\argmap\\Cache``
    on Windows.
    """
    env = os.environ.get("ARGMAP_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "argmap" / "Cache" if local else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "argmap"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "argmap" if xdg and os.path.isabs(xdg) else Path.home() / ".cache" / "argmap"
