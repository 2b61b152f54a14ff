"""Redirection and keys, in a real pseudo-terminal: `outsource assess > decision.txt` holds
the interview on the terminal and writes the answer to the file; Ctrl-D at a menu or at the
name ends the interview as Ctrl-C does; at 60 columns nothing the interview or its hints
print is split mid-word, and the recommendation's box keeps the function's name whole."""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from rich.console import Console

from tests.conftest import EXAMPLES, answer_currency, spawn_cli

UP, DOWN, ENTER, CTRL_D = "\x1b[A", "\x1b[B", "\r", "\x04"
PROGRESS = r"Question (\d+) of about \d+"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


def enter_through(child: pexpect.spawn) -> None:
    """Enter at every question and the review, until the interview is over."""
    while True:
        i = child.expect([PROGRESS, "Show the recommendation"])
        child.expect([r"\?", "Enter"])  # the prompt is drawn
        child.send(ENTER)
        if i == 1:
            return


def test_redirected_output_interviews_on_the_terminal_and_writes_the_answer(
    tmp_path: Path,
) -> None:
    out, saved = tmp_path / "decision.txt", tmp_path / "answers.yaml"
    command = (
        f"{shlex.quote(sys.executable)} -m outsource_cli assess --full --function Payroll "
        f"--save-answers {shlex.quote(str(saved))} > {shlex.quote(str(out))}"
    )
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("OUTSOURCE_PLAIN", None)
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, dimensions=(40, 100), encoding="utf-8", timeout=30
    )
    child.logfile_read = io.StringIO()
    child.expect("Its name")
    child.send(ENTER)
    answer_currency(child)
    child.expect(r"Question 1 of about \d+")
    child.expect("What kind of work")  # the questions are on the terminal
    child.expect(r"\(Use arrow keys\)")
    child.send(ENTER)
    enter_through(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()[-2000:]
    answer = out.read_text()
    assert "Recommendation: Payroll" in answer and "Strategy" in answer  # the answer, in the file
    assert "\x1b" not in answer and "Question 1 of about" not in answer  # and only the answer
    assert "Recommendation: Payroll" not in child.logfile_read.getvalue()
    assert yaml.safe_load(saved.read_text())["function"] == "Payroll"


def test_no_terminal_at_all_is_still_a_clear_usage_error(tmp_path: Path) -> None:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "outsource_cli", "assess"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # no controlling terminal either
    )
    assert proc.returncode == 2
    assert "the interview needs a terminal" in proc.stderr and "--answers FILE" in proc.stderr


