"""Why an answer scores as it does, in words: the ``because`` sentences of the question set.
Presentation only; the numbers come from :mod:`outsource_cli.decision.scoring`."""

from __future__ import annotations

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question


def because(q: Question, value: AnswerValue) -> str:
    return of(q).because(q, value)
