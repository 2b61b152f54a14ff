"""What would change the decision: the smallest sets of answer changes (one answer, then
pairs) and the set-weight changes that flip the outcome. Exact, not sampled. Pure.

Every question can only matter through finitely many cases: which option is chosen; for a
number, which range it falls in and which side of each threshold a condition tests. So each
shown question is tried with one value per case, and every pair of such changes on two
different questions; a pair is reported only when neither of its changes flips the outcome
alone. Weight changes are solved exactly: the overall score moves monotonically with one
set's weight, so only the band edges need trying.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from outsource_cli.decision.engine import (
    band_of,
    gates_applied,
    outcome_of,
    overall_score,
    question_score,
    score_answers,
)
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    leaves,
    policy_conditions,
    thresholds,
)
from outsource_cli.questionnaire.models import Question, QuestionCondition

MAX_PAIRS = 20_000  # evaluations; past this the pair search stops and says so


class Change(NamedTuple):
    question: str  # set.question
    text: str
    before: str  # the answer as shown, or "(not answered)"
    after: str
    value: AnswerValue


class Flip(NamedTuple):
    changes: tuple[Change, ...]
    outcome: str  # the outcome after the changes
    score: float


class WeightFlip(NamedTuple):
    set_id: str
    title: str
    weight: float  # now
    new_weight: float  # the least change that flips (at or beyond this weight)
    outcome: str
    score: float


class Counterfactuals(NamedTuple):
    outcome: str  # the outcome they flip from
    singles: tuple[Flip, ...]
    pairs: tuple[Flip, ...]
    weights: tuple[WeightFlip, ...]
    pairs_complete: bool = True  # False when the pair search hit MAX_PAIRS


def _thresholds(catalog: Catalog) -> dict[str, set[float]]:
    whens = [q.when for q in catalog.questions.values() if q.when is not None]
    return thresholds([*whens, *policy_conditions(catalog.policy)])


def alternatives(
    q: Question, current: AnswerValue | None, thresholds: set[float]
) -> list[AnswerValue]:
    """One value for every case of ``q`` that differs from ``current``'s case."""
    if q.type == "number":
        assert q.min is not None and q.max is not None
        lo, hi = q.min, q.max
        step = 1.0 if hi - lo >= 10 else 0.01  # whole numbers where the scale allows
        edges = [r.up_to for r in q.ranges]
        points = {lo, hi}
        for edge in edges:  # each side of every range edge and every threshold
            points.update((edge, edge + step, edge + 0.01))
        for t in thresholds:
            points.update((t, t - step, t + step, t - 0.01, t + 0.01))
        anchor = (
            current if isinstance(current, int | float) and not isinstance(current, bool) else lo
        )

        def rank(
            x: float,
        ) -> tuple[bool, float]:  # a whole number if the scale allows, then nearest
            return (step == 1.0 and not float(x).is_integer(), abs(x - anchor))

        best: dict[tuple[object, ...], float] = {}  # per case, the value nearest the answer given
        for x in sorted(round(p, 6) for p in points if lo <= p <= hi):
            case = _case(q, x, thresholds)
            if case not in best or rank(x) < rank(best[case]):
                best[case] = x
        if current is not None:
            best.pop(_case(q, current, thresholds), None)
        return [int(x) if float(x).is_integer() else x for x in sorted(best.values())]
    if q.type == "multi":
        chosen = set(current) if isinstance(current, tuple) else set()
        return [
            tuple(str(o.value) for o in q.options if (o.value in chosen) != (o.value == t.value))
            for t in q.options
        ]
    return [
        o.value
        for o in q.options
        if not (current is not None and type(o.value) is type(current) and o.value == current)
    ]


def _case(q: Question, value: AnswerValue | None, thresholds: set[float]) -> tuple[object, ...]:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return (value,)
    band = next((i for i, r in enumerate(q.ranges) if value <= r.up_to), len(q.ranges))
    return (
        band,
        *(value >= t for t in sorted(thresholds)),
        *(value <= t for t in sorted(thresholds)),
    )


