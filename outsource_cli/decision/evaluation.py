"""Answers to an outcome, in one place: which questions count, the score, the band, the gates.

The engine explains one evaluation in full; the counterfactual search, robustness and the
missing-answers range evaluate thousands of small changes with :class:`Evaluator`, which
re-scores only the question sets a change touches but calls the very same functions, so it
always agrees with the engine. Pure.

Gates by precedence, not by file order: when any ``force`` gate holds the outcome is the most
restrictive outcome forced (so a forced keep, such as a legal prohibition, always wins);
otherwise the band's outcome is limited by every ``cap`` that holds (the most restrictive
cap wins). A gate whose input is not answered yet is unknown (three-valued logic) and does
not apply; the missing-answers range reports that it could.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Set
from typing import Any, NamedTuple, TypeVar

from outsource_cli.decision import business_case, stages
from outsource_cli.decision.scoring import (
    SetSum,
    combine,
    overall,
    question_score,
    set_sum,
    set_terms,
    sum_tree,
    tree_total,
)
from outsource_cli.decision.stages import Stages
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    Truth,
    dimensions_in,
    questions_in,
    truth,
)
from outsource_cli.questionnaire.shapes import OUTCOMES, Gate, Policy


def most_restrictive(outcomes: Iterable[str]) -> str:
    return min(outcomes, key=OUTCOMES.index)


def gated(base: str, gates: tuple[Gate, ...], truths: Iterable[Truth]) -> str:
    """The outcome after the gates that hold (``truths`` True), by precedence."""
    forced, caps = held(gates, truths)
    return most_restrictive(forced) if forced else most_restrictive([base, *caps])


def held(gates: tuple[Gate, ...], truths: Iterable[Truth]) -> tuple[list[str], list[str]]:
    """The outcomes forced, and the caps, of the gates that hold (``truths`` True)."""
    forced: list[str] = []
    caps: list[str] = []
    for g, t in zip(gates, truths, strict=True):
        if t is True:
            if g.force is not None:
                forced.append(g.force)
            if g.cap is not None:
                caps.append(g.cap)
    return forced, caps


def decided_outcome(catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Set[str]) -> str:
    """The outcome of ``answers`` (the answers that count; ``open_``: the questions open) as
    :func:`evaluate` gives it when no gate reads a set's score, with only what can change it
    worked out: the business case (the economics verdict) only when, after the gates, the
    strategy verdict's row of the outcome table gives more than one outcome (for the loops
    that need nothing but the outcome: the searches, the sampled uncertainty)."""
    policy, compiled = catalog.policy, stages.checks(catalog)
    forced, caps = held(policy.gates, (c(answers, open_, None, None) for c in compiled.gates))
    if forced:
        return most_restrictive(forced)
    strategy = stages.strategy_verdict(policy, stages.first_cell(catalog, answers, open_))
    row = compiled.rows.get(strategy) or stages.row_outcomes(policy, strategy)
    after = {most_restrictive([base, *caps]) for base in row} if caps else row
    if len(after) == 1:
        return next(iter(after))
    outcome = stages.outcome_of(policy, strategy, _economics(catalog, answers, open_))
    return most_restrictive([outcome, *caps]) if caps else outcome


def _economics(catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Set[str]) -> str | None:
    """The economics verdict of :func:`stages.economics_of`, with the non-cost reasons tested
    only when they decide it (the net saving "loses" but not heavily: then a reason that
    holds makes it "premium")."""
    if not business_case.applies(catalog):
        return stages.NOT_ASSESSED
    net = business_case.score_input(catalog, answers)
    if net is None:
        return None
    verdict = stages.economics_verdict(catalog.policy, net, False)
    if verdict == "loses" and any(
        c(answers, open_, None, None) is True for c in stages.checks(catalog).reasons
    ):
        return stages.economics_verdict(catalog.policy, net, True)
    return verdict


def steering(catalog: Catalog) -> frozenset[str]:
    """Questions whose answer decides whether another question is shown."""
    return frozenset(dependents(catalog))


def dependents(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """For each steering question, the questions whose ``when`` refers to it directly, in
    asking order."""
    found: dict[str, list[str]] = {}
    for qid, q in catalog.questions.items():
        if q.when is not None:
            for ref in dict.fromkeys(questions_in(q.when)):
                found.setdefault(ref, []).append(qid)
    return {k: tuple(v) for k, v in found.items()}


def deciding(catalog: Catalog) -> frozenset[str]:
    """The questions whose answer can change the outcome: those the stages' and the gates'
    conditions name (every scored question of a set whose score a gate tests), the business
    case's inputs, and every question that shows or hides one of them (directly or through a
    chain). No other answer can change the outcome."""
    policy = catalog.policy
    conditions = [
        *(c.when for c in policy.strategy.cells),
        *(r.when for r in policy.economics.reasons),
        *(g.when for g in policy.gates),
    ]
    named = {q for cond in conditions for q in questions_in(cond)}
    sets = {d for cond in conditions for d in dimensions_in(cond)}
    named |= {q for q in catalog.questions if catalog.set_of[q].id in sets}
    if business_case.applies(catalog):
        named |= business_case.QUESTIONS
    stack = [q for q in named if q in catalog.questions]
    while stack:  # what shows or hides a deciding question decides too
        when = catalog.questions[stack.pop()].when
        for ref in questions_in(when) if when is not None else ():
            if ref not in named and ref in catalog.questions:
                named.add(ref)
                stack.append(ref)
    return frozenset(q for q in named if q in catalog.questions)


class Evaluation(NamedTuple):
    effective: Mapping[str, AnswerValue]  # the answers that count
    shown: list[str]  # questions surely shown, in asking order
    open: Set[str]  # shown or maybe shown, not answered
    scores: Mapping[str, float]  # question -> score, for answered scored questions
    sums: Mapping[str, SetSum]  # set -> its part of the score, in set order
    weights: dict[str, float]  # set weights in force (the files', or what-if overrides)
    score: float  # S
    made_of: float  # Σ W·answered/shown: the weight S is made of
    base: str  # the outcome of the stages' verdicts, before the gates
    truths: tuple[Truth, ...]  # each gate, in policy order
    outcome: str
    stages: Stages  # the stages' point verdicts

    @property
    def dims(self) -> dict[str, float | None]:
        return {k: s.score for k, s in self.sums.items()}


def evaluate(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    weights: Mapping[str, float] | None = None,
) -> Evaluation:
    effective, shown, open_ = explore(catalog, answers)
    scores: dict[str, float] = {}
    for qid in shown:
        if qid in effective:
            s = question_score(catalog.questions[qid], effective[qid])
            if s is not None:
                scores[qid] = s
    business_case.rescore(catalog, effective, scores)  # the saving scores the business case
    set_weights = {qs.id: (weights or {}).get(qs.id, qs.weight) for qs in catalog.sets}
    by_set = scored_shown(catalog, shown)
    sums = {qs.id: _set_sum(catalog, by_set[qs.id], scores) for qs in catalog.sets}
    return _finish(catalog, effective, shown, frozenset(open_), scores, sums, set_weights)


def scored_shown(catalog: Catalog, shown: Iterable[str]) -> dict[str, list[str]]:
    """For each set, its shown scored questions in asking order."""
    by_set: dict[str, list[str]] = {qs.id: [] for qs in catalog.sets}
    for q in shown:
        if catalog.questions[q].scored:
            by_set[catalog.set_of[q].id].append(q)
    return by_set


def _set_sum(catalog: Catalog, qids: list[str], scores: Mapping[str, float]) -> SetSum:
    """A set's part of the score from its shown scored questions ``qids``."""
    questions = catalog.questions
    return set_sum(
        ((questions[q].weight, scores[q]) for q in qids if q in scores),
        sum(questions[q].weight for q in qids),
    )


