"""What a sceptical board found in the first round, one test each, with its numbers
(issue "A recommendation that survives a sceptical board")."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.decision.evaluation import evaluate
from outsource_cli.output.board import markdown
from outsource_cli.output.terminal import decision_text
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES, make_catalog, option

runner = CliRunner()


def answers_of(catalog: Catalog, name: str) -> dict[str, Any]:
    return dict(load_answers(EXAMPLES / name, catalog).all_answers)


# ---------------------------------------------------------------- missing answers


def test_dropping_the_optional_answers_is_visible(catalog: Catalog) -> None:
    """Dropping the optional answers once moved the retailer from hybrid to outsource (57.1 →
    60.8) and the bank into the hybrid band, silently. Now the result says it is provisional
    and the range it reports holds the outcome the full answers give."""
    for name, outcome in (
        ("analytics-retailer.yaml", "keep_in_house"),
        ("bank-trading-platform.yaml", "keep_in_house"),
    ):
        full = answers_of(catalog, name)
        required = {q: v for q, v in full.items() if catalog.questions[q].required}
        before, after = decide(catalog, full), decide(catalog, required)
        assert before.outcome == outcome and not before.provisional
        # provisional, unless a gate decides whatever the optional answers (the bank: a
        # critical differentiator done well stays in-house)
        assert after.provisional or after.missing_range.outcomes == (outcome,)
        assert outcome in after.missing_range.outcomes
        lo, hi = after.missing_range.score
        assert lo <= before.score <= hi


def test_one_answer_cannot_carry_a_whole_set(catalog: Catalog) -> None:
    """A set answered on one question used to count with its whole weight (one assumed answer
    became a top reason, +5.8 points). Now it counts with the share of it that was answered."""
    answers = answers_of(catalog, "service-desk-l1.yaml")
    only_savings = {q: v for q, v in answers.items() if not q.startswith("cost.")}
    only_savings["cost.expected_savings"] = answers["cost.expected_savings"]
    d = decide(catalog, only_savings)
    cost = next(x for x in d.dimensions if x.id == "cost")
    assert (cost.answered, cost.asked) == (1, 4)
    shown = sum(q.weight for q in catalog.questions_of("cost") if q.scored)
    assert cost.share == round(catalog.questions["cost.expected_savings"].weight / shown, 2)
    full = decide(catalog, {**answers})
    points = {r.question: r.contribution for r in d.contributions}["cost.expected_savings"]
    points_full = {r.question: r.contribution for r in full.contributions}["cost.expected_savings"]
    assert abs(points - points_full) < 0.5  # not the whole set's weight behind one answer
    assert d.provisional or d.missing_range.outcomes == (d.outcome,)


def test_a_gate_with_an_unanswered_input_makes_the_result_provisional(catalog: Catalog) -> None:
    """Strict regulation with audit rights "no" is capped to hybrid; deleting the audit-rights
    answer used to give "outsource at confidence 0.97"."""
    answers = answers_of(catalog, "service-desk-l1.yaml")
    answers.update(
        {
            "control.regulation": "strict",
            "control.audit_rights": False,
            "control.subcontracting": "visible",
        }
    )
    assert decide(catalog, answers).outcome == "hybrid"
    del answers["control.audit_rights"]
    d = decide(catalog, answers)
    assert d.outcome == "outsource" and d.provisional
    assert d.missing_range.outcomes == ("hybrid", "outsource")
    assert d.missing_range.questions == ("control.audit_rights",)
    (gate,) = [g for g in d.gates if g.id == "regulated_without_audit_rights"]
    assert (gate.status, gate.changes_outcome, gate.triggers) == (
        "could_fire",
        True,
        ("control.audit_rights",),
    )
    # the missing audit rights are also a step before signing: not certain, since unanswered
    assert [(c.id, c.lever, c.certain) for c in d.conditions] == [
        ("audit_rights", "control.audit_rights", False)
    ]
    text = " ".join(decision_text(d, catalog).split())
    assert (
        "Recommendation: Outsource once ready · ITO · offshore · Total outsourcing (provisional)"
        in text
    )
    assert "could still make it hybrid or outsource" in text


# ---------------------------------------------------------------- defaults


def test_the_suggested_defaults_do_not_lean(catalog: Catalog) -> None:
    """Pressing Enter through the whole interview gave "hybrid, ITO, offshore, 59.7, 100 %
    answered": the risk questions opened on their most permissive choice."""
    risky = [
        "control.data_sensitivity",
        "control.regulation",
        "control.ip_exposure",
        "control.audit_rights",
        "control.exit_plan",
        "control.data_residency",
        "profile.criticality",
        "core.differentiation",
        "skills.provider_market",
    ]
    assert [q for q in risky if catalog.questions[q].default is not None] == []
    defaults = {q: x.default for q, x in catalog.questions.items() if x.default is not None}
    d = decide(catalog, defaults, defaulted=set(defaults))
    assert not d.recommended  # the defaults settle no stage: nothing is recommended
    assert d.provisional and set(d.missing_range.outcomes) == {
        "keep_in_house",
        "hybrid",
        "outsource",
    }
    # every default of a question shown is reported (the business case's other assumptions
    # are asked only on request: unasked, they are the business case's listed assumptions)
    shown_defaults = {q for q in defaults if q in d.answers}
    assert set(d.defaulted) == shown_defaults and "control.regulation" in d.unanswered
    assert d.business_case is None  # the saving has no default: no business case is made up
    assert d.completeness < 0.7
    # what to answer first: the questions most strategy cells test
    assert d.missing_range.questions[:2] == ("profile.criticality", "core.differentiation")
    # and no gate on an unanswered risk question silently passes
    could = {g.id for g in d.gates if g.status == "could_fire"}
    assert {"prohibited", "regulated_without_audit_rights", "no_provider_market"} <= could


