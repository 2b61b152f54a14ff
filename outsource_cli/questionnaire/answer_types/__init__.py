"""The question types, in one table: :data:`TYPES` maps each ``type`` a question can have to
what its answers mean everywhere in the tool (reading and writing them, their schema, the
meaning checks, the score, the engine's searches, a panel's median). The question model
accepts exactly the names in the table, and ``outsource schema`` lists them.

A new type is one class here, built on the family it belongs to (a number on a scale, one
option, a set of options: :mod:`.families`), registered in :data:`TYPES`; its prompt is named
by ``prompt`` (interview/questions.py). See docs/architecture.md, "A new question type".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from outsource_cli.questionnaire.answer_types.families import (
    NO_WORDS,
    YES_WORDS,
    AnswerType,
    OptionAnswer,
    OptionsAnswer,
    Spread,
)
from outsource_cli.questionnaire.answer_types.numbers import NumberAnswer, interpolate, range_of
from outsource_cli.questionnaire.shapes.base import AnswerValue
from outsource_cli.questionnaire.shapes.questions import Question

if TYPE_CHECKING:
    from outsource_cli.errors import Problem
    from outsource_cli.questionnaire.index import QInfo
    from outsource_cli.questionnaire.source import Document, Loc

__all__ = [
    "NO_WORDS",
    "TYPES",
    "YES_WORDS",
    "AnswerType",
    "NumberAnswer",
    "OptionAnswer",
    "OptionsAnswer",
    "Spread",
    "interpolate",
    "of",
    "range_of",
]


class Single(OptionAnswer):
    __slots__ = ()
    name = "single"
    blurb = "pick one option"


class Multi(OptionsAnswer):
    __slots__ = ()
    name = "multi"
    blurb = "tick any"
    noun = "multiple choice"


class YesNo(OptionAnswer):
    """true or false (written yes/no, y/n, on/off as well)."""

    __slots__ = ()
    name = "yes_no"
    noun = "yes/no question"

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in (*YES_WORDS, *NO_WORDS):
            return raw.strip().lower() in YES_WORDS
        raise ValueError(f"expected yes or no, got {raw!r}")

    def answer_schema(
        self, q: Question, choices: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], str]:
        return {"anyOf": [{"type": "boolean"}, {"enum": [*YES_WORDS, *NO_WORDS]}]}, " yes or no."

    def one_of_items(self, q: Question, value: dict[str, Any]) -> dict[str, Any]:
        return value  # yes or no, written as any of its words

    def check_values(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        if sorted((o.value for o in q.options), key=repr) != [False, True]:
            yield doc.problem(
                [*loc, "options"], "a yes_no question has exactly two options: yes and no", "S005"
            )

    def has_order(self, q: Question) -> bool:
        return True


class Scale(OptionAnswer):
    """A whole number from 1 to 5."""

    __slots__ = ()
    name = "scale"
    blurb = "1 to 5"
    noun = "scale"
    ordered = True

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        value = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"expected a whole number from 1 to 5, got {raw!r}")
        return value

    def answer_schema(
        self, q: Question, choices: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], str]:
        return (
            {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 5},
                    {"type": "string", "pattern": r"^\s*[1-5]\s*$"},
                ]
            },
            " A whole number from 1 to 5.",
        )

    def one_of_items(self, q: Question, value: dict[str, Any]) -> dict[str, Any]:
        return value  # 1 to 5, listed as options or not

    def one_of_values(self, q: Question, picked: list[Any]) -> tuple[AnswerValue, ...]:
        # a scale's values are 1-5 whether or not it lists options
        return tuple(sorted(set(picked), key=float))

    def check_values(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        if sorted((o.value for o in q.options), key=repr) != [1, 2, 3, 4, 5]:
            yield doc.problem(
                [*loc, "options"], "a scale question has one option for each value 1 to 5", "S005"
            )

    def interval(self, q: Question | QInfo) -> tuple[float, float] | None:
        return (1.0, 5.0)

    def has_order(self, q: Question) -> bool:
        return True

    def spread_kind(self, q: Question) -> Spread:
        return "points"


class Number(NumberAnswer):
    __slots__ = ()
    name = "number"
    blurb = "with min, max and ranges"


# The table: every question type, in the order the schema lists them.
TYPES: dict[str, AnswerType] = {t.name: t for t in (Single(), Multi(), YesNo(), Scale(), Number())}


def of(q: Question | QInfo) -> AnswerType:
    """The answer type of ``q`` (a question, or its entry in the index)."""
    return TYPES[q.type]
