"""What a decision recommends beside the outcome, each by the policy's first rule that holds:
the form, the location (the nearest any rule that holds, or could, allows), the sourcing
model, the contract (with the business case over the length it advises) and the
mitigations. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from outsource_cli.decision import business_case as cost_case
from outsource_cli.decision import missing as missing_answers
from outsource_cli.decision.evaluation import Evaluation
from outsource_cli.decision.gate_results import question_ids, triggers_of
from outsource_cli.decision.parts import Choice, Contract, Mitigation, SourcingModel
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import Truth, leaves, truth
from outsource_cli.questionnaire.shapes import LOCATIONS, Condition, Policy, QuestionCondition


def form_choice(policy: Policy, ev: Evaluation) -> Choice:
    """The form of the first form rule whose condition holds, or the policy's default."""
    for i, rule in enumerate(policy.form.rules):
        if truth(rule.when, ev.effective, ev.dims, open_=ev.open) is True:
            return Choice(rule.form, rule.because, f"form.rules[{i}]")
    return Choice(policy.form.default, policy.form.because, None)


def sourcing_model(policy: Policy, ev: Evaluation) -> SourcingModel | None:
    """The first sourcing model for the outcome whose condition holds."""
    for m in policy.models:
        if (
            ev.outcome in m.outcomes
            and ev.stages.strategy in m.strategy
            and (m.when is None or truth(m.when, ev.effective, ev.dims, open_=ev.open) is True)
        ):
            return SourcingModel(m.id, m.title, m.because, m.keep, m.buy)
    return None


def contract_choice(policy: Policy, ev: Evaluation) -> Contract | None:
    """The first contract rule for the outcome whose condition holds (an unanswered input
    never picks a rule: the later, more cautious rules apply)."""
    for c in policy.contracts:
        if ev.outcome in c.outcomes and (
            c.when is None or truth(c.when, ev.effective, ev.dims, open_=ev.open) is True
        ):
            return Contract(c.type, c.length, c.because, c.years)
    return None


def costed_contract(
    catalog: Catalog,
    ev: Evaluation,
    contract: Contract | None,
    case: cost_case.BusinessCase | None,
) -> Contract | None:
    """The contract with the business case's NPV over the length it advises, when the
    answers cost another one (a case that pays over five years may not over three)."""
    if contract is None or contract.years is None or case is None:
        return contract
    if len(case.years) - 1 == round(contract.years):
        return contract
    other = cost_case.build(catalog, {**ev.effective, cost_case.YEARS: contract.years})
    return contract if other is None else contract._replace(npv_at_years=other.npv)


def location_choices(
    catalog: Catalog,
    ev: Evaluation,
    missing: missing_answers.Missing,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[Choice, ...]:
    """The default, then every rule that holds or could hold (conservative: a rule that an
    unanswered question, or another of an uncertain answer's values (``uncertain``: rule id
    -> those answers), could trigger limits the location until it is answered)."""
    policy = catalog.policy
    reasons = [Choice(policy.location.default, policy.location.because, None)]
    for i, rule in enumerate(policy.location.rules):
        if not missing.locations_possible[i] and rule.id not in uncertain:
            continue
        certain = missing.locations_certain[i] and rule.id not in uncertain
        widen = () if certain else open_inputs(catalog, rule.when, ev)
        widen += tuple(q for q in uncertain.get(rule.id, ()) if q not in widen)
        reasons.append(Choice(rule.at_most, rule.because, rule.id, certain, widen))
    return tuple(reasons)


def open_inputs(catalog: Catalog, cond: Condition, ev: Evaluation) -> tuple[str, ...]:
    """The open questions a condition reads (every question of a set whose score it tests)."""
    found: list[str] = []
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            candidates = [leaf.question]
        else:
            candidates = question_ids(catalog, leaf.dimension)
        found.extend(q for q in candidates if q in ev.open and q not in found)
    return tuple(found)


def location_limit(policy: Policy, reasons: tuple[Choice, ...]) -> str | None:
    """The nearest location any of ``reasons`` allows (None: no location is given)."""
    if not reasons:
        return None
    return min((c.value for c in reasons), key=LOCATIONS.index)


def mitigations(
    catalog: Catalog,
    ev: Evaluation,
    location: str | None,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[Mitigation, ...]:
    """The mitigations for the outcome and location whose condition holds, or could hold
    once an unanswered question is answered or (``uncertain``: mitigation id -> those
    answers) another of an uncertain answer's values is the real one."""
    found = []
    for m in catalog.policy.mitigations:
        if ev.outcome not in m.outcomes or (location is not None and location not in m.locations):
            continue
        t: Truth = True if m.when is None else truth(m.when, ev.effective, ev.dims, open_=ev.open)
        if t is False and m.id in uncertain:
            t = None
        if t is False:
            continue
        triggers = () if m.when is None else triggers_of(catalog, m.when, ev, t)
        if t is None:
            triggers += tuple(q for q in uncertain.get(m.id, ()) if q not in triggers)
        found.append(
            Mitigation(m.id, m.category, m.title, m.because, m.actions, triggers, t is True)
        )
    return tuple(found)
