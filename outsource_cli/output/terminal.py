"""Rendering a decision (and lists) for a person at a terminal, with rich.

Every piece of text that comes from a file goes through :func:`clean` and into
``rich.text.Text`` objects, so neither escape sequences nor rich markup in a question set
can change what the terminal shows.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.portfolio import Portfolio, Row
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output.console import (
    emit,
    hanging,
    make_console,
    outcome_text,
    plain_text,
)
from outsource_cli.output.portfolio import case_cell, flag_words, top_reason
from outsource_cli.output.short_answer import short_renderable
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean


def decision_renderable(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
    detail: str = "full",
) -> Group:
    if detail != "full":
        return short_renderable(decision, catalog, cf, whatif)
    from outsource_cli.output import board, rich_document  # the board paper, as the reports

    return rich_document.render(board.document(decision, catalog, cf, whatif))


def print_decision(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
    console: Console | None = None,
    detail: str = "full",
) -> None:
    emit(decision_renderable(decision, catalog, cf, whatif, detail), console)


def decision_text(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
    detail: str = "full",
) -> str:
    """The terminal rendering as plain text (for --output FILE), 100 columns, no escape codes."""
    return plain_text(decision_renderable(decision, catalog, cf, whatif, detail))


def print_catalog(catalog: Catalog, console: Console | None = None) -> None:
    table = Table(
        title="Question sets",
        caption=Text(f"from {clean(catalog.directory)}"),  # a folder name is not markup
        caption_justify="left",
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    for name in ("id", "title", "questions", "weight"):
        table.add_column(name, justify="right" if name in ("questions", "weight") else "left")
    for qs in catalog.sets:
        scored = any(q.scored for q in qs.questions)
        table.add_row(
            qs.id,
            Text(clean(qs.title)),
            str(len(qs.questions)),
            f"{qs.weight:g}" if scored else "not scored",
        )
    emit(table, console)


STACK_BELOW = 110  # columns: narrower terminals get one block per function instead of a table


def print_portfolio(portfolio: Portfolio, console: Console | None = None) -> None:
    """The ranking: a table on a wide terminal; on a narrower one (or a pipe of under
    STACK_BELOW columns) one block per function, so that names and reasons wrap at word
    boundaries and keep their indent."""
    console = console or make_console()
    ranking = (
        _portfolio_table(portfolio)
        if console.width >= STACK_BELOW
        else _portfolio_blocks(portfolio)
    )
    parts: list[object] = [ranking, ""]
    if portfolio.flags:
        parts.append(Text("Concentration risk", style="bold red"))
        parts.extend(hanging("! ", clean(flag_words(f))) for f in portfolio.flags)
    else:
        parts.append(Text("No concentration risk flagged.", style="dim"))
    emit(Group(*parts), console)  # type: ignore[arg-type]


def _row_outcome(r: Row) -> Text:
    return outcome_text(r.outcome, not r.ready and r.outcome != "keep_in_house", r.recommended)


def _portfolio_title() -> Text:
    return Text("Functions ranked by outcome (then by the balance of the answers)", style="bold")


def _portfolio_table(portfolio: Portfolio) -> Table:
    longest = max((len(w) for r in portfolio.rows for w in clean(r.function).split()), default=8)
    table = Table(
        title=_portfolio_title(),
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Function", ratio=2, min_width=min(max(14, longest), 30), overflow="fold")
    table.add_column("Balance", justify="right", no_wrap=True)
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Form", no_wrap=True)
    table.add_column("Location", no_wrap=True)
    table.add_column("Robust", justify="right", no_wrap=True)
    table.add_column("Top reason", ratio=3, min_width=24, overflow="fold")
    table.add_column("Business case", ratio=2, min_width=16, overflow="fold")
    for r in portfolio.rows:
        table.add_row(
            str(r.rank),
            Text(clean(r.function)),
            f"{r.score:.1f}",
            _row_outcome(r),
            (r.form or "-").upper(),
            r.location or "-",
            f"{r.robustness:.0%}" + (" provisional" if r.provisional else ""),
            Text(clean(top_reason(r))),
            Text(clean(case_cell(r))),
        )
    return table


def _portfolio_blocks(portfolio: Portfolio) -> Table:
    """One block per function: rank and name, then the result, then the top reason; every
    wrapped line keeps the block's indent."""
    grid = Table.grid(padding=(0, 1))
    grid.title = _portfolio_title()
    grid.title_justify = "left"
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for r in portfolio.rows:
        result = Text.assemble(f"{r.score:.1f}  ", _row_outcome(r))
        held = f"survives {r.robustness:.0%} of small answer changes"
        status = "provisional" if r.provisional else ""
        for part in ((r.form or "").upper(), r.location or "", held, status):
            if part:
                result.append(f"  ·  {part}")
        reason = Text.assemble(("Top reason: ", "dim"), clean(top_reason(r)))
        case = Text.assemble(("Business case: ", "dim"), clean(case_cell(r)))
        if r.rank > 1:
            grid.add_row("", "")
        grid.add_row(
            f"{r.rank}.", Group(Text(clean(r.function), style="bold"), result, reason, case)
        )
    return grid
