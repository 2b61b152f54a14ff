"""Each provider's quoted price through the decision's business case (docs/business-case.md).

The decision's business case is made again from its answers (the same model, the same hidden
costs and assumptions), with the headline saving the quote implies: a quote of ``P`` a year
against an in-house cost of ``B`` is a saving of ``1 − P/B``. So each provider gets the NPV
of outsourcing to it, its net saving and payback, and whether its price clears the
break-even saving (the NPV is not negative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision import business_case as bc
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue

PRICE = "terms.annual_price"


class Case(NamedTuple):
    """What the decision's business case needs from the decision, once."""

    terms: bc.Terms
    break_even: float | None  # %, the headline saving at which NPV = 0
    assumptions: tuple[bc.Assumption, ...]


class Price(NamedTuple):
    provider: str
    annual_price: float  # thousand a year, the first year
    saving: float  # % headline saving the quote implies
    npv: float  # thousand, outsourcing to this provider against keeping
    net_saving: float  # %
    payback_year: int | None
    clears: bool  # the saving is at or above the break-even saving


class TradeOff(NamedTuple):
    """Another provider against the first: the money over the contract (present value) and
    the competency where they differ most in the direction that matters
    (``output/vetting_sections.py`` writes it in words)."""

    provider: str  # compared with the first
    first: str
    npv_difference: float  # thousand: positive when this provider's case is better
    competency: str  # the competency (set title) of the largest score difference, or ""
    points: float  # this provider's score minus the first's, on that competency
    years: int  # the contract's
    currency: str | None  # the decision's money's


def case(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> Case | None:
    """The decision's business case inputs (None: the decision has no business case)."""
    found = bc.terms(catalog, answers)
    if found is None:
        return None
    t, assumptions = found
    be = bc.saving_for(t, 0.0)
    return Case(t, None if be is None else round(be * 100, 2) + 0.0, assumptions)


def price(c: Case, provider: str, annual: float) -> Price:
    t = c.terms._replace(saving=1 - annual / c.terms.baseline)
    npv = bc.npv(t)
    return Price(
        provider,
        annual,
        round(t.saving * 100, 2) + 0.0,
        round(npv, 2) + 0.0,
        round(bc.net_saving(t), 2) + 0.0,
        bc.payback_year(t),
        npv >= 0,
    )


def trade_off(
    first: str,
    other: str,
    prices: Mapping[str, Price],
    competencies: Mapping[str, Mapping[str, tuple[str, float | None]]],
    years: int,
    currency: str | None = None,
) -> TradeOff | None:
    """``other`` against ``first``: money over the contract (present value) and the
    competency where they differ most in the direction that matters: the lowest score
    difference when ``other`` scores lower on any, else the highest.
    ``competencies``: provider -> set id -> (title, score)."""
    if first not in prices or other not in prices:
        return None
    diff = prices[other].npv - prices[first].npv  # > 0: other's case is better (cheaper)
    mine, theirs = competencies[other], competencies[first]
    deltas: list[tuple[float, str]] = []
    for set_id, (title, score) in mine.items():
        ref = theirs.get(set_id, (title, None))[1]
        if score is not None and ref is not None:
            deltas.append((score - ref, title))
    points, title = 0.0, ""
    if deltas:
        points, title = min(deltas) if min(deltas)[0] < 0 else max(deltas)
    return TradeOff(other, first, diff, title, points, years, currency)


def prices(c: Case, quotes: Sequence[tuple[str, float]]) -> dict[str, Price]:
    return {name: price(c, name, annual) for name, annual in quotes}
