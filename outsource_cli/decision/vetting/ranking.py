"""Scores, the ranking and what would change it. Pure; every number exact (docs/vetting.md).

**Score.** A question's score is its answer's score (0 = a weak provider on this point,
100 = a strong one), as in the decision engine (:func:`~outsource_cli.decision.scoring.
question_score`). A competency's (a set's) score is the weighted mean of its answered
questions. The overall score counts each question with ``c = W·w / shown``: its set's weight
``W`` times its own weight ``w``, over the total weight of the set's scored questions shown,
so a set answered on one question of five carries a fifth of its weight (the engine's rule):
``S = Σ c·s ÷ Σ c`` over the answered questions. An unanswered question is left out: a
due-diligence gap, not a zero.

**Evaluators.** A provider evaluated by several people takes, for each scored question, the
median of their answers by score (an even split: the lower of the two middle answers); for an
unscored one, the answer most of them gave (a tie: the option listed first; a number: the
highest, so a disputed price counts at its dearest).

**Ranking.** Highest score first; equal scores by name. Providers without any scored
answer come last, unranked.

The smallest change that swaps first and second: :mod:`.swap`; the evaluators'
disagreements: :mod:`.evaluators`; the due-diligence gaps: :mod:`.gaps`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision.scoring import question_score, score_bounds, tidy
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question

NEUTRAL = 50.0


class Evaluation(NamedTuple):
    evaluator: str
    answers: Mapping[str, AnswerValue]  # the answers that count, set.question -> value


class Reason(NamedTuple):
    question: str
    points: float  # signed contribution to the overall score, from neutral 50
    because: str


class Competency(NamedTuple):
    set_id: str
    title: str
    score: float | None  # None: nothing answered
    answered: int
    scored: int  # scored questions shown
    reasons: tuple[Reason, ...]  # most points first


class Scored(NamedTuple):
    name: str
    score: float | None
    competencies: tuple[Competency, ...]
    answers: Mapping[str, AnswerValue]  # the provider's answers (its evaluators' combined)


# ---------------------------------------------------------------- combining evaluators


def combine(catalog: Catalog, evaluations: Sequence[Evaluation]) -> dict[str, AnswerValue]:
    """The provider's answer to each question from its evaluators' (module docstring)."""
    if len(evaluations) == 1:
        return dict(evaluations[0].answers)
    out: dict[str, AnswerValue] = {}
    for qid, q in catalog.questions.items():
        values = [e.answers[qid] for e in evaluations if qid in e.answers]
        if not values:
            continue
        scored = [(s, v) for v in values if (s := question_score(q, v)) is not None]
        if len(scored) == len(values):
            ordered = sorted(scored, key=lambda sv: (sv[0], _order(q, sv[1])))
            out[qid] = ordered[(len(ordered) - 1) // 2][1]
        elif of(q).numeric:
            out[qid] = max(values, key=lambda v: float(v) if _is_number(v) else -math.inf)  # type: ignore[arg-type]
        else:
            counts: dict[str, int] = {}
            for v in values:
                counts[repr(v)] = counts.get(repr(v), 0) + 1
            out[qid] = min(values, key=lambda v: (-counts[repr(v)], _order(q, v)))
    return out


def _order(q: Question, value: AnswerValue) -> tuple[int, str]:
    for i, o in enumerate(q.options):
        if type(o.value) is type(value) and o.value == value:
            return i, ""
    return len(q.options), repr(value)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# ---------------------------------------------------------------- scoring


class Model:
    """The weights of one provider's answered and shown questions: what its score is made
    of. ``factors``: a multiplier per set weight (what-if)."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        factors: Mapping[str, float] | None = None,
    ) -> None:
        self.catalog = catalog
        self.answers, shown = walk(catalog, answers)
        self.shown = [
            qid for qid in shown if score_bounds(catalog.questions[qid]) is not None
        ]  # scored questions shown
        totals: dict[str, float] = {}
        for qid in self.shown:
            s = catalog.set_of[qid]
            totals[s.id] = totals.get(s.id, 0.0) + catalog.questions[qid].weight
        factors = factors or {}
        self.c = {
            qid: catalog.set_of[qid].weight
            * factors.get(catalog.set_of[qid].id, 1.0)
            * catalog.questions[qid].weight
            / totals[catalog.set_of[qid].id]
            for qid in self.shown
        }
        self.s = {
            qid: sc
            for qid in self.shown
            if qid in self.answers
            and (sc := question_score(catalog.questions[qid], self.answers[qid])) is not None
        }

    def parts(self, set_id: str | None = None) -> tuple[float, float]:
        """(Σ c·s, Σ c) over the answered questions (of one set, or all)."""
        num = den = 0.0
        for qid, s in self.s.items():
            if set_id is None or self.catalog.set_of[qid].id == set_id:
                num += self.c[qid] * s
                den += self.c[qid]
        return num, den

    def score(self) -> float | None:
        num, den = self.parts()
        return tidy(num / den) if den > 0 else None

    def gaps(self) -> list[str]:
        return [qid for qid in self.shown if qid not in self.s]


def score_provider(
    catalog: Catalog,
    name: str,
    answers: Mapping[str, AnswerValue],
    factors: Mapping[str, float] | None = None,
) -> Scored:
    m = Model(catalog, answers, factors)
    score = m.score()
    _, den = m.parts()
    competencies: list[Competency] = []
    for qs in catalog.sets:
        ids = [qid for qid in m.shown if catalog.set_of[qid].id == qs.id]
        if not ids:
            continue
        answered = [qid for qid in ids if qid in m.s]
        weight = sum(catalog.questions[q].weight for q in answered)
        value = (
            tidy(sum(catalog.questions[q].weight * m.s[q] for q in answered) / weight)
            if weight > 0
            else None
        )
        reasons = sorted(
            (
                Reason(
                    q,
                    m.c[q] * (m.s[q] - NEUTRAL) / den,
                    _because(catalog.questions[q], m.answers[q]),
                )
                for q in answered
            ),
            key=lambda r: (-abs(r.points), r.question),
        )
        competencies.append(
            Competency(qs.id, qs.title, value, len(answered), len(ids), tuple(reasons))
        )
    return Scored(name, score, tuple(competencies), m.answers)


def _because(q: Question, value: AnswerValue) -> str:
    return of(q).because(q, value)


def key(name: str, score: float | None) -> tuple[int, float, str]:
    """The ranking's order: scored before unscored, higher score first, then by name."""
    return (0, -score, name) if score is not None else (1, 0.0, name)


def rank(scored: Iterable[Scored]) -> list[Scored]:
    return sorted(scored, key=lambda p: key(p.name, p.score))
