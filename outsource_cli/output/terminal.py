"""Rendering a decision (and lists) for a person at a terminal, with rich.

Every piece of text that comes from a file goes through :func:`clean` and into
``rich.text.Text`` objects, so neither escape sequences nor rich markup in a question set
can change what the terminal shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from outsource_cli.decision.counterfactuals import Counterfactuals, Flip
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.portfolio import Portfolio, Row
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import business
from outsource_cli.output.business import OUTCOME_WORDS
from outsource_cli.output.portfolio import case_cell, flag_words, top_reason
from outsource_cli.output.report import (
    CONTRACT,
    OUTCOME,
    answered_share,
    contract_note,
    gate_effect,
    question_name,
    robustness_words,
    score_line,
    status_lines,
)
from outsource_cli.output.stages import (
    STAGE_TITLES,
    answer_first,
    form_words,
    once_ready,
    readiness_gaps,
    short_line,
    stage_line,
)
from outsource_cli.output.uncertainty import (
    SWING_NOTE,
    probability_line,
    still_note,
    swing_rows,
    unproven_note,
)
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean, one_line

OUTCOME_TITLES = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
OUTCOME_STYLES = {"keep_in_house": "bold cyan", "hybrid": "bold yellow", "outsource": "bold green"}


def hanging(marker: str | Text, body: str | Text | Glued, indent: int = 2) -> Table:
    """``marker`` then ``body``, with every wrapped line of the body under its first word
    (a hanging indent: a bullet's continuation lines keep their place at any width)."""
    mark = marker if isinstance(marker, Text) else Text(marker)
    grid = Table.grid(padding=0)
    grid.add_column(width=indent + mark.cell_len, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(" " * indent) + mark, Text(body) if isinstance(body, str) else body)
    return grid


# a word, with a unit after it kept on its line: "20 %", "17.5 %)."
_WORD = re.compile(r"\S+(?: +%\S*)*")


class Glued:
    """Text folded at words as rich folds it, except that a figure keeps its unit on its line
    ("20 %" is never "20" at a line's end and "%" at the next one's start). A word wider than
    the line is folded, as rich folds it."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(m.group()) for m in _WORD.finditer(plain)), default=0)
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        for paragraph in self.text.split("\n"):
            plain, start, breaks = paragraph.plain, 0, []
            for m in _WORD.finditer(plain):
                if m.start() > start and cell_len(plain[start : m.end()]) > width:
                    breaks.append(m.start())
                    start = m.start()
            for line in paragraph.divide(breaks):
                line.rstrip()
                yield line


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


SHORT_ADVICE = 2


class _ShortBox:
    """The short answer's box: titled "Recommendation: NAME" when that fits its top border;
    when it does not (a border title is cut, never folded), titled "Recommendation:" with the
    name as the box's first line, folded at words (the same words in the same order at any
    width)."""

    def __init__(self, body: Text, name: str) -> None:
        self.body, self.name = body, name

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Panel]:
        title = f"Recommendation: {self.name}" if self.name else "Recommendation"
        if cell_len(title) + 6 <= options.max_width:  # "╭─ " and " ─╮", and a cell to spare
            yield Panel(Glued(self.body), title=Text(title), title_align="left", expand=False)
            return
        body = Glued(Text.assemble((self.name, "bold"), "\n", self.body))
        yield Panel(body, title=Text("Recommendation:"), title_align="left", expand=False)


def _answered(d: Decision) -> str:
    """ "every question answered", or the share answered by weight."""
    if not d.unanswered:
        return "every question answered"
    if not any(x.weight > 0 for x in d.dimensions if x.asked):
        return answered_share(d)  # every set weighs 0: "12 of 30 scored questions answered"
    return f"{d.completeness:.0%}"[:-1] + " % of the questions answered, by weight"


def _short_status(d: Decision, catalog: Catalog) -> list[tuple[str, str]]:
    """The box's lines under the headline, in the board's words: provisional or not, how firm
    the outcome is, how much is answered; the uncertain answers' probabilities."""
    lines: list[tuple[str, str]] = []
    r = d.missing_range
    could_change = set(r.outcomes) != {d.outcome}
    if d.provisional and could_change:
        words = [OUTCOME_WORDS[o] for o in r.outcomes]
        outcomes = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
        names = "; ".join(f"“{question_name(catalog, q)}”" for q in r.questions[:2])
        more = f" and {len(r.questions) - 2} more" if len(r.questions) > 2 else ""
        # with no recommendation, the questions to answer first have a paragraph of their own
        first = f" Answer first: {names}{more}." if names and d.recommended else ""
        lines.append(
            (
                f"Provisional: unanswered questions could still make it {outcomes}.{first}",
                "bold red",
            )
        )
    answered = _answered(d)
    if d.unanswered and not could_change:
        answered += "; the rest could not change it"
    if d.robustness_changes and d.recommended:  # with no outcome recommended, none holds
        lines.append(
            (
                f"{robustness_words(d)}; {answered}.",
                "",
            )
        )
    else:
        lines.append((f"{answered[:1].upper()}{answered[1:]}.", ""))
    if d.uncertainty is not None:
        lines.append((probability_line(d), ""))
    return lines


