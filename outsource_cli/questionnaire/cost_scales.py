"""The scales the business case's inputs may have (docs/business-case.md, "The inputs").

A question set may give its own ``min`` and ``max`` to the cost questions, but not any: the
business case turns them into a year-by-year model (a list of years, powers of the
escalation and discount factors), so an unbounded contract length is a list of every whole
year up to it, a long one overflows ``(1 + e)^N``, and a discount rate of −100 % divides by
zero. Each input's ``min`` and ``max`` must lie within the scale given here: wide enough for
any real contract, narrow enough that every number of the model stays finite and exact to
the digits shown. The format checks them (``checks.check_set``, S005) and the business case
refuses any value outside them (``decision.business_case``), so neither a lint-clean set nor
a catalog built some other way can make it crash, hang or fill the memory. Pure data.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

SET = "cost"  # the set that holds the business case
# the business case applies when the set asks both of these (decision.business_case.applies)
ANCHORS = ("expected_savings", "baseline_cost")


class Scale(NamedTuple):
    low: float  # the lowest ``min`` allowed
    high: float  # the highest ``max`` allowed
    what: str  # what the input is, for messages
    unit: str

    def describe(self) -> str:
        """``1 to 50 years``."""
        return f"{number(self.low)} to {number(self.high)} {self.unit}"

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


_PERCENT = "%"
SCALES: Mapping[str, Scale] = MappingProxyType(
    {
        "baseline_cost": Scale(0, 1_000_000_000, "the in-house cost a year", "thousand"),
        "expected_savings": Scale(-100, 100, "the headline saving", _PERCENT),
        "contract_years": Scale(1, 50, "the contract length", "years"),
        "transition_months": Scale(0, 120, "the transition", "months"),
        "search_share": Scale(0, 200, "the vendor search and contracting cost", _PERCENT),
        "governance_share": Scale(0, 200, "the governance cost", _PERCENT),
        "exit_share": Scale(0, 200, "the exit or switching cost", _PERCENT),
        "severance_share": Scale(0, 200, "the severance and retention cost", _PERCENT),
        "inhouse_escalation": Scale(-50, 100, "the in-house cost escalation", "% a year"),
        "provider_escalation": Scale(-50, 100, "the provider price escalation", "% a year"),
        "discount_rate": Scale(-50, 100, "the discount rate", "% a year"),
    }
)


def scale_of(qid: str) -> Scale | None:
    """The scale of the business-case input ``set.question`` (None: not one)."""
    set_id, _, question = qid.partition(".")
    return SCALES.get(question) if set_id == SET else None


def number(x: float) -> str:
    """A bound or a value in a message: ``1,000,000`` (a whole number), else as Python's
    ``g`` format writes it."""
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    return f"{x:,.0f}" if x == int(x) and abs(x) < 1e21 else f"{x:g}"