def candidate_changes(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> list[Change]:
    effective, shown = walk(catalog, answers)
    limits = _thresholds(catalog)
    changes = []
    for qid in shown:
        q = catalog.questions[qid]
        current = effective.get(qid)
        for value in alternatives(q, current, limits.get(qid, set())):
            changes.append(Change(qid, q.text, display(q, current), display(q, value), value))
    return changes


class _Evaluator:
    """Outcomes of small changes to one set of answers, fast: when no changed question decides
    whether another is asked, only the changed questions' sets are scored again; otherwise
    the full engine decides. Both give the same result (tests check them against each other)."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        weights: Mapping[str, float] | None,
    ):
        self.catalog, self.answers, self.weights = catalog, dict(answers), weights
        sc = score_answers(catalog, answers, weights)
        self.effective, self.weight_of = sc.effective, sc.weights
        self.now, _ = gates_applied(
            catalog, sc.effective, sc.dim_scores, band_of(catalog, sc.overall)
        )
        self.steering = {
            leaf.question
            for q in catalog.questions.values()
            if q.when is not None
            for leaf in leaves(q.when)
            if isinstance(leaf, QuestionCondition)
        }
        self.sums: dict[str, tuple[float, float]] = {}
        self.parts: dict[str, tuple[str, float, float]] = {}  # qid -> (set, weight, score)
        for set_id, items in sc.per_set.items():
            self.sums[set_id] = (
                sum(q.weight * s for _, q, s, *_ in items),
                sum(q.weight for _, q, *_ in items),
            )
            for qid, q, s, *_ in items:
                self.parts[qid] = (set_id, q.weight, s)

    def outcome(self, changes: Mapping[str, AnswerValue]) -> tuple[str, float]:
        if any(q in self.steering for q in changes):
            return outcome_of(self.catalog, {**self.answers, **changes}, self.weights)
        sums = dict(self.sums)
        for qid, value in changes.items():
            q = self.catalog.questions[qid]
            old = self.parts.get(qid)
            if old is not None:
                total, weight = sums[old[0]]
                sums[old[0]] = (total - old[1] * old[2], weight - old[1])
            new = question_score(q, value)
            if new is not None:
                set_id = self.catalog.set_of[qid].id
                total, weight = sums.get(set_id, (0.0, 0.0))
                sums[set_id] = (total + q.weight * new[0], weight + q.weight)
        dims: dict[str, float | None] = {s.id: None for s in self.catalog.sets}
        for set_id, (total, weight) in sums.items():
            dims[set_id] = total / weight if weight > 1e-12 else None
        overall, _ = overall_score(dims, self.weight_of)
        effective = {**self.effective, **changes}
        outcome, _ = gates_applied(self.catalog, effective, dims, band_of(self.catalog, overall))
        return outcome, overall


def analyse(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    *,
    pairs: bool = True,
    weights: Mapping[str, float] | None = None,
) -> Counterfactuals:
    base = dict(answers)
    evaluator = _Evaluator(catalog, base, weights)
    now, evaluate = evaluator.now, evaluator.outcome
    changes = candidate_changes(catalog, base)
    singles: list[Flip] = []
    flips_alone: set[int] = set()
    for i, change in enumerate(changes):
        outcome, score = evaluate({change.question: change.value})
        if outcome != now:
            singles.append(Flip((change,), outcome, round(score, 1)))
            flips_alone.add(i)
    found_pairs: list[Flip] = []
    complete = True
    if pairs:
        evaluations = 0
        quiet = [c for i, c in enumerate(changes) if i not in flips_alone]
        for a_i, a in enumerate(quiet):
            for b in quiet[a_i + 1 :]:
                if a.question == b.question:
                    continue
                evaluations += 1
                if evaluations > MAX_PAIRS:
                    complete = False
                    break
                outcome, score = evaluate({a.question: a.value, b.question: b.value})
                if outcome != now:
                    found_pairs.append(Flip((a, b), outcome, round(score, 1)))
            if not complete:
                break
    return Counterfactuals(
        now,
        tuple(sorted(singles, key=_rank)),
        tuple(sorted(found_pairs, key=_rank)),
        tuple(weight_flips(catalog, base, weights)),
        complete,
    )


def _rank(flip: Flip) -> tuple[object, ...]:
    return (flip.outcome, -abs(flip.score - 50), tuple(c.question for c in flip.changes))


def weight_flips(
    catalog: Catalog, answers: Mapping[str, AnswerValue], weights: Mapping[str, float] | None = None
) -> Iterator[WeightFlip]:
    """For each scored set, the nearest weight (up or down) at which the outcome changes."""
    sc = score_answers(catalog, answers, weights)
    now, _ = outcome_of(catalog, answers, weights)
    edges = [b.max for b in catalog.policy.bands[:-1]]
    for qs in catalog.sets:
        d = sc.dim_scores[qs.id]
        w = sc.weights[qs.id]
        if d is None:
            continue
        others = [
            s
            for s, v in sc.dim_scores.items()
            if v is not None and s != qs.id and sc.weights[s] > 0
        ]
        a = sum(sc.weights[s] * (sc.dim_scores[s] or 0) for s in others)
        b = sum(sc.weights[s] for s in others)
        best: WeightFlip | None = None
        for edge in edges:
            if d == edge:
                continue
            target = (edge * b - a) / (d - edge)  # the weight at which the score reaches the edge
            if target < 0:
                continue
            # on the edge already: the flip is a step away, in whichever direction leaves it
            directions = [True, False] if abs(target - w) < 1e-9 else [target > w]
            for up in directions:
                new_weight = _settle(catalog, answers, weights, qs.id, target, now, w, up=up)
                if new_weight is None:
                    continue
                outcome, score = outcome_of(
                    catalog, answers, {**(weights or {}), qs.id: new_weight}
                )
                flip = WeightFlip(qs.id, qs.title, w, new_weight, outcome, round(score, 1))
                if best is None or abs(new_weight - w) < abs(best.new_weight - w):
                    best = flip
        if best is not None:
            yield best


def _settle(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None,
    set_id: str,
    target: float,
    now: str,
    current: float,
    *,
    up: bool,
) -> float | None:
    """The weight on a 0.01 grid, on the ``up`` side of ``current``, nearest to it, past the
    edge at ``target`` (the score is monotonic in the weight, so nothing nearer flips);
    None if crossing the edge changes nothing (a gate holds the outcome)."""
    base = math.floor(target * 100)
    grid = sorted({round((base + k) / 100, 2) for k in range(-2, 4)})
    side = [g for g in grid if g >= 0 and (g > current if up else g < current)]
    flipping = [
        g for g in side if outcome_of(catalog, answers, {**(weights or {}), set_id: g})[0] != now
    ]
    return min(flipping, key=lambda g: abs(g - current)) if flipping else None
