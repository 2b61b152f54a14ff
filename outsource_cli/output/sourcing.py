"""Where and how, in words every format shares: the location and the limit that sets it,
the sourcing model, the contract (and what its advised length does to the business case),
and the plan, the mitigations grouped by category. Unescaped: each format escapes."""

from __future__ import annotations

from collections.abc import Sequence

from outsource_cli.decision.engine import Decision
from outsource_cli.decision.parts import Choice, Mitigation
from outsource_cli.output import amounts
from outsource_cli.output.amounts import count
from outsource_cli.output.report import question_name
from outsource_cli.questionnaire.catalog import Catalog

PLAN = [  # mitigation categories, grouped as a plan
    ("vetting", "Partner vetting checklist"),
    ("sla", "Service levels and performance expectations"),
    ("communication", "Communication plan"),
    ("exit", "Exit and contingency plan"),
    ("audit", "Audit and access rights"),
    ("data_protection", "Data protection"),
    ("transition", "Transition"),
]


def location_line(c: Choice, catalog: Catalog | None = None) -> str:
    if c.rule is None:
        return f"Default {c.value}: {c.because}"
    text = f"At most {c.value}: {c.because}"
    if not c.certain:
        names = ", ".join(f"“{question_name(catalog, q)}”" if catalog else q for q in c.widen)
        text += f" (assumed until answered: {names})" if names else " (assumed until answered)"
    return text


CONTRACT = {
    "fee_for_service": "Fee-for-service",
    "preferred_supplier": "Preferred supplier",
    "preferred_contractor": "Preferred contractor",
    "buy_in": "Buy-in",
}


def model_lines(d: Decision) -> list[str]:
    """The sourcing model and the contract, in words (unescaped)."""
    lines = []
    if d.model is not None:
        lines.append(f"Sourcing model: {d.model.title}. {d.model.because}")
        if d.model.keep:
            lines.append(f"Keep in-house: {d.model.keep}")
        if d.model.buy:
            lines.append(f"Buy: {d.model.buy}")
    if d.contract is not None:
        lines.append(
            f"Contract: {CONTRACT.get(d.contract.type, d.contract.type)}; "
            f"{d.contract.length[:1].lower()}{d.contract.length[1:]} {d.contract.because}"
            + (f" {note}" if (note := contract_note(d)) else "")
        )
    return lines


def contract_note(d: Decision) -> str:
    """ "The case is costed over your 5 years; over the advised 3, its NPV would be EUR
    -42k.": said when the contract's advised length is not the one costed, so that the board
    sees what the advice does to the case; when the advised length would lose the money the
    costed one makes: "Over the advised 3 years it would not pay (NPV EUR -153k): the saving
    needs the 5 years costed." """
    c, case = d.contract, d.business_case
    if c is None or c.years is None or c.npv_at_years is None or case is None:
        return ""
    costed = len(case.years) - 1
    npv = amounts.money(c.npv_at_years, d.currency, sign=True)
    if c.npv_at_years < 0 <= case.npv:  # the advice and the case pull apart: say so
        return (
            f"Over the advised {count(c.years, 'year')} it would not pay "
            f"(NPV {npv}): the saving needs the {count(costed, 'year')} costed."
        )
    return (
        f"The case is costed over your {count(costed, 'year')}; over the "
        f"advised {c.years:g}, its NPV would be {npv}."
    )


def plan(
    d: Decision, titles: Sequence[tuple[str, str]] = PLAN
) -> list[tuple[str, list[Mitigation]]]:
    """The mitigations grouped by category, in the order (and with the titles) given."""
    groups = [
        (title, [m for m in d.mitigations if m.category == category]) for category, title in titles
    ]
    return [(title, items) for title, items in groups if items]
