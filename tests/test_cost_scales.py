"""The business case's inputs on a bounded scale (issue 23, item 9): a custom question set that
lets a contract run for 10^15 years, a discount rate reach -100 % or a cost share go negative
is refused by the format (lint and every command that loads it: S005 at the key, naming the
scale); and a catalog that escaped those checks is refused by the business case itself, with
one message and exit 2: never a list of every year, an overflow or a division by zero.

The corpus is tests/data/hostile/cost-scales/: each file is the built-in cost.yaml with one
hostile change, listed here with the message it gets."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision import business_case
from outsource_cli.decision.engine import decide
from outsource_cli.errors import ScaleError
from outsource_cli.questionnaire import cost_scales
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from outsource_cli.questionnaire.checks import questions as checks
from outsource_cli.questionnaire.shapes import QuestionSet
from tests.conftest import EXAMPLES

CORPUS = Path(__file__).parent / "data" / "hostile" / "cost-scales"
PAYROLL = EXAMPLES / "payroll-manufacturer.yaml"
runner = CliRunner()

# file -> (the format's message, answers that push the input to its hostile end, the message
# of the business case when the format's check is switched off)
ADJUST = {"cost.adjust_assumptions": "yes"}
CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    "contract-years-huge.yaml": (
        "cost.yaml:55:10: S005 the contract length (cost.contract_years), an input of the "
        "business case, takes 1 to 50 years: 'max' 1,000,000,000,000,000 is outside that scale",
        {"cost.contract_years": None},  # left open: the range tried every whole year
        "the business case cannot use cost.contract_years = 1,000,000,000,000,000: the "
        "contract length takes 1 to 50 years",
    ),
    "contract-years-100000.yaml": (
        "cost.yaml:55:10: S005 the contract length (cost.contract_years), an input of the "
        "business case, takes 1 to 50 years: 'max' 100,000 is outside that scale",
        {"cost.contract_years": 100000},
        "the business case cannot use cost.contract_years = 100,000: the contract length "
        "takes 1 to 50 years",
    ),
    "contract-years-zero.yaml": (
        "cost.yaml:54:10: S005 the contract length (cost.contract_years), an input of the "
        "business case, takes 1 to 50 years: 'min' 0 is outside that scale",
        {"cost.contract_years": 0},
        "the business case cannot use cost.contract_years = 0: the contract length takes 1 "
        "to 50 years",
    ),
    "contract-years-choice.yaml": (
        "cost.yaml:54:11: S005 the contract length (cost.contract_years), an input of the "
        "business case, must be a number question (from 1 to 50 years), not single",
        {"cost.contract_years": "short"},
        "the business case cannot use the contract length (cost.contract_years): it must be a "
        "number question, not single",
    ),
    "discount-minus-100.yaml": (
        "cost.yaml:159:10: S005 the discount rate (cost.discount_rate), an input of the "
        "business case, takes -50 to 100 % a year: 'min' -100 is outside that scale",
        {**ADJUST, "cost.discount_rate": -100},
        "the business case cannot use cost.discount_rate = -100: the discount rate takes -50 "
        "to 100 % a year",
    ),
    "escalation-huge.yaml": (
        "cost.yaml:149:10: S005 the provider price escalation (cost.provider_escalation), an "
        "input of the business case, takes -50 to 100 % a year: 'max' 100,000 is outside that "
        "scale",
        {**ADJUST, "cost.provider_escalation": 100000, "cost.contract_years": 15},
        "the business case cannot use cost.provider_escalation = 100,000: the provider price "
        "escalation takes -50 to 100 % a year",
    ),
    "share-negative.yaml": (
        "cost.yaml:101:10: S005 the governance cost (cost.governance_share), an input of the "
        "business case, takes 0 to 200 %: 'min' -500 is outside that scale",
        {**ADJUST, "cost.governance_share": -500},
        "the business case cannot use cost.governance_share = -500: the governance cost takes "
        "0 to 200 %",
    ),
    "saving-below-minus-100.yaml": (
        "cost.yaml:34:10: S005 the headline saving (cost.expected_savings), an input of the "
        "business case, takes -100 to 100 %: 'min' -1,000 is outside that scale",
        {"cost.expected_savings": -1000},
        "the business case cannot use cost.expected_savings = -1,000: the headline saving "
        "takes -100 to 100 %",
    ),
    "baseline-huge.yaml": (
        "cost.yaml:20:10: S005 the in-house cost a year (cost.baseline_cost), an input of the "
        "business case, takes 0 to 1,000,000,000 thousand: 'max' 1,000,000,000,000,000 is "
        "outside that scale",
        {"cost.baseline_cost": 10**15},
        "the business case cannot use cost.baseline_cost = 1,000,000,000,000,000: the "
        "in-house cost a year takes 0 to 1,000,000,000 thousand",
    ),
    "transition-years.yaml": (
        "cost.yaml:67:10: S005 the transition (cost.transition_months), an input of the "
        "business case, takes 0 to 120 months: 'max' 100,000 is outside that scale",
        {"cost.transition_months": 100000},
        "the business case cannot use cost.transition_months = 100,000: the transition takes "
        "0 to 120 months",
    ),
}


def test_every_file_in_the_corpus_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(CASES)


def hostile_set(qdir: Path, name: str) -> Path:
    (qdir / "cost.yaml").write_text((CORPUS / name).read_text())
    return qdir


def answers_file(tmp_path: Path, changes: dict[str, Any]) -> Path:
    """The payroll example with ``changes`` (None: the answer left out)."""
    data = yaml.safe_load(PAYROLL.read_text())
    for qid, value in changes.items():
        set_id, q_id = qid.split(".")
        if value is None:
            data["answers"][set_id].pop(q_id, None)
        else:
            data["answers"][set_id][q_id] = value
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_lint_names_the_scale(name: str, qdir: Path) -> None:
    result = runner.invoke(app, ["lint", str(hostile_set(qdir, name))])
    assert result.exit_code == 1, result.output
    assert f"{qdir}/{CASES[name][0]}" in result.stdout
    assert "Found 1 error" in result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_assess_refuses_the_set(name: str, qdir: Path) -> None:
    hostile_set(qdir, name)
    result = runner.invoke(
        app, ["assess", "--questionnaires", str(qdir), "--answers", str(PAYROLL)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {qdir}/{CASES[name][0]}\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_business_case_refuses_a_set_that_escaped_the_format(
    name: str, qdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the format's check switched off (and no cache, which would keep that catalog),
    the hostile end of the scale is answered (or left open): one line, exit 2, at once and
    with little memory; never OverflowError, ZeroDivisionError or a list of every year."""
    monkeypatch.setattr(checks, "_check_cost_scales", lambda qs, doc: iter(()))
    monkeypatch.setenv("OUTSOURCE_NO_CACHE", "1")
    hostile_set(qdir, name)
    _, changes, message = CASES[name]
    answers = answers_file(tmp_path, changes)
    for command in (
        ["assess", "--questionnaires", str(qdir), "--answers", str(answers)],
        ["assess", "--questionnaires", str(qdir), "--answers", str(answers), "--format", "json"],
    ):
        tracemalloc.start()
        result = runner.invoke(app, command)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {message} ("), result.stderr
        assert "with outsource lint" in result.stderr and len(result.stderr.splitlines()) == 1
        assert peak < 60 * 1024 * 1024, f"{name} used {peak / 1e6:.0f} MB"


def test_a_catalog_built_without_the_checks_is_refused_by_the_model(qdir: Path) -> None:
    """The Python interface too: a catalog built from the models alone (no check_set)."""
    catalog = load_catalog(qdir)
    hostile = QuestionSet.model_validate(
        yaml.safe_load((CORPUS / "discount-minus-100.yaml").read_text())
    )
    sets = [hostile if qs.id == "cost" else qs for qs in catalog.sets]
    built = Catalog.build(sets, catalog.policy, str(qdir))
    answers = {**yaml.safe_load(PAYROLL.read_text())["answers"]}
    flat = {f"{s}.{q}": v for s, qs in answers.items() for q, v in qs.items()}
    flat.update({"cost.adjust_assumptions": True, "cost.discount_rate": -100})
    with pytest.raises(ScaleError, match=r"cost\.discount_rate = -100: the discount rate"):
        decide(built, flat)


def test_the_shipped_sets_keep_within_the_scales(catalog: Catalog) -> None:
    for name, scale in cost_scales.SCALES.items():
        q = catalog.questions[f"cost.{name}"]
        assert q.type == "number" and q.min is not None and q.max is not None
        assert scale.low <= q.min < q.max <= scale.high, name


def test_the_model_stays_finite_at_every_corner_of_the_scales() -> None:
    """Why the scales end where they do: at every corner of them (the longest contract with
    the steepest escalation and the lowest discount rate, and so on), every number of the
    business case is a finite float."""
    s = cost_scales.SCALES
    corners = [
        (years, e_in, e_out, r, saving, b)
        for years in (1, 50)
        for e_in in (s["inhouse_escalation"].low, s["inhouse_escalation"].high)
        for e_out in (s["provider_escalation"].low, s["provider_escalation"].high)
        for r in (s["discount_rate"].low, s["discount_rate"].high)
        for saving in (s["expected_savings"].low, s["expected_savings"].high)
        for b in (1e-9, s["baseline_cost"].high)
    ]
    for years, e_in, e_out, r, saving, b in corners:
        t = business_case.Terms(
            baseline=b,
            saving=saving / 100,
            years=years,
            transition_months=s["transition_months"].high,
            search=2.0,
            governance=2.0,
            exit=2.0,
            severance=2.0,
            escalation_in=e_in / 100,
            escalation_out=e_out / 100,
            discount=r / 100,
        )
        keep, out = business_case.flows(t)
        value, kept = business_case.present_values(t)
        numbers = [*keep, *out, value, kept, business_case.net_saving(t)]
        assert all(math.isfinite(x) for x in numbers), (years, e_in, e_out, r, saving, b)
        assert kept > 0
