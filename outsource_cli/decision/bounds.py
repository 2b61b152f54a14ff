"""What a change can do to the outcome, bounded cheaply, so that the searches evaluate exactly
only the changes that might change it. Pure.

The overall score is ``S = N / D`` with ``N = Σ W·total/shown`` and ``D = Σ W·answered/shown``
over the sets (:mod:`~outsource_cli.decision.scoring`). A change to a *plain* question — one
that shows or hides no other question, that no gate tests, in a set whose score no gate
tests, and that is not an input of the business case (which scores the saving) — moves neither what is shown nor any gate: it adds ``W/shown·w·(s' − s)`` to ``N``
and ``W/shown·w·(answered' − answered)`` to ``D``, whatever else changes with it, so the
effects of several such changes add up. The outcome can then change only if ``S`` leaves its
band. Each test here allows a margin of :data:`EPS` points on either side of a band edge
(far above float noise, far below the 9 decimals scores are tidied to): a change is
skipped only when it surely cannot change the outcome; every other one is evaluated
exactly, with the engine's own functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from outsource_cli.decision import business_case
from outsource_cli.decision.evaluation import (
    NO_KEYS,
    Evaluation,
    Evaluator,
    Overlay,
    band_of,
    gate_inputs,
    gated,
)
from outsource_cli.decision.scoring import question_score, score_bounds, set_terms
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, dimensions_in, questions_in

_NONE: Mapping[str, Any] = MappingProxyType({})
NO_GATES: frozenset[int] = frozenset()
EPS = 1e-6  # score points
TINY = 1e-9  # a weight D at or below this: the score may fall back to 50, evaluate exactly


class Plain:
    """Which questions are plain (see the module docstring) in a catalog."""

    def __init__(self, catalog: Catalog, ev: Evaluator):
        gates = catalog.policy.gates
        self.gate_questions = [frozenset(questions_in(g.when)) for g in gates]
        self.gate_sets = [frozenset(dimensions_in(g.when)) for g in gates]
        self.inputs = gate_inputs(catalog)
        self.tested_sets = frozenset().union(*self.gate_sets)
        self.catalog, self.ev = catalog, ev

    def __contains__(self, qid: object) -> bool:
        return (
            isinstance(qid, str)
            and qid not in self.ev.steering
            and qid not in self.inputs
            and qid not in business_case.QUESTIONS  # its answer moves the saving's score
            and self.catalog.set_of[qid].id not in self.tested_sets
        )

    def gates_touched(self, questions: frozenset[str], sets: frozenset[str]) -> frozenset[int]:
        """The gates (by index) that test one of ``questions`` or the score of one of ``sets``."""
        found = frozenset(
            i
            for i, (qs, ds) in enumerate(zip(self.gate_questions, self.gate_sets, strict=True))
            if qs & questions or ds & sets
        )
        return found or NO_GATES


class World:
    """An evaluation as ``N / D``, with each set's factor ``W / shown``."""

    __slots__ = ("band", "catalog", "d", "e", "factor", "n")  # the searches keep thousands
    n: float
    d: float
    e: Evaluation

    def __init__(
        self, catalog: Catalog, e: Evaluation, base: World | None = None, *, light: bool = False
    ):
        """``base``: the world ``e`` is a small change of (only the sets whose sums differ
        are worked out again, and the list of shown questions is not kept). ``light``: keep
        of ``e`` only its score, gates and outcome, not the answers, scores and sums it
        was worked out from (the searches keep thousands of worlds; :meth:`local` needs a
        world that is not light)."""
        self.catalog = catalog
        self.factor: Mapping[str, float]
        if base is None:
            n = d = 0.0
            factor: dict[str, float] = {}
            for set_id, s in e.sums.items():
                w = e.weights[set_id]
                tn, td = set_terms(s, w)
                n, d = n + tn, d + td
                factor[set_id] = w / s.shown if w > 0 and s.shown > 0 else 0.0
            self.factor = factor
        else:
            n, d = base.n, base.d
            changed: dict[str, float] = {}
            for set_id, s in e.sums.items():
                old = base.e.sums[set_id]
                if s is old:
                    continue
                w = e.weights[set_id]
                tn, td = set_terms(s, w)
                on, od = set_terms(old, w)
                n, d = n + (tn - on), d + (td - od)
                changed[set_id] = w / s.shown if w > 0 and s.shown > 0 else 0.0
            self.factor = Overlay(base.factor, changed, NO_KEYS) if changed else base.factor
        self.n, self.d = n, d
        self.band = band_of(catalog.policy, e.score)
        if light:
            self.e = e._replace(effective=_NONE, shown=[], open=NO_KEYS, scores=_NONE, sums=_NONE)
        else:
            self.e = e if base is None else e._replace(shown=[])

    def effect(self, qid: str, value: AnswerValue) -> tuple[float, float]:
        """What answering the plain question ``qid`` (shown) with ``value`` adds to N and D."""
        dt, da = self.local(qid, value)
        f = self.factor[self.catalog.set_of[qid].id]
        return f * dt, f * da

    def local(self, qid: str, value: AnswerValue) -> tuple[float, float]:
        """What answering ``qid`` (shown, showing no other question) with ``value`` adds to
        its set's ``total`` and ``answered``."""
        q = self.catalog.questions[qid]
        old = self.e.scores.get(qid)
        new = question_score(q, value)
        return (
            q.weight * ((new or 0.0) - (old or 0.0)),
            q.weight * ((new is not None) - (old is not None)),
        )

    def may_leave(self, dn: float, dd: float, band: str | None = None) -> bool:
        """Whether ``S`` with ``dn``, ``dd`` added may fall outside ``band`` (this world's
        band by default)."""
        d = self.d + dd
        if d <= TINY:
            return True
        s = (self.n + dn) / d
        policy, band = self.catalog.policy, band or self.band
        return band_of(policy, s - EPS) != band or band_of(policy, s + EPS) != band