def test_ctrl_d_at_a_menu_ends_the_interview_as_ctrl_c_does(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn_cli("assess", "--full", "--save-answers", str(saved), "--function", "Payroll")
    child.expect("Its name")
    child.send(ENTER)
    answer_currency(child)
    for n in range(1, 3):
        child.expect(rf"Question {n} of about \d+")
        child.expect(r"\(Use arrow keys\)")
        child.send(ENTER)
    child.expect(r"Question 3 of about \d+")
    child.expect(r"\(Use arrow keys\)")
    child.send(CTRL_D)
    child.expect(r"interrupted; your answers are saved in")
    child.expect(r"resume with:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.logfile_read.getvalue()
    assert len(yaml.safe_load(saved.read_text())["answers"]["profile"]) == 2


@pytest.mark.parametrize("prefilled", [True, False])
def test_ctrl_d_at_the_name_ends_the_interview(tmp_path: Path, prefilled: bool) -> None:
    saved = tmp_path / "answers.yaml"
    child = spawn_cli(
        "assess", "--save-answers", str(saved), *(["--function", "Payroll"] if prefilled else [])
    )
    child.expect("Its name")
    child.expect("Your answer")  # drawn by the prompt: it has the terminal
    child.send(CTRL_D)
    child.expect("interrupted before the first question; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not saved.exists()


def test_ctrl_d_inside_a_typed_name_still_deletes(tmp_path: Path) -> None:
    """Ctrl-D keeps its editing meaning where it has one: before the end of the text."""
    saved = tmp_path / "answers.yaml"
    child = spawn_cli("assess", "--full", "--save-answers", str(saved))
    child.expect("Its name")
    child.expect("Your answer")
    child.send("Payrolls" + "\x1b[D" + CTRL_D + ENTER)  # left, delete the "s"
    answer_currency(child)
    child.expect(r"Question 1 of about \d+")
    child.expect(r"\(Use arrow keys\)")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert yaml.safe_load(saved.read_text())["function"] == "Payroll"


def screen_lines(raw: str) -> list[str]:
    """What was printed, line by line, escape sequences taken out."""
    return [ESCAPES.sub("", line).rstrip("\r") for line in raw.split("\n")]


SAVED = "answers-of-the-accounts-payable-interview.yaml"
NAME = "Accounts payable at a 3,000-person distributor"


def test_at_60_columns_no_hint_or_echoed_answer_is_split_mid_word(tmp_path: Path) -> None:
    """Every line of the resume hint fits 60 columns (so the terminal never folds one
    mid-word) and the command stays pasteable; answers are echoed by the interview itself
    (folded at words: see test_echoed_answers_are_folded_at_words)."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "60", "LINES": "24"}
    env.update(PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("OUTSOURCE_PLAIN", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", "assess", "--full", "--save-answers", SAVED, "--function", NAME],
        env=env,
        dimensions=(24, 60),
        encoding="utf-8",
        timeout=30,
        cwd=str(tmp_path),  # a short relative path for the resume command
    )
    child.logfile_read = io.StringIO()
    child.expect("Its name")
    child.send(ENTER)
    answer_currency(child)
    for n in range(1, 12):  # long questions, long answers (Core competency's)
        child.expect(rf"Question {n} of about \d+")
        child.expect([r"\(Use arrow", r"Your answer", "Enter"])
        child.send(UP + ENTER if n == 9 else ENTER)
    child.expect(r"Question 12 of about \d+")
    child.expect([r"\(Use arrow", r"Your answer", "Enter"])
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    raw = child.logfile_read.getvalue()
    done = raw[raw.index("interrupted") :]
    lines = screen_lines(done)
    assert all(len(line) <= 60 for line in lines), lines
    assert "  outsource assess --resume \\" in lines
    assert f"    {SAVED}" in lines
    # each answer echoed once its prompt is gone (the question is above it, folded)
    assert "? Your answer 2 - a little" in ESCAPES.sub("", raw)  # question 9, moved up


def test_the_box_keeps_a_long_function_name_whole_at_60_columns() -> None:
    from outsource_cli.decision.engine import decide
    from outsource_cli.output.terminal import print_decision
    from outsource_cli.questionnaire.answers import load_answers
    from outsource_cli.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    sheet = load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog)
    name = "Accounts payable at a 3,000-person distributor"
    decision = decide(catalog, sheet.all_answers, name)
    for width, titled in ((60, False), (100, True)):
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, color_system=None)
        print_decision(decision, catalog, console=console, detail="short")
        top, first = buffer.getvalue().splitlines()[:2]
        assert "…" not in top and "…" not in first
        if titled:
            assert f"Recommendation: {name}" in top
        else:
            assert top.startswith("╭─ Recommendation: ─") and name in first


def test_echoed_answers_are_folded_at_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long answer at 60 columns: the prompt is erased when done and the question and
    answer echoed folded at words, never letter by letter as the prompt's own echo was."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from outsource_cli.interview.arrow_keys import ArrowKeyPrompts as _Fancy

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("LINES", "24")
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=60), term="xterm")
    long = "Yes: customers choose us partly because of it, and say so in every survey we run"
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text(UP + ENTER)
        picked = _Fancy().select("Set apart?", [("No", "n"), (long, "y")], "n", [])
    assert picked == "y"
    echo = ESCAPES.sub("", screen.getvalue()[screen.getvalue().rindex("\x1b[J") :])
    lines = [ln.rstrip() for ln in echo.replace("\r", "").split("\n") if ln.strip()]
    assert lines[0].startswith("? Set apart? Yes: customers")
    assert all(len(ln) <= 60 for ln in lines), lines
    assert " ".join(" ".join(lines).split()) == f"? Set apart? {long}"  # no word cut
