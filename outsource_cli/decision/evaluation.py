"""Answers to an outcome, in one place: which questions count, the score, the band, the gates.

The engine explains one evaluation in full; the counterfactual search, robustness and the
missing-answers range evaluate thousands of small changes with :class:`Evaluator`, which
re-scores only the question sets a change touches but calls the very same functions, so it
always agrees with the engine. Pure.

Gates by precedence, not by file order: when any ``force`` gate holds the outcome is the most
restrictive outcome forced (so a forced keep, such as a legal prohibition, always wins);
otherwise the band's outcome is limited by every ``cap`` that holds (the most restrictive
cap wins). A gate whose input is not answered yet is unknown (three-valued logic) and does
not apply; the missing-answers range reports that it could.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case
from outsource_cli.decision.scoring import SetSum, overall, question_score, set_sum
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import AnswerValue, Truth, leaves, truth
from outsource_cli.questionnaire.models import OUTCOMES, Gate, Policy, QuestionCondition


def band_of(policy: Policy, score: float) -> str:
    """The outcome of the band that holds ``score`` (``min`` ≤ score < ``max``; the last band
    also holds its ``max``)."""
    bands = policy.bands
    for band in bands:
        if band.min <= score < band.max:
            return band.outcome
    return bands[-1].outcome if score >= bands[-1].max else bands[0].outcome


def most_restrictive(outcomes: Iterable[str]) -> str:
    return min(outcomes, key=OUTCOMES.index)


def gated(base: str, gates: tuple[Gate, ...], truths: Iterable[Truth]) -> str:
    """The outcome after the gates that hold (``truths`` True), by precedence."""
    held = [g for g, t in zip(gates, truths, strict=True) if t is True]
    forced = [g.force for g in held if g.force is not None]
    if forced:
        return most_restrictive(forced)
    return most_restrictive([base, *(g.cap for g in held if g.cap is not None)])


def steering(catalog: Catalog) -> frozenset[str]:
    """Questions whose answer decides whether another question is shown."""
    return frozenset(
        leaf.question
        for q in catalog.questions.values()
        if q.when is not None
        for leaf in leaves(q.when)
        if isinstance(leaf, QuestionCondition)
    )


def gate_inputs(catalog: Catalog) -> frozenset[str]:
    """Questions that some gate tests."""
    return frozenset(
        leaf.question
        for g in catalog.policy.gates
        for leaf in leaves(g.when)
        if isinstance(leaf, QuestionCondition)
    )


class Evaluation(NamedTuple):
    effective: dict[str, AnswerValue]  # the answers that count
    shown: list[str]  # questions surely shown, in asking order
    open: frozenset[str]  # shown or maybe shown, not answered
    scores: dict[str, float]  # question -> score, for answered scored questions
    sums: dict[str, SetSum]  # set -> its part of the score, in set order
    weights: dict[str, float]  # set weights in force (the files', or what-if overrides)
    score: float  # S
    made_of: float  # Σ W·answered/shown: the weight S is made of
    base: str  # the band's outcome
    truths: tuple[Truth, ...]  # each gate, in policy order
    outcome: str

    @property
    def dims(self) -> dict[str, float | None]:
        return {k: s.score for k, s in self.sums.items()}


def evaluate(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None = None,
) -> Evaluation:
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
    effective: dict[str, AnswerValue],
    shown: list[str],
    open_: frozenset[str],
    scores: dict[str, float],
    sums: dict[str, SetSum],
    weights: dict[str, float],
) -> Evaluation:
    policy = catalog.policy
    score, made_of = overall(sums, weights)
    base = band_of(policy, score)
    dims = {k: s.score for k, s in sums.items()}
    truths = tuple(truth(g.when, effective, dims, open_=open_) for g in policy.gates)
    outcome = gated(base, policy.gates, truths)
    return Evaluation(
        effective, shown, open_, scores, sums, weights, score, made_of, base, truths, outcome
    )


class Evaluator:
    """Evaluations of small changes to one set of answers. A change to a question that
    decides whether another is shown goes through :func:`evaluate`; any other change
    re-scores only its own question set, with the same functions."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        weights: Mapping[str, float] | None = None,
    ):
        self.catalog, self.answers, self.weights = catalog, dict(answers), weights
        self.base = evaluate(catalog, answers, weights)
        self.steering = steering(catalog)
        self._shown_by_set = scored_shown(catalog, self.base.shown)

    def evaluate(self, changes: Mapping[str, AnswerValue]) -> Evaluation:
        if any(q in self.steering for q in changes):
            return evaluate(self.catalog, {**self.answers, **changes}, self.weights)
        b = self.base
        shown_set = set(b.shown)
        effective = dict(b.effective)
        scores = dict(b.scores)
        touched = set()
        for qid, value in changes.items():
            if qid not in shown_set:
                continue  # not shown: its answer does not count
            effective[qid] = value
            scores.pop(qid, None)
            s = question_score(self.catalog.questions[qid], value)
            if s is not None:
                scores[qid] = s
            touched.add(self.catalog.set_of[qid].id)
        if not business_case.QUESTIONS.isdisjoint(changes) and business_case.rescore(
            self.catalog, effective, scores
        ):
            touched.add(self.catalog.set_of[business_case.SAVING].id)
        sums = dict(b.sums)
        for set_id in touched:
            sums[set_id] = _set_sum(self.catalog, self._shown_by_set[set_id], scores)
        open_ = b.open - set(changes) if touched else b.open
        return _finish(self.catalog, effective, b.shown, open_, scores, sums, b.weights)

    def reweigh(self, weights: Mapping[str, float]) -> Evaluation:
        """The same answers with other set weights (by set id): nothing is walked or scored
        again, the set sums are simply weighed anew."""
        b = self.base
        return _finish(
            self.catalog, b.effective, b.shown, b.open, b.scores, b.sums, {**b.weights, **weights}
        )

    def outcome(self, changes: Mapping[str, AnswerValue]) -> tuple[str, float]:
        e = self.evaluate(changes)
        return e.outcome, e.score
