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
pieces over the range's length (exact up to floating-point rounding). With two or more ranges the regions are polygons,
not intervals, so the tool samples instead.

**Sampled** otherwise: ``SAMPLES`` draws from the prior with the fixed seed ``SEED`` (the same
answers always give the same numbers), and a bound that holds for all three probabilities
at once with ``CONFIDENCE``: Hoeffding's inequality with a union bound over the outcomes,
``ε = sqrt(ln(2·3 / (1 − confidence)) / (2n))``.

Only the uncertain answers that can change the outcome (:func:`_outcome_inputs`) are varied;
the others stay at their point estimates and cannot force sampling.

Whether a gate, location rule or mitigation *could* hold is settled apart from the method, over
the allowed values only (:class:`_Possible`): the uncertain answers its condition depends on
are enumerated, a range at the points where a test on it can turn and between them; what
cannot be settled within ``MAX_CASES`` combinations is reported as could hold and listed in
``unproven``.

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

from outsource_cli.decision import business_case, cost_crossings
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.decision.outcomes import decided_outcome
from outsource_cli.questionnaire import calculations
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    compiled,
    leaves,
    policy_conditions,
    thresholds,
    truth,
)
from outsource_cli.questionnaire.shapes import (
    OUTCOMES,
    AllCondition,
    AnyCondition,
    CalcCondition,
    DimensionCondition,
    NotCondition,
    QuestionCondition,
)
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
MAX_CASES = 4096  # combinations tried to settle whether one gate, rule or plan step could hold


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
    moving = _outcome_inputs(catalog)
    counted = [q for q in order if q in moving]
    discrete = [(q, u.values) for q in counted if isinstance(u := uncertain[q], OneOf)]
    ranges = [(q, u) for q in counted if isinstance(u := uncertain[q], NumberRange)]
    combinations = math.prod(len(v) for _, v in discrete)
    limit = max_combinations if not ranges else min(max_combinations, MAX_COMBINATIONS_WITH_RANGE)
    cuts = _Cuts(catalog)
    totals: dict[str, float] = dict.fromkeys(OUTCOMES, 0.0)
    if len(ranges) <= 1 and combinations <= limit:
        method, n, used_seed, bound, confidence = "exact", None, None, None, None
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
    else:
        method, n, used_seed, confidence = "sampled", samples, seed, CONFIDENCE
        bound = hoeffding(samples, CONFIDENCE, len(OUTCOMES))
        counts = _Sampler(catalog, evaluator, uncertain, counted).run(samples, seed)
        totals = {o: float(counts[o]) for o in OUTCOMES}
    # counts (and shares of a range) over the number of cases: k/n correctly rounded
    cases = combinations if method == "exact" else samples
    probabilities: dict[str, float] = {o: t / cases + 0.0 for o, t in totals.items()}
    if ranges and method == "exact":  # a range's shares add up to 1 give or take float noise
        probabilities = {o: round(p, 12) + 0.0 for o, p in probabilities.items()}
    # whether a gate, location rule or mitigation could hold: decided over the values the
    # answers allow, by enumerating just the uncertain answers its condition depends on
    possible = _Possible(catalog, evaluator, uncertain, cuts)
    base = evaluator.base
    policy = catalog.policy
    could: dict[str, dict[str, tuple[str, ...]]] = {"gate": {}, "location": {}, "mitigation": {}}
    unproven: list[str] = []
    watched = [
        *(("gate", g.id, g.when, i) for i, g in enumerate(policy.gates)),
        *(("location", r.id, r.when, None) for r in policy.location.rules),
        *(("mitigation", m.id, m.when, None) for m in policy.mitigations if m.when is not None),
    ]
    for kind, ident, cond, gate in watched:
        inputs = possible.inputs(cond)
        if not inputs or _holds(base, cond, gate):
            continue
        found = possible.could(cond, inputs, lambda e, c=cond, g=gate: _holds(e, c, g))
        if found is not False:
            could[kind][ident] = inputs
        if found is None:
            unproven.append(ident)
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
        most_likely(probabilities),
        swings(catalog, evaluator, uncertain, order),
        MappingProxyType(could["gate"]),
        MappingProxyType(could["location"]),
        MappingProxyType(could["mitigation"]),
        tuple(unproven),
    )


