"""The finitely many cases an answer can fall in, as far as the policy and the ``when``
conditions can tell them apart. Pure.

A choice question has one case per option. A number question's conditions compare it with a
few thresholds, so between two neighbouring thresholds every value is the same case (its score
still moves along its ranges). A multi question's conditions test whether given options are
ticked, so its cases are the subsets of the options that some condition names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    leaves,
    policy_conditions,
    thresholds,
)
from outsource_cli.questionnaire.shapes import DimensionCondition, Question, QuestionCondition

MAX_SUBSETS = 4096  # a multi question with more options is tried on fewer subsets (see below)


class Limits:
    """What the conditions of a catalog compare each question with."""

    def __init__(self, catalog: Catalog) -> None:
        conditions = [
            *(q.when for q in catalog.questions.values() if q.when is not None),
            *policy_conditions(catalog.policy),
        ]
        self.numbers = thresholds(conditions)
        self.options: dict[str, set[object]] = {}
        self.dimensions: dict[str, set[float]] = {}  # set -> the numbers its score is tested on
        for cond in conditions:
            for leaf in leaves(cond):
                if isinstance(leaf, DimensionCondition):
                    self.dimensions.setdefault(leaf.dimension, set()).update(
                        x for x in (leaf.gte, leaf.lt) if x is not None
                    )
                elif isinstance(leaf, QuestionCondition):
                    named = [*(leaf.in_ or ()), *(leaf.not_in or ())]
                    if leaf.equals is not None:
                        named.append(leaf.equals)
                    self.options.setdefault(leaf.question, set()).update(named)


def step_of(q: Question) -> float:
    """Whole numbers where the scale allows, else hundredths."""
    lo, hi = q.scale
    return 1.0 if hi - lo >= 10 else 0.01


def case_of(x: float, ts: Iterable[float]) -> tuple[bool, ...]:
    ordered = sorted(ts)
    return (*(x >= t for t in ordered), *(x <= t for t in ordered))


def number_points(q: Question, ts: Iterable[float], extra: Iterable[float] = ()) -> list[float]:
    """Values worth trying for a number question: the ends of its scale, every range point
    and threshold with a step either side, and ``extra`` — all within the scale."""
    (lo, hi), step = q.scale, step_of(q)
    points = {lo, hi}
    for edge in (r.up_to for r in q.ranges):
        points.update((edge, edge + step, edge - step, edge + 0.01, edge - 0.01))
    for t in ts:
        points.update((t, t - step, t + step, t - 0.01, t + 0.01))
    points.update(extra)
    return sorted({_whole(round(p, 6)) for p in points if lo <= p <= hi})


def _whole(x: float) -> float:
    return int(x) if float(x).is_integer() else x


def number_cases(q: Question, ts: Iterable[float]) -> list[float]:
    """One value for every case of a number question (the lowest value of each)."""
    ts = list(ts)
    best: dict[tuple[bool, ...], float] = {}
    for x in number_points(q, ts):
        best.setdefault(case_of(x, ts), x)
    return list(best.values())


def subsets(q: Question, named: Iterable[object] = ()) -> list[tuple[str, ...]]:
    """Every subset of a multi question's options (up to ``MAX_SUBSETS``); past that, every
    subset of the options that conditions name, each with every other option ticked and with
    none, and with the single options of highest and lowest score: enough for the cases and
    the score's extremes under ``min``/``max`` (for ``mean``, see docs/decision-engine.md)."""
    values = [str(o.value) for o in q.options]
    if 2 ** len(values) <= MAX_SUBSETS:
        return [
            tuple(v for v, keep in zip(values, mask, strict=True) if keep)
            for mask in itertools.product((False, True), repeat=len(values))
        ]
    named_values = [v for v in values if v in {str(n) for n in named}]
    others = [v for v in values if v not in named_values]
    scored = sorted((o for o in q.options if o.score is not None), key=lambda o: o.score or 0)
    extremes = [str(o.value) for o in (scored[:1] + scored[-1:]) if str(o.value) in others]
    found: set[tuple[str, ...]] = set()
    for mask in itertools.product((False, True), repeat=len(named_values)):
        base = [v for v, keep in zip(named_values, mask, strict=True) if keep]
        for extra in ([], others, *([e] for e in extremes)):
            picked = set(base) | set(extra)
            found.add(tuple(v for v in values if v in picked))
    return sorted(found, key=lambda s: (len(s), s))


def answers_to_try(
    q: Question, qid: str, limits: Limits, extra: Iterable[float] = ()
) -> list[AnswerValue]:
    """Every answer worth trying for ``q``: each option; for a multi question its subsets
    (:func:`subsets`); for a number its candidate points (:func:`number_points`, with
    ``extra`` points such as solved crossings)."""
    kind = of(q)
    if kind.numeric:
        return list(number_points(q, limits.numbers.get(qid, ()), extra))
    if kind.many:
        return list(subsets(q, limits.options.get(qid, ())))
    return [o.value for o in q.options]


def steering_cases(q: Question, qid: str, limits: Limits) -> list[AnswerValue]:
    """One answer per case of a question (for the missing-answers range)."""
    kind = of(q)
    if kind.numeric:
        return list(number_cases(q, limits.numbers.get(qid, ())))
    if kind.many:
        named = [str(v) for v in limits.options.get(qid, ())]
        values = [str(o.value) for o in q.options if str(o.value) in named]
        return [
            tuple(v for v, keep in zip(values, mask, strict=True) if keep)
            for mask in itertools.product((False, True), repeat=len(values))
        ]
    return [o.value for o in q.options]
