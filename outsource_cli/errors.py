"""The exception hierarchy of the core, and the exit code each one maps to; and Ctrl-C, never
lost.

The core raises these; only the shell (``commands/common.py``) turns them into a message and an exit code.
"""

from __future__ import annotations

from typing import NamedTuple, NoReturn

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141  # what a shell shows for a program stopped by SIGPIPE (128 + 13)


class Problem(NamedTuple):
    """One thing wrong with an input file, at a place a person can go to."""

    path: str
    line: int  # 1-based; 0 when the file has no line (unreadable, empty)
    col: int  # 1-based; 0 when unknown
    message: str
    code: str = ""

    def __str__(self) -> str:
        path = one_line_path(self.path)
        where = f"{path}:{self.line}:{self.col or 1}" if self.line else path
        return f"{where}: {self.code} {self.message}" if self.code else f"{where}: {self.message}"


def one_line_path(path: object) -> str:
    """A file name in a one-line message: a line break in it written as ``\\n`` (the rest
    is neutralised with the message, by ``text.clean``)."""
    return str(path).replace("\n", "\\n").replace("\r", "\\r")


class OutsourceError(Exception):
    """Base of every error a user can cause. Never shown with a traceback."""

    exit_code = EXIT_BAD_INPUT


class UsageError(OutsourceError):
    """The command line itself is wrong (a bad option value, a missing terminal)."""


class InputError(OutsourceError):
    """One or more problems in input files, all reported together."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = sorted([problems] if isinstance(problems, Problem) else problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScaleError(OutsourceError):
    """A number the business case cannot use (outside its input's scale): a question set
    that escaped the format's checks (exit 2, never an overflow or a division by zero)."""


class Interrupted(OutsourceError):
    """The user pressed Ctrl-C during an interview."""

    exit_code = EXIT_INTERRUPTED


# Ctrl-C in a command's body raises KeyboardInterrupt (the command cleans up and ends with
# EXIT_INTERRUPTED), and is noted here as well: Python swallows a KeyboardInterrupt raised inside
# a finalizer that the garbage collector happens to run (it only prints "Exception ignored"),
# and a command would then wait at its next prompt. Each prompt calls after_ctrl_c() first.
_ctrl_c_seen = False


def ctrl_c(signum: int, frame: object) -> NoReturn:
    """The SIGINT handler of a command's body: KeyboardInterrupt, noted for
    :func:`after_ctrl_c`."""
    global _ctrl_c_seen
    _ctrl_c_seen = True
    raise KeyboardInterrupt


def forget_ctrl_c() -> None:
    """A command's body starts: no Ctrl-C seen yet."""
    global _ctrl_c_seen
    _ctrl_c_seen = False


def after_ctrl_c() -> None:
    """KeyboardInterrupt if a Ctrl-C reached the command (one whose KeyboardInterrupt was
    swallowed): called before each prompt, instead of waiting for an answer."""
    if _ctrl_c_seen:
        raise KeyboardInterrupt
