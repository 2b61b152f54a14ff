"""Answers to an outcome, in one place: which questions count, the score, the stages and the
gates (the gates' precedence in :mod:`~outsource_cli.decision.outcomes`).

The engine explains one evaluation in full; the counterfactual search, robustness and the
missing-answers range evaluate thousands of small changes with :class:`Evaluator`, which
re-scores only the question sets a change touches but calls the very same functions, so it
always agrees with the engine. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from typing import Any, NamedTuple

from outsource_cli.decision import business_case, stages
from outsource_cli.decision.dependencies import dependents
from outsource_cli.decision.incremental import Incremental
from outsource_cli.decision.outcomes import decided_outcome, gated
from outsource_cli.decision.overlays import NO_KEYS, Overlay, SetOverlay, SetScores
from outsource_cli.decision.scoring import SetSum, overall, question_score, set_sum
from outsource_cli.decision.stages import Stages
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import AnswerValue, Truth, dimensions_in
from outsource_cli.questionnaire.shapes import Policy


class Evaluation(NamedTuple):
    effective: Mapping[str, AnswerValue]  # the answers that count
    shown: list[str]  # questions surely shown, in asking order
    open: Set[str]  # shown or maybe shown, not answered
    scores: Mapping[str, float]  # question -> score, for answered scored questions
    sums: Mapping[str, SetSum]  # set -> its part of the score, in set order
    weights: dict[str, float]  # set weights in force (the files', or what-if overrides)
    score: float  # S
    made_of: float  # Σ W·answered/shown: the weight S is made of
    base: str  # the outcome of the stages' verdicts, before the gates
    truths: tuple[Truth, ...]  # each gate, in policy order
    outcome: str
    stages: Stages  # the stages' point verdicts

    @property
    def dims(self) -> dict[str, float | None]:
        return {k: s.score for k, s in self.sums.items()}


def evaluate(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None = None,
) -> Evaluation:
    """The evaluation of ``answers`` from scratch: what is shown and open, each answered
    question's score, each set's part of the score, then :func:`_finish`."""
    effective, shown, open_ = explore(catalog, answers)
    scores: dict[str, float] = {}
    for qid in shown:
        if qid in effective:
            s = question_score(catalog.questions[qid], effective[qid])
            if s is not None:
                scores[qid] = s
    business_case.rescore(catalog, effective, scores)  # the saving scores the business case
    set_weights = {qs.id: (weights or {}).get(qs.id, qs.weight) for qs in catalog.sets}
    by_set = scored_shown(catalog, shown)
    sums = {qs.id: _set_sum(catalog, by_set[qs.id], scores) for qs in catalog.sets}
    return _finish(catalog, effective, shown, frozenset(open_), scores, sums, set_weights)


def scored_shown(catalog: Catalog, shown: Iterable[str]) -> dict[str, list[str]]:
    """For each set, its shown scored questions in asking order."""
    by_set: dict[str, list[str]] = {qs.id: [] for qs in catalog.sets}
    for q in shown:
        if catalog.questions[q].scored:
            by_set[catalog.set_of[q].id].append(q)
    return by_set


def _set_sum(catalog: Catalog, qids: list[str], scores: Mapping[str, float]) -> SetSum:
    """A set's part of the score from its shown scored questions ``qids``."""
    questions = catalog.questions
    return set_sum(
        ((questions[q].weight, scores[q]) for q in qids if q in scores),
        sum(questions[q].weight for q in qids),
    )


def _finish(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    shown: list[str],
    open_: Set[str],
    scores: Mapping[str, float],
    sums: Mapping[str, SetSum],
    weights: dict[str, float],
    totals: tuple[float, float] | None = None,
) -> Evaluation:
    """The score, the stages and the gates; ``totals``: the score and its weight when the
    caller has them (:func:`overall` of these ``sums``)."""
    policy = catalog.policy
    score, made_of = totals if totals is not None else overall(sums, weights)
    verdicts = stages.point(catalog, effective, open_)
    dims = SetScores(sums)
    truths = tuple(c(effective, open_, dims, None) for c in stages.checks(catalog).gates)
    outcome = gated(verdicts.base, policy.gates, truths)
    return Evaluation(
        effective,
        shown,
        open_,
        scores,
        sums,
        weights,
        score,
        made_of,
        verdicts.base,
        truths,
        outcome,
        verdicts,
    )


