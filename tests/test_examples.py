"""The example answers files: contrasting situations with known recommendations."""

from __future__ import annotations

import pytest

from outsource_cli.decision.engine import decide
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES

CASES = {
    # file: (outcome, form, location, gates that fired, the stages' verdicts and rules,
    # the answers that lean most: the balance, which ranks but does not decide)
    "payroll-manufacturer.yaml": (
        "outsource",
        "bpo",
        "nearshore",
        [],
        # a 20 % headline saving nets under 3 % after the hidden costs: thin, and a useful
        # commodity goes out at a thin saving
        [("outsource", "useful_commodity"), ("marginal", None), ("ready", None)],
        ["core.differentiation", "culture.collaboration"],
    ),
    "bank-trading-platform.yaml": (
        "keep_in_house",
        None,
        None,
        # the exit-plan gate holds, but the strategy already keeps it: it changes nothing
        ["regulated_without_exit_plan"],
        [("insource", "critical_differentiator"), ("loses_heavily", None), ("not_needed", None)],
        ["core.differentiation"],
    ),
    "service-desk-l1.yaml": (
        "outsource",
        "ito",
        "offshore",
        [],
        # a 35 % saving over 3 years survives the hidden costs: it pays
        [("outsource", "useful_commodity"), ("pays", None), ("ready", None)],
        ["core.differentiation", "cost.expected_savings", "core.capability_gap"],
    ),
    "analytics-retailer.yaml": (
        "keep_in_house",
        None,
        None,
        [],
        # a 10 % saving does not pay for six months' transition: outsourcing would cost more
        # than 15 % of the in-house cost, which no non-cost reason justifies
        [("best_source", "important_parity"), ("loses_heavily", None), ("not_needed", None)],
        ["cost.expected_savings", "skills.scarcity", "core.capability_gap"],
    ),
}


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_example(name: str, catalog: Catalog) -> None:
    outcome, form, location, gates, stages, leading = CASES[name]
    sheet = load_answers(EXAMPLES / name, catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)
    assert (d.outcome, d.form, d.location) == (outcome, form, location)
    assert [g.id for g in d.gates] == gates
    assert not any(g.changes_outcome for g in d.gates)
    assert [(s.verdict, s.rule) for s in d.stages] == stages
    assert all(s.settled for s in d.stages)
    assert [r.question for r in d.rationale[: len(leading)]] == leading
    assert d.unanswered == ()
    assert d.recommended and d.ready and d.conditions == ()
    assert not d.provisional and d.robustness >= 0.9
    # every example answers the cost questions: its business case is made, and shown, and
    # the economics stage reads its net saving
    assert d.business_case is not None and len(d.business_case.years) >= 4
    assert d.stages[1].figure == round(d.business_case.net_saving, 2)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reports_show_the_business_case(name: str, catalog: Catalog) -> None:
    from outsource_cli.decision.whatif import WhatIf
    from outsource_cli.output.board import html as html_report
    from outsource_cli.output.board import markdown

    sheet = load_answers(EXAMPLES / name, catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)
    assert d.business_case is not None
    from outsource_cli.output.amounts import money  # its rounding: tests/test_money.py

    npv = f"NPV {money(d.business_case.npv, None, sign=True)}"
    md = markdown(d, catalog, None, WhatIf(), "2026-01-01")
    html = html_report(d, catalog, None, WhatIf(), "2026-01-01")
    for text in (md, html):
        assert "Business case" in text and npv in text
    # the chart in HTML only: Markdown readers drop inline SVG, its table says the same
    assert '<polyline class="keep"' in html and '<polyline class="outsource"' in html
    assert "<svg" not in md and "| Year | In-house | Outsourced |" in md


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


def test_the_bank_would_still_be_capped_if_the_stages_let_it_go(catalog: Catalog) -> None:
    sheet = load_answers(EXAMPLES / "bank-trading-platform.yaml", catalog)
    answers = dict(sheet.answers)
    # a critical commodity the market does better and far cheaper: the stages would send it
    # out, but the regulated function still has no exit plan
    answers.update(
        {
            "core.differentiation": "commodity",
            "core.specificity": "generic",
            "core.capability_gap": "behind",
            "core.requirements_stability": "stable",
            "core.measurability": "fully",
            "cost.in_house_efficiency": "no",
            "cost.relative_scale": "much_smaller",
            "cost.expected_savings": 40,
            "cost.transition_months": 3,
            "cost.exit_share": 10,
        }
    )
    d = decide(catalog, answers)
    assert [(s.verdict, s.rule) for s in d.stages[:2]] == [
        ("best_source", "critical_commodity"),
        ("pays", None),
    ]
    assert (d.base_outcome, d.outcome) == ("outsource", "hybrid")
    assert [(g.id, g.changes_outcome) for g in d.gates] == [("regulated_without_exit_plan", True)]
    assert (d.stages[2].verdict, d.stages[2].rule) == ("limited", "regulated_without_exit_plan")
    # with an exit plan the gate lets go; what is left to do before signing is listed
    answers["control.exit_plan"] = "yes"
    d = decide(catalog, answers)
    assert (d.outcome, d.gates, d.stages[2].verdict) == ("outsource", (), "once_ready")
    assert "exit_plan" not in [c.id for c in d.conditions] and not d.ready


@pytest.mark.parametrize(
    "path", sorted((EXAMPLES / "decisions").glob("*.json")), ids=lambda p: p.name
)
def test_each_shipped_decision_record_verifies(path: object) -> None:
    """The decision records shipped as examples (docs/vetting.md vets with one) verify with
    the question sets they ship with: regenerate them when a question's wording changes
    (`outsource assess --answers examples/X.yaml --format json --output
    examples/decisions/X.json --force`)."""
    from typer.testing import CliRunner

    from outsource_cli.cli import app

    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.stdout + result.stderr
