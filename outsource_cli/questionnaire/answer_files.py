"""Telling answers files from other files, for commands that read a folder of them (compare).

A folder of answers files often holds other things too: an interrupted interview, the
decision JSON written by ``outsource assess --format json``, a README. :func:`read_entry`
sorts each file into one of:

- ``answers``: an answers file, or a decision JSON (it holds the answers and the function),
  ready to decide;
- ``skipped``: not an answers file, or an interview that was not finished: not an error, but
  worth one line of warning;
- ``invalid``: an answers file with problems (unknown questions, values that are not allowed):
  an error, with every problem at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.answers import AnswerSheet, answer_problems
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.source import Document

# the keys of a decision's record that say what it was made against (as an answers file's)
FINGERPRINT_KEYS = ("tool", "question_sets", "policy", "set_weights", "questions")


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: Literal["answers", "skipped", "invalid"]
    sheet: AnswerSheet | None = None
    reason: str = ""  # why it was skipped, in words
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())  # warnings about a file that is used


def read_entry(path: Path, catalog: Catalog) -> Entry:
    try:
        doc = source.load(path)
    except InputError as exc:
        if exc.problems and all(p.code in ("Y003", "Y005") for p in exc.problems):
            why = "it is empty" if exc.problems[0].code == "Y003" else "it is not text"
            return Entry(path, "skipped", reason=f"not an answers file ({why})")
        return Entry(path, "invalid", problems=tuple(exc.problems))  # unreadable, broken YAML
    data = doc.data
    if not isinstance(data, dict):
        return Entry(path, "skipped", reason="not an answers file (not a mapping)")
    doc, notes = as_answers(doc)
    notes = notes[1:]  # compare reads decisions as a matter of course: only the what-if note
    data = doc.data
    if "answers" not in data:
        return Entry(path, "skipped", reason="not an answers file (it has no 'answers:')")
    sheet, problems = answer_problems(doc, catalog)
    if sheet is not None:
        return Entry(path, "answers", sheet, notes=notes)
    errors = tuple(p for p in problems if p.code != "A004")
    if all(p.code == "A003" for p in errors):  # only required answers missing
        partial, _ = answer_problems(doc, catalog, partial=True)
        if partial is not None:
            n = len(errors)
            return Entry(
                path,
                "skipped",
                reason=f"an unfinished interview ({n} required answer"
                f"{'' if n == 1 else 's'} missing; finish it with: "
                f"outsource assess --resume {path})",
                problems=errors,
            )
    missing = [p for p in errors if p.code == "A003"]
    if len(missing) > 1:  # one line for them, the other problems each at their place
        first = missing[0]
        errors = (
            *(p for p in errors if p.code != "A003"),
            Problem(
                first.path,
                first.line,
                first.col,
                f"{len(missing)} required answers missing (first: "
                f"{first.message.removeprefix('missing required answer ')})",
                "A003",
            ),
        )
    return Entry(path, "invalid", problems=errors)


def as_answers(doc: Document) -> tuple[Document, tuple[str, ...]]:
    """``doc`` as an answers file: a decision JSON (``assess --format json``) becomes the
    answers it holds, with notes that say so; anything else is returned as it is."""
    data = doc.data
    if isinstance(data, dict) and _is_decision(data):
        note = (
            "a decision written by outsource assess: read as the answers it holds "
            "(outsource verify checks it against its stored result)"
        )
        return _decision_as_answers(doc, data), (note, *_what_if_note(data))
    return doc, ()


def _is_decision(data: dict[str, Any]) -> bool:
    """The JSON of ``outsource assess --format json``: an outcome, and answers by full id."""
    answers = data.get("answers")
    return (
        "outcome" in data
        and isinstance(answers, dict)
        and all(isinstance(k, str) and "." in k for k in answers)
    )


def _decision_as_answers(doc: Document, data: dict[str, Any]) -> Document:
    nested: dict[str, dict[str, Any]] = {}
    uncertain = data.get("uncertainty")
    given = uncertain.get("answers") if isinstance(uncertain, dict) else None
    for qid, value in data["answers"].items():
        set_id, _, q_id = qid.partition(".")
        if isinstance(given, dict) and isinstance(given.get(qid), dict):
            value = given[qid]  # as given ({range: ...} or {one_of: ...}), not the point
        nested.setdefault(set_id, {})[q_id] = value
    answers: dict[str, Any] = {"version": 1, "answers": nested}
    if isinstance(data.get("function"), str):
        answers["function"] = data["function"]
    if data.get("currency") is not None:  # checked as an answers file's
        answers["currency"] = data["currency"]
    record = data.get("record")
    if isinstance(record, dict):
        # who answered, and what the answers were made against: a panel refuses the same
        # respondent twice, and answers made against other question sets (as for answers files)
        respondent = data.get("respondent", record.get("respondent"))
        if isinstance(respondent, str):
            answers["respondent"] = respondent
        answers["record"] = {k: record[k] for k in FINGERPRINT_KEYS if k in record}
    return Document(doc.path, doc.node, answers)


def _what_if_note(data: dict[str, Any]) -> tuple[str, ...]:
    whatif = data.get("what_if")
    if isinstance(whatif, dict) and (whatif.get("answers") or whatif.get("weights")):
        return (
            "a decision made with what-if changes: ranked on the answers it holds, "
            "without any --weight changes",
        )
    return ()


def folder_answers(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The answers files in ``folder`` for a command that takes one file per respondent
    (panel), in name order: every ``.yaml`` and ``.yml`` file, and every ``.json`` file that
    is an answers file or a decision (a mapping with ``answers``: both are read when named
    one by one); other JSON (a panel's or a lint report, say) is skipped, with the reason. A
    JSON file that cannot be read is kept, so that its problem is reported."""
    found, skipped = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.suffix in (".yaml", ".yml"):
            found.append(path)
        elif path.suffix == ".json":
            try:
                data = source.load(path).data
            except InputError:
                found.append(path)  # a broken file: its problems are reported with the rest
                continue
            if isinstance(data, dict) and "answers" in data:
                found.append(path)
            else:
                skipped.append((path, "not an answers file or a decision (it has no 'answers')"))
    return found, skipped
