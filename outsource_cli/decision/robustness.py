"""How well the outcome holds up: the share of plausible small answer changes under which the
outcome stays the same. Exact: every such change is evaluated. Pure.

One-step changes (each evaluated alone, the other answers as given):

- each answered question that can move the outcome (a stage or a gate tests it, it is an
  input of the business case, or it decides whether another question is shown) moved to a neighbouring answer: the option just above or just below
  it in the question's list (a yes/no question: the other answer); a multi question with one
  option ticked or unticked; a number moved by a tenth of its scale up or down (within the
  scale).

Set weights are not moved: they weigh the balance of the answers, never the outcome.

Unanswered questions are not moved here: what they could do is the missing-answers range.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from outsource_cli.decision.dependencies import deciding
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue


class Step(NamedTuple):
    kind: str  # "answer" or "weight"
    target: str  # set.question, or a set id
    value: AnswerValue  # the new answer, or the new weight
    outcome: str  # the outcome after the change


class Robustness(NamedTuple):
    share: float  # 0-1: the share of small answer changes under which the outcome holds
    changes: int  # how many small answer changes were tried
    flips: tuple[Step, ...]  # those that change the outcome


def neighbours(catalog: Catalog, qid: str, value: AnswerValue) -> Iterator[AnswerValue]:
    q = catalog.questions[qid]
    yield from of(q).neighbours(q, value)


def robustness(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None = None,
    evaluator: Evaluator | None = None,
) -> Robustness:
    ev = evaluator or Evaluator(catalog, answers, weights)
    base: Evaluation = ev.base
    tried = 0
    flips: list[Step] = []
    inputs = deciding(catalog)
    for qid, value in base.effective.items():
        if qid not in inputs:
            continue  # its answer cannot move the outcome
        for moved in neighbours(catalog, qid, value):
            tried += 1
            outcome = ev.decided({qid: moved})
            if outcome != base.outcome:
                flips.append(Step("answer", qid, moved, outcome))
    share = 1.0 if not tried else (tried - len(flips)) / tried
    return Robustness(share, tried, tuple(flips))
