"""The business case's words: each assumption as a sentence with its source, and each hidden
cost's name (docs/business-case.md). The decision gives data (:class:`Assumption`: the
question, the value assumed and what it rests on; :class:`HiddenCost`: a code and an amount);
this module writes it, with the decision's currency where a money figure appears. Pure."""

from __future__ import annotations

from typing import NamedTuple

from outsource_cli.decision import business_case as bc
from outsource_cli.decision.business_case import Assumption, HiddenCost
from outsource_cli.output.amounts import exact_money


class Words(NamedTuple):
    what: str  # an assumption reads "<what> <value> <unit> — <source>"
    unit: str
    source: str  # where the default comes from


# the inputs of :data:`business_case.INPUTS`, by question
INPUTS: dict[str, Words] = {
    "cost.contract_years": Words(
        "contract length",
        "years",
        "Lacity, Willcocks and Feeny: contracts under about five years succeed more often",
    ),
    "cost.search_share": Words(
        "vendor search and contracting",
        "% of a year's in-house cost, once",
        "a category of Barthélemy (2001); the size is the tool's assumption",
    ),
    "cost.governance_share": Words(
        "governance and retained organisation",
        "% of contract value a year",
        "research range 3-10 % (Barthélemy 2001)",
    ),
    "cost.exit_share": Words(
        "exit or switching cost",
        "% of a year's spend on the service, at the end",
        "about a third of annual spend (Peukert 2019)",
    ),
    "cost.severance_share": Words(
        "severance and retention",
        "% of a year's in-house cost, once",
        "the tool's assumption: set it from your HR plan",
    ),
    "cost.inhouse_escalation": Words(
        "in-house cost escalation",
        "% a year",
        "the tool's assumption, the same on both sides so that neither is favoured",
    ),
    "cost.provider_escalation": Words(
        "provider price escalation",
        "% a year",
        "the tool's assumption, the same on both sides so that neither is favoured",
    ),
    "cost.discount_rate": Words(
        "discount rate",
        "% a year",
        "the tool's assumption: use your finance team's rate",
    ),
}

HIDDEN_COSTS = {  # by :class:`HiddenCost` code
    bc.TRANSITION_COST: "transition",
    bc.SEARCH_COST: "vendor search and contracting",
    bc.SEVERANCE_COST: "severance and retention",
    bc.GOVERNANCE_COST: "governance and retained organisation",
    bc.EXIT_COST: "exit or switching",
}


def hidden_cost(h: HiddenCost) -> str:
    """A hidden cost's name: "vendor search and contracting"."""
    return HIDDEN_COSTS[h.cost]


def text(a: Assumption, currency: str | None = None) -> str:
    """An assumption as a sentence with its source: "governance and retained organisation 6 %
    of contract value a year — research range 3-10 % (Barthélemy 2001)"; the in-house cost in
    the currency given ("EUR 1,000.0k a year"), else in thousands."""
    if a.kind == bc.BASELINE_OPEN or a.kind == bc.BASELINE_NO_COST:
        cost = exact_money(a.value, currency) if currency else f"{_num(a.value)} thousand"
        given = ""
        if a.kind == bc.BASELINE_NO_COST:
            answer = a.answer
            shown = (
                exact_money(answer, currency)
                if currency and isinstance(answer, int | float)
                else _num(answer)
            )
            given = f" (the answer, {shown}, is no cost to save on)"
        return (
            f"in-house cost {cost} a year{given} — the amounts scale with it; the net saving, "
            "payback and break-even do not depend on it"
        )
    if a.kind == bc.HAND_OVER:
        how = f"a {str(a.answer).replace('_', ' ')} hand-over" if a.answer else "either hand-over"
        return (
            f"transition {_num(a.value)} months of in-house run cost, once — for {how} "
            "(knowledge transfer and parallel running; the tool's assumption)"
        )
    words = INPUTS.get(a.question)
    if words is None:  # an input this module has no words for: its question and value
        return f"{a.question} {_num(a.value)}"
    return f"{words.what} {_num(a.value)} {words.unit} — {words.source}"


def _num(x: object) -> str:
    return f"{x:g}" if isinstance(x, int | float) else str(x)
