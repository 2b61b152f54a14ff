"""A stakeholder panel on the terminal, with rich (and as plain text for ``--output``): the
panel decision, each respondent on their own answers, the disagreements that change the
outcome, where the panel differs (a table, or a block per question when the terminal is too
narrow for a column each), and how many questions everyone agrees on.

The other formats: ``panel_report.py`` (Markdown, HTML), ``panel_data.py`` (JSON); the words
they share: ``panel_words.py``. Every name and text from a file goes through ``clean`` and
into ``rich.text.Text``, so no markup or escape sequence in a file changes what is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from outsource_cli.decision.panel import Panel, PanelAnswer
from outsource_cli.output.panel_words import (
    NONE,
    alone_line,
    answered_by_someone,
    disagreement_sentence,
    disputed,
    short,
    spread_text,
)
from outsource_cli.output.report import headline, question_name, score_line
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean

if TYPE_CHECKING:
    from rich.table import Table

HOW = (
    "Panel answer: the median of ordered answers, the most frequent choice, options ticked by "
    "more than half; a tie takes the answer least favourable to outsourcing. Everything: "
    "--format markdown or html."
)


def renderable(panel: Panel, catalog: Catalog, width: int) -> object:
    from rich.console import Group
    from rich.text import Text

    rows = disputed(panel)
    s = "" if len(rows) == 1 else "s"
    parts: list[object] = [
        _head(panel, catalog),
        Text("Each on their own answers", style="bold"),
        *_alone(panel, catalog),
        "",
        Text("Disagreements that change the outcome", style="bold"),
        _disagreements(panel, catalog),
        "",
        Text(f"Where the panel differs ({len(rows)} question{s})", style="bold"),
        *_differs(panel, catalog, rows, width),
        "",
        Text(
            f"Everyone agrees on {len(panel.agreed)} of the {answered_by_someone(panel)} "
            f"questions answered ({NONE}: no answer from that respondent; the panel uses the "
            "others')."
        ),
        Text(HOW, style="dim"),
    ]
    return Group(*parts)  # type: ignore[arg-type]


def print_panel(panel: Panel, catalog: Catalog) -> None:
    from outsource_cli.output.console import emit, make_console

    console = make_console()
    emit(renderable(panel, catalog, console.width), console)


def text(panel: Panel, catalog: Catalog) -> str:
    """The terminal rendering as plain text (for --output FILE), 100 columns."""
    from outsource_cli.output.console import plain_text

    return plain_text(renderable(panel, catalog, 100), 100)


def _head(panel: Panel, catalog: Catalog) -> object:
    """The panel decision in a box titled with the panel and its function."""
    from rich.console import Group
    from rich.panel import Panel as Box
    from rich.text import Text

    from outsource_cli.output.console import OUTCOME_STYLES, OUTCOME_TITLES

    d = panel.decision
    title = f"Panel of {len(panel.respondents)}"
    if panel.function:
        title += f": {clean(panel.function)}"
    if not d.recommended:  # nothing scored: no outcome to show (see report.headline)
        head = Text(headline(d).upper(), style="bold red")
    else:
        head = Text(OUTCOME_TITLES[d.outcome], style=OUTCOME_STYLES[d.outcome])
        rest = headline(d).split(" · ", 1)
        if len(rest) > 1:
            head.append("  ·  " + rest[1].replace(" · ", "  ·  "))
    return Box(
        Group(head, Text(score_line(d, catalog))),
        title=Text(title, style="bold"),
        title_align="left",
    )


def _alone(panel: Panel, catalog: Catalog) -> list[object]:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    alone = Table.grid(padding=(0, 2))
    for n, o in alone_line(catalog, panel):
        alone.add_row(Text(clean(n)), Text(o))
    return [Padding(alone, (0, 0, 0, 2))]


def _disagreements(panel: Panel, catalog: Catalog) -> object:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    if not panel.disagreements:
        return Padding(Text("None: no one's answer alone would change it."), (0, 0, 0, 2))
    bullets = Table.grid(padding=(0, 1))
    for x in panel.disagreements:
        sentence = disagreement_sentence(catalog, x, panel.decision.currency)
        bullets.add_row("•", Text(clean(sentence)))
    return Padding(bullets, (0, 0, 0, 2))


def _differs(panel: Panel, catalog: Catalog, rows: list[PanelAnswer], width: int) -> list[object]:
    """Where the panel differs: a table with a column per respondent when the question column
    keeps room for its words, else a block per question."""
    cur = panel.decision.currency
    heads = [*(clean(r.name) for r in panel.respondents), "Panel", "Spread"]
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
        return [_differs_table(asked, heads, cells, widths, room)]
    return _differs_blocks(asked, heads, cells)  # too narrow for a column each


def column_width(texts: list[str], most: int = 10) -> int:
    """A table column's width: its longest text up to ``most`` characters, and never less
    than its longest word (so that no word is cut)."""
    longest = max(len(t) for t in texts)
    word = max(len(w) for t in texts for w in t.split() or [""])
    return max(word, min(longest, most))


def _differs_table(
    asked: list[str], heads: list[str], cells: list[list[str]], widths: list[int], room: int
) -> Table:
    """A row per question: each respondent's answer, the panel's (bold), the spread."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Question", width=room)
    panel_column = len(heads) - 2
    for i, (header, w) in enumerate(zip(heads, widths, strict=True)):
        table.add_column(header, width=w, style="bold" if i == panel_column else "")
    for question, row in zip(asked, cells, strict=True):
        table.add_row(Text(question), *(Text(c) for c in row))
    return table


def _differs_blocks(asked: list[str], heads: list[str], cells: list[list[str]]) -> list[object]:
    """A block per question: the question, then "CFO: Yes · CIO: No → panel: No (spread 1
    step)" under it."""
    from rich.padding import Padding
    from rich.text import Text

    out: list[object] = []
    for question, row in zip(asked, cells, strict=True):
        said = " · ".join(f"{n}: {c}" for n, c in zip(heads[:-2], row[:-2], strict=True))
        line = f"{said} → panel: {row[-2]} (spread {row[-1]})"
        out += [Padding(Text(question), (0, 0, 0, 2)), Padding(Text(line), (0, 0, 0, 4))]
    return out
