"""What can be checked in one question-set file alone: ids, options, numbers' bounds and
ranges, defaults, the business case's scales, and the syntax of calculated values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.questionnaire import calculations as calc
from outsource_cli.questionnaire import cost_scales
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.checks.expressions import calc_problem
from outsource_cli.questionnaire.shapes import NOT_SURE, Question, QuestionSet
from outsource_cli.questionnaire.source import Document


def check_set(qs: QuestionSet, doc: Document) -> list[Problem]:
    """What can be checked in one question-set file alone."""
    problems: list[Problem] = []
    if qs.weight <= 0:
        problems.append(doc.problem(["weight"], "a set's weight must be positive", "L004"))
    seen_q: set[str] = set()
    for i, q in enumerate(qs.questions):
        loc: list[str | int] = ["questions", i]
        if q.id in seen_q:
            problems.append(
                doc.problem(
                    [*loc, "id"], f"duplicate question id '{q.id}' in set '{qs.id}'", "R002"
                )
            )
        seen_q.add(q.id)
        problems.extend(_check_question(q, loc, doc))
    problems.extend(_check_cost_scales(qs, doc))
    for i, c in enumerate(qs.calculations):
        if c.id in seen_q:
            problems.append(
                doc.problem(
                    ["calculations", i, "id"],
                    f"duplicate id '{c.id}' in set '{qs.id}' (questions and calculations share "
                    "their ids)",
                    "R002",
                )
            )
        seen_q.add(c.id)
        try:
            calc.parse(c.value)
        except calc.CalcError as exc:
            problems.append(calc_problem(doc, ["calculations", i, "value"], exc, "S007"))
    return problems


def _check_question(q: Question, loc: list[str | int], doc: Document) -> Iterator[Problem]:
    if q.weight <= 0:
        yield doc.problem([*loc, "weight"], "a question's weight must be positive", "L004")
    yield from _check_options(q, loc, doc)
    yield from of(q).check(q, loc, doc)


def _check_options(q: Question, loc: list[str | int], doc: Document) -> Iterator[Problem]:
    """Each option: its value once, never ``not_sure``; a score with its reason."""
    seen: set[Any] = set()
    for j, o in enumerate(q.options):
        key = (type(o.value), o.value)
        if key in seen:
            yield doc.problem(
                [*loc, "options", j, "value"], f"duplicate option value {o.value!r}", "R003"
            )
        seen.add(key)
        if o.value == NOT_SURE:
            yield doc.problem(
                [*loc, "options", j, "value"],
                f"an option cannot be '{NOT_SURE}': in answers files it means 'asked, but not "
                "sure' (name the option otherwise, e.g. 'unsure')",
                "S005",
            )
        if o.score is not None and not o.because:
            yield doc.problem(
                [*loc, "options", j], "a scored option needs a 'because' sentence", "S005"
            )


def _check_cost_scales(qs: QuestionSet, doc: Document) -> Iterator[Problem]:
    """The business case's inputs (when the set holds the business case) are numbers on a
    bounded scale: their ``min`` and ``max`` within :data:`cost_scales.SCALES`."""
    ids = {q.id for q in qs.questions}
    if qs.id != cost_scales.SET or not all(a in ids for a in cost_scales.ANCHORS):
        return
    for i, q in enumerate(qs.questions):
        scale = cost_scales.SCALES.get(q.id)
        if scale is None:
            continue
        loc: list[str | int] = ["questions", i]
        name = f"{scale.what} ({qs.id}.{q.id}), an input of the business case"
        if not of(q).numeric:
            yield doc.problem(
                [*loc, "type"],
                f"{name}, must be a number question (from {scale.describe()}), not {q.type}",
                "S005",
            )
            continue
        for end, value in (("min", q.min), ("max", q.max)):
            if value is not None and not scale.holds(value):
                yield doc.problem(
                    [*loc, end],
                    f"{name}, takes {scale.describe()}: '{end}' {cost_scales.number(value)} is "
                    "outside that "
                    "scale",
                    "S005",
                )