def _finish(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    shown: list[str],
    open_: Set[str],
    scores: Mapping[str, float],
    sums: Mapping[str, SetSum],
    weights: dict[str, float],
    totals: tuple[float, float] | None = None,
) -> Evaluation:
    """The score, the stages and the gates; ``totals``: the score and its weight when the
    caller has them (:func:`overall` of these ``sums``)."""
    policy = catalog.policy
    score, made_of = totals if totals is not None else overall(sums, weights)
    verdicts = stages.point(catalog, effective, open_)
    dims = _Dims(sums)
    truths = tuple(c(effective, open_, dims, None) for c in stages.checks(catalog).gates)
    outcome = gated(verdicts.base, policy.gates, truths)
    return Evaluation(
        effective,
        shown,
        open_,
        scores,
        sums,
        weights,
        score,
        made_of,
        verdicts.base,
        truths,
        outcome,
        verdicts,
    )


def shown_score(policy: Policy, score: float) -> float:
    """``score`` (the balance of the answers, 0-100) rounded to one decimal: it ranks results
    and never decides the outcome."""
    return round(score, 1) + 0.0


V = TypeVar("V")
NO_KEYS: frozenset[str] = frozenset()  # shared by the overlays that remove nothing


class Overlay(Mapping[str, V]):
    """A mapping as ``base`` with some keys ``changed`` and some ``removed``, without copying
    ``base`` (an evaluation of a small change shares the base evaluation's answers)."""

    __slots__ = ("_base", "_changed", "_removed")

    def __init__(self, base: Mapping[str, V], changed: dict[str, V], removed: Set[str]):
        self._base, self._changed, self._removed = base, changed, removed

    def __getitem__(self, key: str) -> V:
        if key in self._changed:
            return self._changed[key]
        if key in self._removed:
            raise KeyError(key)
        return self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._changed or (key not in self._removed and key in self._base)

    def __iter__(self) -> Iterator[str]:
        for key in self._base:
            if key not in self._removed and key not in self._changed:
                yield key
        yield from self._changed

    def __len__(self) -> int:  # without walking the base
        base, changed = self._base, self._changed
        gone = sum(1 for k in self._removed if k in base and k not in changed)
        return len(base) - gone + sum(1 for k in changed if k not in base)


