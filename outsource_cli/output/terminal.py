"""Rendering a decision (and lists) for a person at a terminal, with rich.

Every piece of text that comes from a file goes through :func:`clean` and into
``rich.text.Text`` objects, so neither escape sequences nor rich markup in a question set
can change what the terminal shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.portfolio import Portfolio, Row
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import business
from outsource_cli.output.report import (
    CONTRACT,
    answered_share,
    flip_sentence,
    gate_effect,
    question_name,
    score_line,
    status_lines,
)
from outsource_cli.output.stages import (
    STAGE_TITLES,
    answer_first,
    once_ready,
    short_line,
    stage_line,
)
from outsource_cli.output.uncertainty import SWING_NOTE, still_note, swing_rows, unproven_note
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean

OUTCOME_TITLES = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
OUTCOME_STYLES = {"keep_in_house": "bold cyan", "hybrid": "bold yellow", "outsource": "bold green"}


def hanging(marker: str | Text, body: str | Text, indent: int = 2) -> Table:
    """``marker`` then ``body``, with every wrapped line of the body under its first word
    (a hanging indent: a bullet's continuation lines keep their place at any width)."""
    mark = marker if isinstance(marker, Text) else Text(marker)
    grid = Table.grid(padding=0)
    grid.add_column(width=indent + mark.cell_len, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(" " * indent) + mark, body if isinstance(body, Text) else Text(body))
    return grid


def _clause(sentence: str) -> str:
    """A sentence as a clause after "because": no final full stop, a lower-case first letter
    unless the first word is an acronym ("EU")."""
    text = sentence.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def headline(decision: Decision) -> Text:
    if not decision.recommended:
        return Text("NO RECOMMENDATION YET", style="bold red")
    title = OUTCOME_TITLES[decision.outcome] + (" ONCE READY" if once_ready(decision) else "")
    text = Text(title, style=OUTCOME_STYLES[decision.outcome])
    if decision.form:
        text.append(f"  ·  {decision.form.upper()}", style="bold")
    if decision.location:
        text.append(f"  ·  {decision.location}", style="bold")
    if (
        decision.model is not None
        and decision.model.title.upper() != OUTCOME_TITLES[decision.outcome]
    ):
        text.append(f"  ·  {clean(decision.model.title)}", style="bold")
    if decision.provisional:
        text.append("  ·  PROVISIONAL", style="bold red")
    return text


def stages_table(d: Decision, catalog: Catalog, short: bool = False) -> Table:
    """The three stages, a line each (``short``: the short answer's one-line form)."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    money = business.npv_words(d.business_case, d.currency) if d.business_case is not None else None
    for stage in d.stages:
        line = short_line(d, stage, catalog) if short else stage_line(d, stage, catalog, money)
        table.add_row(STAGE_TITLES[stage.id] + " ", clean(line))
    return table


class _Boxed:
    """The recommendation's box, titled "Recommendation: NAME" when that fits its top border;
    when it does not (a border title is cut, never folded), titled "Recommendation" with the
    name as the box's first line, folded at words."""

    def __init__(self, body: Text, name: str) -> None:
        self.body, self.name = body, name

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Panel]:
        title = f"Recommendation: {self.name}" if self.name else "Recommendation"
        if cell_len(title) + 6 <= options.max_width:  # "╭─ " and " ─╮", and a cell to spare
            yield Panel(self.body, title=Text(title), title_align="left", expand=False)
            return
        body = Text.assemble((self.name, "bold"), "\n", self.body)
        yield Panel(body, title=Text("Recommendation"), title_align="left", expand=False)


def _summary(decision: Decision, catalog: Catalog, whatif: WhatIf | None) -> list[object]:
    """The recommendation's panel (headline, score, status in words) and any what-if line."""
    parts: list[object] = []
    summary = Text.assemble(
        headline(decision),
        "\n",
        clean(score_line(decision, catalog)),
        f" · {answered_share(decision)}",
    )
    for status in status_lines(decision, catalog):
        summary.append("\n")
        summary.append(clean(status), style="bold red" if status.startswith("Provisional") else "")
    parts.append(_Boxed(summary, clean(decision.function or "")))
    if whatif:
        notes = whatif.notes()
        parts.append(
            Text(
                "What-if, not the answers as given: " + clean("; ".join(notes)), style="bold yellow"
            )
        )
    return parts


