"""A small change to a base evaluation, worked out without starting over (for
:class:`~outsource_cli.decision.evaluation.Evaluator`). Pure.

A change re-scores only its own question set. A change to a steering question walks again
only the questions whose ``when`` depends on it, directly or through a chain
(:meth:`Incremental.downstream`), in asking order, and re-scores only their sets: every other
question is shown, open and scored as in the base evaluation, since nothing it depends on
changed. The sets' parts replace theirs in the base's sum trees
(:func:`~outsource_cli.decision.scoring.tree_total`), so the score is the very number a full
evaluation gives.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Set
from typing import TYPE_CHECKING, NamedTuple

from outsource_cli.decision import business_case
from outsource_cli.decision.overlays import NO_KEYS, Overlay, SetOverlay
from outsource_cli.decision.scoring import (
    SetSum,
    combine,
    question_score,
    set_sum,
    set_terms,
    sum_tree,
    tree_total,
)
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, questions_in, truth

if TYPE_CHECKING:
    from outsource_cli.decision.evaluation import Evaluation


class Changed(NamedTuple):
    """A change's answers, questions and scores, before the stages and the gates (what
    :func:`~outsource_cli.decision.evaluation.evaluate` works out first)."""

    effective: Mapping[str, AnswerValue]  # the answers that count
    shown: list[str]  # questions surely shown, in asking order
    open: Set[str]  # shown or maybe shown, not answered
    scores: Mapping[str, float]
    sums: Mapping[str, SetSum]
    totals: tuple[float, float] | None  # the score and its weight; None: the base's sums


class _Counted:
    """What a change makes count, built up as :meth:`Incremental.change` walks it: the answers
    and scores new or changed (``values``, ``scores``), those no longer counted (``dropped``:
    hidden, or an answer without a score) and the sets whose part of the score must be
    summed again (``touched``)."""

    __slots__ = ("dropped", "scores", "touched", "values")

    def __init__(self) -> None:
        self.values: dict[str, AnswerValue] = {}
        self.scores: dict[str, float] = {}
        self.dropped: set[str] = set()
        self.touched: set[str] = set()


class Incremental:
    """The base evaluation of ``answers``, indexed for small changes: each question's place in
    asking order, the questions shown (each set's scored ones too), and the sets' terms of
    the score in sum trees."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        base: Evaluation,
        dependents: Mapping[str, tuple[str, ...]],
        shown_by_set: dict[str, list[str]],
    ):
        """``dependents``: :func:`~outsource_cli.decision.dependencies.dependents`;
        ``shown_by_set``: each set's shown scored questions in the base evaluation."""
        self.catalog, self.answers, self.base, self.dependents = catalog, answers, base, dependents
        self._order = {qid: i for i, qid in enumerate(catalog.questions)}
        # a `when` refers to earlier questions only (the loader checks it); were one to look
        # ahead, the walk's order would matter and changes must be evaluated from scratch
        self.in_order = all(
            self._order.get(ref, -1) < self._order[qid]
            for qid, q in catalog.questions.items()
            if q.when is not None
            for ref in questions_in(q.when)
        )
        self.shown_set = frozenset(base.shown)
        self._shown_by_set = shown_by_set
        self._shown_pos = [self._order[q] for q in base.shown]
        self._set_index = {qs.id: i for i, qs in enumerate(catalog.sets)}
        terms = [set_terms(base.sums[qs.id], base.weights[qs.id]) for qs in catalog.sets]
        self._num_tree = sum_tree([n for n, _ in terms])
        self._den_tree = sum_tree([d for _, d in terms])
        self._scored_of_set: dict[str, list[str]] = {qs.id: [] for qs in catalog.sets}
        for qid, q in catalog.questions.items():
            if q.scored:
                self._scored_of_set[catalog.set_of[qid].id].append(qid)
        self._downstream: dict[str, frozenset[str]] = {}

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

    def change(self, changes: Mapping[str, AnswerValue], steer: list[str]) -> Changed:
        """The base answers with ``changes`` (``steer``: those of steering questions; only
        when :attr:`in_order`): the changed answers of shown questions count, the questions a
        changed steering answer shows or hides are walked again (:meth:`_walk`), the saving
        is scored again when the business case moves, and only the sets touched are summed
        again."""
        b = self.base
        affected: set[str] = set()
        for qid in steer:
            affected |= self.downstream(qid)
        counted = _Counted()
        effective = Overlay(b.effective, counted.values, counted.dropped)
        scores = Overlay(b.scores, counted.scores, counted.dropped)
        answered = self._count_shown(changes, affected, counted)
        # what is open: the base's, less the questions now answered, and as walked again
        added: set[str] = set()
        removed = {q for q in answered if q in b.open}
        shown_now = (
            self._walk(changes, affected, effective, counted, added, removed) if affected else {}
        )
        # most changes leave what is open as it was: share the base's then
        open_ = SetOverlay.of(b.open, added, removed)
        flipped = sorted(
            (self._order[q], q) for q, now in shown_now.items() if now != (q in self.shown_set)
        )
        shown = self._splice(flipped) if flipped else b.shown
        self._rescore_saving(changes, affected, effective, scores, counted)
        if not counted.touched:
            return Changed(effective, shown, open_, scores, b.sums, None)
        sums, totals = self._sum_touched(counted, shown_now if flipped else None)
        return Changed(effective, shown, open_, scores, sums, totals)

    def _count_shown(
        self, changes: Mapping[str, AnswerValue], affected: Set[str], counted: _Counted
    ) -> set[str]:
        """Counts the changed answers of the questions shown in the base and not walked
        again; returns those questions (answered now)."""
        answered: set[str] = set()
        for qid, value in changes.items():
            if qid in affected or qid not in self.shown_set:
                continue  # walked again, or not shown: its answer does not count
            answered.add(qid)
            self._count(qid, value, counted)
        return answered

    def _walk(
        self,
        changes: Mapping[str, AnswerValue],
        affected: Set[str],
        effective: Mapping[str, AnswerValue],
        counted: _Counted,
        added: set[str],
        removed: set[str],
    ) -> dict[str, bool]:
        """Walks the questions ``affected`` by a changed steering answer again, in asking
        order: each one's answer counts only when it is surely shown now; it is open when
        shown without an answer, or maybe shown (``added`` to or ``removed`` from the base's
        open questions). Returns whether each is surely shown now."""
        questions, set_of = self.catalog.questions, self.catalog.set_of
        open_now = SetOverlay(self.base.open, added, removed)  # follows the walk
        shown_now: dict[str, bool] = {}
        for qid in sorted(affected, key=self._order.__getitem__):
            when = questions[qid].when
            assert when is not None  # it depends on another question
            visible = truth(when, effective, open_=open_now)
            counted.values.pop(qid, None)
            counted.scores.pop(qid, None)
            counted.dropped.add(qid)
            is_open = False
            if questions[qid].scored:
                counted.touched.add(set_of[qid].id)
            shown_now[qid] = visible is True
            if visible is True:
                if qid in changes or qid in self.answers:
                    value = changes[qid] if qid in changes else self.answers[qid]
                    self._count(qid, value, counted)
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
        return shown_now

    def _count(self, qid: str, value: AnswerValue, counted: _Counted) -> None:
        """``qid`` shown and answered ``value``: its answer counts, scored anew."""
        counted.values[qid] = value
        counted.dropped.discard(qid)
        s = question_score(self.catalog.questions[qid], value)
        if s is not None:
            counted.scores[qid] = s
        else:
            counted.scores.pop(qid, None)
            if qid in self.base.scores:
                counted.dropped.add(qid)  # the answer counts, its score does not
        counted.touched.add(self.catalog.set_of[qid].id)

    def _rescore_saving(
        self,
        changes: Mapping[str, AnswerValue],
        affected: Set[str],
        effective: Mapping[str, AnswerValue],
        scores: Mapping[str, float],
        counted: _Counted,
    ) -> None:
        """The saving scores the business case, which its inputs move: scored again when a
        change or the walk reaches one of them."""
        inputs = business_case.QUESTIONS
        if inputs.isdisjoint(changes) and inputs.isdisjoint(affected):
            return
        saving = business_case.SAVING
        held = {saving: scores[saving]} if saving in scores else {}
        if business_case.rescore(self.catalog, effective, held):
            counted.scores[saving] = held[saving]
            counted.dropped.discard(saving)
            counted.touched.add(self.catalog.set_of[saving].id)

    def _sum_touched(
        self, counted: _Counted, shown_now: Mapping[str, bool] | None
    ) -> tuple[Mapping[str, SetSum], tuple[float, float]]:
        """Each touched set's part of the score summed again over its shown scored questions
        (``shown_now``: those the walk showed or hid, when it flipped any), and the score and
        its weight with those parts replaced in the base's sum trees."""
        b, questions = self.base, self.catalog.questions
        new_sums: dict[str, SetSum] = {}
        nums: dict[int, float] = {}
        dens: dict[int, float] = {}
        new_scores, dropped, base_scores = counted.scores, counted.dropped, b.scores
        for set_id in counted.touched:
            if shown_now is not None:
                qids = [
                    q for q in self._scored_of_set[set_id] if shown_now.get(q, q in self.shown_set)
                ]
                shown_weight = sum(questions[q].weight for q in qids)
            else:
                qids = self._shown_by_set[set_id]
                shown_weight = b.sums[set_id].shown
            items = []
            for q in qids:  # (weight, score), as a full evaluation takes them, past the overlay
                if q in new_scores:
                    items.append((questions[q].weight, new_scores[q]))
                elif q not in dropped and q in base_scores:
                    items.append((questions[q].weight, base_scores[q]))
            new_sums[set_id] = s = set_sum(items, shown_weight)
            i = self._set_index[set_id]
            nums[i], dens[i] = set_terms(s, b.weights[set_id])
        totals = combine(tree_total(self._num_tree, nums), tree_total(self._den_tree, dens))
        return Overlay(b.sums, new_sums, NO_KEYS), totals

    def _splice(self, flipped: list[tuple[int, str]]) -> list[str]:
        """The base's shown questions with those in ``flipped`` (position, id) shown or
        hidden the other way."""
        base, positions = self.base.shown, self._shown_pos
        out: list[str] = []
        prev = 0
        for pos, qid in flipped:
            i = bisect.bisect_left(positions, pos)
            out.extend(base[prev:i])
            if qid in self.shown_set:
                prev = i + 1  # hidden now
            else:
                out.append(qid)
                prev = i
        out.extend(base[prev:])
        return out