# ---------------------------------------------------------------- robustness


def test_robustness_is_not_penalised_by_an_edge_a_gate_makes_irrelevant(catalog: Catalog) -> None:
    """Payroll with a differentiator is capped at hybrid; adding attrition "low" under the same
    cap used to drop the confidence from 1.0 to 0.50."""
    answers = answers_of(catalog, "payroll-manufacturer.yaml")
    answers["core.differentiation"] = "differentiator"
    one = decide(catalog, answers)
    answers["skills.attrition"] = "low"
    two = decide(catalog, answers)
    assert one.outcome == two.outcome == "hybrid"
    assert abs(one.robustness - two.robustness) <= 0.05 and two.robustness >= 0.9


def _edge_catalog() -> Catalog:
    """One set of five equal questions; q0 decides the strategy (a or b: insource, otherwise
    the default, outsource); a cap on the last."""
    scores = {"a": 0, "b": 25, "c": 50, "d": 75, "e": 100}
    questions = [
        {
            "id": f"q{i}",
            "text": f"q{i}?",
            "help": "h",
            "type": "single",
            "required": True,
            "options": [option(v, s) for v, s in scores.items()],
        }
        for i in range(5)
    ]
    gate = {
        "id": "g",
        "title": "G",
        "when": {"question": "s.q4", "equals": "a"},
        "cap": "keep_in_house",
        "because": "g",
    }
    strategy = {
        "default": "outsource",
        "cells": [
            {
                "id": "kept",
                "framework": "F",
                "cell": "kept",
                "when": {"question": "s.q0", "in": ["a", "b"]},
                "verdict": "insource",
                "because": "k",
            }
        ],
    }
    return make_catalog(
        [{"id": "s", "title": "S", "questions": questions}], gates=[gate], strategy=strategy
    )


