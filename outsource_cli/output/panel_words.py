"""A stakeholder panel in words, the same in every format (terminal, Markdown, HTML,
JSON): an answer in a table cell, the spread, the disagreements as sentences, each
respondent's own outcome, the rules by which the panel answer is found.

Every text here is plain: each format escapes it (``clean``, ``md``, ``h``).
"""

from __future__ import annotations

import re

from outsource_cli.decision.panel import Disagreement, Panel, PanelAnswer
from outsource_cli.output import report
from outsource_cli.output.report import OUTCOME, question_name
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.text import number, one_line

NONE = "—"  # no answer from this respondent: not answered, not sure, or not asked
RULES = (
    "Ordered answers (numbers, 1-5 scales, yes/no, choices whose options are scored): the "
    "median of the answers given; with an even number of answers the two middle answers tie.",
    "Unordered choices: the answer given most often; the most frequent answers may tie.",
    "Multiple choice: an option counts when more than half of those who answered ticked it; "
    "one ticked by exactly half makes a tie (it counts or not).",
    "Ties are settled together and conservatively: of all the combinations of tied answers, "
    "the one whose decision is least favourable to outsourcing (the outcome less far "
    "towards outsourcing, then once ready before ready, then the lower balance of the "
    "answers, then the more gates and mitigations whose condition holds, then, question by question in asking order, the lower answer, the "
    "option listed first, or the fewer options ticked). The order of the respondents never "
    "matters; they are listed by name.",
    f"A respondent who did not answer a question ({NONE}) is left out of it: the panel uses "
    "the others' answers.",
)


RULE_WORDS = {  # each of decision.panel.RULES
    "majority": "options ticked by more than half",
    "majority_split": "options ticked by more than half; options ticked by half settled "
    "conservatively",
    "median": "median",
    "median_even": "median of an even panel: the more conservative middle answer",
    "most_frequent": "most frequent",
    "most_frequent_tie": "most frequent, tie settled conservatively",
    "no_answer": "no answer: nobody answered it",
}


def short(
    catalog: Catalog,
    qid: str,
    value: AnswerValue | None,
    *,
    full: bool = False,
    currency: str | None = None,
) -> str:
    """An answer in a table cell: the option's label (``full``, or shortened: see
    :func:`brief`), a number (an amount with its ``currency``, when one is named), or the
    labels of the options ticked."""
    if value is None:
        return NONE
    q = catalog.questions[qid]
    if currency and q.unit.strip() == "thousand":
        return report.shown_answer(q, value, currency)
    if q.options:
        items = value if isinstance(value, tuple) else (value,)
        labels = [
            o.label if full else brief(q, o.label)
            for o in q.options
            if any(type(o.value) is type(v) and o.value == v for v in items)
        ]
        if labels or isinstance(value, tuple):
            return one_line(", ".join(labels) or "none")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value)
    return one_line(str(value))


def brief(q: Question, label: str) -> str:
    """An option's label shortened for a table cell: the words before its first colon,
    bracket or comma ("Critical: a failure stops revenue…" → "Critical"), unless that would
    make two of the question's options read alike (then the whole label)."""

    def cut(text: str) -> str:
        return re.split(r":|\s\(|,\s", text, maxsplit=1)[0].strip() or text

    cuts = [cut(o.label).casefold() for o in q.options]
    mine = cut(label)
    return mine if cuts.count(mine.casefold()) == 1 else label


def spread_text(catalog: Catalog, p: PanelAnswer, currency: str | None = None) -> str:
    q = catalog.questions[p.question]
    if p.spread == 0:
        return "agree" if p.agreed else "0"
    n = p.spread
    if currency and q.unit.strip() == "thousand":
        return report.shown_answer(q, n, currency)
    kind = of(q).spread_kind(q)
    if kind == "amount":
        return f"{number(n)} {one_line(q.unit)}".strip()
    if kind == "points":
        return f"{n:g} point{'' if n == 1 else 's'}"
    if kind == "options":
        return f"{n:g} option{'' if n == 1 else 's'}"
    if kind == "answers":
        return f"{n + 1:g} answers"
    return f"{n:g} step{'' if n == 1 else 's'}"


def _possessive(names: tuple[str, ...]) -> str:
    named = [f"{n}’s" for n in names]
    if len(named) == 1:
        return f"The {named[0]}" if names[0].isupper() else named[0]
    return ", ".join(named[:-1]) + f" and {named[-1]}"


def said(outcome: str, ready: bool) -> str:
    """ "hybrid", "outsource once ready": the outcome as the headline says it."""
    return OUTCOME[outcome].lower() + ("" if ready else " once ready")


def disagreement_sentence(catalog: Catalog, d: Disagreement, currency: str | None = None) -> str:
    """“The CIO’s answer to “Is there an exit plan?” (No) alone makes it outsource once
    ready.” (no score: the balance of the answers never decides the outcome)"""
    who = _possessive(d.respondents)
    each = "answer" if len(d.respondents) == 1 else "shared answer"
    answer = report.shown_answer(catalog.questions[d.question], d.answer, currency)
    return (
        f"{who} {each} to “{question_name(catalog, d.question)}” ({answer}) alone makes it "
        f"{said(d.outcome, d.ready)}."
    )


ALONE_UNSETTLED = "No recommendation yet: their answers do not settle the stages"


def alone_line(catalog: Catalog, panel: Panel) -> list[tuple[str, str]]:
    """Each respondent with the outcome of their own answers ("Hybrid", "Outsource once
    ready"), or no recommendation yet when their answers do not settle the stages."""
    lines = []
    for a in panel.alone:
        if not a.recommended:
            lines.append((a.respondent, ALONE_UNSETTLED))
            continue
        text = said(a.outcome, a.ready)
        lines.append((a.respondent, text[:1].upper() + text[1:]))
    return lines


def disputed(panel: Panel) -> list[PanelAnswer]:
    """The questions the respondents answered differently (or some did not answer): not those
    that nobody answered (everyone was not sure), where there is nothing to differ on."""
    return [p for p in panel.questions if not p.agreed and _someone_answered(p)]


def answered_by_someone(panel: Panel) -> int:
    return sum(1 for p in panel.questions if _someone_answered(p))


def _someone_answered(p: PanelAnswer) -> bool:
    return any(v is not None for v in p.answers)


def agreed_lines(catalog: Catalog, panel: Panel) -> list[tuple[str, str]]:
    """Each question everyone agrees on, with the answer as a person reads it."""
    return [
        (
            question_name(catalog, p.question),
            report.shown_answer(catalog.questions[p.question], p.panel, panel.decision.currency),
        )
        for p in panel.questions
        if p.agreed
    ]
