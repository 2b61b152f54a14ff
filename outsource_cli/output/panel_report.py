"""A stakeholder panel as a page for a board paper: Markdown and HTML (``outsource panel
--format markdown|html``). Both say the same, in the same order: the panel decision, each
respondent on their own answers, the disagreements that change the outcome, where the panel
differs (every answer in full), what everyone agrees on, and the rules.

Every name and text from a file goes through the format's escaper (``md``, ``h``); the HTML
page has the decision report's stylesheet, for the screen and for print (``html.py``).
"""

from __future__ import annotations

from outsource_cli import __version__
from outsource_cli.decision.panel import Panel, PanelAnswer
from outsource_cli.output.amounts import count
from outsource_cli.output.html import h, page_head
from outsource_cli.output.markdown import md
from outsource_cli.output.panel_words import (
    NONE,
    RULES,
    agreed_lines,
    alone_line,
    disagreement_sentence,
    disputed,
    short,
    spread_text,
)
from outsource_cli.output.report import (
    gate_effect,
    headline,
    question_name,
    score_line,
    status_lines,
)
from outsource_cli.questionnaire.catalog import Catalog

NO_DISAGREEMENT = "None: no respondent's answer alone would change the panel's outcome."
NO_ANSWER = f"{NONE}: no answer from that respondent; the panel uses the others'."

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
        "| Respondent | Outcome on their own answers |",
        "| --- | --- |",
        *(f"| {md(n)} | {md(o)} |" for n, o in alone_line(catalog, panel)),
        "",
        "## Disagreements that change the outcome",
        "",
        *_md_disagreements(panel, catalog),
        *_md_differs(panel, catalog),
        "",
        f"## Everyone agrees ({count(len(panel.agreed), 'question')})",
        "",
        *(f"- {md(q)} *{md(a)}*" for q, a in agreed_lines(catalog, panel)),
        "",
        "## How the panel answer is found",
        "",
        *(f"- {md(r)}" for r in RULES),
    ]
    return "\n".join(lines) + "\n"


def _md_disagreements(panel: Panel, catalog: Catalog) -> list[str]:
    cur = panel.decision.currency
    if not panel.disagreements:
        return [NO_DISAGREEMENT]
    return [f"- {md(disagreement_sentence(catalog, x, cur))}" for x in panel.disagreements]


def _md_differs(panel: Panel, catalog: Catalog) -> list[str]:
    """Where the panel differs: a table of every respondent's answer, the panel's, the
    spread."""
    rows = disputed(panel)
    lines = ["", f"## Where the panel differs ({count(len(rows), 'question')})", ""]
    if not rows:
        return lines
    names = [md(r.name) for r in panel.respondents]
    lines.append("| Question | " + " | ".join(names) + " | Panel | Spread |")
    lines.append("| --- | " + " | ".join("---" for _ in names) + " | --- | --- |")
    for p in rows:
        cells = [md(c) for c in _answers(catalog, panel, p)]
        lines.append(
            f"| {md(question_name(catalog, p.question))} | "
            + " | ".join(cells[:-2])
            + f" | **{cells[-2]}** | {cells[-1]} |"
        )
    return [*lines, "", NO_ANSWER]


def _answers(catalog: Catalog, panel: Panel, p: PanelAnswer) -> list[str]:
    """A question's row where the panel differs: each respondent's answer in full, the
    panel's answer, the spread."""
    cur = panel.decision.currency
    return [
        *(short(catalog, p.question, v, full=True, currency=cur) for v in p.answers),
        short(catalog, p.question, p.panel, full=True, currency=cur),
        spread_text(catalog, p, cur),
    ]


# ---------------------------------------------------------------- HTML


def html(panel: Panel, catalog: Catalog, date: str) -> str:
    d = panel.decision
    title = f"Panel recommendation: {panel.function or 'the function'}"
    names = [r.name for r in panel.respondents]
    out = [
        *page_head(title),
        f"<h1>{h(title)}</h1>",
        f'<p class="meta">Prepared {h(date)} with outsource-cli {__version__} from the answers '
        f"of {', '.join(h(n) for n in names)}.</p>",
        f'<div class="headline {d.outcome}" id="recommendation">{h(headline(d))}</div>',
        f"<p>{h(score_line(d, catalog))}.</p>",
        '<ul id="status">'
        + "".join(f"<li>{h(x)}</li>" for x in status_lines(d, catalog))
        + "".join(f"<li>{h(g.title)} ({h(gate_effect(g))}).</li>" for g in d.gates)
        + "</ul>",
        '<h2>Each respondent on their own answers</h2><table id="alone">'
        "<thead><tr><th>Respondent</th><th>Outcome on their own answers</th></tr></thead><tbody>",
        *(f"<tr><td>{h(n)}</td><td>{h(o)}</td></tr>" for n, o in alone_line(catalog, panel)),
        "</tbody></table>",
        '<h2 id="disagreements">Disagreements that change the outcome</h2>',
        _html_disagreements(panel, catalog),
        *_html_differs(panel, catalog),
        f"<h2>Everyone agrees ({count(len(panel.agreed), 'question')})</h2><ul>",
        *(f"<li>{h(q)} <em>{h(a)}</em></li>" for q, a in agreed_lines(catalog, panel)),
        "</ul>",
        "<h2>How the panel answer is found</h2><ul>",
        *(f"<li>{h(r)}</li>" for r in RULES),
        "</ul></body></html>",
    ]
    return "\n".join(out) + "\n"


def _html_disagreements(panel: Panel, catalog: Catalog) -> str:
    cur = panel.decision.currency
    if not panel.disagreements:
        return f"<p>{NO_DISAGREEMENT}</p>"
    items = (f"<li>{h(disagreement_sentence(catalog, x, cur))}</li>" for x in panel.disagreements)
    return "<ul>" + "".join(items) + "</ul>"


def _html_differs(panel: Panel, catalog: Catalog) -> list[str]:
    rows = disputed(panel)
    out = [f"<h2>Where the panel differs ({count(len(rows), 'question')})</h2>"]
    if not rows:
        return out
    out.append(
        '<table id="answers"><thead><tr><th>Question</th>'
        + "".join(f"<th>{h(r.name)}</th>" for r in panel.respondents)
        + "<th>Panel</th><th>Spread</th></tr></thead><tbody>"
    )
    for p in rows:
        cells = [h(c) for c in _answers(catalog, panel, p)]
        out.append(
            f"<tr><td>{h(question_name(catalog, p.question))}</td>"
            + "".join(f"<td>{c}</td>" for c in cells[:-2])
            + f"<td><strong>{cells[-2]}</strong></td><td>{cells[-1]}</td></tr>"
        )
    out.append(f"</tbody></table><p>{NO_ANSWER}</p>")
    return out
