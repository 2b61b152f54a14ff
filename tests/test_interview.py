"""The interview, driven through prompt_toolkit's pipe input (in process)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from outsource_cli.interview import InterviewInterrupted, State, run
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import choice_q, make_catalog, option

DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "

SETS = [
    {
        "id": "s",
        "title": "S",
        "questions": [
            choice_q("kind", {"it": None, "bp": None}, required=True),  # type: ignore[dict-item]
            choice_q(
                "risk",
                {"lo": 80, "hi": 10},
                default="hi",
                when={"question": "s.kind", "equals": "it"},
            ),
            {
                "id": "yn",
                "text": "yn?",
                "help": "because",
                "type": "yes_no",
                "default": False,
                "options": [option(True, 70), option(False, 30)],
            },
            {
                "id": "num",
                "text": "num?",
                "help": "h",
                "type": "number",
                "min": 0,
                "max": 10,
                "default": 5,
                "ranges": [
                    {"up_to": 5, "score": 20, "because": "low"},
                    {"up_to": 10, "score": 80, "because": "hi"},
                ],
            },
            {
                "id": "many",
                "text": "many?",
                "help": "h",
                "type": "multi",
                "options": [option("a", 10), option("b", 90)],
            },
        ],
    },
]


@pytest.fixture
def cat() -> Catalog:
    return make_catalog(SETS)


@pytest.fixture(autouse=True)
def _arrow_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests drive questionary: a terminal that moves the cursor, whatever TERM the
    test run has (CI may have none, which would make the interview plain)."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("OUTSOURCE_PLAIN", raising=False)


@contextmanager
def keys(*presses: str) -> Iterator[None]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(presses))
        yield


def test_enter_only_takes_the_defaults_and_leaves_the_rest_open(cat: Catalog) -> None:
    # kind has no default: it opens on "Not sure", so Enter never answers it for the user
    with keys(ENTER * 4):
        state = run(cat)
    assert state.answers == {"s.yn": False, "s.num": 5, "s.many": ()}
    assert state.skipped == {"s.kind"}  # "not sure": risk, which depends on it, is not asked
    assert state.defaulted == {"s.yn", "s.num"}  # accepted as suggested, and recorded so


def test_an_answer_moved_away_from_the_default_is_not_defaulted(cat: Catalog) -> None:
    with keys(UP, UP, ENTER, UP, ENTER, ENTER, ENTER, ENTER):
        state = run(cat)
    assert state.answers["s.risk"] == "lo" and "s.risk" not in state.defaulted
    assert state.defaulted == {"s.yn", "s.num"}


def test_the_suggestion_chosen_on_purpose_is_not_defaulted(cat: Catalog) -> None:
    """Moved to (here away and back) or typed, the suggestion is the user's choice; only Enter
    on the suggestion the prompt opened on, nothing moved or typed, is "taken as suggested"."""
    # kind: up to bp; yn opens on No (its suggestion): up to Yes, down to No, Enter;
    # num: type its suggestion, 5; many: tick a, untick it, Enter (nothing ticked)
    with keys(UP, ENTER, UP, DOWN, ENTER, "5", ENTER, SPACE, SPACE, ENTER):
        state = run(cat)
    assert state.answers == {"s.kind": "bp", "s.yn": False, "s.num": 5, "s.many": ()}
    assert state.defaulted == set()


def test_back_and_enter_keeps_what_an_answer_was(cat: Catalog) -> None:
    # kind: bp; yn: Enter (taken as suggested); num: "<" back to yn, Enter again: still taken
    # as suggested; num: 5 typed. Then the same, but at yn the second time: up, down, Enter.
    with keys(UP, ENTER, ENTER, "<", ENTER, ENTER, "5", ENTER, ENTER):
        state = run(cat)
    assert state.defaulted == {"s.yn"}
    with keys(UP, ENTER, ENTER, "<", ENTER, UP, DOWN, ENTER, "5", ENTER, ENTER):
        state = run(cat)
    assert state.answers["s.yn"] is False and state.defaulted == set()


def test_review_keeps_or_clears_taken_as_suggested(cat: Catalog) -> None:
    from outsource_cli.interview import review

    state = State({"s.kind": "bp", "s.yn": False, "s.num": 5, "s.many": ()}, defaulted={"s.yn"})
    # Change an answer -> yn (the second) -> Enter on it as it opens: it stays as it was
    with keys(DOWN, ENTER, DOWN, ENTER, ENTER, ENTER):
        review(cat, state)
    assert state.defaulted == {"s.yn"}
    # ... and moved away and back to it: now chosen
    with keys(DOWN, ENTER, DOWN, ENTER, UP, DOWN, ENTER, ENTER):
        review(cat, state)
    assert state.answers["s.yn"] is False and state.defaulted == set()


def test_arrow_keys_and_skip_logic(cat: Catalog) -> None:
    # kind: down to "bp" -> risk is not asked; yn: up to True; num: type 8; many: tick b
    with keys(UP, ENTER, UP, ENTER, "\x7f8", ENTER, DOWN, SPACE, ENTER):
        state = run(cat)
    assert state.answers == {"s.kind": "bp", "s.yn": True, "s.num": 8, "s.many": ("b",)}


def test_not_sure_leaves_a_question_open(cat: Catalog) -> None:
    # kind opens on "Not sure": up to bp, up to it. risk: lo, hi (default), then separator,
    # "Not sure", "? Why", "← Back"
    with keys(UP, UP, ENTER, DOWN, ENTER, ENTER, "\x7f-", ENTER, ENTER):
        state = run(cat)
    assert "s.risk" in state.skipped and "s.risk" not in state.answers
    assert "s.num" in state.skipped


def test_help_then_answer(cat: Catalog) -> None:
    # kind: options it, bp, then "Not sure" (where it opens), "? Why this matters" (no back)
    with keys(DOWN, ENTER, UP, UP, ENTER, ENTER * 4):
        state = run(cat)
    assert state.answers["s.kind"] == "it"


def test_back_changes_an_earlier_answer(cat: Catalog) -> None:
    # kind=it; at risk (pointer on hi) go down past "Not sure" and help to "← Back"; then bp
    with keys(UP, UP, ENTER, DOWN * 3, ENTER, DOWN, ENTER, ENTER * 3):
        state = run(cat)
    assert state.answers["s.kind"] == "bp"
    assert "s.risk" not in state.answers


def test_ctrl_c_keeps_the_answers_so_far(cat: Catalog) -> None:
    seen: list[dict[str, object]] = []
    with keys(UP, UP, ENTER, ENTER, "\x03"), pytest.raises(InterviewInterrupted) as info:
        run(cat, on_change=lambda s: seen.append(dict(s.answers)))
    assert info.value.state.answers == {"s.kind": "it", "s.risk": "hi"}
    assert seen[-1] == {"s.kind": "it", "s.risk": "hi"}


def test_only_missing_asks_the_rest(cat: Catalog) -> None:
    start = State({"s.kind": "it", "s.risk": "lo", "s.yn": True})
    with keys(ENTER, ENTER):
        state = run(cat, start, only_missing=True)
    assert state.answers == {"s.kind": "it", "s.risk": "lo", "s.yn": True, "s.num": 5, "s.many": ()}


def test_review_enter_goes_on(cat: Catalog) -> None:
    from outsource_cli.interview import review

    state = State({"s.kind": "it", "s.risk": "lo"})
    with keys(ENTER):
        assert review(cat, state) is state
    assert state.answers == {"s.kind": "it", "s.risk": "lo"}


def test_review_changes_an_answer_and_asks_what_it_reveals(cat: Catalog) -> None:
    from outsource_cli.interview import review

    saves: list[dict[str, object]] = []
    state = State({"s.kind": "bp", "s.yn": True, "s.num": 5, "s.many": ()})
    # Change an answer -> first question (kind) -> it; risk is now shown and asked (Enter: hi);
    # back in the review, Enter shows the recommendation.
    with keys(DOWN, ENTER, ENTER, UP, ENTER, ENTER, ENTER):
        review(cat, state, on_change=lambda s: saves.append(dict(s.answers)))
    assert state.answers["s.kind"] == "it" and state.answers["s.risk"] == "hi"
    assert saves[-1]["s.risk"] == "hi"
