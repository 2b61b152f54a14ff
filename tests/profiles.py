"""Answer sets for judging the decision over many profiles, not one example
(docs/validation.md): uniform random answers, and *realistic* ones — drawn from a seeded
model in which the answers hang together as they do in real firms (a commodity tends to be
generic, measurable and cheaper outside; a differentiator specific, valued and hard to
copy; most firms that consider outsourcing have some of the controls in place).

The model is written from the sourcing literature's description of the kinds of function
(shared/domain-brief.md), never from the engine's output. ``realistic(rng, catalog, fixed)``
keeps every answer in ``fixed`` (a framework's cell) and draws the rest given them.
"""

from __future__ import annotations

import math
import random
from typing import Any

from outsource_cli.questionnaire.catalog import Catalog

AnswerSet = dict[str, Any]


def pick(rng: random.Random, weighted: dict[Any, float]) -> Any:
    values = list(weighted)
    return rng.choices(values, weights=[weighted[v] for v in values])[0]


def uniform(rng: random.Random, catalog: Catalog) -> AnswerSet:
    """Every question answered uniformly at random (numbers uniform on their scale)."""
    answers: AnswerSet = {}
    for qid, q in catalog.questions.items():
        if q.type == "number":
            lo, hi = q.scale
            answers[qid] = (
                round(rng.uniform(lo, hi)) if hi - lo >= 10 else round(rng.uniform(lo, hi), 2)
            )
        elif q.type == "multi":
            answers[qid] = tuple(str(o.value) for o in q.options if rng.random() < 0.5)
        else:
            answers[qid] = rng.choice([o.value for o in q.options])
    return answers