def test_robustness_high_when_clear_low_near_a_cell_and_gates_count() -> None:
    cat = _edge_catalog()
    clear = decide(cat, {f"s.q{i}": "e" for i in range(5)})  # far from the cell and the gate
    assert clear.robustness == 1.0
    # only the deciding answers are moved (q0: the cell; q4: the gate), one step each way
    assert clear.robustness_changes == 2
    near = decide(cat, {"s.q0": "c", "s.q1": "e", "s.q2": "e", "s.q3": "e", "s.q4": "c"})
    assert near.outcome == "outsource"  # next to the cell: q0 one step down keeps it
    assert {(f.target, f.value, f.outcome) for f in near.robustness_flips} == {
        ("s.q0", "b", "keep_in_house")
    }
    assert (near.robustness_changes, near.robustness) == (4, 0.75)
    # the balance is not what is moved: the same answers with a balance of 25 hold as well
    low = decide(cat, {"s.q0": "c", "s.q1": "a", "s.q2": "a", "s.q3": "a", "s.q4": "c"})
    assert low.outcome == "outsource" and low.robustness == near.robustness
    gated = decide(cat, {"s.q0": "e", "s.q1": "e", "s.q2": "e", "s.q3": "d", "s.q4": "a"})
    assert gated.outcome == "keep_in_house" and gated.base_outcome == "outsource"
    # moving the other answers never matters while the gate holds; only q4 can lift it
    assert {f.target for f in gated.robustness_flips} == {"s.q4"}


# ---------------------------------------------------------------- cliffs


def test_no_cliffs_in_number_questions(catalog: Catalog) -> None:
    """15 % expected savings scored 50 and 16 % scored 75: one point flipped published cases."""
    answers = answers_of(catalog, "payroll-manufacturer.yaml")
    scores = [decide(catalog, {**answers, "cost.expected_savings": x}).score for x in range(0, 81)]
    steps = [b - a for a, b in itertools.pairwise(scores)]
    assert all(0 <= s <= 0.3 for s in steps)  # monotone, and small every step
    q = catalog.questions["cost.expected_savings"]
    from outsource_cli.decision.scoring import question_score

    # the saving is scored on the business case's net saving: a straight line between points
    assert question_score(q, 0) == 50 and question_score(q, 2.5) == 57.5


# ---------------------------------------------------------------- location


def test_location_is_conservative_while_residency_is_unanswered(catalog: Catalog) -> None:
    """A bank's regulated infrastructure came out offshore when residency was unanswered."""
    answers = answers_of(catalog, "service-desk-l1.yaml")
    answers["control.data_sensitivity"] = "regulated"
    d = decide(catalog, answers)
    assert d.location == "onshore"
    assumed = [c for c in d.location_reasons if not c.certain]
    assert [c.rule for c in assumed] == ["data_in_country", "data_in_region"]
    assert all(c.widen == ("control.data_residency",) for c in assumed)
    assert "assumed until answered" in decision_text(d, catalog)
    answers["control.data_residency"] = "none"
    assert decide(catalog, answers).location == "offshore"  # answered: widened


# ---------------------------------------------------------------- gates and mitigations


def test_a_legal_prohibition_always_wins(catalog: Catalog) -> None:
    answers = answers_of(catalog, "payroll-manufacturer.yaml")
    answers.update({"control.regulation": "prohibited", "core.differentiation": "differentiator"})
    d = decide(catalog, answers)
    # the stages make a useful differentiator hybrid; the law keeps it in-house
    assert (d.base_outcome, d.outcome) == ("hybrid", "keep_in_house")
    assert {g.id: g.changes_outcome for g in d.gates} == {"prohibited": True}
    assert (d.stages[2].verdict, d.stages[2].rule) == ("ruled_out", "prohibited")
    # the one answer that alone makes a headline, and the Why says so: the stages are still
    # open, the prohibition rules it out
    alone = decide(catalog, {"control.regulation": "prohibited"})
    assert alone.recommended and alone.outcome == "keep_in_house"
    assert (alone.stages[2].verdict, alone.stages[2].rule) == ("ruled_out", "prohibited")
    short = " ".join(decision_text(alone, catalog, detail="short").split())
    assert "Readiness Ruled out: Outsourcing is prohibited" in short
    # where the strategy keeps it anyway, the law is still named
    bank = answers_of(catalog, "bank-trading-platform.yaml")
    d = decide(catalog, {**bank, "control.regulation": "prohibited"})
    assert d.base_outcome == "keep_in_house" and d.stages[2].verdict == "ruled_out"
    assert not decide(catalog, {"control.regulation": "none"}).recommended


