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

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from outsource_cli.questionnaire.answer_types import TYPES, of
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question

DIGITS = 9


def tidy(x: float) -> float:
    """The one rounding rule for set and overall scores (see the module docstring)."""
    return round(x, DIGITS) + 0.0  # + 0.0: never -0.0


def question_score(q: Question, value: AnswerValue) -> float | None:
    """The score of one answer, or None when the answer is not scored (by its type:
    questionnaire/answer_types)."""
    return TYPES[q.type].score(q, value)  # of(q), without the call: a hot path


def score_bounds(q: Question) -> tuple[float, float] | None:
    """The lowest and highest score any answer to ``q`` can have (None: not scored)."""
    return of(q).score_bounds(q)


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


def set_terms(s: SetSum, weight: float) -> tuple[float, float]:
    """A set's part of the overall score's numerator and denominator:
    (W·total/shown, W·answered/shown); nothing when it does not count."""
    if weight <= 0 or s.answered <= 0 or s.shown <= 0:
        return 0.0, 0.0
    return weight * s.total / s.shown, weight * s.answered / s.shown


def sum_tree(values: Sequence[float]) -> list[float]:
    """The sums of ``values`` in a fixed binary tree (node 1 is the total; the values are
    the leaves, from node ``len // 2`` on). Each sum is always made of the same additions in
    the same order, so replacing a few leaves (:func:`tree_total`) gives the very number a
    full sum of the new values gives, bit for bit, in a handful of additions."""
    size = 1
    while size < len(values):
        size *= 2
    tree = [0.0] * (2 * size)
    tree[size : size + len(values)] = values
    for i in range(size - 1, 0, -1):
        tree[i] = tree[2 * i] + tree[2 * i + 1]
    return tree


def tree_total(tree: list[float], replace: Mapping[int, float] | None = None) -> float:
    """The total of :func:`sum_tree`, with the values at the indexes of ``replace`` replaced."""
    size = len(tree) // 2
    if not replace:
        return tree[1]
    if len(replace) == 1:  # one path up to the root
        ((i, value),) = replace.items()
        node = size + i
        while node > 1:
            value = value + tree[node + 1] if node % 2 == 0 else tree[node - 1] + value
            node //= 2
        return value
    level = {size + i: v for i, v in replace.items()}
    while 1 not in level:
        parents: dict[int, float] = {}
        for node in level:
            p = node // 2
            if p not in parents:
                left, right = 2 * p, 2 * p + 1
                parents[p] = level.get(left, tree[left]) + level.get(right, tree[right])
        level = parents
    return level[1]


def combine(num: float, den: float) -> tuple[float, float]:
    """(S, the weight it is made of) from the sums of the sets' terms (:func:`set_terms`)."""
    return (tidy(num / den), den) if den > 0 else (50.0, 0.0)


def overall(sums: Mapping[str, SetSum], weights: Mapping[str, float]) -> tuple[float, float]:
    """(S, the weight it is made of: Σ W·answered/shown). ``sums`` in set order; the sums
    over the sets are :func:`sum_tree` sums."""
    terms = [set_terms(s, weights[set_id]) for set_id, s in sums.items()]
    num = tree_total(sum_tree([n for n, _ in terms]))
    den = tree_total(sum_tree([d for _, d in terms]))
    return combine(num, den)


def in_force(weight: float, set_weight: float, s: SetSum, den: float) -> float:
    """A question's share of the overall score: its weight within its set's shown weight,
    times its set's weight, over the weight the score is made of."""
    if den <= 0 or s.shown <= 0:
        return 0.0
    return weight / s.shown * set_weight / den
