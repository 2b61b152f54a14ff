"""What the interview knows so far (:class:`State`), the special answers a prompt can give
(help, "Not sure", back, "between which?"), and whether an answer was the suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from outsource_cli.errors import Interrupted
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, Uncertain, describe, point

HELP, SKIP, BACK, BETWEEN = "\x00help", "\x00skip", "\x00back", "\x00between"
DONE, CHANGE, MORE, ALL = "\x00done", "\x00change", "\x00more", "\x00all"
FINISH, GO_ON = "\x00finish", "\x00go_on"
# Keys the plain prompts (and the number prompt) take for the special choices.
KEYS = {HELP: "?", BACK: "<", SKIP: "-", BETWEEN: "~"}

Option = tuple[str, Any]  # (label, value)


@dataclass
class State:
    """Answers so far; ``skipped`` holds questions left open on purpose ("Not sure");
    ``defaulted`` the answers taken with Enter on the suggestion (see :func:`is_default`);
    ``uncertain`` the answers given as "between which?" (``answers`` holds their point
    estimates)."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    defaulted: set[str] = field(default_factory=set)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)
    # not asked: the adaptive interview finished once the result was settled without them
    not_asked: set[str] = field(default_factory=set)

    def record(
        self, qid: str, result: Any, *, defaulted: bool = False, question: Question | None = None
    ) -> None:
        """An answer, "Not sure" (SKIP), or an uncertain answer (``question`` gives its
        point estimate)."""
        self.defaulted.discard(qid)
        self.uncertain.pop(qid, None)
        self.not_asked.discard(qid)
        if result is SKIP:
            self.answers.pop(qid, None)
            self.skipped.add(qid)
        elif isinstance(result, NumberRange | OneOf):
            assert question is not None
            self.uncertain[qid] = result
            self.answers[qid] = point(question, result)
            self.skipped.discard(qid)
        else:
            self.answers[qid] = result
            self.skipped.discard(qid)
            if defaulted:
                self.defaulted.add(qid)

    def shown(self, q: Question, qid: str) -> str:
        """The answer to ``qid`` as a person reads it ("between 10 and 25 %" too)."""
        if qid in self.uncertain:
            return describe(q, self.uncertain[qid], display)
        return display(q, self.answers.get(qid))


def is_default(
    q: Question,
    current: AnswerValue | None,
    result: Any,
    *,
    untouched: bool,
    was_defaulted: bool = False,
) -> bool:
    """Whether ``result`` was taken as the interview suggested it: Enter pressed on the
    suggestion the prompt opened on, with nothing moved, ticked or typed (``untouched``).
    That is all the tool can know: an answer moved to (even away and back), typed, or picked
    by its number was chosen. A question answered before and kept with Enter stays as it was
    (``was_defaulted``)."""
    if not untouched:
        return False
    if current is not None:
        return was_defaulted and result == current
    if q.default is None or isinstance(result, NumberRange | OneOf) or result in (SKIP, HELP, BACK):
        return False
    default = q.default
    if of(q).many:
        wanted = default if isinstance(default, tuple) else (default,)
        return isinstance(result, tuple) and set(result) == {str(v) for v in wanted}
    return type(result) is type(default) and result == default


class InterviewInterrupted(Interrupted):
    def __init__(self, state: State) -> None:
        self.state = state
        super().__init__("interrupted")
