"""Ctrl-C while the command is still starting (its modules load for about 0.3 s): one line,
exit 130, never a traceback, never a run that goes on (issue 23, item 11).

The process is started with ``-X importtime``, which writes a line to standard error as each
module is loaded: the signal is sent at several moments after the first of typer's (loaded by
the command line, after the entry point's first act), so it lands while modules load, while
the command starts, and at the interview's first prompt."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

DELAYS = (0.0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.15, 0.3)


def _default_sigint() -> None:  # whatever the test runner ignores, the command starts as usual
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted_at(delay: float, tmp_path: Path) -> tuple[int, list[str]]:
    """``outsource assess`` (the plain interview, in a pseudo-terminal) sent SIGINT ``delay``
    seconds after it started loading typer: its exit code and its standard error (without the
    import times)."""
    master, slave = os.openpty()
    env = {**os.environ, "OUTSOURCE_PLAIN": "1", "XDG_STATE_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "outsource_cli", "assess"],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=_default_sigint,
    )
    os.close(slave)
    assert proc.stderr is not None
    err = b""
    try:
        while not re.search(rb"\| +typer[.\n]", err):
            ready, _, _ = select.select([proc.stderr], [], [], 60)
            chunk = os.read(proc.stderr.fileno(), 65536) if ready else b""
            assert chunk, f"no typer import seen: {err.decode()[-2000:]}"
            err += chunk
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGINT)
        try:
            _, rest = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            # landed between the prompt's printing and its read (input() acts on a signal
            # only once the line is read): Enter, as a person would press it
            os.write(master, b"\n")
            _, rest = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    lines = (err + rest).decode().splitlines()
    return proc.returncode, [x for x in lines if not x.startswith("import time:")]


@pytest.mark.parametrize("delay", DELAYS)
def test_ctrl_c_while_starting_is_one_line_and_exit_130(delay: float, tmp_path: Path) -> None:
    code, lines = interrupted_at(delay, tmp_path)
    said = [x.removeprefix("> ") for x in lines if x.strip() not in ("", ">")]
    assert code == 130, lines
    assert len(said) == 1 and said[0].startswith("interrupted"), lines
    assert not any("Traceback" in x or "KeyboardInterrupt" in x for x in lines)
    assert not list(tmp_path.rglob("*.yaml"))  # nothing saved before the first question


def test_an_ignored_sigint_stays_ignored(tmp_path: Path) -> None:
    """Started with SIGINT ignored (nohup, a script's background job), it keeps ignoring it."""
    env = {**os.environ, "OUTSOURCE_CACHE_DIR": str(tmp_path)}
    code = (
        "import os, signal, sys, runpy; signal.signal(signal.SIGINT, signal.SIG_IGN); "
        "sys.argv = ['outsource', 'assess', '--answers', sys.argv[1], '--format', 'json']; "
        "import threading; threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start(); "
        "runpy.run_module('outsource_cli', run_name='__main__')"
    )
    examples = Path(__file__).resolve().parent.parent / "examples"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(examples / "payroll-manufacturer.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"outcome"' in proc.stdout
