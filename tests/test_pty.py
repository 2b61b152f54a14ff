"""End to end in a real pseudo-terminal: the installed command, arrow keys and Enter only;
Ctrl-C and resume, going back, and a kill -9 in the middle of an interview."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

DOWN, ENTER = "\x1b[B", "\r"
PROGRESS = r"([A-Z][a-z ]+) · (\d+) of (\d+)"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


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
    child = pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = io.StringIO()
    return child


def finish(child: pexpect.spawn) -> list[str]:
    """Enter through every remaining question and the review; the progress lines seen."""
    seen = []
    while True:
        i = child.expect([PROGRESS, "Show the recommendation", "Recommendation"])
        if i == 2:
            break
        if i == 0:
            seen.append(child.match.group(0))
        child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    return seen


def replay(path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "outsource_cli",
            "assess",
            "--answers",
            str(path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_interview_to_recommendation_with_arrows_and_enter(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved), "--function", "Payroll")
    child.expect(f"Your answers are saved as you go in {saved}")
    child.expect("Function profile · 1 of 6")
    child.expect("What kind of work does the function mainly do")
    child.send(DOWN + ENTER)  # business_process instead of the default it
    progress = finish(child)
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    assert len(progress) == 38  # 40 questions; data_residency is not asked for internal data
    assert "Control and risk · 1 of 7" in progress and "Cost and economics · 6 of 6" in progress
    assert "Your answers" in screen  # the review before the recommendation
    decision = replay(saved)
    assert decision["answers"]["profile.work_kind"] == "business_process"  # type: ignore[index]
    assert decision["function"] == "Payroll" and decision["form"] == "bpo"
    headline = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
    assert headline[str(decision["outcome"])] in screen
    assert f"answers saved in {saved}; replay with: outsource assess --answers {saved}" in screen


def test_ctrl_c_then_resume_gives_the_same_decision(tmp_path: Path) -> None:
    whole, parts = tmp_path / "whole.yaml", tmp_path / "parts.yaml"
    child = spawn("assess", "--save-answers", str(whole))
    finish(child)
    assert child.exitstatus == 0

    child = spawn("assess", "--save-answers", str(parts))
    for n in range(1, 11):  # answer ten questions, then Ctrl-C at the eleventh
        child.expect(PROGRESS)
        if n < 11:
            child.send(ENTER)
    child.expect(PROGRESS)
    child.expect(r"\?")
    child.sendintr()
    child.expect(
        f"interrupted; your answers are saved in {parts}; resume with: outsource assess --resume {parts}"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(_answered(parts)) == 10

    child = spawn("assess", "--resume", str(parts))
    child.expect(f"resuming {parts}: 10 answers so far")
    progress = finish(child)
    assert child.exitstatus == 0
    assert len(progress) == 29  # only the 29 questions not answered before
    assert replay(parts) == replay(whole)


def test_going_back_changes_the_result(tmp_path: Path) -> None:
    plain, changed = tmp_path / "plain.yaml", tmp_path / "changed.yaml"
    child = spawn("assess", "--save-answers", str(plain))
    finish(child)
    child = spawn("assess", "--save-answers", str(changed))
    child.expect("Function profile · 1 of 6")
    child.send(ENTER)  # it
    child.expect("Function profile · 2 of 6")
    child.expect("How critical")
    child.send(DOWN * 3 + ENTER)  # from "important": supporting, help, ← Back
    child.expect("Function profile · 1 of 6")
    child.expect("What kind of work")
    child.send(DOWN * 2 + ENTER)  # knowledge work
    finish(child)
    before, after = replay(plain), replay(changed)
    assert (before["form"], after["form"]) == ("ito", "kpo")


def test_sigkill_loses_at_most_the_question_being_answered(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for _ in range(7):
        child.expect(PROGRESS)
        child.send(ENTER)
    child.expect("Core competency · 2 of 8")  # the eighth question is on screen
    child.expect(r"\?")
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    answered = _answered(saved)
    assert list(answered) == [
        "profile.work_kind",
        "profile.criticality",
        "profile.customer_contact",
        "profile.geography",
        "profile.team_size",
        "profile.change_pace",
        "core.differentiation",
    ]
    assert not list(tmp_path.glob(".answers.yaml.*"))  # no temporary file left behind


def _answered(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text())
    return {f"{s}.{q}": v for s, block in data["answers"].items() for q, v in block.items()}


def test_ctrl_d_in_a_text_prompt_is_an_interruption_not_a_crash(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for n in range(1, 5):
        child.expect(f"Function profile · {n} of 6")
        child.send(ENTER)
    child.expect("Function profile · 5 of 6")
    child.expect("FTE")
    child.send("\x7f\x7f\x04")  # empty the number field, then Ctrl-D
    child.expect(f"interrupted; your answers are saved in {saved}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(_answered(saved)) == 4


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_save_and_print_the_resume_hint(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for n in range(1, 4):
        child.expect(f"Function profile · {n} of 6")
        child.send(ENTER)
    child.expect("Function profile · 4 of 6")
    child.expect(r"\?")
    os.kill(child.pid, sig)
    if sig == signal.SIGTERM:  # after SIGHUP the terminal is gone: only the file tells
        child.expect(
            f"interrupted; your answers are saved in {saved}; resume with: "
            f"outsource assess --resume {saved}"
        )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.logfile_read.getvalue()[-2000:]
    assert len(_answered(saved)) == 3
    assert "Traceback" not in child.logfile_read.getvalue()


def test_resume_recovers_a_temporary_file_left_by_an_interrupted_save(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for n in range(1, 4):
        child.expect(f"Function profile · {n} of 6")
        child.send(ENTER)
    child.expect("Function profile · 4 of 6")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    # as if kill -9 hit a later save between writing the temporary file and the rename:
    newer = yaml.safe_load(saved.read_text())
    newer["answers"]["profile"]["geography"] = "global"
    tmp = tmp_path / ".answers.yaml.k3j2h1.tmp"
    tmp.write_text(yaml.safe_dump(newer))
    broken = tmp_path / ".answers.yaml.zz9.tmp"
    broken.write_text("answers: {profile: {work_")
    os.utime(broken, (1, 1))  # older than the file
    child = spawn("assess", "--resume", str(saved))
    child.expect(r"recovered the answers of an interrupted save \(\.answers\.yaml\.k3j2h1\.tmp\)")
    child.expect(r"removed \.answers\.yaml\.zz9\.tmp, left by an interrupted save")
    child.expect(f"resuming {saved}: 4 answers so far")
    finish(child)
    assert child.exitstatus == 0
    assert not tmp.exists() and not broken.exists()
    assert _answered(saved)["profile.geography"] == "global"


def test_resume_keeps_a_file_with_comments_and_saves_to_a_new_one(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for n in range(1, 4):
        child.expect(f"Function profile · {n} of 6")
        child.send(ENTER)
    child.expect("Function profile · 4 of 6")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    mine = saved.read_text().replace("answers:\n", "# checked with Sam on Monday\nanswers:\n")
    saved.write_text(mine)
    child = spawn("assess", "--resume", str(saved))
    new = tmp_path / "answers.resumed.yaml"
    child.expect(
        f"{saved} has comments or a layout that saving would lose: it is left as it is, "
        f"and the answers are saved in {new}"
    )
    finish(child)
    assert child.exitstatus == 0
    assert saved.read_text() == mine  # the user's file, untouched
    assert len(_answered(new)) > 3
    assert replay(new)["outcome"]


def test_resume_rewrites_a_file_it_wrote_itself(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    for n in range(1, 4):
        child.expect(f"Function profile · {n} of 6")
        child.send(ENTER)
    child.expect("Function profile · 4 of 6")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    child = spawn("assess", "--resume", str(saved))
    finish(child)
    assert child.exitstatus == 0
    assert not (tmp_path / "answers.resumed.yaml").exists()
    assert len(_answered(saved)) > 3
