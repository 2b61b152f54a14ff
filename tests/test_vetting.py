"""outsource vet's core (issue 26): knock-outs from each requirement of a decision, the ranking,
the exact swap counterfactual checked against brute force, evaluators' disagreement, gaps that
could and could not change the ranking, price through the decision's business case."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource_cli.decision.vetting import gaps as due_diligence
from outsource_cli.decision.vetting import ranking, swap
from outsource_cli.decision.vetting.inputs import Decision, Provider
from outsource_cli.decision.vetting.ranking import Evaluation, Model, key, score_provider
from outsource_cli.decision.vetting.requirements import Because, from_decision
from outsource_cli.decision.vetting.result import vet
from outsource_cli.output.vetting_requirements import requirement_because, requirement_title
from outsource_cli.output.vetting_sections import gaps_why, trade_off_words
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from outsource_cli.questionnaire.providers import providers_directory
from tests.conftest import choice_q, make_catalog

PAYROLL = {  # the decision's answers the requirements read (examples/payroll-manufacturer.yaml)
    "profile.criticality": "important",
    "control.regulation": "some",
    "control.data_sensitivity": "personal",
    "control.subcontracting": "visible",
    "culture.overlap_hours": 4,
}
GOOD_TERMS = {
    "terms.delivery_location": "nearshore",
    "terms.data_location": "nearshore",
    "terms.audit_rights": "granted",
    "terms.exit_assistance": "granted",
    "terms.subcontracting": "visible",
    "fit.overlap_hours": 6,
}


@pytest.fixture(scope="module")
def providers() -> Catalog:
    return load_catalog(providers_directory())


def decision(answers: dict[str, Any], location: str | None = "nearshore") -> Decision:
    data = {"outcome": "outsource", "location": location, "answers": answers}
    return Decision("d.json", "Payroll", "outsource", location, data, answers)


def provider(name: str, answers: dict[str, Any], evaluator: str = "HR") -> Provider:
    return Provider(name, (Evaluation(evaluator, answers),), (f"{name}.yaml",), None)


def knocked(providers: Catalog, d: Decision, answers: dict[str, Any]) -> list[str]:
    v = vet(providers, [provider("P", answers)], d)
    return [k.requirement.id for row in v.excluded for k in row.check.knocked_out]


# ---------------------------------------------------------------- knock-outs


@pytest.mark.parametrize(
    ("changed", "requirement"),
    [
        ({"terms.delivery_location": "offshore"}, "delivery_location"),
        ({"terms.data_location": "offshore"}, "data_location"),
        ({"terms.audit_rights": "refused"}, "audit_rights"),
        ({"terms.exit_assistance": "refused"}, "exit_assistance"),
        ({"terms.subcontracting": "opaque"}, "subcontracting"),
        ({"fit.overlap_hours": 3}, "overlap_hours"),
    ],
)
def test_each_requirement_of_the_decision_knocks_out(
    providers: Catalog, changed: dict[str, Any], requirement: str
) -> None:
    d = decision(PAYROLL)
    assert knocked(providers, d, GOOD_TERMS) == []
    assert knocked(providers, d, {**GOOD_TERMS, **changed}) == [requirement]


@pytest.mark.parametrize(
    ("decision_answers", "location", "changed"),
    [
        ({}, "offshore", {"terms.delivery_location": "offshore"}),  # offshore allowed
        ({"profile.criticality": "supporting"}, "nearshore", {"terms.audit_rights": "refused"}),
        ({"profile.criticality": "supporting"}, "nearshore", {"terms.exit_assistance": "refused"}),
        ({"control.subcontracting": "opaque"}, "nearshore", {"terms.subcontracting": "opaque"}),
        ({"culture.overlap_hours": 2}, "nearshore", {"fit.overlap_hours": 2}),
    ],
)
def test_a_decision_without_the_requirement_knocks_nothing_out(
    providers: Catalog, decision_answers: dict[str, Any], location: str, changed: dict[str, Any]
) -> None:
    assert knocked(providers, decision(decision_answers, location), {**GOOD_TERMS, **changed}) == []


def test_a_requirement_is_codes_and_values_and_the_output_words_it() -> None:
    answers = {
        "profile.criticality": "critical",
        "control.regulation": "strict",
        "control.data_sensitivity": "personal",
        "culture.overlap_hours": 2.5,
    }
    reasons = [{"rule": "data_in_region", "because": "The data must stay in your region."}]
    data = {"location": "nearshore", "location_reasons": reasons}
    found = {r.id: r for r in from_decision(data, answers)}
    assert found["audit_rights"].reasons == (
        Because("critical", "critical"),
        Because("sector_rules"),
        Because("sensitive_data", "personal"),
    )
    assert found["data_location"].location == "nearshore"
    assert requirement_title(found["data_location"]) == "Keep the data in your region or closer"
    assert requirement_because(found["data_location"]) == (
        "the decision's location is nearshore: the data must stay in your region"
    )
    assert requirement_because(found["audit_rights"]) == (
        "the function is critical (EBA/GL/2019/02, Guideline 13.3); sector rules on outsourcing "
        "apply; it handles personal data (GDPR Article 28(3)(h): a processor allows audits)"
    )
    assert requirement_because(found["exit_assistance"]) == (
        "the function is critical (EBA/GL/2019/02, Guideline 15); sector rules on outsourcing apply"
    )
    assert requirement_because(found["subcontracting"]) == (
        "sector rules on outsourcing apply (EBA/GL/2019/02, Guideline 13.1)"
    )
    assert requirement_title(found["overlap_hours"]) == "Overlap at least 2.5 hours a day"


def test_onshore_rules_out_nearshore_and_regulation_requires_the_rest(providers: Catalog) -> None:
    d = decision({"control.regulation": "strict"}, "onshore")
    out = knocked(
        providers,
        d,
        {**GOOD_TERMS, "terms.audit_rights": "refused", "terms.exit_assistance": "refused",
         "terms.subcontracting": "opaque"},
    )  # fmt: skip
    assert out == [
        "delivery_location", "data_location", "audit_rights", "exit_assistance", "subcontracting"
    ]  # fmt: skip


def test_an_unanswered_requirement_is_a_gap_that_could_knock_out(providers: Catalog) -> None:
    answers = {k: v for k, v in GOOD_TERMS.items() if k != "terms.audit_rights"}
    v = vet(providers, [provider("P", answers), provider("Q", GOOD_TERMS)], decision(PAYROLL))
    row = next(r for r in v.ranked if r.scored.name == "P")
    assert [r.id for r in row.check.open] == ["audit_rights"]
    assert v.gaps.could_change and "P could still be knocked out" in gaps_why(v.gaps)


def test_any_evaluator_breaking_a_requirement_excludes_and_is_named(providers: Catalog) -> None:
    p = Provider(
        "P",
        (Evaluation("CFO", GOOD_TERMS), Evaluation("CISO", {"terms.subcontracting": "opaque"})),
        ("a", "b"),
        None,
    )
    v = vet(providers, [p], decision(PAYROLL))
    [row] = v.excluded
    assert [(k.requirement.id, k.evaluator, k.answer) for k in row.check.knocked_out] == [
        ("subcontracting", "CISO", "opaque")
    ]


def test_without_a_decision_the_policy_gates_are_the_requirements(providers: Catalog) -> None:
    v = vet(providers, [provider("P", {"terms.exit_assistance": "refused"}), provider("Q", {})])
    assert [r.scored.name for r in v.excluded] == ["P"]
    assert v.excluded[0].check.knocked_out[0].requirement.id == "refuses_exit_assistance"
    assert {r.id for r in v.requirements} == {
        "refuses_audit_rights", "refuses_exit_assistance", "opaque_subcontracting"
    }  # fmt: skip


# ---------------------------------------------------------------- scores and the swap


def small_catalog(weights: list[float], scores: list[list[float]]) -> Catalog:
    sets = []
    for i, (w, qs) in enumerate(zip(weights, scores, strict=True)):
        questions = [
            choice_q(
                f"q{j}", {f"o{k}": s for k, s in enumerate(sorted(set(opts)))}, weight=1 + j % 2
            )
            for j, opts in enumerate(qs)
        ]
        sets.append({"id": f"s{i}", "title": f"S{i}", "weight": w, "questions": questions})
    return make_catalog(sets)


option_scores = st.lists(
    st.sampled_from([0, 10, 25, 40, 55, 70, 85, 100]), min_size=2, max_size=3, unique=True
)


@st.composite
def cases(draw: Any) -> tuple[Catalog, list[dict[str, Any]]]:
    n_sets = draw(st.integers(1, 3))
    weights = [draw(st.sampled_from([0.5, 1, 1.5, 2])) for _ in range(n_sets)]
    scores = [[draw(option_scores) for _ in range(draw(st.integers(1, 3)))] for _ in range(n_sets)]
    catalog = small_catalog(weights, scores)
    people = []
    for _ in range(draw(st.integers(2, 4))):
        answers = {}
        for qid, q in catalog.questions.items():
            pick = draw(st.integers(-1, len(q.options) - 1))
            if pick >= 0:
                answers[qid] = q.options[pick].value
        people.append(answers)
    return catalog, people


def brute_force_answer_swaps(
    catalog: Catalog, first: Any, second: Any
) -> list[tuple[str, str, Any, float]]:
    found = []
    for who in (first, second):
        for qid, q in catalog.questions.items():
            if qid not in who.answers:
                continue
            for o in q.options:
                if o.value == who.answers[qid]:
                    continue
                moved = score_provider(catalog, who.name, {**who.answers, qid: o.value})
                scores = {first.name: first.score, second.name: second.score, who.name: moved.score}
                if key(second.name, scores[second.name]) < key(first.name, scores[first.name]):
                    found.append((who.name, qid, o.value, abs(moved.score - who.score)))
    return found


def brute_force_weight_swap(catalog: Catalog, first: Any, second: Any, set_id: str) -> float | None:
    """The factor nearest 1 (by |ln k|, on a fine grid) at which second ranks above first."""
    best = None
    for i in range(1, 401):
        for k in (math.exp(math.log(2) * i / 400), math.exp(-math.log(2) * i / 400)):
            a = score_provider(catalog, first.name, first.answers, {set_id: k}).score
            b = score_provider(catalog, second.name, second.answers, {set_id: k}).score
            if key(second.name, b) < key(first.name, a):
                return k
    return best


@settings(max_examples=40, deadline=None)
@given(cases())
def test_the_swap_is_exact_against_brute_force(case: tuple[Catalog, list[dict[str, Any]]]) -> None:
    catalog, people = case
    scored = ranking.rank(score_provider(catalog, f"P{i}", a) for i, a in enumerate(people))
    scored = [p for p in scored if p.score is not None]
    if len(scored) < 2:
        return
    first, second = scored[0], scored[1]
    changes = swap.swaps(catalog, first, second)
    answers = [(c.provider, c.target, c.after, c.size) for c in changes if c.kind == "answer"]
    expected = brute_force_answer_swaps(catalog, first, second)
    assert sorted((p, q, a) for p, q, a, _ in answers) == sorted(
        (p, q, a) for p, q, a, _ in expected
    )
    for p, q, a, size in answers:
        match = next(s for pp, qq, aa, s in expected if (pp, qq, aa) == (p, q, a))
        assert size == pytest.approx(match, abs=1e-6)
    for s in catalog.sets:
        grid = brute_force_weight_swap(catalog, first, second, s.id)
        solved = [c for c in changes if c.kind == "weight" and c.target == s.id]
        if grid is None:
            assert not solved, solved
            continue
        assert solved, (s.id, grid)
        nearest = min(solved, key=lambda c: c.size)
        # the grid's first swapping factor lies just beyond the exact one
        assert abs(math.log(grid)) >= nearest.size - 1e-9
        assert abs(math.log(grid)) - nearest.size <= math.log(2) / 400 + 1e-9
        way = "or more" if grid > 1 else "or less"
        assert any(c.direction == way for c in solved if c.size == nearest.size), solved
    if changes:  # the smallest comes first
        assert changes[0].size == pytest.approx(min(c.size for c in changes), abs=1e-9)


def test_a_weight_swap_at_the_end_of_the_range_is_found() -> None:
    """Where the two tie exactly at ×2 (the float sums put the root at 2.000000000000001), the
    swap is at ×2: found by hypothesis."""
    catalog = small_catalog(
        [1.0, 0.5, 1.0],
        [[[0, 10, 100], [0, 10, 85]], [[0, 55], [25, 55, 100]], [[10, 70, 100], [0, 55]]],
    )
    first = score_provider(
        catalog, "P2", {"s0.q1": "o2", "s1.q0": "o1", "s1.q1": "o0", "s2.q0": "o2"}
    )
    second = score_provider(
        catalog,
        "P1",
        {"s0.q0": "o2", "s0.q1": "o2", "s1.q1": "o0", "s2.q0": "o1", "s2.q1": "o1"},
    )
    assert [p.name for p in ranking.rank([second, first])] == ["P2", "P1"]
    [change] = [c for c in swap.swaps(catalog, first, second) if c.target == "s1"]
    assert (change.after, change.direction, change.first) == (1.0, "or more", change.second)
    assert change.size == pytest.approx(math.log(2))


def test_a_number_swaps_at_the_exact_value(providers: Catalog) -> None:
    a = score_provider(providers, "A", {"fit.overlap_hours": 8, "delivery.leadership": "proven"})
    b = score_provider(providers, "B", {"fit.overlap_hours": 8, "delivery.leadership": "named"})
    [change] = [c for c in swap.swaps(providers, a, b) if c.target == "fit.overlap_hours"]
    assert (change.provider, change.direction) == ("A", "or less")
    at = score_provider(providers, "A", {**a.answers, "fit.overlap_hours": change.after}).score
    assert at == pytest.approx(b.score, abs=1e-4)


# ---------------------------------------------------------------- evaluators and gaps


def test_evaluators_combine_by_the_lower_median_and_their_disagreement_can_change_the_winner(
    providers: Catalog,
) -> None:
    a = Provider(
        "A",
        (
            Evaluation("CFO", {"delivery.leadership": "none", "delivery.sourcing": "strong"}),
            Evaluation("COO", {"delivery.leadership": "proven", "delivery.sourcing": "strong"}),
        ),
        ("a1", "a2"),
        None,
    )
    b = provider("B", {"delivery.leadership": "named", "delivery.sourcing": "strong"})
    v = vet(providers, [a, b])
    assert v.ranked[0].scored.answers["delivery.leadership"] == "named"  # B first
    assert v.ranked[1].scored.answers["delivery.leadership"] == "none"  # even split: the lower
    [spread] = v.spreads
    assert (spread.provider, spread.question, spread.points) == ("A", "delivery.leadership", 75.0)
    [d] = v.disagreements
    assert (d.provider, d.evaluator, d.answer, d.winner) == ("A", "COO", "proven", "A")


def test_a_disagreement_that_does_not_change_the_winner_is_not_listed(providers: Catalog) -> None:
    a = Provider(
        "A",
        (
            Evaluation("CFO", {"delivery.leadership": "named"}),
            Evaluation("COO", {"delivery.leadership": "none"}),
        ),
        ("a1", "a2"),
        None,
    )
    b = provider("B", {"delivery.leadership": "proven"})
    v = vet(providers, [a, b])
    assert v.spreads and not v.disagreements


def full(providers: Catalog, **changed: Any) -> dict[str, Any]:
    """Every question answered with its first option (numbers: 8), then ``changed``
    (``set__question=value``; None leaves it unanswered)."""
    out: dict[str, Any] = {}
    for qid, q in providers.questions.items():
        if q.type == "number":
            out[qid] = 8
        else:  # the first option: the best, or the one that meets every requirement
            out[qid] = q.options[0].value
    for k, v in changed.items():
        qid = k.replace("__", ".")
        if v is None:
            out.pop(qid)
        else:
            out[qid] = v
    return out


def test_gaps_that_could_and_could_not_change_the_ranking(providers: Catalog) -> None:
    a = provider("A", full(providers, delivery__sourcing="adequate"))
    b = provider(
        "B", full(providers, delivery__behaviour_management="weak", delivery__sourcing=None)
    )
    v = vet(providers, [a, b])
    assert [(g.provider, g.question) for g in v.gaps.gaps] == [("B", "delivery.sourcing")]
    # B's gap at its best (strong, 85) still leaves B below A: the ranking cannot change
    assert v.ranked[0].scored.name == "A"
    assert not v.gaps.could_change and not v.gaps.gaps[0].could_change
    c = provider("C", full(providers, delivery__sourcing="adequate"))
    d = provider("D", full(providers, delivery__sourcing=None))
    v = vet(providers, [c, d])
    # D's gap answered "strong" puts D above C; answered "weak", below
    assert [r.scored.name for r in v.ranked] == ["D", "C"] or v.gaps.could_change
    assert v.gaps.could_change and v.gaps.gaps[0].could_change
    low, high = v.gaps.ranges["D"]
    c_score = v.ranked[[r.scored.name for r in v.ranked].index("C")].scored.score
    assert low < c_score < high


def test_gap_ranges_are_exact_against_every_way_of_answering(providers: Catalog) -> None:
    import itertools

    answers = {"delivery.leadership": "named", "relationship.governance": "basic"}
    m = Model(providers, answers)
    gaps = m.gaps()[:4]
    rest = [g for g in m.gaps() if g not in gaps]
    fixed = {**answers, **{g: next(o.value for o in providers.questions[g].options if o.score is not None)
                           for g in rest if providers.questions[g].type != "number"}}  # fmt: skip
    fixed.update({g: 10 for g in rest if providers.questions[g].type == "number"})
    scores = []
    for combo in itertools.product(
        *[[o.value for o in providers.questions[g].options] for g in gaps]
    ):
        scores.append(
            score_provider(providers, "X", {**fixed, **dict(zip(gaps, combo, strict=True))}).score
        )
    p = score_provider(providers, "X", fixed)
    g = due_diligence.gaps(providers, [p])
    assert g.ranges["X"] == (pytest.approx(min(scores)), pytest.approx(max(scores)))


# ---------------------------------------------------------------- price


def test_each_price_runs_through_the_decisions_business_case() -> None:
    from outsource_cli.decision import business_case as bc
    from outsource_cli.decision.vetting.inputs import read_decision

    sets = load_catalog()
    d = read_decision(
        Path(__file__).parent.parent / "examples" / "decisions" / "payroll-manufacturer.json", sets
    )
    pc = load_catalog(providers_directory())
    cheap = provider(
        "Cheap", {**GOOD_TERMS, "terms.annual_price": 880, "delivery.leadership": "named"}
    )
    dear = provider(
        "Dear", {**GOOD_TERMS, "terms.annual_price": 990, "delivery.leadership": "proven"}
    )
    v = vet(pc, [cheap, dear], d, sets)
    prices = {r.scored.name: r.price for r in v.ranked}
    assert v.case is not None and v.case.break_even == 17.48  # the decision's own
    t, _ = bc.terms(sets, d.answers)  # type: ignore[misc]
    assert prices["Cheap"].npv == pytest.approx(bc.npv(t._replace(saving=1 - 880 / 1100)), abs=0.01)
    assert prices["Cheap"].saving == 20.0 and prices["Cheap"].clears
    assert prices["Dear"].saving == 10.0 and not prices["Dear"].clears
    [trade] = v.trade_offs
    diff = prices["Cheap"].npv - prices["Dear"].npv
    assert (trade.provider, trade.first, trade.competency) == (
        "Cheap",
        "Dear",
        "Delivery competency",
    )
    assert trade.points < 0 and trade.currency == "EUR"  # data: the words are the output's
    assert trade_off_words(trade) == (  # in the decision's currency
        f"Cheap is EUR {float(f'{diff:.3g}'):g}k cheaper than Dear over 5 years (present value) "
        "and scores 35 points lower on delivery competency."
    )
    no_currency = d._replace(data={k: x for k, x in d.data.items() if k != "currency"})
    [trade] = vet(pc, [cheap, dear], no_currency, sets).trade_offs
    assert trade_off_words(trade).startswith(
        f"Cheap is {float(f'{diff:.3g}'):g} thousand cheaper"
    )  # none invented; three significant figures, as every worked-out amount


def test_an_answer_change_reads_as_labels_and_a_value_with_no_label_as_given(
    providers: Catalog,
) -> None:
    """The swap and every answer in the sections read as the set's labels; a question or an
    option the set does not have (an evaluation for other sets) is shown as the file gives it."""
    from outsource_cli.decision.vetting.swap import Change
    from outsource_cli.output.vetting_sections import answer_words, change_text

    deal, hours = "relationship.planning_contracting", "fit.overlap_hours"
    swap = Change("answer", "P", deal, "one_sided", "balanced", "", 3.0, 70.0, 71.0)
    assert change_text(swap, providers) == (
        "P's answer to “Does the provider's proposal read as a deal that works for both sides?” "
        "were “Yes: clear service levels, credits and incentives both ways” instead of "
        "“One-sided in places” (71.0 against 70.0)"
    )
    tie = Change("answer", "P", hours, 3, 3.5, "or more", 1.0, 70.0, 70.0)
    assert " at 3.5 hours or more (now 3 hours; they tie at 70.0)" in change_text(tie, providers)
    assert answer_words(providers, deal, "gone") == "gone"  # no such option
    assert answer_words(providers, deal, True) == "yes"  # nor this one
    assert answer_words(providers, "other.q", "one_sided") == "one_sided"  # no such question
