"""End to end in a real pseudo-terminal: the installed command, arrow keys and Enter only."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

DOWN, ENTER = "\x1b[B", "\r"


def spawn(*args: str) -> pexpect.spawn:
    # PROMPT_TOOLKIT_NO_CPR: pexpect does not answer cursor-position requests, which would
    # otherwise make every prompt wait for a reply that never comes.
    env = {
        **os.environ,
        "TERM": "xterm",
        "COLUMNS": "120",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_interview_to_recommendation_with_arrows_and_enter(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved), "--function", "Payroll")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("Function profile · 1 of 6")
    child.expect("What kind of work does the function mainly do")
    child.send(DOWN + ENTER)  # business_process instead of the default it
    progress = ["Function profile · 2 of 6"]
    asked = 1
    while True:
        i = child.expect([r"([A-Z][a-z ]+) · (\d+) of (\d+)", "Recommendation: Payroll"])
        if i == 1:
            break
        progress.append(child.match.group(0))
        asked += 1
        child.send(ENTER)  # every prompt opens on a sensible choice
    child.expect("Mitigations")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert asked == 39  # 40 questions; control.data_residency is not asked for internal data
    assert "Control and risk · 1 of 7" in progress and "Cost and economics · 6 of 6" in progress

    replay = subprocess.run(
        [
            sys.executable,
            "-m",
            "outsource_cli",
            "assess",
            "--answers",
            str(saved),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    decision = json.loads(replay.stdout)
    assert decision["answers"]["profile.work_kind"] == "business_process"
    assert decision["function"] == "Payroll"
    assert decision["form"] == "bpo"
    headline = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
    assert headline[decision["outcome"]] in screen.getvalue()
    assert f"answers saved to {saved}" in screen.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_ctrl_c_exits_130_and_keeps_answers(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    child.expect("Function profile · 1 of 6")
    child.send(ENTER)
    child.expect("Function profile · 2 of 6")
    child.expect("How critical")
    child.sendintr()
    child.expect("interrupted; the answers so far are in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "work_kind: it" in saved.read_text()
