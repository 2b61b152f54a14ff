"""Uncertain answers: how likely each outcome is, and which of them swing the score. Pure.

The prior (docs/uncertainty.md): each uncertain answer is independent of the others; a
``one_of`` is each of its options with equal probability, a ``range`` is uniform over
``[low, high]``.

**Exact** when there are few combinations: every combination of the ``one_of`` options is
evaluated, and a single ``range`` is split exactly where the outcome can change. That is
possible because a number's score is piecewise linear (:func:`scoring.interpolate`): between
the points of its ``ranges`` and the thresholds that conditions compare it with, everything
else is fixed, so the overall score and each set's score are straight lines in the number,
and the outcome changes only where one of them crosses a band edge or a gate's threshold.
Those crossings are solved for, and each piece between them is evaluated once at its middle;
the probability of an outcome is the total length of its pieces over the range's length
(exact up to floating-point rounding). With two or more ranges the regions are polygons,
not intervals, so the tool samples instead.

**Sampled** otherwise: ``SAMPLES`` draws from the prior with the fixed seed ``SEED`` (the same
answers always give the same numbers), and a bound that holds for all three probabilities
at once with ``CONFIDENCE``: Hoeffding's inequality with a union bound over the outcomes,
``ε = sqrt(ln(2·3 / (1 − confidence)) / (2n))``.

Each combination is re-scored with the engine's :class:`Evaluator`, so it agrees with the
decision the engine would make from those answers, bit for bit.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from outsource_cli.decision import business_case
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    leaves,
    policy_conditions,
    thresholds,
    truth,
)
from outsource_cli.questionnaire.models import OUTCOMES, DimensionCondition, QuestionCondition
from outsource_cli.questionnaire.uncertain import (
    NumberRange,
    OneOf,
    Uncertain,
    plain_number,
    to_data,
)

SEED = 14
SAMPLES = 10_000
CONFIDENCE = 0.95
MAX_COMBINATIONS = 4096  # one_of combinations enumerated exactly
MAX_COMBINATIONS_WITH_RANGE = 512  # ... when one range is split exactly in each


class Swing(NamedTuple):
    """What one uncertain answer does to the score, every other answer at its point estimate."""

    question: str
    low: float  # the lowest score its possible answers give
    high: float  # the highest
    low_answer: AnswerValue  # the answer that gives it
    high_answer: AnswerValue
    low_outcome: str
    high_outcome: str


class Uncertainty(NamedTuple):
    answers: Mapping[str, Any]  # set.question -> {"range": [..]} or {"one_of": [..]}, as given
    point: Mapping[str, AnswerValue]  # the point estimate the headline is made from
    outcome_probabilities: Mapping[str, float]  # every outcome, in OUTCOMES order; sums to 1
    method: str  # "exact" or "sampled"
    combinations: int  # one_of combinations (exact), each with its range split exactly
    n: int | None  # samples drawn (sampled)
    seed: int | None  # their seed (sampled)
    error_bound: float | None  # sampled: every probability within this of the true one ...
    confidence: float | None  # ... with this confidence (Hoeffding)
    most_likely: str  # the most likely outcome (a tie: the more restrictive)
    swing: tuple[Swing, ...]  # largest first
    could_fire: Mapping[str, tuple[str, ...]]  # gate id -> the uncertain answers it tests
    could_limit: Mapping[str, tuple[str, ...]]  # location rule id -> likewise
    could_call: Mapping[str, tuple[str, ...]]  # mitigation id -> likewise


def analyse(
    catalog: Catalog,
    evaluator: Evaluator,
    uncertain: Mapping[str, Uncertain],
    *,
    max_combinations: int = MAX_COMBINATIONS,
    samples: int = SAMPLES,
    seed: int = SEED,
) -> Uncertainty:
    """The probabilities, the swing and the gates that could fire. ``evaluator`` holds the
    answers with each uncertain one at its point estimate."""
    order = [q for q in catalog.questions if q in uncertain]
    discrete = [(q, u.values) for q in order if isinstance(u := uncertain[q], OneOf)]
    ranges = [(q, u) for q in order if isinstance(u := uncertain[q], NumberRange)]
    combinations = math.prod(len(v) for _, v in discrete)
    limit = max_combinations if not ranges else min(max_combinations, MAX_COMBINATIONS_WITH_RANGE)
    fired = [False] * len(catalog.policy.gates)
    base = evaluator.base
    policy = catalog.policy
    # location rules and mitigations that test an uncertain answer and do not hold at the
    # point estimate: watched for a combination in which they hold
    watched = [
        (kind, ident, cond, inputs)
        for kind, ident, cond in [
            *(("location", r.id, r.when) for r in policy.location.rules),
            *(("mitigation", m.id, m.when) for m in policy.mitigations if m.when is not None),
        ]
        if (inputs := _inputs(catalog, cond, uncertain))
        and truth(cond, base.effective, base.dims, open_=base.open) is not True
    ]
    held: set[tuple[str, str]] = set()

    def seen(e: Evaluation) -> None:
        """Note the gates, location rules and mitigations that hold in one combination."""
        for i, t in enumerate(e.truths):
            fired[i] = fired[i] or t is True
        for kind, ident, cond, _ in watched:
            if (kind, ident) not in held and truth(cond, e.effective, e.dims, open_=e.open):
                held.add((kind, ident))

    totals: dict[str, float] = dict.fromkeys(OUTCOMES, 0.0)
    if len(ranges) <= 1 and combinations <= limit:
        method, n, used_seed, bound, confidence = "exact", None, None, None, None
        cuts = _Cuts(catalog)
        for combo in itertools.product(*(v for _, v in discrete)):
            changes = {q: v for (q, _), v in zip(discrete, combo, strict=True)}
            if not ranges:
                pieces: Iterator[tuple[float, Evaluation]] = iter(
                    [(1.0, evaluator.evaluate(changes))]
                )
            else:
                pieces = cuts.pieces(evaluator, changes, *ranges[0])
            for share, e in pieces:
                totals[e.outcome] += share
                seen(e)
    else:
        method, n, used_seed, confidence = "sampled", samples, seed, CONFIDENCE
        bound = hoeffding(samples, CONFIDENCE, len(OUTCOMES))
        rng = random.Random(seed)
        for _ in range(samples):
            draw: dict[str, AnswerValue] = {}
            for q in order:
                u = uncertain[q]
                if isinstance(u, OneOf):
                    draw[q] = u.values[min(int(rng.random() * len(u.values)), len(u.values) - 1)]
                else:
                    draw[q] = plain_number(u.low + (u.high - u.low) * rng.random())
            e = evaluator.evaluate(draw)
            totals[e.outcome] += 1
            seen(e)
    # counts (and shares of a range) over the number of cases: k/n correctly rounded
    cases = combinations if method == "exact" else samples
    probabilities: dict[str, float] = {o: t / cases + 0.0 for o, t in totals.items()}
    if ranges and method == "exact":  # a range's shares add up to 1 give or take float noise
        probabilities = {o: round(p, 12) + 0.0 for o, p in probabilities.items()}
    could_fire: dict[str, tuple[str, ...]] = {}
    for i, g in enumerate(catalog.policy.gates):
        inputs = _inputs(catalog, g.when, uncertain)
        three_valued = (
            method == "sampled"
            and truth(g.when, base.effective, base.dims, open_=frozenset(uncertain)) is None
        )
        if base.truths[i] is not True and (fired[i] or three_valued) and inputs:
            could_fire[g.id] = inputs
    could: dict[str, dict[str, tuple[str, ...]]] = {"location": {}, "mitigation": {}}
    for kind, ident, cond, inputs in watched:
        three_valued = (
            method == "sampled"
            and truth(cond, base.effective, base.dims, open_=frozenset(uncertain)) is None
        )
        if (kind, ident) in held or three_valued:
            could[kind][ident] = inputs
    return Uncertainty(
        MappingProxyType({q: to_data(uncertain[q]) for q in order}),
        MappingProxyType({q: evaluator.answers[q] for q in order if q in evaluator.answers}),
        MappingProxyType(probabilities),
        method,
        combinations,
        n,
        used_seed,
        None if bound is None else round(bound, 4),
        confidence,
        max(OUTCOMES, key=lambda o: (probabilities[o], -OUTCOMES.index(o))),
        swings(catalog, evaluator, uncertain, order),
        MappingProxyType(could_fire),
        MappingProxyType(could["location"]),
        MappingProxyType(could["mitigation"]),
    )


def hoeffding(n: int, confidence: float, outcomes: int) -> float:
    """ε such that every one of ``outcomes`` sampled frequencies is within ε of its
    probability with ``confidence``: P(|p̂ − p| ≥ ε) ≤ 2·exp(−2nε²) for each, union bound."""
    return math.sqrt(math.log(2 * outcomes / (1 - confidence)) / (2 * n))


def swings(
    catalog: Catalog, evaluator: Evaluator, uncertain: Mapping[str, Uncertain], order: list[str]
) -> tuple[Swing, ...]:
    """Each uncertain answer from its lowest to its highest score, the others at their point
    estimates. A range is tried at its ends and at every point inside it where its score
    bends or a condition compares it: the score is a straight line between them, so the
    extremes are among them."""
    cuts = _Cuts(catalog)
    found = []
    for qid in order:
        u = uncertain[qid]
        values: list[AnswerValue] = (
            list(u.values)
            if isinstance(u, OneOf)
            else [plain_number(x) for x in cuts.of(qid, u.low, u.high)]
        )
        results = [(evaluator.evaluate({qid: v}), v) for v in values]
        low = min(results, key=lambda r: r[0].score)
        high = max(results, key=lambda r: r[0].score)
        found.append(
            Swing(
                qid,
                low[0].score,
                high[0].score,
                low[1],
                high[1],
                low[0].outcome,
                high[0].outcome,
            )
        )
    return tuple(sorted(found, key=lambda s: -(s.high - s.low)))


def _inputs(catalog: Catalog, cond: Any, uncertain: Mapping[str, Uncertain]) -> tuple[str, ...]:
    """The uncertain answers a condition tests, directly or through a set's score."""
    found: list[str] = []
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            candidates = [leaf.question]
        else:
            candidates = [f"{leaf.dimension}.{q.id}" for q in catalog.questions_of(leaf.dimension)]
        found.extend(q for q in candidates if q in uncertain and q not in found)
    return tuple(found)


