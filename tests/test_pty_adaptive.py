"""The adaptive interview end to end in a pseudo-terminal (issue 25): it asks what decides
first, says when the result is settled and offers to finish; finishing records the questions
not asked, and --resume asks them later. Answers come from the payroll example, typed as a
plain terminal takes them (numbered choices), so the test drives exactly those answers."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import load_catalog, walk
from outsource_cli.text import one_line
from tests.conftest import answer_currency, spawn_cli
from tests.test_adaptive import replay

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
EXAMPLE = Path(__file__).parent.parent / "examples" / "payroll-manufacturer.yaml"
PROMPTS = [
    r"Choice \[1-\d+[^\]]*\]: ",
    r"Numbers, separated by commas \[[^\]]*\]: ",
    r"\[[^\]]*for help[^\]]*\]: ",
]


def words(text: str) -> str:
    return " ".join(text.split())


def typed(q: Any, value: Any) -> str:
    """What to type at a plain prompt for ``value``."""
    if q.type == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    values = [o.value for o in q.options]
    if q.type == "multi":
        return ",".join(str(values.index(v) + 1) for v in value) or ""
    return str(next(i for i, v in enumerate(values, 1) if type(v) is type(value) and v == value))


def drive(child: pexpect.spawn, answers: dict[str, Any], finish: bool) -> tuple[list[str], int]:
    """Answer every question asked from ``answers`` until the recommendation; at the offer to
    finish, finish (``finish``) or go on. The questions asked, and the count the offer gave
    (0: no offer)."""
    catalog = load_catalog()
    texts = {qid: words(one_line(q.text)) for qid, q in catalog.questions.items()}
    asked: list[str] = []
    offered = 0
    while True:
        i = child.expect(
            [
                r"Question \d+ ",
                r"Settled after (\d+) questions?",
                r"Your answers \(\d+\)",
                "Recommendation",
            ]
        )
        if i == 3:
            break
        if i == 1:
            offered = int(child.match.group(1))
            child.expect(PROMPTS[0])
            assert "Finish now" in child.before
            child.send(("1" if finish else "2") + "\r")
            continue
        if i == 2:  # the review: Enter shows the recommendation
            child.expect(PROMPTS[0])
            child.send("\r")
            continue
        child.expect(PROMPTS)
        shown = words(child.before)
        qid = max((q for q, t in texts.items() if t in shown), key=lambda q: len(texts[q]))
        asked.append(qid)
        child.send(typed(catalog.questions[qid], answers[qid]) + "\r")
    child.expect(pexpect.EOF)
    child.close()
    return asked, offered


def test_adaptive_interview_stops_when_settled_and_resume_asks_the_rest(tmp_path: Path) -> None:
    catalog = load_catalog()
    example = load_answers(EXAMPLE, catalog)
    answers = dict(example.answers)
    _, shown = walk(catalog, answers)
    saved = tmp_path / "payroll.yaml"
    child = spawn_cli(
        "assess",
        "--save-answers",
        str(saved),
        "--function",
        "Payroll at a mid-size manufacturer",
        term="dumb",
        columns=120,
    )
    child.expect("Its name")
    child.send("\r")
    answer_currency(child)
    asked, offered = drive(child, answers, finish=True)
    log = child.logfile_read.getvalue()
    assert "Question 1 · open: outcome" in log  # the honest progress line, no "of about"
    assert "of about" not in log
    # the pure order's questions, readiness ones included (tests/test_adaptive.py: OVER_HALF)
    assert offered == len(asked) and asked == replay(catalog, answers)[1]
    assert set(r.lever for r in catalog.policy.readiness) & set(shown) <= set(asked)
    assert re.search(r"nothing you could answer now changes the\s+recommendation", log)
    data = yaml.safe_load(saved.read_text())
    not_asked = data["not_asked"]
    _, shown_then = walk(catalog, {q: answers[q] for q in asked})
    assert not_asked == [q for q in shown_then if q not in asked]
    assert not set(not_asked) & set(asked)
    assert "Not asked (" in log and "OUTSOURCE" in log and "Total outsourcing" in log
    assert "ONCE READY" not in log  # ready: every readiness question was asked

    # later: --resume asks exactly the questions not asked, in the set order
    child = spawn_cli("assess", "--resume", str(saved), term="dumb", columns=120)
    rest, offered = drive(child, answers, finish=True)
    assert offered == 0
    # (and those an answer among them shows, such as the time to hire after the scarcity)
    assert rest == [q for q in shown if q not in asked]
    assert set(not_asked) <= set(rest)
    data = yaml.safe_load(saved.read_text())
    assert "not_asked" not in data
    after = load_answers(saved, catalog)
    assert dict(after.answers) == answers
