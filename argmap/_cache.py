"""Files argmap keeps between runs (the built parser, the compiled engine), read only if trusted.

A cache file is used only when nobody but the current user could have
written it: the cache folder and the file are owned by the effective user
and writable by neither group nor others, and the file is a regular file
(opened without following a link, and without waiting on a FIFO) no larger
than a bound.  Anything else is ignored with a debug message on the
``argmap.cache`` logger, and the caller builds what it needs in memory.
Writes go to a new private file (mode 0600) renamed into place, so a reader
never sees half a file.

The parser is kept as JSON data (Lark's own cache is a pickle, which runs
code when read); see :func:`lark_parser`.  docs/security.md gives the trust
model.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from typing import Any

from argmap._io import _signals_end_cleanly
from argmap._paths import cache_folder

__all__ = ["read", "write", "lark_parser", "PARSER_LIMIT"]

_log = logging.getLogger("argmap.cache")

#: The largest parser cache file read (the file is about 45 KB).
PARSER_LIMIT = 1 << 20

# os.replace takes dir_fd wherever os.rename does (both are renameat), though only rename is listed.
_DIR_FD = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
_OWNED = hasattr(os, "geteuid")  # POSIX: ownership and modes can be checked


def _trusted(st: os.stat_result, what: str, where: str) -> bool:
    """Whether *st* could only have been written by the current user; logs why not."""
    if _OWNED and st.st_uid != os.geteuid():
        _log.debug("cache ignored: %s %s belongs to uid %d, not to uid %d", what, where, st.st_uid, os.geteuid())
        return False
    if _OWNED and st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        _log.debug("cache ignored: %s %s is writable by group or others (mode %o); "
                   "'chmod go-w' it if only you can write there", what, where, stat.S_IMODE(st.st_mode))
        return False
    return True


@contextlib.contextmanager
def _folder(create: bool) -> Iterator[tuple[str, int | None] | None]:
    """The trusted cache folder as (path, open descriptor or None), or None when there is none to use."""
    path = cache_folder()
    if path is None:
        yield None
        return
    if create:
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
        except OSError as exc:
            _log.debug("cache not kept: cannot create %s: %s", path, exc)
            yield None
            return
    if not _DIR_FD:  # Windows: no descriptor for a folder (there, its ACLs keep a user's folder private)
        try:
            st = os.stat(path)
        except OSError:
            yield None
            return
        yield (path, None) if stat.S_ISDIR(st.st_mode) and _trusted(st, "folder", path) else None
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if create:
            _log.debug("cache not used: cannot open %s: %s", path, exc)
        yield None
        return
    try:
        st = os.fstat(fd)
        # The descriptor, not the name: the folder checked is the folder used.
        yield (path, fd) if stat.S_ISDIR(st.st_mode) and _trusted(st, "folder", path) else None
    finally:
        os.close(fd)


def read(name: str, limit: int) -> bytes | None:
    """The bytes of the cache file *name*, or None if it is missing, untrusted or larger than *limit*."""
    with _folder(create=False) as folder:
        if folder is None:
            return None
        path, dir_fd = folder
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        where = os.path.join(path, name)
        try:
            fd = os.open(name, flags, dir_fd=dir_fd) if dir_fd is not None else os.open(where, flags)
        except FileNotFoundError:
            return None
        except OSError as exc:  # ELOOP: a symbolic link
            _log.debug("cache ignored: cannot open %s: %s", where, exc)
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                _log.debug("cache ignored: %s is not a regular file", where)
                return None
            if not _trusted(st, "file", where):
                return None
            if st.st_size > limit:
                _log.debug("cache ignored: %s has %d bytes, more than %d", where, st.st_size, limit)
                return None
            chunks = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            data = b"".join(chunks)
            if len(data) > limit:  # grew since fstat
                _log.debug("cache ignored: %s grew beyond %d bytes", where, limit)
                return None
            return data
        except OSError as exc:
            _log.debug("cache ignored: cannot read %s: %s", where, exc)
            return None
        finally:
            os.close(fd)


def write(name: str, data: bytes) -> None:
    """Keep *data* as the cache file *name* (mode 0600), if there is a trusted folder; never fails."""
    with _folder(create=True) as folder:
        if folder is None:
            return
        import secrets

        path, dir_fd = folder
        tmp = f".{name}.{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

        def at(n: str) -> str:
            return n if dir_fd is not None else os.path.join(path, n)

        with _signals_end_cleanly():  # SIGTERM, SIGHUP: the temporary file is removed first
            try:
                fd = os.open(at(tmp), flags, 0o600, dir_fd=dir_fd)
            except OSError as exc:
                _log.debug("cache not kept: cannot write in %s: %s", path, exc)
                return
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(at(tmp), at(name), src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except BaseException as exc:
                with contextlib.suppress(OSError):
                    os.unlink(at(tmp), dir_fd=dir_fd)
                if not isinstance(exc, OSError):
                    raise
                _log.debug("cache not kept: cannot write %s: %s", os.path.join(path, name), exc)


# -- the parser, as data ------------------------------------------------

#: Bump when the encoding below changes.
_PARSER_FORMAT = 1
_TAG = b"argmap-parser-cache"


def _encode(value: Any) -> Any:
    """*value* (Lark's serialized parser: dicts, lists, tuples, scalars) as JSON that keeps the types."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"t": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep a {type(value).__name__} in the parser cache")


def _decode(obj: dict[str, Any]) -> Any:
    """The ``object_hook`` that undoes :func:`_encode` (JSON's decoder calls it innermost first)."""
    return tuple(obj["t"]) if "t" in obj else dict(obj["d"])


def lark_parser(grammar: str, build: Callable[[str], Any], **load_options: Any) -> Any:
    """The Lark LALR parser of *grammar*: from the cache when a trusted copy is there, else ``build(grammar)``.

    The cache holds ``Lark.memo_serialize`` as JSON (no pickle, so reading
    it runs no code) and is loaded with ``Lark._load_from_dict`` and
    *load_options* (``postlex``, ``_plugins``: what is not data).  Both are
    Lark internals: any failure to use them (another Lark, a damaged file)
    falls back to *build*, and the cache is rewritten when it can be.
    """
    import lark

    digest = hashlib.sha256(f"{_PARSER_FORMAT}\x00{lark.__version__}\x00{grammar}".encode()).hexdigest()
    name = f"parser-{digest[:16]}.json"
    data = read(name, PARSER_LIMIT)
    if data is not None:
        header, _, payload = data.partition(b"\n")
        if header == _TAG + b" " + hashlib.sha256(payload).hexdigest().encode():
            try:
                parser_data, memo = json.loads(payload, object_hook=_decode)
                return lark.Lark._load_from_dict(parser_data, memo, **load_options)  # type: ignore[no-untyped-call]
            # Lark internals, read from a file: any failure means "build it".
            except Exception as exc:
                _log.debug("cache ignored: the parser in %s could not be loaded: %r", name, exc)
        else:
            _log.debug("cache ignored: %s fails its checksum", name)
    parser = build(grammar)
    try:
        from lark.grammar import Rule
        from lark.lexer import TerminalDef

        parser_data, memo = parser.memo_serialize([TerminalDef, Rule])
        parser_data["options"] = {k: v for k, v in parser_data["options"].items()
                                  if k not in lark.lark._LOAD_ALLOWED_OPTIONS}
        kept = (parser_data, memo)
        payload = json.dumps(_encode(kept), separators=(",", ":")).encode()
        if json.loads(payload, object_hook=_decode) != kept:
            raise TypeError("the parser does not survive JSON")
    except Exception as exc:  # Lark internals changed: no cache, the parser still works
        _log.debug("cache not kept: the parser cannot be written as data: %r", exc)
        return parser
    write(name, _TAG + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    return parser
