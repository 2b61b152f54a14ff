"""End to end in a real pseudo-terminal: the installed command, arrow keys and Enter only;
Ctrl-C and resume, going back, and a kill -9 in the middle of an interview."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.conftest import answer_currency, full_interview, prompt_ready, spawn_cli

DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"
PROGRESS = r"Question (\d+) of about (\d+) · ([A-Z][a-z ]+[a-z])"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


def spawn(*args: str) -> pexpect.spawn:
    return spawn_cli(*full_interview(args), columns=120)


def name(child: pexpect.spawn, function: str = "", currency: str = "") -> None:
    """Answer the first question, the function's name (Enter keeps a --function name), and
    the currency that follows it (Enter takes the suggested one)."""
    child.expect("Which function are you assessing")
    child.expect("Its name")
    child.send(function + ENTER)
    answer_currency(child, "\x15" + currency if currency else "")  # Ctrl-U clears the suggestion


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


def folded(text: str) -> str:
    """A pattern for ``text`` as the terminal may show it: folded at any space, a command
    with a backslash before each break."""
    return r"(?:\s|\\)+".join(re.escape(word) for word in text.split())


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
    name(child)  # Enter keeps the name given with --function
    child.expect(folded(f"Your answers are saved as you go in {saved}"))
    child.expect(r"Question 1 of about \d+ · Function profile")
    child.expect("What kind of work does the function mainly do")
    child.send(UP * 2 + ENTER)  # it opens on "Not sure": up past knowledge to business_process
    progress = finish(child)  # then Enter through everything
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    decision = replay(saved)
    asked = len(decision["answers"]) + len(decision["unanswered"])  # type: ignore[arg-type]
    assert len(progress) == asked - 1  # every question asked, after the first
    numbers = [re.match(PROGRESS, p).groups() for p in progress]  # type: ignore[union-attr]
    assert [int(n) for n, _, _ in numbers] == list(range(2, asked + 1))  # overall, not per set
    totals = [int(t) for _, t, _ in numbers]
    assert totals[0] < totals[-1] == asked  # follow-ups appeared: "about" is updated
    assert progress[-1] == f"Question {asked} of about {asked} · Cost and economics"
    assert "Your answers" in screen  # the review before the recommendation
    assert decision["answers"]["profile.work_kind"] == "business_process"  # type: ignore[index]
    # Enter through everything is not an answer: the questions the strategy turns on were
    # left open, so nothing is recommended yet (no form, no location), and it says what to
    # answer first
    assert decision["function"] == "Payroll" and decision["recommended"] is False
    assert decision["form"] is None and decision["location"] is None
    assert decision["provisional"] is True
    assert "control.regulation" in decision["unanswered"]  # type: ignore[operator]
    assert "profile.criticality" in decision["unanswered"]  # type: ignore[operator]
    defaulted = decision["defaulted"]
    assert "profile.team_size" in defaulted and "profile.work_kind" not in defaulted  # type: ignore[operator]
    plain = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).split())
    assert f"Taken as suggested, with Enter ({len(defaulted)})" in plain  # type: ignore[arg-type]
    assert "NO RECOMMENDATION YET" in plain
    assert (
        "No recommendation yet: answer these first: How critical is the function to "
        "day-to-day operations?" in plain
    )
    assert re.search(
        folded(f"answers saved in {saved}; replay with: outsource assess --answers {saved}"),
        screen,
    )


def test_ctrl_c_then_resume_gives_the_same_decision(tmp_path: Path) -> None:
    whole, parts = tmp_path / "whole.yaml", tmp_path / "parts.yaml"
    child = spawn("assess", "--save-answers", str(whole))
    name(child, "Payroll", "CHF")
    finish(child)
    assert child.exitstatus == 0

    child = spawn("assess", "--save-answers", str(parts))
    name(child, "Payroll", "CHF")
    for n in range(1, 11):  # answer ten questions, then Ctrl-C at the eleventh
        child.expect(PROGRESS)
        if n < 11:
            child.send(ENTER)
    child.expect(PROGRESS)
    prompt_ready(child)
    child.sendintr()
    child.expect(
        folded(
            f"interrupted; your answers are saved in {parts}; resume with: "
            f"outsource assess --resume {parts}"
        )
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(_answered(parts)) == 10

    child = spawn("assess", "--resume", str(parts))
    child.expect(f"resuming {parts}: 10 answers so far")  # the name is not asked again
    progress = finish(child)
    assert child.exitstatus == 0
    assert "The currency of the costs" not in child.logfile_read.getvalue()  # nor the currency
    assert yaml.safe_load(parts.read_text())["currency"] == "CHF"  # kept from the file
    decision = replay(whole)
    assert decision["currency"] == "CHF"
    asked = len(decision["answers"]) + len(decision["unanswered"])  # type: ignore[arg-type]
    assert len(progress) == asked - 10  # only the questions not answered before
    assert replay(parts) == decision


def test_going_back_changes_the_result(tmp_path: Path) -> None:
    plain, changed = tmp_path / "plain.yaml", tmp_path / "changed.yaml"
    child = spawn("assess", "--save-answers", str(plain))
    name(child, "Payroll")
    child.expect("What kind of work")
    child.send(UP * 3 + ENTER)  # from "Not sure": up to it
    finish(child)
    child = spawn("assess", "--save-answers", str(changed))
    name(child, "Payroll")
    child.expect(r"Question 1 of about \d+ · Function profile")
    child.send(UP * 3 + ENTER)  # from "Not sure": up to it
    child.expect(r"Question 2 of about \d+ · Function profile")
    child.expect("How critical")
    child.send(DOWN * 2 + ENTER)  # from "Not sure": help, ← Back
    child.expect(r"Question 1 of about \d+ · Function profile")
    child.expect("What kind of work")
    child.send(DOWN * 2 + ENTER)  # knowledge work
    finish(child)
    before, after = replay(plain), replay(changed)
    # the answer changed by going back is the one the decision reads (with the strategy's
    # questions left open nothing is recommended yet, so there is no form to compare)
    work = [d["answers"]["profile.work_kind"] for d in (before, after)]  # type: ignore[index]
    assert work == ["it", "knowledge"]
    rest = [
        {q: v for q, v in d["answers"].items() if q != "profile.work_kind"}  # type: ignore[attr-defined]
        for d in (before, after)
    ]
    assert rest[0] == rest[1]


def test_sigkill_loses_at_most_the_question_being_answered(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    name(child, "Payroll")
    for _ in range(7):
        child.expect(PROGRESS)
        child.send(ENTER)
    child.expect(r"Question 8 of about \d+ · Core competency")  # the eighth question is on screen
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
        "profile.onsite",
    ]
    assert not list(tmp_path.glob(".answers.yaml.*"))  # no temporary file left behind


def _answered(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text())
    return {f"{s}.{q}": v for s, block in data["answers"].items() for q, v in block.items()}


def test_ctrl_d_in_a_text_prompt_is_an_interruption_not_a_crash(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    name(child, "Payroll")
    for n in range(1, 5):
        child.expect(rf"Question {n} of about \d+ · Function profile")
        child.send(ENTER)
    child.expect(r"Question 5 of about \d+ · Function profile")
    child.expect("FTE")
    child.send("\x7f\x7f\x04")  # empty the number field, then Ctrl-D
    child.expect(folded(f"interrupted; your answers are saved in {saved}; resume with:"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(_answered(saved)) == 4


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_sigterm_sighup_and_sigint_save_and_print_the_resume_hint(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    """SIGINT as a signal (kill -INT, or a Ctrl-C in the instant before a menu takes the
    terminal) too: prompt_toolkit turns it into a key that its menus ignored."""
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    name(child, "Payroll")
    for n in range(1, 4):
        child.expect(rf"Question {n} of about \d+ · Function profile")
        child.send(ENTER)
    child.expect(r"Question 4 of about \d+ · Function profile")
    child.expect(r"\?")
    os.kill(child.pid, sig)
    if sig != signal.SIGHUP:  # after SIGHUP the terminal is gone: only the file tells
        child.expect(
            folded(
                f"interrupted; your answers are saved in {saved}; resume with: "
                f"outsource assess --resume {saved}"
            )
        )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.logfile_read.getvalue()[-2000:]
    assert len(_answered(saved)) == 3
    assert "Traceback" not in child.logfile_read.getvalue()


def three_answers_then_ctrl_c(tmp_path: Path) -> Path:
    """An interview for "Payroll" interrupted with Ctrl-C at its fourth question."""
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "--save-answers", str(saved))
    name(child, "Payroll")
    for n in range(1, 4):
        child.expect(rf"Question {n} of about \d+ · Function profile")
        child.send(ENTER)
    child.expect(r"Question 4 of about \d+ · Function profile")
    # the menu has the terminal: a Ctrl-C typed before it does can be lost while it starts
    # (as a person would see: nothing happens yet)
    prompt_ready(child)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return saved


def test_resume_recovers_a_temporary_file_left_by_an_interrupted_save(tmp_path: Path) -> None:
    saved = three_answers_then_ctrl_c(tmp_path)
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
    saved = three_answers_then_ctrl_c(tmp_path)
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
    saved = three_answers_then_ctrl_c(tmp_path)
    child = spawn("assess", "--resume", str(saved))
    finish(child)
    assert child.exitstatus == 0
    assert not (tmp_path / "answers.resumed.yaml").exists()
    assert len(_answered(saved)) > 3