class SetOverlay(Set[str]):
    """A set as ``base`` with some members ``added`` and some ``removed``, without copying
    ``base`` (the questions open after a small change are nearly the base's)."""

    __slots__ = ("_added", "_base", "_removed")

    def __init__(self, base: Set[str], added: Set[str], removed: Set[str]):
        """``added`` and ``removed`` disjoint (they may be changed afterwards, and the overlay
        shows it); :meth:`of` for one that keeps only what differs from ``base``."""
        self._base, self._added, self._removed = base, added, removed

    @classmethod
    def of(cls, base: Set[str], added: Set[str], removed: Set[str]) -> Set[str]:
        """``base`` with ``added`` and without ``removed`` (``base`` itself when that is all
        it is)."""
        plus = frozenset(k for k in added if k not in base)
        minus = frozenset(k for k in removed if k in base)
        return cls(base, plus, minus) if plus or minus else base

    @classmethod
    def _from_iterable(cls, it: Iterable[V]) -> frozenset[V]:  # what - and & give
        return frozenset(it)

    def __contains__(self, key: object) -> bool:
        return key in self._added or (key not in self._removed and key in self._base)

    def __iter__(self) -> Iterator[str]:
        removed = self._removed
        yield from (k for k in self._base if k not in removed)
        yield from self._added

    def __len__(self) -> int:
        base = self._base
        gone = sum(1 for k in self._removed if k in base)
        return len(base) - gone + sum(1 for k in self._added if k not in base)

    __hash__ = Set._hash


class _Dims(Mapping[str, float | None]):
    """Each set's score, worked out only when a condition asks for it."""

    __slots__ = ("_sums",)

    def __init__(self, sums: Mapping[str, SetSum]):
        self._sums = sums

    def __getitem__(self, key: str) -> float | None:
        return self._sums[key].score

    def __iter__(self) -> Iterator[str]:
        return iter(self._sums)

    def __len__(self) -> int:
        return len(self._sums)

    def __bool__(self) -> bool:
        return True  # a condition asks for one set's score: never count them all


