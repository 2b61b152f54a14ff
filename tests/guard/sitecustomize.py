"""Loaded at start-up by every Python process the tests start (the session puts this folder
first on PYTHONPATH; see ``tests/conftest.py``): an audit hook notes any write, rename,
removal or new folder below the user's own folders of this tool (OUTSOURCE_TEST_FORBIDDEN,
separated by os.pathsep) in the file OUTSOURCE_TEST_GUARD_LOG, one line each.

So the check that the tests never touch those folders looks at what the tests' own
processes do, not at the folders: another program (or another session of the same user)
writing there while the tests run is not the tests' doing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

# event -> the positions of its path arguments, and of the dir_fd each is relative to
_PATHS: dict[str, tuple[tuple[int, int | None], ...]] = {
    "open": ((0, None),),  # (path, mode, flags); only when writing
    "os.rename": ((0, 2), (1, 3)),  # (src, dst, src_dir_fd, dst_dir_fd)
    "os.replace": ((0, 2), (1, 3)),
    "os.link": ((0, 2), (1, 3)),
    "os.symlink": ((1, 2),),  # (src, dst, dir_fd): the link made
    "os.remove": ((0, 1),),  # (path, dir_fd): unlink too
    "os.rmdir": ((0, 1),),
    "os.mkdir": ((0, 2),),  # (path, mode, dir_fd)
    "os.truncate": ((0, None),),
    "os.chmod": ((0, 2),),  # (path, mode, dir_fd)
    "os.chown": ((0, 3),),  # (path, uid, gid, dir_fd)
    "os.utime": ((0, 3),),  # (path, times, ns, dir_fd)
    "shutil.rmtree": ((0, 1),),  # (path, dir_fd)
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _writes(args: tuple[Any, ...]) -> bool:
    mode, flags = (*args, None, None)[1:3]
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _where(path: Any, dir_fd: Any) -> str | None:
    """The absolute path ``path`` names (relative to ``dir_fd`` or the working folder)."""
    if isinstance(path, int) or path is None:
        return None  # a file descriptor: opened (and checked) by name before
    try:
        text = os.fsdecode(os.fspath(path))
        if not os.path.isabs(text):
            base = os.readlink(f"/proc/self/fd/{dir_fd}") if isinstance(dir_fd, int) else None
            text = os.path.join(base or os.getcwd(), text)
        return os.path.realpath(text)
    except (OSError, TypeError, ValueError):
        return None


def install(forbidden: Sequence[str], report: Callable[[str], None]) -> Callable[[], None]:
    """Report every change below ``forbidden`` made by this process from now on; the result
    stops the reporting (an audit hook cannot be removed)."""
    folders = [os.path.realpath(f) for f in forbidden if f]
    state = {"on": True, "busy": False}

    def hook(event: str, args: tuple[Any, ...]) -> None:
        spots = _PATHS.get(event)
        if spots is None or not state["on"] or state["busy"]:
            return
        if event == "open" and not _writes(args):
            return
        state["busy"] = True
        try:
            for at, fd_at in spots:
                where = _where(
                    args[at] if at < len(args) else None,
                    args[fd_at] if fd_at is not None and fd_at < len(args) else None,
                )
                if where is not None and any(
                    where == f or where.startswith(f + os.sep) for f in folders
                ):
                    report(f"{event} {where} (pid {os.getpid()}: {' '.join(sys.argv)})")
        finally:
            state["busy"] = False

    sys.addaudithook(hook)

    def stop() -> None:
        state["on"] = False

    return stop


def _from_environment() -> None:
    forbidden = os.environ.get("OUTSOURCE_TEST_FORBIDDEN")
    log = os.environ.get("OUTSOURCE_TEST_GUARD_LOG")
    if not forbidden or not log:
        return

    def report(line: str) -> None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    install(forbidden.split(os.pathsep), report)


_from_environment()
