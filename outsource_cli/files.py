"""Reading and writing files safely: regular files only, bounded reads, atomic writes, and
never over an existing file unless asked (and never over anything but a regular file)."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from pathlib import Path

from outsource_cli.errors import UsageError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class NotReadable(Exception):
    """A file that is refused before or while reading it; ``reason`` says why, plainly."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a named pipe (FIFO)", ...)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    A FIFO, device, socket or directory is refused without blocking (the file is opened
    non-blocking and checked with ``fstat`` on the open descriptor), and at most ``limit`` + 1
    bytes are ever read, even from a file that grows. ``OSError`` for a file that cannot be
    opened; :class:`NotReadable` for one that is refused.
    """
    st = os.stat(path)  # a socket cannot be opened at all: say what it is first
    if not stat.S_ISREG(st.st_mode):
        raise NotReadable(f"is {kind(st.st_mode)}, not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)  # the file actually opened, whatever the path points at now
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"is {kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise NotReadable(f"is {st.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise NotReadable(f"is more than {limit:,} bytes; the limit is {limit:,}")
    return data


def _parent(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _refuse_special(path: Path) -> None:
    """A :class:`UsageError` when ``path`` exists and is not a regular file (or a symlink to
    one): such a file is never replaced, even with --force."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{path}: is a directory; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(
            f"{path}: is {kind(st.st_mode)}, not a regular file; refusing to replace it"
        )


def check_writable(path: Path, *, force: bool) -> None:
    """Fail early (before any work) when ``path`` cannot or should not be written."""
    _refuse_special(path)
    if path.exists() and not force:
        raise UsageError(f"{path}: already exists; pass --force to overwrite it")
    parent = _parent(path)
    if not parent.is_dir():
        raise UsageError(f"{path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{path}: folder {parent} is not writable")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: all or nothing.

    Every failure (a missing or read-only folder, a full disk, an existing file that is not a
    regular file) is a :class:`UsageError` naming ``path``.
    """
    _refuse_special(path)
    parent = _parent(path)
    if not parent.is_dir():
        raise UsageError(f"{path}: cannot be written: folder {parent} does not exist")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        _refuse_special(path)  # it may have appeared while writing
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def leftover_temps(path: Path) -> list[Path]:
    """Temporary files of an interrupted :func:`write_atomic` to ``path`` (``.NAME.*.tmp``
    next to it): regular files owned by this user only, newest first."""
    found: list[tuple[int, Path]] = []
    with contextlib.suppress(OSError):
        for p in _parent(path).glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                st = os.lstat(p)
                if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid():
                    found.append((st.st_mtime_ns, p))
    return [p for _, p in sorted(found, key=lambda t: t[0], reverse=True)]
