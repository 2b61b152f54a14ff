"""What would change the decision: the changes of one answer, then of two, that flip the
outcome. Exact, not sampled, and plain brute force. Pure.

The outcome follows from the stages' verdicts and the gates (docs/decision-engine.md), and
those read only the questions their conditions name, the business case's inputs and the
questions that show or hide others: the *deciding* questions. Every other answer moves the
balance of the answers, never the outcome, so only deciding questions are tried: a choice
question on every other option; a multi question on every subset of its options (up to a
limit, :func:`~outsource_cli.decision.cases.subsets`); a number on the ends of its scale,
every threshold a condition compares it with, and, for the business case's inputs, the
values at which the net saving meets the economics stage's thresholds, each with a step
either side. Of the numbers (and subsets) that flip the outcome to a given outcome, the
one nearest the answer is reported. Pairs are every two changes to different questions,
reported only when neither flips the outcome alone; past ``MAX_PAIRS`` evaluations the
pair search stops and says how many were left.

Set weights no longer decide the outcome (they weigh the balance of the answers only), so
no weight change is reported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case, cost_crossings, stages
from outsource_cli.decision.cases import Limits, answers_to_try, step_of
from outsource_cli.decision.dependencies import deciding
from outsource_cli.decision.evaluation import Evaluator, shown_score
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import OUTCOMES, Question

MAX_PAIRS = 20_000  # evaluations; past this the pair search stops and says so


class Change(NamedTuple):
    question: str  # set.question
    text: str
    before: str  # the answer as shown, or "(not answered)"
    after: str  # the new answer as shown ("" in candidate changes: filled in for flips only)
    value: AnswerValue


class Flip(NamedTuple):
    changes: tuple[Change, ...]
    outcome: str  # the outcome after the changes
    score: float
    # "lever": every change is to a question the firm can act on before signing (`lever: true`);
    # "fact": a fact of the situation would have to be different; "structural": it flips the
    # outcome only by making a `force` gate hold (such as a legal prohibition): not advice
    kind: str = "fact"
    size: float = 0.0  # how far the changes go: options moved, tenths of a scale; smallest first


class WeightFlip(NamedTuple):
    set_id: str
    title: str
    weight: float  # now
    new_weight: float  # the least change that flips (at or beyond this weight)
    outcome: str
    score: float
    factor: float | None = None  # new_weight / weight (None when the weight is 0 now)


class Counterfactuals(NamedTuple):
    outcome: str  # the outcome they flip from
    singles: tuple[Flip, ...]
    pairs: tuple[Flip, ...]
    weights: tuple[WeightFlip, ...]
    pairs_complete: bool = True  # False when the pair search hit MAX_PAIRS
    pairs_searched: bool = True  # False when only single changes were searched
    structural_gates: tuple[str, ...] = ()  # titles of the forcing gates behind left-out flips
    pairs_untried: int = 0  # pairs of changes (or number searches) left untried at MAX_PAIRS


def _economics_points(catalog: Catalog, ev: Evaluator, qid: str) -> set[float]:
    """For an input the net saving is a straight line in, the answers at which it meets the
    economics stage's thresholds."""
    e = catalog.policy.economics
    targets = (e.pays_at, e.loses_below, e.heavy_loss_below)
    return set(cost_crossings.crossings(catalog, ev.base.effective, qid, targets))


def _year_points(catalog: Catalog, ev: Evaluator, lo: float, hi: float) -> set[float]:
    """The contract lengths at which the economics verdict changes (each side of a change):
    the net saving is worked out for every whole year, cheaply, from the business case."""
    found = cost_crossings.case_terms(catalog, ev.base.effective)
    if found is None:
        return set()
    policy, reasons = catalog.policy, bool(ev.base.stages.reasons)
    years = range(max(1, math.ceil(lo)), int(hi) + 1)
    verdicts = [
        stages.economics_verdict(policy, business_case.net_saving(found._replace(years=y)), reasons)
        for y in years
    ]
    points: set[float] = set()
    for (ya, va), (yb, vb) in itertools.pairwise(zip(years, verdicts, strict=True)):
        if va != vb:
            points.update((float(ya), float(yb)))
    return points


def _dimension_points(
    catalog: Catalog, ev: Evaluator, q: Question, qid: str, limits: Limits
) -> set[float]:
    """For a number in a set whose score a condition tests, the answers at which that score
    meets each threshold: the set's score is a straight line in the number between the points
    of its ranges, so each crossing is solved from the two ends of its stretch."""
    set_id = catalog.set_of[qid].id
    edges = limits.dimensions.get(set_id)
    if not edges:
        return set()
    lo, hi = q.scale
    xs = sorted({lo, hi, *(r.up_to for r in q.ranges if lo <= r.up_to <= hi)})
    ys = [ev.evaluate({qid: x}).sums[set_id].score for x in xs]
    found: set[float] = set()
    for (xa, ya), (xb, yb) in itertools.pairwise(zip(xs, ys, strict=True)):
        if ya is None or yb is None or ya == yb:
            continue
        for t in edges:
            if min(ya, yb) <= t <= max(ya, yb):
                found.add(xa + (t - ya) * (xb - xa) / (yb - ya))
    return found


