"""What would change the decision: the answer changes (one answer, then pairs) and the
set-weight changes that flip the outcome. Exact, not sampled. Pure.

A single change is exact: a choice question is tried on every other option; a multi question
on every subset of its options; a number question on every point where something can change —
the ends of its scale, each range point and threshold and a step either side of it, and the
values at which the score or its set's score meets a band edge or a threshold (the score is a
straight line between those points, so the crossings are solved, not searched). Of the
numbers (and subsets) that flip the outcome to a given outcome, the one nearest the answer is
reported. Pairs are tried on the same candidate values, and reported only when neither change
flips the outcome alone. Weight changes are solved exactly: the overall score moves
monotonically with one set's weight, so only the band edges need trying.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import ChainMap
from collections.abc import Iterator, Mapping
from typing import Any, Generic, Protocol, TypeVar

from outsource_cli.decision import business_case
from outsource_cli.decision.bounds import EPS, NO_GATES, TINY, Bounds, Plain, World
from outsource_cli.decision.cases import Limits, answers_to_try, number_points, step_of
from outsource_cli.decision.evaluation import (
    NO_KEYS,
    Evaluation,
    Evaluator,
    Overlay,
    band_of,
    gated,
    shown_score,
)
from outsource_cli.decision.scoring import question_score
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, Truth, leaves, truth
from outsource_cli.questionnaire.shapes import OUTCOMES, DimensionCondition, Question
from outsource_cli.tuples import NamedTuple

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


def _crossings(
    q: Question,
    qid: str,
    ev: Evaluator,
    points: list[float],
    edges: list[float],
    dim_edges: set[float],
    given: Mapping[str, AnswerValue] | None = None,
    known: dict[float, Evaluation] | None = None,
) -> set[float]:
    """The values at which the overall score meets a band edge, or the question's set score
    one of ``dim_edges`` (with the changes ``given`` made too), with a step either side.
    The evaluations at ``points`` are kept in ``known``, when given.

    When the number decides no other question's visibility, the overall score and its set's
    score are straight lines in the question's *score* ``s`` (``S = A + B·s``): two
    evaluations give the line, and each edge is met where ``s(x)`` takes one value, solved on
    the ranges. Otherwise every stretch between neighbouring ``points`` is solved."""
    if q.ranges and qid not in ev.steering and qid != business_case.SAVING:
        return _crossings_linear(q, qid, ev, edges, dim_edges, given or {})
    set_id = ev.catalog.set_of[qid].id
    found: set[float] = set()
    at = {x: ev.noted({**(given or {}), qid: x}) for x in points}  # the search tries them too
    if known is not None:
        known.update(at)
    for a, b in itertools.pairwise(points):
        ea, eb = at[a], at[b]
        pairs = [(ea.score, eb.score, e) for e in edges]
        da, db = ea.sums[set_id].score, eb.sums[set_id].score
        if da is not None and db is not None:
            pairs += [(da, db, e) for e in dim_edges]
        for ya, yb, edge in pairs:
            if ya == yb or not min(ya, yb) <= edge <= max(ya, yb):
                continue
            found.update(_around(q, a + (edge - ya) * (b - a) / (yb - ya), a, b))
    return found


def _crossings_linear(
    q: Question,
    qid: str,
    ev: Evaluator,
    edges: list[float],
    dim_edges: set[float],
    given: Mapping[str, AnswerValue],
) -> set[float]:
    lo, hi = q.scale
    xs = [x for x in (lo, hi, *(r.up_to for r in q.ranges)) if lo <= x <= hi]
    by_score = {question_score(q, x): x for x in xs}
    if len(by_score) < 2:
        return set()  # every value scores the same: only thresholds matter
    (s1, x1), (s2, x2) = min(by_score.items()), max(by_score.items())
    assert s1 is not None and s2 is not None  # numbers with ranges always score
    e1, e2 = ev.noted({**given, qid: x1}), ev.noted({**given, qid: x2})
    set_id = ev.catalog.set_of[qid].id
    targets: list[float] = []
    lines = [(e1.score, e2.score, edges)]
    d1, d2 = e1.sums[set_id].score, e2.sums[set_id].score
    if d1 is not None and d2 is not None:
        lines.append((d1, d2, sorted(dim_edges)))
    for y1, y2, wanted in lines:
        if y1 == y2:
            continue
        slope = (y2 - y1) / (s2 - s1)
        targets += [s1 + (edge - y1) / slope for edge in wanted]
    found: set[float] = set()
    for s in targets:
        for x in _inverse(q, s):
            found.update(_around(q, x, lo, hi))
    return found


def _inverse(q: Question, s: float) -> list[float]:
    """Every number whose score is ``s`` (one per stretch of the ranges that reaches it)."""
    lo, hi = q.scale
    points = [(r.up_to, r.score) for r in q.ranges]
    found = []
    for (xa, sa), (xb, sb) in itertools.pairwise(points):
        if sa != sb and min(sa, sb) <= s <= max(sa, sb):
            found.append(xa + (s - sa) * (xb - xa) / (sb - sa))
    return [x for x in found if lo <= x <= hi]


def _around(q: Question, x: float, lo: float, hi: float) -> set[float]:
    """``x`` and the values on the question's step either side of it, within [lo, hi]."""
    step = step_of(q)
    found: set[float] = set()
    for v in (x, math.floor(x / step) * step, math.ceil(x / step) * step):
        v = round(v, 6)
        found.update(y for y in (v, v - step, v + step) if lo <= y <= hi)
    return found


