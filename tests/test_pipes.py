"""A reader that goes away (`outsource schema | head -1`) ends the command quietly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

PAYROLL = str(EXAMPLES / "payroll-manufacturer.yaml")
CLOSED_PIPE = 141  # what a shell shows for a program stopped by SIGPIPE


@pytest.mark.parametrize(
    "args",
    [
        ["schema"],
        ["questionnaires", "--format", "json"],
        ["questionnaires"],  # rich
        ["assess", "--answers", PAYROLL],  # rich, the decision
        ["assess", "--answers", PAYROLL, "--format", "json"],
        ["compare", str(EXAMPLES)],
        ["template"],
        ["lint", "--format", "sarif"],
        ["--help"],  # click and typer's rich help
        ["lint", "--help"],
    ],
    ids=lambda a: " ".join(a).replace(str(EXAMPLES), "examples"),
)
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "outsource_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command has written anything: every write meets EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == CLOSED_PIPE, err
    assert err == ""  # no "internal error", no "Exception ignored", no traceback


def test_a_pipe_read_to_the_end_is_untouched() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "outsource_cli", "schema"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("{") and proc.stderr == ""
