"""The numeric family of answer types: a number from the question's ``min`` to ``max``,
scored by its ``ranges`` (a straight line between their points)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from outsource_cli.questionnaire.answer_types.families import AnswerType, Spread
from outsource_cli.questionnaire.shapes.base import MAX_NUMBER, AnswerValue
from outsource_cli.questionnaire.shapes.questions import Question, Range
from outsource_cli.text import number, one_line

if TYPE_CHECKING:
    from outsource_cli.errors import Problem
    from outsource_cli.questionnaire.index import QInfo
    from outsource_cli.questionnaire.source import Document, Loc


class NumberAnswer(AnswerType):
    """A number from the question's ``min`` to ``max``, scored by its ``ranges``."""

    __slots__ = ()
    noun = "number"
    prompt = "number"
    numeric = True
    ordered = True
    scored_by = "ranges"
    uncertain = "range"

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        value = raw
        if isinstance(raw, str):
            try:
                value = float(raw.strip().rstrip("%").replace(",", ""))
            except ValueError:
                raise ValueError(f"expected a number, got {raw!r}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {raw!r}")
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {raw!r}")
        lo, hi = q.scale
        if abs(value) > MAX_NUMBER:
            raise ValueError(
                f"expected a number from {number(lo)} to {number(hi)}, got one too large"
            )
        if not lo <= value <= hi:
            unit = f" {q.unit}" if q.unit else ""
            raise ValueError(f"{number(value)} is outside {number(lo)} to {number(hi)}{unit}")
        return int(value) if float(value).is_integer() else float(value)

    def display(self, q: Question, value: AnswerValue) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # 2,100 thousand, not 2100 or 2.1e+03; 1 year, not 1 years
            unit = q.unit[:-1] if value == 1 and q.unit in ("years", "months") else q.unit
            return f"{number(value)} {unit}".strip()
        return str(value)

    def template_hint(self, q: Question) -> str:
        unit = f" {one_line(q.unit)}" if q.unit.strip() else ""
        return f"a number from {number(q.min or 0)} to {number(q.max or 0)}{unit}"

    def answer_schema(
        self, q: Question, choices: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], str]:
        unit = f" {q.unit}" if q.unit else ""
        number_as_text = {
            "type": "string",
            "pattern": r"^\s*-?[0-9][0-9,]*(\.[0-9]+)?%?\s*$",
            "description": "A number written as text, e.g. '1,200' or '40%'.",
        }
        return (
            {"anyOf": [{"type": "number", "minimum": q.min, "maximum": q.max}, number_as_text]},
            f" A number from {number(q.min or 0)} to {number(q.max or 0)}{unit}.",
        )

    def uncertain_schema(
        self, q: Question, value: dict[str, Any]
    ) -> tuple[str, dict[str, Any]] | None:
        return (
            "range",
            {
                "type": "array",
                "description": "[low, high]: somewhere from low to high, each value equally likely.",
                "items": {"type": "number", "minimum": q.min, "maximum": q.max},
                "minItems": 2,
                "maxItems": 2,
            },
        )

    def check(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        if q.options:
            yield doc.problem(
                [*loc, "options"], f"a {q.type} question has ranges, not options", "S005", key=True
            )
        if q.min is None or q.max is None:
            yield doc.problem(loc, f"a {q.type} question needs both 'min' and 'max'", "S005")
            return
        if q.min >= q.max:
            yield doc.problem([*loc, "max"], "'max' must be greater than 'min'", "S005")
        previous = None
        for j, r in enumerate(q.ranges):
            if previous is not None and r.up_to <= previous:
                yield doc.problem(
                    [*loc, "ranges", j, "up_to"],
                    "ranges must go up: each 'up_to' above the last",
                    "L005",
                )
            previous = r.up_to
        if q.ranges and q.ranges[-1].up_to < q.max:
            yield doc.problem(
                [*loc, "ranges", len(q.ranges) - 1, "up_to"],
                f"the last range must reach 'max' ({q.max:g})",
                "L005",
            )
        if q.default is not None and not self.default_ok(q):
            yield doc.problem(
                [*loc, "default"], f"default must be a number from {q.min:g} to {q.max:g}", "R011"
            )

    def default_ok(self, q: Question) -> bool:
        d = q.default
        return (
            isinstance(d, int | float)
            and not isinstance(d, bool)
            and q.min is not None
            and q.max is not None
            and q.min <= d <= q.max
        )

    def interval(self, q: Question | QInfo) -> tuple[float, float] | None:
        return (q.min, q.max) if q.min is not None and q.max is not None else None

    def domain(self, q: QInfo, thresholds: Iterable[float]) -> list[Any]:
        assert q.min is not None and q.max is not None
        points = {q.min, q.max}
        for t in thresholds:
            points.update(x for x in (t, t - 1e-6, t + 1e-6) if q.min <= x <= q.max)
        return sorted(points)

    def listed_scores(self, q: Question) -> list[float]:
        return [r.score for r in q.ranges]

    def scored(self, q: Question) -> bool:
        return bool(q.ranges)

    def score(self, q: Question, value: AnswerValue) -> float | None:
        if isinstance(value, bool | str | tuple) or not q.ranges:
            return None
        return interpolate(q.ranges, value)

    def score_bounds(self, q: Question) -> tuple[float, float] | None:
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

    def because(self, q: Question, value: AnswerValue) -> str:
        if isinstance(value, bool | str | tuple):
            return ""
        r = range_of(q, value)
        return r.because if r is not None else ""

    def can_be_unscored(self, q: Question) -> bool:
        return False

    def neighbours(self, q: Question, value: AnswerValue) -> Iterator[AnswerValue]:
        """A tenth of the scale either way."""
        if isinstance(value, bool | str | tuple) or q.min is None or q.max is None:
            return
        step = (q.max - q.min) / 10
        for moved in (value - step, value + step):
            moved = round(min(q.max, max(q.min, moved)), 6)
            if moved != value:
                yield int(moved) if float(moved).is_integer() else moved

    def has_order(self, q: Question) -> bool:
        return True

    def spread_kind(self, q: Question) -> Spread:
        return "amount"


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