SHORT_REASONS = 4
SHORT_SWINGS = 3
TORNADO_WIDTH = 24


def tornado_bar(low: float, high: float, base: float, axis: tuple[float, float]) -> str:
    """One row of the tornado: the span from ``low`` to ``high`` on ``axis``, ``┃`` at the
    headline's score."""
    width = TORNADO_WIDTH
    span = (axis[1] - axis[0]) or 1.0

    def at(x: float) -> int:
        return min(width - 1, max(0, round((x - axis[0]) / span * (width - 1))))

    cells = ["█" if at(low) <= i <= at(high) else "░" for i in range(width)]
    cells[at(base)] = "┃"
    return "".join(cells)


def tornado(d: Decision, catalog: Catalog, limit: int | None = None) -> list[object]:
    """Which uncertain answers swing the score most: text bars, widest first."""
    rows = swing_rows(d, catalog)
    notes = [n for n in (None if limit else still_note(d, catalog), unproven_note(d, catalog)) if n]
    if not rows:
        return ["", *(Text(n, style="dim") for n in notes)] if notes else []
    axis = (min(min(r.low for r in rows), d.score), max(max(r.high for r in rows), d.score))
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    shown = rows[:limit] if limit else rows
    for r in shown:
        label = Text(clean(r.question))
        label.append(f" ({clean(r.given)})", style="dim")
        table.add_row(
            f"{r.low:.1f}", tornado_bar(r.low, r.high, d.score, axis), f"{r.high:.1f}", label
        )
    parts: list[object] = [
        "",
        Text(f"What swings the score (┃ marks the headline's {d.score:g})", style="bold"),
        table,
    ]
    if len(rows) > len(shown):
        parts.append(Text(f"… {len(rows) - len(shown)} more: --detail full", style="dim"))
    parts += [Text(n, style="dim") for n in notes]
    if limit is None:
        parts.append(Text(SWING_NOTE, style="dim"))
    return parts


SHORT_ADVICE = 3


def short_renderable(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
) -> Group:
    """The short answer (the default): the recommendation, why in a few lines, what the firm
    could do, and the plan one line a step; it fits a 100x40 screen. ``--detail full`` and the
    reports have everything."""
    d = decision
    parts = _summary(d, catalog, whatif)
    if d.defaulted:
        names = "; ".join(clean(catalog.questions[q].text) for q in d.defaulted[:3])
        more = f"; and {len(d.defaulted) - 3} more" if len(d.defaulted) > 3 else ""
        parts.append(
            Text(f"Taken as suggested, with Enter ({len(d.defaulted)}): {names}{more}", style="dim")
        )
    if d.not_asked:
        parts.append(
            Text(
                f"Not asked ({len(d.not_asked)}): the result was settled without them; they "
                "would refine the business case and the plan (a step before signing that rests "
                "on one is to be checked; assess --resume FILE asks them).",
                style="dim",
            )
        )
    parts.extend(tornado(d, catalog, SHORT_SWINGS))
    parts.extend(_why(d, catalog))
    deciding = [g for g in d.gates if g.changes_outcome]
    for g in deciding:
        line = Text(clean(g.title), style="bold")
        line.append(f" ({clean(gate_effect(g))})")
        parts.append(hanging(Text("! ", style="bold red"), line, 0))
    if d.location is not None or d.model is not None:
        parts.append("")
    if d.location is not None:
        limits = [c for c in d.location_reasons if c.rule is not None]
        binding = [c for c in limits if c.value == d.location][:1]  # the one that decides
        others = len(limits) - len(binding)
        more = f"{others} more limit{'s' if others > 1 else ''}: --detail full" if others else ""
        notes = [more] if more else []
        if binding:
            why = f", because {_clause(binding[0].because)}"
            if not binding[0].certain:
                names = ", ".join(f"“{question_name(catalog, q)}”" for q in binding[0].widen)
                notes.insert(0, "assumed until answered" + (f": {names}" if names else ""))
        else:
            why = ""
            notes.insert(0, "nothing limits it")
        why += f" ({'; '.join(notes)})" if notes else ""
        parts.append(Text.assemble(("Location: ", "bold"), clean(f"{d.location}{why}")))
    if d.model is not None:
        parts.append(
            Text.assemble(
                ("Model: ", "bold"),
                clean(f"{d.model.title}. Keep: {d.model.keep} Buy: {d.model.buy}"),
            )
        )
    if d.contract is not None:
        parts.append(
            Text.assemble(
                ("Contract: ", "bold"),
                clean(
                    f"{CONTRACT.get(d.contract.type, d.contract.type)}; "
                    f"{d.contract.length[:1].lower()}{d.contract.length[1:]}"
                ),
            )
        )
    if d.business_case is not None:
        block = business.short(d.business_case, cf, d.currency, business.thresholds(catalog.policy))
        parts.append(Text.assemble(("Business case: ", "bold"), block[0]))
        parts.extend(Text(line) for line in block[1:])
    if cf is not None:
        levers = [f for f in cf.singles if f.kind == "lever"] + [
            f for f in cf.pairs if f.kind == "lever"
        ]
        facts = [f for f in cf.singles if f.kind == "fact"]
        advice, title = (
            (levers, "What you could do") if levers else (facts, "What would have to be different")
        )
        if advice:
            parts.extend(["", Text(title, style="bold")])
            parts.extend(
                hanging("• ", clean(flip_sentence(f, catalog.policy)))
                for f in advice[:SHORT_ADVICE]
            )
    if d.mitigations:  # one paragraph: the short answer fits one 100x40 screen
        parts.extend(
            [
                "",
                Text.assemble(
                    (f"Plan ({len(d.mitigations)} steps): ", "bold"),
                    clean(" · ".join(m.title for m in d.mitigations)),
                ),
            ]
        )
    parts.extend(
        [
            "",
            Text(
                "Everything (scores by set, gates, every change that would flip it, the plan's "
                "actions): --detail full, or --format html.",
                style="dim",
            ),
        ]
    )
    return Group(*parts)  # type: ignore[arg-type]


