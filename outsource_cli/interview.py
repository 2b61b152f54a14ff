"""The interactive interview: the one module that prompts (with questionary).

One loop walks the questions in asking order, skipping those whose ``when`` does not hold
given the answers so far. Every prompt opens on a sensible choice, so Enter always moves on.
Choices at the bottom of each list show the help text, skip an optional question, or go
back to the previous question.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import questionary
from questionary import Choice, Separator

from outsource_cli.errors import Interrupted
from outsource_cli.questionnaire.answers import coerce, display
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.models import Question
from outsource_cli.text import clean, one_line

HELP, SKIP, BACK = "\x00help", "\x00skip", "\x00back"
_DONE = object()


@dataclass
class State:
    """Answers so far; ``skipped`` holds optional questions passed over on purpose."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)

    def record(self, qid: str, result: Any) -> None:
        """An answer, or a deliberate skip (SKIP)."""
        if result is SKIP:
            self.answers.pop(qid, None)
            self.skipped.add(qid)
        else:
            self.answers[qid] = result
            self.skipped.discard(qid)


class InterviewInterrupted(Interrupted):
    def __init__(self, state: State) -> None:
        self.state = state
        super().__init__("interrupted")


def run(
    catalog: Catalog,
    state: State | None = None,
    *,
    only_missing: bool = False,
    on_change: Callable[[State], None] | None = None,
) -> State:
    """Ask the questions; returns the final state. Ctrl-C raises :class:`InterviewInterrupted`.

    ``only_missing`` asks only questions that have neither an answer nor a deliberate skip.
    """
    state = state or State()
    order = list(catalog.questions)
    given = set(state.answers) | set(state.skipped) if only_missing else set()
    history: list[int] = []
    i = 0
    try:
        while i < len(order):
            qid = order[i]
            _, shown = walk(catalog, state.answers)
            if qid not in shown or qid in given:
                i += 1
                continue
            _progress(catalog, qid, shown)
            result = _ask(catalog.questions[qid], state.answers.get(qid), can_go_back=bool(history))
            if result is BACK:
                i = history.pop()
                continue
            state.record(qid, result)
            if on_change:
                on_change(state)
            history.append(i)
            i += 1
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None
    return state


def review(
    catalog: Catalog, state: State, *, on_change: Callable[[State], None] | None = None
) -> State:
    """Show every answer; Enter goes on to the recommendation, or pick one to change."""
    try:
        while True:
            _, shown = walk(catalog, state.answers)
            questionary.print("\nYour answers", style="bold")
            current_set = None
            for qid in shown:
                qs = catalog.set_of[qid]
                if qs.id != current_set:
                    questionary.print(f"  {one_line(qs.title)}", style="bold")
                    current_set = qs.id
                q = catalog.questions[qid]
                answer = one_line(display(q, state.answers.get(qid)))
                questionary.print(_wrap(f"{one_line(q.text)} → {answer}", indent=4))
            go_on = Choice("Show the recommendation", value="done")
            picked = questionary.select(
                "Review", choices=[go_on, Choice("Change an answer", value="change")], default=go_on
            ).unsafe_ask()
            if picked == "done":
                return state
            options = [
                Choice(
                    f"{one_line(catalog.set_of[q].title)}: {one_line(catalog.questions[q].text)} "
                    f"[{one_line(display(catalog.questions[q], state.answers.get(q)))}]",
                    value=q,
                )
                for q in shown
            ]
            back = Choice("← Back to the review", value=BACK)
            qid = questionary.select(
                "Which answer?", choices=[*options, Separator(), back]
            ).unsafe_ask()
            if qid == BACK:
                continue
            state.record(
                qid, _ask(catalog.questions[qid], state.answers.get(qid), can_go_back=False)
            )
            if on_change:
                on_change(state)
            run(catalog, state, only_missing=True, on_change=on_change)  # newly shown questions
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None


def _progress(catalog: Catalog, qid: str, shown: list[str]) -> None:
    qs = catalog.set_of[qid]
    in_set = [q for q in shown if catalog.set_of[q].id == qs.id]
    questionary.print(
        f"\n{one_line(qs.title)} · {in_set.index(qid) + 1} of {len(in_set)}", style="bold"
    )


