"""Answers files: reading and checking them against a catalog, writing them, and templates.

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

import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import as_data
from outsource_cli.questionnaire.record import problem as record_problem
from outsource_cli.questionnaire.shapes import MAX_NUMBER, NOT_SURE, Question
from outsource_cli.questionnaire.source import Document
from outsource_cli.questionnaire.uncertain import Uncertain
from outsource_cli.text import did_you_mean, json_dumps, number, one_line

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
# the words for yes and no an answer may be written as (a bare one is a boolean in YAML 1.1)
YES_WORDS = ("yes", "y", "true", "on")
NO_WORDS = ("no", "n", "false", "off")


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
    if q.type == "number":
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
    if q.type == "yes_no":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in (*YES_WORDS, *NO_WORDS):
            return raw.strip().lower() in YES_WORDS
        raise ValueError(f"expected yes or no, got {raw!r}")
    if q.type == "scale":
        value = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"expected a whole number from 1 to 5, got {raw!r}")
        return value
    values = [o.value for o in q.options]
    raw = _same_text(_bool_as_text(raw, values), values)
    if q.type == "multi":
        items = (
            [_same_text(_bool_as_text(item, values), values) for item in raw]
            if isinstance(raw, list | tuple)
            else (
                [_same_text(p.strip(), values) for p in raw.split(",") if p.strip()]
                if isinstance(raw, str)
                else [raw]
            )
        )
        for item in items:
            if not isinstance(item, str) or item not in values:
                raise ValueError(_not_one_of(item, values))
        return tuple(str(v) for v in values if v in items)  # option order, no repeats
    if not isinstance(raw, str) or raw not in values:
        also = did_you_mean(str(raw), [str(v) for v in values])
        raise ValueError(_not_one_of(raw, values) + also)
    return raw


def _same_text(raw: Any, values: list[Any]) -> Any:
    """A text answer that is an option's value written with other Unicode code points for the
    same characters (``é`` as e + a combining accent): that option's value (NFC compared)."""
    if not isinstance(raw, str) or raw in values:
        return raw
    import unicodedata

    form = unicodedata.normalize("NFC", raw)
    same = [v for v in values if isinstance(v, str) and unicodedata.normalize("NFC", v) == form]
    return same[0] if len(same) == 1 else raw


def _not_one_of(raw: Any, values: list[Any]) -> str:
    message = f"{raw!r} is not one of: {', '.join(map(str, values))}"
    texts = [v for v in values if isinstance(v, str)]
    if not isinstance(raw, str) and not isinstance(raw, bool) and str(raw) in texts:
        message += f" ({raw!r} is read as a number; the option is the text '{raw}': quote it)"
    return message


def _key(key: Any) -> str:
    """A key of any YAML type, for a message: text quoted, anything else named."""
    if isinstance(key, str):
        return f"'{key}'"
    if key is None:
        return "null (~)"
    if isinstance(key, bool):
        return f"the boolean {'true' if key else 'false'} (YAML reads yes/no/on/off as booleans: quote it)"
    return f"the number {key!r}"


def _bool_as_text(raw: Any, values: list[Any]) -> Any:
    """YAML 1.1 reads a bare yes/no (true/false, on/off) as a boolean: to a question whose
    option values are such words as text, it means that word."""
    if not isinstance(raw, bool) or raw in [v for v in values if isinstance(v, bool)]:
        return raw
    words = YES_WORDS if raw else NO_WORDS
    return next((v for v in values if isinstance(v, str) and v.lower() in words), raw)


