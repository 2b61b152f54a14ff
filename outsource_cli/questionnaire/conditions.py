"""Evaluating ``when`` conditions: plain data walked by plain code, never ``eval``."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping

from outsource_cli.questionnaire.models import (
    AllCondition,
    AnyCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    Policy,
    QuestionCondition,
)

AnswerValue = str | int | float | bool | tuple[str, ...]


def holds(
    cond: Condition,
    answers: Mapping[str, AnswerValue],
    dimensions: Mapping[str, float | None] | None = None,
    *,
    assumed: Mapping[int, bool] | None = None,
) -> bool:
    """Whether ``cond`` holds. A test on an unanswered question (or unscored dimension) is false.

    ``assumed`` fixes the truth of dimension tests by ``id()`` (lint's analysis tries both)."""
    return truth(cond, answers, dimensions, assumed=assumed) is True


Truth = bool | None  # None: it depends on answers not given yet


def truth(
    cond: Condition,
    answers: Mapping[str, AnswerValue],
    dimensions: Mapping[str, float | None] | None = None,
    *,
    open_: Collection[str] = (),
    ranges: Mapping[str, tuple[float, float, bool]] | None = None,
    assumed: Mapping[int, bool] | None = None,
) -> Truth:
    """Whether ``cond`` holds, in three values: True, False, or None (unknown).

    A test on a question in ``open_`` (shown or maybe shown, and not answered yet) is unknown;
    a test on any other question without an answer is false. A dimension test is unknown
    when the set's score may lie on either side (``ranges``: the lowest and highest score the
    set may still reach, and whether it may end with no score at all). ``all``/``any``/``not``
    follow Kleene's three-valued logic: ``all`` is false as soon as one part is false, ``any``
    true as soon as one part is true."""
    if isinstance(cond, AllCondition | AnyCondition):
        # all: false as soon as a part is false; any: true as soon as a part is true
        decisive = isinstance(cond, AnyCondition)
        parts = cond.any if isinstance(cond, AnyCondition) else cond.all
        result: Truth = not decisive
        for c in parts:
            part = truth(c, answers, dimensions, open_=open_, ranges=ranges, assumed=assumed)
            if part is decisive:
                return decisive
            if part is None:
                result = None
        return result
    if isinstance(cond, NotCondition):
        inner = truth(cond.not_, answers, dimensions, open_=open_, ranges=ranges, assumed=assumed)
        return None if inner is None else not inner
    if isinstance(cond, DimensionCondition):
        if assumed is not None:
            return assumed[id(cond)]
        if ranges is not None and cond.dimension in ranges:
            lo, hi, maybe_none = ranges[cond.dimension]
            low, high = _in_bounds(cond, lo), _in_bounds(cond, hi)
            if low and high:
                return None if maybe_none else True
            if hi < (cond.gte if cond.gte is not None else -math.inf) or (
                cond.lt is not None and lo >= cond.lt
            ):
                return False
            return None
        score = (dimensions or {}).get(cond.dimension)
        if score is None:
            return False
        return _in_bounds(cond, score)
    if cond.question in open_:
        return None
    return _question_holds(cond, answers)


def _in_bounds(cond: DimensionCondition, score: float) -> bool:
    return (cond.gte is None or score >= cond.gte) and (cond.lt is None or score < cond.lt)


def _question_holds(cond: QuestionCondition, answers: Mapping[str, AnswerValue]) -> bool:
    answered = cond.question in answers
    if cond.answered is not None:
        return answered == cond.answered
    if not answered:
        return False
    value = answers[cond.question]
    chosen = set(value) if isinstance(value, tuple) else {value}
    if cond.in_ is not None:
        return bool(chosen & set(cond.in_))
    if cond.not_in is not None:
        return not chosen & set(cond.not_in)
    if cond.equals is not None:
        return cond.equals in chosen
    if isinstance(value, bool | tuple | str):
        return False
    if cond.gte is not None and value < cond.gte:
        return False
    return not (cond.lte is not None and value > cond.lte)


def leaves(cond: Condition) -> Iterator[QuestionCondition | DimensionCondition]:
    """Every test on a question or a dimension inside ``cond``."""
    if isinstance(cond, AllCondition):
        for c in cond.all:
            yield from leaves(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from leaves(c)
    elif isinstance(cond, NotCondition):
        yield from leaves(cond.not_)
    else:
        yield cond


def questions_in(cond: Condition) -> Iterator[str]:
    """The ids of the questions whose answers ``cond`` depends on (repeats possible). The one
    place that knows which condition kinds refer to questions: what depends on what (which
    questions steer others, which feed a gate) is computed from this."""
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            yield leaf.question


def dimensions_in(cond: Condition) -> Iterator[str]:
    """The ids of the sets whose score ``cond`` tests (repeats possible)."""
    for leaf in leaves(cond):
        if isinstance(leaf, DimensionCondition):
            yield leaf.dimension


def policy_conditions(policy: Policy | None) -> Iterator[Condition]:
    """Every condition in a policy: gates, form and location rules, mitigations."""
    if policy is None:
        return
    yield from (g.when for g in policy.gates)
    yield from (r.when for r in policy.form.rules)
    yield from (r.when for r in policy.location.rules)
    yield from (m.when for m in policy.mitigations if m.when is not None)
    yield from (m.when for m in policy.models if m.when is not None)
    yield from (c.when for c in policy.contracts if c.when is not None)


def thresholds(conditions: Iterable[Condition]) -> dict[str, set[float]]:
    """For each question, the numbers ``gte``/``lte`` tests compare it with."""
    found: dict[str, set[float]] = {}
    for cond in conditions:
        for leaf in leaves(cond):
            if isinstance(leaf, QuestionCondition):
                numbers = {x for x in (leaf.gte, leaf.lte) if x is not None}
                if numbers:
                    found.setdefault(leaf.question, set()).update(numbers)
    return found
