"""The adaptive interview's order: which question to ask next. Pure and deterministic.

What the answers so far settle, and so when the interview may stop, is
:mod:`~outsource_cli.decision.settling`'s (re-exported here: :func:`possible`,
:func:`settled`, :func:`current`).

:func:`next_question` tries each open, shown question in each of its cases (each option a
condition can tell apart; a number at the ends of its scale, its default and either side of
each threshold) and measures what the answer could do to the possible values of the aspects
(the readiness verdict among them, so the readiness steps' questions are asked when they can
change it): its *reach* is how many aspects an answer leaves with one possible value, on
average, then how many aspects' possible values differ between its cases, then the average
number of values it rules out. The question with the widest reach comes first; ties go to a
question of the same set as the one just asked (a set's questions stay together where that
costs nothing), then to the asking order. Questions a condition hides are never candidates.
Once the result is settled, the rest come in asking order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case, settling
from outsource_cli.decision.cases import Limits, number_cases
from outsource_cli.decision.dependencies import steering
from outsource_cli.decision.settling import (
    ASPECTS,
    Settled,
    Values,
    current,
    possible,
    settled,
)
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import AnswerValue, dimensions_in, questions_in
from outsource_cli.questionnaire.shapes import Condition, Question

__all__ = [
    "ASPECTS",
    "Context",
    "Reach",
    "Settled",
    "cases",
    "current",
    "feeds",
    "next_question",
    "possible",
    "reach",
    "reference",
    "settled",
]


class Context(settling.Context):
    """What the order reuses for one catalog besides what :func:`possible` does: the
    thresholds and options its conditions name, which aspects each question feeds, and the
    asking order."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.limits = Limits(catalog)
        self.feeds = feeds(catalog)
        self.order = {q: i for i, q in enumerate(catalog.questions)}


def feeds(catalog: Catalog) -> dict[str, frozenset[str]]:
    """For each question, the aspects whose conditions read it (a question that shows or
    hides another feeds every aspect)."""
    policy = catalog.policy
    by_set: dict[str, list[str]] = {}
    for qid in catalog.questions:
        by_set.setdefault(catalog.set_of[qid].id, []).append(qid)

    def inputs(conds: Iterable[Condition]) -> set[str]:
        found: set[str] = set()
        for c in conds:
            found.update(questions_in(c))
            for d in dimensions_in(c):
                found.update(by_set.get(d, ()))
        return found

    strategy = inputs(c.when for c in policy.strategy.cells)
    economics = inputs(r.when for r in policy.economics.reasons)
    if business_case.applies(catalog):
        economics |= business_case.QUESTIONS
    outcome = strategy | economics | inputs(g.when for g in policy.gates)
    direct = {
        "outcome": outcome,
        "strategy": strategy,
        "economics": economics,
        "readiness": outcome | inputs(r.when for r in policy.readiness),
        "form": outcome | inputs(r.when for r in policy.form.rules),
        "location": outcome | inputs(r.when for r in policy.location.rules),
        "model": outcome | inputs(m.when for m in policy.models if m.when is not None),
    }
    steers = steering(catalog)
    return {
        qid: frozenset(ASPECTS)
        if qid in steers
        else frozenset(a for a in ASPECTS if qid in direct[a])
        for qid in catalog.questions
    }


def cases(q: Question, qid: str, limits: Limits, tested: bool) -> list[AnswerValue]:
    """The answers worth trying for ``q``: one per case the conditions tell apart (every
    option when a condition tests its set's score); a number also at the ends of its scale
    and at its default (the business case reads numbers on a continuous scale)."""
    kind = of(q)
    if kind.numeric:
        values: list[AnswerValue] = list(number_cases(q, limits.numbers.get(qid, ())))
        lo, hi = q.scale
        extra = [lo, hi, q.default] if isinstance(q.default, int | float) else [lo, hi]
        for x in extra:
            if isinstance(x, int | float) and x not in values:
                values.append(x)
        return values
    if kind.many:
        named = limits.options.get(qid, set())
        picked = [str(o.value) for o in q.options if tested or str(o.value) in named]
        found: list[AnswerValue] = [()]
        found += [(v,) for v in picked]
        if q.required:
            found = found[1:] or [(str(q.options[0].value),)]
        return found
    named = limits.options.get(qid, set())
    if tested:
        return [o.value for o in q.options]
    seen_other = False
    found = []
    for o in q.options:
        if o.value in named:
            found.append(o.value)
        elif not seen_other:  # the options no condition names all read the same
            seen_other = True
            found.append(o.value)
    return found


