"""What every part is: the frozen base model of a part of a question set or of the policy, and
the field types the parts share (texts, numbers, ids, references, scores, option values).

No ``from __future__ import annotations`` in the modules that make models (see the package's
docstring).
"""

import math
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, Strict

MAX_NUMBER = 1e15  # no figure in a question set, policy or answer is larger (in size)
NOT_SURE = "not_sure"  # an answer to any question: asked, and left open on purpose
OptionValue = str | int | bool | float  # an option value or an answer

Text = Annotated[str, Strict()]
# Finite, and within a range where sums and products of numbers stay exact enough and finite.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
Flag = Annotated[bool, Strict()]
Id = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
QuestionRef = Annotated[
    str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", max_length=129)
]
Score = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=0, le=100)]


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
    """A part of a question set or of the policy: frozen, compared by kind and fields."""

    # defer_build: validators are built on first use, once, for the two top-level files only
    # (a catalog from the cache never builds them).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def field_items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field, in the order they are declared."""
        return iter(self.__dict__.items())  # the fields only (private values are kept apart)

    # By kind and fields: a private value (a condition's compiled test) is not part of a
    # part's value, so a part equals the same part read back from the cache.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))


# One answer as the engine reads it: an option's value, a number, yes/no, or the options ticked.
AnswerValue = str | int | float | bool | tuple[str, ...]