def _why(d: Decision, catalog: Catalog) -> list[object]:
    """What decided it: the questions to answer first (no recommendation yet), the three
    stages, and the steps before signing."""
    parts: list[object] = []
    if not d.recommended:
        parts.extend(["", Text(clean(answer_first(d, catalog)), style="bold")])
    parts.extend(["", Text("Why", style="bold"), stages_table(d, catalog, short=True)])
    if d.conditions:
        parts.extend(["", Text("Before you sign", style="bold")])
        parts.extend(hanging("• ", clean(c.step)) for c in d.conditions)
    return parts


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
    import io

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, highlight=False, soft_wrap=False)
    emit(decision_renderable(decision, catalog, cf, whatif, detail), console)
    return buffer.getvalue()


def emit(renderable: object, console: Console | None = None) -> None:
    """Print ``renderable``; for a file or a pipe, without the padding rich leaves at line ends."""
    console = console or make_console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


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
        parts.extend(hanging("! ", clean(f)) for f in portfolio.flags)
    else:
        parts.append(Text("No concentration risk flagged.", style="dim"))
    emit(Group(*parts), console)  # type: ignore[arg-type]


def _row_outcome(r: Row) -> Text:
    if not r.recommended:
        return Text("NO RECOMMENDATION YET", style="bold red")
    title = OUTCOME_TITLES[r.outcome]
    if not r.ready and r.outcome != "keep_in_house":
        title += " ONCE READY"
    return Text(title, style=OUTCOME_STYLES[r.outcome])


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
            Text(clean(r.top_reason)),
            Text(clean(r.business_case)),
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
        held = f"holds under {r.robustness:.0%} of one-step changes"
        status = "provisional" if r.provisional else ""
        for part in ((r.form or "").upper(), r.location or "", held, status):
            if part:
                result.append(f"  ·  {part}")
        reason = Text.assemble(("Top reason: ", "dim"), clean(r.top_reason))
        case = Text.assemble(("Business case: ", "dim"), clean(r.business_case))
        if r.rank > 1:
            grid.add_row("", "")
        grid.add_row(
            f"{r.rank}.", Group(Text(clean(r.function), style="bold"), result, reason, case)
        )
    return grid