def display(q: Question, value: AnswerValue | None) -> str:
    """An answer as a person reads it: the option's label, or the number with its unit."""
    if value is None:
        return "(not answered)"
    if q.type == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            # 2,100 thousand, not 2100 or 2.1e+03; 1 year, not 1 years
            unit = q.unit[:-1] if value == 1 and q.unit in ("years", "months") else q.unit
            return f"{number(value)} {unit}".strip()
        return str(value)
    items = value if isinstance(value, tuple) else (value,)
    labels = [
        o.label for o in q.options if any(type(o.value) is type(v) and o.value == v for v in items)
    ]
    return ", ".join(labels) if labels else "(none)"


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
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        return None, [doc.problem((), "an answers file is a mapping with an 'answers' key", "Y004")]
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
    raw = data.get("answers")
    answers: dict[str, AnswerValue] = {}
    skipped: set[str] = set()
    unsure: set[str] = set()  # "not_sure": an answer, for required questions too
    invalid: set[str] = set()
    uncertain: dict[str, Uncertain] = {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(
            doc.problem(["answers"], "'answers' must be a mapping of question sets", "A005")
        )
        raw = {}
    set_ids = [s.id for s in catalog.sets]
    for set_id, block in raw.items():
        loc: list[Any] = ["answers", set_id]
        if not isinstance(set_id, str):
            problems.append(
                doc.problem(
                    loc,
                    f"a question-set key must be a set id such as '{set_ids[0]}', "
                    f"not {_key(set_id)}",
                    "A001",
                    key=True,
                )
            )
            continue
        if set_id not in set_ids:
            problems.append(
                doc.problem(
                    loc,
                    f"unknown question set '{set_id}'{did_you_mean(set_id, set_ids)}",
                    "A001",
                    key=True,
                )
            )
            continue
        if block is None:
            continue
        if not isinstance(block, dict):
            problems.append(
                doc.problem(
                    loc, f"answers for '{set_id}' must be a mapping of question ids", "A005"
                )
            )
            continue
        q_ids = [q.id for q in catalog.questions_of(set_id)]
        for q_id, value in block.items():
            qid = f"{set_id}.{q_id}"
            if not isinstance(q_id, str):
                problems.append(
                    doc.problem(
                        [*loc, q_id],
                        f"a question key must be a question id of set '{set_id}', not {_key(q_id)}",
                        "A001",
                        key=True,
                    )
                )
                continue
            if qid not in catalog.questions:
                problems.append(
                    doc.problem(
                        [*loc, q_id],
                        f"unknown question '{qid}'{did_you_mean(str(q_id), q_ids)}",
                        "A001",
                        key=True,
                    )
                )
                continue
            if value is None or value == NOT_SURE:
                skipped.add(qid)
                if value == NOT_SURE:
                    unsure.add(qid)
                continue
            try:
                answers[qid] = _answer(catalog.questions[qid], qid, value, uncertain)
            except ValueError as exc:
                invalid.add(qid)
                problems.append(doc.problem([*loc, q_id], f"{qid}: {exc}", "A002"))
    effective, shown = walk(catalog, answers)
    # not asked: the interview stopped once the result was settled without them
    not_asked = _id_list(doc, "not_asked", data.get("not_asked"), catalog, problems)
    for qid in [] if partial else shown:
        if (
            catalog.questions[qid].required
            and qid not in effective
            and qid not in invalid
            and qid not in unsure
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
    ignored = tuple(q for q in answers if q not in effective)
    # an answer whose question an uncertain answer may ask (directly or through a chain) is
    # not ignored: the outcome probabilities count it wherever it is asked
    maybe = _asked_by(catalog, uncertain) if uncertain else set()
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
    defaulted = _defaulted(doc, data.get("defaulted"), catalog, problems)
    record = data.get("record")
    if record is not None and (why := record_problem(record)) is not None:
        problems.append(doc.problem(["record"], why, "A005"))
    if any(p.code != "A004" for p in problems):
        return None, problems
    function, notes = data.get("function"), data.get("notes")
    sheet = AnswerSheet(
        effective,
        function,
        notes,
        frozenset(skipped),
        ignored,
        doc.path,
        answers,
        frozenset(defaulted),
        data.get("respondent"),
        record,
        MappingProxyType(uncertain),
        frozenset(q for q in not_asked if q not in answers),
        currency,
    )
    return sheet, problems


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


# ---------------------------------------------------------------- writing


def to_data(sheet: AnswerSheet, catalog: Catalog) -> dict[str, Any]:
    """The answers file for ``sheet``, as plain data (sets and questions in asking order)."""
    nested: dict[str, dict[str, Any]] = {}
    for qid in catalog.questions:
        if qid in sheet.answers or qid in sheet.skipped:
            set_id, q_id = qid.split(".")
            value = sheet.answers.get(qid, NOT_SURE)
            written: Any = list(value) if isinstance(value, tuple) else value
            if qid in sheet.uncertain:
                from outsource_cli.questionnaire.uncertain import to_data as uncertain_data

                written = uncertain_data(sheet.uncertain[qid])
            nested.setdefault(set_id, {})[q_id] = written
    data: dict[str, Any] = {"version": 1}
    if sheet.function:
        data["function"] = sheet.function
    if sheet.currency:
        data["currency"] = sheet.currency
    if sheet.respondent:
        data["respondent"] = sheet.respondent
    if sheet.notes:
        data["notes"] = sheet.notes
    data["answers"] = nested
    defaulted = [q for q in catalog.questions if q in sheet.defaulted and q in sheet.answers]
    if defaulted:
        data["defaulted"] = defaulted
    not_asked = [q for q in catalog.questions if q in sheet.not_asked and q not in sheet.answers]
    if not_asked:
        data["not_asked"] = not_asked
    data["record"] = as_data(catalog.fingerprint)  # what the answers were made against
    return data


def dump_answers(sheet: AnswerSheet, catalog: Catalog, *, fmt: str = "yaml") -> str:
    return dump_data(to_data(sheet, catalog), fmt=fmt)


def written_by_us(text: str, data: Any, *, fmt: str = "yaml") -> bool:
    """Whether ``text`` (that parsed to ``data``) is exactly what :func:`dump_data` writes for
    it: no comments, no layout of the user's own, so rewriting it loses nothing."""
    try:
        return text == dump_data(data, fmt=fmt)
    except Exception:  # data no dumper writes (a key of another type): not ours
        return False


def dump_data(data: Any, *, fmt: str = "yaml") -> str:
    """An answers file's data as its text (YAML with a header line, or JSON)."""
    if fmt == "json":
        return json_dumps(data) + "\n"
    from outsource_cli.questionnaire.source import dump

    header = "# outsource-cli answers file: replay with `outsource assess --answers FILE`\n"
    return header + dump(data)


def template(catalog: Catalog) -> str:
    """An answers skeleton: every question, its allowed values as comments, answers left null."""
    lines = [
        "# outsource-cli answers file.",
        "# Fill in a value for each question (null = not answered; not_sure = asked, but not",
        "# known yet: counted as unanswered, and the result says what it could change; or, when",
        "# you know roughly: {range: [low, high]} for a number, {one_of: [a, b]} for a choice),",
        "# then run:",
        "#   outsource assess --answers THIS_FILE",
        "version: 1",
        'function: null  # the function being assessed, e.g. "Payroll at Acme"',
        "currency: null  # the money's ISO 4217 code, e.g. EUR, USD, GBP (null: not said)",
        "answers:",
    ]
    for qs in catalog.sets:
        lines.append(f"  {qs.id}:  # {_one_line(qs.title)}")
        for q in qs.questions:
            lines.extend(f"    {c}" for c in _describe(q))
            lines.append(f"    {q.id}: null")
    return "\n".join(lines) + "\n"


def _describe(q: Question) -> Iterator[str]:
    flags = ["required"] if q.required else []
    if q.when is not None:
        flags.append("asked only in some cases")
    extra = f" ({', '.join(flags)})" if flags else ""
    yield f"# {_one_line(q.text)}{extra}"
    if q.type == "number":
        unit = f" {_one_line(q.unit)}" if q.unit.strip() else ""
        yield f"#   a number from {number(q.min or 0)} to {number(q.max or 0)}{unit}"
    elif q.type == "multi":
        yield "#   a list of any of:"
    else:
        yield "#   one of:"
    for o in q.options:
        value = ("yes" if o.value else "no") if isinstance(o.value, bool) else o.value
        yield f"#     {_one_line(str(value))} = {_one_line(o.label)}"


def _one_line(text: str) -> str:
    """File text made safe for a comment line: one line, no control characters."""
    from outsource_cli.text import one_line

    return one_line(text)
