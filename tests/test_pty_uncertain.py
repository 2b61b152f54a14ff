"""In a real pseudo-terminal: "Not sure → between which?" in the arrow-key interview and in
the plain one (TERM=dumb), saved as {one_of: ...} and {range: ...} and reported with the
outcome probabilities."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from outsource_cli.questionnaire.answers import dump_data
from tests.conftest import EXAMPLES, full_interview, spawn_cli

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")


def spawn(*args: str, term: str) -> pexpect.spawn:
    return spawn_cli(*full_interview(args), term=term)


def unfinished(tmp_path: Path) -> Path:
    """The payroll example without its answers to differentiation and expected savings."""
    data = yaml.safe_load((EXAMPLES / "payroll-manufacturer.yaml").read_text())
    del data["answers"]["core"]["differentiation"]
    del data["answers"]["cost"]["expected_savings"]
    path = tmp_path / "payroll.yaml"
    path.write_text(dump_data(data))  # as the tool writes it, so the interview saves to it
    return path


def saved(path: Path) -> dict[str, object]:
    answers = yaml.safe_load(path.read_text())["answers"]
    return {
        "differentiation": answers["core"]["differentiation"],
        "expected_savings": answers["cost"]["expected_savings"],
    }


def test_between_which_with_arrow_keys(tmp_path: Path) -> None:
    path = unfinished(tmp_path)
    child = spawn("assess", "--resume", str(path), term="xterm")
    child.expect("Does the function set you apart")
    child.expect("Not sure → between which")
    child.send(DOWN * 2 + ENTER)  # from "Not sure" (where it opens): help, then "between which?"
    child.expect("which could it be")
    child.expect("commodity")
    child.send(SPACE + DOWN * 2 + SPACE + ENTER)  # tick the first and the third option
    child.expect("How much lower than today")
    child.expect("between two")
    child.send("~" + ENTER)
    child.expect("Not sure → between which")
    child.send("25 to 10" + ENTER)  # reversed: said so, and asked again
    child.expect("is reversed")
    child.send("\x7f" * 8 + "10 to 25" + ENTER)
    child.expect("Show the recommendation")
    child.send(ENTER)
    child.expect("Uncertain answers \\(2\\)")
    child.expect("What swings the score")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()[-2000:]
    assert saved(path) == {
        "differentiation": {"one_of": ["differentiator", "commodity"]},
        "expected_savings": {"range": [10, 25]},
    }


def test_between_which_on_a_plain_terminal(tmp_path: Path) -> None:
    path = unfinished(tmp_path)
    child = spawn("assess", "--resume", str(path), term="dumb")
    child.expect("  ~\\) Not sure → between which\\?")
    child.expect("Choice \\[1-3, -, \\?, ~; Enter = -\\]: ")
    child.sendline("~")
    child.expect("Not sure: which could it be")
    child.expect("Numbers, separated by commas")
    child.sendline("2,3")
    child.expect("How much lower than today")
    child.expect("between two\\]: ")
    child.sendline("10..25")
    child.expect("Show the recommendation")
    child.expect("Choice")
    child.sendline("")
    child.expect("Uncertain answers \\(2\\)")
    child.expect(pexpect.EOF)
    child.close()
    out = child.logfile_read.getvalue()
    assert child.exitstatus == 0, out[-2000:]
    assert "\x1b" not in out
    assert saved(path) == {
        "differentiation": {"one_of": ["parity", "commodity"]},
        "expected_savings": {"range": [10, 25]},
    }
    replay = yaml.safe_load(path.read_text())
    assert "differentiation" in replay["answers"]["core"]