def alternatives(
    catalog: Catalog,
    qid: str,
    current: AnswerValue | None,
    limits: Limits,
    ev: Evaluator | None = None,
) -> list[AnswerValue]:
    """The answers to try for ``qid`` other than ``current`` (for a number: the ends of its
    scale, its thresholds and, with ``ev``, where the net saving meets the economics
    thresholds, each with a step either side)."""
    q = catalog.questions[qid]
    chosen = set(current) if isinstance(current, tuple) else None
    if of(q).numeric:
        values = _number_candidates(catalog, q, qid, limits, ev)
    else:
        values = answers_to_try(q, qid, limits)
    return [
        v for v in values if not (_same(v, current) or (isinstance(v, tuple) and set(v) == chosen))
    ]


def _number_candidates(
    catalog: Catalog, q: Question, qid: str, limits: Limits, ev: Evaluator | None
) -> list[AnswerValue]:
    lo, hi = q.scale
    step = step_of(q)
    points = {lo, hi}
    centres = set(limits.numbers.get(qid, ()))
    if ev is not None:
        centres |= _economics_points(catalog, ev, qid)
        centres |= _dimension_points(catalog, ev, q, qid, limits)
    if qid == business_case.YEARS and ev is not None:  # not a straight line: year by year
        points |= _year_points(catalog, ev, lo, min(hi, 60))
    for x in centres:  # the values on the step grid either side of it (and it, if on it)
        below, above = math.floor(x / step) * step, math.ceil(x / step) * step
        points.update((below, above) if below != above else (x - step, x, x + step))
    found = sorted({round(p, 6) for p in points if lo <= p <= hi})
    return [int(p) if float(p).is_integer() else p for p in found]


def candidate_changes(
    catalog: Catalog, answers: Mapping[str, AnswerValue], ev: Evaluator | None = None
) -> list[Change]:
    """Every change worth trying, to the deciding questions shown, in asking order (their
    ``after`` is left empty: most changes flip nothing, and :func:`analyse` shows those that
    do)."""
    ev = ev or Evaluator(catalog, answers)
    limits = Limits(catalog)
    tried = deciding(catalog)
    changes = []
    for qid in ev.base.shown:
        if qid not in tried:
            continue
        q = catalog.questions[qid]
        current = ev.base.effective.get(qid)
        before = display(q, current)  # once per question, not per alternative
        for value in alternatives(catalog, qid, current, limits, ev):
            changes.append(Change(qid, q.text, before, "", value))
    return changes


def find_counterfactuals(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    *,
    pairs: bool = True,
    weights: Mapping[str, float] | None = None,
    evaluator: Evaluator | None = None,
) -> Counterfactuals:
    """Every change of one answer (and, with ``pairs``, of two) that flips the outcome.
    ``evaluator``: one made for these answers and weights (the decision's), so that the
    changes its robustness already tried are not evaluated again."""
    evaluator = evaluator or Evaluator(catalog, dict(answers), weights)
    now, outcome_after = evaluator.base.outcome, evaluator.decided
    changes = candidate_changes(catalog, answers, evaluator)
    nearest: dict[tuple[str, str], tuple[tuple[object, ...], Flip]] = {}
    singles: list[Flip] = []
    alone: set[int] = set()
    for i, change in enumerate(changes):
        outcome = outcome_after({change.question: change.value})
        if outcome == now:
            continue
        alone.add(i)
        q = catalog.questions[change.question]
        score = evaluator.outcome({change.question: change.value})[1]
        flip = Flip((change,), outcome, shown_score(catalog.policy, score))
        if of(q).numeric or of(q).many:  # the nearest value per outcome
            key = (change.question, outcome)
            current = evaluator.base.effective.get(change.question)
            distance = _distance(q, change.value, current)
            if key not in nearest or distance < nearest[key][0]:
                nearest[key] = (distance, flip)
        else:
            singles.append(flip)
    singles.extend(flip for _, flip in nearest.values())
    found_pairs: list[Flip] = []
    untried = 0
    if pairs:
        found_pairs, untried = _pairs(catalog, evaluator, changes, alone)
    singles = [_classify(catalog, evaluator, f) for f in singles]
    found_pairs = [_classify(catalog, evaluator, f) for f in found_pairs]
    structural = tuple(
        g.title
        for g in catalog.policy.gates
        if g.force is not None
        and any(f.kind == "structural" and f.outcome == g.force for f in (*singles, *found_pairs))
    )
    return Counterfactuals(
        now,
        tuple(sorted(singles, key=_rank)),
        tuple(sorted(found_pairs, key=_rank)),
        (),
        untried == 0,
        pairs,
        structural,
        untried,
    )


