"""Rendering a decision (and lists) for a person at a terminal, with rich.

Every piece of text that comes from a file goes through :func:`clean` and into
``rich.text.Text`` objects, so neither escape sequences nor rich markup in a question set
can change what the terminal shows.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.portfolio import Portfolio
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output.report import _plain_counterfactuals, location_line, plan
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean

OUTCOME_TITLES = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
OUTCOME_STYLES = {"keep_in_house": "bold cyan", "hybrid": "bold yellow", "outsource": "bold green"}
CATEGORY_TITLES = {
    "vetting": "Partner vetting",
    "sla": "Service levels and performance",
    "communication": "Communication plan",
    "audit": "Audit and access rights",
    "data_protection": "Data protection",
    "exit": "Exit and contingency plan",
    "transition": "Transition",
}
BAR_WIDTH = 20


def bar(score: float | None, width: int = BAR_WIDTH) -> str:
    if score is None:
        return "·" * width
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)


def headline(decision: Decision) -> Text:
    text = Text(OUTCOME_TITLES[decision.outcome], style=OUTCOME_STYLES[decision.outcome])
    if decision.form:
        text.append(f"  ·  {decision.form.upper()}", style="bold")
    if decision.location:
        text.append(f"  ·  {decision.location}", style="bold")
    return text


def decision_renderable(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
) -> Group:
    parts: list[object] = []
    band = next(b for b in catalog.policy.bands if b.outcome == decision.base_outcome)
    summary = Text.assemble(
        headline(decision),
        "\n",
        f"Score {decision.score:.1f} / 100 (the {band.outcome.replace('_', ' ')} band is "
        f"{band.min:g}-{band.max:g}) · confidence {decision.confidence:.2f} · "
        f"{decision.completeness:.0%} of the weighted questions answered",
    )
    title = Text("Recommendation") + (
        Text(f": {clean(decision.function)}") if decision.function else Text("")
    )
    parts.append(Panel(summary, title=title, title_align="left", expand=False))
    if whatif:
        notes = whatif.notes()
        parts.append(
            Text(
                "What-if, not the answers as given: " + clean("; ".join(notes)), style="bold yellow"
            )
        )

    dims = Table(
        title="Scores by question set (0 keeps in-house, 100 outsources)",
        title_justify="left",
        show_header=True,
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    for name, justify in (
        ("Question set", "left"),
        ("", "left"),
        ("Score", "right"),
        ("Weight", "right"),
        ("Answered", "right"),
    ):
        dims.add_column(name, justify=justify)  # type: ignore[arg-type]
    for d in decision.dimensions:
        shown_score = "not scored" if d.score is None else f"{d.score:.1f}"
        answered = f"{d.answered}/{d.asked}" if d.asked else "-"
        weight = "-" if d.score is None and not d.asked else f"{d.weight:g}"
        dims.add_row(Text(clean(d.title)), bar(d.score), shown_score, weight, answered)
    parts.extend(["", dims])

    if decision.gates:
        parts.extend(["", Text("Gates", style="bold")])
        for g in decision.gates:
            effect = (
                f"{g.effect} at {g.target}: {g.before} → {g.after}"
                if g.changed
                else f"{g.effect} at {g.target}: no change"
            )
            line = Text("  ! " if g.changed else "  · ", style="bold red" if g.changed else "dim")
            line.append(clean(g.title), style="bold")
            line.append(f" ({effect})")
            parts.append(line)
            parts.append(Padding(Text(clean(g.because)), (0, 0, 0, 4), expand=False))

    if decision.rationale:
        parts.extend(
            [
                "",
                Text(
                    "Why: the answers that moved the score most (points from neutral 50)",
                    style="bold",
                ),
            ]
        )
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(justify="right", no_wrap=True)
        table.add_column()
        for r in decision.rationale:
            sign_style = "green" if r.contribution > 0 else "cyan"
            body = Text(clean(r.because).capitalize() if r.because else "")
            body.append(f"  ({clean(r.question)} = {clean(r.answer)})", style="dim")
            table.add_row(Text(f"{r.contribution:+.1f}", style=sign_style), body)
        parts.append(table)

    if decision.form_reason or decision.location_reasons:
        parts.append("")
    if decision.form_reason:
        parts.append(
            Text.assemble(
                ("Form: ", "bold"),
                decision.form_reason.value.upper(),
                " - ",
                clean(decision.form_reason.because),
            )
        )
    if decision.location_reasons:
        parts.append(Text.assemble(("Location: ", "bold"), decision.location or ""))
        for c in decision.location_reasons:
            parts.append(Padding(Text(clean(location_line(c))), (0, 0, 0, 2), expand=False))

    if decision.mitigations:
        parts.extend(["", Text("Mitigations", style="bold")])
        for heading, items in plan(decision, tuple(CATEGORY_TITLES.items())):
            parts.append(Text(f"  {heading}", style="bold underline"))
            for m in items:
                line = Text.assemble("• ", (clean(m.title), "bold"), f" - {clean(m.because)}")
                parts.append(Padding(line, (0, 0, 0, 2), expand=False))
                parts.extend(
                    Padding(Text(f"- {clean(a)}"), (0, 0, 0, 6), expand=False) for a in m.actions
                )

    if cf is not None:
        parts.extend(["", Text("What would change this", style="bold")])
        cf_lines = [entry for entry in _plain_counterfactuals(cf) if entry]
        flips = [entry for entry in cf_lines if entry.startswith("- ")]
        listed = 0
        for entry in cf_lines:
            if entry.startswith("- "):
                if listed < 6:
                    parts.append(Padding(Text("• " + clean(entry[2:])), (0, 0, 0, 2), expand=False))
                listed += 1
            elif listed < 6:
                parts.append(Text("  " + clean(entry), style="italic"))
        if len(flips) > 6:
            parts.append(
                Text(
                    f"  … {len(flips) - 6} more in --format json or a markdown/html report",
                    style="dim",
                )
            )

    if decision.unanswered:
        parts.extend(
            [
                "",
                Text(
                    f"Not answered ({len(decision.unanswered)}): " + ", ".join(decision.unanswered),
                    style="dim",
                ),
            ]
        )
    return Group(*parts)  # type: ignore[arg-type]


def print_decision(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
    console: Console | None = None,
) -> None:
    emit(decision_renderable(decision, catalog, cf, whatif), console)


def decision_text(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
) -> str:
    """The terminal rendering as plain text (for --output FILE), 100 columns, no escape codes."""
    import io

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, highlight=False, soft_wrap=False)
    emit(decision_renderable(decision, catalog, cf, whatif), console)
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


def print_portfolio(portfolio: Portfolio, console: Console | None = None) -> None:
    table = Table(
        title="Functions ranked by score (100 favours outsourcing)",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Function", ratio=2, min_width=14, overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Form", no_wrap=True)
    table.add_column("Location", no_wrap=True)
    table.add_column("Conf.", justify="right", no_wrap=True)
    table.add_column("Top reason", ratio=3, min_width=16, overflow="fold")
    for r in portfolio.rows:
        table.add_row(
            str(r.rank),
            Text(clean(r.function)),
            f"{r.score:.1f}",
            Text(OUTCOME_TITLES[r.outcome], style=OUTCOME_STYLES[r.outcome]),
            (r.form or "-").upper(),
            r.location or "-",
            f"{r.confidence:.2f}",
            Text(clean(r.top_reason)),
        )
    parts: list[object] = [table, ""]
    if portfolio.flags:
        parts.append(Text("Concentration risk", style="bold red"))
        parts.extend(
            Padding(Text("! " + clean(f)), (0, 0, 0, 2), expand=False) for f in portfolio.flags
        )
    else:
        parts.append(Text("No concentration risk flagged.", style="dim"))
    emit(Group(*parts), console)  # type: ignore[arg-type]
