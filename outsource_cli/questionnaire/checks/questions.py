"""What can be checked in one question-set file alone: ids, options, numbers' bounds and
ranges, defaults, the business case's scales, and the syntax of calculated values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.questionnaire import calculations as calc
from outsource_cli.questionnaire import cost_scales
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
    if q.type == "number":
        yield from _check_number(q, loc, doc)
        return
    values = [o.value for o in q.options]
    for name in ("ranges", "min", "max"):
        if getattr(q, name) not in (None, ()):
            yield doc.problem(
                [*loc, name], f"'{name}' belongs to number questions only", "S005", key=True
            )
    if len(q.options) < 2:
        yield doc.problem(
            [*loc, "options"] if q.options else loc,
            f"a {q.type} question needs at least two options",
            "S005",
        )
    if q.type in ("single", "multi"):
        for j, o in enumerate(q.options):
            if not isinstance(o.value, str):
                yield doc.problem(
                    [*loc, "options", j, "value"],
                    f"option values of a {q.type} question are texts; quote {o.value!r}",
                    "S005",
                )
    elif q.type == "yes_no" and sorted(values, key=repr) != [False, True]:
        yield doc.problem(
            [*loc, "options"], "a yes_no question has exactly two options: yes and no", "S005"
        )
    elif q.type == "scale" and sorted(values, key=repr) != [1, 2, 3, 4, 5]:
        yield doc.problem(
            [*loc, "options"], "a scale question has one option for each value 1 to 5", "S005"
        )
    scores = {o.score is None for o in q.options}
    if len(scores) > 1:
        yield doc.problem([*loc, "options"], "either every option has a score or none has", "S005")
    if q.default is not None and not _default_ok(q):
        yield doc.problem(
            [*loc, "default"],
            f"default {q.default!r} is not one of this question's "
            f"values: {', '.join(repr(v) for v in values)}",
            "R011",
        )


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


def _check_number(q: Question, loc: list[str | int], doc: Document) -> Iterator[Problem]:
    if q.options:
        yield doc.problem(
            [*loc, "options"], "a number question has ranges, not options", "S005", key=True
        )
    if q.min is None or q.max is None:
        yield doc.problem(loc, "a number question needs both 'min' and 'max'", "S005")
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
    if q.default is not None and not _default_ok(q):
        yield doc.problem(
            [*loc, "default"], f"default must be a number from {q.min:g} to {q.max:g}", "R011"
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
        if q.type != "number":
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


def _default_ok(q: Question) -> bool:
    d = q.default
    if q.type == "number":
        return (
            isinstance(d, int | float)
            and not isinstance(d, bool)
            and q.min is not None
            and q.max is not None
            and q.min <= d <= q.max
        )
    values = [(type(o.value), o.value) for o in q.options]
    if q.type == "multi":
        items = d if isinstance(d, tuple) else (d,)
        return all((type(v), v) in values for v in items)
    return not isinstance(d, tuple) and (type(d), d) in values
