"""The parts of a question set: its questions (with their options and number bands) and its
calculations. A question's ``type`` is a name in the table of question types
(:mod:`outsource_cli.questionnaire.answer_types`), read when a file is validated and when the
schema is made.

No ``from __future__ import annotations`` in the modules that make models (see the package's
docstring).
"""

from typing import Annotated, Any, Literal

from pydantic import Field, GetJsonSchemaHandler, PlainValidator, Strict
from pydantic_core import PydanticCustomError, core_schema

from outsource_cli.questionnaire.shapes.base import (
    Flag,
    Id,
    Model,
    Number,
    Score,
    Text,
    Value,
)
from outsource_cli.questionnaire.shapes.conditions import Condition


def _question_type(v: Any) -> str:
    """A question's ``type``: a name in the table of answer types (read when a file is
    validated, so a type added to the table is accepted)."""
    if isinstance(v, str) and v in answer_types.TYPES:
        return v
    names = [repr(name) for name in answer_types.TYPES]
    expected = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})


class _TypeNames:
    """The JSON Schema of a question's ``type``: the enum of the table's names, and which is
    which, made when the schema is."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        types = answer_types.TYPES
        said = [f"{name} ({t.blurb})" if t.blurb else name for name, t in types.items()]
        described = " or ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        return {"description": described + ".", "enum": list(types), "type": "string"}


# A question's type: one of the names in questionnaire/answer_types (the table of types).
QuestionType = Annotated[
    str, PlainValidator(_question_type, json_schema_input_type=str), _TypeNames()
]


class Option(Model):
    """One answer a person can pick."""

    value: Value = Field(
        description="What an answers file stores for this option: an id-like text "
        "(e.g. personal), a number, or yes/no. Unique within the question."
    )
    label: Text = Field(min_length=1, description="What the person sees in the interview.")
    score: Score | None = Field(
        default=None,
        description="0 (keep in-house) to 100 (outsource); leave out for an unscored option.",
    )
    because: Text | None = Field(
        default=None,
        description="Why this answer pushes the score that way: one clause, shown in the "
        "rationale (e.g. 'the data is personal').",
    )


class Range(Model):
    """A band of a number question: values up to and including ``up_to``."""

    up_to: Number = Field(
        description="The highest value in this band; bands go up in order and the last one "
        "reaches the question's max."
    )
    score: Score = Field(description="0 (keep in-house) to 100 (outsource) for values in the band.")
    because: Text = Field(description="Why values in this band push the score that way.")
    label: Text | None = Field(
        default=None, description="A name for the band shown to people (e.g. 'small team')."
    )


class Question(Model):
    """One question of the interview."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique in the set. Answers files and "
        "conditions name it as set_id.question_id."
    )
    text: Text = Field(min_length=1, description="The question as asked, ending with '?'.")
    help: Text = Field(
        default="", description="Why the question matters, shown on '? Why this matters'."
    )
    type: QuestionType = Field(
        title="Type"  # its description and enum: the table of types (_TypeNames)
    )
    options: tuple[Option, ...] = Field(
        default=(),
        description="The answers to choose from (single, multi; yes_no and scale may score "
        "theirs here too).",
    )
    combine: Literal["min", "max", "mean"] = Field(
        default="min",
        description="For a multi question: how the ticked options' scores make one score.",
    )
    min: Number | None = Field(default=None, description="A number question's lowest value.")
    max: Number | None = Field(default=None, description="A number question's highest value.")
    unit: Text = Field(
        default="", description="A number question's unit, shown after the value (e.g. FTE)."
    )
    ranges: tuple[Range, ...] = Field(
        default=(), description="A number question's score bands, in increasing up_to order."
    )
    required: Flag = Field(
        default=False,
        description="true: an answers file must answer it (if only with not_sure).",
    )
    default: Value | tuple[Value, ...] | None = Field(
        default=None,
        description="The interview's suggested answer (a list for a multi question); leave it "
        "out where a suggestion would lean: the interview then opens on 'Not sure'.",
    )
    weight: Number = Field(
        default=1.0, description="How much the question counts within its set (above 0)."
    )
    when: Condition | None = Field(
        default=None,
        description="Ask the question only when this condition holds on earlier answers.",
    )
    lever: Flag = Field(
        default=False,
        description="true: an answer the firm can change before signing (an exit plan, audit "
        "rights): listed first, under 'What you could do'.",
    )

    @property
    def scale(self) -> tuple[float, float]:
        """(min, max) of a number question (the checks make sure both are there)."""
        if self.min is None or self.max is None:
            raise ValueError(f"number question '{self.id}' has no 'min' and 'max'")
        return self.min, self.max

    @property
    def scored(self) -> bool:
        return answer_types.TYPES[self.type].scored(self)


class Calculation(Model):
    """A value calculated from answers (and other calculated values), usable in conditions."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique in the set among questions and "
        "calculations. Conditions and other calculations name it as set_id.calculation_id."
    )
    text: Text = Field(min_length=1, description="What the value is, as people read it.")
    value: Text = Field(
        min_length=1,
        max_length=500,
        description="The expression: numbers, references (set_id.question_id or "
        "set_id.calculation_id) to number or scale questions and calculations, + - * /, "
        "parentheses, min(...), max(...), round(x) or round(x, digits).",
    )
    unit: Text = Field(default="", description="The value's unit, shown after it.")


class QuestionSet(Model):
    """A question set of outsource-cli: one theme of the interview, with its own score."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique among the sets. Names the set "
        "in answers files, conditions and --weight."
    )
    title: Text = Field(min_length=1, description="The set's name as people read it.")
    description: Text = Field(default="", description="What the set is about, in a sentence.")
    weight: Number = Field(
        default=1.0, description="How much the set's score counts in the overall score (above 0)."
    )
    order: Annotated[int, Strict(), Field(ge=-1_000_000, le=1_000_000)] = Field(
        default=100, description="Sets are asked in increasing order (then by id)."
    )
    questions: tuple[Question, ...] = Field(
        min_length=1, description="The questions, in the order they are asked."
    )
    calculations: tuple[Calculation, ...] = Field(
        default=(),
        description="Values calculated from the answers, for conditions and gates "
        "(see docs/questionnaire-format.md).",
    )


# Last: the table of question types reads the models above (a question's ``type`` names one),
# importing them from this module, which is made by now (not from the package, which is not).
from outsource_cli.questionnaire import answer_types  # noqa: E402
