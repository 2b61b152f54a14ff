"""Evaluating ``when`` conditions: plain data walked by plain code, never ``eval``."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from outsource_cli.questionnaire import calculations
from outsource_cli.questionnaire.shapes import (
    AllCondition,
    AnyCondition,
    CalcCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    Policy,
    QuestionCondition,
    answered_test,
)
from outsource_cli.questionnaire.shapes.base import AnswerValue as AnswerValue  # the answers' type


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
    if isinstance(cond, CalcCondition):
        expr = compiled(cond)
        if expr is None:
            return False
        if open_ and any(r.name in open_ for r in calculations.refs(expr)):
            return None
        return calculations.value(expr, answers) is True
    if cond.question in open_:
        return None
    return _question_holds(cond, answers)


Ranges = Mapping[str, tuple[float, float, bool]]
# a condition compiled by :func:`checker`: (answers, open_, dimensions, ranges) -> its truth
Check = Callable[
    [Mapping[str, AnswerValue], Collection[str], Mapping[str, float | None] | None, Ranges | None],
    Truth,
]


def checker(cond: Condition) -> Check:
    """``cond`` as a function that gives what :func:`truth` gives, without walking the
    condition again at each call (for the loops that test the same conditions thousands of
    times): ``checker(cond)(answers, open_, dimensions, ranges)`` is
    ``truth(cond, answers, dimensions, open_=open_, ranges=ranges)``. Tests on a set's score
    and calculated tests are left to :func:`truth` itself."""
    if isinstance(cond, AllCondition | AnyCondition):
        decisive = isinstance(cond, AnyCondition)
        parts = [checker(c) for c in (cond.any if isinstance(cond, AnyCondition) else cond.all)]

        def combined(a: Any, o: Any, d: Any, r: Any) -> Truth:
            result: Truth = not decisive
            for part in parts:
                found = part(a, o, d, r)
                if found is decisive:
                    return decisive
                if found is None:
                    result = None
            return result

        return combined
    if isinstance(cond, NotCondition):
        inner = checker(cond.not_)

        def negated(a: Any, o: Any, d: Any, r: Any) -> Truth:
            found = inner(a, o, d, r)
            return None if found is None else not found

        return negated
    if isinstance(cond, QuestionCondition):
        return _question_checker(cond)
    return lambda a, o, d, r: truth(cond, a, d, open_=o, ranges=r)


def _question_checker(cond: QuestionCondition) -> Check:
    """A test on one question, as :func:`truth` and :func:`_question_holds` take it."""
    qid = cond.question
    if cond.answered is not None:
        wanted = cond.answered
        return lambda a, o, d, r: None if qid in o else (qid in a) == wanted
    # in: some option chosen (one, or any ticked) is named; equals: the one named is chosen;
    # not_in: none is named
    if cond.in_ is not None:
        named, wanted = frozenset(cond.in_), True
    elif cond.not_in is not None:
        named, wanted = frozenset(cond.not_in), False
    elif cond.equals is not None:
        named, wanted = frozenset([cond.equals]), True
    else:
        return _number_checker(qid, cond.gte, cond.lte)

    def chosen(a: Any, o: Any, d: Any, r: Any) -> Truth:
        if qid in o:
            return None
        if qid not in a:
            return False
        v = a[qid]
        return ((not named.isdisjoint(v)) if isinstance(v, tuple) else (v in named)) is wanted

    return chosen


def _number_checker(qid: str, gte: float | None, lte: float | None) -> Check:
    """A ``gte``/``lte`` test on one question (a choice, a yes/no or ticks never pass it)."""

    def compared(a: Any, o: Any, d: Any, r: Any) -> Truth:
        if qid in o:
            return None
        if qid not in a:
            return False
        v = a[qid]
        return not (
            isinstance(v, bool | tuple | str)
            or (gte is not None and v < gte)
            or (lte is not None and v > lte)
        )

    return compared


def compiled(cond: CalcCondition) -> calculations.Node | None:
    """A calculated test's tree: as the catalog compiled it (calculated values inlined), or
    parsed here when it was not (then a reference to a calculated value counts as an
    unanswered question). None when the text does not parse (the checks report it)."""
    expr: calculations.Node | None = getattr(cond, "_expr", None)  # None, or not set yet
    if expr is None:
        try:
            expr = cond._expr = calculations.parse(cond.calc)
        except calculations.CalcError:
            return None
    return expr


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
    """Every test on a question or a dimension inside ``cond``. A calculated test
    (``calc``) counts as an ``answered`` test on each question it reads, so every walk over
    a condition's inputs sees them (what a change can affect, what a gate waits on)."""
    if isinstance(cond, CalcCondition):
        expr = compiled(cond)
        seen: set[str] = set()
        for ref in calculations.refs(expr) if expr is not None else ():
            if ref.name not in seen:
                seen.add(ref.name)
                yield answered_test(ref.name)
    elif isinstance(cond, AllCondition):
        for c in cond.all:
            yield from leaves(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from leaves(c)
    elif isinstance(cond, NotCondition):
        yield from leaves(cond.not_)
    else:
        yield cond


def references(cond: Condition) -> Iterator[str]:
    """The question ids ``cond`` reads, once each, in reading order (calculated values count
    with the questions they are calculated from)."""
    seen: set[str] = set()
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition) and leaf.question not in seen:
            seen.add(leaf.question)
            yield leaf.question


