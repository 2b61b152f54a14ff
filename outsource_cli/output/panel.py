"""A stakeholder panel for people: the terminal (rich), Markdown, HTML and JSON.

Every name and text from a file goes through the one neutraliser (``clean``, ``md``, ``h``).
"""

from __future__ import annotations

import re
from typing import Any

from outsource_cli import __version__
from outsource_cli.decision.panel import Disagreement, Panel, PanelAnswer
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import report
from outsource_cli.output.html import CSS, h
from outsource_cli.output.markdown import md
from outsource_cli.output.report import (
    OUTCOME,
    gate_effect,
    headline,
    question_name,
    score_line,
    status_lines,
)
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import as_data
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.text import clean, json_dumps, number, one_line

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


def column_width(texts: list[str], most: int = 10) -> int:
    """A table column's width: its longest text up to ``most`` characters, and never less
    than its longest word (so that no word is cut)."""
    longest = max(len(t) for t in texts)
    word = max(len(w) for t in texts for w in t.split() or [""])
    return max(word, min(longest, most))


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


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- JSON


def data(panel: Panel, catalog: Catalog) -> dict[str, Any]:
    names = [r.name for r in panel.respondents]
    return {
        "function": panel.function,
        "respondents": [
            {
                "name": r.name,
                "file": r.path,
                "outcome": a.outcome,
                "score": a.score,
                "recommended": a.recommended,
                "ready": a.ready,
            }
            for r, a in zip(panel.respondents, panel.alone, strict=True)
        ],
        "rules": list(RULES),
        "decision": report.data(panel.decision, None, WhatIf()),
        "disagreements": [
            {
                "question": d.question,
                "respondents": list(d.respondents),
                "answer": _plain(d.answer),
                "outcome": d.outcome,
                "score": d.score,
                "ready": d.ready,
            }
            for d in panel.disagreements
        ],
        "agreed": list(panel.agreed),
        "questions": [
            {
                "question": p.question,
                "answers": {n: _plain(v) for n, v in zip(names, p.answers, strict=True)},
                "panel": _plain(p.panel),
                "rule": RULE_WORDS[p.rule],
                "spread": p.spread,
                "agreed": p.agreed,
            }
            for p in panel.questions
        ],
        "record": as_data(catalog.fingerprint),
    }


