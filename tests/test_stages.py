"""The staged decision judged over many profiles, not one example (docs/validation.md):
uniform random and realistic answer sets, a business case that loses money, every lever at
its worst, one answer alone, and monotonicity."""

from __future__ import annotations

import collections
import random
from typing import Any

import pytest

from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.decision.evaluation import evaluate
from outsource_cli.questionnaire.catalog import Catalog
from tests.profiles import realistic, uniform

PROFILES = 600


def samples(catalog: Catalog, kind: str, n: int = PROFILES, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    make = realistic if kind == "realistic" else uniform
    return [make(rng, catalog) for _ in range(n)]


# every lever at its worst (the readiness shortfalls a firm can fix before signing)
WORST_LEVERS = {
    "control.exit_plan": False,
    "control.audit_rights": False,
    "control.concentration": True,
    "control.selection": "price_pressure",
    "control.subcontracting": "opaque",
    "culture.documented_processes": "tacit",
    "culture.governance_capacity": "none",
    "culture.transition": "big_bang",
    "culture.stakeholder_support": "resistant",
}

# a middle profile: the middle answer of every question, nothing that argues either way
MIDDLE = {
    "profile.work_kind": "business_process",
    "profile.criticality": "important",
    "profile.customer_contact": "written",
    "profile.geography": "one_region",
    "profile.team_size": 40,
    "profile.change_pace": "evolving",
    "profile.onsite": "some",
    "core.differentiation": "parity",
    "core.customer_value": 3,
    "core.imitability": "hard",
    "core.specificity": "moderate",
    "core.measurability": "partly",
    "core.integration": "moderate",
    "core.capability_gap": "on_par",
    "core.requirements_stability": "shifting",
    "core.control_need": "moderate",
    "core.rule_complexity": "moderate",
    "control.data_sensitivity": "internal",
    "control.regulation": "some",
    "control.ip_exposure": "some",
    "control.audit_rights": True,
    "control.exit_plan": True,
    "control.reversibility": "moderate",
    "control.concentration": False,
    "control.subcontracting": "visible",
    "control.selection": "limited",
    "skills.scarcity": "moderate",
    "skills.time_to_hire": 4,
    "skills.specialised_tech": "some",
    "skills.demand_variability": "seasonal",
    "skills.attrition": "moderate",
    "skills.provider_market": "few",
    "culture.collaboration": "moderate",
    "culture.language": "widely_spoken",
    "culture.overlap_hours": 4,
    "culture.documented_processes": "partly",
    "culture.governance_capacity": "some",
    "culture.stakeholder_support": "mixed",
    "culture.provider_fit": "mixed",
    "culture.transition": "phased",
    "cost.baseline_cost": 1000,
    "cost.expected_savings": 20,
    "cost.contract_years": 5,
    "cost.transition_months": 4,
    "cost.adjust_assumptions": False,
    "cost.investment_avoided": "some",
    "cost.in_house_efficiency": "partly",
    "cost.relative_scale": "smaller",
}


@pytest.mark.parametrize("kind", ["realistic", "uniform"])
def test_no_plain_outsource_loses_money_unless_a_reason_is_named(
    catalog: Catalog, kind: str
) -> None:
    for answers in samples(catalog, kind):
        d = decide(catalog, answers)
        case = d.business_case
        if d.outcome != "outsource" or case is None or case.npv >= 0:
            continue
        economics = d.stages[1]
        assert economics.verdict == "premium", answers  # the reason is named...
        assert economics.because and economics.answers  # ...with the answers behind it
        assert economics.figure is not None and economics.figure < 0  # and the cost in money


def test_a_loss_with_no_reason_never_outsources(catalog: Catalog) -> None:
    for answers in samples(catalog, "realistic"):
        e = evaluate(catalog, answers)
        if e.stages.economics == "loses":
            assert e.outcome != "outsource"


def test_cost_alone_moves_the_outcome_across_keep_hybrid_and_outsource(catalog: Catalog) -> None:
    seen = {
        evaluate(catalog, {**MIDDLE, "cost.expected_savings": s}).outcome for s in range(-50, 81, 2)
    }
    assert seen == {"keep_in_house", "hybrid", "outsource"}


def test_every_lever_at_its_worst_is_never_a_plain_outsource(catalog: Catalog) -> None:
    for answers in samples(catalog, "realistic", 300):
        d = decide(catalog, {**answers, **WORST_LEVERS})
        assert not (d.outcome == "outsource" and d.ready), answers
        if d.recommended and d.outcome != "keep_in_house":
            assert d.conditions and all(c.certain for c in d.conditions)
            assert d.stages[2].verdict in ("once_ready", "limited", "ruled_out")


def test_levers_alone_standing_in_the_way_are_said_as_what_to_do(catalog: Catalog) -> None:
    """Whenever fixing the levers would give a plain outsource, the answer lists them: as
    readiness steps, or (a regulated function's knock-out) as a lever counterfactual."""
    rng = random.Random(3)
    checked = 0
    for _ in range(150):
        answers = {**realistic(rng, catalog), **WORST_LEVERS}
        best = {
            **answers,
            "control.exit_plan": True,
            "control.audit_rights": True,
            "control.concentration": False,
            "control.selection": "competitive",
            "control.subcontracting": "visible",
            "culture.documented_processes": "fully",
            "culture.governance_capacity": "strong",
            "culture.transition": "phased",
            "culture.stakeholder_support": "supportive",
        }
        fixed = decide(catalog, best)
        if not (fixed.recommended and fixed.outcome == "outsource" and fixed.ready):
            continue
        checked += 1
        if decide(catalog, answers).conditions:
            continue  # the steps are listed
        cf = find_counterfactuals(catalog, answers, pairs=True)
        levers = [f for f in (*cf.singles, *cf.pairs) if f.kind == "lever"]
        assert levers, answers  # a regulated function's knock-out: the levers that lift it
    assert checked >= 10


def test_uniform_random_answers_are_not_squeezed_into_hybrid(catalog: Catalog) -> None:
    """Uniform answers are not real firms: a quarter say the law forbids outsourcing and about
    half give a business case that loses heavily, so most are kept in-house, each for a named
    reason (docs/validation.md). What must not come back is the squeeze into hybrid."""
    counts = collections.Counter()
    for answers in samples(catalog, "uniform"):
        e = evaluate(catalog, answers)
        counts[e.outcome] += 1
        if e.outcome == "keep_in_house":
            law = answers.get("control.regulation") == "prohibited"
            assert (
                law
                or e.stages.strategy == "insource"
                or e.stages.economics
                in (
                    "loses_heavily",
                    None,
                )
            ), answers
    assert counts["hybrid"] / PROFILES <= 0.6 and counts["outsource"] / PROFILES <= 0.6, counts


def test_realistic_profiles_spread_over_the_outcomes(catalog: Catalog) -> None:
    counts = collections.Counter(
        evaluate(catalog, a).outcome for a in samples(catalog, "realistic")
    )
    assert all(counts[o] / PROFILES <= 0.6 for o in counts), counts
    assert len(counts) == 3


def test_every_hybrid_names_what_stays_and_what_goes(catalog: Catalog) -> None:
    for answers in samples(catalog, "uniform", 300):
        d = decide(catalog, answers)
        if d.recommended and d.outcome == "hybrid":
            assert d.model is not None and d.model.keep and d.model.buy, answers


def test_the_shape_never_contradicts_the_outcome(catalog: Catalog) -> None:
    for answers in samples(catalog, "uniform", 300) + samples(catalog, "realistic", 300):
        d = decide(catalog, answers)
        if not d.recommended:
            continue
        if d.outcome == "outsource":
            assert d.contract is not None and d.contract.type in (
                "fee_for_service",
                "preferred_supplier",
            )
            assert d.model is not None and d.model.id in ("total", "multi_sourcing")
        if d.outcome == "keep_in_house":
            assert d.form is None and d.location is None and d.contract is None
        if d.model is not None and d.model.id == "multi_sourcing":
            assert answers.get("culture.governance_capacity") != "none"
        if d.model is not None and d.model.id == "captive":
            assert d.outcome == "keep_in_house"


def test_one_answer_never_makes_a_headline(catalog: Catalog) -> None:
    """Every answer to every question alone gives "No recommendation yet", except a legal
    prohibition, which decides alone."""
    for qid, q in catalog.questions.items():
        values = [o.value for o in q.options] if q.options else [q.scale[0], q.scale[1]]
        for v in values:
            d = decide(catalog, {qid: v})
            if qid == "control.regulation" and v == "prohibited":
                assert d.recommended and d.outcome == "keep_in_house"
            else:
                assert not d.recommended, (qid, v, d.outcome)


def test_no_recommendation_names_the_questions_to_answer_first(catalog: Catalog) -> None:
    d = decide(catalog, {"control.audit_rights": True})
    assert not d.recommended
    assert "core.differentiation" in d.missing_range.questions
    assert "profile.criticality" in d.missing_range.questions


def favourable_moves(catalog: Catalog, qid: str, value: Any) -> list[Any]:
    """The answers to ``qid`` that favour outsourcing more than ``value`` (a higher score)."""
    q = catalog.questions[qid]
    if not q.options or q.type == "multi":
        return []
    scores = {o.value: o.score for o in q.options}
    now = scores.get(value)
    if now is None:
        return []
    return [v for v, s in scores.items() if s is not None and s > now]


RANK = {"keep_in_house": 0, "hybrid": 1, "outsource": 2}


@pytest.mark.parametrize("kind", ["realistic", "uniform"])
def test_an_answer_more_favourable_to_outsourcing_never_moves_towards_keep(
    catalog: Catalog, kind: str
) -> None:
    for answers in samples(catalog, kind, 150):
        now = evaluate(catalog, answers).outcome
        for qid, value in answers.items():
            for better in favourable_moves(catalog, qid, value):
                moved = evaluate(catalog, {**answers, qid: better}).outcome
                assert RANK[moved] >= RANK[now], (qid, value, better, now, moved)


def test_the_why_lines_are_the_stages(catalog: Catalog) -> None:
    """The reasons shown are the three stage verdicts and the answers that decided them: no
    "other answers" line can be the largest."""
    for answers in samples(catalog, "realistic", 100):
        d = decide(catalog, answers)
        assert [s.id for s in d.stages] == ["strategy", "economics", "readiness"]
        strategy = d.stages[0]
        if strategy.rule is not None:
            assert strategy.answers and strategy.framework and strategy.cell