def draws(
    uncertain: Mapping[str, Uncertain], order: list[str], samples: int, seed: int
) -> Iterator[dict[str, AnswerValue]]:
    """``samples`` draws from the prior of the answers in ``order``, from ``seed``: one
    number from the generator for each answer of each draw, in that order (a ``one_of``: the
    value at ``⌊r·k⌋``; a range: ``low + (high − low)·r``)."""
    rng = random.Random(seed)
    plan = [
        (q, u.values, len(u.values), 0.0, 0.0)
        if isinstance(u, OneOf)
        else (q, (), 0, u.low, u.high - u.low)
        for q in order
        for u in (uncertain[q],)
    ]
    rand = rng.random
    for _ in range(samples):
        draw: dict[str, AnswerValue] = {}
        for q, values, k, low, span in plan:
            if k:
                draw[q] = values[min(int(rand() * k), k - 1)]
            else:
                draw[q] = plain_number(low + span * rand())
        yield draw


class _Sampler:
    """The outcomes of the sampled draws, as :meth:`Evaluator.evaluate` gives them, mostly
    without evaluating a draw in full (docs/uncertainty.md, "Exact or sampled").

    The outcome is the stages' verdicts (:func:`stages.point`) and the gates, read from the
    answers alone; the balance of the answers (the score) plays no part. The uncertain answers
    that decide which questions are shown (steering) take one of a few combinations: each
    combination drawn is evaluated once, in full (a *configuration*), which fixes what is
    shown and open. A draw then needs only the stages and the gates on its own answers in
    place of the configuration's (:meth:`_Config.outcome`), the very functions a full
    evaluation ends with. With a gate that reads a set's score or a calculation, or a range
    that steers, every draw is evaluated in full. So every draw gets the outcome a full
    evaluation gives (``tests/test_uncertainty.py`` checks it draw by draw)."""

    def __init__(
        self,
        catalog: Catalog,
        evaluator: Evaluator,
        uncertain: Mapping[str, Uncertain],
        order: list[str],
    ) -> None:
        self.catalog, self.evaluator, self.uncertain, self.order = (
            catalog,
            evaluator,
            uncertain,
            order,
        )
        self.steer = [i for i, q in enumerate(order) if q in evaluator.steering]
        self.fast = not any(
            isinstance(uncertain[order[i]], NumberRange) for i in self.steer
        ) and all(
            isinstance(x, QuestionCondition) for g in catalog.policy.gates for x in leaves(g.when)
        )
        # each answer's one_of values and their number, or a range's low end and length
        self.plan = [
            (u.values, len(u.values), 0.0, 0.0)
            if isinstance(u, OneOf)
            else ((), 0, u.low, u.high - u.low)
            for u in (uncertain[q] for q in order)
        ]
        self.configs: dict[tuple[Any, ...], _Config] = {}
        self.full = 0  # draws evaluated in full

    def run(self, samples: int, seed: int) -> dict[str, int]:
        """How many of the ``samples`` draws from ``seed`` give each outcome."""
        counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        for found in self.outcomes(samples, seed):
            counts[found] += 1
        return counts

    def outcomes(self, samples: int, seed: int) -> Iterator[str]:
        """The outcome of each of the ``samples`` draws from ``seed``: the draws of
        :func:`draws`, one number from the generator per answer and draw, in order."""
        plan = self.plan
        slots = range(len(plan))
        rand = random.Random(seed).random
        steer = [(i, plan[i][1]) for i in self.steer]
        configs = self.configs
        for _ in range(samples):
            numbers = [rand() for _ in slots]
            if self.fast:
                # the steering answers' one_of values, by index, pick the configuration
                key = tuple([min(int(numbers[i] * k), k - 1) for i, k in steer])
                if key not in configs:
                    configs[key] = self._config(key)
                yield configs[key].outcome(numbers)
            else:
                self.full += 1
                yield self.evaluator.evaluate(self.answers(numbers)).outcome

    def answers(self, numbers: list[float]) -> dict[str, AnswerValue]:
        """The draw of the generator's ``numbers``, one per answer in order."""
        return {q: _value(r, *p) for q, r, p in zip(self.order, numbers, self.plan, strict=True)}

    def _config(self, key: tuple[int, ...]) -> _Config:
        """The configuration of the steering answers ``key`` (indexes of their values),
        evaluated once, in full."""
        e = self.evaluator.evaluate(
            {self.order[i]: self.plan[i][0][p] for i, p in zip(self.steer, key, strict=True)}
        )
        return _Config(self, e)


