"""What a sceptical board found in the first round, one test each, with its numbers
(issue "A recommendation that survives a sceptical board")."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import analyse
from outsource_cli.decision.engine import decide
from outsource_cli.decision.evaluation import evaluate
from outsource_cli.output.report import markdown
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
        ("analytics-retailer.yaml", "hybrid"),
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
    text = " ".join(decision_text(d, catalog).split())
    assert "OUTSOURCE · ITO · offshore · Total outsourcing · PROVISIONAL" in text
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
    assert "control.regulation" in d.missing_range.questions  # prohibited alone keeps it


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
    """One set of five equal questions; a cap on the last."""
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
    return make_catalog([{"id": "s", "title": "S", "questions": questions}], gates=[gate])


def test_robustness_high_when_clear_low_near_an_edge_and_gates_count() -> None:
    cat = _edge_catalog()
    clear = decide(cat, {f"s.q{i}": "e" for i in range(5)})  # 100: far from any edge
    assert clear.robustness == 1.0
    near = decide(cat, {"s.q0": "e", "s.q1": "e", "s.q2": "b", "s.q3": "b", "s.q4": "c"})
    assert near.score == 60.0 and near.outcome == "outsource"  # on the edge
    assert near.robustness <= 0.6  # most one-step moves down cross it
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
    assert d.outcome == "keep_in_house"
    assert {g.id: g.changes_outcome for g in d.gates} == {
        "prohibited": True,
        "core_differentiator": False,
    }


def test_a_critical_function_without_an_exit_plan_is_capped_whatever_the_regulation(
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
    assert (d.base_outcome, d.outcome) == ("outsource", "hybrid")
    assert [g.id for g in d.gates] == ["critical_without_exit"]


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
    assert (full.dimensions[0].score, full.outcome) == (50.0, "hybrid")
    open_ = decide(cat, {"s.q1": "x", "s.q2": "x"})
    assert open_.missing_range.outcomes == ("hybrid",)  # what answering it gives, always


def test_multi_choice_counterfactuals_try_every_subset() -> None:
    """With `mean`, options a=0, b=0, c=100 and answer (a, b), the change to (c) flips the
    outcome; toggling one option never does."""
    q = {
        "id": "m",
        "text": "m?",
        "type": "multi",
        "combine": "mean",
        "options": [option("a", 0), option("b", 0), option("c", 100)],
    }
    cat = make_catalog([{"id": "s", "title": "S", "questions": [q]}])
    result = analyse(cat, {"s.m": ("a", "b")}, pairs=False)
    flips = {(f.changes[0].value, f.outcome) for f in result.singles}
    assert (("c",), "outsource") in flips


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


def test_robustness_counts_halved_and_doubled_set_weights() -> None:
    sets = [
        {
            "id": sid,
            "title": sid.upper(),
            "questions": [
                {"id": "q", "text": "q?", "type": "yes_no", "options": [option(True, s)]}
            ],
        }
        for sid, s in (("a", 100), ("b", 15))
    ]
    d = decide(make_catalog(sets), {"a.q": True, "b.q": True})
    assert (d.score, d.outcome) == (57.5, "hybrid")
    # a doubled: (200 + 15) / 3 = 71.7; b halved: (100 + 7.5) / 1.5 = 71.7; the other two hold
    assert {(f.kind, f.target, f.value) for f in d.robustness_flips} == {
        ("weight", "a", 2.0),
        ("weight", "b", 0.5),
    }
    assert d.robustness_changes == 4 and d.robustness == 0.5


def test_the_short_answer_names_the_limit_that_decides_the_location(catalog: Catalog) -> None:
    answers = answers_of(catalog, "service-desk-l1.yaml")
    answers["control.data_sensitivity"] = "regulated"  # residency unanswered: two rules assumed
    short = " ".join(decision_text(decide(catalog, answers), catalog, detail="short").split())
    assert (
        "Location: onshore, because the data must stay in the country (assumed until answered: "
        "“Must the data stay in a particular place?”; 1 more limit: --detail full)"
    ) in short
    assert "At most nearshore" not in short


def test_the_short_answer_says_when_nothing_limits_the_location(catalog: Catalog) -> None:
    short = " ".join(
        decision_text(
            decide(catalog, answers_of(catalog, "service-desk-l1.yaml")), catalog, detail="short"
        ).split()
    )
    assert "Location: offshore (nothing limits it)" in short


def test_a_flip_whose_score_lies_in_another_band_names_the_gate(catalog: Catalog) -> None:
    from outsource_cli.output.report import outcome_at

    policy = catalog.policy
    assert outcome_at("hybrid", 63.1, policy) == "hybrid (score 63.1, held there by a gate)"
    assert outcome_at("hybrid", 59.5, policy) == "hybrid (score 59.5)"
    d = decide(catalog, answers_of(catalog, "payroll-manufacturer.yaml"))
    text = decision_text(d, catalog, analyse(catalog, d.answers), detail="short")
    assert "(score 60.8, held there by a gate)" in " ".join(text.split())


def test_wrapped_bullets_keep_their_indent(catalog: Catalog) -> None:
    import io

    from rich.console import Console

    from outsource_cli.output.terminal import decision_renderable, emit

    d = decide(catalog, answers_of(catalog, "payroll-manufacturer.yaml"))
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, color_system=None, highlight=False)
    emit(decision_renderable(d, catalog, analyse(catalog, d.answers), None, "full"), console)
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
    assert score_line(d, catalog).startswith("No score yet")
    short = " ".join(decision_text(d, catalog, detail="short").split())
    assert "NO RECOMMENDATION YET" in short and "in the hybrid band" not in short
