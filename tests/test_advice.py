"""Advice before diagnosis: levers the firm controls, facts, and changes left out on purpose."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.output.what_would_change import change_lines
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES, make_catalog, option

runner = CliRunner()


def _catalog() -> Catalog:
    """A lever (exit plan: without one a gate caps the outcome at hybrid) and a fact (market:
    none makes the strategy insource); a forcing gate on a third question."""
    questions = [
        {
            "id": "exit",
            "text": "Exit plan?",
            "type": "yes_no",
            "lever": True,
            "options": [option(True, 80), option(False, 20)],
        },
        {
            "id": "market",
            "text": "Market?",
            "type": "single",
            "options": [option("many", 80), option("some", 55), option("none", 20)],
        },
        {
            "id": "law",
            "text": "Law?",
            "type": "single",
            "options": [option("free", None), option("forbidden", None)],
        },
    ]
    gates = [
        {
            "id": "prohibited",
            "title": "Prohibited",
            "when": {"question": "s.law", "equals": "forbidden"},
            "force": "keep_in_house",
            "because": "law",
        },
        {
            "id": "no_exit",
            "title": "No exit plan",
            "when": {"question": "s.exit", "equals": False},
            "cap": "hybrid",
            "because": "exit",
        },
    ]
    strategy = {
        "cells": [
            {
                "id": "no_market",
                "framework": "F",
                "cell": "no market",
                "when": {"question": "s.market", "equals": "none"},
                "verdict": "insource",
                "because": "m",
            }
        ]
    }
    return make_catalog(
        [{"id": "s", "title": "S", "questions": questions}], gates=gates, strategy=strategy
    )


def test_levers_facts_and_structural_changes_are_told_apart() -> None:
    cat = _catalog()
    cf = find_counterfactuals(
        cat, {"s.exit": False, "s.market": "many", "s.law": "free"}
    )  # capped: hybrid
    assert cf.outcome == "hybrid"
    kinds = {(f.changes[0].question, f.outcome): f.kind for f in cf.singles}
    assert kinds[("s.exit", "outsource")] == "lever"  # write the exit plan
    assert kinds[("s.market", "keep_in_house")] == "fact"
    assert kinds[("s.law", "keep_in_house")] == "structural"  # a legal prohibition: no advice
    assert [f.kind for f in cf.singles] == sorted(
        (f.kind for f in cf.singles), key=("lever", "fact", "structural").index
    )
    lines = change_lines(cf)
    assert lines[0].startswith("What you could do")
    assert "Exit plan?" in lines[1]
    assert not any("Law?" in line for line in lines)  # left out; the gate is named instead
    assert (
        lines[-1] == "Not listed: changes that would act only through a knock-out (“Prohibited”)."
    )


def test_smallest_change_first() -> None:
    scores = {"a": 0, "b": 25, "c": 50, "d": 75, "e": 100}
    questions = [
        {
            "id": "q1",
            "text": "q1?",
            "type": "single",
            "options": [option(v, s) for v, s in scores.items()],
        },
        {
            "id": "q2",
            "text": "q2?",
            "type": "single",
            "options": [option("x", 100), option("y", 0)],
        },
    ]
    strategy = {
        "cells": [
            {
                "id": "a",
                "framework": "F",
                "cell": "a",
                "when": {"question": "s.q1", "equals": "a"},
                "verdict": "insource",
                "because": "a",
            }
        ]
    }
    cat = make_catalog([{"id": "s", "title": "S", "questions": questions}], strategy=strategy)
    cf = find_counterfactuals(cat, {"s.q1": "a", "s.q2": "x"}, pairs=False)  # the cell holds: keep
    assert cf.outcome == "keep_in_house"
    moves = [f.changes[0].value for f in cf.singles if f.changes[0].question == "s.q1"]
    assert moves == ["b", "c", "d", "e"]  # one option away first
    assert [f.size for f in cf.singles if f.changes[0].question == "s.q1"] == [1, 2, 3, 4]
    # q2 moves the balance from 50 to 0, but no stage reads it: never a change to try
    assert not any(f.changes[0].question == "s.q2" for f in cf.singles)


def test_json_keeps_every_change_with_its_kind(catalog: Catalog) -> None:
    result = runner.invoke(
        app,
        ["assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml"), "--format", "json"],
    )
    data: dict[str, Any] = json.loads(result.stdout)
    singles = data["counterfactuals"]["singles"]
    assert {s["kind"] for s in singles} <= {"lever", "fact", "structural"}
    assert any(s["kind"] == "structural" for s in singles)  # kept in JSON, with its kind
    # set weights weigh the balance only: no weight change ever flips the outcome
    assert data["counterfactuals"]["weights"] == []


def test_no_example_leads_with_a_legal_prohibition(catalog: Catalog) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        short = runner.invoke(app, ["assess", "--answers", str(path)]).stdout
        assert "forbids" not in short  # the short answer never offers it as advice
        result = runner.invoke(app, ["assess", "--answers", str(path), "--detail", "full"])
        after = result.stdout.split("What would change this", 1)[1]
        first = next(
            line
            for line in after.splitlines()
            if line.strip().startswith("•") or "No change" in line
        )
        assert "forbids" not in first and "prohibit" not in first.lower(), (path, first)


def test_the_examples_advice_names_levers_when_there_are_any(catalog: Catalog) -> None:
    sheet = load_answers(EXAMPLES / "bank-trading-platform.yaml", catalog)
    answers = dict(sheet.all_answers)
    # a commodity the market does better and cheaper: only the regulated function's missing
    # exit plan (a gate) holds it at hybrid
    answers.update(
        {
            "core.differentiation": "commodity",
            "core.specificity": "generic",
            "core.capability_gap": "behind",
            "core.requirements_stability": "stable",
            "core.measurability": "fully",
            "cost.in_house_efficiency": "no",
            "cost.expected_savings": 40,
            "cost.transition_months": 3,
        }
    )
    cf = find_counterfactuals(catalog, answers)
    assert cf.outcome == "hybrid"
    levers = [f for f in (*cf.singles, *cf.pairs) if f.kind == "lever"]
    assert ("control.exit_plan", "outsource") in {
        (f.changes[0].question, f.outcome) for f in levers
    }
    assert all(catalog.questions[c.question].lever for f in levers for c in f.changes)
    lines = change_lines(cf)
    assert lines[0].startswith("What you could do")


def test_a_model_without_because_is_refused_at_its_place(qdir: Any) -> None:
    policy = qdir / "policy.yaml"
    text = policy.read_text()
    gone = "    because: The stages keep the function in-house; build and keep the capability.\n"
    assert gone in text
    policy.write_text(text.replace(gone, ""))
    result = runner.invoke(app, ["lint", str(qdir)])
    assert result.exit_code == 1
    assert (
        "policy.yaml:" in result.stdout and "S001 missing required field 'because'" in result.stdout
    )


def test_giving_a_control_up_is_never_advice() -> None:
    """Audit rights from yes to no flips a regulated outsourcing to hybrid (a gate): that is
    what the outcome rests on (a fact), not something to do (a lever); levers only ever move
    towards outsourcing."""
    from outsource_cli.questionnaire.shapes import OUTCOMES

    desk = str(EXAMPLES / "service-desk-l1.yaml")
    regulated = ["--set", "control.regulation=strict", "--set", "control.subcontracting=visible"]

    def flips_of(*sets: str) -> tuple[str, list[dict[str, Any]]]:
        args = ["assess", "-a", desk, *regulated, *sets, "--format", "json", "--pairs"]
        data = json.loads(runner.invoke(app, args).stdout)
        found = data["counterfactuals"]["singles"] + data["counterfactuals"]["pairs"]
        return data["outcome"], found

    outcome, flips = flips_of()
    assert outcome == "outsource"
    audit = [f for f in flips if f["changes"][0]["question"] == "control.audit_rights"]
    assert audit and all(f["kind"] == "fact" and f["outcome"] == "hybrid" for f in audit)
    # without audit rights it is capped; securing them is a lever, and every lever goes out
    outcome, flips = flips_of("--set", "control.audit_rights=no")
    assert outcome == "hybrid"
    levers = [f for f in flips if f["kind"] == "lever"]
    assert any(f["changes"][0]["question"] == "control.audit_rights" for f in levers)
    for f in levers:
        assert OUTCOMES.index(f["outcome"]) > OUTCOMES.index(outcome), f
