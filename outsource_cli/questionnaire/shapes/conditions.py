"""The parts of a ``when`` condition: a test of one answer, of a set's score, a calculated test,
and all / any / not of other conditions. Evaluating them is
:mod:`outsource_cli.questionnaire.conditions`.

No ``from __future__ import annotations`` in the modules that make models (see the package's
docstring).
"""

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Field, PrivateAttr, Tag

from outsource_cli.questionnaire.shapes.base import (
    Flag,
    Id,
    Model,
    Number,
    QuestionRef,
    Text,
    Value,
)


class QuestionCondition(Model):
    """True when the answer to ``question`` passes the one test given."""

    question: QuestionRef = Field(
        description="The question whose answer is tested, as set_id.question_id "
        "(e.g. control.data_sensitivity). Give exactly one test beside it."
    )
    in_: tuple[Value, ...] | None = Field(
        default=None,
        alias="in",
        min_length=1,
        description="Holds when the answer is one of these option values (for a multi "
        "question: when any ticked option is one of them).",
    )
    not_in: tuple[Value, ...] | None = Field(
        default=None,
        min_length=1,
        description="Holds when the question is answered and the answer is none of these values.",
    )
    equals: Value | None = Field(
        default=None, description="Holds when the answer is exactly this value."
    )
    gte: Number | None = Field(
        default=None,
        description="Holds when the answer (a number or a 1-5 scale) is at least this.",
    )
    lte: Number | None = Field(
        default=None,
        description="Holds when the answer (a number or a 1-5 scale) is at most this.",
    )
    answered: Flag | None = Field(
        default=None,
        description="true: holds when the question has an answer; false: when it has none.",
    )

    def tests(self) -> list[str]:
        """The tests given (a valid condition has exactly one)."""
        names = ("in_", "not_in", "equals", "gte", "lte", "answered")
        return [n.rstrip("_") for n in names if getattr(self, n) is not None]


def answered_test(question: str) -> QuestionCondition:
    """The test "``question`` is answered"."""
    return QuestionCondition.model_construct(question=question, answered=True)


class DimensionCondition(Model):
    """True when a question set's score is within the bounds given (``gte`` ≤ score < ``lt``)."""

    dimension: Id = Field(description="The id of the question set whose score is tested.")
    gte: Number | None = Field(
        default=None, description="Holds when the set's score (0-100) is at least this."
    )
    lt: Number | None = Field(
        default=None, description="Holds when the set's score (0-100) is below this."
    )


class CalcCondition(Model):
    """True when a calculated test holds, such as ``cost.annual_saving >= 100``."""

    calc: Text = Field(
        min_length=1,
        max_length=500,
        description="A test over numeric answers and calculated values: arithmetic (+ - * /), "
        "min, max, round and one comparison (< <= > >= == !=), e.g. "
        "'cost.baseline_cost * cost.expected_savings / 100 >= 100'. References are "
        "set_id.question_id or set_id.calculation_id.",
    )
    # the parsed test with calculated values inlined, set once the catalog is built
    _expr: Any = PrivateAttr(default=None)


class AllCondition(Model):
    """True when every condition in the list holds."""

    all: tuple["Condition", ...] = Field(min_length=1, description="Conditions that must all hold.")


class AnyCondition(Model):
    """True when at least one condition in the list holds."""

    any: tuple["Condition", ...] = Field(
        min_length=1, description="Conditions of which at least one must hold."
    )


class NotCondition(Model):
    """True when the condition given does not hold."""

    not_: "Condition" = Field(alias="not", description="The condition that must not hold.")


_KINDS = ("question", "dimension", "calc", "all", "any", "not")


def _condition_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for kind in _KINDS:
            if kind in v:
                return "~" + kind
        return None
    if isinstance(v, BaseModel):
        return "~" + type(v).__name__.removesuffix("Condition").lower()
    return None


Condition = Annotated[
    Annotated[QuestionCondition, Tag("~question")]
    | Annotated[DimensionCondition, Tag("~dimension")]
    | Annotated[CalcCondition, Tag("~calc")]
    | Annotated[AllCondition, Tag("~all")]
    | Annotated[AnyCondition, Tag("~any")]
    | Annotated[NotCondition, Tag("~not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition is a mapping with one of: question, dimension, calc, "
        "all, any, not",
    ),
]
