"""Behaviours mutation testing found unprotected (issue 11): each test fails when its rule is
broken by hand (robustness ignoring a cell's edge that a gate overrides, the mitigation
location filter, the pair search cap, rationale_size, hidden answers in `walk`, completeness
of hidden questions)."""

from __future__ import annotations

from typing import Any

import pytest

from outsource_cli.decision import counterfactuals
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output.report import data
from outsource_cli.questionnaire.catalog import Catalog, walk
from tests.conftest import choice_q, make_catalog
from tests.test_engine import EDGE, SET_A, SET_B

FORCE = {
    "id": "no",
    "title": "No",
    "when": {"question": "e.kind", "equals": "kn"},
    "force": "keep_in_house",
    "because": "forbidden",
}


# a strategy cell on the edge of e.s: "b60" or above is a commodity to buy (outsource);
# below it no cell holds and the default, co-source, makes it hybrid
CELL = {
    "default": "co_source",
    "because": "no cell",
    "cells": [
        {
            "id": "buy",
            "framework": "F",
            "cell": "high enough",
            "when": {"question": "e.s", "in": ["b60", "top"]},
            "verdict": "outsource",
            "because": "buy it",
        }
    ],
}


def edge(**policy: Any) -> Catalog:
    return make_catalog([EDGE], **policy)


def test_robustness_ignores_an_edge_that_a_gate_makes_irrelevant() -> None:
    cat = edge(gates=[FORCE], strategy=CELL)
    on_the_edge = decide(cat, {"e.s": "b60", "e.kind": "it"})  # one step from the cell's edge
    assert on_the_edge.outcome == "outsource"
    flips = {(f.target, f.value) for f in on_the_edge.robustness_flips}
    assert flips == {("e.s", "mid")}  # below the cell's edge (from "it", "bp" fires no gate)
    gated = decide(cat, {"e.s": "b60", "e.kind": "kn"})  # the same edge, the gate decides
    assert gated.outcome != gated.base_outcome and gated.completeness == 1.0
    # moving across the cell's edge changes nothing now; only the gate's input matters
    assert {f.target for f in gated.robustness_flips} == {"e.kind"}


def test_mitigations_are_filtered_by_the_location_chosen() -> None:
    mitigation = {
        "id": "far",
        "category": "communication",
        "title": "Time zones",
        "because": "far away",
        "actions": ["x"],
        "locations": ["offshore"],
    }
    location = {
        "default": "offshore",
        "because": "cheap",
        "rules": [
            {
                "id": "on",
                "when": {"question": "e.kind", "equals": "kn"},
                "at_most": "onshore",
                "because": "o",
            }
        ],
    }
    cat = edge(mitigations=[mitigation], location=location)
    offshore = decide(cat, {"e.s": "top", "e.kind": "it"})
    onshore = decide(cat, {"e.s": "top", "e.kind": "kn"})
    assert (offshore.outcome, offshore.location) == ("outsource", "offshore")
    assert (onshore.outcome, onshore.location) == ("outsource", "onshore")
    assert [m.id for m in offshore.mitigations] == ["far"]
    assert onshore.mitigations == ()


# keep it in-house only when both a.q1 is "lo" and b.q3 is yes: neither change alone does it
BOTH = {
    "default": "best_source",
    "because": "no cell",
    "cells": [
        {
            "id": "both",
            "framework": "F",
            "cell": "both",
            "when": {
                "all": [
                    {"question": "a.q1", "equals": "lo"},
                    {"question": "b.q3", "equals": True},
                ]
            },
            "verdict": "insource",
            "because": "keep it",
        }
    ],
}


def test_the_pair_search_stops_at_its_cap_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    cat = make_catalog([SET_A, SET_B], strategy=BOTH)
    answers = {"a.q1": "mid", "a.q2": "hi", "b.q3": False, "b.q4": 42}
    full = find_counterfactuals(cat, answers, pairs=True)
    assert full.pairs_complete is True and full.singles == ()
    assert [(c.question, c.value) for c in full.pairs[0].changes] == [
        ("a.q1", "lo"),
        ("b.q3", True),
    ]
    monkeypatch.setattr(counterfactuals, "MAX_PAIRS", 1)
    capped = find_counterfactuals(cat, answers, pairs=True)
    assert capped.pairs_complete is False
    assert len(capped.pairs) <= min(1, len(full.pairs))
    report = data(decide(cat, answers), capped, WhatIf())
    assert report["counterfactuals"]["pairs_complete"] is False


def test_rationale_size_limits_the_reasons_given() -> None:
    answers = {"a.q1": "hi", "a.q2": "lo", "b.q3": True, "b.q4": 50}
    assert len(decide(make_catalog([SET_A, SET_B]), answers).rationale) == 4  # default 6
    two = decide(make_catalog([SET_A, SET_B], rationale_size=2), answers)
    assert len(two.rationale) == 2
    assert [r.question for r in two.rationale] == ["b.q3", "a.q2"]  # the largest effects


HIDDEN = {
    "id": "h",
    "title": "H",
    "questions": [
        choice_q("gate", {"x": None, "y": None}),  # type: ignore[dict-item]
        choice_q("if_x", {"lo": 0, "hi": 100}, when={"question": "h.gate", "equals": "x"}),
        choice_q("if_hi", {"lo": 0, "hi": 100}, when={"question": "h.if_x", "equals": "hi"}),
        choice_q("other", {"lo": 0, "hi": 100}),
    ],
}


def test_an_answer_to_a_hidden_question_shows_no_other_question() -> None:
    cat = make_catalog([HIDDEN])
    effective, shown = walk(cat, {"h.gate": "y", "h.if_x": "hi", "h.if_hi": "lo"})
    assert shown == ["h.gate", "h.other"]  # h.if_x is hidden, so its answer shows nothing
    assert effective == {"h.gate": "y"}
    effective, shown = walk(cat, {"h.gate": "x", "h.if_x": "hi", "h.if_hi": "lo"})
    assert shown == ["h.gate", "h.if_x", "h.if_hi", "h.other"]
    assert effective == {"h.gate": "x", "h.if_x": "hi", "h.if_hi": "lo"}


def test_completeness_does_not_count_hidden_questions() -> None:
    cat = make_catalog([HIDDEN])
    d = decide(cat, {"h.gate": "y", "h.other": "hi"})  # every shown scored question answered
    assert d.completeness == 1.0 and d.unanswered == ()
    d = decide(cat, {"h.gate": "x", "h.other": "hi"})  # h.if_x is shown and unanswered
    assert d.completeness == 0.5 and d.unanswered == ("h.if_x",)
