"""What the unanswered questions could still do to a decision. Pure.

An unanswered question is neither neutral nor safe: the score leaves it out, and that is the
same as assuming it would be answered like the rest. So the decision also reports the range
of scores and outcomes that answering the open questions could produce:

1. Every open question that decides whether another is shown is tried in each of its cases
   (:mod:`outsource_cli.decision.cases`), recursively: each combination is a *leaf*, in
   which it is known exactly which questions are shown.
2. In a leaf, each open question is at its lowest and at its highest possible score. With
   every shown question answered, each set counts with its full weight, so the overall
   score is lowest (highest) when every open question is at its lowest (highest): the range
   ``[lo, hi]`` is exact.
3. The outcomes of a leaf: every outcome the stages' possible verdicts give
   (:func:`~outsource_cli.decision.stages.possible`), each after the gates that surely hold,
   and after each gate that may hold (an unknown input) as well. A set's score
   is an interval too, so a gate or rule that tests it is unknown when the interval lies on
   both sides of its threshold.
4. Location rules that hold or may hold in some leaf limit the location (conservative).

The outcomes are those that the answers *could* produce: the list never misses one, and may
name one that only a split of a number between two answers would reach. Past ``MAX_LEAVES``
combinations the range is the widest possible, and says so (``exact`` false).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case, stages
from outsource_cli.decision.cases import Limits, steering_cases
from outsource_cli.decision.dependencies import steering
from outsource_cli.decision.evaluation import scored_shown
from outsource_cli.decision.outcomes import gated
from outsource_cli.decision.scoring import question_score, score_bounds, tidy
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import AnswerValue, Truth, truth
from outsource_cli.questionnaire.shapes import (
    ECONOMICS_VERDICTS,
    OUTCOMES,
    STRATEGY_VERDICTS,
    Question,
)

MAX_LEAVES = 512


class Leaf(NamedTuple):
    score: tuple[float, float]
    outcomes: frozenset[str]
    gates: tuple[Truth, ...]
    locations: tuple[Truth, ...]
    settled: frozenset[str]  # the outcomes the stages allow, after the gates that surely hold
    stages: stages.Possible


class Missing(NamedTuple):
    """The range, and what the leaves say about gates and location rules."""

    score: tuple[float, float]
    outcomes: tuple[str, ...]  # in OUTCOMES order
    exact: bool
    gates_possible: tuple[bool, ...]  # per gate: holds or may hold in some leaf
    locations_possible: tuple[bool, ...]  # per location rule, likewise
    locations_certain: tuple[bool, ...]
    # the outcomes the stages' verdicts allow (after the gates that surely hold): more than
    # one, and the answers given do not yet make a recommendation
    settled: tuple[str, ...]
    strategies: frozenset[str]  # the strategy verdicts still possible
    economics: frozenset[str | None]  # the economics verdicts still possible


# a leaf's state: the answers in effect, the questions shown, those still open, and those
# whose cases were tried but whose every value is still possible (a number, a multiple choice)
State = tuple[Mapping[str, AnswerValue], list[str], set[str], frozenset[str]]
Memo = dict[object, tuple[float, float] | None]  # the business case's ranges, by its inputs
Item = tuple[float, float, float, bool]  # (weight in force, lowest score, highest, optional)


def analyse(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float],
) -> Missing:
    # the leaves' states first (cheap), then each leaf's analysis, only when there are no
    # more than MAX_LEAVES of them: past that the answer is "anything is possible" anyway
    states = leaf_states(catalog, answers)
    if states is None:
        return anything_possible(catalog)
    memo: Memo = {}
    found = [_leaf(catalog, e, shown, o, free, weights, memo) for e, shown, o, free in states]
    return _combined(catalog, found)


def leaf_states(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> list[State] | None:
    """Each combination of the cases of the open questions that decide whether another is
    shown, tried recursively; None past ``MAX_LEAVES`` of them."""
    steer = steering(catalog)
    limits = Limits(catalog)
    states: list[State] = []

    def dfs(filled: dict[str, AnswerValue], free: frozenset[str]) -> bool:  # False: too many
        effective, shown, open_ = explore(catalog, filled)
        pick = next((q for q in shown if q in open_ and q in steer), None)
        if pick is None:
            states.append((effective, shown, open_, free))
            return True
        q = catalog.questions[pick]
        loose = free | {pick} if of(q).numeric or of(q).many else free
        for value in steering_cases(q, pick, limits):
            if len(states) >= MAX_LEAVES or not dfs({**filled, pick: value}, loose):
                return False
        return True

    return states if dfs(dict(answers), frozenset()) else None


def anything_possible(catalog: Catalog) -> Missing:
    """The widest range, past ``MAX_LEAVES`` leaves: any score, outcome and verdict, every
    gate and location rule possible, none certain (``exact`` false)."""
    policy = catalog.policy
    return Missing(
        (0.0, 100.0),
        OUTCOMES,
        False,
        tuple(True for _ in policy.gates),
        tuple(True for _ in policy.location.rules),
        tuple(False for _ in policy.location.rules),
        OUTCOMES,
        frozenset(STRATEGY_VERDICTS),
        frozenset(ECONOMICS_VERDICTS),
    )


def _combined(catalog: Catalog, found: list[Leaf]) -> Missing:
    """What the leaves say together: the widest score range, every outcome some leaf
    allows, a gate or location rule possible when it holds or may hold in some leaf."""
    policy = catalog.policy
    outcomes = set().union(*(leaf.outcomes for leaf in found))
    return Missing(
        (min(leaf.score[0] for leaf in found), max(leaf.score[1] for leaf in found)),
        tuple(o for o in OUTCOMES if o in outcomes),
        True,
        tuple(any(leaf.gates[i] is not False for leaf in found) for i in range(len(policy.gates))),
        tuple(
            any(leaf.locations[i] is not False for leaf in found)
            for i in range(len(policy.location.rules))
        ),
        tuple(
            all(leaf.locations[i] is True for leaf in found)
            for i in range(len(policy.location.rules))
        ),
        tuple(o for o in OUTCOMES if any(o in leaf.settled for leaf in found)),
        frozenset().union(*(leaf.stages.strategies for leaf in found)),
        frozenset().union(*(leaf.stages.economics for leaf in found)),
    )


def _leaf(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    shown: list[str],
    open_: set[str],
    free: frozenset[str],
    weights: Mapping[str, float],
    memo: Memo,
) -> Leaf:
    """One leaf: the score's exact range, and what the gates and location rules may do."""
    inputs = open_ | free
    score, dim_ranges = _scores(catalog, effective, shown, inputs, weights, memo)
    policy = catalog.policy
    gates = tuple(
        truth(g.when, effective, None, open_=open_, ranges=dim_ranges) for g in policy.gates
    )
    locations = tuple(
        truth(r.when, effective, None, open_=open_, ranges=dim_ranges)
        for r in policy.location.rules
    )
    staged = stages.possible(
        catalog, effective, inputs, _net_range(catalog, effective, inputs, memo)
    )
    outcomes, settled = _gated(catalog, gates, staged.outcomes)
    return Leaf(score, outcomes, gates, locations, settled, staged)


