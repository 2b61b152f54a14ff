"""The prompt loop: the questions in the set order (going back, skipping those not asked
given the answers so far), or adaptively (what decides most first, with the offer to finish
once the result is settled), each headed by where the interview stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outsource_cli.interview.questions import Prompts, ask_and_record, prompts
from outsource_cli.interview.state import BACK, FINISH, GO_ON, InterviewInterrupted, State
from outsource_cli.interview.terminal import wrap
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.text import one_line

OnChange = Callable[[State], None] | None


def run(
    catalog: Catalog,
    state: State | None = None,
    *,
    only_missing: bool = False,
    on_change: OnChange = None,
    adaptive: bool = False,
) -> State:
    """Ask the questions; returns the final state. Ctrl-C raises :class:`InterviewInterrupted`.

    ``only_missing`` asks only questions that have neither an answer nor a deliberate skip.
    ``adaptive`` asks the question that decides most first (:mod:`~outsource_cli.decision.
    adaptive`) and, once nothing an open answer could do changes the recommendation, offers
    to finish: finishing records the questions left in ``state.not_asked``.
    """
    state = state or State()
    try:
        if adaptive:
            _Adaptive(catalog, state, only_missing, on_change).run()
        else:
            _in_order(catalog, state, only_missing, on_change)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None
    return state


def _in_order(catalog: Catalog, state: State, only_missing: bool, on_change: OnChange) -> None:
    """The questions in the set order, those not asked given the answers so far passed by."""
    ui = prompts()
    order = list(catalog.questions)
    given = set(state.answers) | set(state.skipped) if only_missing else set()
    history: list[int] = []
    i = 0
    while i < len(order):
        qid = order[i]
        _, shown = walk(catalog, state.answers)
        if qid not in shown or qid in given:
            i += 1
            continue
        ui.say(progress(catalog, qid, shown), style="bold")
        result = ask_and_record(
            ui, catalog, state, qid, can_go_back=bool(history), on_change=on_change
        )
        if result is BACK:
            i = history.pop()
            continue
        history.append(i)
        i += 1


class _Adaptive:
    """The adaptive interview: see :func:`run`."""

    def __init__(
        self, catalog: Catalog, state: State, only_missing: bool, on_change: OnChange
    ) -> None:
        from outsource_cli.decision import adaptive

        self.adaptive = adaptive
        self.catalog, self.state, self.on_change = catalog, state, on_change
        self.ui = prompts()
        self.context = adaptive.Context(catalog)
        self.given = set(state.answers) | set(state.skipped) if only_missing else set()
        self.history: list[str] = []
        self.asked = 0
        self.offered = False  # the offer to finish is made once; "go on" asks the rest in order
        self.last: str | None = None
        self.redo: str | None = None  # a question to ask again (after "← Back")

    def run(self) -> None:
        while True:
            now = self._settled()
            if self._finished_early(now):
                return
            qid = self.redo or self.adaptive.next_question(
                self.catalog,
                self.state.answers,
                skipped=self.state.skipped | self.given,
                last=self.last,
                context=self.context,
            )
            self.redo = None
            if qid is None:
                return
            self._ask(qid, now)

    def _settled(self) -> Any:
        values = self.adaptive.possible(self.catalog, self.state.answers, self.context)
        return self.adaptive.settled(self.catalog, self.state.answers, values, self.context)

    def _finished_early(self, now: Any) -> bool:
        """Once the result is settled with questions left: the offer to finish (made once);
        True when taken (the questions left are recorded as not asked)."""
        state = self.state
        left = [q for q in now.remaining if q not in state.skipped and q not in self.given]
        if not now.done or self.offered or not left or self.redo is not None:
            return False
        self.offered = True
        if not _offer_finish(self.ui, self.asked, len(left)):
            return False
        state.not_asked = set(left)
        if self.on_change:
            self.on_change(state)
        return True

    def _ask(self, qid: str, now: Any) -> None:
        self.ui.say(settled_progress(self.catalog, qid, self.asked + 1, now), style="bold")
        result = ask_and_record(
            self.ui,
            self.catalog,
            self.state,
            qid,
            can_go_back=bool(self.history),
            on_change=self.on_change,
        )
        if result is BACK:
            self.redo = self.history.pop()
            self.asked -= 1
            self.given.discard(self.redo)
            return
        self.history.append(qid)
        self.asked += 1
        self.last = qid


def _offer_finish(ui: Prompts, asked: int, left: int) -> bool:
    """Say that the result is settled, and ask whether to finish now (True) or go on."""
    questions = "question" if asked == 1 else "questions"
    more = "question" if left == 1 else "questions"
    ui.say(
        "\n"
        + wrap(
            f"Settled after {asked} {questions}: nothing you could answer now changes the "
            f"recommendation. {left} more {more} would refine the business case and the plan.",
            indent=0,
        ),
        style="bold",
    )
    picked = ui.select(
        "Finish now, or go on?",
        [
            ("Finish now: show the recommendation (the rest are listed as not asked)", FINISH),
            (f"Go on: answer the {left} remaining {more}", GO_ON),
        ],
        FINISH,
        [],
    )
    return bool(picked == FINISH)


def settled_progress(catalog: Catalog, qid: str, number: int, now: Any) -> str:
    """``Question 12 · settled: outcome, location; open: model · Control and risk``: how many
    questions so far and what the answers so far settle (``now``: :class:`~outsource_cli.
    decision.adaptive.Settled`), never an "of about N" that grows."""
    status = []
    if now.settled:
        status.append("settled: " + ", ".join(now.settled))
    if now.open:
        status.append("open: " + ", ".join(now.open))
    line = f"Question {number} · {'; '.join(status)} · {one_line(catalog.set_of[qid].title)}"
    return "\n" + wrap(line, indent=0)


def progress(catalog: Catalog, qid: str, shown: list[str]) -> str:
    """``Question 12 of about 40 · Control and risk``: where the question stands among those
    shown given the answers so far ("about": follow-ups can still appear or go)."""
    qs = catalog.set_of[qid]
    return f"\nQuestion {shown.index(qid) + 1} of about {len(shown)} · {one_line(qs.title)}"