def _ask(q: Question, current: AnswerValue | None, *, can_go_back: bool) -> Any:
    while True:
        if q.type == "number":
            result = _ask_number(q, current, can_go_back)
        elif q.type == "multi":
            result = _ask_multi(q, current, can_go_back)
        else:
            result = _ask_choice(q, current, can_go_back)
        if result is HELP:
            questionary.print(_help_text(q), style="italic")
            continue
        return result


def _help_text(q: Question) -> str:
    return _wrap(one_line(q.help) if q.help else "No help text for this question.", indent=2)


def _wrap(text: str, *, indent: int) -> str:
    """``text`` folded to the terminal's width, every line indented."""
    width = max(40, min(100, shutil.get_terminal_size().columns - 2))
    pad = " " * indent
    return textwrap.fill(text, width=width, initial_indent=pad, subsequent_indent=pad + "  ")


def _extras(q: Question, can_go_back: bool) -> list[Any]:
    extras: list[Any] = [Separator()]
    if not q.required:
        extras.append(Choice("Skip: not sure / not applicable", value=SKIP))
    extras.append(Choice("? Why this matters", value=HELP))
    if can_go_back:
        extras.append(Choice("← Back to the previous question", value=BACK))
    return extras


def _ask_choice(q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    keys = {f"o{i}": o.value for i, o in enumerate(q.options)}
    choices = [Choice(clean(o.label), value=f"o{i}") for i, o in enumerate(q.options)]
    start = current if current is not None else q.default
    default = next(
        (
            c
            for c, (k, v) in zip(choices, keys.items(), strict=True)
            if start is not None and type(v) is type(start) and v == start
        ),
        choices[0],
    )
    picked = questionary.select(
        one_line(q.text), choices=[*choices, *_extras(q, can_go_back)], default=default
    ).unsafe_ask()
    return keys.get(picked, picked)


def _ask_multi(q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    start = (
        current
        if isinstance(current, tuple)
        else (q.default if isinstance(q.default, tuple) else (q.default,) if q.default else ())
    )
    choices = [
        Choice(clean(o.label), value=f"o{i}", checked=o.value in start)
        for i, o in enumerate(q.options)
    ]
    extras = [
        c for c in _extras(q, can_go_back) if not isinstance(c, Separator) and c.value != SKIP
    ]
    picked = questionary.checkbox(
        one_line(q.text),
        choices=[*choices, Separator(), *extras],
        instruction="(space to tick, Enter to go on; tick a ? or ← line to use it)",
        validate=lambda sel: bool(sel) or not q.required or "Tick at least one option",
    ).unsafe_ask()
    for special in (BACK, HELP):
        if special in picked:
            return special
    return tuple(q.options[int(k[1:])].value for k in picked)


def _ask_number(q: Question, current: AnswerValue | None, can_go_back: bool) -> Any:
    unit = f" {one_line(q.unit)}" if q.unit else ""
    assert q.min is not None and q.max is not None
    bounds = f"{q.min:g} to {q.max:g}{unit}"
    start = current if isinstance(current, int | float) else q.default
    if not isinstance(start, int | float) or isinstance(start, bool):
        start = q.min
    keys = (
        "? for help"
        + (", < to go back" if can_go_back else "")
        + (", - to skip" if not q.required else "")
    )

    def valid(text: str) -> bool | str:
        text = text.strip()
        if text in ("?", ""):
            return True
        if text == "<":
            return can_go_back or "There is no previous question"
        if text == "-":
            return not q.required or "This question needs an answer"
        try:
            coerce(q, text)
        except ValueError as exc:
            return f"{exc} (a number from {bounds})"
        return True

    raw = (
        questionary.text(
            f"{one_line(q.text)} [{bounds}; {keys}]", default=f"{start:g}", validate=valid
        )
        .unsafe_ask()
        .strip()
    )
    if raw == "?":
        return HELP
    if raw == "<":
        return BACK
    if raw == "-":
        return SKIP
    if not raw:
        return coerce(q, f"{start:g}")
    return coerce(q, raw)
