"""The terminal the interview runs on: whether it is plain (cannot move the cursor), its
size, text folded to it, the terminal itself when standard output is redirected, and ending
the prompt on screen from a signal handler."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator


def plain_terminal() -> bool:
    """Whether to prompt plainly: the terminal cannot move the cursor (or the user asks)."""
    if os.environ.get("OUTSOURCE_PLAIN", "") not in ("", "0"):
        return True
    term = os.environ.get("TERM")
    return term == "dumb" or (term is None and sys.platform != "win32")


def interrupt_prompt() -> bool:
    """End the prompt on screen as Ctrl-C does, from a signal handler (SIGTERM, SIGHUP): the
    prompt's own event loop raises the interrupt, so it never lands inside one of its
    callbacks (which printed a traceback). False when no prompt is running (the plain
    interview, or between questions): the caller raises the interrupt itself."""
    if "prompt_toolkit" not in sys.modules:
        return False
    from prompt_toolkit.application.current import get_app_or_none

    app = get_app_or_none()
    loop = getattr(app, "loop", None)
    if app is None or not app.is_running or loop is None:
        return False

    def stop() -> None:
        if app.future is not None and not app.future.done():
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

    loop.call_soon_threadsafe(stop)
    return True


def size() -> os.terminal_size:
    """The terminal's size: ``COLUMNS``/``LINES`` first, then the terminal the interview
    writes to (standard output, or the terminal itself when standard output is redirected)."""
    try:
        fallback = os.get_terminal_size(sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):
        fallback = os.terminal_size((80, 24))
    return shutil.get_terminal_size((fallback.columns, fallback.lines))


def wrap(text: str, *, indent: int, hang: int = 2) -> str:
    """``text`` folded to the terminal's width, every line indented (continuations by
    ``hang`` more), never breaking a word."""
    width = max(40, min(100, size().columns - 2))
    pad = " " * indent
    return textwrap.fill(
        text,
        width=width,
        initial_indent=pad,
        subsequent_indent=pad + " " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


@contextlib.contextmanager
def on_the_terminal() -> Iterator[None]:
    """The interview on the terminal when standard output is redirected, as ``git commit``
    and ``fzf`` do: its questions go to the terminal itself (/dev/tty), and the answer,
    printed afterwards, to standard output."""
    try:
        tty = None if sys.stdout.isatty() else open("/dev/tty", "w", errors="replace")  # noqa: SIM115
    except OSError:  # no terminal to open: as it is (the caller checked there is one)
        tty = None
    if tty is None:
        yield
        return
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with tty, contextlib.redirect_stdout(tty), create_app_session(output=create_output(tty)):
        yield
