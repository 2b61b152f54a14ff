"""The business case for a person: a few lines for the terminal, a table and a cumulative-cost
chart (inline SVG) for the reports. Pure: returns strings. Every text here is the tool's own
(numbers and fixed words), escaped all the same."""

from __future__ import annotations

from typing import Any

from outsource_cli.decision.business_case import BASELINE, SAVING, BusinessCase
from outsource_cli.decision.counterfactuals import Counterfactuals
from outsource_cli.output import assumptions as words
from outsource_cli.output.amounts import count, money, pct_beside, unit


def outcome_change(case: BusinessCase, cf: Counterfactuals | None) -> tuple[str, float, str] | None:
    """The nearest headline saving at which the outcome changes, as ("below" or "above", the
    saving, the new outcome): from the single changes that flip it (None when none does)."""
    if cf is None:
        return None
    found = [
        (abs(float(c.value) - case.saving), float(c.value), f.outcome)
        for f in cf.singles
        for c in f.changes
        if len(f.changes) == 1 and c.question == SAVING and isinstance(c.value, int | float)
    ]
    if not found:
        return None
    _, value, outcome = min(found)
    return ("below" if value < case.saving else "above"), value, outcome


def changes_below(case: BusinessCase, cf: Counterfactuals | None) -> float | None:
    """The saving at or below which the outcome changes (None when no lower saving does)."""
    if cf is None:
        return None
    lower = [
        float(c.value)
        for f in cf.singles
        for c in f.changes
        if len(f.changes) == 1
        and c.question == SAVING
        and isinstance(c.value, int | float)
        and c.value < case.saving
    ]
    return max(lower) if lower else None


OUTCOME_WORDS = {"keep_in_house": "keep in-house", "hybrid": "hybrid", "outsource": "outsource"}


def npv_words(case: BusinessCase, currency: str | None = None) -> str:
    """ "NPV EUR +1,234.5k over 5 years", or "costs EUR 1,234.5k more over 5 years"."""
    years = count(len(case.years) - 1, "year")
    if case.npv < 0:
        return f"costs {money(-case.npv, currency)} more over {years}, in today's money"
    return f"NPV {money(case.npv, currency, sign=True)} over {years}"


def _payback(case: BusinessCase) -> str:
    years = len(case.years) - 1
    if case.payback_year is not None:
        return f"pays back in year {case.payback_year}"
    return f"does not pay back within the {count(years, 'year')}"


def _break_even(case: BusinessCase) -> str:
    if case.break_even_saving is None:
        # the NPV is a straight line in the saving, with no zero from -100 % to 100 %: its
        # sign now is its sign everywhere there
        if case.npv < 0:
            return "no saving up to 100 % breaks even"
        return "it pays at any saving from -100 % to 100 % (break-even below -100 %)"
    # never shown on the other side of the headline saving it is compared with
    return f"break-even saving {pct_beside(case.break_even_saving, (case.saving,))}"


def _net(case: BusinessCase, edges: tuple[float, ...]) -> str:
    """The net saving, signed, never rounded across an economics threshold."""
    return ("+" if case.net_saving >= 0 else "") + pct_beside(case.net_saving, edges)


def _change(case: BusinessCase, cf: Counterfactuals | None) -> str:
    change = outcome_change(case, cf)
    if change is None:
        return ""
    side, value, outcome = change
    edge = "or less" if side == "below" else "or more"
    return f"with a headline saving of {value:g} % {edge} the outcome would be {OUTCOME_WORDS[outcome]}"


def short(case: BusinessCase, currency: str | None = None) -> str:
    """The short answer's money, one sentence: the NPV (and how many of its inputs are
    assumed), the payback, and the break-even as the provider's price against today's cost
    (the net saving is the economics stage's line; the rest is in the full answer)."""
    years = len(case.years) - 1
    n = len(case.assumptions)
    assumed = f" ({count(n, 'input')} assumed)" if n else ""
    return (
        f"NPV {money(case.npv, currency, sign=True)} over {count(years, 'year')} at "
        f"{case.discount_rate:g} %{_on_assumed_cost(case, currency)}{assumed}; "
        f"{_payback(case)}; {_break_even_price(case)}."
    )


def _on_assumed_cost(case: BusinessCase, currency: str | None) -> str:
    """ ", on an assumed in-house cost of EUR 1,000.0k a year": said with every money figure
    made from an in-house cost nobody gave (the percentages do not depend on it)."""
    baseline = next((a for a in case.assumptions if a.question == BASELINE), None)
    if baseline is None:
        return ""
    return f", on an assumed in-house cost of {money(baseline.value, currency)} a year"


def _break_even_price(case: BusinessCase) -> str:
    """ "breaks even at a price 17.5 % below today's cost (you expect 20 %)": the break-even
    saving in the words of the question, never shown across the headline saving."""
    if case.break_even_saving is None:
        return _break_even(case)

    def price(x: float, shown: str) -> str:
        if x == 0:
            return "equal to today's cost"
        return f"{shown.lstrip('-')} {'below' if x > 0 else 'above'} today's cost"

    be = case.break_even_saving
    expected = (
        f"{case.saving:g} %" if case.saving >= 0 else price(case.saving, f"{case.saving:g} %")
    )
    return (
        f"breaks even at a price {price(be, pct_beside(be, (case.saving,)))} "
        f"(you expect {expected})"
    )


