"""Writing files so that a reader never sees a half-written one."""

from __future__ import annotations

import os
import tempfile

from argmap.errors import ArgmapSyntaxError


def read_utf8(path: str | os.PathLike[str]) -> str:
    """The text of a UTF-8 file; bytes that are not UTF-8 are a located syntax error.

    Raises :class:`OSError` when the file cannot be read.
    """
    with open(path, "rb") as file:
        data = file.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ArgmapSyntaxError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x})",
            source=os.fspath(path), line=line, column=column,
            hint="save the file as UTF-8 in your editor", code="encoding",
        ) from None


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder.

    The temporary file is renamed over *path* only once it is complete, so
    an interrupted write leaves the old file (or no file) in place.
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.path.exists(target):
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
