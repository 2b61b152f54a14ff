"""``vet``: the whole vetting of a set of providers, from the inputs to one record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision.vetting import evaluators, ranking
from outsource_cli.decision.vetting import gaps as due_diligence
from outsource_cli.decision.vetting import price as pricing
from outsource_cli.decision.vetting import requirements as reqs
from outsource_cli.decision.vetting import swap as swapping
from outsource_cli.decision.vetting.evaluators import Disagreement, Spread
from outsource_cli.decision.vetting.gaps import Gaps
from outsource_cli.decision.vetting.inputs import Decision, Provider
from outsource_cli.decision.vetting.ranking import Scored
from outsource_cli.decision.vetting.requirements import Check, Requirement
from outsource_cli.decision.vetting.swap import Change
from outsource_cli.questionnaire.catalog import Catalog


class Row(NamedTuple):
    scored: Scored
    evaluators: tuple[str, ...]
    check: Check
    price: pricing.Price | None


class Note(NamedTuple):
    """Something to know about the vetting as a whole: ``kind`` is "keep_in_house" (the
    decision keeps the function in-house: the providers are vetted all the same),
    "not_checked" (the provider sets cannot check ``requirement``) or "no_business_case"
    (the decision has none: prices are not compared)."""

    kind: str
    requirement: Requirement | None = None


class Vetting(NamedTuple):
    function: str | None
    decision: Decision | None
    requirements: tuple[Requirement, ...]
    ranked: tuple[Row, ...]  # not knocked out, best first
    excluded: tuple[Row, ...]  # knocked out, by name
    margin: float | None  # first's score minus second's
    swaps: tuple[Change, ...]  # every single change that puts second above first, smallest first
    spreads: tuple[Spread, ...]
    disagreements: tuple[Disagreement, ...]
    gaps: Gaps
    case: pricing.Case | None
    trade_offs: tuple[pricing.TradeOff, ...]
    factors: Mapping[str, float]
    notes: tuple[Note, ...]

    @property
    def swap(self) -> Change | None:
        return self.swaps[0] if self.swaps else None


def vet(
    catalog: Catalog,
    providers: Sequence[Provider],
    decision: Decision | None = None,
    sets: Catalog | None = None,
    factors: Mapping[str, float] | None = None,
) -> Vetting:
    """``catalog``: the provider sets; ``sets``: the sourcing sets the decision was made
    against (for its business case)."""
    factors = dict(factors or {})
    requirements, case, notes = _requirements(catalog, decision, sets)
    rows = [_row(catalog, p, requirements, case, factors) for p in providers]
    ranked = sorted(
        (r for r in rows if not r.check.knocked_out),
        key=lambda r: ranking.key(r.scored.name, r.scored.score),
    )
    excluded = sorted((r for r in rows if r.check.knocked_out), key=lambda r: r.scored.name)
    scored_rows = [r.scored for r in ranked if r.scored.score is not None]
    margin = None
    swaps: list[Change] = []
    if len(scored_rows) >= 2:
        first, second = scored_rows[0], scored_rows[1]
        assert first.score is not None and second.score is not None
        margin = round(first.score - second.score, 9) + 0.0
        swaps = swapping.swaps(catalog, first, second, factors)
    evaluations = {p.name: p.evaluations for p in providers}
    spreads = [
        s
        for r in rows
        for s in evaluators.spreads(catalog, r.scored.name, evaluations[r.scored.name])
    ]
    disagreements = evaluators.disagreements(catalog, scored_rows, evaluations, factors)
    could_be_out = [r.scored.name for r in ranked if r.check.open]
    gaps = due_diligence.gaps(catalog, scored_rows, could_be_out, factors)
    function = decision.function if decision is not None else None
    if function is None:
        function = next((p.function for p in providers if p.function), None)
    return Vetting(
        function,
        decision,
        tuple(requirements),
        tuple(ranked),
        tuple(excluded),
        margin,
        tuple(swaps),
        tuple(spreads),
        tuple(disagreements),
        gaps,
        case,
        tuple(_trade_offs(case, decision, ranked, scored_rows)),
        factors,
        tuple(notes),
    )


def _requirements(
    catalog: Catalog, decision: Decision | None, sets: Catalog | None
) -> tuple[list[Requirement], pricing.Case | None, list[Note]]:
    """The requirements the provider sets can check (the decision's, or without one the
    sets' policy gates), the decision's business case, and the notes on both."""
    notes: list[Note] = []
    if decision is not None:
        wanted = reqs.from_decision(decision.data, decision.answers)
        if decision.outcome == "keep_in_house":
            notes.append(Note("keep_in_house"))
    else:
        wanted = reqs.from_policy(catalog)
    requirements, cannot = reqs.usable(wanted, catalog)
    notes.extend(Note("not_checked", r) for r in cannot)
    case = None
    if decision is not None and sets is not None:
        case = pricing.case(sets, decision.answers)
        if case is None:
            notes.append(Note("no_business_case"))
    return requirements, case, notes


def _row(
    catalog: Catalog,
    provider: Provider,
    requirements: Sequence[Requirement],
    case: pricing.Case | None,
    factors: Mapping[str, float],
) -> Row:
    """One provider scored, checked against the requirements and priced."""
    answers = ranking.combine(catalog, provider.evaluations)
    scored = ranking.score_provider(catalog, provider.name, answers, factors)
    check = reqs.check(requirements, [(e.evaluator, e.answers) for e in provider.evaluations])
    quote = answers.get(pricing.PRICE)
    cost = None
    if case is not None and isinstance(quote, int | float) and not isinstance(quote, bool):
        cost = pricing.price(case, provider.name, float(quote))
    return Row(scored, tuple(e.evaluator for e in provider.evaluations), check, cost)


def _trade_offs(
    case: pricing.Case | None,
    decision: Decision | None,
    ranked: Sequence[Row],
    scored_rows: Sequence[Scored],
) -> list[pricing.TradeOff]:
    """What the first provider's lead costs or saves against each other scored one."""
    trade_offs: list[pricing.TradeOff] = []
    if case is None or not scored_rows:
        return trade_offs
    prices = {r.scored.name: r.price for r in ranked if r.price is not None}
    comps = {
        r.scored.name: {c.set_id: (c.title, c.score) for c in r.scored.competencies} for r in ranked
    }
    currency = decision.data.get("currency") if decision is not None else None
    currency = currency if isinstance(currency, str) else None  # checked when read
    for other in scored_rows[1:]:
        t = pricing.trade_off(
            scored_rows[0].name, other.name, prices, comps, case.terms.years, currency
        )
        if t is not None:
            trade_offs.append(t)
    return trade_offs
