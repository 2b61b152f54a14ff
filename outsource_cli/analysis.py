"""What the question sets and policy *mean*: which questions can be shown, which conditions
can hold, which scores and outcomes can be reached. Used by ``lint``; pure.

Conditions are decided exactly by enumeration: every question a condition depends on (and,
transitively, every question their own ``when`` depends on) takes each value that can make a
difference — each option, each side of every threshold a condition tests, and "not answered"
where that is allowed — and the interview's own walk decides what is shown. The enumeration
is capped (:data:`MAX_CASES`); past the cap a question is "unknown", never reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from outsource_cli.catalog import Catalog
from outsource_cli.conditions import holds, leaves
from outsource_cli.models import (
    OUTCOMES,
    AllCondition,
    AnyCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    Question,
    QuestionCondition,
)

MAX_CASES = 200_000
UNANSWERED = object()


def closure(catalog: Catalog, qids: set[str]) -> list[str]:
    """``qids`` and every question their conditions depend on, in asking order."""
    seen: set[str] = set()
    stack = [q for q in qids if q in catalog.questions]
    while stack:
        qid = stack.pop()
        if qid in seen:
            continue
        seen.add(qid)
        when = catalog.questions[qid].when
        if when is not None:
            stack.extend(
                leaf.question
                for leaf in leaves(when)
                if isinstance(leaf, QuestionCondition) and leaf.question in catalog.questions
            )
    return [q for q in catalog.questions if q in seen]


def thresholds(catalog: Catalog, qid: str) -> set[float]:
    """Every number a condition (in a question set or the policy) compares ``qid`` with."""
    found: set[float] = set()
    for cond in all_conditions(catalog):
        for leaf in leaves(cond):
            if isinstance(leaf, QuestionCondition) and leaf.question == qid:
                found.update(x for x in (leaf.gte, leaf.lte) if x is not None)
    return found


def all_conditions(catalog: Catalog) -> Iterator[Condition]:
    for q in catalog.questions.values():
        if q.when is not None:
            yield q.when
    p = catalog.policy
    yield from (g.when for g in p.gates)
    yield from (r.when for r in p.form.rules)
    yield from (r.when for r in p.location.rules)
    yield from (m.when for m in p.mitigations if m.when is not None)


def domain(catalog: Catalog, qid: str) -> list[Any]:
    """The answers to ``qid`` that can make a difference to any condition, plus UNANSWERED."""
    q = catalog.questions[qid]
    values: list[Any]
    if q.type == "number":
        assert q.min is not None and q.max is not None
        points = {q.min, q.max}
        for t in thresholds(catalog, qid):
            points.update(x for x in (t, t - 1e-6, t + 1e-6) if q.min <= x <= q.max)
        values = sorted(points)
    elif q.type == "multi":
        opts = [o.value for o in q.options]
        if len(opts) <= 8:
            values = [
                tuple(c) for n in range(len(opts) + 1) for c in itertools.combinations(opts, n)
            ]
        else:
            values = [(), *((v,) for v in opts), tuple(opts)]
    else:
        values = [o.value for o in q.options]
    return [*values, UNANSWERED]


def _cases(catalog: Catalog, qids: list[str]) -> Iterator[dict[str, Any]] | None:
    domains = [domain(catalog, q) for q in qids]
    size = 1
    for d in domains:
        size *= len(d)
        if size > MAX_CASES:
            return None
    return (
        {q: v for q, v in zip(qids, combo, strict=True)} for combo in itertools.product(*domains)
    )


def _effective(catalog: Catalog, qids: list[str], case: Mapping[str, Any]) -> dict[str, Any] | None:
    """Walk ``qids`` in order as the interview would; None when the case is impossible
    (a required question shown but not answered)."""
    effective: dict[str, Any] = {}
    for qid in qids:
        q = catalog.questions[qid]
        shown = q.when is None or holds(q.when, effective)
        value = case[qid]
        if shown and value is not UNANSWERED:
            effective[qid] = value
        elif shown and q.required:
            return None
    return effective


def can_hold(catalog: Catalog, cond: Condition) -> bool | None:
    """Whether some answers make ``cond`` hold (dimension tests may go either way)."""
    deps = closure(
        catalog, {leaf.question for leaf in leaves(cond) if isinstance(leaf, QuestionCondition)}
    )
    cases = _cases(catalog, deps)
    if cases is None:
        return None
    dims = [leaf for leaf in leaves(cond) if isinstance(leaf, DimensionCondition)]
    truths = list(itertools.product((True, False), repeat=len(dims))) if len(dims) <= 8 else None
    if truths is None:
        return None
    for case in cases:
        effective = _effective(catalog, deps, case)
        if effective is None:
            continue
        for truth in truths:
            fixed = {id(d): t for d, t in zip(dims, truth, strict=True)}
            if _holds(cond, effective, fixed):
                return True
    return False


def can_be_shown(catalog: Catalog, qid: str) -> bool | None:
    q = catalog.questions[qid]
    return True if q.when is None else can_hold(catalog, q.when)


def _holds(cond: Condition, answers: Mapping[str, Any], dims: Mapping[int, bool]) -> bool:
    if isinstance(cond, AllCondition):
        return all(_holds(c, answers, dims) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return any(_holds(c, answers, dims) for c in cond.any)
    if isinstance(cond, NotCondition):
        return not _holds(cond.not_, answers, dims)
    if isinstance(cond, DimensionCondition):
        return dims[id(cond)]
    return holds(cond, answers)


# ---------------------------------------------------------------- scores and outcomes


def _score_range(q: Question) -> tuple[float, float] | None:
    if q.type == "number":
        assert q.min is not None
        reachable = [
            r.score for i, r in enumerate(q.ranges) if r.up_to >= q.min or i == len(q.ranges) - 1
        ]
        return (min(reachable), max(reachable)) if reachable else None
    scores = [o.score for o in q.options if o.score is not None]
    return (min(scores), max(scores)) if scores else None


def _extreme_mean(items: list[tuple[float, float, bool]], best: bool) -> tuple[float, bool] | None:
    """Greatest (or least) weighted mean of (value, weight, must) items, where every ``must``
    item is in and others may be added; None when nothing can be in."""
    sign = 1 if best else -1
    must = [(v, w) for v, w, m in items if m]
    optional = sorted(((v, w) for v, w, m in items if not m), key=lambda x: -sign * x[0])
    chosen = list(must)
    if not chosen:
        if not optional:
            return None
        chosen.append(optional.pop(0))
    for v, w in optional:
        mean = sum(a * b for a, b in chosen) / sum(b for _, b in chosen)
        if sign * v > sign * mean:
            chosen.append((v, w))
    return sum(a * b for a, b in chosen) / sum(b for _, b in chosen), bool(must)


def score_bounds(catalog: Catalog) -> tuple[float, float] | None:
    """Bounds on the overall score over every way of answering (None: nothing is scored).

    Conditions are relaxed (any question may be left out unless it is required and always
    shown), so every reachable score lies within the bounds: what falls outside is unreachable.
    """
    bounds: list[float] = []
    for best in (False, True):
        sets: list[tuple[float, float, bool]] = []
        for qs in catalog.sets:
            items = []
            for q in qs.questions:
                rng = _score_range(q)
                if rng is not None:
                    items.append(
                        (rng[1] if best else rng[0], q.weight, q.required and q.when is None)
                    )
            extreme = _extreme_mean(items, best)
            if extreme is not None:
                sets.append((extreme[0], qs.weight, extreme[1]))
        overall = _extreme_mean(sets, best)
        if overall is None:
            return None
        bounds.append(overall[0])
    return bounds[0], bounds[1]


def reachable_outcomes(catalog: Catalog) -> dict[str, str]:
    """Each outcome the policy can produce, with how (a band, or a gate that forces/caps)."""
    policy = catalog.policy
    found: dict[str, str] = {}
    bounds = score_bounds(catalog)
    reachable_bands = [
        b
        for b in policy.bands
        if bounds is not None
        and b.min <= bounds[1]
        and (bounds[0] < b.max or b is policy.bands[-1])
    ]
    for band in reachable_bands:
        found.setdefault(band.outcome, f"the {band.outcome} band")
    for gate in policy.gates:
        if can_hold(catalog, gate.when) is False:
            continue
        if gate.force is not None:
            found.setdefault(gate.force, f"gate {gate.id}")
        elif gate.cap is not None and any(
            OUTCOMES.index(b.outcome) > OUTCOMES.index(gate.cap) for b in reachable_bands
        ):
            found.setdefault(gate.cap, f"gate {gate.id}")
    return found