def alternatives(
    catalog: Catalog,
    qid: str,
    current: AnswerValue | None,
    limits: Limits,
    ev: Evaluator | None = None,
) -> list[AnswerValue]:
    """The answers to try for ``qid`` other than ``current`` (for a number, with the points
    where the score meets an edge solved, when ``ev`` is given)."""
    q = catalog.questions[qid]
    extra: set[float] = set()
    if q.type == "number" and ev is not None:
        # the saving scores the business case: its score bends where the net saving meets
        # a range point, not where the headline does
        bends = (
            business_case.saving_points(catalog, ev.base.effective)
            if qid == business_case.SAVING
            else []
        )
        points = number_points(q, limits.numbers.get(qid, set()), bends)
        edges = [b.max for b in catalog.policy.bands[:-1]]
        dims = limits.dimensions.get(catalog.set_of[qid].id, set())
        extra = _crossings(q, qid, ev, points, edges, dims)
    chosen = set(current) if isinstance(current, tuple) else None
    return [
        v
        for v in answers_to_try(q, qid, limits, extra)
        if not (_same(v, current) or (isinstance(v, tuple) and set(v) == chosen))
    ]


def _same(a: AnswerValue, b: AnswerValue | None) -> bool:
    return b is not None and type(a) is type(b) and a == b


def _distance(q: Question, value: AnswerValue, current: AnswerValue | None) -> tuple[object, ...]:
    """How far a change goes: for a number, whole numbers first, then nearest; for a multi,
    fewest options ticked or unticked."""
    if q.type == "number" and isinstance(value, int | float):
        anchor = current if isinstance(current, int | float) else (q.min or 0)
        whole = step_of(q) == 1.0 and not float(value).is_integer()
        return (whole, abs(value - anchor), value)
    if q.type == "multi" and isinstance(value, tuple):
        before = set(current) if isinstance(current, tuple) else set()
        return (len(before ^ set(value)), value)
    return (0,)


def candidate_changes(
    catalog: Catalog, answers: Mapping[str, AnswerValue], ev: Evaluator | None = None
) -> list[Change]:
    """Every change worth trying, question by question in asking order (their ``after``
    is left empty: most changes flip nothing, and :func:`analyse` shows those that do)."""
    ev = ev or Evaluator(catalog, answers)
    limits = Limits(catalog)
    changes = []
    for qid in ev.base.shown:
        q = catalog.questions[qid]
        current = ev.base.effective.get(qid)
        before = display(q, current)  # once per question, not per alternative
        for value in alternatives(catalog, qid, current, limits, ev):
            changes.append(Change(qid, q.text, before, "", value))
    return changes


def analyse(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    *,
    pairs: bool = True,
    weights: Mapping[str, float] | None = None,
    evaluator: Evaluator | None = None,
) -> Counterfactuals:
    """Every change of one answer (and, with ``pairs``, of two) and every set weight that
    flips the outcome. ``evaluator``: one made for these answers and weights (the decision's),
    so that the changes its robustness already tried are not evaluated again."""
    base = dict(answers)
    evaluator = evaluator or Evaluator(catalog, base, weights)
    now, evaluate_change = evaluator.base.outcome, evaluator.outcome
    changes = candidate_changes(catalog, base, evaluator)
    bounds = Bounds(catalog, evaluator)
    best: dict[tuple[str, str], tuple[tuple[object, ...], Flip]] = {}
    singles: list[Flip] = []
    flips_alone: set[int] = set()
    for i, change in enumerate(changes):
        if bounds.surely_quiet({change.question: change.value}):
            continue  # a plain change that cannot take the score out of its band
        outcome, score = evaluate_change({change.question: change.value})
        if outcome == now:
            continue
        flips_alone.add(i)
        q = catalog.questions[change.question]
        flip = Flip((change,), outcome, shown_score(catalog.policy, score))
        if q.type in ("number", "multi"):  # the nearest value per outcome
            key = (change.question, outcome)
            distance = _distance(q, change.value, evaluator.base.effective.get(change.question))
            if key not in best or distance < best[key][0]:
                best[key] = (distance, flip)
        else:
            singles.append(flip)
    singles.extend(flip for _, flip in best.values())
    found_pairs: list[Flip] = []
    untried = 0
    if pairs:
        found_pairs, untried = _pairs(catalog, evaluator, changes, flips_alone, bounds)
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
        tuple(weight_flips(catalog, base, weights, evaluator)),
        untried == 0,
        pairs,
        structural,
        untried,
    )