def _gated(
    catalog: Catalog, gates: tuple[Truth, ...], outcomes: Iterable[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """The stages' possible ``outcomes`` after the gates: each after the gates that surely
    hold, and after each gate that may hold as well (every outcome); and after the gates
    that surely hold alone (settled)."""
    policy_gates = catalog.policy.gates
    found: set[str] = set()
    surely = tuple(t is True for t in gates)
    for base in outcomes:
        found.add(gated(base, policy_gates, surely))
        for i, t in enumerate(gates):
            if t is None:
                maybe = tuple(s or j == i for j, s in enumerate(surely))
                found.add(gated(base, policy_gates, maybe))
    settled = frozenset(gated(base, policy_gates, surely) for base in outcomes)
    return frozenset(found), settled


def _scores(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    shown: list[str],
    inputs: set[str] | frozenset[str],
    weights: Mapping[str, float],
    memo: Memo,
) -> tuple[tuple[float, float], dict[str, tuple[float, float, bool]]]:
    """A leaf's overall score range, exact, and each set's (low, high, may have no score)."""
    items: list[Item] = []
    fixed_num = fixed_den = 0.0
    dim_ranges: dict[str, tuple[float, float, bool]] = {}
    for set_id, qids in scored_shown(catalog, shown).items():
        w_set = weights[set_id]
        shown_w = sum(catalog.questions[q].weight for q in qids)
        set_fixed, set_weight, set_items = _set_parts(catalog, qids, effective, inputs, memo)
        dim = _extremes(set_fixed, set_weight, set_items)
        if dim is not None:  # rounded as a set's score is (scoring.tidy): gates test the same
            dim_ranges[set_id] = (tidy(dim[0]), tidy(dim[1]), dim[2])
        if w_set <= 0 or shown_w <= 0:
            continue
        scale = w_set / shown_w  # the same for every question of the set (its shown weight)
        fixed_num += scale * set_fixed
        fixed_den += scale * set_weight
        items += [(scale * w, lo, hi, opt) for w, lo, hi, opt in set_items]
    overall_range = _extremes(fixed_num, fixed_den, items)
    lo, hi = (tidy(overall_range[0]), tidy(overall_range[1])) if overall_range else (50.0, 50.0)
    if overall_range is not None and overall_range[2]:  # may end with nothing scored: 50
        lo, hi = min(lo, 50.0), max(hi, 50.0)
    return (lo, hi), dim_ranges


def _set_parts(
    catalog: Catalog,
    qids: list[str],
    effective: Mapping[str, AnswerValue],
    inputs: set[str] | frozenset[str],
    memo: Memo,
) -> tuple[float, float, list[Item]]:
    """One set's shown questions: the weighted sum and weight of the fixed scores, and an
    item for each question whose score is still open (an open input, or the business case
    while one of its inputs is open)."""
    set_fixed = set_weight = 0.0
    set_items: list[Item] = []
    for qid in qids:
        q = catalog.questions[qid]
        if qid in inputs:
            bounds = score_bounds(q)
            if bounds is not None:
                set_items.append((q.weight, bounds[0], bounds[1], can_be_unscored(q)))
        elif qid in effective:
            s = question_score(q, effective[qid])
            if s is not None and qid == business_case.SAVING:  # scores the business case
                span = _case_range(catalog, effective, inputs, memo)
                if span is not None and span[0] != span[1]:  # an input is still open
                    set_items.append((q.weight, span[0], span[1], False))
                    continue
                s = span[0] if span is not None else s
            if s is not None:
                set_fixed += q.weight * s
                set_weight += q.weight
    return set_fixed, set_weight, set_items


def _net_range(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    open_: Collection[str],
    memo: Memo,
) -> tuple[float, float] | None:
    """The business case's net-saving range, once per leaf that differs in its inputs."""
    return _once(memo, "net", business_case.net_range, catalog, effective, open_)


def _case_range(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    open_: Collection[str],
    memo: Memo,
) -> tuple[float, float] | None:
    """The business case's score range (:func:`business_case.score_range`), once per leaf
    that differs in the business case's inputs."""
    return _once(memo, "score", business_case.score_range, catalog, effective, open_)


def _once(
    memo: Memo,
    what: str,
    work: Callable[
        [Catalog, Mapping[str, AnswerValue], Collection[str]], tuple[float, float] | None
    ],
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    open_: Collection[str],
) -> tuple[float, float] | None:
    """``work``'s range, worked out once per leaf that differs in the business case's inputs
    (their answers, and which of them are open)."""
    inputs = business_case.QUESTIONS
    key = (
        what,
        tuple(sorted((q, repr(v)) for q, v in effective.items() if q in inputs)),
        frozenset(q for q in open_ if q in inputs),
    )
    if key not in memo:
        memo[key] = work(catalog, effective, open_)
    return memo[key]


def can_be_unscored(q: Question) -> bool:
    """Whether an answer to ``q`` can leave it without a score (an option without a score,
    or a multi question with nothing ticked): it then drops out of the mean altogether."""
    return of(q).can_be_unscored(q)


def _extremes(num: float, den: float, items: list[Item]) -> tuple[float, float, bool] | None:
    """The lowest and highest weighted mean of the fixed part (``num / den``) and ``items``
    (weight, lowest score, highest score, may drop out), and whether nothing at all may be
    scored. Each item is at its lowest (highest) score, or out when it may drop out and its
    score would only raise (lower) the mean: taking them in order of score is exact."""
    ends = []
    for best in (False, True):
        n, d = num, den
        optional = []
        for w, low, high, opt in items:
            value = high if best else low
            if opt:
                optional.append((value, w))
            else:
                n, d = n + w * value, d + w
        optional.sort(key=lambda x: -x[0] if best else x[0])
        for value, w in optional:
            if d <= 0 or (value > n / d if best else value < n / d):
                n, d = n + w * value, d + w
        if d <= 0:
            return None
        ends.append(n / d)
    maybe_none = den <= 0 and all(opt for *_, opt in items)
    return ends[0], ends[1], maybe_none
