"""One answer: a value as written (YAML, JSON or ``--set``) read as a valid answer to its
question (:func:`coerce`), and an answer as a person reads it (:func:`display`)."""

from __future__ import annotations

import re
from typing import Any

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.text import one_line

CURRENCY = re.compile(r"[A-Z]{3}")


def currency_problem(value: Any) -> str | None:
    """Why ``value`` is not a currency code (None when it is one): an ISO 4217 code is three
    capital letters, such as EUR, USD or GBP."""
    if isinstance(value, str) and CURRENCY.fullmatch(value):
        return None
    shown = one_line(str(value))[:20]
    hint = ""
    if isinstance(value, str) and CURRENCY.fullmatch(value.strip().upper()):
        hint = f" (did you mean '{value.strip().upper()}'?)"
    return (
        f"'currency' must be an ISO 4217 code, three capital letters such as EUR, USD or GBP, "
        f"not '{shown}'{hint}"
    )


def coerce(q: Question, raw: Any) -> AnswerValue:
    """``raw`` as a valid answer to ``q``; ``ValueError`` with a readable reason otherwise.

    Accepts what YAML, JSON or a command line (``--set``) would give.
    """
    return of(q).coerce(q, raw)


def display(q: Question, value: AnswerValue | None) -> str:
    """An answer as a person reads it: the option's label, or the number with its unit."""
    if value is None:
        return "(not answered)"
    return of(q).display(q, value)