def realistic(rng: random.Random, catalog: Catalog, fixed: AnswerSet | None = None) -> AnswerSet:
    """A realistic, internally consistent answer set; ``fixed`` answers are kept and the others
    drawn given them."""
    fixed = dict(fixed or {})
    a: AnswerSet = {}

    def put(qid: str, weighted: dict[Any, float]) -> Any:
        if qid in fixed:
            a[qid] = fixed[qid]
        else:
            a[qid] = pick(rng, weighted)
        return a[qid]

    def num(qid: str, value: float) -> float:
        if qid in fixed:
            a[qid] = fixed[qid]
        else:
            a[qid] = value
        return float(a[qid])

    kind = put("profile.work_kind", {"it": 1, "business_process": 1, "knowledge": 0.6})
    critical = put("profile.criticality", {"critical": 0.3, "important": 0.4, "supporting": 0.3})
    diff = put("core.differentiation", {"differentiator": 0.2, "parity": 0.35, "commodity": 0.45})
    core = {"differentiator": 1.0, "parity": 0.5, "commodity": 0.0}[diff]  # how core it is
    put("profile.customer_contact", {"none": 0.5, "written": 0.3, "live": 0.2})
    put("profile.geography", {"one_country": 0.5, "one_region": 0.3, "global": 0.2})
    num("profile.team_size", float(round(math.exp(rng.uniform(math.log(3), math.log(400))))))
    put(
        "profile.change_pace",
        {"stable": 0.45 - 0.2 * core, "evolving": 0.4, "transforming": 0.15 + 0.2 * core},
    )
    put("profile.onsite", {"none": 0.6, "some": 0.3, "most": 0.1})
    put(
        "core.customer_value",
        {
            1: 0.3 - 0.25 * core,
            2: 0.3 - 0.2 * core,
            3: 0.25,
            4: 0.1 + 0.25 * core,
            5: 0.05 + 0.2 * core,
        },
    )
    put(
        "core.imitability",
        {"unique": 0.05 + 0.4 * core, "hard": 0.2 + 0.3 * core, "common": 0.75 - 0.7 * core},
    )
    specific = put(
        "core.specificity",
        {"high": 0.03 + 0.5 * core, "moderate": 0.35, "generic": 0.62 - 0.5 * core},
    )
    put(
        "core.measurability",
        {"fully": 0.57 - 0.4 * core, "partly": 0.4, "hardly": 0.03 + 0.3 * core},
    )
    put("core.integration", {"loose": 0.4 - 0.2 * core, "moderate": 0.4, "tight": 0.2 + 0.2 * core})
    # the provider's advantage over in-house (in standard units) drives the capability gap, whether
    # in-house could match a provider's efficiency, and the saving a provider would offer
    advantage = rng.gauss(0.3 - 1.2 * core, 1.0)
    noisy = advantage + rng.gauss(0, 0.4)
    gap = "behind" if noisy > 0.7 else "ahead" if noisy < -0.7 else "on_par"
    if "core.capability_gap" in fixed:
        gap = fixed["core.capability_gap"]
    a["core.capability_gap"] = gap
    put(
        "core.requirements_stability",
        {"stable": 0.6 - 0.3 * core, "shifting": 0.3, "volatile": 0.1 + 0.2 * core},
    )
    put("core.control_need", {"low": 0.5 - 0.4 * core, "moderate": 0.4, "high": 0.1 + 0.3 * core})
    if kind in ("business_process", "knowledge"):
        put("core.rule_complexity", {"simple": 0.35, "moderate": 0.45, "complex": 0.2})
    # control: most firms considering a deal have the controls, some do not
    sensitivity = put(
        "control.data_sensitivity",
        {"public": 0.15, "internal": 0.35, "personal": 0.3, "regulated": 0.2},
    )
    if sensitivity in ("personal", "regulated"):
        put("control.data_residency", {"none": 0.4, "region": 0.4, "country": 0.2})
    put("control.regulation", {"none": 0.4, "some": 0.4, "strict": 0.19, "prohibited": 0.01})
    put("control.ip_exposure", {"none": 0.6 - 0.5 * core, "some": 0.35, "core": 0.05 + 0.45 * core})
    put("control.audit_rights", {True: 0.85, False: 0.15})
    put("control.exit_plan", {True: 0.75, False: 0.25})
    put("control.reversibility", {"easy": 0.35, "moderate": 0.45, "hard": 0.2})
    put("control.concentration", {True: 0.2, False: 0.8})
    put("control.subcontracting", {"none": 0.5, "visible": 0.42, "opaque": 0.08})
    put("control.selection", {"competitive": 0.6, "limited": 0.3, "price_pressure": 0.1})
    # skills: a commodity has a deep provider market
    scarcity = put("skills.scarcity", {"easy": 0.4, "moderate": 0.4, "hard": 0.2})
    if scarcity in ("moderate", "hard"):
        num("skills.time_to_hire", float(rng.choice([2, 3, 4, 6, 9, 12])))
    put("skills.specialised_tech", {"none": 0.5, "some": 0.35, "extensive": 0.15})
    put("skills.demand_variability", {"steady": 0.5, "seasonal": 0.35, "volatile": 0.15})
    put("skills.attrition", {"low": 0.35, "moderate": 0.45, "high": 0.2})
    put(
        "skills.provider_market",
        {"many": 0.75 - 0.4 * core, "few": 0.24 + 0.3 * core, "none": 0.01 + 0.1 * core},
    )
    if kind in ("it", "knowledge"):
        put("skills.speed_innovation", {"provider_brings": 0.35, "neutral": 0.45, "ours_only": 0.2})
    # culture and readiness
    put("culture.collaboration", {"low": 0.35, "moderate": 0.45, "high": 0.2})
    put("culture.language", {"english": 0.5, "widely_spoken": 0.3, "local": 0.2})
    num("culture.overlap_hours", float(rng.choice([0, 2, 3, 4, 6, 8])))
    put("culture.documented_processes", {"fully": 0.35, "partly": 0.45, "tacit": 0.2})
    put("culture.governance_capacity", {"strong": 0.35, "some": 0.5, "none": 0.15})
    put("culture.stakeholder_support", {"supportive": 0.4, "mixed": 0.45, "resistant": 0.15})
    if a.get("profile.customer_contact") in ("written", "live"):
        put("culture.provider_fit", {"good": 0.45, "mixed": 0.4, "poor": 0.15})
    put("culture.transition", {"phased": 0.75, "big_bang": 0.25})
    # the economics: a commodity is cheaper outside; a firm as efficient as a provider saves less
    noisy = advantage + rng.gauss(0, 0.4)
    efficiency = "no" if noisy > 0.4 else "yes" if noisy < -0.9 else "partly"
    if "cost.in_house_efficiency" in fixed:
        efficiency = fixed["cost.in_house_efficiency"]
    a["cost.in_house_efficiency"] = efficiency
    put("cost.relative_scale", {"comparable": 0.2, "smaller": 0.5, "much_smaller": 0.3})
    put("cost.investment_avoided", {"major": 0.1, "some": 0.3, "none": 0.6})
    num("cost.baseline_cost", float(round(math.exp(rng.uniform(math.log(200), math.log(20000))))))
    # headline savings: about 25 % for an average provider edge (published ranges for
    # outsourced commodity work run 15-40 %), less where a provider must learn what is specific
    mean = 25 + 7 * advantage - {"high": 5, "moderate": 0, "generic": -2}[str(specific)]
    num("cost.expected_savings", float(round(min(80, max(-50, rng.gauss(mean, 4))))))
    num("cost.contract_years", float(rng.choice([3, 3, 4, 5, 5, 5, 7])))
    num("cost.transition_months", float(rng.choice([2, 3, 4, 4, 6])))
    put("cost.adjust_assumptions", {False: 1.0})
    _ = critical
    return {k: v for k, v in a.items() if k in catalog.questions}


def completions(
    catalog: Catalog, fixed: AnswerSet, n: int, seed: int = 0, max_tries: int = 400_000
) -> list[AnswerSet]:
    """``n`` realistic answer sets that answer ``fixed`` as given: drawn from the realistic
    model and kept only when they do (rejection sampling), so every other answer follows the
    model's correlations *given* the cell, as in the firms that are in that cell."""
    rng = random.Random(seed)
    found: list[AnswerSet] = []
    for _ in range(max_tries):
        a = realistic(rng, catalog)
        if all(a.get(k) == v for k, v in fixed.items()):
            found.append(a)
            if len(found) == n:
                return found
    raise RuntimeError(f"the realistic model rarely gives {fixed}: {len(found)} of {n}")
