"""A stakeholder panel for people: the terminal (rich), Markdown, HTML and JSON.

Every name and text from a file goes through the one neutraliser (``clean``, ``md``, ``h``).
"""

from __future__ import annotations

from typing import Any

from outsource_cli import __version__
from outsource_cli.decision.panel import Disagreement, Panel, PanelAnswer
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import report
from outsource_cli.output.report import (
    CSS,
    OUTCOME,
    gate_effect,
    h,
    headline,
    md,
    question_name,
    score_line,
    status_lines,
)
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import as_data
from outsource_cli.text import clean, json_dumps, number, one_line

NONE = "—"  # no answer from this respondent: not answered, not sure, or not asked
RULES = (
    "Ordered answers (numbers, 1-5 scales, yes/no, choices whose options are scored): the "
    "median of the answers given; with an even number of answers, of the two middle answers "
    "the one that gives the more conservative panel decision (less far towards outsourcing).",
    "Unordered choices: the answer given most often; a tie settled the same conservative way.",
    "Multiple choice: an option counts when more than half of those who answered ticked it; "
    "one ticked by exactly half counts or not, whichever is more conservative.",
    f"A respondent who did not answer a question ({NONE}) is left out of it: the panel uses "
    "the others' answers.",
)


def short(catalog: Catalog, qid: str, value: AnswerValue | None) -> str:
    """An answer in a table cell: the option's value (short), a number, yes or no."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if isinstance(value, int | float):
        return number(value)
    return one_line(str(value))


def spread_text(catalog: Catalog, p: PanelAnswer) -> str:
    q = catalog.questions[p.question]
    if p.spread == 0:
        return "agree" if p.agreed else "0"
    n = p.spread
    if q.type == "number":
        return f"{number(n)} {one_line(q.unit)}".strip()
    if q.type == "scale":
        return f"{n:g} point{'' if n == 1 else 's'}"
    if q.type == "multi":
        return f"{n:g} option{'' if n == 1 else 's'}"
    if q.type == "single" and not any(o.score is not None for o in q.options):
        return f"{n + 1:g} answers"
    return f"{n:g} step{'' if n == 1 else 's'}"


def _possessive(names: tuple[str, ...]) -> str:
    named = [f"{n}’s" for n in names]
    if len(named) == 1:
        return f"The {named[0]}" if names[0].isupper() else named[0]
    return ", ".join(named[:-1]) + f" and {named[-1]}"


def disagreement_sentence(catalog: Catalog, d: Disagreement) -> str:
    """“The CIO’s answer to “Is there an exit plan?” (No) alone makes it hybrid (score 61.2).”"""
    who = _possessive(d.respondents)
    each = "answer" if len(d.respondents) == 1 else "shared answer"
    answer = display(catalog.questions[d.question], d.answer)
    return (
        f"{who} {each} to “{question_name(catalog, d.question)}” ({answer}) alone makes it "
        f"{OUTCOME[d.outcome].lower()} (score {report.number(d.score)})."
    )


def alone_line(catalog: Catalog, panel: Panel) -> list[tuple[str, str, str]]:
    return [(a.respondent, OUTCOME[a.outcome], report.number(a.score)) for a in panel.alone]


def disputed(panel: Panel) -> list[PanelAnswer]:
    return [p for p in panel.questions if not p.agreed]


def agreed_lines(catalog: Catalog, panel: Panel) -> list[tuple[str, str]]:
    """Each question everyone agrees on, with the answer as a person reads it."""
    return [
        (question_name(catalog, p.question), display(catalog.questions[p.question], p.panel))
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
            {"name": r.name, "file": r.path, "outcome": a.outcome, "score": a.score}
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
            }
            for d in panel.disagreements
        ],
        "agreed": list(panel.agreed),
        "questions": [
            {
                "question": p.question,
                "answers": {n: _plain(v) for n, v in zip(names, p.answers, strict=True)},
                "panel": _plain(p.panel),
                "rule": p.rule,
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
        "| Respondent | Outcome | Score |",
        "| --- | --- | ---: |",
        *(f"| {md(n)} | {o} | {s} |" for n, o, s in alone_line(catalog, panel)),
        "",
        "## Disagreements that change the outcome",
        "",
    ]
    if panel.disagreements:
        lines += [f"- {md(disagreement_sentence(catalog, x))}" for x in panel.disagreements]
    else:
        lines.append("None: no respondent's answer alone would change the panel's outcome.")
    rows = disputed(panel)
    lines += ["", f"## Where the panel differs ({_count(len(rows), 'question')})", ""]
    if rows:
        lines.append("| Question | " + " | ".join(md(n) for n in names) + " | Panel | Spread |")
        lines.append("| --- | " + " | ".join("---" for _ in names) + " | --- | --- |")
    for p in rows:
        cells = [md(short(catalog, p.question, v)) for v in p.answers]
        lines.append(
            f"| {md(question_name(catalog, p.question))} | "
            + " | ".join(cells)
            + f" | **{md(short(catalog, p.question, p.panel))}** | {md(spread_text(catalog, p))} |"
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
        "<tr><th>Respondent</th><th>Outcome</th><th>Score</th></tr>",
        *(
            f'<tr><td>{h(n)}</td><td>{h(o)}</td><td class="num">{s}</td></tr>'
            for n, o, s in alone_line(catalog, panel)
        ),
        "</table>",
        '<h2 id="disagreements">Disagreements that change the outcome</h2>',
    ]
    if panel.disagreements:
        out.append(
            "<ul>"
            + "".join(
                f"<li>{h(disagreement_sentence(catalog, x))}</li>" for x in panel.disagreements
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
                + "".join(f"<td>{h(short(catalog, p.question, v))}</td>" for v in p.answers)
                + f"<td><strong>{h(short(catalog, p.question, p.panel))}</strong></td>"
                f"<td>{h(spread_text(catalog, p))}</td></tr>"
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
    names = [clean(r.name) for r in panel.respondents]
    title = (
        f"Panel of {len(names)}: {clean(panel.function)}"
        if panel.function
        else (f"Panel of {len(names)}")
    )
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
    for n, o, s in alone_line(catalog, panel):
        alone.add_row(Text(clean(n)), Text(o), Text(s, justify="right"))
    parts += [Padding(alone, (0, 0, 0, 2)), ""]
    parts.append(Text("Disagreements that change the outcome", style="bold"))
    if panel.disagreements:
        bullets = Table.grid(padding=(0, 1))
        for x in panel.disagreements:
            bullets.add_row("•", Text(clean(disagreement_sentence(catalog, x))))
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
    if width >= 24 + 11 * (len(names) + 2):
        table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
        table.add_column("Question", ratio=1, min_width=20, overflow="fold")
        for n in names:
            table.add_column(n, overflow="fold", max_width=14)
        table.add_column("Panel", overflow="fold", style="bold", max_width=14)
        table.add_column("Spread", overflow="fold", max_width=12)
        for p in rows:
            table.add_row(
                Text(clean(question_name(catalog, p.question))),
                *(Text(clean(short(catalog, p.question, v))) for v in p.answers),
                Text(clean(short(catalog, p.question, p.panel))),
                Text(clean(spread_text(catalog, p))),
            )
        parts.append(table)
    else:  # too narrow for a column each: a block per question
        for p in rows:
            parts.append(Padding(Text(clean(question_name(catalog, p.question))), (0, 0, 0, 2)))
            said = " · ".join(
                f"{n}: {clean(short(catalog, p.question, v))}"
                for n, v in zip(names, p.answers, strict=True)
            )
            parts.append(
                Padding(
                    Text(
                        f"{said} → panel: {clean(short(catalog, p.question, p.panel))} "
                        f"(spread {clean(spread_text(catalog, p))})"
                    ),
                    (0, 0, 0, 4),
                )
            )
    parts.append("")
    parts.append(
        Text(
            f"Everyone agrees on {len(panel.agreed)} of the {len(panel.questions)} questions "
            f"answered ({NONE}: no answer from that respondent; the panel uses the others')."
        )
    )
    parts.append(
        Text(
            "Panel answer: the median of ordered answers (an even split takes the more "
            "conservative middle answer), the most frequent choice, options ticked by more "
            "than half. Everything: --format markdown or html.",
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