def _value(r: float, values: tuple[Any, ...], k: int, low: float, span: float) -> AnswerValue:
    """The answer a number ``r`` from the generator draws (:func:`draws`)."""
    return values[min(int(r * k), k - 1)] if k else plain_number(low + span * r)


class _Config:
    """One configuration of the steering answers (see :class:`_Sampler`)."""

    def __init__(self, sampler: _Sampler, e: Evaluation) -> None:
        self.catalog = sampler.catalog
        # the answers that count and what is open, as plain sets (the draws read them often)
        self.effective, self.open = dict(e.effective), frozenset(e.open)
        # the uncertain answers that count here (shown), by position in the draw: a one_of's
        # values with the last one again (``⌊r·k⌋`` is ``k`` only when ``r·k`` rounds up to
        # it, and then it is the last value: :func:`draws`), or a range's low end and length
        self.one_ofs = [
            (i, q, (*values, values[-1]), k)
            for i, (q, (values, k, _, _)) in enumerate(
                zip(sampler.order, sampler.plan, strict=True)
            )
            if k and q in e.effective
        ]
        self.ranges = [
            (i, q, low, span)
            for i, (q, (_, k, low, span)) in enumerate(
                zip(sampler.order, sampler.plan, strict=True)
            )
            if not k and q in e.effective
        ]

    def outcome(self, numbers: list[float]) -> str:
        """The draw's outcome: the stages' verdicts and the gates on the draw's answers (what
        is shown is this configuration's, so only the answers that count are replaced)."""
        answers = self.effective.copy()
        for i, q, values, k in self.one_ofs:
            answers[q] = values[int(numbers[i] * k)]
        for i, q, low, span in self.ranges:
            x = low + span * numbers[i]
            answers[q] = int(x) if x.is_integer() else x  # as :func:`plain_number`
        return decided_outcome(self.catalog, answers, self.open)


class _Overlay(Mapping[str, AnswerValue]):
    """``base`` with the answers in ``changed`` instead."""

    __slots__ = ("_base", "_changed")

    def __init__(self, base: Mapping[str, AnswerValue], changed: dict[str, AnswerValue]) -> None:
        self._base, self._changed = base, changed

    def __getitem__(self, key: str) -> AnswerValue:
        return self._changed[key] if key in self._changed else self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._base

    def __iter__(self) -> Iterator[str]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


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


def _holds(e: Evaluation, cond: Any, gate: int | None) -> bool:
    """Whether a gate (by index: the evaluation has its truth) or another condition holds."""
    if gate is not None:
        return e.truths[gate] is True
    return truth(cond, e.effective, e.dims, open_=e.open) is True


def _direct(catalog: Catalog, cond: Any) -> list[str]:
    """The questions a condition reads: those it tests, and every question of a set whose
    score it tests (with the business case's inputs when the set holds the saving, which is
    scored on it)."""
    found: list[str] = []
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            found.append(leaf.question)
        else:
            in_set = [f"{leaf.dimension}.{q.id}" for q in catalog.questions_of(leaf.dimension)]
            found += in_set
            if business_case.SAVING in in_set:
                found += sorted(business_case.QUESTIONS)
    return found


