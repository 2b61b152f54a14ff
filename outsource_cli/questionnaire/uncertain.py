"""Uncertain answers: "between 10 and 25", "some or major". Value types and reading them. Pure.

An answers file can give, instead of one answer::

    cost:
      expected_savings: {range: [10, 25]}     # a number: somewhere from 10 to 25
    core:
      capability_gap: {one_of: [behind, on_par]}  # a single choice: one of these

``range`` is for ``number`` questions, ``one_of`` for ``single``, ``yes_no`` and ``scale``
questions. A ``multi`` question (tick any) takes neither: which *sets* of ticks are possible
would have to be listed one by one, so it is refused with a hint (list what you are sure of,
or answer ``not_sure``). A range ``[x, x]`` and a ``one_of`` with one option are the plain
answer ``x`` (:func:`read` returns the plain value), so they decide exactly as it does.

Every uncertain answer also has a *point estimate* (:func:`point`), the answer the headline
decision is made from: the midpoint of a range; for ``one_of``, the middle option by score
(with two in the middle, the lower-scored: the one that leans in-house; options without a
score come first, in the question's order). See docs/uncertainty.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.text import number

KEYS = ("range", "one_of")


class NumberRange(NamedTuple):
    """A number somewhere from ``low`` to ``high`` (``low`` < ``high``), uniformly."""

    low: float
    high: float


class OneOf(NamedTuple):
    """One of ``values`` (two or more, in the question's option order), each equally likely."""

    values: tuple[AnswerValue, ...]


Uncertain = NumberRange | OneOf


def read(q: Question, raw: Mapping[Any, Any], coerce: Any) -> Uncertain | AnswerValue:
    """The uncertain answer that ``raw`` (a mapping from a file) gives to ``q``, or the plain
    answer when it allows only one value; ``ValueError`` with a readable reason otherwise.
    ``coerce`` checks one plain value (answers.coerce)."""
    keys = list(raw)
    if len(keys) != 1 or keys[0] not in KEYS:
        got = (
            "an empty mapping"
            if not keys
            else f"the key{'s' if len(keys) > 1 else ''} {', '.join(repr(k) for k in keys)}"
        )
        raise ValueError(
            "an uncertain answer is {range: [low, high]} (a number) or {one_of: [a, b]} "
            f"(a choice), with just one of those keys; got {got}"
        )
    key, items = keys[0], raw[keys[0]]
    return _range(q, items, coerce) if key == "range" else _one_of(q, items, coerce)


def _range(q: Question, items: Any, coerce: Any) -> NumberRange | AnswerValue:
    """``{range: [low, high]}``: a number between two, or the number when they are the same."""
    kind = of(q)
    if kind.uncertain != "range":
        hint = (
            "one_of: [...] lists the options it could be"
            if kind.uncertain == "one_of"
            else "list the options you are sure of, or answer not_sure"
        )
        raise ValueError(f"range is for a number question; for this {kind.noun}, {hint}")
    if not isinstance(items, list | tuple) or len(items) != 2:
        raise ValueError(f"range takes two numbers, [low, high], got {items!r}")
    low, high = (_number(q, x, coerce) for x in items)
    if low > high:
        raise ValueError(
            f"range [{number(low)}, {number(high)}] is reversed: write it low first, "
            f"[{number(high)}, {number(low)}]"
        )
    if low == high:
        return low
    if high - low < NARROWEST * max(1.0, abs(low), abs(high)):
        # the ends are nearly the same number: where a threshold lies between them the
        # outcome would turn on a difference no one could state (or floats can hold)
        raise ValueError(
            f"range [{plain_number(low)!r}, {plain_number(high)!r}] is narrower than a "
            "millionth of its size: "
            "give the number itself"
        )
    return NumberRange(low, high)


def _one_of(q: Question, items: Any, coerce: Any) -> OneOf | AnswerValue:
    """``{one_of: [a, b]}``: the options a choice could be, or the option when there is one."""
    kind = of(q)
    if kind.uncertain == "range":
        raise ValueError("one_of is for a choice; for a number give {range: [low, high]}")
    if kind.uncertain is None:
        raise ValueError(
            "one_of is for a single choice; a multiple-choice question takes a list of the "
            "options you are sure of (or not_sure)"
        )
    if not isinstance(items, list | tuple) or not items:
        raise ValueError(f"one_of takes a list of one or more options, got {items!r}")
    try:
        picked = [coerce(q, item) for item in items]
    except ValueError as exc:  # it names the unknown option and the allowed ones
        raise ValueError(f"one_of: {exc}") from None
    values = kind.one_of_values(q, picked)
    return values[0] if len(values) == 1 else OneOf(values)


def _number(q: Question, raw: Any, coerce: Any) -> float:
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError(f"range takes finite numbers, got {raw!r}")
    try:
        value = coerce(q, raw)
    except ValueError as exc:
        raise ValueError(f"range: {exc}") from None
    return float(value)


def options(q: Question, u: Uncertain) -> tuple[AnswerValue, ...]:
    """The values of a ``one_of`` (a range has none: it is continuous)."""
    return u.values if isinstance(u, OneOf) else ()


NARROWEST = 1e-6  # the least width of a range, as a share of its size (at least 1)


def plain_number(x: float) -> int | float:
    """A number as an answer is stored: whole numbers as int."""
    return int(x) if float(x).is_integer() else float(x)


def point(q: Question, u: Uncertain) -> AnswerValue:
    """The point estimate: a range's midpoint; a one_of's middle option by score (with two in
    the middle, the lower-scored one; options without a score first, in question order)."""
    if isinstance(u, NumberRange):
        return plain_number((u.low + u.high) / 2)
    scores = {_token(o.value): o.score for o in q.options}
    ranked = sorted(
        range(len(u.values)),
        key=lambda i: (
            scores.get(_token(u.values[i])) is not None,
            scores.get(_token(u.values[i])) or 0.0,
            i,
        ),
    )
    return u.values[ranked[(len(ranked) - 1) // 2]]


def _token(value: AnswerValue) -> tuple[str, str]:
    return type(value).__name__, str(value)


def to_data(u: Uncertain) -> dict[str, list[Any]]:
    """As written in an answers file (and in the decision JSON)."""
    if isinstance(u, NumberRange):
        return {"range": [plain_number(u.low), plain_number(u.high)]}
    return {"one_of": list(u.values)}


def describe(q: Question, u: Uncertain, display: Any) -> str:
    """In words: "between 10 and 25 %", "one of: Some; Major"."""
    if isinstance(u, NumberRange):
        unit = f" {q.unit}" if q.unit else ""
        return f"between {number(u.low)} and {number(u.high)}{unit}"
    return "one of: " + "; ".join(str(display(q, v)) for v in u.values)


def from_data(data: Mapping[str, Any]) -> Uncertain:
    """The inverse of :func:`to_data`, for a value it wrote."""
    if "range" in data:
        low, high = data["range"]
        return NumberRange(float(low), float(high))
    return OneOf(tuple(data["one_of"]))
