"""Typed, frozen models of question sets and the decision policy.

These check structure and types. Meaning (references between questions, option coverage,
band order) is checked in :mod:`outsource_cli.semantics`, where every finding can point at
the key or value it is about.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Strict,
    Tag,
)

MAX_NUMBER = 1e15  # no figure in a question set, policy or answer is larger (in size)
Text = Annotated[str, Strict()]
# Finite, and within a range where sums and products of numbers stay exact enough and finite.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
Flag = Annotated[bool, Strict()]
Id = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
QuestionRef = Annotated[
    str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", max_length=129)
]
Score = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=0, le=100)]
Outcome = Literal["keep_in_house", "hybrid", "outsource"]
Form = Literal["ito", "bpo", "kpo"]
Location = Literal["onshore", "nearshore", "offshore"]
QuestionType = Literal["single", "multi", "yes_no", "scale", "number"]
MitigationCategory = Literal[
    "vetting", "sla", "communication", "audit", "exit", "transition", "data_protection"
]

OUTCOMES: tuple[Outcome, ...] = ("keep_in_house", "hybrid", "outsource")
LOCATIONS: tuple[Location, ...] = ("onshore", "nearshore", "offshore")


def _value(v: Any) -> str | int | bool | float:
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"expected a finite number, got {v}")
    if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) > MAX_NUMBER:
        raise ValueError(f"a number must be within ±{MAX_NUMBER:g}")
    if isinstance(v, str | bool | int | float):
        return v
    raise ValueError(f"expected a text, a number or yes/no, got {type(v).__name__}")


# An option value or an answer: an id-like text, a number (scale, number) or yes/no.
Value = Annotated[
    str | int | bool | float,
    PlainValidator(_value, json_schema_input_type=str | int | bool | float),
]


class Model(BaseModel):
    # defer_build: schemas are built on first use, once, for the two top-level files only.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# ---------------------------------------------------------------- conditions


class QuestionCondition(Model):
    """True when the answer to ``question`` passes the one test given."""

    question: QuestionRef
    in_: tuple[Value, ...] | None = Field(default=None, alias="in", min_length=1)
    not_in: tuple[Value, ...] | None = Field(default=None, min_length=1)
    equals: Value | None = None
    gte: Number | None = None
    lte: Number | None = None
    answered: Flag | None = None

    def tests(self) -> list[str]:
        names = ("in_", "not_in", "equals", "gte", "lte", "answered")
        return [n.rstrip("_") for n in names if getattr(self, n) is not None]


class DimensionCondition(Model):
    """True when a question set's score is within the bounds given (``gte`` ≤ score < ``lt``)."""

    dimension: Id
    gte: Number | None = None
    lt: Number | None = None


class AllCondition(Model):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyCondition(Model):
    any: tuple[Condition, ...] = Field(min_length=1)


class NotCondition(Model):
    not_: Condition = Field(alias="not")


_KINDS = ("question", "dimension", "all", "any", "not")


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
    | Annotated[AllCondition, Tag("~all")]
    | Annotated[AnyCondition, Tag("~any")]
    | Annotated[NotCondition, Tag("~not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition is a mapping with one of: question, dimension, all, "
        "any, not",
    ),
]

# ---------------------------------------------------------------- question sets


class Option(Model):
    value: Value
    label: Text = Field(min_length=1)
    score: Score | None = None
    because: Text | None = None


class Range(Model):
    """A band of a number question: values up to and including ``up_to``."""

    up_to: Number
    score: Score
    because: Text
    label: Text | None = None


class Question(Model):
    id: Id
    text: Text = Field(min_length=1)
    help: Text = ""
    type: QuestionType
    options: tuple[Option, ...] = ()
    combine: Literal["min", "max", "mean"] = "min"
    min: Number | None = None
    max: Number | None = None
    unit: Text = ""
    ranges: tuple[Range, ...] = ()
    required: Flag = False
    default: Value | tuple[Value, ...] | None = None
    weight: Number = 1.0
    when: Condition | None = None

    @property
    def scored(self) -> bool:
        if self.type == "number":
            return bool(self.ranges)
        return any(o.score is not None for o in self.options)


class QuestionSet(Model):
    id: Id
    title: Text = Field(min_length=1)
    description: Text = ""
    weight: Number = 1.0
    order: Annotated[int, Strict(), Field(ge=-1_000_000, le=1_000_000)] = 100
    questions: tuple[Question, ...] = Field(min_length=1)


# ---------------------------------------------------------------- policy


class Band(Model):
    outcome: Outcome
    min: Number
    max: Number


class Gate(Model):
    id: Id
    title: Text
    when: Condition
    cap: Outcome | None = None
    force: Outcome | None = None
    because: Text


class FormRule(Model):
    when: Condition
    form: Form
    because: Text


class FormPolicy(Model):
    default: Form
    because: Text
    rules: tuple[FormRule, ...] = ()


class LocationRule(Model):
    id: Id
    when: Condition
    at_most: Location
    because: Text


class LocationPolicy(Model):
    default: Location
    because: Text
    rules: tuple[LocationRule, ...] = ()


class MitigationRule(Model):
    id: Id
    category: MitigationCategory
    title: Text
    when: Condition | None = None
    outcomes: tuple[Outcome, ...] = ("hybrid", "outsource")
    locations: tuple[Location, ...] = LOCATIONS
    because: Text
    actions: tuple[Text, ...] = Field(min_length=1)


class ConfidencePolicy(Model):
    full_margin: Number = 10.0


class PortfolioPolicy(Model):
    """When `outsource compare` flags concentration risk."""

    outsourced_functions: Annotated[int, Strict(), Field(ge=2, le=10_000)] = (
        3  # this many going out at once
    )
    same_market: Annotated[int, Strict(), Field(ge=2, le=10_000)] = (
        2  # this many to the same form and location
    )


class Policy(Model):
    version: Literal[1] = 1
    bands: tuple[Band, ...] = Field(min_length=1)
    gates: tuple[Gate, ...] = ()
    form: FormPolicy
    location: LocationPolicy
    mitigations: tuple[MitigationRule, ...] = ()
    confidence: ConfidencePolicy = Field(default_factory=ConfidencePolicy)
    rationale_size: Annotated[int, Strict(), Field(ge=1, le=50)] = 6
    portfolio: PortfolioPolicy = Field(default_factory=PortfolioPolicy)