def has_calc(cond: Condition) -> bool:
    """Whether ``cond`` contains a calculated test."""
    if isinstance(cond, CalcCondition):
        return True
    if isinstance(cond, AllCondition | AnyCondition):
        return any(has_calc(c) for c in (cond.all if isinstance(cond, AllCondition) else cond.any))
    return isinstance(cond, NotCondition) and has_calc(cond.not_)


def compile_calculations(
    values: Mapping[str, str], conditions: Iterable[Condition]
) -> dict[str, calculations.Node]:
    """The calculated values (``values``: expression by ``set.id``), each with the values it
    uses inlined, and every calculated test in ``conditions`` compiled against them. A value
    that does not parse is left out (the checks report it)."""
    raw: dict[str, calculations.Node] = {}
    for cid, text in values.items():
        try:
            raw[cid] = calculations.parse(text)
        except calculations.CalcError:
            continue
    table = {k: _safe_inline(v, raw) for k, v in raw.items()}
    for cond in conditions:
        _compile(cond, table)
    return table


def _safe_inline(node: calculations.Node, raw: dict[str, calculations.Node]) -> calculations.Node:
    try:
        return calculations.inline(node, raw)
    except RecursionError:  # a cycle: the checks report it
        return node


def _compile(cond: Condition, table: Mapping[str, calculations.Node]) -> None:
    if isinstance(cond, CalcCondition):
        try:
            cond._expr = calculations.inline(calculations.parse(cond.calc), table)
        except calculations.CalcError:
            cond._expr = None
    elif isinstance(cond, AllCondition | AnyCondition):
        for c in cond.all if isinstance(cond, AllCondition) else cond.any:
            _compile(c, table)
    elif isinstance(cond, NotCondition):
        _compile(cond.not_, table)


def questions_in(cond: Condition) -> Iterator[str]:
    """The ids of the questions whose answers ``cond`` depends on: what depends on what
    (which questions steer others, which feed a gate) is computed from this, so a new kind
    of condition needs only :func:`leaves` (and :func:`references`) to know its inputs."""
    yield from references(cond)


def dimensions_in(cond: Condition) -> Iterator[str]:
    """The ids of the sets whose score ``cond`` tests (repeats possible)."""
    for leaf in leaves(cond):
        if isinstance(leaf, DimensionCondition):
            yield leaf.dimension


def policy_conditions(policy: Policy | None) -> Iterator[Condition]:
    """Every condition in a policy: the stages, gates, form and location rules, mitigations,
    models and contracts."""
    if policy is None:
        return
    yield from stage_conditions(policy)
    yield from (g.when for g in policy.gates)
    yield from (r.when for r in policy.form.rules)
    yield from (r.when for r in policy.location.rules)
    yield from (m.when for m in policy.mitigations if m.when is not None)
    yield from (m.when for m in policy.models if m.when is not None)
    yield from (c.when for c in policy.contracts if c.when is not None)


def stage_conditions(policy: Policy) -> Iterator[Condition]:
    """The conditions of the three stages: strategy cells, non-cost reasons, readiness."""
    yield from (c.when for c in policy.strategy.cells)
    yield from (r.when for r in policy.economics.reasons)
    yield from (r.when for r in policy.readiness)


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
