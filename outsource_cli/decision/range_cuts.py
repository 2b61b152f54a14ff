"""Where a number's effect on the outcome, or on a condition, can change, inside the range
an uncertain answer allows (for :mod:`~outsource_cli.decision.uncertainty`). Pure.

Between the thresholds that conditions compare the number with and the points where its
score bends, every test on it keeps its truth, and what can still turn is a straight line in
the number: the business case's net saving (against the economics stage's thresholds), a
set's score (against a gate's threshold) or the two sides of a calculated test. Those
crossings are solved for from two evaluations inside each piece (:meth:`Cuts.split`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from outsource_cli.decision import cost_crossings
from outsource_cli.decision.dependencies import compound_tests
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.questionnaire import calculations
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    compiled,
    leaves,
    policy_conditions,
    thresholds,
)
from outsource_cli.questionnaire.shapes import CalcCondition, DimensionCondition, QuestionCondition
from outsource_cli.questionnaire.uncertain import NumberRange, plain_number


class Cuts:
    """Where a number's effect on the outcome, or on a condition, can change (see the module
    docstring), for the conditions of ``catalog``."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        conditions = [q.when for q in catalog.questions.values() if q.when is not None]
        conditions += list(policy_conditions(catalog.policy))
        self.thresholds = thresholds(conditions)
        for cond in conditions:  # a number compared for equality turns there too
            for leaf in leaves(cond):
                if isinstance(leaf, QuestionCondition):
                    values = [leaf.equals, *(leaf.in_ or ()), *(leaf.not_in or ())]
                    self.thresholds.setdefault(leaf.question, set()).update(
                        float(v) for v in values if isinstance(v, int | float) and is_number(v)
                    )
        economics = catalog.policy.economics
        # the economics stage turns where the business case's net saving crosses these
        self.net_thresholds = (economics.pays_at, economics.loses_below, economics.heavy_loss_below)
        self.dimension_tests = [
            (leaf.dimension, x)
            for cond in conditions
            for leaf in leaves(cond)
            if isinstance(leaf, DimensionCondition)
            for x in (leaf.gte, leaf.lt)
            if x is not None
        ]
        # every comparison inside a calculated test: it turns where its two sides meet
        self.comparisons = [
            node
            for cond in conditions
            for c in compound_tests(cond)
            if isinstance(c, CalcCondition) and (expr := compiled(c)) is not None
            for node in comparisons_in(expr)
        ]

    def of(self, qid: str, low: float, high: float) -> list[float]:
        """The range's ends, and the points inside it where its score bends or a condition
        compares it, in order."""
        q = self.catalog.questions[qid]
        inside = {r.up_to for r in q.ranges} | self.thresholds.get(qid, set())
        return sorted({low, high} | {x for x in inside if low < x < high})

    def linear(self, cond: Any, qid: str) -> bool:
        """Every calculated test in ``cond`` is a straight line in ``qid`` on both sides (so
        :meth:`split` finds where it turns)."""
        return all(
            is_linear(side, qid)
            for c in compound_tests(cond)
            if isinstance(c, CalcCondition) and (expr := compiled(c)) is not None
            for node in comparisons_in(expr)
            for side in (node.left, node.right)
        )

    def split(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> list[float]:
        """The range's ends and, in order, every point inside it where the outcome or the
        truth of a condition can change: where its score bends or a test compares it, and
        where the business case's net saving crosses a threshold of the economics stage, a
        set's score a threshold, or the sides of a calculated test meet (each a straight line
        between the bends)."""

        def at(x: float) -> Evaluation:
            return evaluator.evaluate({**changes, qid: plain_number(x)})

        points = self.of(qid, u.low, u.high)
        if qid in cost_crossings.LINEAR:  # it moves the business case: it bends elsewhere
            bends = cost_crossings.bends(self.catalog, at(u.low).effective, qid)
            points = sorted({*points, *(x for x in bends if u.low < x < u.high)})
        cuts = set(points)
        for a, b in itertools.pairwise(points):
            x1, x2 = a + (b - a) / 3, a + 2 * (b - a) / 3
            e1, e2 = at(x1), at(x2)
            n1, n2 = e1.stages.net_saving, e2.stages.net_saving
            lines: list[tuple[float | None, float | None, float]] = [
                (n1, n2, x) for x in self.net_thresholds
            ]
            d1, d2 = e1.dims, e2.dims
            lines += [
                (d1[s], d2[s], x)
                for s, x in self.dimension_tests
                if d1.get(s) is not None and d2.get(s) is not None
            ]
            lines += [
                (gap(node, e1.effective), gap(node, e2.effective), 0.0)
                for node in self.comparisons
                if any(r.name == qid for r in calculations.refs(node))
            ]
            for v1, v2, target in lines:
                if v1 is not None and v2 is not None and v1 != v2:
                    x = x1 + (target - v1) * (x2 - x1) / (v2 - v1)
                    if a < x < b:
                        cuts.add(x)
        return sorted(cuts)

    def pieces(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> Iterator[tuple[float, Evaluation]]:
        """The range split where the outcome can change: (share of the range, evaluation in
        the piece), the shares adding up to 1."""
        ordered = self.split(evaluator, changes, qid, u)
        length = u.high - u.low
        for a, b in itertools.pairwise(ordered):
            if b > a:
                yield (
                    (b - a) / length,
                    evaluator.evaluate({**changes, qid: plain_number((a + b) / 2)}),
                )

    def points(
        self,
        evaluator: Evaluator,
        changes: Mapping[str, AnswerValue],
        qid: str,
        u: NumberRange,
    ) -> list[float]:
        """Every point of :meth:`split` and the middle of each piece between them: one value
        for each place where the truth of a test can differ."""
        cuts = self.split(evaluator, changes, qid, u)
        return sorted({*cuts, *((a + b) / 2 for a, b in itertools.pairwise(cuts))})


def is_number(v: Any) -> bool:
    """``v`` is an int or a float, not a bool."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def comparisons_in(node: calculations.Node) -> Iterator[calculations.Cmp]:
    """Every comparison inside a calculation, itself first."""
    if isinstance(node, calculations.Cmp):
        yield node
    if isinstance(node, calculations.Neg):
        yield from comparisons_in(node.arg)
    elif isinstance(node, calculations.Bin | calculations.Cmp):
        yield from comparisons_in(node.left)
        yield from comparisons_in(node.right)
    elif isinstance(node, calculations.Call):
        for arg in node.args:
            yield from comparisons_in(arg)


def gap(node: calculations.Cmp, answers: Mapping[str, AnswerValue]) -> float | None:
    """The left side of a comparison minus its right side (None: it has no value)."""
    left, right = calculations.value(node.left, answers), calculations.value(node.right, answers)
    if not (is_number(left) and is_number(right)):
        return None
    return float(left) - float(right)  # type: ignore[arg-type]


def is_linear(node: calculations.Node, qid: str) -> bool:
    """``node`` is a straight line in the answer ``qid``, the other answers fixed."""
    if not any(r.name == qid for r in calculations.refs(node)):
        return True
    if isinstance(node, calculations.Ref):
        return True
    if isinstance(node, calculations.Neg):
        return is_linear(node.arg, qid)
    if isinstance(node, calculations.Bin):
        uses = [any(r.name == qid for r in calculations.refs(x)) for x in (node.left, node.right)]
        if node.op in "+-":
            return is_linear(node.left, qid) and is_linear(node.right, qid)
        if node.op == "*":
            return not all(uses) and is_linear(node.left, qid) and is_linear(node.right, qid)
        return not uses[1] and is_linear(node.left, qid)  # divided by a constant
    return False  # min, max, round, or a comparison inside