def summary(
    case: BusinessCase,
    cf: Counterfactuals | None = None,
    currency: str | None = None,
    edges: tuple[float, ...] = (),
) -> list[str]:
    """The reports' summary: NPV, payback, break-even, the largest hidden cost, and what the
    saving would have to be for the outcome to change."""
    years = len(case.years) - 1
    n = len(case.assumptions)
    assumed = f" ({count(n, 'input')} assumed: see the business case)" if n else ""
    net = (  # a loss said as a loss, not as a negative saving
        f"net saving {_net(case, edges)}"
        if case.net_saving >= 0
        else f"a net loss of {pct_beside(case.net_saving, edges).lstrip('-')}"
    )
    lines = [
        f"Over {count(years, 'year')} at {case.discount_rate:g} %{_on_assumed_cost(case, currency)}"
        f"{assumed}: NPV {money(case.npv, currency, sign=True)} "
        f"({net} against a {case.saving:g} % headline saving); "
        f"{_payback(case)}; {_break_even(case)}.",
    ]
    if case.hidden_costs:
        top = case.hidden_costs[0]
        lines.append(
            f"Largest hidden cost: {words.hidden_cost(top)}, {money(top.amount, currency)}."
        )
    change = _change(case, cf)
    if change:
        lines.append(change[:1].upper() + change[1:] + ".")
    return lines


def assumptions(case: BusinessCase, currency: str | None = None) -> list[str]:
    """Each assumption as a sentence ("assumed: discount rate 8 % a year — ...")."""
    return [f"assumed: {words.text(a, currency)}" for a in case.assumptions]


def hidden_costs(case: BusinessCase, currency: str | None = None) -> str:
    """ "transition EUR 150.0k; vendor search and contracting EUR 20.0k; ..." """
    return "; ".join(
        f"{words.hidden_cost(h)} {money(h.amount, currency)}" for h in case.hidden_costs
    )


def data(case: BusinessCase, currency: str | None, out: dict[str, Any]) -> None:
    """The business case's JSON (``out``, made by ``Decision.to_dict``) with the words: each
    hidden cost's ``name`` and each assumption's ``text``, as the reports write them."""
    out["hidden_costs"] = [
        {"name": words.hidden_cost(h), "amount": h.amount} for h in case.hidden_costs
    ]
    out["assumptions"] = [
        {"question": a.question, "value": a.value, "text": words.text(a, currency)}
        for a in case.assumptions
    ]


HEADER = (
    "Year",
    "In-house",
    "Outsourced",
    "Saving that year",
    "Cumulative in-house",
    "Cumulative outsourced",
)


def cumulative_chart(case: BusinessCase, currency: str | None = None) -> str:
    """An inline SVG line chart of the cumulative cost of keeping and of outsourcing."""
    width, height, left, top, bottom = 540, 220, 96, 16, 36
    plot_w, plot_h = width - left - 16, height - top - bottom
    years = [y.year for y in case.years]
    values = [v for y in case.years for v in (y.cumulative_keep, y.cumulative_outsource)]
    high = max(values) or 1.0
    last = max(years) or 1

    def x(year: int) -> float:
        return round(left + plot_w * year / last, 1)

    def yv(v: float) -> float:
        return round(top + plot_h * (1 - v / high), 1)

    def line(points: list[tuple[int, float]], colour: str, name: str) -> str:
        path = " ".join(f"{x(a)},{yv(b)}" for a, b in points)
        return (
            f'<polyline class="{name}" fill="none" stroke="{colour}" stroke-width="2" '
            f'points="{path}"/>'
        )

    keep = [(y.year, y.cumulative_keep) for y in case.years]
    out = [(y.year, y.cumulative_outsource) for y in case.years]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>Cumulative cost, in {unit(currency)}: keeping the work in-house (blue) and "
        "outsourcing it (orange)</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#9aa3b2"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{money(high, currency)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
        *(  # a quarter, a half and three quarters of the top: the gap can be read off
            f'<line x1="{left}" y1="{yv(v)}" x2="{left + plot_w}" y2="{yv(v)}" stroke="#e5e8ee"/>'
            f'<text x="{left - 6}" y="{yv(v) + 4}" text-anchor="end">{money(v, currency)}</text>'
            for v in (high * q / 4 for q in (1, 2, 3))
        ),
        line(keep, "#3d6fb6", "keep"),
        line(out, "#d9822b", "outsource"),
    ]
    parts += [
        f'<text x="{x(yr)}" y="{top + plot_h + 16}" text-anchor="middle">{yr}</text>'
        for yr in years
    ]
    parts.append(
        f'<text x="{left}" y="{height - 4}" fill="#3d6fb6">— in-house</text>'
        f'<text x="{left + 110}" y="{height - 4}" fill="#d9822b">— outsourced</text>'
        f'<text x="{left + plot_w}" y="{height - 4}" text-anchor="end">year</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def thresholds(policy: object) -> tuple[float, ...]:
    """The economics thresholds a net saving is compared with (none: the default policy's)."""
    e = getattr(policy, "economics", None)
    if e is None:
        return ()
    return tuple(
        float(v)
        for v in (getattr(e, k, None) for k in ("pays_at", "loses_below", "heavy_loss_below"))
        if v is not None
    )
