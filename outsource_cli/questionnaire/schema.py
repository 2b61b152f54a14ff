"""JSON Schemas (``outsource schema``): question sets and the policy from the models, answers
files from the question sets in use (with each question's allowed values).

Every schema has a real ``$id``. The built-in ones are published in the repository's
``schemas/`` folder for each release, so their ``$id`` is where they can be fetched:
``SCHEMA_BASE/v<version>/schemas/<kind>.schema.json``. An answers schema made from your own
question sets gets ``urn:outsource-cli:answers:<digest>``, a name of its own that changes
whenever the question sets do.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from outsource_cli import __version__
from outsource_cli.questionnaire import shapes
from outsource_cli.questionnaire.answer_types import NO_WORDS, YES_WORDS, of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.shapes import Policy, QuestionSet

SCHEMA_BASE = "https://raw.githubusercontent.com/outsource-cli/outsource-cli"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("questionnaire", "policy", "answers")


def schema_id(kind: str) -> str:
    return f"{SCHEMA_BASE}/v{__version__}/schemas/{kind}.schema.json"


def json_schema(kind: str = "questionnaire") -> dict[str, Any]:
    model = QuestionSet if kind == "questionnaire" else Policy
    body = model.model_json_schema(by_alias=True)
    return {"$schema": DIALECT, "$id": schema_id(kind), **body}


def answers_schema(catalog: Catalog, *, builtin: bool) -> dict[str, Any]:
    """The schema of answers files for ``catalog``: every set and question it has, each
    question's allowed values (with their labels), null for "not answered"."""
    sets = {
        qs.id: {
            "type": ["object", "null"],
            "title": qs.title,
            "description": qs.description or f"Answers to the questions of '{qs.title}'.",
            "additionalProperties": False,
            "properties": {q.id: _question(q) for q in qs.questions},
        }
        for qs in catalog.sets
    }
    body: dict[str, Any] = {
        "title": "outsource-cli answers file",
        "description": "The answers to an interview, replayed with "
        "`outsource assess --answers FILE`. Made for the question sets "
        f"{', '.join(s.id for s in catalog.sets)}.",
        "type": "object",
        "additionalProperties": False,
        "required": ["answers"],
        "properties": {
            "version": {"const": 1, "description": "The answers file format's version: 1."},
            **_about_schema(),
            "answers": {
                "type": ["object", "null"],
                "description": "Answers by question set, then by question id. null (or ~) "
                "means not answered, on purpose; not_sure means asked but not known yet "
                "(counted as unanswered, required questions too).",
                "additionalProperties": False,
                "properties": sets,
            },
            "defaulted": {
                "type": ["array", "null"],
                "description": "The answers accepted as the interview suggested them "
                "(set.question ids); the result says how many.",
                "items": {"enum": list(catalog.questions)},
            },
            "not_asked": {
                "type": ["array", "null"],
                "description": "The questions the interview did not ask because the result "
                "was settled without them (set.question ids): listed as not asked in the "
                "result; `outsource assess --resume FILE` asks them.",
                "items": {"enum": list(catalog.questions)},
            },
            "record": _record_schema(),
        },
    }
    if builtin:
        ident = schema_id("answers")
    else:
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
        ident = f"urn:outsource-cli:answers:{digest}"
    return {"$schema": DIALECT, "$id": ident, **body}


def _about_schema() -> dict[str, Any]:
    """The fields that say what the answers are about: the function, the currency, who
    answered, and free notes."""
    return {
        "function": {
            "type": ["string", "null"],
            "description": "The function being assessed, e.g. 'Payroll at Acme'. "
            "Shown in headings, reports and `outsource compare`.",
        },
        "currency": {
            "type": ["string", "null"],
            "pattern": "^[A-Z]{3}$",
            "description": "The ISO 4217 code of the money figures, e.g. 'EUR': shown "
            "with every amount ('EUR 497.8k'). Absent: amounts are shown in thousands, "
            "with no currency.",
        },
        "respondent": {
            "type": ["string", "null"],
            "description": "Who answered, e.g. 'CFO': names the respondent in `outsource panel`.",
        },
        "notes": {"type": ["string", "null"], "description": "Free notes, kept as they are."},
    }


def _record_schema() -> dict[str, Any]:
    """The ``record`` the tool writes: what the answers were made against."""
    return {
        "type": "object",
        "description": "Written by the tool: its version, a content hash of the "
        "question sets and policy the answers were made against, and each question's "
        "fingerprint, so that `outsource assess` can say which questions are new, "
        "removed or rescored since. Leave it as it is, or delete it.",
        "required": ["tool", "question_sets", "policy", "set_weights", "questions"],
        "properties": {
            "tool": {"type": "string", "description": "The tool and its version."},
            "question_sets": {
                "type": "string",
                "description": "SHA-256 of every question set and the policy.",
            },
            "policy": {"type": "string", "description": "SHA-256 of the policy."},
            "set_weights": {
                "type": "object",
                "description": "Each question set's weight.",
                "additionalProperties": {"type": "number"},
            },
            "questions": {
                "type": "object",
                "description": "Each question's fingerprint (its scoring, not its wording).",
                "additionalProperties": {"type": "string"},
            },
        },
    }


def _question(q: shapes.Question) -> dict[str, Any]:
    """One question: its text and help as the description, its allowed values, or null."""
    description = q.text + (f" {q.help}" if q.help else "")
    flags = [w for w, on in (("required", q.required), ("asked only in some cases", q.when)) if on]
    if flags:
        description += f" ({', '.join(flags)})"
    value, allowed = _values(q, _choices(q))
    not_sure = {"const": "not_sure", "description": "Asked, but not known yet."}
    return {
        "description": description + allowed,
        "anyOf": [value, *_uncertain(q, value), not_sure, {"type": "null"}],
    }


def _choices(q: shapes.Question) -> list[dict[str, Any]]:
    """The options of a question, each with its label; a bare yes/no (true/false, on/off) is
    a boolean in YAML 1.1: to an option whose value is such a word as text, `assess` reads it
    as that word, and so does the schema."""
    choices = [{"const": o.value, "title": o.label, "description": o.label} for o in q.options]
    for o in q.options:
        word = o.value.lower() if isinstance(o.value, str) else None
        for flag, words in ((True, YES_WORDS), (False, NO_WORDS)):
            if word in words and not any(c["const"] is flag for c in choices):
                choices.append(
                    {
                        "const": flag,
                        "title": o.label,
                        "description": f"{o.label} (as written bare in YAML)",
                    }
                )
    return choices


def _values(q: shapes.Question, choices: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The schema of a question's answer by its type, and the sentence that says it."""
    return of(q).answer_schema(q, choices)


def _uncertain(q: shapes.Question, value: dict[str, Any]) -> list[dict[str, Any]]:
    """An uncertain answer (docs/uncertainty.md): a range for a number, one_of for a single
    choice; a multiple choice takes neither."""
    found = of(q).uncertain_schema(q, value)
    if found is None:
        return []
    key, items = found
    return [
        {
            "type": "object",
            "description": "Not sure: an uncertain answer (docs/uncertainty.md).",
            "properties": {key: items},
            "required": [key],
            "additionalProperties": False,
        }
    ]
