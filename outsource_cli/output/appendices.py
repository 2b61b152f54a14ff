"""The board paper's appendices, as document sections (``document.py``): the business case,
what would change the decision, the plan, the scores and gates, the uncertain answers, every
answer given and the terms used. Plain text: each renderer escapes it."""

from __future__ import annotations

from outsource_cli.decision.business_case import BusinessCase
from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.decision.engine import Decision
from outsource_cli.output import amounts, business
from outsource_cli.output.document import (
    Block,
    Bullets,
    Definitions,
    Figure,
    Heading,
    Item,
    Paragraph,
    Section,
    Table,
    text_bar,
)
from outsource_cli.output.glossary import terms
from outsource_cli.output.report import (
    OUTCOME,
    POINTS_NOTE,
    answer_rows,
    gate_effect,
    points,
    question_name,
    reason_words,
    score_line,
    sentence,
    unanswered_lists,
)
from outsource_cli.output.sourcing import location_line, model_lines, plan
from outsource_cli.output.svg import chart, tornado_svg
from outsource_cli.output.triggers import called_for, gate_inputs
from outsource_cli.output.uncertainty import (
    SWING_NOTE,
    percent,
    span,
    still_note,
    swing_rows,
    unproven_note,
)
from outsource_cli.output.what_would_change import change_lines
from outsource_cli.questionnaire.catalog import Catalog


def sections(d: Decision, catalog: Catalog, cf: Counterfactuals | None) -> tuple[Section, ...]:
    """Every appendix that applies, in order (titles without their letter)."""
    found = []
    if d.business_case is not None:
        found.append(business_case(d.business_case, cf, d.currency, catalog))
    found += [counterfactuals(cf, catalog), the_plan(d, catalog), scores(d, catalog)]
    if d.uncertainty is not None:
        found.append(uncertainty(d, catalog))
    found += [
        answers(d, catalog),
        Section("Terms used", "terms", (Definitions(tuple(terms(catalog))),)),
    ]
    return tuple(found)


def business_case(
    case: BusinessCase, cf: Counterfactuals | None, currency: str | None, catalog: Catalog
) -> Section:
    """The business case: its summary, the cumulative-cost chart, the year-by-year table (each
    figure with its currency), the hidden costs and the assumptions."""
    blocks: list[Block] = [
        Paragraph(line)
        for line in business.summary(case, cf, currency, business.thresholds(catalog.policy))
    ]
    figure = business.cumulative_chart(case, currency)
    blocks.append(Figure("Cumulative cost of keeping and of outsourcing", figure, None))
    blocks.append(Table(business.HEADER, year_rows(case, currency), (False,) + (True,) * 5))
    hidden = business.hidden_costs(case, currency)
    when = "year 0 is the signing (one-off costs), the exit cost falls in the last year"
    # each figure says its currency ("EUR 412.0k"); without one, the caption gives the unit
    lead = when.capitalize() if currency else f"In {amounts.unit(currency)}; {when}"
    blocks.append(Paragraph(f"{lead}. Hidden costs over the contract: {hidden}."))
    if case.assumptions:
        blocks.append(Paragraph("Assumptions (inputs not answered, at the tool's defaults):"))
        blocks.append(Bullets(tuple(Item(a) for a in business.assumptions(case, currency))))
    return Section("Business case", "business-case", tuple(blocks))


def year_rows(case: BusinessCase, currency: str | None) -> tuple[tuple[str, ...], ...]:
    """The year-by-year table's rows: each figure with its currency ("EUR 412.0k"); with no
    currency, the figures in thousands as entered (the table says so); nil as a dash, as a
    board's tables show it ("EUR 0.0k" read as a figure rounded away)."""

    def cell(x: float, sign: bool = False) -> str:
        if x == 0:
            return "–"
        if currency:
            return amounts.exact_money(x, currency, sign)
        return amounts.signed(x) if sign else amounts.amount(x)

    return tuple(
        (
            "signing" if y.year == 0 else str(y.year),
            cell(y.keep),
            cell(y.outsource),
            cell(y.difference, sign=True),
            cell(y.cumulative_keep),
            cell(y.cumulative_outsource),
        )
        for y in case.years
    )


def counterfactuals(cf: Counterfactuals | None, catalog: Catalog) -> Section:
    """Every change that would flip the outcome: the lines of ``change_lines``, a
    line starting "- " an item of the list under the line before it."""
    blocks: list[Block] = []
    items: list[Item] = []
    for line in change_lines(cf, catalog.policy):
        if line.startswith("- "):
            items.append(Item(line[2:]))
            continue
        if items:
            blocks.append(Bullets(tuple(items)))
            items = []
        blocks.append(Paragraph(line))
    if items:
        blocks.append(Bullets(tuple(items)))
    return Section("What would change this", "counterfactuals", tuple(blocks))


def the_plan(d: Decision, catalog: Catalog) -> Section:
    """The mitigations as a plan: by category, each step with why and its actions to tick."""
    blocks: list[Block] = []
    if not d.mitigations:
        blocks.append(Paragraph("No mitigations apply: the function stays in-house."))
    for title, steps in plan(d):
        blocks.append(Heading(title))
        items = tuple(
            Item(
                f"({m.because}){called_for(m, d, catalog)}",
                lead="" if m.title == title else m.title,  # no heading twice
                actions=m.actions,
            )
            for m in steps
        )
        blocks.append(Bullets(items))
    return Section("Plan", "plan", tuple(blocks))