def _short_stages(d: Decision, catalog: Catalog) -> Table:
    """The three stages, a line each, their figures kept with their units."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for stage in d.stages:
        once = stage.id == "readiness" and stage.verdict == "once_ready" and d.conditions
        line = Glued(Text(clean(readiness_gaps(d) if once else short_line(d, stage, catalog))))
        table.add_row(STAGE_TITLES[stage.id] + " ", line)
    return table


def _short_box(d: Decision, catalog: Catalog) -> _ShortBox:
    body = headline(d)
    for line, style in _short_status(d, catalog):
        body.append("\n")
        body.append(clean(line), style=style)
    return _ShortBox(body, clean(d.function or ""))


def _short_location(d: Decision, catalog: Catalog) -> str:
    """ "nearshore, because the data must stay in your region", with the limits assumed or
    left out; "offshore (nothing limits it)"."""
    assert d.location is not None
    limits = [c for c in d.location_reasons if c.rule is not None]
    binding = [c for c in limits if c.value == d.location][:1]  # the one that decides
    others = len(limits) - len(binding)
    notes = [f"{others} more limit{'s' if others > 1 else ''}: --detail full"] if others else []
    if binding:
        why = f", because {_clause(binding[0].because)}"
        if not binding[0].certain:
            names = ", ".join(f"“{question_name(catalog, q)}”" for q in binding[0].widen)
            notes.insert(0, "assumed until answered" + (f": {names}" if names else ""))
    else:
        why = ""
        notes.insert(0, "nothing limits it")
    return d.location + why + (f" ({'; '.join(notes)})" if notes else "")


def _short_how(d: Decision, catalog: Catalog) -> Text | None:
    """How it would be done, one paragraph: the provider (its form, spelled out once, and
    where), what to keep and what to buy, and the contract."""
    text = Text()

    def add(label: str, words: str) -> None:
        if text:
            text.append(" ")
        text.append(label, style="bold")
        text.append(clean(words))

    where = [form_words(d.form)] if d.form else []
    where += [_short_location(d, catalog)] if d.location is not None else []
    if where:
        add("Provider: ", ", ".join(where) + ".")
    if d.model is not None and d.model.keep:
        add("Keep: ", d.model.keep)
    if d.model is not None and d.model.buy:
        add("Buy: ", d.model.buy)
    if d.contract is not None:
        length = f"{d.contract.length[:1].lower()}{d.contract.length[1:]}"
        note = contract_note(d)
        add("Contract: ", f"{CONTRACT.get(d.contract.type, d.contract.type)}; {length}")
        if note:
            add("", note)
    return text or None


def _short_advice(cf: Counterfactuals | None, catalog: Catalog) -> list[object]:
    """The one or two smallest changes that would change the outcome: what the firm could do,
    else what would have to be different."""
    if cf is None:
        return []
    levers = [f for f in cf.singles if f.kind == "lever"] + [
        f for f in cf.pairs if f.kind == "lever"
    ]
    facts = [f for f in cf.singles if f.kind == "fact"]
    advice, title = (
        (levers, "What you could do") if levers else (facts, "What would have to be different")
    )
    if not advice:
        return []
    return [
        "",
        Text(title, style="bold"),
        *(hanging("• ", Glued(Text(clean(_short_flip(f))))) for f in advice[:SHORT_ADVICE]),
    ]


def _short_flip(flip: Flip) -> str:
    """ "Hybrid if “How many years would the contract run?” were “4 years”, not “5 years”."
    (the outcome first; ``flip_sentence`` is the full answer's longer form)."""
    parts = [
        f"“{one_line(c.text)}” were answered “{one_line(c.after)}”"
        if c.before == "(not answered)"
        else f"“{one_line(c.text)}” were “{one_line(c.after)}”, not “{one_line(c.before)}”"
        for c in flip.changes
    ]
    return f"{OUTCOME[flip.outcome]} if {' and '.join(parts)}."


def short_renderable(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
) -> Group:
    """The short answer (the default), for a board at 80x24: the recommendation first, the
    three stages, the steps before signing, the money, how it would be done, the one or two
    changes that would change it, and where the rest is. ``--detail full`` and the reports
    have everything (tests/test_short_answer.py holds the shipped examples to 24 lines)."""
    d = decision
    parts: list[object] = [_short_box(d, catalog)]
    if whatif:
        notes = "; ".join(whatif.notes())
        parts.append(
            Text(f"What-if, not the answers as given: {clean(notes)}", style="bold yellow")
        )
    if d.defaulted:
        names = "; ".join(clean(catalog.questions[q].text) for q in d.defaulted[:3])
        more = f"; and {len(d.defaulted) - 3} more" if len(d.defaulted) > 3 else ""
        parts.append(
            Text(
                f"Taken as suggested, with Enter ({len(d.defaulted)}): {names}{more}. Check "
                f"{'them' if len(d.defaulted) > 1 else 'it'} before relying on the result.",
                style="dim",
            )
        )
    if d.not_asked:
        parts.append(
            Text(
                f"Not asked ({len(d.not_asked)}): the result was settled without them; they "
                "would refine the money and the plan (assess --resume FILE asks them).",
                style="dim",
            )
        )
    parts.extend(tornado(d, catalog, SHORT_SWINGS))
    if not d.recommended:
        parts.extend(["", Text(clean(answer_first(d, catalog)), style="bold"), ""])
    parts.append(_short_stages(d, catalog))
    readiness = next((s for s in d.stages if s.id == "readiness"), None)
    named = readiness.rule if readiness is not None else None  # the readiness line names it
    for g in d.gates:
        if g.changes_outcome and not (g.id == named and g.status == "fired"):
            line = Text(clean(g.title), style="bold")
            line.append(f" ({clean(gate_effect(g))})")
            parts.append(hanging(Text("! ", style="bold red"), Glued(line), 0))
    if d.business_case is not None or d.model is not None or d.location is not None:
        parts.append("")
    if d.business_case is not None:
        money = business.short(d.business_case, d.currency)
        parts.append(Glued(Text.assemble(("Money: ", "bold"), money)))
    how = _short_how(d, catalog)
    if how is not None:
        parts.append(Glued(how))
    parts.extend(_short_advice(cf, catalog))
    n = len(d.mitigations)
    plan_steps = f", with the plan's {n} step{'s' if n != 1 else ''}" if n else ""
    parts.extend(
        ["", Text(f"Everything else{plan_steps}: --detail full, or --format html.", style="dim")]
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
        parts.extend(hanging("! ", clean(flag_words(f))) for f in portfolio.flags)
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
        held = f"survives {r.robustness:.0%} of single-answer changes"
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