class _Cuts:
    """Where a number's effect on the outcome can change (see the module docstring)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        conditions = [q.when for q in catalog.questions.values() if q.when is not None]
        conditions += list(policy_conditions(catalog.policy))
        self.thresholds = thresholds(conditions)
        self.edges = sorted(
            {b.min for b in catalog.policy.bands} | {b.max for b in catalog.policy.bands}
        )
        self.dimension_tests = [
            (leaf.dimension, x)
            for cond in conditions
            for leaf in leaves(cond)
            if isinstance(leaf, DimensionCondition)
            for x in (leaf.gte, leaf.lt)
            if x is not None
        ]

    def of(self, qid: str, low: float, high: float) -> list[float]:
        """The range's ends, and the points inside it where its score bends or a condition
        compares it, in order."""
        q = self.catalog.questions[qid]
        inside = {r.up_to for r in q.ranges} | self.thresholds.get(qid, set())
        return sorted({low, high} | {x for x in inside if low < x < high})

    def pieces(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> Iterator[tuple[float, Evaluation]]:
        """The range split where the outcome can change: (share of the range, evaluation in
        the piece), the shares adding up to 1."""

        def at(x: float) -> Evaluation:
            return evaluator.evaluate({**changes, qid: plain_number(x)})

        points = self.of(qid, u.low, u.high)
        if qid in business_case.LINEAR:  # it moves the business case: it bends elsewhere
            bends = business_case.bends(self.catalog, at(u.low).effective, qid)
            points = sorted({*points, *(x for x in bends if u.low < x < u.high)})
        cuts = set(points)
        for a, b in itertools.pairwise(points):
            x1, x2 = a + (b - a) / 3, a + 2 * (b - a) / 3
            e1, e2 = at(x1), at(x2)
            lines: list[tuple[float | None, float | None, float]] = [
                (e1.score, e2.score, edge) for edge in self.edges
            ]
            d1, d2 = e1.dims, e2.dims
            lines += [
                (d1[s], d2[s], x)
                for s, x in self.dimension_tests
                if d1.get(s) is not None and d2.get(s) is not None
            ]
            for v1, v2, target in lines:
                if v1 is not None and v2 is not None and v1 != v2:
                    x = x1 + (target - v1) * (x2 - x1) / (v2 - v1)
                    if a < x < b:
                        cuts.add(x)
        ordered = sorted(cuts)
        length = u.high - u.low
        for a, b in itertools.pairwise(ordered):
            if b > a:
                yield (b - a) / length, at((a + b) / 2)