def _depends(catalog: Catalog, cond: Any) -> set[str]:
    """Every answer that can change whether ``cond`` holds: what it reads, and what decides
    whether those questions are shown, all the way up."""
    found: set[str] = set()
    todo = _direct(catalog, cond)
    while todo:
        qid = todo.pop()
        if qid in found:
            continue
        found.add(qid)
        q = catalog.questions.get(qid)
        if q is not None and q.when is not None:
            todo += _direct(catalog, q.when)
    return found


def _outcome_inputs(catalog: Catalog) -> set[str]:
    """The answers that can change the outcome: every answer the stages (the strategy cells,
    the economics stage's non-cost reasons), the gates or a question's visibility read, the
    business case's inputs (the economics stage reads its net saving), and what decides
    whether those are shown. An answer that is only scored moves the balance of the answers,
    which never decides the outcome."""
    policy = catalog.policy
    found = set(business_case.QUESTIONS) if business_case.applies(catalog) else set()
    for cond in [
        *(c.when for c in policy.strategy.cells),
        *(r.when for r in policy.economics.reasons),
        *(g.when for g in policy.gates),
        *(q.when for q in catalog.questions.values() if q.when is not None),
    ]:
        found |= _depends(catalog, cond)
    return found


class _Possible:
    """Whether a condition holds for some combination of the values the uncertain answers
    allow (see :meth:`could`)."""

    def __init__(
        self,
        catalog: Catalog,
        evaluator: Evaluator,
        uncertain: Mapping[str, Uncertain],
        cuts: _Cuts,
    ) -> None:
        self.catalog, self.evaluator, self.uncertain, self.cuts = (
            catalog,
            evaluator,
            uncertain,
            cuts,
        )

    def inputs(self, cond: Any) -> tuple[str, ...]:
        """The uncertain answers ``cond`` depends on (:func:`_depends`), in asking order."""
        depends = _depends(self.catalog, cond)
        return tuple(q for q in self.catalog.questions if q in self.uncertain and q in depends)

    def could(
        self, cond: Any, inputs: tuple[str, ...], holds: Any, limit: int | None = None
    ) -> bool | None:
        """True when some combination of the allowed values of ``inputs`` (the others at
        their point estimates: they do not change ``cond``) makes ``holds`` true; False when
        none does; None when that cannot be settled by trying at most ``limit`` combinations
        (default :data:`MAX_CASES`).

        Every ``one_of`` value is tried. A range is tried at its ends, at every point inside
        where a test on it, its score's bends, a set score's threshold or a calculated test
        can turn (:meth:`_Cuts.split`), and in the middle of each piece between them: the
        truth of every test is constant inside a piece, so this is exact, as long as no set
        score or calculation reads two of the ranges at once (there the pieces of one depend
        on the other: a combination that holds is still proof, none is not)."""
        discrete = [(q, u.values) for q in inputs if isinstance(u := self.uncertain[q], OneOf)]
        ranges = [(q, u) for q in inputs if isinstance(u := self.uncertain[q], NumberRange)]
        names = [q for q, _ in ranges]
        exact = (
            self._separable(cond, names) and all(self.cuts.linear(cond, q) for q in names)
        ) or self._vertex(cond, names)
        tried = 0
        for combo in itertools.product(*(v for _, v in discrete)):
            changes = {q: v for (q, _), v in zip(discrete, combo, strict=True)}
            grids = [
                [plain_number(x) for x in self.cuts.points(self.evaluator, changes, q, u)]
                for q, u in ranges
            ]
            for xs in itertools.product(*grids):
                tried += 1
                if tried > (MAX_CASES if limit is None else limit):
                    return None
                e = self.evaluator.evaluate(
                    {**changes, **{q: x for (q, _), x in zip(ranges, xs, strict=True)}}
                )
                if holds(e):
                    return True
        return False if exact else None

    def _vertex(self, cond: Any, ranges: list[str]) -> bool:
        """``cond`` is one inequality between two calculations that are straight lines in each
        of ``ranges`` (the others fixed), and what shows those questions reads none of them:
        the gap between its sides is then largest and smallest at corners of the ranges, which
        are among the values tried, so trying them settles it."""
        expr = compiled(cond) if isinstance(cond, CalcCondition) else None
        if not isinstance(expr, calculations.Cmp) or expr.op not in ("<", "<=", ">", ">="):
            return False
        read = {r.name for r in calculations.refs(expr)}
        for name in read:
            q = self.catalog.questions.get(name)
            if q is not None and q.when is not None and _depends(self.catalog, q.when) & {*ranges}:
                return False
        return all(
            q in read and _linear(side, q) for q in ranges for side in (expr.left, expr.right)
        )

    def _separable(self, cond: Any, ranges: list[str]) -> bool:
        """No set score or calculated test in ``cond`` depends on two of ``ranges``."""
        if len(ranges) < 2:
            return True
        for leaf in _compound(cond):
            depends = _depends(self.catalog, leaf)
            if sum(q in depends for q in ranges) > 1:
                return False
        return True


