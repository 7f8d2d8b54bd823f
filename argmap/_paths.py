"""Where argmap keeps what it can rebuild: compiled engine, built parser."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["cache_dir", "cache_folder"]


def cache_dir() -> Path | None:
    """Where argmap keeps the compiled embedded engine, or None for nowhere.

    ``$ARGMAP_CACHE_DIR`` if set (empty: keep nothing), else the platform's
    user cache folder: ``$XDG_CACHE_HOME/argmap`` or ``~/.cache/argmap`` on
    Linux, ``~/Library/Caches/argmap`` on macOS, ``%LOCALAPPDATA%\\argmap\\Cache``
    on Windows.
    """
    from pathlib import Path

    folder = cache_folder()
    return Path(folder) if folder is not None else None


def cache_folder() -> str | None:
    """:func:`cache_dir` as a string (the parser's start-up does without :mod:`pathlib`)."""
    env = os.environ.get("ARGMAP_CACHE_DIR")
    if env is not None:
        return env or None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return os.path.join(local, "argmap", "Cache") if local else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if sys.platform != "darwin" and xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "argmap")
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no home folder to be found: keep nothing
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "argmap")
    return os.path.join(home, ".cache", "argmap")
