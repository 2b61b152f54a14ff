"""The example answers files: contrasting situations with known recommendations."""

from __future__ import annotations

import pytest

from outsource_cli.decision.engine import decide
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES

CASES = {
    # file: (outcome, form, location, gates that changed or fired, leading reasons)
    "payroll-manufacturer.yaml": (
        "outsource",
        "bpo",
        "nearshore",
        [],
        ["core.differentiation", "culture.collaboration"],
    ),
    "bank-trading-platform.yaml": (
        "keep_in_house",
        None,
        None,
        ["critical_differentiator", "core_differentiator", "critical_without_exit"],
        ["core.differentiation"],
    ),
    "service-desk-l1.yaml": (
        "outsource",
        "ito",
        "offshore",
        [],
        # a 35 % saving over 3 years survives the hidden costs: the business case is a reason
        ["core.differentiation", "cost.expected_savings", "core.capability_gap"],
    ),
    "analytics-retailer.yaml": (
        "hybrid",
        "kpo",
        "nearshore",
        [],
        # a 10 % saving does not pay for six months' transition: the strongest reason
        ["cost.expected_savings", "skills.scarcity", "core.capability_gap"],
    ),
}


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_example(name: str, catalog: Catalog) -> None:
    outcome, form, location, gates, leading = CASES[name]
    sheet = load_answers(EXAMPLES / name, catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)
    assert (d.outcome, d.form, d.location) == (outcome, form, location)
    assert [g.id for g in d.gates] == gates
    assert [r.question for r in d.rationale[: len(leading)]] == leading
    assert d.unanswered == ()
    assert not d.provisional and d.robustness >= 0.9
    # every example answers the cost questions: its business case is made, and shown
    assert d.business_case is not None and len(d.business_case.years) >= 4


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reports_show_the_business_case(name: str, catalog: Catalog) -> None:
    from outsource_cli.decision.whatif import WhatIf
    from outsource_cli.output.report import html_report, markdown

    sheet = load_answers(EXAMPLES / name, catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)
    assert d.business_case is not None
    npv = f"NPV {'+' if d.business_case.npv > 0 else '-'}{abs(d.business_case.npv):,.1f} thousand"
    md = markdown(d, catalog, None, WhatIf(), "2026-01-01")
    html = html_report(d, catalog, None, WhatIf(), "2026-01-01")
    for text in (md, html):
        assert "Business case" in text and npv in text
        assert '<polyline class="keep"' in text and '<polyline class="outsource"' in text
    assert "| Year | In-house | Outsourced |" in md


def test_location_reasons_of_the_payroll_example(catalog: Catalog) -> None:
    sheet = load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog)
    d = decide(catalog, sheet.answers)
    assert [c.rule for c in d.location_reasons] == [None, "data_in_region"]
    assert {m.id for m in d.mitigations} >= {
        "partner_vetting",
        "data_protection",
        "audit_rights",
        "exit_plan",
        "communication_plan",
    }


def test_the_bank_would_still_be_capped_if_the_score_rose(catalog: Catalog) -> None:
    sheet = load_answers(EXAMPLES / "bank-trading-platform.yaml", catalog)
    answers = dict(sheet.answers)
    gated = {
        "core.differentiation",
        "control.regulation",
        "control.exit_plan",
        "profile.criticality",
    }
    for qid, q in catalog.questions.items():  # every other answer at its most outsourcing-friendly
        if qid not in gated and q.options and q.scored:
            answers[qid] = max(q.options, key=lambda o: o.score or 0).value
    d = decide(catalog, answers)
    assert d.base_outcome == "outsource"
    assert d.outcome == "hybrid"
    assert any(g.changes_outcome for g in d.gates)