def test_a_critical_function_without_an_exit_plan_is_outsourced_only_once_ready(
    catalog: Catalog,
) -> None:
    answers = answers_of(catalog, "payroll-manufacturer.yaml")
    answers.update(
        {
            "profile.criticality": "critical",
            "control.exit_plan": False,
            "control.regulation": "none",
        }
    )
    d = decide(catalog, answers)
    # unregulated: a shortfall the firm can fix, so the outcome stands, once ready
    assert (d.base_outcome, d.outcome, d.gates) == ("outsource", "outsource", ())
    assert [(c.id, c.lever, c.certain) for c in d.conditions] == [
        ("exit_plan", "control.exit_plan", True)
    ]
    assert (d.stages[2].verdict, d.stages[2].rule, d.ready) == ("once_ready", "exit_plan", False)
    # regulated: a fact, the gate caps it (and the step is still listed)
    answers["control.regulation"] = "strict"
    d = decide(catalog, answers)
    assert (d.base_outcome, d.outcome) == ("outsource", "hybrid")
    assert [g.id for g in d.gates] == ["regulated_without_exit_plan"]
    assert d.stages[2].verdict == "limited" and "exit_plan" in [c.id for c in d.conditions]
    # with an exit plan nothing is left to do
    answers.update({"control.exit_plan": True, "control.regulation": "none"})
    d = decide(catalog, answers)
    assert d.outcome == "outsource" and d.ready and d.stages[2].verdict == "ready"


def test_audit_rights_no_calls_for_the_audit_mitigation_by_itself(catalog: Catalog) -> None:
    answers = answers_of(catalog, "service-desk-l1.yaml")  # not regulated, internal data
    assert "audit_rights" not in {m.id for m in decide(catalog, answers).mitigations}
    answers["control.audit_rights"] = False
    (m,) = [m for m in decide(catalog, answers).mitigations if m.id == "audit_rights"]
    assert m.triggers == ("control.audit_rights",) and m.certain


# ---------------------------------------------------------------- exactness


def test_set_scores_are_compared_after_rounding() -> None:
    """78.99999999999999 failed `gte: 79` while 79.0 was displayed."""
    q = [
        {
            "id": f"q{i}",
            "text": "q?",
            "type": "single",
            "weight": w,
            "options": [option("x", 79)],
        }
        for i, w in enumerate((0.7, 1.1))
    ]
    assert (0.7 * 79 + 1.1 * 79) / (0.7 + 1.1) != 79  # the float noise is real
    gate = {
        "id": "g",
        "title": "G",
        "when": {"dimension": "s", "gte": 79},
        "force": "keep_in_house",
        "because": "g",
    }
    cat = make_catalog([{"id": "s", "title": "S", "questions": q}], gates=[gate])
    d = decide(cat, {"s.q0": "x", "s.q1": "x"})
    assert d.dimensions[0].score == 79.0 and d.outcome == "keep_in_house"


def test_the_missing_range_rounds_set_scores_as_the_score_does() -> None:
    """With one answer open, the other answers' set score was compared with a gate's `lt: 50`
    unrounded (49.99999999999999): the range said "keep in-house" although every answer to
    the open question gives a set score of 50.0 and the outcome hybrid."""
    w = 1.3
    assert (0 * w + 50 * w + 100 * w) / (3 * w) != 50  # the float noise is real
    q = [
        {"id": f"q{i}", "text": "q?", "type": "single", "weight": w, "options": [option("x", s)]}
        for i, s in enumerate((0, 50, 100))
    ]
    gate = {
        "id": "g",
        "title": "G",
        "when": {"dimension": "s", "lt": 50},
        "cap": "keep_in_house",
        "because": "g",
    }
    cat = make_catalog([{"id": "s", "title": "S", "questions": q}], gates=[gate])
    full = decide(cat, {"s.q0": "x", "s.q1": "x", "s.q2": "x"})
    assert (full.dimensions[0].score, full.outcome) == (50.0, "outsource")
    open_ = decide(cat, {"s.q1": "x", "s.q2": "x"})
    assert open_.missing_range.outcomes == ("outsource",)  # what answering it gives, always
    assert not open_.provisional