class _Item(NamedTuple):
    """A quiet change, with what it can touch (see :mod:`~outsource_cli.decision.bounds`)."""

    change: Change
    qi: int  # its question's place among the questions with quiet changes
    vi: int  # its place among its question's quiet changes
    plain: bool
    dn: float  # what it adds to N and D
    dd: float
    reach: frozenset[str]  # questions whose status it may change (itself and downstream)
    sets: frozenset[str]  # their sets
    shown_moved: frozenset[str]  # sets whose shown weight it changes
    gates: frozenset[int]  # gates whose inputs it may change
    world: World | None  # the evaluation after it (non-plain changes only)
    local: tuple[float, float] | None  # what it adds to its set's total and answered, when
    # it shows or hides nothing (None: a steering change)
    shown_after: frozenset[str]  # the questions of its reach surely shown after it


class _Task(NamedTuple):
    key: tuple[int, ...]  # the brute-force search's order
    pair: tuple[Change, Change] | None  # evaluate these two changes
    number: tuple[str, Change] | None  # or search this number question with this change


def _pairs(
    catalog: Catalog,
    ev: Evaluator,
    changes: list[Change],
    flips_alone: set[int],
    bounds: Bounds | None = None,
) -> tuple[list[Flip], int]:
    """Pairs of changes to two questions that flip the outcome when neither does alone, and
    how many pairs were left untried (0: the search is complete).

    Choice × choice (and number × number): every pair of quiet values. Number × choice: for
    each quiet value of the choice, the number's crossings are solved again with that change
    made (so the pair search is exact there too), and the nearest flipping number per outcome
    is kept. Exactly what trying them all gives; but a pair is evaluated only when bounds
    (:mod:`~outsource_cli.decision.bounds`) leave it possible that it flips: plain changes'
    effects on ``N`` and ``D`` add up, so the pairs whose sum can cross a band edge are found
    by sorting, not by trying every pair."""
    bounds = bounds or Bounds(catalog, ev)
    now = ev.base.outcome
    quiet: dict[str, list[Change]] = {}
    for i, c in enumerate(changes):
        if i not in flips_alone:
            quiet.setdefault(c.question, []).append(c)
    items = _items(catalog, ev, bounds, quiet)
    by_question: dict[str, list[_Item]] = {}
    for it in items:
        by_question.setdefault(it.change.question, []).append(it)
    sorted_keys = _SortedKeys(catalog.policy, [it for it in items if it.plain])
    tasks = _value_tasks(catalog, ev, bounds, items, sorted_keys)
    tasks += _number_tasks(catalog, ev, bounds, by_question, sorted_keys)
    tasks.sort(key=lambda t: t.key)
    limits = Limits(catalog)
    edges = [b.max for b in catalog.policy.bands[:-1]]
    alone: dict[tuple[str, AnswerValue], bool] = {}

    def quiet_alone(qid: str, value: AnswerValue) -> bool:
        key = (qid, value)
        if key not in alone:
            alone[key] = bounds.surely_quiet({qid: value}) or ev.outcome({qid: value})[0] == now
        return alone[key]

    order = {q: i for i, q in enumerate(quiet)}
    found: list[Flip] = []
    evaluations = 0
    for done, task in enumerate(tasks):
        if evaluations >= MAX_PAIRS:
            return found, len(tasks) - done
        if task.pair is not None:
            a, b = task.pair
            evaluations += 1  # each pair once: not kept in the evaluator's memo
            e = ev.evaluate({a.question: a.value, b.question: b.value})
            if e.outcome != now:
                found.append(Flip((a, b), e.outcome, shown_score(catalog.policy, e.score)))
            continue
        assert task.number is not None
        num, oc = task.number
        flips, used = _number_pair(catalog, ev, num, oc, limits, edges, quiet_alone)
        evaluations += used
        first = order[num] < order[oc.question]
        found.extend(f._replace(changes=f.changes[::-1]) if not first else f for f in flips)
    return found, 0


def _items(
    catalog: Catalog, ev: Evaluator, bounds: Bounds, quiet: dict[str, list[Change]]
) -> list[_Item]:
    base = bounds.world
    items = []
    same: dict[frozenset[str], frozenset[str]] = {}  # one of each (the values of a question
    # mostly show and hide the same questions)
    for qi, (qid, qchanges) in enumerate(quiet.items()):
        set_id = catalog.set_of[qid].id
        only, its_set = frozenset({qid}), frozenset({set_id})
        if qid not in bounds.plain:
            reach = frozenset({qid}) | ev.downstream(qid)
            sets = frozenset(catalog.set_of[q].id for q in reach)
            gates = bounds.plain.gates_touched(reach, sets)
        for vi, c in enumerate(qchanges):
            # None: its answer moves more than its own score (it steers, or feeds the
            # business case that scores the saving)
            local = (
                None
                if qid in ev.steering or qid in business_case.QUESTIONS
                else base.local(qid, c.value)
            )
            if qid in bounds.plain:
                dn, dd = base.effect(qid, c.value)
                items.append(
                    _Item(
                        c,
                        qi,
                        vi,
                        True,
                        dn,
                        dd,
                        only,
                        its_set,
                        NO_KEYS,
                        NO_GATES,
                        None,
                        local,
                        NO_KEYS,
                    )
                )
                continue
            e = ev.evaluate({qid: c.value})
            moved = frozenset(x for x in sets if e.sums[x].shown != ev.base.sums[x].shown)
            moved = same.setdefault(moved, moved)
            shown_after = frozenset(q for q in reach if _surely_shown(catalog, e, q))
            shown_after = same.setdefault(shown_after, shown_after)
            world = World(catalog, e, base, light=True)
            items.append(
                _Item(
                    c,
                    qi,
                    vi,
                    False,
                    world.n - base.n,
                    world.d - base.d,
                    reach,
                    sets,
                    moved,
                    gates,
                    world,
                    local,
                    shown_after,
                )
            )
    return items


