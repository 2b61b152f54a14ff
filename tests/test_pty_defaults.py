"""A caveat under the user's name must be true: in a real 80x24 pseudo-terminal, an interview
that chooses every suggested answer on purpose gets no caveat about answers taken as
suggested; one that presses Enter through everything gets an honest one.

"On purpose", as the interview can tell (docs/decision-engine.md): at a menu the cursor moved
(here up and back down, or down and back up), at a number prompt the number typed. Enter on
the suggestion the prompt opened on, nothing moved or typed, is "taken as suggested"."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import answer_currency, spawn_cli

UP, DOWN, ENTER = "\x1b[A", "\x1b[B", "\r"
PROGRESS = r"Question \d+ of about \d+"
PROMPTS = [
    r"\(Use arrow keys\)",  # a menu
    r"space to tick",  # a checkbox
    r"Enter\s+for\s+(\S+?);",  # a number with a suggestion
    r"Enter\s+if\s+not\s+sure",  # a number with none
    r"Show the recommendation",  # the review
]
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


def interview(saved: Path, *, on_purpose: bool) -> str:
    """The whole interview at 80x24, every answer the suggested one (or "Not sure" where there
    is none); the screen as plain words."""
    child = spawn_cli("assess", "--full", "--save-answers", str(saved), columns=80, rows=24)
    child.expect("Its name")
    child.send("Accounts payable at a 3,000-person distributor" + ENTER)
    answer_currency(child)
    asked = 0
    while True:
        child.expect(PROGRESS if asked == 0 else [PROGRESS, PROMPTS[-1]])
        if "Show the recommendation" in child.after:
            break
        kind = child.expect(PROMPTS[:-1])
        asked += 1
        if not on_purpose:
            child.send(ENTER)
        elif kind == 0:
            child.send(UP + DOWN + ENTER)  # away and back to the suggestion (wraps at the top)
        elif kind == 1:
            child.send(DOWN + UP + ENTER)
        elif kind == 2:
            child.send(child.match.group(1) + ENTER)  # the suggested number, typed
        else:
            child.send(ENTER)  # no suggestion: left open
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()[-2000:]
    assert asked > 30
    return " ".join(ESCAPES.sub("", child.logfile_read.getvalue()).split())


def decision(path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "outsource_cli", "assess", "-a", str(path), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert isinstance(data, dict)
    return data


def test_suggestions_chosen_on_purpose_get_no_caveat_and_enter_through_gets_an_honest_one(
    tmp_path: Path,
) -> None:
    chosen, entered = tmp_path / "chosen.yaml", tmp_path / "entered.yaml"
    screen = interview(chosen, on_purpose=True)
    assert "Taken as suggested" not in screen and "taken with Enter" not in screen
    assert "defaulted" not in chosen.read_text()
    first = decision(chosen)
    assert first["defaulted"] == []

    screen = interview(entered, on_purpose=False)
    second = decision(entered)
    defaulted = second["defaulted"]
    assert isinstance(defaulted, list) and len(defaulted) > 3
    assert f"Taken as suggested, with Enter ({len(defaulted)}):" in screen
    # the same answers either way: only how they were given differs
    assert second["answers"] == first["answers"] and second["score"] == first["score"]