def _plain(value: AnswerValue | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def as_json(panel: Panel, catalog: Catalog) -> str:
    return json_dumps(data(panel, catalog)) + "\n"


# ---------------------------------------------------------------- Markdown


def markdown(panel: Panel, catalog: Catalog, date: str) -> str:
    d = panel.decision
    cur = d.currency
    name = md(panel.function) if panel.function else "the function"
    names = [r.name for r in panel.respondents]
    lines = [
        f"# Panel recommendation: {name}",
        "",
        f"*Prepared {date} with outsource-cli {__version__} from the answers of "
        f"{', '.join(md(n) for n in names)}.*",
        "",
        f"**{md(headline(d))}**",
        "",
        md(score_line(d, catalog)) + ".",
        "",
        *(f"- {md(x)}" for x in status_lines(d, catalog)),
        *(f"- {md(g.title)} ({md(gate_effect(g))})." for g in d.gates),
        "",
        "## Each respondent on their own answers",
        "",
        "| Respondent | Outcome on their own answers |",
        "| --- | --- |",
        *(f"| {md(n)} | {md(o)} |" for n, o in alone_line(catalog, panel)),
        "",
        "## Disagreements that change the outcome",
        "",
    ]
    if panel.disagreements:
        lines += [f"- {md(disagreement_sentence(catalog, x, cur))}" for x in panel.disagreements]
    else:
        lines.append("None: no respondent's answer alone would change the panel's outcome.")
    rows = disputed(panel)
    lines += ["", f"## Where the panel differs ({_count(len(rows), 'question')})", ""]
    if rows:
        lines.append("| Question | " + " | ".join(md(n) for n in names) + " | Panel | Spread |")
        lines.append("| --- | " + " | ".join("---" for _ in names) + " | --- | --- |")
    for p in rows:
        cells = [md(short(catalog, p.question, v, full=True, currency=cur)) for v in p.answers]
        panel_answer = md(short(catalog, p.question, p.panel, full=True, currency=cur))
        lines.append(
            f"| {md(question_name(catalog, p.question))} | "
            + " | ".join(cells)
            + f" | **{panel_answer}** | {md(spread_text(catalog, p, cur))} |"
        )
    if rows:
        lines += ["", f"{NONE}: no answer from that respondent; the panel uses the others'."]
    lines += ["", f"## Everyone agrees ({_count(len(panel.agreed), 'question')})", ""]
    lines += [f"- {md(q)} *{md(a)}*" for q, a in agreed_lines(catalog, panel)]
    lines += ["", "## How the panel answer is found", ""]
    lines += [f"- {md(r)}" for r in RULES]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML


def html(panel: Panel, catalog: Catalog, date: str) -> str:
    d = panel.decision
    cur = d.currency
    name = h(panel.function) if panel.function else "the function"
    names = [r.name for r in panel.respondents]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Panel recommendation: {name}</title><style>{CSS}"
        "td.agree{color:#5b6475}</style></head><body>",
        f"<h1>Panel recommendation: {name}</h1>",
        f'<p class="meta">Prepared {h(date)} with outsource-cli {__version__} from the answers '
        f"of {', '.join(h(n) for n in names)}.</p>",
        f'<div class="headline {d.outcome}" id="recommendation">{h(headline(d))}</div>',
        f"<p>{h(score_line(d, catalog))}.</p>",
        '<ul id="status">'
        + "".join(f"<li>{h(x)}</li>" for x in status_lines(d, catalog))
        + "".join(f"<li>{h(g.title)} ({h(gate_effect(g))}).</li>" for g in d.gates)
        + "</ul>",
        '<h2>Each respondent on their own answers</h2><table id="alone">'
        "<tr><th>Respondent</th><th>Outcome on their own answers</th></tr>",
        *(f"<tr><td>{h(n)}</td><td>{h(o)}</td></tr>" for n, o in alone_line(catalog, panel)),
        "</table>",
        '<h2 id="disagreements">Disagreements that change the outcome</h2>',
    ]
    if panel.disagreements:
        out.append(
            "<ul>"
            + "".join(
                f"<li>{h(disagreement_sentence(catalog, x, cur))}</li>" for x in panel.disagreements
            )
            + "</ul>"
        )
    else:
        out.append("<p>None: no respondent's answer alone would change the panel's outcome.</p>")
    rows = disputed(panel)
    out.append(f"<h2>Where the panel differs ({_count(len(rows), 'question')})</h2>")
    if rows:
        out.append(
            '<table id="answers"><tr><th>Question</th>'
            + "".join(f"<th>{h(n)}</th>" for n in names)
            + "<th>Panel</th><th>Spread</th></tr>"
        )
        for p in rows:
            out.append(
                f"<tr><td>{h(question_name(catalog, p.question))}</td>"
                + "".join(
                    f"<td>{h(short(catalog, p.question, v, full=True, currency=cur))}</td>"
                    for v in p.answers
                )
                + f"<td><strong>{h(short(catalog, p.question, p.panel, full=True, currency=cur))}</strong></td>"
                f"<td>{h(spread_text(catalog, p, cur))}</td></tr>"
            )
        out.append(
            f"</table><p>{NONE}: no answer from that respondent; the panel uses the others'.</p>"
        )
    out.append(f"<h2>Everyone agrees ({_count(len(panel.agreed), 'question')})</h2><ul>")
    out += [f"<li>{h(q)} <em>{h(a)}</em></li>" for q, a in agreed_lines(catalog, panel)]
    out.append("</ul>")
    out.append("<h2>How the panel answer is found</h2><ul>")
    out += [f"<li>{h(r)}</li>" for r in RULES]
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- terminal


