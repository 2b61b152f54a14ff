"""Behaviours that only a comparison of the README's sample output with a live run used to
catch (issue 23, item 21): each is asserted here as a computed value, so that regenerating
the docs cannot "fix" a change to it."""

from __future__ import annotations

from typing import Any

import pytest

from outsource_cli.decision import business_case as bc
from outsource_cli.decision.cases import number_points, step_of
from outsource_cli.decision.engine import decide
from outsource_cli.decision.robustness import neighbours
from tests.conftest import choice_q, make_catalog, option


def number_q(qid: str, lo: float, hi: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "text": f"{qid}?",
        "type": "number",
        "min": lo,
        "max": hi,
        "ranges": [
            {"up_to": (lo + hi) / 2, "score": 40, "because": "low"},
            {"up_to": hi, "score": 60, "because": "high"},
        ],
        **extra,
    }


def _sets() -> list[dict[str, Any]]:
    return [
        {
            "id": "a",
            "title": "A",
            "questions": [
                choice_q("pick", {"low": 45, "mid": 50, "high": 55}),
                {
                    "id": "yes",
                    "text": "yes?",
                    "type": "yes_no",
                    "options": [option(True, 52), option(False, 48)],
                },
                {
                    "id": "many",
                    "text": "many?",
                    "type": "multi",
                    "options": [option("x", 51), option("y", 49), option("z", 50)],
                },
                number_q("n", 0, 100),
                choice_q("note", {"p": None, "q": None}),  # unscored, steers nothing
                choice_q("open", {"u": 45, "v": 55}),  # left unanswered
            ],
        },
        {"id": "b", "title": "B", "questions": [choice_q("other", {"r": 50, "s": 52})]},
    ]


ANSWERS = {
    "a.pick": "mid",
    "a.yes": True,
    "a.many": ("x",),
    "a.n": 95,
    "a.note": "p",
    "b.other": "r",
}


# a strategy stage that reads pick, yes, many, n and other (not note): they decide the outcome
STAGED = {
    "strategy": {
        "default": "best_source",
        "cells": [
            {
                "id": f"c{i}",
                "framework": "F",
                "cell": f"cell {i}",
                "when": when,
                "verdict": verdict,
                "because": "b",
            }
            for i, (when, verdict) in enumerate(
                [
                    ({"question": "a.pick", "equals": "low"}, "insource"),
                    ({"question": "a.yes", "equals": False}, "co_source"),
                    ({"question": "a.many", "in": ["y"]}, "co_source"),
                    ({"question": "a.n", "gte": 99}, "outsource"),
                    ({"question": "b.other", "equals": "s"}, "outsource"),
                ]
            )
        ],
    }
}


def test_robustness_counts_each_neighbouring_answer_of_a_deciding_question_once() -> None:
    d = decide(make_catalog(_sets(), **STAGED), ANSWERS)
    # pick: low and high (2); yes: no (1); many: x unticked, y and z ticked (3); n: 85 and
    # 100, a tenth of the scale down and up, the top clamped (2); other: s (1); note is read
    # by no stage or gate, open is unanswered (0); set weights are never moved (they weigh
    # the balance, not the outcome)
    assert d.robustness_changes == 2 + 1 + 3 + 2 + 1
    assert d.robustness == pytest.approx((9 - len(d.robustness_flips)) / 9, abs=0.005)
    # the base is best-source with no business case (the thin-saving column: outsource);
    # pick low (insource: keep), yes no and many with y ticked (co-source: hybrid) flip it;
    # n at 100 and other s (outsource) do not
    flips = {(s.target, s.value, s.outcome) for s in d.robustness_flips}
    assert flips == {
        ("a.pick", "low", "keep_in_house"),
        ("a.yes", False, "hybrid"),
        ("a.many", ("x", "y"), "hybrid"),
    }


def test_a_number_moves_by_a_tenth_of_its_scale_within_it() -> None:
    catalog = make_catalog(
        [*_sets(), {"id": "c", "title": "C", "questions": [number_q("m", 1, 5)]}]
    )
    assert list(neighbours(catalog, "a.n", 95)) == [85, 100]
    assert list(neighbours(catalog, "a.n", 0)) == [10]
    assert list(neighbours(catalog, "a.n", 50)) == [40, 60]
    assert list(neighbours(catalog, "c.m", 3)) == [2.6, 3.4]
    assert list(neighbours(catalog, "c.m", 4.8)) == [4.4, 5]


def test_a_numbers_step_is_a_whole_number_or_a_hundredth() -> None:
    catalog = make_catalog(
        [*_sets(), {"id": "c", "title": "C", "questions": [number_q("m", 0, 5)]}]
    )
    wide, narrow = catalog.questions["a.n"], catalog.questions["c.m"]
    assert (step_of(wide), step_of(narrow)) == (1.0, 0.01)
    # the points a search tries: the ends, each range point and threshold (40) with a step
    # either side of it, and a hundredth either side (both, on a whole-number scale)
    assert number_points(wide, {40}) == [
        *(0, 39, 39.99, 40, 40.01, 41),
        *(49, 49.99, 50, 50.01, 51, 99, 99.99, 100),
    ]
    assert number_points(narrow, {4}) == [0, 2.49, 2.5, 2.51, 3.99, 4, 4.01, 4.99, 5]


def test_the_exit_cost_is_a_share_of_the_last_years_price() -> None:
    """Year 1 is the base year of both escalations; the exit, in year N, is a share of that
    year's (escalated) price, in the flows and among the hidden costs alike."""
    t = bc.Terms(1000, 0.20, 3, 0, 0.0, 0.06, 0.33, 0.0, 0.05, 0.10, 0.10)
    keep, out = bc.flows(t)
    prices = [800.0, 880.0, 968.0]  # 1000 × (1 − 0.2) × 1.1^(year − 1)
    assert keep == pytest.approx([0.0, 1000.0, 1050.0, 1102.5])
    assert out == pytest.approx(
        [0.0, prices[0] * 1.06, prices[1] * 1.06, prices[2] * 1.06 + 0.33 * prices[2]]
    )
    exit_cost = {h.cost: h.amount for h in bc.hidden_costs(t)}[bc.EXIT_COST]
    assert exit_cost == pytest.approx(0.33 * 968.0, abs=0.01)
