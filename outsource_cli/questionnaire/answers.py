"""Answers files: reading and checking them against a catalog. One answer's value is read by
``answer_values`` (:func:`coerce`, :func:`display`); files and the template are written by
``answer_writing``; both are named here too, where the rest of the tool imports them from.

An answers file::

    version: 1
    function: Payroll at Acme Manufacturing
    answers:
      control:
        data_sensitivity: personal
        audit_rights: yes
      cost:
        expected_savings: {range: [10, 25]}   # uncertain: see questionnaire.uncertain

``null`` (or ``~``) as an answer means "not answered", on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.answer_types import NO_WORDS, YES_WORDS
from outsource_cli.questionnaire.answer_values import (
    coerce,
    currency_problem,
    display,
)
from outsource_cli.questionnaire.answer_writing import (
    dump_answers,
    dump_data,
    template,
    to_data,
    written_by_us,
)
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import problem as record_problem
from outsource_cli.questionnaire.shapes import NOT_SURE, Question
from outsource_cli.questionnaire.source import Document
from outsource_cli.questionnaire.uncertain import Uncertain
from outsource_cli.text import did_you_mean, one_line

__all__ = [
    "NO_WORDS",
    "TOP_LEVEL",
    "YES_WORDS",
    "AnswerSheet",
    "answer_problems",
    "check_answers",
    "coerce",
    "currency_problem",
    "display",
    "dump_answers",
    "dump_data",
    "load_answers",
    "template",
    "to_data",
    "written_by_us",
]

# `provider`: the provider an evaluation file is about (outsource vet; docs/vetting.md)
TOP_LEVEL = (
    "version",
    "function",
    "currency",
    "respondent",
    "provider",
    "notes",
    "answers",
    "defaulted",
    "not_asked",
    "record",
)


class AnswerSheet(NamedTuple):
    """What a user answered: ``answers`` maps ``set.question`` ids to values."""

    answers: Mapping[str, AnswerValue]
    function: str | None = None
    notes: str | None = None
    skipped: frozenset[str] = frozenset()  # answered "not_sure" (or null, when optional)
    ignored: tuple[str, ...] = ()  # answered, but the question is not shown given the others
    path: str | None = None
    given: Mapping[str, AnswerValue] | None = None  # every valid answer, shown or not
    defaulted: frozenset[str] = frozenset()  # accepted as the interview suggested
    respondent: str | None = None  # who answered (a panel names them by it)
    record: Mapping[str, Any] | None = None  # what the file was made against (record.py)
    # answers given as a range or one_of; ``answers`` holds their point estimates
    uncertain: Mapping[str, Uncertain] = MappingProxyType({})
    # not asked: the adaptive interview stopped once the result was settled without them
    not_asked: frozenset[str] = frozenset()
    # the ISO 4217 code of the money figures (None: not given, and never invented)
    currency: str | None = None

    @property
    def all_answers(self) -> Mapping[str, AnswerValue]:
        """What to decide from: every answer given (the engine ignores those not shown), so
        that changing one answer (what-if) is the same as editing the file."""
        return self.given if self.given is not None else self.answers


def _key(key: Any) -> str:
    """A key of any YAML type, for a message: text quoted, anything else named."""
    if isinstance(key, str):
        return f"'{key}'"
    if key is None:
        return "null (~)"
    if isinstance(key, bool):
        return f"the boolean {'true' if key else 'false'} (YAML reads yes/no/on/off as booleans: quote it)"
    return f"the number {key!r}"


def load_answers(path: Path, catalog: Catalog, *, partial: bool = False) -> AnswerSheet:
    """Read an answers file; ``partial`` (for resuming an interview) allows required answers
    to be missing."""
    doc = source.load(path)
    return check_answers(doc, catalog, partial=partial)


def check_answers(doc: Document, catalog: Catalog, *, partial: bool = False) -> AnswerSheet:
    """The :class:`AnswerSheet` of an answers document, or every problem in it, all at once."""
    sheet, problems = answer_problems(doc, catalog, partial=partial)
    if sheet is None:
        raise InputError([p for p in problems if p.code != "A004"])
    return sheet


def answer_problems(
    doc: Document, catalog: Catalog, *, partial: bool = False
) -> tuple[AnswerSheet | None, list[Problem]]:
    """The sheet (when there are no problems) and every problem, including answers to questions
    that are not shown given the other answers (A004, which ``assess`` ignores)."""
    data = doc.data
    if not isinstance(data, dict):
        return None, [doc.problem((), "an answers file is a mapping with an 'answers' key", "Y004")]
    problems = _top_level_problems(doc, data)
    raw = _answers_mapping(doc, data, problems)
    read = _Read()
    for set_id, block in raw.items():
        _read_set(doc, catalog, set_id, block, read, problems)
    effective, shown = walk(catalog, read.answers)
    # not asked: the interview stopped once the result was settled without them
    not_asked = _id_list(doc, "not_asked", data.get("not_asked"), catalog, problems)
    if not partial:
        _missing_required(doc, catalog, data, raw, read, (effective, shown, not_asked), problems)
    ignored = _ignored(doc, catalog, read, effective, problems)
    defaulted = _defaulted(doc, data.get("defaulted"), catalog, problems)
    record = data.get("record")
    if record is not None and (why := record_problem(record)) is not None:
        problems.append(doc.problem(["record"], why, "A005"))
    if any(p.code != "A004" for p in problems):
        return None, problems
    sheet = AnswerSheet(
        effective,
        data.get("function"),
        data.get("notes"),
        frozenset(read.skipped),
        ignored,
        doc.path,
        read.answers,
        frozenset(defaulted),
        data.get("respondent"),
        record,
        MappingProxyType(read.uncertain),
        frozenset(q for q in not_asked if q not in read.answers),
        data.get("currency"),
    )
    return sheet, problems


@dataclass
class _Read:
    """The answers read so far, and the questions answered "not sure", left null or given an
    answer that is not valid."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    unsure: set[str] = field(default_factory=set)  # "not_sure": an answer, for required ones too
    invalid: set[str] = field(default_factory=set)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)


