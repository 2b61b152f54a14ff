"""A stakeholder panel as JSON (``outsource panel --format json``): each respondent with the
outcome of their own answers, the panel decision, the disagreements that change it, every
question's answers side by side, and the rules in words."""

from __future__ import annotations

from typing import Any

from outsource_cli.decision.panel import Panel
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import report
from outsource_cli.output.panel_words import RULE_WORDS, RULES
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.record import as_data
from outsource_cli.text import json_dumps


def data(panel: Panel, catalog: Catalog) -> dict[str, Any]:
    return {
        "function": panel.function,
        "respondents": _respondents(panel),
        "rules": list(RULES),
        "decision": report.data(panel.decision, None, WhatIf()),
        "disagreements": _disagreements(panel),
        "agreed": list(panel.agreed),
        "questions": _questions(panel),
        "record": as_data(catalog.fingerprint),
    }


def as_json(panel: Panel, catalog: Catalog) -> str:
    return json_dumps(data(panel, catalog)) + "\n"


def _respondents(panel: Panel) -> list[dict[str, Any]]:
    return [
        {
            "name": r.name,
            "file": r.path,
            "outcome": a.outcome,
            "score": a.score,
            "recommended": a.recommended,
            "ready": a.ready,
        }
        for r, a in zip(panel.respondents, panel.alone, strict=True)
    ]


def _disagreements(panel: Panel) -> list[dict[str, Any]]:
    return [
        {
            "question": d.question,
            "respondents": list(d.respondents),
            "answer": report.plain_value(d.answer),
            "outcome": d.outcome,
            "score": d.score,
            "ready": d.ready,
        }
        for d in panel.disagreements
    ]


def _questions(panel: Panel) -> list[dict[str, Any]]:
    names = [r.name for r in panel.respondents]
    return [
        {
            "question": p.question,
            "answers": {n: report.plain_value(v) for n, v in zip(names, p.answers, strict=True)},
            "panel": report.plain_value(p.panel),
            "rule": RULE_WORDS[p.rule],
            "spread": p.spread,
            "agreed": p.agreed,
        }
        for p in panel.questions
    ]
