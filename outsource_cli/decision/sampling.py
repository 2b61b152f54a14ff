"""The sampled outcome probabilities: draws from the prior of the uncertain answers, and the
outcome of each, mostly without evaluating a draw in full (for
:mod:`~outsource_cli.decision.uncertainty`; docs/uncertainty.md, "Exact or sampled"). Pure.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import Any

from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.decision.outcomes import decided_outcome
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, leaves
from outsource_cli.questionnaire.shapes import OUTCOMES, QuestionCondition
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, Uncertain, plain_number


def draws(
    uncertain: Mapping[str, Uncertain], order: list[str], samples: int, seed: int
) -> Iterator[dict[str, AnswerValue]]:
    """``samples`` draws from the prior of the answers in ``order``, from ``seed``: one
    number from the generator for each answer of each draw, in that order (a ``one_of``: the
    value at ``⌊r·k⌋``; a range: ``low + (high − low)·r``)."""
    rng = random.Random(seed)
    plan = [
        (q, u.values, len(u.values), 0.0, 0.0)
        if isinstance(u, OneOf)
        else (q, (), 0, u.low, u.high - u.low)
        for q in order
        for u in (uncertain[q],)
    ]
    rand = rng.random
    for _ in range(samples):
        draw: dict[str, AnswerValue] = {}
        for q, values, k, low, span in plan:
            if k:
                draw[q] = values[min(int(rand() * k), k - 1)]
            else:
                draw[q] = plain_number(low + span * rand())
        yield draw


class Sampler:
    """The outcomes of the sampled draws, as :meth:`Evaluator.evaluate` gives them, mostly
    without evaluating a draw in full (docs/uncertainty.md, "Exact or sampled").

    The outcome is the stages' verdicts (:func:`stages.point`) and the gates, read from the
    answers alone; the balance of the answers (the score) plays no part. The uncertain answers
    that decide which questions are shown (steering) take one of a few combinations: each
    combination drawn is evaluated once, in full (a *configuration*), which fixes what is
    shown and open. A draw then needs only the stages and the gates on its own answers in
    place of the configuration's (:meth:`Configuration.outcome`), the very functions a full
    evaluation ends with. With a gate that reads a set's score or a calculation, or a range
    that steers, every draw is evaluated in full. So every draw gets the outcome a full
    evaluation gives (``tests/test_uncertainty.py`` checks it draw by draw)."""

    def __init__(
        self,
        catalog: Catalog,
        evaluator: Evaluator,
        uncertain: Mapping[str, Uncertain],
        order: list[str],
    ) -> None:
        self.catalog, self.evaluator, self.uncertain, self.order = (
            catalog,
            evaluator,
            uncertain,
            order,
        )
        self.steer = [i for i, q in enumerate(order) if q in evaluator.steering]
        self.fast = not any(
            isinstance(uncertain[order[i]], NumberRange) for i in self.steer
        ) and all(
            isinstance(x, QuestionCondition) for g in catalog.policy.gates for x in leaves(g.when)
        )
        # each answer's one_of values and their number, or a range's low end and length
        self.plan = [
            (u.values, len(u.values), 0.0, 0.0)
            if isinstance(u, OneOf)
            else ((), 0, u.low, u.high - u.low)
            for u in (uncertain[q] for q in order)
        ]
        self.configs: dict[tuple[Any, ...], Configuration] = {}
        self.full = 0  # draws evaluated in full

    def run(self, samples: int, seed: int) -> dict[str, int]:
        """How many of the ``samples`` draws from ``seed`` give each outcome."""
        counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        for found in self.outcomes(samples, seed):
            counts[found] += 1
        return counts

    def outcomes(self, samples: int, seed: int) -> Iterator[str]:
        """The outcome of each of the ``samples`` draws from ``seed``: the draws of
        :func:`draws`, one number from the generator per answer and draw, in order."""
        plan = self.plan
        slots = range(len(plan))
        rand = random.Random(seed).random
        steer = [(i, plan[i][1]) for i in self.steer]
        configs = self.configs
        for _ in range(samples):
            numbers = [rand() for _ in slots]
            if self.fast:
                # the steering answers' one_of values, by index, pick the configuration
                key = tuple([min(int(numbers[i] * k), k - 1) for i, k in steer])
                if key not in configs:
                    configs[key] = self._config(key)
                yield configs[key].outcome(numbers)
            else:
                self.full += 1
                yield self.evaluator.evaluate(self.answers(numbers)).outcome

    def answers(self, numbers: list[float]) -> dict[str, AnswerValue]:
        """The draw of the generator's ``numbers``, one per answer in order."""
        return {
            q: drawn_value(r, *p) for q, r, p in zip(self.order, numbers, self.plan, strict=True)
        }

    def _config(self, key: tuple[int, ...]) -> Configuration:
        """The configuration of the steering answers ``key`` (indexes of their values),
        evaluated once, in full."""
        e = self.evaluator.evaluate(
            {self.order[i]: self.plan[i][0][p] for i, p in zip(self.steer, key, strict=True)}
        )
        return Configuration(self, e)


def drawn_value(r: float, values: tuple[Any, ...], k: int, low: float, span: float) -> AnswerValue:
    """The answer a number ``r`` from the generator draws (:func:`draws`)."""
    return values[min(int(r * k), k - 1)] if k else plain_number(low + span * r)


class Configuration:
    """One configuration of the steering answers (see :class:`Sampler`)."""

    def __init__(self, sampler: Sampler, e: Evaluation) -> None:
        self.catalog = sampler.catalog
        # the answers that count and what is open, as plain sets (the draws read them often)
        self.effective, self.open = dict(e.effective), frozenset(e.open)
        # the uncertain answers that count here (shown), by position in the draw: a one_of's
        # values with the last one again (``⌊r·k⌋`` is ``k`` only when ``r·k`` rounds up to
        # it, and then it is the last value: :func:`draws`), or a range's low end and length
        self.one_ofs = [
            (i, q, (*values, values[-1]), k)
            for i, (q, (values, k, _, _)) in enumerate(
                zip(sampler.order, sampler.plan, strict=True)
            )
            if k and q in e.effective
        ]
        self.ranges = [
            (i, q, low, span)
            for i, (q, (_, k, low, span)) in enumerate(
                zip(sampler.order, sampler.plan, strict=True)
            )
            if not k and q in e.effective
        ]

    def outcome(self, numbers: list[float]) -> str:
        """The draw's outcome: the stages' verdicts and the gates on the draw's answers (what
        is shown is this configuration's, so only the answers that count are replaced)."""
        answers = self.effective.copy()
        for i, q, values, k in self.one_ofs:
            answers[q] = values[int(numbers[i] * k)]
        for i, q, low, span in self.ranges:
            x = low + span * numbers[i]
            answers[q] = int(x) if x.is_integer() else x  # as :func:`plain_number`
        return decided_outcome(self.catalog, answers, self.open)