def test_multi_choice_counterfactuals_try_every_subset() -> None:
    """A cell that holds only when c is ticked and neither a nor b: from the answer (a, b),
    the change to (c) flips the outcome; toggling one option never does."""
    q = {
        "id": "m",
        "text": "m?",
        "type": "multi",
        "required": True,
        "options": [option("a", 0), option("b", 0), option("c", 100)],
    }
    strategy = {
        "default": "co_source",
        "cells": [
            {
                "id": "neither",
                "framework": "F",
                "cell": "c alone",
                "when": {
                    "all": [
                        {"question": "s.m", "equals": "c"},
                        {"question": "s.m", "not_in": ["a", "b"]},
                    ]
                },
                "verdict": "outsource",
                "because": "n",
            }
        ],
    }
    cat = make_catalog([{"id": "s", "title": "S", "questions": [q]}], strategy=strategy)
    assert decide(cat, {"s.m": ("a", "b")}).outcome == "hybrid"
    result = find_counterfactuals(cat, {"s.m": ("a", "b")}, pairs=False)
    flips = {(f.changes[0].value, f.outcome) for f in result.singles}
    assert flips == {(("c",), "outsource")}


def test_what_if_is_the_same_as_editing_the_file(tmp_path: Path) -> None:
    """`--set control.data_sensitivity=personal` dropped the hidden `data_residency: country`
    answer: offshore, where editing the file gave onshore."""
    text = (EXAMPLES / "service-desk-l1.yaml").read_text()
    with_hidden = text.replace(
        "    regulation: none\n",
        "    regulation: none\n    data_residency: country\n    subcontracting: visible\n",
    )
    base = tmp_path / "base.yaml"
    base.write_text(with_hidden)
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        with_hidden.replace("data_sensitivity: internal", "data_sensitivity: personal")
    )

    def assess(*args: str) -> dict[str, Any]:
        result = runner.invoke(app, ["assess", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    via_set = assess("--answers", str(base), "--set", "control.data_sensitivity=personal")
    via_edit = assess("--answers", str(edited))
    assert via_set["location"] == via_edit["location"] == "onshore"
    del via_set["what_if"], via_edit["what_if"]
    assert via_set == via_edit


def test_the_reasons_shown_add_up_to_the_score(catalog: Catalog) -> None:
    """Six reasons totalled +3.2 where the score was 59.1, while the footer said the score "is
    50 plus their sum"."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        d = decide(catalog, answers_of(catalog, path.name))
        listed = sum(r.contribution for r in d.rationale)
        assert round(listed + d.other_points, 6) == round(d.score - 50, 6)
        text = decision_text(d, catalog)
        assert "other answers" in text.lower()
        assert "Other answers" in markdown(d, catalog, None, _no_whatif(), "2026-01-01")


def _no_whatif() -> Any:
    from outsource_cli.decision.whatif import WhatIf

    return WhatIf()


def test_the_engine_and_the_evaluator_agree_on_every_example_change(catalog: Catalog) -> None:
    from outsource_cli.decision.counterfactuals import candidate_changes
    from outsource_cli.decision.evaluation import Evaluator

    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = answers_of(catalog, path.name)
        fast = Evaluator(catalog, answers)
        for change in candidate_changes(catalog, answers, fast):
            slow = evaluate(catalog, {**answers, change.question: change.value})
            assert fast.outcome({change.question: change.value}) == (slow.outcome, slow.score)


def test_a_decision_cannot_be_changed_after_the_fact(catalog: Catalog) -> None:
    import pytest

    d = decide(catalog, answers_of(catalog, "payroll-manufacturer.yaml"))
    with pytest.raises(TypeError):
        d.answers["control.regulation"] = "prohibited"  # type: ignore[index]
    with pytest.raises(AttributeError):
        d.outcome = "keep_in_house"  # type: ignore[misc]


def test_robustness_moves_answers_not_set_weights() -> None:
    """Robustness once halved and doubled each set's weight; the weights weigh the balance,
    which no longer decides, so only the answers a stage reads are moved."""
    sets = [
        {
            "id": sid,
            "title": sid.upper(),
            "questions": [
                {
                    "id": "q",
                    "text": "q?",
                    "type": "yes_no",
                    "options": [option(True, s), option(False, 100 - s)],
                }
            ],
        }
        for sid, s in (("a", 100), ("b", 15))
    ]
    strategy = {
        "cells": [
            {
                "id": "b",
                "framework": "F",
                "cell": "b",
                "when": {"question": "b.q", "equals": True},
                "verdict": "co_source",
                "because": "b",
            }
        ]
    }
    cat = make_catalog(sets, strategy=strategy)
    d = decide(cat, {"a.q": True, "b.q": True})
    assert (d.score, d.outcome) == (57.5, "hybrid")
    assert {(f.kind, f.target, f.value) for f in d.robustness_flips} == {("answer", "b.q", False)}
    assert d.robustness_changes == 1 and d.robustness == 0.0  # a.q is read by no stage
    # doubling or halving a set's weight moves the balance, never the outcome
    for weights in ({"a": 2.0}, {"b": 0.5}, {"a": 0.5}, {"b": 2.0}):
        moved = decide(cat, {"a.q": True, "b.q": True}, weights=weights)
        assert moved.score != d.score and moved.outcome == "hybrid"


def test_the_short_answer_names_the_limit_that_decides_the_location(catalog: Catalog) -> None:
    answers = answers_of(catalog, "service-desk-l1.yaml")
    answers["control.data_sensitivity"] = "regulated"  # residency unanswered: two rules assumed
    short = " ".join(decision_text(decide(catalog, answers), catalog, detail="short").split())
    assert (
        "Provider: ITO (IT outsourcing), onshore, because the data must stay in the country "
        "(assumed until answered: “Must the data stay in a particular place?”; 1 more limit: "
        "--detail full)."
    ) in short
    assert "At most nearshore" not in short


def test_the_short_answer_says_when_nothing_limits_the_location(catalog: Catalog) -> None:
    short = " ".join(
        decision_text(
            decide(catalog, answers_of(catalog, "service-desk-l1.yaml")), catalog, detail="short"
        ).split()
    )
    assert "Provider: ITO (IT outsourcing), offshore (nothing limits it)." in short


def test_a_flip_names_the_outcome_not_a_score(catalog: Catalog) -> None:
    from outsource_cli.output.what_would_change import outcome_at

    policy = catalog.policy
    assert outcome_at("hybrid", 63.1, policy) == outcome_at("hybrid", 59.5, policy) == "hybrid"
    d = decide(catalog, answers_of(catalog, "payroll-manufacturer.yaml"))
    text = " ".join(
        decision_text(d, catalog, find_counterfactuals(catalog, d.answers), detail="short").split()
    )
    assert (
        "Hybrid if “How much lower than today's cost would the provider's price be, per year "
        "(%)?” were “17 %”, not “20 %”."
    ) in text
    assert "held there by a gate" not in text and "(score " not in text


def test_wrapped_bullets_keep_their_indent(catalog: Catalog) -> None:
    import io

    from rich.console import Console

    from outsource_cli.output.console import emit
    from outsource_cli.output.terminal import decision_renderable

    d = decide(catalog, answers_of(catalog, "payroll-manufacturer.yaml"))
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, color_system=None, highlight=False)
    emit(
        decision_renderable(d, catalog, find_counterfactuals(catalog, d.answers), None, "full"),
        console,
    )
    lines = buffer.getvalue().splitlines()
    bullets = [i for i, line in enumerate(lines) if line.startswith("  • If the answer")]
    assert bullets
    for i in bullets:  # each wraps at 60 columns; its next line sits under its first word
        assert lines[i + 1].startswith("    ") and lines[i + 1][4] != " ", lines[i + 1]


def test_nothing_scored_recommends_nothing(catalog: Catalog) -> None:
    """Every answer "not sure": the neutral 50 is not a score, and no outcome is recommended."""
    from outsource_cli.output.report import headline, score_line

    d = decide(catalog, {})
    assert d.completeness == 0
    assert headline(d).startswith("No recommendation yet")
    assert score_line(d, catalog).startswith("No balance yet")
    short = " ".join(decision_text(d, catalog, detail="short").split())
    assert "NO RECOMMENDATION YET" in short and "Balance of the answers" not in short
    assert (
        "No recommendation yet: answer these first: How critical is the function to "
        "day-to-day operations?; Does the function set you apart from your competitors?"
    ) in short
