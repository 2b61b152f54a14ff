"""The evaluators of one provider: the questions they answered differently, and the answers
that alone, in place of the provider's combined answer, would change who ranks first. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision.scoring import question_score, tidy
from outsource_cli.decision.vetting.ranking import Evaluation, Model, Scored, key
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue


class Spread(NamedTuple):
    provider: str
    question: str
    answers: tuple[tuple[str, AnswerValue], ...]  # (evaluator, answer)
    points: float  # highest minus lowest score


class Disagreement(NamedTuple):
    """One evaluator's answer that, in place of the provider's combined answer, changes the
    winner."""

    provider: str
    evaluator: str
    question: str
    answer: AnswerValue
    winner: str  # who would rank first


def spreads(catalog: Catalog, name: str, evaluations: Sequence[Evaluation]) -> list[Spread]:
    """The scored questions the evaluators of one provider answered differently, widest
    first."""
    out: list[Spread] = []
    if len(evaluations) < 2:
        return out
    for qid, q in catalog.questions.items():
        given = [(e.evaluator, e.answers[qid]) for e in evaluations if qid in e.answers]
        scores = [s for _, v in given if (s := question_score(q, v)) is not None]
        if len(scores) < 2 or max(scores) == min(scores):
            continue
        out.append(Spread(name, qid, tuple(given), tidy(max(scores) - min(scores))))
    return sorted(out, key=lambda s: (-s.points, s.question))


def disagreements(
    catalog: Catalog,
    providers: Sequence[Scored],
    evaluations: Mapping[str, Sequence[Evaluation]],
    factors: Mapping[str, float] | None = None,
) -> list[Disagreement]:
    """Each evaluator's answer that alone, in place of its provider's combined answer,
    changes who ranks first (``providers``: the ranked ones)."""
    if len(providers) < 2:
        return []
    winner = providers[0].name
    found: list[Disagreement] = []
    for p in providers:
        for spread in spreads(catalog, p.name, evaluations.get(p.name, ())):
            for who, value in spread.answers:
                if repr(value) == repr(p.answers.get(spread.question)):
                    continue
                moved = Model(catalog, {**p.answers, spread.question: value}, factors).score()
                scores = {o.name: (moved if o.name == p.name else o.score) for o in providers}
                top = min(scores, key=lambda n: key(n, scores[n]))
                if top != winner:
                    found.append(Disagreement(p.name, who, spread.question, value, top))
    return found