def _pairs(
    catalog: Catalog, evaluator: Evaluator, changes: list[Change], alone: set[int]
) -> tuple[list[Flip], int]:
    """Every two changes to different questions, neither of which flips the outcome alone,
    that flip it together: the nearest per pair of questions and outcome. Returns them and
    how many pairs were left untried at ``MAX_PAIRS``."""
    now = evaluator.base.outcome
    quiet = [c for i, c in enumerate(changes) if i not in alone]
    best: dict[tuple[str, str, str], tuple[tuple[object, ...], Flip]] = {}
    tried = untried = 0
    for a, b in itertools.combinations(quiet, 2):
        if a.question == b.question:
            continue
        if tried >= MAX_PAIRS:
            untried += 1
            continue
        tried += 1
        outcome = evaluator.decided({a.question: a.value, b.question: b.value})
        if outcome == now:
            continue
        score = evaluator.outcome({a.question: a.value, b.question: b.value})[1]
        qa, qb = catalog.questions[a.question], catalog.questions[b.question]
        base = evaluator.base.effective
        distance = (
            *_distance(qa, a.value, base.get(a.question)),
            *_distance(qb, b.value, base.get(b.question)),
        )
        key = (a.question, b.question, outcome)
        if not (of(qa).numeric or of(qa).many or of(qb).numeric or of(qb).many):
            key = (a.question, f"{b.question}={b.value!r}|{a.value!r}", outcome)
        flip = Flip((a, b), outcome, shown_score(catalog.policy, score))
        if key not in best or distance < best[key][0]:
            best[key] = (distance, flip)
    return [flip for _, flip in best.values()], untried


KINDS = ("lever", "fact", "structural")
_RANK: dict[str, int] = {o: i for i, o in enumerate(OUTCOMES)}  # keep in-house 0 … outsource 2


def _same(a: AnswerValue, b: AnswerValue | None) -> bool:
    return b is not None and type(a) is type(b) and a == b


def _distance(q: Question, value: AnswerValue, current: AnswerValue | None) -> tuple[object, ...]:
    """How far a change goes: for a number, whole numbers first, then nearest; for a multi,
    fewest options ticked or unticked."""
    if of(q).numeric and isinstance(value, int | float):
        anchor = current if isinstance(current, int | float) else (q.min or 0)
        whole = step_of(q) == 1.0 and not float(value).is_integer()
        return (whole, abs(value - anchor), value)
    if of(q).many and isinstance(value, tuple):
        before = set(current) if isinstance(current, tuple) else set()
        return (len(before ^ set(value)), value)
    return (0,)


def _rank(flip: Flip) -> tuple[object, ...]:
    """Advice first (levers), then facts, then structural changes; the smallest first."""
    return (
        KINDS.index(flip.kind),
        flip.size,
        flip.outcome,
        tuple(c.question for c in flip.changes),
    )


def _classify(catalog: Catalog, ev: Evaluator, flip: Flip) -> Flip:
    changes = {c.question: c.value for c in flip.changes}
    after = ev.evaluate(changes)
    gates = catalog.policy.gates
    forced = [
        g
        for g, now, then in zip(gates, ev.base.truths, after.truths, strict=True)
        if g.force is not None and then is True and now is not True and g.force == after.outcome
    ]
    if forced:
        kind = "structural"
    elif (
        all(catalog.questions[c.question].lever for c in flip.changes)
        and _RANK[flip.outcome] > _RANK[ev.base.outcome]
    ):
        # a lever is a control the firm can put in place (its safer answers score higher):
        # only a change towards outsourcing is something to do; giving a control up (audit
        # rights: yes -> no) is what the outcome rests on, said as a fact
        kind = "lever"
    else:
        kind = "fact"
    size = sum(_size(catalog, c, ev.base.effective.get(c.question)) for c in flip.changes)
    shown = tuple(
        c if c.after else c._replace(after=display(catalog.questions[c.question], c.value))
        for c in flip.changes
    )
    return flip._replace(changes=shown, kind=kind, size=round(size, 3))


def _size(catalog: Catalog, change: Change, current: AnswerValue | None) -> float:
    q = catalog.questions[change.question]
    value = change.value
    if of(q).numeric and isinstance(value, int | float):
        lo, hi = q.scale
        anchor = (
            current if isinstance(current, int | float) and not isinstance(current, bool) else lo
        )
        return abs(value - anchor) / (hi - lo) * 10 if hi > lo else 0.0
    if of(q).many and isinstance(value, tuple):
        before = set(current) if isinstance(current, tuple) else set()
        return float(len(before ^ set(value)))
    values = [o.value for o in q.options]
    new = next((i for i, v in enumerate(values) if type(v) is type(value) and v == value), 0)
    old = next((i for i, v in enumerate(values) if type(v) is type(current) and v == current), None)
    return 1.0 if old is None else float(abs(new - old))
