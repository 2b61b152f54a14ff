"""Reading and writing files safely: regular files only, bounded reads, atomic writes, and
never over an existing file unless asked (and never over anything but a regular file)."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path, PosixPath

from outsource_cli.errors import UsageError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

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


class FolderName(PosixPath):
    """An output path given with a trailing slash (``--output reports/``): it names a folder,
    so it is never written as a file (pathlib would drop the slash)."""


def output_path(raw: str) -> Path:
    """How every output option's value is read: as a path that remembers a trailing slash."""
    return FolderName(raw) if raw.endswith(("/", os.sep)) else Path(raw)


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


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_outputs(
    outputs: Mapping[str, Path | None], *, force: bool, inputs: Iterable[Path] = ()
) -> None:
    """The one rule for every file this tool writes (``--output``, ``--save-answers``,
    ``--sarif-output``, ``--json-output``), checked before any work: a :class:`UsageError`
    naming the path when it breaks it.

    - never over anything but a regular file: a directory (or a name ending in ``/``), a
      FIFO, a device or a socket is refused, even with --force;
    - never over an input of the same run (a file it reads, or another output of the same
      run), even with --force;
    - never over an existing file or link (a link to nothing too) without --force;
    - the folder must exist and be writable.

    ``outputs`` maps each option's name to its value (None: not given); ``inputs`` are the
    files the run reads.
    """
    given = [(option, path) for option, path in outputs.items() if path is not None]
    read: list[tuple[os.stat_result, Path]] = []
    for p in inputs:
        with contextlib.suppress(OSError):
            read.append((os.stat(p), p))
    seen: list[tuple[os.stat_result | None, str, Path]] = []
    for option, path in given:
        if isinstance(path, FolderName):
            raise UsageError(f"{path}/: ends with /, so it names a directory; give a file name")
        _refuse_special(path)
        try:
            st: os.stat_result | None = os.stat(path)
        except OSError:
            st = None
        if st is not None:
            for other, source in read:
                if _same_file(st, other):
                    also = "" if str(source) == str(path) else f" ({source})"
                    raise UsageError(
                        f"{path}: is an input of this command{also}; {option} never "
                        "replaces one, even with --force: give another file name"
                    )
        for other_st, other_option, other_path in seen:
            if (st is not None and other_st is not None and _same_file(st, other_st)) or (
                os.path.abspath(path) == os.path.abspath(other_path)
            ):
                raise UsageError(
                    f"{path}: given to both {other_option} and {option}; give each its own file"
                )
        seen.append((st, option, path))
        if os.path.islink(path) and st is None and not force:
            raise UsageError(
                f"{path}: is a symbolic link to nothing ({os.readlink(path)}); "
                "pass --force to replace the link"
            )
        if st is not None and not force:
            raise UsageError(f"{path}: already exists; pass --force to overwrite it")
        parent = _parent(path)
        if not parent.is_dir():
            raise UsageError(f"{path}: folder {parent} does not exist")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UsageError(f"{path}: folder {parent} is not writable")


def check_writable(path: Path, *, force: bool, option: str = "--output") -> None:
    """:func:`check_outputs` for one file that is not read by the run."""
    check_outputs({option: path}, force=force)


def _new_temp(parent: Path, name: str) -> tuple[str, int]:
    """A new, empty temporary file ``.NAME.RANDOM.tmp`` in ``parent``, created with mode 0666
    so that the process's umask applies (as for any file a Unix tool writes)."""
    for _ in range(100):
        tmp = os.path.join(parent, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name")  # pragma: no cover


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: all or nothing.

    The file gets the mode of the regular file it replaces, else the usual one for a new file
    (0666 less the umask). A failure at any point (a missing or read-only folder, a full disk,
    an existing file that is not a regular file) leaves the old file as it was, leaves no
    temporary file behind, and is a :class:`UsageError` naming ``path``.
    """
    _refuse_special(path)
    parent = _parent(path)
    if not parent.is_dir():
        raise UsageError(f"{path}: cannot be written: folder {parent} does not exist")
    data = text.encode("utf-8")
    try:
        old = os.lstat(path)
        mode = stat.S_IMODE(old.st_mode) & 0o777 if stat.S_ISREG(old.st_mode) else None
    except OSError:
        mode = None
    tmp: str | None = None
    try:
        tmp, fd = _new_temp(parent, path.name)
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
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