def _compound(cond: Any) -> Iterator[Any]:
    """The set-score and calculated tests in ``cond`` (a calculated test as itself)."""
    if isinstance(cond, CalcCondition | DimensionCondition):
        yield cond
    elif isinstance(cond, AllCondition | AnyCondition):
        for c in cond.all if isinstance(cond, AllCondition) else cond.any:
            yield from _compound(c)
    elif isinstance(cond, NotCondition):
        yield from _compound(cond.not_)


class _Cuts:
    """Where a number's effect on the outcome, or on a condition, can change (see the module
    docstring)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        conditions = [q.when for q in catalog.questions.values() if q.when is not None]
        conditions += list(policy_conditions(catalog.policy))
        self.thresholds = thresholds(conditions)
        for cond in conditions:  # a number compared for equality turns there too
            for leaf in leaves(cond):
                if isinstance(leaf, QuestionCondition):
                    values = [leaf.equals, *(leaf.in_ or ()), *(leaf.not_in or ())]
                    self.thresholds.setdefault(leaf.question, set()).update(
                        float(v) for v in values if isinstance(v, int | float) and _is_number(v)
                    )
        economics = catalog.policy.economics
        # the economics stage turns where the business case's net saving crosses these
        self.net_thresholds = (economics.pays_at, economics.loses_below, economics.heavy_loss_below)
        self.dimension_tests = [
            (leaf.dimension, x)
            for cond in conditions
            for leaf in leaves(cond)
            if isinstance(leaf, DimensionCondition)
            for x in (leaf.gte, leaf.lt)
            if x is not None
        ]
        # every comparison inside a calculated test: it turns where its two sides meet
        self.comparisons = [
            node
            for cond in conditions
            for c in _compound(cond)
            if isinstance(c, CalcCondition) and (expr := compiled(c)) is not None
            for node in _comparisons(expr)
        ]

    def of(self, qid: str, low: float, high: float) -> list[float]:
        """The range's ends, and the points inside it where its score bends or a condition
        compares it, in order."""
        q = self.catalog.questions[qid]
        inside = {r.up_to for r in q.ranges} | self.thresholds.get(qid, set())
        return sorted({low, high} | {x for x in inside if low < x < high})

    def linear(self, cond: Any, qid: str) -> bool:
        """Every calculated test in ``cond`` is a straight line in ``qid`` on both sides (so
        :meth:`split` finds where it turns)."""
        return all(
            _linear(side, qid)
            for c in _compound(cond)
            if isinstance(c, CalcCondition) and (expr := compiled(c)) is not None
            for node in _comparisons(expr)
            for side in (node.left, node.right)
        )

    def split(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> list[float]:
        """The range's ends and, in order, every point inside it where the outcome or the
        truth of a condition can change: where its score bends or a test compares it, and
        where the business case's net saving crosses a threshold of the economics stage, a
        set's score a threshold, or the sides of a calculated test meet (each a straight line
        between the bends)."""

        def at(x: float) -> Evaluation:
            return evaluator.evaluate({**changes, qid: plain_number(x)})

        points = self.of(qid, u.low, u.high)
        if qid in cost_crossings.LINEAR:  # it moves the business case: it bends elsewhere
            bends = cost_crossings.bends(self.catalog, at(u.low).effective, qid)
            points = sorted({*points, *(x for x in bends if u.low < x < u.high)})
        cuts = set(points)
        for a, b in itertools.pairwise(points):
            x1, x2 = a + (b - a) / 3, a + 2 * (b - a) / 3
            e1, e2 = at(x1), at(x2)
            n1, n2 = e1.stages.net_saving, e2.stages.net_saving
            lines: list[tuple[float | None, float | None, float]] = [
                (n1, n2, x) for x in self.net_thresholds
            ]
            d1, d2 = e1.dims, e2.dims
            lines += [
                (d1[s], d2[s], x)
                for s, x in self.dimension_tests
                if d1.get(s) is not None and d2.get(s) is not None
            ]
            lines += [
                (_gap(node, e1.effective), _gap(node, e2.effective), 0.0)
                for node in self.comparisons
                if any(r.name == qid for r in calculations.refs(node))
            ]
            for v1, v2, target in lines:
                if v1 is not None and v2 is not None and v1 != v2:
                    x = x1 + (target - v1) * (x2 - x1) / (v2 - v1)
                    if a < x < b:
                        cuts.add(x)
        return sorted(cuts)

    def pieces(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> Iterator[tuple[float, Evaluation]]:
        """The range split where the outcome can change: (share of the range, evaluation in
        the piece), the shares adding up to 1."""
        ordered = self.split(evaluator, changes, qid, u)
        length = u.high - u.low
        for a, b in itertools.pairwise(ordered):
            if b > a:
                yield (
                    (b - a) / length,
                    evaluator.evaluate({**changes, qid: plain_number((a + b) / 2)}),
                )

    def points(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> list[float]:
        """Every point of :meth:`split` and the middle of each piece between them: one value
        for each place where the truth of a test can differ."""
        cuts = self.split(evaluator, changes, qid, u)
        return sorted({*cuts, *((a + b) / 2 for a, b in itertools.pairwise(cuts))})


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _comparisons(node: calculations.Node) -> Iterator[calculations.Cmp]:
    if isinstance(node, calculations.Cmp):
        yield node
    if isinstance(node, calculations.Neg):
        yield from _comparisons(node.arg)
    elif isinstance(node, calculations.Bin | calculations.Cmp):
        yield from _comparisons(node.left)
        yield from _comparisons(node.right)
    elif isinstance(node, calculations.Call):
        for arg in node.args:
            yield from _comparisons(arg)


def _gap(node: calculations.Cmp, answers: Mapping[str, AnswerValue]) -> float | None:
    """The left side of a comparison minus its right side (None: it has no value)."""
    left, right = calculations.value(node.left, answers), calculations.value(node.right, answers)
    if not (_is_number(left) and _is_number(right)):
        return None
    return float(left) - float(right)  # type: ignore[arg-type]


def _linear(node: calculations.Node, qid: str) -> bool:
    """``node`` is a straight line in the answer ``qid``, the other answers fixed."""
    if not any(r.name == qid for r in calculations.refs(node)):
        return True
    if isinstance(node, calculations.Ref):
        return True
    if isinstance(node, calculations.Neg):
        return _linear(node.arg, qid)
    if isinstance(node, calculations.Bin):
        uses = [any(r.name == qid for r in calculations.refs(x)) for x in (node.left, node.right)]
        if node.op in "+-":
            return _linear(node.left, qid) and _linear(node.right, qid)
        if node.op == "*":
            return not all(uses) and _linear(node.left, qid) and _linear(node.right, qid)
        return not uses[1] and _linear(node.left, qid)  # divided by a constant
    return False  # min, max, round, or a comparison inside