def _value_key(a: _Item, b: _Item) -> tuple[int, ...]:
    first, second = (a, b) if a.qi < b.qi else (b, a)
    return (first.qi, second.qi, first.vi, second.vi)


def _is_value_pair(catalog: Catalog, a: _Item, b: _Item) -> bool:
    qa, qb = a.change.question, b.change.question
    numbers = catalog.questions[qa].type == "number", catalog.questions[qb].type == "number"
    return qa != qb and numbers[0] == numbers[1]


def _value_tasks(
    catalog: Catalog,
    ev: Evaluator,
    bounds: Bounds,
    items: list[_Item],
    sorted_keys: _SortedKeys[_Item],
) -> list[_Task]:
    """The pairs of quiet values that may flip the outcome (every other one surely does not)."""
    policy = catalog.policy
    base = bounds.world
    plain = [it for it in items if it.plain]
    other = [it for it in items if not it.plain]
    # a pair of items i < j as the one number i·size + j (a set of tuples would take several
    # times the memory: there can be hundreds of thousands)
    size = len(items)
    pairs: set[int] = set()
    index = {id(it): i for i, it in enumerate(items)}
    plain_of_question: dict[str, list[_Item]] = {}
    plain_of_set: dict[str, list[_Item]] = {}
    for it in plain:
        plain_of_question.setdefault(it.change.question, []).append(it)
        plain_of_set.setdefault(catalog.set_of[it.change.question].id, []).append(it)

    def add(a: _Item, b: _Item) -> None:
        i, j = index[id(a)], index[id(b)]
        if i != j and _is_value_pair(catalog, a, b):
            pairs.add(min(i, j) * size + max(i, j))

    # plain × plain: both in the base world, their effects add up
    for a in plain:
        for b in sorted_keys.crossing(base, a.dn, a.dd):
            add(a, b)
    # non-plain × plain: in the world after the non-plain change
    for a in other:
        assert a.world is not None
        for q in a.reach:
            if q == a.change.question or not _shown_after(catalog, a, q):
                continue  # not shown after a: its answer does not count, the pair is a alone
            for b in plain_of_question.get(q, ()):
                assert b.local is not None  # shown after a as before: its answer counts
                f = a.world.factor[catalog.set_of[q].id]
                if a.world.may_leave(f * b.local[0], f * b.local[1]):
                    add(a, b)
        for moved in a.shown_moved:  # in a set whose shown weight it changes
            for b in plain_of_set.get(moved, ()):
                if b.change.question in a.reach:
                    continue
                assert b.local is not None
                f = a.world.factor[catalog.set_of[b.change.question].id]
                if a.world.may_leave(f * b.local[0], f * b.local[1]):
                    add(a, b)
        for b in sorted_keys.crossing(a.world, 0.0, 0.0):
            add(a, b)
    # non-plain × non-plain: independent ones by their effects and gates, the rest exactly.
    # Independent changes that touch no gate add up like plain ones (sorted, as above); the
    # others are looked at pair by pair: those that share a set (or a gate) with another,
    # and those that touch a gate.
    base_dims = ev.base.dims

    def check(a: _Item, b: _Item) -> None:
        if not _is_value_pair(catalog, a, b):
            return
        if (b.change.question in a.reach and not _shown_after(catalog, a, b.change.question)) or (
            a.change.question in b.reach and not _shown_after(catalog, b, a.change.question)
        ):
            return  # one hides the other: the pair is that change alone, which is quiet
        independent = (
            a.reach.isdisjoint(b.reach)
            and a.shown_moved.isdisjoint(b.sets)
            and b.shown_moved.isdisjoint(a.sets)
            and a.gates.isdisjoint(b.gates)
        )
        if independent:
            assert a.world is not None and b.world is not None
            truths = list(ev.base.truths)
            for g in a.gates:
                truths[g] = a.world.e.truths[g]
            for g in b.gates:
                truths[g] = b.world.e.truths[g]
            if _stays(policy, ev, base.n + a.dn + b.dn, base.d + a.dd + b.dd, truths):
                return
        elif a.local is not None and b.local is not None:  # no question shown or hidden
            both = _pair_truths(catalog, ev, a, b, base_dims)
            if both is not None and _stays(
                policy, ev, base.n + a.dn + b.dn, base.d + a.dd + b.dd, both
            ):
                return
        add(a, b)

    gated_items = [it for it in other if it.gates]
    free = [it for it in other if not it.gates]
    of_set: dict[str, list[_Item]] = {}
    for it in other:
        for x in it.sets | it.shown_moved:
            of_set.setdefault(x, []).append(it)
    looked: set[int] = set()

    def look(a: _Item, b: _Item) -> None:
        i, j = index[id(a)], index[id(b)]
        key = min(i, j) * size + max(i, j)
        if i != j and key not in looked:
            looked.add(key)
            check(a, b)

    # those that share a set: each pair once, from its first item (sharing is symmetric), so
    # that no set of every pair looked at is kept (tens of thousands at 5,000 questions)
    for a in other:
        i = index[id(a)]
        near = {index[id(b)] for x in a.sets | a.shown_moved for b in of_set.get(x, ())}
        for j in sorted(near):
            if j > i:
                check(a, items[j])
    free_keys = _SortedKeys(policy, free)
    for a in gated_items:
        assert a.world is not None
        for b in gated_items:
            look(a, b)
        for b in free_keys.crossing(a.world, 0.0, 0.0):  # the gates as after a alone
            look(a, b)
    for a in free:
        for b in free_keys.crossing(base, a.dn, a.dd):
            look(a, b)
    tasks = []
    for key in pairs:
        a, b = items[key // size], items[key % size]
        first, second = (a, b) if a.qi < b.qi else (b, a)
        tasks.append(_Task(_value_key(a, b), (first.change, second.change), None))
    return tasks


def _shown_after(catalog: Catalog, a: _Item, qid: str) -> bool:
    """Whether ``qid`` (downstream of the change ``a``) is surely shown after it; when it is
    not, its answer does not count (hidden, or still unknown)."""
    assert qid in a.reach
    return qid in a.shown_after


def _surely_shown(catalog: Catalog, e: Evaluation, qid: str) -> bool:
    when = catalog.questions[qid].when
    return when is None or truth(when, e.effective, open_=e.open) is True


def _stays(policy: Any, ev: Evaluator, n: float, d: float, truths: list[Truth]) -> bool:
    """Whether the score ``n / d`` (within EPS) with the gates' ``truths`` surely gives the
    base outcome."""
    if d <= TINY:
        return False
    s = n / d
    bands = {band_of(policy, s - EPS), band_of(policy, s + EPS)}
    base = ev.base
    if bands == {base.base} and tuple(truths) == base.truths:
        return True
    return {gated(b, policy.gates, truths) for b in bands} == {base.outcome}


def _pair_truths(
    catalog: Catalog, ev: Evaluator, a: _Item, b: _Item, base_dims: Mapping[str, float | None]
) -> list[Truth] | None:
    """Each gate's truth after two changes that show or hide nothing: the answers exactly,
    the scores of their sets added up; None when a set's score comes within EPS of a
    threshold a gate compares it with (then the pair is evaluated exactly)."""
    base = ev.base
    sets: dict[str, tuple[float, float]] = {}
    for it in (a, b):
        x = catalog.set_of[it.change.question].id
        t, n = sets.get(x, (base.sums[x].total, base.sums[x].answered))
        local = it.local
        assert local is not None
        sets[x] = (t + local[0], n + local[1])
    dims: dict[str, float | None] = {}
    for x, (t, n) in sets.items():
        if abs(n) <= TINY:
            return None  # the set may be left without a score
        dims[x] = t / n
    gates = catalog.policy.gates
    for g in a.gates | b.gates:
        for leaf in leaves(gates[g].when):
            if isinstance(leaf, DimensionCondition) and leaf.dimension in dims:
                y = dims[leaf.dimension]
                assert y is not None
                if any(t is not None and abs(y - t) <= EPS for t in (leaf.gte, leaf.lt)):
                    return None
    answers = {a.change.question: a.change.value, b.change.question: b.change.value}
    effective = Overlay(base.effective, answers, NO_KEYS)
    open_ = base.open - set(answers)
    all_dims = ChainMap(dims, dict(base_dims))
    truths = list(base.truths)
    for g in a.gates | b.gates:
        truths[g] = truth(gates[g].when, effective, all_dims, open_=open_)
    return truths


class _Effect(Protocol):
    @property
    def dn(self) -> float: ...
    @property
    def dd(self) -> float: ...


class _Extreme(NamedTuple):
    """The lowest- or highest-scoring answer to a plain number question, as an effect."""

    question: str
    dn: float
    dd: float


E = TypeVar("E", bound=_Effect)


class _SortedKeys(Generic[E]):
    """Effects (plain changes) sorted by what they add to ``N − e·D`` at each band edge ``e``
    (and by what they add to ``D``), to find the ones that take a score out of its band."""

    def __init__(self, policy: Any, plain: list[E]):
        self.policy, self.plain = policy, plain
        self.bands = policy.bands
        self._keys: dict[float, tuple[list[float], list[E]]] = {}
        by_dd = sorted(plain, key=lambda it: it.dd)
        self._dd = ([it.dd for it in by_dd], by_dd)

    def _sorted(self, e: float) -> tuple[list[float], list[E]]:
        if e not in self._keys:
            ranked = sorted(self.plain, key=lambda it: it.dn - e * it.dd)
            self._keys[e] = ([it.dn - e * it.dd for it in ranked], ranked)
        return self._keys[e]

    def crossing(self, world: World, dn: float, dd: float) -> list[E]:
        """The plain changes that, added to ``dn``, ``dd`` in ``world``, may take the score
        out of the band of the world's score (with the margin EPS), or leave no weight."""
        lo, hi = _band_edges(self.policy, world.e.score)
        found: list[E] = []
        if hi is not None:  # up: n + dn + k >= (hi − EPS)(d + dd + l)
            e = hi - EPS
            keys, ranked = self._sorted(e)
            found += ranked[bisect.bisect_left(keys, e * (world.d + dd) - world.n - dn) :]
        if lo is not None:  # down: n + dn + k < (lo + EPS)(d + dd + l)
            e = lo + EPS
            keys, ranked = self._sorted(e)
            found += ranked[: bisect.bisect_left(keys, e * (world.d + dd) - world.n - dn)]
        keys, ranked = self._dd
        found += ranked[: bisect.bisect_right(keys, TINY - world.d - dd)]
        return found


def _band_edges(policy: Any, score: float) -> tuple[float | None, float | None]:
    """The lower and upper edges of the band that holds ``score`` (as :func:`band_of` finds
    it; None: no band beyond). A score between them has that band's outcome."""
    bands = policy.bands
    k = next((i for i, b in enumerate(bands) if b.min <= score < b.max), None)
    if k is None:
        k = len(bands) - 1 if score >= bands[-1].max else 0
    lo = bands[k].min if k > 0 else None
    hi = bands[k].max if k < len(bands) - 1 else None
    return lo, hi


def _number_tasks(
    catalog: Catalog,
    ev: Evaluator,
    bounds: Bounds,
    by_question: dict[str, list[_Item]],
    sorted_keys: _SortedKeys[_Item],
) -> list[_Task]:
    """The (number question, change to another question) pairs whose search may find a flip."""
    limits = Limits(catalog)
    edges = [b.max for b in catalog.policy.bands[:-1]]
    is_number = {q: catalog.questions[q].type == "number" for q in by_question}
    others = [it for q, its in by_question.items() if not is_number[q] for it in its]
    non_plain = [it for it in others if not it.plain]
    # plain numbers × non-plain changes: the numbers' lowest and highest effects, sorted, give
    # for each change (in the world after it) the numbers that may leave its band
    plain_numbers = [q for q in by_question if is_number[q] and q in bounds.plain]
    extremes: list[_Extreme] = []
    numbers_of_set: dict[str, list[str]] = {}
    for num in plain_numbers:
        f = bounds.world.factor[catalog.set_of[num].id]
        for t, a in bounds.quiet_number_locals(num):
            extremes.append(_Extreme(num, f * t, f * a))
        numbers_of_set.setdefault(catalog.set_of[num].id, []).append(num)
    extreme_keys = _SortedKeys(catalog.policy, extremes)
    gated_others = [it for it in non_plain if it.gates]
    free_keys = _SortedKeys(catalog.policy, [it for it in non_plain if not it.gates])
    searched: dict[str, list[_Item]] = {}
    for oc in non_plain:
        assert oc.world is not None
        near = {x.question for x in extreme_keys.crossing(oc.world, 0.0, 0.0)}
        near |= {q for q in oc.reach if q in bounds.plain and q in by_question and is_number[q]}
        for moved in oc.shown_moved:
            near.update(numbers_of_set.get(moved, ()))
        for num in near:
            if _number_may_flip(catalog, ev, bounds, num, oc, limits, edges):
                searched.setdefault(num, []).append(oc)
    tasks = []
    for num, num_items in by_question.items():
        if not is_number[num]:
            continue
        qi = num_items[0].qi

        def task(oc: _Item, num: str = num, qi: int = qi) -> _Task:
            return _Task((min(qi, oc.qi), max(qi, oc.qi), oc.vi), None, (num, oc.change))

        hits: list[_Item] = []
        if num in bounds.plain:
            f = bounds.world.factor[catalog.set_of[num].id]
            (lt, la), (ht, ha) = bounds.quiet_number_locals(num)
            low, high = (f * lt, f * la), (f * ht, f * ha)
            hits = sorted_keys.crossing(bounds.world, *low) + sorted_keys.crossing(
                bounds.world, *high
            )
            hits += searched.get(num, [])
            checked: list[_Item] = []
        else:
            nw = _number_worlds(catalog, ev, num, limits)
            # changes in the sets it shows or hides questions in, or touching a gate: one by one
            sharing = [it for it in others if not it.sets.isdisjoint(nw.sets)]
            if len({w.band for w in nw.at.values()}) == 1:
                # the number alone never leaves the band: with a change independent of it that
                # touches no gate, a flip needs that change to take some evaluation of the
                # number out of its band
                for w in nw.at.values():
                    hits += sorted_keys.crossing(w, 0.0, 0.0)
                    hits += free_keys.crossing(w, 0.0, 0.0)
                hits = [
                    it
                    for it in hits
                    if it.sets.isdisjoint(nw.sets) and it.reach.isdisjoint(nw.reach)
                ]
                checked = [*gated_others, *sharing]
            else:
                checked = others
        seen: set[int] = set()
        for oc in hits:
            if not is_number[oc.change.question] and id(oc) not in seen:
                seen.add(id(oc))
                tasks.append(task(oc))
        for oc in checked:
            if id(oc) in seen:
                continue
            seen.add(id(oc))
            if _number_may_flip(catalog, ev, bounds, num, oc, limits, edges):
                tasks.append(task(oc))
    return tasks


class _NumberWorlds(NamedTuple):
    """A non-plain number question's evaluations at the values the search tries when no
    band edge is crossed, and what it can touch."""

    points: list[float]
    at: dict[float, World]
    linear: tuple[float, float] | None  # the values of lowest and highest score (linear case)
    reach: frozenset[str]  # it and the questions downstream of it
    sets: frozenset[str]  # their sets
    gates: frozenset[int]  # the gates whose inputs it may change
    base_points: list[float]  # the values tried before any crossing is solved


def _number_may_flip(
    catalog: Catalog,
    ev: Evaluator,
    bounds: Bounds,
    num: str,
    oc: _Item,
    limits: Limits,
    edges: list[float],
) -> bool:
    """False when no value of ``num`` can flip the outcome together with ``oc``."""
    if num in bounds.plain:
        if oc.plain:
            world, dn, dd = bounds.world, oc.dn, oc.dd
        else:
            assert oc.world is not None
            if num in oc.reach and not _shown_after(catalog, oc, num):
                return False  # not shown after oc: the pair is oc alone, which is quiet
            world, dn, dd = oc.world, 0.0, 0.0
        f = world.factor[catalog.set_of[num].id]
        (lt, la), (ht, ha) = bounds.quiet_number_locals(num)
        return world.may_leave(dn + f * lt, dd + f * la) or world.may_leave(
            dn + f * ht, dd + f * ha
        )
    nw = _number_worlds(catalog, ev, num, limits)
    if oc.change.question in nw.reach:
        return True
    shared = not oc.sets.isdisjoint(nw.sets)
    if shared:
        # a plain change in a set whose shown questions the number moves: its effect is
        # its set's factor in each of the number's worlds, unless the set's score is tested
        # (then the number's crossings with that score depend on the change too)
        oc_set = catalog.set_of[oc.change.question].id
        if not oc.plain or oc.local is None or limits.dimensions.get(oc_set):
            return True
    if not (oc.reach.isdisjoint(nw.reach) and oc.gates.isdisjoint(nw.gates)):
        return True
    oc_truths = oc.world.e.truths if oc.world is not None else ()

    def score(x: float) -> float | None:
        w = nw.at[x]
        if shared:
            assert oc.local is not None
            f = w.factor[oc_set]
            dn, dd = f * oc.local[0], f * oc.local[1]
        else:
            dn, dd = oc.dn, oc.dd
        d = w.d + dd
        return None if d <= TINY else (w.n + dn) / d

    def straddles(ya: float | None, yb: float | None) -> bool:
        if ya is None or yb is None:
            return True
        return any(min(ya, yb) - EPS <= e <= max(ya, yb) + EPS for e in edges)

    base_points = nw.base_points
    if nw.linear is not None:
        if straddles(score(nw.linear[0]), score(nw.linear[1])):
            return True
    elif any(straddles(score(a), score(b)) for a, b in itertools.pairwise(base_points)):
        return True
    policy = catalog.policy
    now = ev.base.outcome
    for x in nw.points:
        w = nw.at[x]
        if w.e.outcome != now:
            continue  # it flips alone: never part of a pair
        y = score(x)
        if y is None:
            return True
        truths = list(w.e.truths)
        for g in oc.gates:
            truths[g] = oc_truths[g]
        if any(gated(band_of(policy, v), policy.gates, truths) != now for v in (y - EPS, y + EPS)):
            return True
    return False


def _number_worlds(catalog: Catalog, ev: Evaluator, num: str, limits: Limits) -> _NumberWorlds:
    cache = ev.memo.setdefault("number worlds", {})
    if num not in cache:
        cache[num] = _new_number_worlds(catalog, ev, num, limits)
    found: _NumberWorlds = cache[num]
    return found


def _new_number_worlds(catalog: Catalog, ev: Evaluator, num: str, limits: Limits) -> _NumberWorlds:
    q = catalog.questions[num]
    dims = limits.dimensions.get(catalog.set_of[num].id, set())
    base_points = number_points(q, limits.numbers.get(num, set()))
    cross = _crossings(q, num, ev, base_points, [], dims)
    points = number_points(q, limits.numbers.get(num, set()), cross)
    linear = None
    wanted = set(points) | set(base_points)
    if q.ranges and num not in ev.steering and num != business_case.SAVING:
        lo, hi = q.scale
        xs = [x for x in (lo, hi, *(r.up_to for r in q.ranges)) if lo <= x <= hi]
        by_score = {question_score(q, x): x for x in xs}
        if len(by_score) >= 2:
            linear = (min(by_score.items())[1], max(by_score.items())[1])
            wanted |= set(linear)
    base = ev.memo.get("base world") or World(catalog, ev.base)
    ev.memo["base world"] = base
    at = {x: World(catalog, ev.evaluate({num: x}), base, light=True) for x in wanted}
    reach = frozenset({num}) | ev.downstream(num)
    sets = frozenset(catalog.set_of[x].id for x in reach)
    gates = ev.memo.setdefault("plain", Plain(catalog, ev)).gates_touched(reach, sets)
    return _NumberWorlds(points, at, linear, reach, sets, gates, base_points)


def _number_pair(
    catalog: Catalog,
    ev: Evaluator,
    num: str,
    oc: Change,
    limits: Limits,
    edges: list[float],
    quiet_alone: Any,
) -> tuple[list[Flip], int]:
    """The nearest flipping value of the number ``num`` per outcome, with ``oc`` made; and how
    many evaluations it took. The pair is (num, oc)."""
    now = ev.base.outcome
    q = catalog.questions[num]
    current = ev.base.effective.get(num)
    dims = limits.dimensions.get(catalog.set_of[num].id, set())
    base_points = number_points(q, limits.numbers.get(num, set()))
    given = {oc.question: oc.value}
    known: dict[float, Evaluation] = {}
    cross = _crossings(q, num, ev, base_points, edges, dims, given, known)
    evaluations = len(known) if known else 2  # the linear case takes two
    best: dict[str, tuple[tuple[object, ...], Flip]] = {}
    for x in number_points(q, limits.numbers.get(num, set()), cross):
        if _same(x, current):
            continue
        if x in known:
            e = known[x]
        else:
            evaluations += 1
            e = ev.evaluate({**given, num: x})
        outcome, score = e.outcome, e.score
        if outcome == now or not quiet_alone(num, x):
            continue
        nc = Change(num, q.text, display(q, current), display(q, x), x)
        distance = _distance(q, x, current)
        if outcome not in best or distance < best[outcome][0]:
            best[outcome] = (distance, Flip((nc, oc), outcome, shown_score(catalog.policy, score)))
    return [flip for _, flip in best.values()], evaluations


KINDS = ("lever", "fact", "structural")
_RANK: dict[str, int] = {o: i for i, o in enumerate(OUTCOMES)}  # keep in-house 0 … outsource 2


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
    if q.type == "number" and isinstance(value, int | float):
        lo, hi = q.scale
        anchor = (
            current if isinstance(current, int | float) and not isinstance(current, bool) else lo
        )
        return abs(value - anchor) / (hi - lo) * 10 if hi > lo else 0.0
    if q.type == "multi" and isinstance(value, tuple):
        before = set(current) if isinstance(current, tuple) else set()
        return float(len(before ^ set(value)))
    values = [o.value for o in q.options]
    new = next((i for i, v in enumerate(values) if type(v) is type(value) and v == value), 0)
    old = next((i for i, v in enumerate(values) if type(v) is type(current) and v == current), None)
    return 1.0 if old is None else float(abs(new - old))


def weight_flips(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None = None,
    evaluator: Evaluator | None = None,
) -> Iterator[WeightFlip]:
    """For each scored set, the nearest weight (up or down) at which the outcome changes.

    With the other sets fixed, ``S(W) = (P + W·x) / (Q + W·y)`` where ``x = total/shown`` and
    ``y = answered/shown`` of the set (docs/decision-engine.md), so the weight at which ``S``
    meets an edge is ``(edge·Q − P) / (x − edge·y)``."""
    evaluator = evaluator or Evaluator(catalog, answers, weights)
    ev = evaluator.base
    now = ev.outcome
    edges = [b.max for b in catalog.policy.bands[:-1]]
    for qs in catalog.sets:
        s = ev.sums[qs.id]
        w = ev.weights[qs.id]
        if s.score is None or s.shown <= 0:
            continue
        x, y = s.total / s.shown, s.answered / s.shown
        p = q = 0.0
        for other, o in ev.sums.items():
            ow = ev.weights[other]
            if other == qs.id or ow <= 0 or o.answered <= 0 or o.shown <= 0:
                continue
            p += ow * o.total / o.shown
            q += ow * o.answered / o.shown
        best: WeightFlip | None = None
        for edge in edges:
            if x == edge * y:
                continue
            target = (edge * q - p) / (x - edge * y)  # the weight at which S reaches the edge
            if target < 0:
                continue
            # on the edge already: the flip is a step away, in whichever direction leaves it
            directions = [True, False] if abs(target - w) < 1e-9 else [target > w]
            for up in directions:
                new_weight = _settle(evaluator, qs.id, target, now, w, up=up)
                if new_weight is None:
                    continue
                changed = evaluator.reweigh({qs.id: new_weight})
                outcome, score = changed.outcome, changed.score
                factor = round(new_weight / w, 2) if w > 0 else None
                shown = shown_score(catalog.policy, score)
                flip = WeightFlip(qs.id, qs.title, w, new_weight, outcome, shown, factor)
                if best is None or abs(new_weight - w) < abs(best.new_weight - w):
                    best = flip
        if best is not None:
            yield best


def _settle(
    evaluator: Evaluator,
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
    flipping = [g for g in side if evaluator.reweigh({set_id: g}).outcome != now]
    return min(flipping, key=lambda g: abs(g - current)) if flipping else None