def _memo_key(answers: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """``answers`` as a dictionary key, flat (question, type, value, question, …) in question
    order (True and 1 kept apart); None when a value cannot be one."""
    key = tuple(x for q in sorted(answers) for x in (q, type(answers[q]), answers[q]))
    try:
        hash(key)
    except TypeError:
        return None
    return key


class Evaluator:
    """Evaluations of small changes to one set of answers, with the same functions as
    :func:`evaluate`, so it always agrees with it.

    A change re-scores only its own question set. A change to a steering question re-walks
    only the questions whose ``when`` depends on it, directly or through a chain
    (:meth:`downstream`), in asking order, and re-scores only their sets: every other
    question is shown, open and scored as in the base evaluation, since nothing it depends
    on changed."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        weights: Mapping[str, float] | None = None,
    ):
        self.catalog, self.answers, self.weights = catalog, dict(answers), weights
        self.base = evaluate(catalog, answers, weights)
        self.dependents = dependents(catalog)
        self.steering = frozenset(self.dependents)
        self._order = {qid: i for i, qid in enumerate(catalog.questions)}
        # a `when` refers to earlier questions only (the loader checks it); were one to look
        # ahead, the walk's order would matter and changes go through :func:`evaluate`
        self._in_order = all(
            self._order.get(ref, -1) < self._order[qid]
            for qid, q in catalog.questions.items()
            if q.when is not None
            for ref in questions_in(q.when)
        )
        self._shown_set = frozenset(self.base.shown)
        self._shown_by_set = scored_shown(catalog, self.base.shown)
        self._shown_pos = [self._order[q] for q in self.base.shown]
        self._set_index = {qs.id: i for i, qs in enumerate(catalog.sets)}
        terms = [set_terms(self.base.sums[qs.id], self.base.weights[qs.id]) for qs in catalog.sets]
        self._num_tree = sum_tree([n for n, _ in terms])
        self._den_tree = sum_tree([d for _, d in terms])
        self._scored_of_set: dict[str, list[str]] = {qs.id: [] for qs in catalog.sets}
        for qid, q in catalog.questions.items():
            if q.scored:
                self._scored_of_set[catalog.set_of[qid].id].append(qid)
        self._downstream: dict[str, frozenset[str]] = {}
        self.memo: dict[str, Any] = {}  # what the searches work out once per evaluator
        self._needs_scores = any(
            any(True for _ in dimensions_in(g.when)) for g in catalog.policy.gates
        )
        self._outcomes: dict[tuple[Any, ...], tuple[str, float]] = {}

    def downstream(self, qid: str) -> frozenset[str]:
        """The questions whose ``when`` depends on ``qid``, directly or through a chain."""
        if qid not in self._downstream:
            seen: set[str] = set()
            stack = list(self.dependents.get(qid, ()))
            while stack:
                q = stack.pop()
                if q not in seen:
                    seen.add(q)
                    stack.extend(self.dependents.get(q, ()))
            self._downstream[qid] = frozenset(seen)
        return self._downstream[qid]

    def evaluate(self, changes: Mapping[str, AnswerValue]) -> Evaluation:
        steer = [q for q in changes if q in self.steering]
        if steer and not self._in_order:
            return evaluate(self.catalog, {**self.answers, **changes}, self.weights)
        b, catalog = self.base, self.catalog
        questions, set_of = catalog.questions, catalog.set_of
        affected: set[str] = set()
        for qid in steer:
            affected |= self.downstream(qid)
        new_values: dict[str, AnswerValue] = {}
        new_scores: dict[str, float] = {}
        dropped: set[str] = set()  # no longer counted (hidden, or an answer without a score)
        effective = Overlay(b.effective, new_values, dropped)
        scores = Overlay(b.scores, new_scores, dropped)
        answered: set[str] = set()  # shown questions now answered (no longer open)
        touched: set[str] = set()
        for qid, value in changes.items():
            if qid in affected or qid not in self._shown_set:
                continue  # re-walked below, or not shown: its answer does not count
            answered.add(qid)
            self._count(qid, value, new_values, new_scores, dropped, touched)
        # what is open: the base's, less the questions now answered, and as re-walked below
        added: set[str] = set()
        removed = {q for q in answered if q in b.open}
        shown_now: dict[str, bool] = {}
        if affected:
            open_now = SetOverlay(b.open, added, removed)  # follows the walk
            for qid in sorted(affected, key=self._order.__getitem__):
                when = questions[qid].when
                assert when is not None  # it depends on another question
                visible = truth(when, effective, open_=open_now)
                new_values.pop(qid, None)
                new_scores.pop(qid, None)
                dropped.add(qid)
                is_open = False
                if questions[qid].scored:
                    touched.add(set_of[qid].id)
                shown_now[qid] = visible is True
                if visible is True:
                    if qid in changes or qid in self.answers:
                        value = changes[qid] if qid in changes else self.answers[qid]
                        self._count(qid, value, new_values, new_scores, dropped, touched)
                    else:
                        is_open = True
                elif visible is None:
                    is_open = True
                if is_open:
                    removed.discard(qid)
                    added.add(qid)
                else:
                    added.discard(qid)
                    removed.add(qid)
        # most changes leave what is open as it was: share the base's then
        open_ = SetOverlay.of(b.open, added, removed)
        flipped = sorted(
            (self._order[q], q) for q, now in shown_now.items() if now != (q in self._shown_set)
        )
        shown = self._splice(flipped) if flipped else b.shown
        if not business_case.QUESTIONS.isdisjoint(changes) or not (
            business_case.QUESTIONS.isdisjoint(affected)
        ):
            # the saving scores the business case, which its inputs move
            saving = business_case.SAVING
            held = {saving: scores[saving]} if saving in scores else {}
            if business_case.rescore(catalog, effective, held):
                new_scores[saving] = held[saving]
                dropped.discard(saving)
                touched.add(set_of[saving].id)
        if not touched:
            return _finish(catalog, effective, shown, open_, scores, b.sums, b.weights)
        new_sums: dict[str, SetSum] = {}
        sums = Overlay(b.sums, new_sums, NO_KEYS)
        nums: dict[int, float] = {}
        dens: dict[int, float] = {}
        base_scores = b.scores
        for set_id in touched:
            if flipped:
                qids = [
                    q for q in self._scored_of_set[set_id] if shown_now.get(q, q in self._shown_set)
                ]
                shown_weight = sum(questions[q].weight for q in qids)
            else:
                qids = self._shown_by_set[set_id]
                shown_weight = b.sums[set_id].shown
            items = []
            for q in qids:  # (weight, score), as _set_sum takes them, read past the overlay
                if q in new_scores:
                    items.append((questions[q].weight, new_scores[q]))
                elif q not in dropped and q in base_scores:
                    items.append((questions[q].weight, base_scores[q]))
            new_sums[set_id] = s = set_sum(items, shown_weight)
            i = self._set_index[set_id]
            nums[i], dens[i] = set_terms(s, b.weights[set_id])
        totals = combine(tree_total(self._num_tree, nums), tree_total(self._den_tree, dens))
        return _finish(catalog, effective, shown, open_, scores, sums, b.weights, totals)

    def _count(
        self,
        qid: str,
        value: AnswerValue,
        new_values: dict[str, AnswerValue],
        new_scores: dict[str, float],
        dropped: set[str],
        touched: set[str],
    ) -> None:
        """``qid`` shown and answered ``value``: its answer counts, scored anew."""
        new_values[qid] = value
        dropped.discard(qid)
        s = question_score(self.catalog.questions[qid], value)
        if s is not None:
            new_scores[qid] = s
        else:
            new_scores.pop(qid, None)
            if qid in self.base.scores:
                dropped.add(qid)  # the answer counts, its score does not
        touched.add(self.catalog.set_of[qid].id)

    def _splice(self, flipped: list[tuple[int, str]]) -> list[str]:
        """The base's shown questions with those in ``flipped`` (position, id) shown or
        hidden the other way."""
        base, positions = self.base.shown, self._shown_pos
        out: list[str] = []
        prev = 0
        for pos, qid in flipped:
            i = bisect.bisect_left(positions, pos)
            out.extend(base[prev:i])
            if qid in self._shown_set:
                prev = i + 1  # hidden now
            else:
                out.append(qid)
                prev = i
        out.extend(base[prev:])
        return out

    def noted(self, changes: Mapping[str, AnswerValue], key: Any = None) -> Evaluation:
        """:meth:`evaluate`, with its outcome and score kept for :meth:`outcome` (``key``:
        ``_memo_key(changes)``, when the caller has it)."""
        e = self.evaluate(changes)
        key = key if key is not None else _memo_key(changes)
        if key is not None:
            self._outcomes[key] = (e.outcome, e.score)
        return e

    def decided(self, changes: Mapping[str, AnswerValue]) -> str:
        """Only the outcome after ``changes``, without the balance of the answers: what the
        searches need, at a fraction of :meth:`evaluate`'s cost when no change shows or hides
        a question and no gate reads a set's score (then it is :meth:`evaluate`'s)."""
        if self._needs_scores or not self.steering.isdisjoint(changes):
            return self.outcome(changes)[0]
        b = self.base
        shown = {q: v for q, v in changes.items() if q in self._shown_set}
        effective = Overlay(b.effective, shown, NO_KEYS)
        open_ = SetOverlay.of(b.open, frozenset(), frozenset(shown))
        return decided_outcome(self.catalog, effective, open_)

    def outcome(self, changes: Mapping[str, AnswerValue]) -> tuple[str, float]:
        """The outcome and score after ``changes``, each worked out once per evaluator (the
        decision's robustness and the counterfactual search try many of the same changes)."""
        key = _memo_key(changes)
        found = self._outcomes.get(key) if key is not None else None
        if found is None:
            e = self.noted(changes, key)
            found = (e.outcome, e.score)
        return found