def renderable(panel: Panel, catalog: Catalog, width: int) -> object:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel as Box
    from rich.table import Table
    from rich.text import Text

    from outsource_cli.output.terminal import OUTCOME_STYLES, OUTCOME_TITLES

    d = panel.decision
    cur = d.currency
    names = [clean(r.name) for r in panel.respondents]
    title = (
        f"Panel of {len(names)}: {clean(panel.function)}"
        if panel.function
        else (f"Panel of {len(names)}")
    )
    if not d.recommended:  # nothing scored: no outcome to show (see report.headline)
        head = Text(headline(d).upper(), style="bold red")
    else:
        head = Text(OUTCOME_TITLES[d.outcome], style=OUTCOME_STYLES[d.outcome])
        rest = headline(d).split(" · ", 1)
        if len(rest) > 1:
            head.append("  ·  " + rest[1].replace(" · ", "  ·  "))
    parts: list[object] = [
        Box(
            Group(head, Text(score_line(d, catalog))),
            title=Text(title, style="bold"),
            title_align="left",
        ),
        Text("Each on their own answers", style="bold"),
    ]
    alone = Table.grid(padding=(0, 2))
    for n, o in alone_line(catalog, panel):
        alone.add_row(Text(clean(n)), Text(o))
    parts += [Padding(alone, (0, 0, 0, 2)), ""]
    parts.append(Text("Disagreements that change the outcome", style="bold"))
    if panel.disagreements:
        bullets = Table.grid(padding=(0, 1))
        for x in panel.disagreements:
            bullets.add_row("•", Text(clean(disagreement_sentence(catalog, x, cur))))
        parts.append(Padding(bullets, (0, 0, 0, 2)))
    else:
        parts.append(Padding(Text("None: no one's answer alone would change it."), (0, 0, 0, 2)))
    parts.append("")
    rows = disputed(panel)
    parts.append(
        Text(
            f"Where the panel differs ({len(rows)} question{'' if len(rows) == 1 else 's'})",
            style="bold",
        )
    )
    heads = [*names, "Panel", "Spread"]
    cells = [
        [
            *(clean(short(catalog, p.question, v, currency=cur)) for v in p.answers),
            clean(short(catalog, p.question, p.panel, currency=cur)),
            clean(spread_text(catalog, p, cur)),
        ]
        for p in rows
    ]
    widths = [column_width([label, *(c[i] for c in cells)]) for i, label in enumerate(heads)]
    asked = [clean(question_name(catalog, p.question)) for p in rows]
    room = width - sum(widths) - 2 * len(widths)  # two spaces between columns
    if rows and room >= max(20, *(len(w) for q in asked for w in q.split())):
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("Question", width=room)
        for i, (header, w) in enumerate(zip(heads, widths, strict=True)):
            table.add_column(header, width=w, style="bold" if i == len(names) else "")
        for question, row in zip(asked, cells, strict=True):
            table.add_row(Text(question), *(Text(c) for c in row))
        parts.append(table)
    else:  # too narrow for a column each: a block per question
        for p in rows:
            parts.append(Padding(Text(clean(question_name(catalog, p.question))), (0, 0, 0, 2)))
            said = " · ".join(
                f"{n}: {clean(short(catalog, p.question, v, currency=cur))}"
                for n, v in zip(names, p.answers, strict=True)
            )
            parts.append(
                Padding(
                    Text(
                        f"{said} → panel: {clean(short(catalog, p.question, p.panel, currency=cur))} "
                        f"(spread {clean(spread_text(catalog, p, cur))})"
                    ),
                    (0, 0, 0, 4),
                )
            )
    parts.append("")
    parts.append(
        Text(
            f"Everyone agrees on {len(panel.agreed)} of the {answered_by_someone(panel)} "
            f"questions answered ({NONE}: no answer from that respondent; the panel uses the "
            "others')."
        )
    )
    parts.append(
        Text(
            "Panel answer: the median of ordered answers, the most frequent choice, options "
            "ticked by more than half; a tie takes the answer least favourable to "
            "outsourcing. Everything: --format markdown or html.",
            style="dim",
        )
    )
    return Group(*parts)  # type: ignore[arg-type]


def print_panel(panel: Panel, catalog: Catalog) -> None:
    from outsource_cli.output.terminal import emit, make_console

    console = make_console()
    emit(renderable(panel, catalog, console.width), console)


def text(panel: Panel, catalog: Catalog) -> str:
    """The terminal rendering as plain text (for --output FILE), 100 columns."""
    import io

    from rich.console import Console

    from outsource_cli.output.terminal import emit

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, highlight=False, soft_wrap=False)
    emit(renderable(panel, catalog, 100), console)
    return buffer.getvalue()