class Bounds:
    """The plain questions and the base world of an evaluator."""

    def __init__(self, catalog: Catalog, ev: Evaluator):
        self.catalog, self.ev = catalog, ev
        self.plain = Plain(catalog, ev)
        self.world = World(catalog, ev.base)
        self._number_locals: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}

    def number_locals(self, qid: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """What the lowest- and highest-scoring answers to a number question (which shows or
        hides nothing) add to its set's total and answered: every other answer's lies on the
        segment between them."""
        if qid not in self._number_locals:
            q = self.catalog.questions[qid]
            old = self.ev.base.scores.get(qid)
            bounds = score_bounds(q)
            ends = [None, None] if bounds is None else list(bounds)
            lo, hi = (
                (
                    q.weight * ((x or 0.0) - (old or 0.0)),
                    q.weight * ((x is not None) - (old is not None)),
                )
                for x in ends
            )
            self._number_locals[qid] = (lo, hi)
        return self._number_locals[qid]

    def quiet_number_locals(self, qid: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """:meth:`number_locals`, narrowed to the answers that alone leave the outcome as it
        is (the only ones a pair can use: a value that flips alone is never part of a pair).

        The number is plain and shown: alone, an answer moves no gate, and the score after it
        grows with its score on a straight line. So the answers that keep the outcome are those
        whose score after stays in the run of bands that the base gates give the base outcome
        (with the margin EPS); beyond that run's edges, every answer flips alone. A number
        that is hidden, unscored, or weighs nothing, gates that do not give the outcome on one
        run of bands, or no answer left: the whole segment."""
        whole = self.number_locals(qid)
        catalog, ev = self.catalog, self.ev
        q = catalog.questions[qid]
        if qid not in self.plain or not ev.shows(qid) or score_bounds(q) is None:
            return whole
        (t_lo, a), (t_hi, _) = whole
        f = self.world.factor[catalog.set_of[qid].id]
        d = self.world.d + f * a
        if f <= 0 or d <= TINY:
            return whole
        policy, base = catalog.policy, ev.base
        keeps = [gated(b.outcome, policy.gates, base.truths) == base.outcome for b in policy.bands]
        run = [k for k, kept in enumerate(keeps) if kept]
        if not run or run != list(range(run[0], run[-1] + 1)):
            return whole

        def at(score: float) -> float:  # the t at which the score after is ``score``
            return (score * d - self.world.n) / f

        lo, hi = t_lo, t_hi
        if run[0] > 0:
            lo = max(lo, at(policy.bands[run[0]].min - EPS))
        if run[-1] < len(policy.bands) - 1:
            hi = min(hi, at(policy.bands[run[-1]].max + EPS))
        if lo > hi:
            return whole
        return (lo, a), (hi, a)

    def surely_quiet(self, changes: Mapping[str, AnswerValue]) -> bool:
        """True when ``changes`` surely leave the base outcome as it is (False: evaluate)."""
        dn = dd = 0.0
        for qid, value in changes.items():
            if qid not in self.plain:
                return False
            if not self.ev.shows(qid):
                continue  # not shown: its answer does not count
            a, b = self.world.effect(qid, value)
            dn, dd = dn + a, dd + b
        return not self.world.may_leave(dn, dd)
