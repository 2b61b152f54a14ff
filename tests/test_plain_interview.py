"""The interview in process, on a plain terminal (numbered choices read with input()), the
function's name first, overall progress, the number prompt's hint and the paged review."""

from __future__ import annotations

import gc
import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from outsource_cli.commands.interviewing import slug
from outsource_cli.errors import ctrl_c, forget_ctrl_c
from outsource_cli.interview import (
    InterviewInterrupted,
    State,
    ask_function,
    plain_terminal,
    review,
    run,
)
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES, make_catalog
from tests.test_interview import SETS


@pytest.fixture
def cat() -> Catalog:
    return make_catalog(SETS)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Lines for input() to return, one per call (EOFError when none are left), on a plain
    terminal of 80x40; the prompts input() was given are kept in ``typed.prompts``."""
    monkeypatch.setenv("OUTSOURCE_PLAIN", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")
    lines: list[str] = []

    def fake_input(prompt: str = "") -> str:
        print(prompt)
        if not lines:
            raise EOFError
        return lines.pop(0)

    monkeypatch.setattr("builtins.input", fake_input)
    yield lines


def test_plain_terminal_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTSOURCE_PLAIN", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert plain_terminal()
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not plain_terminal()
    monkeypatch.setenv("OUTSOURCE_PLAIN", "1")
    assert plain_terminal()
    monkeypatch.delenv("OUTSOURCE_PLAIN")
    monkeypatch.delenv("TERM")
    assert plain_terminal()  # no TERM at all: no cursor control either


def test_numbered_choices_help_and_defaults(
    cat: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # kind: 1 (it); risk: ? then 1 (lo); yn: Enter (no); num: Enter (5); many: 2 (b)
    typed.extend(["1", "?", "1", "", "", "2"])
    state = run(cat)
    assert state.answers == {
        "s.kind": "it",
        "s.risk": "lo",
        "s.yn": False,
        "s.num": 5,
        "s.many": ("b",),
    }
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert (
        "Question 1 of about 4 · S\nkind?\n  1) It\n  2) Bp\n  -) Not sure (leave it open)\n"
        "  ?) Why this matters\n" in out
    )
    assert "Choice [1-2, -, ?, ~; Enter = -]: " in out  # no suggestion: Enter leaves it open
    assert "Question 2 of about 5 · S" in out  # risk appeared: "about" follows
    assert "  -) Not sure (leave it open)\n" in out and "  <) Back to the previous" in out
    assert "  why\n" in out  # the help text, then the question again
    assert (
        "num?\n[0 to 10; Enter for 5; ? for help, < to go back, - if not sure, ~ if between two]: "
        in out
    )
    assert "Numbers, separated by commas [Enter = none, -, ?, <]: " in out


def test_wrong_keys_are_explained_and_asked_again(
    cat: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed.extend(["7", "x", "2", "<", "1", "2", "", "eleven", "11", "8", "1,9", "1, 2"])
    state = run(cat)
    assert state.answers == {
        "s.kind": "it",
        "s.risk": "hi",
        "s.yn": False,
        "s.num": 8,
        "s.many": ("a", "b"),
    }
    out = capsys.readouterr().out
    assert out.count("  Type a number from 1 to 2 or - or ? or ~.") == 2
    assert "  expected a number, got 'eleven' (a number from 0 to 10)" in out
    assert "  11 is outside 0 to 10 (a number from 0 to 10)" in out
    assert "  Type numbers from 1 to 2, e.g. 1,3." in out


def test_end_of_input_is_an_interruption_that_keeps_the_answers(
    cat: Catalog, typed: list[str]
) -> None:
    typed.extend(["2"])
    with pytest.raises(InterviewInterrupted) as info:
        run(cat)
    assert info.value.state.answers == {"s.kind": "bp"}


def test_the_function_name_is_required_and_prefilled(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed.extend(["", "  Accounts payable\tat Acme  "])
    assert ask_function() == "Accounts payable at Acme"
    out = capsys.readouterr().out
    assert "Which function are you assessing?" in out
    assert "  Give the function a name, e.g. Accounts payable at Acme" in out
    typed.extend(["\x1b[31mRed\x1b[0m\x07 team"])
    assert ask_function() == "Red\ufffd team"  # no escape sequence reaches a heading or a file
    typed.extend([""])
    assert ask_function("Payroll") == "Payroll"  # Enter keeps the --function name
    assert "[Enter = Payroll]: " in capsys.readouterr().out


def test_review_is_paged_to_the_terminal_and_shows_what_changed(
    catalog: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog)
    state = State(dict(sheet.answers))
    # the next page; change an answer: the first set, its first question (work kind), to
    # knowledge work; Enter: go on
    typed.extend(["3", "2", "1", "1", "3", "", ""])
    review(catalog, state)
    assert state.answers["profile.work_kind"] == "knowledge"
    out = capsys.readouterr().out
    assert "\x1b" not in out
    pages = out.split("Your answers (")
    assert len(pages) == 3  # page 1, page 2, and not again after the change
    assert pages[1].startswith("48) · page 1 of 4")
    assert pages[2].startswith("48) · page 2 of 4")
    for page in pages[1:]:  # a page fits a 40-row terminal with the menu under it
        assert len(page.split("Review\n")[0].splitlines()) <= 30
    assert "Which question set?\n  1) Function profile (7)\n  2) Core competency (10)\n" in out
    after = pages[2].split("Which answer?")[1]
    # knowledge work shows a follow-up (speed and domain knowledge), asked and left open: not
    # a change
    assert "Changed in this review (1): What kind of work does the function mainly do? → " in after
    assert "Knowledge work" in after
    assert re.search(r"  3\) Show page 3 of \d of your answers", after)


def test_review_on_one_page_offers_all_answers_after_a_change(
    cat: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = State({"s.kind": "bp", "s.yn": True, "s.num": 5, "s.many": ()})
    # change -> yn -> no; then show all answers; then go on
    typed.extend(["2", "2", "2", "3", ""])
    review(cat, state)
    out = capsys.readouterr().out
    assert state.answers["s.yn"] is False
    assert out.count("Your answers (4)") == 2  # at first, then when asked for
    assert "  3) Show all your answers" in out
    assert "    * yn? → False" in out  # the changed answer is marked


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Accounts payable at a 2,000-person insurer",
            "accounts-payable-at-a-2-000-person-insurer",
        ),
        ("Café ☕ Opérations", "cafe-operations"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "interview"),
        (None, "interview"),
        ("☕☕", "interview"),
        (
            "Customer analytics and market research at a national retailer of furniture",
            "customer-analytics-and-market-research-at-a",
        ),
        ("x" * 80, "x" * 48),
    ],
)
def test_autosave_names_are_safe_slugs(name: str | None, expected: str) -> None:
    assert slug(name) == expected


def test_long_questions_are_folded_at_words_above_the_arrow_key_prompt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """prompt_toolkit folds its prompt line letter by letter: a question too long for it is
    printed above, folded at words, and the prompt itself is short."""
    import io

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from outsource_cli.interview.arrow_keys import ArrowKeyPrompts as _Fancy

    monkeypatch.setenv("COLUMNS", "60")
    question = (
        "How specialised is the knowledge, data or equipment a provider would need to do this work?"
    )
    screen = io.StringIO()
    with (
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=PlainTextOutput(screen)),
    ):
        pipe.send_text("\r")
        assert _Fancy().select(question, [("Alpha", "a"), ("Beta", "b")], "b", []) == "b"
        pipe.send_text("\r")
        assert _Fancy().select("Short?", [("Alpha", "a")], "a", []) == "a"
    lines = screen.getvalue().replace("\r", "").splitlines()
    assert lines[:3] == [
        "How specialised is the knowledge, data or equipment a",
        "  provider would need to do this work?",
        "? Your answer (Use arrow keys)",
    ]
    assert "? Short? (Use arrow keys)" in lines  # a question that fits is the prompt itself


def test_long_choices_are_folded_at_words(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from outsource_cli.interview.arrow_keys import ArrowKeyPrompts as _Fancy

    monkeypatch.setenv("COLUMNS", "60")
    label = "Critical: a failure stops revenue or a regulated service within hours"
    screen = io.StringIO()
    with (
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=PlainTextOutput(screen)),
    ):
        pipe.send_text("\r")
        assert _Fancy().select("Q?", [(label, "a"), ("Beta", "b")], "a", []) == "a"
        pipe.send_text(" \r")
        assert _Fancy().checkbox("M?", [(label, "a")], [], [], False) == ["a"]
    lines = screen.getvalue().replace("\r", "").splitlines()
    assert " » Critical: a failure stops revenue or a regulated service" in lines
    assert "   within hours" in lines  # under the label, not cut mid-word
    assert " » ○ Critical: a failure stops revenue or a regulated" in lines
    assert "     service within hours" in lines


def test_review_back_from_the_questions_to_the_sets_to_the_review(
    catalog: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog)
    state = State(dict(sheet.answers))
    typed.extend(["2", "2", "<", "<", "1"])  # change: core; back; back; the recommendation
    review(catalog, state)
    assert state.answers == sheet.answers
    out = capsys.readouterr().out
    assert out.count("Which question set?") == 2
    assert "  <) Back to the question sets" in out and "  <) Back to the review" in out
    assert "Does the function set you apart from your competitors? [" in out
    assert "Changed in this review" not in out


def test_not_sure_between_which(
    cat: Catalog, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from outsource_cli.questionnaire.uncertain import NumberRange, OneOf

    # kind: ~ then both (their point estimate, neither scored: the first, "it", so risk is
    # asked); risk: 1; yn: Enter; num: ~, a lone number (asked again), then 3 to 7; many: 2
    typed.extend(["~", "1,2", "1", "", "~", "7", "3 to 7", "2"])
    state = run(cat)
    assert state.uncertain == {"s.kind": OneOf(("it", "bp")), "s.num": NumberRange(3, 7)}
    assert state.answers["s.kind"] == "it" and state.answers["s.num"] == 5
    assert "s.kind" not in state.defaulted and "s.num" not in state.defaulted
    out = capsys.readouterr().out
    assert "  ~) Not sure → between which?\n" in out
    assert "Not sure: which could it be?" in out
    assert "Not sure → between which?\n[two numbers, e.g. 10 to 25; Enter leaves it open]: " in out
    assert "  expected two numbers, got '7' (two numbers from 0 to 10, e.g. 10 to 25)" in out
    typed.extend(["8..2", "2..8"])  # typed at once; reversed is explained
    q = cat.questions["s.num"]
    from outsource_cli.interview.plain import PlainPrompts as _Plain
    from outsource_cli.interview.questions import _ask_number

    assert _ask_number(_Plain(), q, None, False) == NumberRange(2, 8)
    assert "range [8, 2] is reversed" in capsys.readouterr().out


def test_a_suggestion_typed_is_chosen_and_enter_takes_it(cat: Catalog, typed: list[str]) -> None:
    """On a plain terminal typing the suggestion's number (or the number itself) chooses it;
    Enter on an empty line takes it as suggested."""
    typed.extend(["2", "2", "5", ""])  # kind: bp; yn: 2 (No, its suggestion); num: 5; many
    state = run(cat)
    assert state.answers["s.yn"] is False and state.answers["s.num"] == 5
    assert state.defaulted == set()
    typed.extend(["2", "", "", ""])
    assert run(cat).defaulted == {"s.yn", "s.num"}


class _SignalledInAFinalizer:
    """An object whose finalizer receives Ctrl-C: Python swallows the KeyboardInterrupt
    raised there (it only prints "Exception ignored")."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs here, inside the finalizer
            pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_ctrl_c_python_swallowed_still_ends_the_interview_at_its_next_prompt(
    cat: Catalog, typed: list[str]
) -> None:
    typed.extend(["Payroll"] * 5)
    previous = signal.signal(signal.SIGINT, ctrl_c)  # as in a command's body
    try:
        _SignalledInAFinalizer()  # made and dropped: its finalizer runs at once
        with pytest.raises(InterviewInterrupted):
            run(cat, State())
        assert len(typed) == 5  # nothing read: it did not wait for an answer
        forget_ctrl_c()  # the next command's body starts afresh
        assert ask_function() == "Payroll"
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_resumed_interview_keeps_its_files_respondent(tmp_path: Path, typed: list[str]) -> None:
    """The decision made from a resumed interview names the respondent its file names, as
    ``assess --answers`` on that file does."""
    from outsource_cli.commands.interviewing import run_interview
    from outsource_cli.questionnaire.catalog import load_catalog

    resumed = tmp_path / "cfo.yaml"
    shutil.copy(EXAMPLES / "panel" / "cfo.yaml", resumed)
    typed.extend([""] * 3)  # Enter at the review: done
    gc.disable()  # as the entry point leaves it for a command: the interview turns it on
    try:
        sheet, target = run_interview(load_catalog(use_cache=False), None, None, resumed)
        assert gc.isenabled()
    finally:
        gc.enable()
    assert target == tmp_path / "cfo.resumed.yaml"  # the file has comments: kept as it is
    assert sheet.respondent == "CFO"
