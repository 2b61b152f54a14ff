"""The arithmetic of the score, once: every other module (the engine, the counterfactual
evaluator, the weight search, the missing-answers range, robustness) calls these functions,
so the same answers always give the same numbers, bit for bit. Pure.

- A question's score ``s`` (0-100, higher favours outsourcing): the option's score; for a
  number, a straight line between the points of its ``ranges`` (flat below the first and
  above the last), so one more unit never jumps the score; for a multi question, the
  ``min``, ``max`` or ``mean`` of the ticked options.
- A set's summary: ``answered`` = Σ w (answered scored questions), ``shown`` = Σ w (shown
  scored questions), ``total`` = Σ w·s (answered). Its score ``D = total / answered``.
- The overall score: each set counts with its weight ``W`` times the share of its shown
  weight that was answered (``W · answered / shown``), so a set answered on one question of
  five carries a fifth of its weight, never all of it:
  ``S = Σ W·total/shown ÷ Σ W·answered/shown`` (50 when nothing is answered).
- Every score that is compared with a band edge or a threshold is rounded to 9 decimals
  first (:func:`tidy`), so float noise (78.99999999999999) never decides anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.models import Question, Range

DIGITS = 9


def tidy(x: float) -> float:
    """The one rounding rule for set and overall scores (see the module docstring)."""
    return round(x, DIGITS) + 0.0  # + 0.0: never -0.0


def interpolate(ranges: tuple[Range, ...], x: float) -> float:
    """The score of the number ``x``: piecewise linear through (``up_to``, ``score``)."""
    first = ranges[0]
    if x <= first.up_to:
        return first.score
    for lo, hi in itertools.pairwise(ranges):
        if x <= hi.up_to:
            if hi.up_to == lo.up_to:
                return hi.score
            return lo.score + (hi.score - lo.score) * (x - lo.up_to) / (hi.up_to - lo.up_to)
    return ranges[-1].score


def range_of(q: Question, x: float) -> Range | None:
    """The range a number falls in (the first whose ``up_to`` is at or above it; the last
    above them all): where its label and ``because`` come from."""
    if not q.ranges:
        return None
    return next((r for r in q.ranges if x <= r.up_to), q.ranges[-1])


def question_score(q: Question, value: AnswerValue) -> float | None:
    """The score of one answer, or None when the answer is not scored."""
    if q.type == "number":
        if isinstance(value, bool | str | tuple) or not q.ranges:
            return None
        return interpolate(q.ranges, value)
    if isinstance(value, tuple):  # multi
        scores = [o.score for o in q.options if o.score is not None and _chosen(o.value, value)]
        if not scores:
            return None
        if q.combine == "mean":
            return sum(scores) / len(scores)
        return min(scores) if q.combine == "min" else max(scores)
    for o in q.options:
        if type(o.value) is type(value) and o.value == value:
            return o.score
    return None


def _chosen(option: object, picked: tuple[str, ...]) -> bool:
    return any(type(option) is type(p) and option == p for p in picked)


def score_bounds(q: Question) -> tuple[float, float] | None:
    """The lowest and highest score any answer to ``q`` can have (None: not scored)."""
    if q.type == "number":
        if not q.ranges:
            return None
        # piecewise linear: the extremes are at the ends of the scale or at a point inside it
        xs = [x for x in (q.min, q.max) if x is not None]
        xs += [
            r.up_to
            for r in q.ranges
            if (q.min is None or r.up_to >= q.min) and (q.max is None or r.up_to <= q.max)
        ]
        values = [interpolate(q.ranges, x) for x in xs]
        return min(values), max(values)
    scores = [o.score for o in q.options if o.score is not None]
    if not scores:
        return None
    return min(scores), max(scores)


class SetSum(NamedTuple):
    """One question set's part of the score (see the module docstring)."""

    answered: float  # Σ w of its answered scored questions
    shown: float  # Σ w of its shown scored questions
    total: float  # Σ w·s of its answered scored questions

    @property
    def score(self) -> float | None:
        return tidy(self.total / self.answered) if self.answered > 0 else None


def set_sum(items: Iterable[tuple[float, float]], shown: float) -> SetSum:
    """``items``: (weight, score) of the answered scored questions, in asking order."""
    answered = total = 0.0
    for w, s in items:
        answered += w
        total += w * s
    return SetSum(answered, shown, total)


def overall(sums: Mapping[str, SetSum], weights: Mapping[str, float]) -> tuple[float, float]:
    """(S, the weight it is made of: Σ W·answered/shown). ``sums`` in set order."""
    num = den = 0.0
    for set_id, s in sums.items():
        w = weights[set_id]
        if w <= 0 or s.answered <= 0 or s.shown <= 0:
            continue
        num += w * s.total / s.shown
        den += w * s.answered / s.shown
    return (tidy(num / den), den) if den > 0 else (50.0, 0.0)


def in_force(weight: float, set_weight: float, s: SetSum, den: float) -> float:
    """A question's share of the overall score: its weight within its set's shown weight,
    times its set's weight, over the weight the score is made of."""
    if den <= 0 or s.shown <= 0:
        return 0.0
    return weight / s.shown * set_weight / den
