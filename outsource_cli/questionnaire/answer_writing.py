"""Writing answers files (the data of an :class:`~.answers.AnswerSheet`, as YAML or JSON),
and the answers template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.record import as_data
from outsource_cli.questionnaire.shapes import NOT_SURE, Question
from outsource_cli.text import json_dumps

if TYPE_CHECKING:
    from outsource_cli.questionnaire.answers import AnswerSheet


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
    yield f"#   {of(q).template_hint(q)}"
    for o in q.options:
        value = ("yes" if o.value else "no") if isinstance(o.value, bool) else o.value
        yield f"#     {_one_line(str(value))} = {_one_line(o.label)}"


def _one_line(text: str) -> str:
    """File text made safe for a comment line: one line, no control characters."""
    from outsource_cli.text import one_line

    return one_line(text)
