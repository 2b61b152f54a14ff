"""The business case's model: keeping the function in-house against outsourcing it, year by year,
with the hidden costs of outsourcing (Barthélemy 2001: vendor search and contracting,
transition, managing the effort, switching). Pure, plain float arithmetic; docs/business-case.md
gives the model, the source of every default and a worked example.

All amounts are in the unit of ``cost.baseline_cost`` (thousands of the user's currency).
Year 0 is the signing; years 1..N the contract.

- in-house, year t:   ``keep_t = B·(1+e_in)^(t−1)``
- provider price:     ``price_t = B·(1−s)·(1+e_out)^(t−1)``
- outsourced, year t: ``price_t·(1+g)`` (g: governance and the retained organisation, a share
  of contract value), plus in year 0 the one-off costs ``B·(p + m/12 + v)`` (vendor search and
  contracting p, transition m months of in-house run cost, severance and retention v), plus in
  year N the exit or switching cost ``x·price_N``
- ``NPV = Σ_{t=0..N} (keep_t − out_t) / (1+r)^t``; the *net saving* is ``NPV`` as a share of
  the present value of the in-house cost, ``Σ_{t=1..N} keep_t/(1+r)^t`` — with no hidden cost
  and equal escalation it is the headline saving ``s`` exactly
- payback year: the first year from which the cumulative (undiscounted) difference stays at
  or above zero to the end of the contract; None when it never pays back within it
- break-even saving: the headline saving at which ``NPV = 0``: NPV is a straight line in the
  saving, so it is solved exactly from two evaluations, and shown to 0.01 %

(The answers it is made from, the assumptions and the searches over it: ``business_case``.)
"""

from __future__ import annotations

from typing import NamedTuple


class Terms(NamedTuple):
    """The model's inputs; shares as fractions (0.06 for 6 %)."""

    baseline: float
    saving: float
    years: int
    transition_months: float
    search: float
    governance: float
    exit: float
    severance: float
    escalation_in: float
    escalation_out: float
    discount: float


class Year(NamedTuple):
    year: int  # 0: the signing
    keep: float  # in-house cost that year
    outsource: float  # provider price, governance, one-off and exit costs that year
    difference: float  # keep − outsource: what outsourcing saves that year
    cumulative_keep: float
    cumulative_outsource: float


class HiddenCost(NamedTuple):
    cost: str  # which: TRANSITION_COST, SEARCH_COST, ... (output/assumptions.py names each)
    amount: float  # over the contract, undiscounted


# the hidden costs (Barthélemy 2001), by code
TRANSITION_COST = "transition"
SEARCH_COST = "search"
SEVERANCE_COST = "severance"
GOVERNANCE_COST = "governance"
EXIT_COST = "exit"


def flows(t: Terms) -> tuple[list[float], list[float]]:
    """(in-house, outsourced) cost of years 0..N."""
    keep = [0.0]
    out = [t.baseline * (t.search + t.transition_months / 12 + t.severance)]
    for year in range(1, t.years + 1):
        keep.append(t.baseline * (1 + t.escalation_in) ** (year - 1))
        price = t.baseline * (1 - t.saving) * (1 + t.escalation_out) ** (year - 1)
        out.append(price * (1 + t.governance) + (t.exit * price if year == t.years else 0.0))
    return keep, out


def present_values(t: Terms) -> tuple[float, float]:
    """(NPV of outsourcing against keeping, present value of the in-house cost): the sums of
    :func:`flows`, discounted, in one pass (the same operations in the same order, so the same
    figures to the last bit; the sampled uncertainty asks for thousands)."""
    b, n = t.baseline, t.years
    up_in, up_out, up_r = 1 + t.escalation_in, 1 + t.escalation_out, 1 + t.discount
    priced, governed = b * (1 - t.saving), 1 + t.governance
    value = 0.0 - b * (t.search + t.transition_months / 12 + t.severance)  # year 0: no keep
    kept = 0.0
    for year in range(1, n + 1):
        k = b * up_in ** (year - 1)
        price = priced * up_out ** (year - 1)
        o = price * governed + (t.exit * price if year == n else 0.0)
        factor = up_r**year
        value += (k - o) / factor
        kept += k / factor
    return value, kept


def npv(t: Terms) -> float:
    return present_values(t)[0]


def net_saving(t: Terms) -> float:
    """NPV as a % of the present value of the in-house cost (0 when that is 0)."""
    value, kept = present_values(t)
    return 100 * value / kept if kept > 0 else 0.0


def payback_year(t: Terms) -> int | None:
    keep, out = flows(t)
    cumulative, paid = 0.0, None
    for year, (k, o) in enumerate(zip(keep, out, strict=True)):
        cumulative += k - o
        if cumulative < -1e-9:
            paid = None
        elif paid is None and year >= 1:
            paid = year
    return paid


def saving_for(t: Terms, target: float, measure: str = "npv") -> float | None:
    """The headline saving (a fraction) at which the ``measure`` (``npv``, or ``net``: the net
    saving in %) reaches ``target``. Both are straight lines in the saving (the price, the
    governance and the exit cost are proportional to ``1 − s``; nothing else depends on it),
    so two evaluations give the line and the answer exactly. None when it is flat, or the
    answer lies beyond a saving of ±100 %."""

    def f(s: float) -> float:
        moved = t._replace(saving=s)
        return npv(moved) if measure == "npv" else net_saving(moved)

    at0, at1 = f(0.0), f(1.0)
    if at1 == at0:
        return None
    s = (target - at0) / (at1 - at0)
    return s if -1.0 <= s <= 1.0 else None


def hidden_costs(t: Terms) -> tuple[HiddenCost, ...]:
    """Each hidden cost over the contract (undiscounted), largest first."""
    prices = [
        t.baseline * (1 - t.saving) * (1 + t.escalation_out) ** (y - 1)
        for y in range(1, t.years + 1)
    ]
    found = [
        HiddenCost(TRANSITION_COST, cents(t.baseline * t.transition_months / 12)),
        HiddenCost(SEARCH_COST, cents(t.baseline * t.search)),
        HiddenCost(SEVERANCE_COST, cents(t.baseline * t.severance)),
        HiddenCost(GOVERNANCE_COST, cents(t.governance * sum(prices))),
        HiddenCost(EXIT_COST, cents(t.exit * prices[-1])),
    ]
    return tuple(sorted(found, key=lambda h: -h.amount))


def cents(x: float) -> float:
    """An amount as shown: to the cent, never -0.0."""
    return round(x, 2) + 0.0