def shown_score(policy: Policy, score: float) -> float:
    """``score`` (the balance of the answers, 0-100) rounded to one decimal: it ranks results
    and never decides the outcome."""
    return round(score, 1) + 0.0


def _memo_key(answers: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """``answers`` as a dictionary key, flat (question, type, value, question, …) in question
    order (True and 1 kept apart); None when a value cannot be one."""
    key = tuple(x for q in sorted(answers) for x in (q, type(answers[q]), answers[q]))
    try:
        hash(key)
    except TypeError:
        return None
    return key


class Evaluator:
    """Evaluations of small changes to one set of answers, with the same functions as
    :func:`evaluate`, so it always agrees with it: a change is worked out from the base
    evaluation (:class:`~outsource_cli.decision.incremental.Incremental`), then the stages
    and the gates as :func:`evaluate` ends."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        weights: Mapping[str, float] | None = None,
    ):
        self.catalog, self.answers, self.weights = catalog, dict(answers), weights
        self.base = evaluate(catalog, answers, weights)
        self.dependents = dependents(catalog)
        self.steering = frozenset(self.dependents)
        self._incremental = Incremental(
            catalog,
            self.answers,
            self.base,
            self.dependents,
            scored_shown(catalog, self.base.shown),
        )
        self.memo: dict[str, Any] = {}  # what the searches work out once per evaluator
        self._needs_scores = any(
            any(True for _ in dimensions_in(g.when)) for g in catalog.policy.gates
        )
        self._outcomes: dict[tuple[Any, ...], tuple[str, float]] = {}

    def downstream(self, qid: str) -> frozenset[str]:
        """The questions whose ``when`` depends on ``qid``, directly or through a chain."""
        return self._incremental.downstream(qid)

    def evaluate(self, changes: Mapping[str, AnswerValue]) -> Evaluation:
        """The base answers with ``changes``, as :func:`evaluate` gives them (from scratch
        when a question's ``when`` looks ahead and a steering answer changes)."""
        steer = [q for q in changes if q in self.steering]
        if steer and not self._incremental.in_order:
            return evaluate(self.catalog, {**self.answers, **changes}, self.weights)
        c = self._incremental.change(changes, steer)
        weights = self.base.weights
        return _finish(
            self.catalog, c.effective, c.shown, c.open, c.scores, c.sums, weights, c.totals
        )

    def noted(self, changes: Mapping[str, AnswerValue], key: Any = None) -> Evaluation:
        """:meth:`evaluate`, with its outcome and score kept for :meth:`outcome` (``key``:
        ``_memo_key(changes)``, when the caller has it)."""
        e = self.evaluate(changes)
        key = key if key is not None else _memo_key(changes)
        if key is not None:
            self._outcomes[key] = (e.outcome, e.score)
        return e

    def decided(self, changes: Mapping[str, AnswerValue]) -> str:
        """Only the outcome after ``changes``, without the balance of the answers: what the
        searches need, at a fraction of :meth:`evaluate`'s cost when no change shows or hides
        a question and no gate reads a set's score (then it is :meth:`evaluate`'s)."""
        if self._needs_scores or not self.steering.isdisjoint(changes):
            return self.outcome(changes)[0]
        b = self.base
        shown = {q: v for q, v in changes.items() if q in self._incremental.shown_set}
        effective = Overlay(b.effective, shown, NO_KEYS)
        open_ = SetOverlay.of(b.open, frozenset(), frozenset(shown))
        return decided_outcome(self.catalog, effective, open_)

    def outcome(self, changes: Mapping[str, AnswerValue]) -> tuple[str, float]:
        """The outcome and score after ``changes``, each worked out once per evaluator (the
        decision's robustness and the counterfactual search try many of the same changes)."""
        key = _memo_key(changes)
        found = self._outcomes.get(key) if key is not None else None
        if found is None:
            e = self.noted(changes, key)
            found = (e.outcome, e.score)
        return found
