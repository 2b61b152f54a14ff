"""Asking one question: on the prompts the terminal takes (:func:`prompts`), as a list of
choices, ticks, or a number (or two it lies between), with help and "Not sure" on every
prompt; and recording the answer with whether it was the suggestion."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from outsource_cli.interview.arrow_keys import ArrowKeyPrompts
from outsource_cli.interview.plain import PlainPrompts
from outsource_cli.interview.state import (
    BACK,
    BETWEEN,
    HELP,
    SKIP,
    Option,
    State,
    is_default,
)
from outsource_cli.interview.terminal import plain_terminal, wrap
from outsource_cli.questionnaire import uncertain
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.answers import coerce
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.text import clean, number, one_line

Prompts = ArrowKeyPrompts | PlainPrompts


def prompts() -> Prompts:
    """The plain prompts on a terminal that cannot move the cursor, the arrow keys otherwise."""
    return PlainPrompts() if plain_terminal() else ArrowKeyPrompts()


def ask_and_record(
    ui: Prompts,
    catalog: Catalog,
    state: State,
    qid: str,
    *,
    can_go_back: bool,
    on_change: Callable[[State], None] | None,
) -> Any:
    """Ask ``qid`` and record the answer in ``state`` (then ``on_change``); BACK is returned
    unrecorded."""
    q, current = catalog.questions[qid], state.answers.get(qid)
    result = ask(ui, q, current, can_go_back=can_go_back)
    if result is BACK:
        return result
    defaulted = is_default(
        q, current, result, untouched=ui.untouched, was_defaulted=qid in state.defaulted
    )
    state.record(qid, result, defaulted=defaulted, question=q)
    if on_change:
        on_change(state)
    return result


def ask(ui: Prompts, q: Question, current: AnswerValue | None, *, can_go_back: bool) -> Any:
    while True:
        result = PROMPTS[of(q).prompt](ui, q, current, can_go_back)
        if result is HELP:
            ui.say(_help_text(q), style="italic")
            continue
        return result


def _help_text(q: Question) -> str:
    return wrap(one_line(q.help) if q.help else "No help text for this question.", indent=2)


NOT_SURE_LABEL = "Not sure (leave it open)"
BETWEEN_LABEL = "Not sure → between which?"


def _extras(q: Question, can_go_back: bool) -> list[Option]:
    extras: list[Option] = [(NOT_SURE_LABEL, SKIP), ("? Why this matters", HELP)]
    if can_go_back:
        extras.append(("← Back to the previous question", BACK))
    if of(q).uncertain == "one_of":  # a number takes "10 to 25"; see _ask_number
        extras.append((BETWEEN_LABEL, BETWEEN))
    return extras


def _ask_choice(ui: Prompts, q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    keys = {f"o{i}": o.value for i, o in enumerate(q.options)}
    options = [(clean(o.label), f"o{i}") for i, o in enumerate(q.options)]
    start = current if current is not None else q.default
    extras = _extras(q, can_go_back)
    default = next(
        (k for k, v in keys.items() if start is not None and type(v) is type(start) and v == start),
        SKIP,  # no suggestion: it opens on "Not sure"
    )
    picked = ui.select(one_line(q.text), options, default, extras)
    if picked == BETWEEN:
        ticked = ui.checkbox(
            "Not sure: which could it be? Tick each answer it could be (none leaves it open)",
            options,
            [],
            [],
            False,
        )
        values = [keys[k] for k in ticked if k in keys]
        if not values:
            return SKIP
        return uncertain.read(q, {"one_of": values}, coerce)  # one ticked: that answer
    return keys.get(picked, picked)


def _ask_multi(ui: Prompts, q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    start = (
        current
        if isinstance(current, tuple)
        else (q.default if isinstance(q.default, tuple) else (q.default,) if q.default else ())
    )
    options = [(clean(o.label), f"o{i}") for i, o in enumerate(q.options)]
    checked = [f"o{i}" for i, o in enumerate(q.options) if o.value in start]
    picked = ui.checkbox(one_line(q.text), options, checked, _extras(q, can_go_back), q.required)
    for special in (BACK, HELP, SKIP):
        if special in picked:
            return special
    return tuple(q.options[int(k[1:])].value for k in picked)


def _ask_number(ui: Prompts, q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    unit = f" {one_line(q.unit)}" if q.unit else ""
    assert q.min is not None and q.max is not None
    bounds = f"{number(q.min or 0)} to {number(q.max or 0)}{unit}"
    start = current if isinstance(current, int | float) else q.default
    if not isinstance(start, int | float) or isinstance(start, bool):
        start = None  # Enter leaves it open ("not sure")
    keys = (
        (f"Enter for {start:g}" if start is not None else "Enter if not sure")
        + "; ? for help"
        + (", < to go back" if can_go_back else "")
        + ", - if not sure, ~ if between two"
    )

    def valid(text: str) -> bool | str:
        text = text.strip()
        if text in ("?", ""):
            return True
        if text == "<":
            return can_go_back or "There is no previous question"
        if text in ("-", "~"):
            return True
        try:
            _number_or_range(q, text)
        except ValueError as exc:
            return f"{exc} (a number from {bounds})"
        return True

    # The default is a hint in the prompt, not text in the field: Enter accepts it, and typing
    # a number needs no deleting first.
    raw = ui.text(one_line(q.text), valid, hint=f"{bounds}; {keys}").strip()
    if raw == "?":
        return HELP
    if raw == "<":
        return BACK
    if raw == "~":
        return _between_numbers(ui, q, bounds)
    if raw == "-" or (not raw and start is None):
        return SKIP
    if not raw:
        return coerce(q, f"{start:g}")
    return _number_or_range(q, raw)


def _between_numbers(ui: Prompts, q: Question, bounds: str) -> Any:
    """After "~" on a number: not sure, but between which two numbers? Enter leaves it open."""

    def valid(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            _number_or_range(q, text, pair=True)
        except ValueError as exc:
            return f"{exc} (two numbers from {bounds}, e.g. 10 to 25)"
        return True

    raw = ui.text(
        "Not sure → between which?",
        valid,
        hint="two numbers, e.g. 10 to 25; Enter leaves it open",
    ).strip()
    return _number_or_range(q, raw, pair=True) if raw else SKIP


def _number_or_range(q: Question, text: str, *, pair: bool = False) -> Any:
    """A number, or a range typed as "10 to 25" or "10..25" (a range, or with ``pair`` only
    a range; ``ValueError`` otherwise)."""
    parts = re.split(r"\s+to\s+|\.\.", text.strip(), maxsplit=1)
    if len(parts) == 2:
        return uncertain.read(q, {"range": [p.strip() for p in parts]}, coerce)
    if pair:
        raise ValueError(f"expected two numbers, got {text.strip()!r}")
    return coerce(q, text)


Prompt = Callable[[Prompts, Question, AnswerValue | None, bool], Any]
# The prompts, by the name a question type gives in ``prompt`` (questionnaire/answer_types):
# a type that asks as one of these needs nothing here.
PROMPTS: dict[str, Prompt] = {"choice": _ask_choice, "ticks": _ask_multi, "number": _ask_number}
