"""In a real pseudo-terminal: the function's name first (and in the autosave's name), the
number prompt's hint, the review that fits the screen, and the plain interview of TERM=dumb
with no escape sequence at all."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.conftest import (
    answer_currency,
    default_sigint,
    full_interview,
    prompt_ready,
    reading,
    spawn_cli,
)

UP = "\x1b[A"
DOWN, ENTER, CTRL_U = "\x1b[B", "\r", "\x15"
PROGRESS = r"Question (\d+) of about (\d+)"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


def spawn(*args: str, term: str = "xterm", rows: int = 40, **env: str) -> pexpect.spawn:
    return spawn_cli(*full_interview(args), term=term, rows=rows, **env)


def saved(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def test_the_function_is_named_first_and_names_the_autosave(tmp_path: Path) -> None:
    child = spawn("assess", XDG_STATE_HOME=str(tmp_path))
    child.expect("Which function are you assessing")
    child.expect("Its name")
    child.send(ENTER)  # a name is needed
    child.expect("Give the function a name")
    child.send("Accounts payable at a 2,000-person insurer" + ENTER)
    child.expect("The currency of the costs")
    child.send("pounds" + ENTER)  # not a code: asked again
    child.expect("three capital letters")
    child.send(CTRL_U + "gbp" + ENTER)  # any case
    child.expect(r"Your answers are saved as you go in\s+(\S+\.yaml)")
    path = Path(child.match.group(1))
    assert path.parent == tmp_path / "outsource-cli"
    assert re.fullmatch(r"accounts-payable-at-a-2-000-person-insurer-\d{8}-\d{6}\.yaml", path.name)
    child.expect(r"Question 1 of about \d+")
    prompt_ready(child)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert saved(path)["function"] == "Accounts payable at a 2,000-person insurer"
    assert saved(path)["currency"] == "GBP"  # asked once, stored in the answers file


def test_number_prompts_show_the_default_as_a_hint(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers), "--function", "Payroll")
    child.expect("Its name")
    child.send(ENTER)
    answer_currency(child)
    for _ in range(4):
        child.expect(PROGRESS)
        child.send(ENTER)
    child.expect(r"Question 5 of about \d+")
    child.expect("How many full-time people")
    child.expect(r"0 to 100,000 FTE; Enter for 10; \? for help")
    child.send("25" + ENTER)  # typed straight in: nothing to delete first
    child.expect(r"Question 6 of about \d+")
    prompt_ready(child)
    child.sendintr()
    child.expect(pexpect.EOF)
    data = saved(answers)
    assert data["function"] == "Payroll"
    assert data["answers"]["profile"]["team_size"] == 25  # type: ignore[index]


def test_ctrl_c_at_the_name_saves_nothing(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers))
    child.expect("Its name")  # at 80 columns, printed above the prompt, before it starts
    prompt_ready(child)
    child.sendintr()
    child.expect("interrupted before the first question; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and not answers.exists()


def test_ctrl_c_at_the_currency_saves_nothing(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers), "--function", "Payroll")
    child.expect("Its name")
    child.send(ENTER)
    child.expect_exact("\x1b[?2004l")  # the name's prompt is done
    prompt_ready(child)  # the currency's has the terminal
    child.sendintr()
    child.expect("interrupted before the first question; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert "The currency of the costs" in child.logfile_read.getvalue()
    assert child.exitstatus == 130 and not answers.exists()


def _to_review(child: pexpect.spawn) -> None:
    while child.expect([PROGRESS, r"Your answers \(\d+\) · page 1 of \d"]) == 0:
        child.send(ENTER)


def test_review_fits_the_screen_and_shows_what_changed(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers), "--function", "Payroll", rows=30)
    child.expect("Its name")
    child.send(ENTER)
    answer_currency(child)
    _to_review(child)
    child.expect("Show the recommendation")
    first_page = child.before
    assert first_page.count("\n") <= 30 - 5  # the page and the menu fit 30 rows
    child.send(DOWN + ENTER)  # Change an answer
    child.expect("Which question set")
    child.send(ENTER)  # the first: the function profile
    child.expect("Which answer")
    child.send(ENTER)  # its first question: the kind of work
    child.expect("What kind of work")
    child.send(UP * 2 + ENTER)  # from "Not sure", up past knowledge work: a business process
    child.expect("How complex are the rules")  # the follow-up it shows is asked
    child.send(ENTER)  # and left open
    child.expect("Changed in this review")
    child.expect("Show the recommendation")
    after_change = child.before
    assert "Your answers (" not in after_change  # not the whole list again
    assert "A business process" in after_change
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert saved(answers)["answers"]["profile"]["work_kind"] == "business_process"  # type: ignore[index]


def test_term_dumb_gives_a_plain_interview_without_escape_sequences(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers), term="dumb")
    child.expect("Its name")
    child.send("Payroll at Acme" + ENTER)
    child.expect(r"\[Enter = [A-Z]{3}\]: ")  # the currency: the locale's suggestion
    child.send("ZZ" + ENTER)
    child.expect("three capital letters")
    child.send("usd" + ENTER)
    child.expect(r"What kind of work does the function mainly do\?")
    child.expect(r"  1\) IT services")
    child.expect(r"  2\) A business process")
    child.expect(r"  -\) Not sure \(leave it open\)")
    child.expect(r"  \?\) Why this matters")
    child.expect(r"Choice \[1-3, -, \?, ~; Enter = -\]: ")  # no suggestion: Enter leaves it open
    child.send("?" + ENTER)  # the help text, then the same question again
    child.expect(r"Choice \[1-3, -, \?, ~; Enter = -\]: ")
    child.send("2" + ENTER)
    child.expect(r"Choice \[1-3, -, \?, <, ~; Enter = -\]: ")  # criticality
    child.send("<" + ENTER)  # back to the kind of work
    child.expect(r"Choice \[1-3, -, \?, ~; Enter = 2\]: ")  # opens on the answer given
    child.send(ENTER)
    while True:
        i = child.expect(
            [
                r"Choice \[",
                r"Numbers, separated by commas",
                r"Enter (for \d+|if not sure)",
                r"Recommendation: Payroll",
            ]
        )
        if i == 3:
            break
        child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    assert "\x1b" not in screen  # no cursor movement, no colour: nothing but text
    assert "Your answers (" in screen and "1) Show the recommendation" in screen
    data = saved(answers)
    assert data["function"] == "Payroll at Acme"
    assert data["currency"] == "USD"
    assert data["answers"]["profile"]["work_kind"] == "business_process"  # type: ignore[index]


def test_no_term_at_all_is_plain_too(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TERM"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", "assess", "--full", "--save-answers", str(tmp_path / "a.yaml")],
        env=env,
        dimensions=(40, 80),
        encoding="utf-8",
        timeout=30,
        preexec_fn=default_sigint,
    )
    child.logfile_read = io.StringIO()
    child.expect("Its name")
    child.send("Payroll" + ENTER)
    answer_currency(child)
    child.expect(r"Choice \[1-3, -, \?, ~; Enter = -\]: ")
    reading(child)
    child.sendintr()
    child.expect("interrupted; your answers are saved in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "\x1b" not in child.logfile_read.getvalue()
    assert yaml.safe_load((tmp_path / "a.yaml").read_text())["function"] == "Payroll"


@pytest.mark.parametrize(
    ("sig", "code", "term"),
    [
        (signal.SIGTERM, 143, "xterm"),
        (signal.SIGHUP, 129, "xterm"),
        (signal.SIGTERM, 143, "dumb"),
        (signal.SIGHUP, 129, "dumb"),
    ],
)
def test_sigterm_and_sighup_at_the_name_end_as_at_the_questions(
    tmp_path: Path, sig: signal.Signals, code: int, term: str
) -> None:
    """As Ctrl-C there (nothing saved, one line), with the signal's exit code; the arrow-key
    prompt gives the terminal back as it found it (bracketed paste off again)."""
    answers = tmp_path / "a.yaml"
    child = spawn("assess", "--save-answers", str(answers), term=term)
    child.expect("Its name")
    if term == "dumb":
        child.expect("> ")
        reading(child)
    else:
        prompt_ready(child)
    os.kill(child.pid, sig)
    if sig == signal.SIGTERM:  # after SIGHUP the terminal is gone: only the exit code tells
        child.expect("interrupted before the first question; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == code, (child.signalstatus, screen[-2000:])
    assert "Traceback" not in screen and not answers.exists()
    if term == "xterm":
        assert screen.rindex("\x1b[?2004l") > screen.rindex("\x1b[?2004h")
