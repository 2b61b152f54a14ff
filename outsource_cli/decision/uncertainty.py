"""Uncertain answers: how likely each outcome is, and which of them swing the balance of the
answers (the score). Pure.

The prior (docs/uncertainty.md): each uncertain answer is independent of the others; a
``one_of`` is each of its options with equal probability, a ``range`` is uniform over
``[low, high]``.

**Exact** when there are few combinations: every combination of the ``one_of`` options is
evaluated, and a single ``range`` is split exactly where the outcome can change. That is
possible because the outcome is the stages' verdicts and the gates (the balance of the
answers never decides it): between the thresholds that conditions compare the number with
and the points where its score bends, every test on it keeps its truth, and what can still
turn is a straight line in the number: the business case's net saving (against the
economics stage's thresholds), a set's score (against a gate's threshold) or the two sides
of a calculated test. Those crossings are solved for, and each piece between them is
evaluated once at its middle; the probability of an outcome is the total length of its
pieces over the range's length (exact up to floating-point rounding). With two or more
ranges the regions are polygons, not intervals, so the tool samples instead.

**Sampled** otherwise: ``SAMPLES`` draws from the prior with the fixed seed ``SEED`` (the same
answers always give the same numbers), and a bound that holds for all three probabilities
at once with ``CONFIDENCE``: Hoeffding's inequality with a union bound over the outcomes,
``ε = sqrt(ln(2·3 / (1 − confidence)) / (2n))``.

Only the uncertain answers that can change the outcome
(:func:`~outsource_cli.decision.dependencies.outcome_inputs`) are varied; the others stay at
their point estimates and cannot force sampling.

Whether a gate, location rule or mitigation *could* hold is settled apart from the method, over
the allowed values only (:mod:`~outsource_cli.decision.could_hold`): the uncertain answers its
condition depends on are enumerated, a range at the points where a test on it can turn and
between them; what cannot be settled within ``could_hold.MAX_CASES`` combinations is reported
as could hold and listed in ``unproven``.

The steps each have a module: where a range is split
(:mod:`~outsource_cli.decision.range_cuts`), the sampled draws
(:mod:`~outsource_cli.decision.sampling`) and what could hold
(:mod:`~outsource_cli.decision.could_hold`).

Each combination is re-scored with the engine's :class:`Evaluator`, so it agrees with the
decision the engine would make from those answers, bit for bit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from outsource_cli.decision.could_hold import could_hold
from outsource_cli.decision.dependencies import outcome_inputs
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.decision.range_cuts import Cuts
from outsource_cli.decision.sampling import Sampler
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import OUTCOMES
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
    # gates, rules and mitigations above that hold in no combination tried, but too many
    # combinations (or a test that is not a straight line in a range) to rule them out
    unproven: tuple[str, ...] = ()


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
    # an answer that no stage, gate or question's visibility reads cannot change the outcome:
    # it stays at its point estimate in the probabilities (it may still swing the balance)
    moving = outcome_inputs(catalog)
    counted = [q for q in order if q in moving]
    cuts = Cuts(catalog)
    found = _probabilities(
        catalog, evaluator, uncertain, counted, cuts, max_combinations, samples, seed
    )
    could = could_hold(catalog, evaluator, uncertain, cuts)
    return Uncertainty(
        MappingProxyType({q: to_data(uncertain[q]) for q in order}),
        MappingProxyType({q: evaluator.answers[q] for q in order if q in evaluator.answers}),
        MappingProxyType(found.probabilities),
        found.method,
        found.combinations,
        found.n,
        found.seed,
        found.error_bound,
        found.confidence,
        most_likely(found.probabilities),
        swings(catalog, evaluator, uncertain, order),
        MappingProxyType(could.gates),
        MappingProxyType(could.locations),
        MappingProxyType(could.mitigations),
        could.unproven,
    )


class _Probabilities(NamedTuple):
    """The outcome probabilities and how they were worked out (the fields of
    :class:`Uncertainty` of the same names)."""

    probabilities: dict[str, float]
    method: str
    combinations: int
    n: int | None
    seed: int | None
    error_bound: float | None
    confidence: float | None


def _probabilities(
    catalog: Catalog,
    evaluator: Evaluator,
    uncertain: Mapping[str, Uncertain],
    counted: list[str],
    cuts: Cuts,
    max_combinations: int,
    samples: int,
    seed: int,
) -> _Probabilities:
    """The probability of each outcome as the uncertain answers in ``counted`` vary: exact
    with at most one range and few enough ``one_of`` combinations (:func:`_exact_totals`),
    sampled otherwise (:class:`~outsource_cli.decision.sampling.Sampler`)."""
    discrete = [(q, u.values) for q in counted if isinstance(u := uncertain[q], OneOf)]
    ranges = [(q, u) for q in counted if isinstance(u := uncertain[q], NumberRange)]
    combinations = math.prod(len(v) for _, v in discrete)
    limit = max_combinations if not ranges else min(max_combinations, MAX_COMBINATIONS_WITH_RANGE)
    if len(ranges) > 1 or combinations > limit:
        counts = Sampler(catalog, evaluator, uncertain, counted).run(samples, seed)
        # counts over the number of draws: k/n correctly rounded
        sampled: dict[str, float] = {o: float(counts[o]) / samples + 0.0 for o in OUTCOMES}
        bound = round(hoeffding(samples, CONFIDENCE, len(OUTCOMES)), 4)
        return _Probabilities(sampled, "sampled", combinations, samples, seed, bound, CONFIDENCE)
    totals = _exact_totals(evaluator, discrete, ranges[0] if ranges else None, cuts)
    # shares over the number of combinations
    exact = {o: t / combinations + 0.0 for o, t in totals.items()}
    if ranges:  # a range's shares add up to 1 give or take float noise
        exact = {o: round(p, 12) + 0.0 for o, p in exact.items()}
    return _Probabilities(exact, "exact", combinations, None, None, None, None)


def _exact_totals(
    evaluator: Evaluator,
    discrete: list[tuple[str, tuple[Any, ...]]],
    range_: tuple[str, NumberRange] | None,
    cuts: Cuts,
) -> dict[str, float]:
    """Each outcome's total share over every combination of the ``one_of`` values in
    ``discrete`` (question, values), each combination counting 1: split, when there is a
    range (question, range), into the pieces of the range where the outcome is constant."""
    totals: dict[str, float] = dict.fromkeys(OUTCOMES, 0.0)
    for combo in itertools.product(*(v for _, v in discrete)):
        changes = {q: v for (q, _), v in zip(discrete, combo, strict=True)}
        if range_ is None:
            pieces: Iterator[tuple[float, Evaluation]] = iter([(1.0, evaluator.evaluate(changes))])
        else:
            pieces = cuts.pieces(evaluator, changes, *range_)
        for share, e in pieces:
            totals[e.outcome] += share
    return totals


def most_likely(probabilities: Mapping[str, float]) -> str:
    """The outcome with the highest probability; of outcomes equally likely, the more
    restrictive (keep in-house before hybrid before outsource): a tie never leans out."""
    best = max(probabilities[o] for o in OUTCOMES)
    return next(o for o in OUTCOMES if probabilities[o] == best)


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
    cuts = Cuts(catalog)
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