def _balance(d: Decision, catalog: Catalog) -> str:
    line = score_line(d, catalog)
    return (
        f"{line}."
        if line.startswith("No balance")
        else f"{line}; 0 keeps in-house, 100 outsources."
    )


def scores(d: Decision, catalog: Catalog) -> Section:
    """The balance of the answers: the sets' scores, the gates, how the answers lean, the
    form, the location's limits, the sourcing model and the contract."""
    rows = tuple(
        (
            dim.title,
            text_bar(dim.score),
            "not scored" if dim.score is None else f"{dim.score:.1f}",
            "-" if dim.score is None and not dim.asked else f"{dim.weight:g}",
            f"{dim.answered}/{dim.asked}" if dim.asked else "-",
        )
        for dim in d.dimensions
    )
    table = Table(
        ("Question set", "0 keeps in-house, 100 outsources", "Score", "Weight", "Answered"),
        rows,
        (False, False, True, True, True),
    )
    blocks: list[Block] = [
        Paragraph(_balance(d, catalog)),
        Figure("Scores by question set", chart(d, catalog), table, id="chart"),
        *gates(d, catalog),
        *lean(d),
        *form_and_location(d, catalog),
    ]
    if d.model is not None or d.contract is not None:
        blocks.append(Heading("Sourcing model and contract", id="model"))
        blocks.append(Bullets(tuple(Item(line) for line in model_lines(d))))
    return Section("Scores, gates and reasons", "scores", tuple(blocks))


def gates(d: Decision, catalog: Catalog) -> list[Block]:
    if not d.gates:
        return [Heading("Gates", id="gates"), Paragraph("No gate applied.")]
    items = tuple(
        Item(f"({gate_effect(g)}). {g.because}{gate_inputs(g, d, catalog)}", lead=g.title)
        for g in d.gates
    )
    return [Heading("Gates", id="gates"), Bullets(items)]


def lean(d: Decision) -> list[Block]:
    """How the answers lean: the reasons' points, and the other answers' (they add up)."""
    rows = [
        (points(r.contribution), sentence(reason_words(r)), f"{r.text} {r.answer}")
        for r in d.rationale
    ]
    rows.append((points(d.other_points), "Other answers", f"(balance = 50 {points(d.score - 50)})"))
    return [
        Heading("How the answers lean (the balance, which ranks but does not decide)"),
        Table(("Points", "Reason", "Answer"), tuple(rows), (True, False, False)),
    ]


def form_and_location(d: Decision, catalog: Catalog) -> list[Block]:
    blocks: list[Block] = []
    if d.form_reason:
        blocks.append(Paragraph(f"{d.form_reason.value.upper()}. {d.form_reason.because}", "Form:"))
    if d.location_reasons:
        blocks.append(Paragraph(f"{d.location or ''}.", "Location:"))
        blocks.append(Bullets(tuple(Item(location_line(c, catalog)) for c in d.location_reasons)))
    return blocks


def uncertainty(d: Decision, catalog: Catalog) -> Section:
    """The uncertain answers: the outcome probabilities, and what swings the score."""
    u = d.uncertainty
    assert u is not None
    probabilities = tuple((OUTCOME[o], percent(p)) for o, p in u.outcome_probabilities.items())
    blocks: list[Block] = [
        Table(("Outcome", "Probability"), probabilities, (False, True), id="outcome-probabilities")
    ]
    rows = swing_rows(d, catalog)
    if rows:
        swings = Table(
            ("Uncertain answer", "Given", "Lowest score", "Highest score", "Swing"),
            tuple(
                (
                    r.question,
                    r.given,
                    f"{r.low:.1f} ({r.low_answer})",
                    f"{r.high:.1f} ({r.high_answer})",
                    span(r),
                )
                for r in rows
            ),
            (False, False, True, True, True),
        )
        blocks.append(Figure("What swings the score", tornado_svg(d, catalog), swings, "tornado"))
    notes = (still_note(d, catalog), unproven_note(d, catalog), SWING_NOTE)
    blocks += [Paragraph(n) for n in notes if n]
    return Section("Uncertain answers: what swings the score", "uncertainty", tuple(blocks))


def answers(d: Decision, catalog: Catalog) -> Section:
    """Every answer given, with its points; then the questions left open."""
    blocks: list[Block] = [
        Table(
            ("Question set", "Question", "Answer", "Points"),
            tuple(answer_rows(d, catalog)),
            (False, False, False, True),
            id="answers",
        ),
        Paragraph(POINTS_NOTE),
    ]
    for title, listed in unanswered_lists(d):
        names = "; ".join(question_name(catalog, q) for q in listed)
        blocks.append(Paragraph(f"{title}: {names}."))
    if d.defaulted:
        names = "; ".join(question_name(catalog, q) for q in d.defaulted)
        blocks.append(Paragraph(f"Taken as suggested, with Enter: {names}."))
    return Section("Answers given", "answers-given", tuple(blocks))
