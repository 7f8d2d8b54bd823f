"""Reading map files, and writing files so that a reader never sees a half-written one."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator

from argmap.errors import ArgmapSyntaxError


def read_utf8(path: str | os.PathLike[str]) -> str:
    """The text of a UTF-8 file; bytes that are not UTF-8 are a located syntax error.

    Raises :class:`OSError` when the file cannot be read.
    """
    with open(path, "rb") as file:
        return decode_utf8(file.read(), path)


def decode_utf8(data: bytes, path: str | os.PathLike[str]) -> str:
    """*data*, read from *path*, as text; bytes that are not UTF-8 are a located syntax error."""
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
    """Write *data* to *path* so that nothing is half-written or wrongly replaced.

    A regular file (or a missing one) is written to a temporary file in its
    folder, which is renamed over it only once complete; it keeps its
    permissions (and, when root writes, its owner).  A symbolic link is
    followed: the file it points to is rewritten and the link stays.  A
    device or a FIFO (or a link to one) is written in place, never
    replaced (a FIFO waits for its reader, as with ``cat > fifo``).

    Refused with :class:`OSError` (nothing written): a socket or a folder;
    a file with more than one hard link (replacing it would cut the
    links, writing it in place could leave it half-written); a read-only
    file (no write permission for the user; none at all, for root).

    An interrupted write (an exception, Ctrl-C, SIGTERM or SIGHUP) removes
    its temporary file, leaves the old file as it was, and then lets the
    signal end the process as it would have.
    """
    target = os.fspath(path)
    try:
        st: os.stat_result | None = os.stat(target)  # through links: what they point to
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(target, st, data)
        return
    if os.path.islink(target):
        target = os.path.realpath(target)
    if st is not None:
        _check_replaceable(target, st)
    folder, name = os.path.split(target)
    with _signals_end_cleanly():
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if st is not None:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
                if hasattr(os, "geteuid") and os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
                    with contextlib.suppress(OSError):
                        os.chown(tmp, st.st_uid, st.st_gid)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


def _write_in_place(target: str, st: os.stat_result, data: bytes) -> None:
    """Write *data* into the device or FIFO *target*; refuse a socket or a folder."""
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", target)
    if stat.S_ISSOCK(st.st_mode):
        raise OSError(errno.EINVAL, "it is a socket; write to a file, a FIFO or a device", target)
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags)  # no O_CREAT, no O_TRUNC: the special file stays what it is
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _check_replaceable(target: str, st: os.stat_result) -> None:
    """Refuse to replace a hard-linked or read-only regular file."""
    if st.st_nlink > 1:
        raise OSError(
            errno.EMLINK,
            f"it has {st.st_nlink} hard links, which replacing it would cut (and writing it in place "
            "could leave it half-written); write to another file",
            target,
        )
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not st.st_mode & 0o222 or (not root and not os.access(target, os.W_OK)):
        raise PermissionError(
            errno.EACCES,
            f"it is read-only (mode {stat.S_IMODE(st.st_mode):o}); make it writable (chmod u+w) "
            "for argmap to rewrite it",
            target,
        )


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived during a write (see :func:`_signals_end_cleanly`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_end_cleanly() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception for the time of a write, then die of them.

    Only where their action is the default (ending the process) and in the
    main thread (where Python runs signal handlers): the write's own
    ``except`` removes its temporary file, then the signal is raised again
    with its default action.  Ctrl-C already arrives as
    :class:`KeyboardInterrupt`.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def handler(signum: int, frame: object) -> None:
        caught.append(signum)
        raise _Signalled(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    except _Signalled:
        pass
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
    if caught:
        os.kill(os.getpid(), caught[0])  # now with the default action: the process ends as it would have