# what the recommendation is; the readiness verdict (whether it can be done now) comes after
HEADLINE = tuple(a for a in ASPECTS if a != "readiness")


def _spread(values: Values, aspects: Collection[str]) -> int:
    return sum(len(values[a]) - 1 for a in aspects)


class Reach(NamedTuple):
    """What answering a question could do, over its cases."""

    settles: float  # how many aspects an answer leaves with one possible value, on average
    moved: int  # how many aspects' possible values differ between its cases
    cut: float  # how many possible values an answer rules out, on average


def reach(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    qid: str,
    values: Values | None = None,
    context: Context | None = None,
    aspects: Collection[str] = ASPECTS,
) -> Reach:
    """What answering ``qid`` could do to the possible values of ``aspects``
    (:class:`Reach`), trying each of its cases (:func:`cases`)."""
    ctx = context or Context(catalog)
    values = possible(catalog, answers, ctx) if values is None else values
    q = catalog.questions[qid]
    tested = catalog.set_of[qid].id in ctx.tested
    after = [possible(catalog, {**answers, qid: v}, ctx) for v in cases(q, qid, ctx.limits, tested)]
    n = max(1, len(after))
    before = _spread(values, aspects)
    return Reach(
        sum(sum(1 for a in aspects if len(o[a]) == 1) for o in after) / n,
        sum(1 for a in aspects if len({o[a] for o in after}) > 1),
        sum(before - _spread(o, aspects) for o in after) / n,
    )


def next_question(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    *,
    skipped: Collection[str] = (),
    last: str | None = None,
    context: Context | None = None,
) -> str | None:
    """The question to ask next: the open, shown question (not one left "not sure",
    ``skipped``) whose answer could move the most of the recommendation (``HEADLINE``), then,
    once that is settled, of the readiness verdict; once everything is settled, the first open
    question in asking order. None when no question is left to ask. ``last``: the question
    asked before, whose set's questions come first among equals."""
    ctx = context or Context(catalog)
    effective, shown, _ = explore(catalog, answers)
    candidates = [q for q in shown if q not in effective and q not in skipped]
    if not candidates:
        return None
    values = possible(catalog, answers, ctx)
    state = settled(catalog, answers, values, ctx)
    if state.done:
        return candidates[0]
    wanted = set(state.open) & set(HEADLINE) or set(state.open)
    pool = [q for q in candidates if ctx.feeds[q] & wanted]
    if not pool:
        return candidates[0]
    here = catalog.set_of[last].id if last is not None and last in catalog.questions else None

    focus = [a for a in ASPECTS if a in wanted]
    now = {q: reach(catalog, answers, q, values, ctx, focus) for q in pool}
    best = max(r.settles for r in now.values())
    pool = [q for q in pool if now[q].settles == best]
    last_open: dict[str, int] = {}
    if len(pool) > 1:
        # the same question as the last one open, the others answered by the reference
        # completion: inputs that decide only together (the business case's) count here
        world = reference(catalog, answers, ctx.limits)
        for q in pool:
            others = {k: v for k, v in world.items() if k != q}
            last_open[q] = reach(catalog, others, q, None, ctx, focus).moved

    def rank(qid: str) -> tuple[int, int, float, bool, int]:
        r = now[qid]
        same_set = catalog.set_of[qid].id == here
        return (-last_open.get(qid, 0), -r.moved, -r.cut, not same_set, ctx.order[qid])

    return min(pool, key=rank)


def reference(
    catalog: Catalog, answers: Mapping[str, AnswerValue], limits: Limits | None = None
) -> dict[str, AnswerValue]:
    """``answers`` with every open question answered: by its suggested answer, or else by its
    first case (:func:`cases`). Deterministic."""
    limits = limits or Limits(catalog)
    world = dict(answers)
    for qid, q in catalog.questions.items():
        if qid in world:
            continue
        default = q.default
        if default is None:
            world[qid] = cases(q, qid, limits, False)[0]
        elif of(q).many:
            picked = default if isinstance(default, tuple) else (default,)
            world[qid] = tuple(str(v) for v in picked)
        elif not isinstance(default, tuple):
            world[qid] = default
    return world
