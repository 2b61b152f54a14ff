"""The board paper as a document (``document.py``), made once from a decision and rendered as
Markdown, HTML and the terminal's ``--detail full``: a one-page executive summary first (the
recommendation, the three stages' verdicts, the money, the steps before signing and the first
steps), then the appendices (``appendices.py``) with everything behind it."""

from __future__ import annotations

from outsource_cli import __version__
from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import appendices, business
from outsource_cli.output.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Headline,
    Item,
    Note,
    Paragraph,
    Section,
    Table,
)
from outsource_cli.output.report import (
    answered_share,
    gate_effect,
    headline,
    status_lines,
)
from outsource_cli.output.sourcing import model_lines
from outsource_cli.output.stages import (
    STAGE_QUESTIONS,
    STAGE_TITLES,
    answer_first,
    form_words,
    stage_line,
)
from outsource_cli.questionnaire.catalog import Catalog


def document(
    d: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None,
    whatif: WhatIf | None,
    date: str = "",
) -> Document:
    """The whole board paper: the executive summary, then the appendices."""
    parts = appendices.sections(d, catalog, cf)
    name = d.function or "the function"
    prepared = f"Prepared {date} with" if date else "Prepared with"
    return Document(
        title=f"Sourcing recommendation: {name}",
        meta=f"{prepared} outsource-cli {__version__}.",
        summary=summary(d, catalog, cf, whatif, parts),
        appendices=parts,
    )


def summary(
    d: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None,
    whatif: WhatIf | None,
    after: tuple[Section, ...] = (),
) -> Section:
    """The executive summary: what a board reads on one page."""
    blocks: list[Block] = [recommendation(d)]
    answered = answered_share(d)
    blocks.append(Paragraph(f"{answered[:1].upper()}{answered[1:]}."))
    status = status_lines(d, catalog)
    if status:
        blocks.append(Bullets(tuple(Item(s) for s in status), id="status"))
    if whatif:
        blocks.append(Note("What-if:", "not the answers as given. " + "; ".join(whatif.notes())))
    blocks += stages(d, catalog)
    blocks += where_and_how(d)
    blocks += money(d, catalog, cf)
    if d.conditions:
        blocks.append(Heading("Before you sign", id="conditions"))
        blocks.append(Bullets(tuple(Item(c.step) for c in d.conditions), checklist=True))
    blocks += first_steps(d)
    if after:
        titles = "; ".join(s.title for s in after)
        blocks.append(Paragraph(f"{titles}.", lead="Appendices:"))
    return Section("Executive summary", "summary", tuple(blocks))


def recommendation(d: Decision) -> Headline:
    text = headline(d)
    return Headline(f"Recommendation: {text}" if d.recommended else text, d.outcome)


def stage_rows(d: Decision, catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """(stage, its verdict and what decided it) for each of the three stages."""
    npv = business.npv_words(d.business_case, d.currency) if d.business_case is not None else None
    return tuple(
        (f"{STAGE_TITLES[s.id]}: {STAGE_QUESTIONS[s.id]}", stage_line(d, s, catalog, npv))
        for s in d.stages
    )


def stages(d: Decision, catalog: Catalog) -> list[Block]:
    """Why: the three stages' verdicts, and any gate that changed the outcome."""
    blocks: list[Block] = [Heading("Why: the three stages", id="stages")]
    if not d.recommended:
        blocks.append(Paragraph(answer_first(d, catalog) + "."))
    blocks.append(Table(("Stage", "Verdict"), stage_rows(d, catalog), id="verdicts"))
    deciding = [g for g in d.gates if g.changes_outcome]
    if deciding:
        blocks.append(Bullets(tuple(Item(f"({gate_effect(g)}).", lead=g.title) for g in deciding)))
    return blocks


def where_and_how(d: Decision) -> list[Block]:
    """Where the work would go (and the limit that decides it), the model and the contract."""
    items = []
    if d.form is not None:
        items.append(Item(form_words(d.form), lead="Form:"))
    if d.location is not None:
        binding = [c for c in d.location_reasons if c.rule is not None and c.value == d.location]
        because = binding[0].because.strip().rstrip(".") if binding else ""
        lower = because[:1].lower() + because[1:] if because[1:2].islower() else because
        why = f", because {lower}" if because else ""
        items.append(Item(f"{d.location}{why}", lead="Location:"))
    items += [
        Item(rest, lead=f"{head}:") for head, _, rest in (s.partition(": ") for s in model_lines(d))
    ]
    return [Heading("Where and how", id="where"), Bullets(tuple(items))] if items else []


def money(d: Decision, catalog: Catalog, cf: Counterfactuals | None) -> list[Block]:
    """The business case in a few lines: NPV, net saving, payback, break-even, the largest
    hidden cost, and the saving at which the outcome would change."""
    case = d.business_case
    if case is None:
        return []
    lines = business.summary(case, cf, d.currency, business.thresholds(catalog.policy))
    return [
        Heading("The money", id="money"),
        Bullets(tuple(Item(line) for line in lines)),
    ]


FIRST_STEPS = 4


def first_steps(d: Decision) -> list[Block]:
    """The plan's first steps, by title (the plan appendix has each step's actions)."""
    if not d.mitigations:
        return []
    shown = d.mitigations[:FIRST_STEPS]
    items = [Item(m.title) for m in shown]
    rest = len(d.mitigations) - len(shown)
    if rest:
        items.append(Item(f"… and {rest} more in the plan."))
    return [Heading("First steps", id="first-steps"), Bullets(tuple(items))]


def markdown(
    d: Decision, catalog: Catalog, cf: Counterfactuals | None, whatif: WhatIf | None, date: str
) -> str:
    """The board paper in Markdown."""
    from outsource_cli.output import markdown as render

    return render.render(document(d, catalog, cf, whatif, date))


def html(
    d: Decision, catalog: Catalog, cf: Counterfactuals | None, whatif: WhatIf | None, date: str
) -> str:
    """The board paper as a self-contained HTML page."""
    from outsource_cli.output import html as render

    return render.render(document(d, catalog, cf, whatif, date))