def _top_level_problems(doc: Document, data: dict[Any, Any]) -> list[Problem]:
    """Unknown top-level fields, and the known ones besides the answers of the wrong kind."""
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_LEVEL:
            also = (did_you_mean(key, TOP_LEVEL) if isinstance(key, str) else "") or (
                f" (expected: {', '.join(TOP_LEVEL)})"
            )
            problems.append(
                doc.problem([key], f"unknown field {_key(key)}{also}", "A005", key=True)
            )
    for key in ("function", "respondent", "provider", "notes"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(doc.problem([key], f"'{key}' must be text", "A005"))
    currency = data.get("currency")
    if currency is not None and (why := currency_problem(currency)) is not None:
        problems.append(doc.problem(["currency"], why, "A005"))
    if data.get("version", 1) != 1:
        problems.append(
            doc.problem(["version"], "this tool reads answers files of version 1", "A005")
        )
    return problems


def _answers_mapping(doc: Document, data: dict[Any, Any], problems: list[Problem]) -> Any:
    """The ``answers`` mapping (empty when there is none, or when it is not a mapping)."""
    raw = data.get("answers")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(
            doc.problem(["answers"], "'answers' must be a mapping of question sets", "A005")
        )
        return {}
    return raw


def _read_set(
    doc: Document, catalog: Catalog, set_id: Any, block: Any, read: _Read, problems: list[Problem]
) -> None:
    """The answers to one question set, into ``read``; a set key that is not a set's id, or a
    block that is not a mapping, is a problem."""
    loc: list[Any] = ["answers", set_id]
    set_ids = [s.id for s in catalog.sets]
    if not isinstance(set_id, str) or set_id not in set_ids:
        message = (
            f"unknown question set '{set_id}'{did_you_mean(set_id, set_ids)}"
            if isinstance(set_id, str)
            else f"a question-set key must be a set id such as '{set_ids[0]}', not {_key(set_id)}"
        )
        problems.append(doc.problem(loc, message, "A001", key=True))
        return
    if block is None:
        return
    if not isinstance(block, dict):
        problems.append(
            doc.problem(loc, f"answers for '{set_id}' must be a mapping of question ids", "A005")
        )
        return
    q_ids = [q.id for q in catalog.questions_of(set_id)]
    for q_id, value in block.items():
        qid = f"{set_id}.{q_id}"
        if not isinstance(q_id, str) or qid not in catalog.questions:
            message = (
                f"unknown question '{qid}'{did_you_mean(str(q_id), q_ids)}"
                if isinstance(q_id, str)
                else f"a question key must be a question id of set '{set_id}', not {_key(q_id)}"
            )
            problems.append(doc.problem([*loc, q_id], message, "A001", key=True))
        elif value is None or value == NOT_SURE:
            read.skipped.add(qid)
            if value == NOT_SURE:
                read.unsure.add(qid)
        else:
            try:
                read.answers[qid] = _answer(catalog.questions[qid], qid, value, read.uncertain)
            except ValueError as exc:
                read.invalid.add(qid)
                problems.append(doc.problem([*loc, q_id], f"{qid}: {exc}", "A002"))


def _missing_required(
    doc: Document,
    catalog: Catalog,
    data: dict[Any, Any],
    raw: Any,
    read: _Read,
    walked: tuple[Mapping[str, AnswerValue], list[str], list[str]],
    problems: list[Problem],
) -> None:
    """A problem for each required question asked given the answers (``walked``: the answers
    that count, the questions asked, those not asked) with no answer, not even "not sure"."""
    effective, shown, not_asked = walked
    for qid in shown:
        if (
            catalog.questions[qid].required
            and qid not in effective
            and qid not in read.invalid
            and qid not in read.unsure
            and qid not in not_asked
        ):
            set_id = qid.split(".")[0]
            where = (
                ["answers", set_id] if set_id in raw else ["answers"] if "answers" in data else []
            )
            text = one_line(catalog.questions[qid].text)
            problems.append(
                doc.problem(
                    where,
                    f"missing required answer '{qid}' (“{text}”): answer it, or write "
                    f"{qid.split('.', 1)[1]}: not_sure",
                    "A003",
                    key=True,
                )
            )


def _ignored(
    doc: Document,
    catalog: Catalog,
    read: _Read,
    effective: Mapping[str, AnswerValue],
    problems: list[Problem],
) -> tuple[str, ...]:
    """The answers to questions not asked given the others, each an A004 problem (which
    ``assess`` ignores)."""
    ignored = tuple(q for q in read.answers if q not in effective)
    # an answer whose question an uncertain answer may ask (directly or through a chain) is
    # not ignored: the outcome probabilities count it wherever it is asked
    maybe = _asked_by(catalog, read.uncertain) if read.uncertain else set()
    for qid in ignored:
        if qid in maybe:
            continue
        set_id, q_id = qid.split(".")
        problems.append(
            doc.problem(
                ["answers", set_id, q_id],
                f"'{qid}' is not asked given the other answers, so its answer is ignored",
                "A004",
                key=True,
            )
        )
    return ignored


def _asked_by(catalog: Catalog, uncertain: Mapping[str, Uncertain]) -> set[str]:
    """The questions whose ``when`` depends on one of the ``uncertain`` answers, directly or
    through a chain (a `when` looks back only: one pass in asking order finds them all)."""
    from outsource_cli.questionnaire.conditions import questions_in

    found: set[str] = set()
    for qid, q in catalog.questions.items():
        if q.when is not None and any(r in uncertain or r in found for r in questions_in(q.when)):
            found.add(qid)
    return found


def _answer(q: Question, qid: str, value: Any, uncertain: dict[str, Uncertain]) -> AnswerValue:
    """A plain answer; for an uncertain one (a mapping: range or one_of), its point estimate,
    with the uncertain answer itself put in ``uncertain``."""
    from outsource_cli.questionnaire import uncertain as unsure

    if not isinstance(value, dict):
        return coerce(q, value)
    read = unsure.read(q, value, coerce)
    if isinstance(read, unsure.NumberRange | unsure.OneOf):
        uncertain[qid] = read
        return unsure.point(q, read)
    return read


def _defaulted(doc: Document, raw: Any, catalog: Catalog, problems: list[Problem]) -> list[str]:
    """The ``defaulted`` list: question ids whose answers were accepted as suggested."""
    return _id_list(doc, "defaulted", raw, catalog, problems)


def _id_list(
    doc: Document, key: str, raw: Any, catalog: Catalog, problems: list[Problem]
) -> list[str]:
    """A top-level list of question ids (``defaulted``, ``not_asked``)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(q, str) for q in raw):
        problems.append(doc.problem([key], f"'{key}' must be a list of set.question ids", "A005"))
        return []
    unknown = [q for q in raw if q not in catalog.questions]
    for q in unknown:
        problems.append(
            doc.problem(
                [key],
                f"unknown question '{q}' in '{key}'{did_you_mean(q, list(catalog.questions))}",
                "A001",
            )
        )
    return [q for q in raw if q in catalog.questions]
