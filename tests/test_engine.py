"""The decision engine, rule by rule, on small crafted question sets."""

from __future__ import annotations

from typing import Any

import pytest

from outsource_cli.decision.engine import decide
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import choice_q, make_catalog, option

SET_A = {
    "id": "a",
    "title": "A",
    "weight": 1,
    "order": 1,
    "questions": [
        choice_q("q1", {"lo": 0, "mid": 50, "hi": 100}),
        choice_q("q2", {"lo": 0, "hi": 100}, weight=3),
    ],
}
SET_B = {
    "id": "b",
    "title": "B",
    "weight": 3,
    "order": 2,
    "questions": [
        {
            "id": "q3",
            "text": "q3?",
            "type": "yes_no",
            "options": [option(True, 80), option(False, 20)],
        },
        {
            "id": "q4",
            "text": "q4?",
            "type": "number",
            "min": 0,
            "max": 100,
            "ranges": [
                {"up_to": 10, "score": 10, "because": "small"},
                {"up_to": 100, "score": 90, "because": "big"},
            ],
        },
    ],
}
EDGE = {
    "id": "e",
    "title": "E",
    "questions": [
        choice_q("s", {"zero": 0, "low": 39.9, "b40": 40, "mid": 50, "b60": 60, "top": 100}),
        choice_q("kind", {"it": None, "bp": None, "kn": None}),  # type: ignore[dict-item]
    ],
}


@pytest.fixture
def ab() -> Catalog:
    return make_catalog([SET_A, SET_B])


def edge(**policy: Any) -> Catalog:
    return make_catalog([EDGE], **policy)


def cell(cid: str, when: dict[str, Any], verdict: str) -> dict[str, Any]:
    return {
        "id": cid,
        "framework": "F",
        "cell": f"{cid} cell",
        "when": when,
        "verdict": verdict,
        "because": f"{cid} because",
    }


# The strategy stage of the crafted tests: e.s decides by cell, most restrictive first; "b60"
# is in no cell (the default, best-source). Without a business case the economics stage is
# "not assessed" (the thin-saving column): insource keeps, co-source is hybrid, best-source and
# outsource go out.
CELLS = [
    cell("kept", {"question": "e.s", "in": ["zero", "low"]}, "insource"),
    cell("middle", {"question": "e.s", "in": ["b40", "mid"]}, "co_source"),
    cell("top", {"question": "e.s", "equals": "top"}, "outsource"),
]


def staged(*extra: dict[str, Any], **policy: Any) -> Catalog:
    """EDGE with the strategy cells (``extra`` cells first: they take precedence)."""
    return edge(strategy={"cells": [*extra, *CELLS]}, **policy)


def test_weighted_means_and_contributions_add_up(ab: Catalog) -> None:
    d = decide(ab, {"a.q1": "hi", "a.q2": "lo", "b.q3": True})
    dims = {x.id: x for x in d.dimensions}
    assert dims["a"].score == 25.0  # (100*1 + 0*3) / 4
    assert dims["b"].score == 80.0
    assert (dims["a"].answered, dims["a"].asked, dims["b"].answered, dims["b"].asked) == (
        2,
        2,
        1,
        2,
    )
    assert (dims["a"].share, dims["b"].share) == (1.0, 0.5)
    # b counts with its weight 3 times the half of it answered:
    # (1*100/4 + 3*80/2) / (1*4/4 + 3*1/2) = 145 / 2.5
    assert d.score == 58.0
    contrib = {r.question: r.contribution for r in d.contributions}
    # (s - 50) * (W * w / shown) / 2.5
    assert contrib == {"b.q3": 18.0, "a.q2": -15.0, "a.q1": 5.0}
    assert [r.question for r in d.rationale] == ["b.q3", "a.q2", "a.q1"]  # largest effect first
    assert d.other_points == 0.0
    # no strategy cell and no business case: best-source, not assessed, so outsource; the
    # balance (58, in the old "hybrid band") does not decide it
    assert d.outcome == d.base_outcome == "outsource"
    assert [(s.id, s.verdict) for s in d.stages] == [
        ("strategy", "best_source"),
        ("economics", "not_assessed"),
        ("readiness", "ready"),
    ]
    # b.q4 (10 to 90) is open: (1*100/4 + 3*(80+10)/2) / 4 = 40 up to (25 + 3*170/2) / 4 = 70
    assert d.missing_range.score == (40.0, 70.0)
    # ...but no stage reads it: the balance moves, the outcome cannot
    assert d.missing_range.outcomes == ("outsource",)
    assert not d.provisional and d.missing_range.questions == ()
    assert d.recommended


def test_one_answer_does_not_carry_a_whole_set(ab: Catalog) -> None:
    d = decide(ab, {"a.q1": "hi"})
    assert d.score == 100.0  # the only answer: the score says what it says...
    assert {x.id: x.score for x in d.dimensions} == {"a": 100.0, "b": None}
    assert d.completeness == 0.06  # ...but it is 1/4 of a's weight 1, of 1 + 3
    assert d.unanswered == ("a.q2", "b.q3", "b.q4")
    # ...and the rest could put it anywhere from (25 + 3*15) / 4 to (100 + 3*85) / 4
    assert d.missing_range.score == (17.5, 88.8)
    # a balance from 17.5 to 88.8 once spanned every band; the stages read none of these
    # questions, so the outcome is settled
    assert d.missing_range.outcomes == ("outsource",)
    assert not d.provisional


def test_a_complete_answer_is_not_provisional(ab: Catalog) -> None:
    d = decide(ab, {"a.q1": "hi", "a.q2": "hi", "b.q3": True, "b.q4": 100})
    assert not d.provisional and d.missing_range.questions == ()
    assert d.missing_range.score == (d.score, d.score) == (88.8, 88.8)


def test_number_questions_interpolate_between_range_points(ab: Catalog) -> None:
    assert decide(ab, {"b.q4": 10}).score == 10.0
    assert decide(ab, {"b.q4": 10.5}).score == 10.4  # 10 + 80 * 0.5 / 90: no cliff
    assert decide(ab, {"b.q4": 55}).score == 50.0
    assert decide(ab, {"b.q4": 100}).score == 90.0
    assert decide(ab, {"b.q4": 0}).score == 10.0  # flat below the first point
    (reason,) = decide(ab, {"b.q4": 0}).rationale
    assert (reason.answer, reason.because) == ("0", "small")
    assert decide(ab, {"b.q4": 10.5}).rationale[0].because == "big"


@pytest.mark.parametrize(
    ("answer", "outcome", "verdict", "rule"),
    [
        ("zero", "keep_in_house", "insource", "kept"),
        ("low", "keep_in_house", "insource", "kept"),
        ("b40", "hybrid", "co_source", "middle"),
        ("mid", "hybrid", "co_source", "middle"),
        ("b60", "outsource", "best_source", None),  # in no cell: the policy's default
        ("top", "outsource", "outsource", "top"),
    ],
)
def test_the_strategy_cell_that_holds_decides(
    answer: str, outcome: str, verdict: str, rule: str | None
) -> None:
    d = decide(staged(), {"e.s": answer})
    assert d.outcome == d.base_outcome == outcome
    strategy = d.stages[0]
    assert (strategy.id, strategy.verdict, strategy.rule, strategy.settled) == (
        "strategy",
        verdict,
        rule,
        True,
    )
    assert strategy.answers == (() if rule is None else ("e.s",))
    assert strategy.because == (
        f"{rule} because"
        if rule
        else "No framework's cell applies: test the market and let the business case decide."
    )


def test_the_balance_never_decides_the_outcome() -> None:
    # the same balance (0) under two strategies gives two outcomes, and two balances (0 and
    # 100) under one strategy the same outcome
    low_kept = decide(staged(), {"e.s": "zero"})
    low_out = decide(
        edge(strategy={"cells": [cell("all", {"question": "e.s", "answered": True}, "outsource")]}),
        {"e.s": "zero"},
    )
    assert low_kept.score == low_out.score == 0.0
    assert (low_kept.outcome, low_out.outcome) == ("keep_in_house", "outsource")
    assert decide(edge(), {"e.s": "top"}).outcome == decide(edge(), {"e.s": "zero"}).outcome


def test_the_first_cell_that_holds_decides_and_the_others_are_shown() -> None:
    kn = cell("kn", {"question": "e.kind", "equals": "kn"}, "co_source")
    cat = staged(kn)
    # kn comes first and holds: co-source, though e.s alone would send it out; the top cell,
    # which disagrees, is shown beside it
    d = decide(cat, {"e.s": "top", "e.kind": "kn"})
    assert (d.outcome, d.stages[0].rule, d.stages[0].answers) == ("hybrid", "kn", ("e.kind",))
    assert [(c.id, c.verdict) for c in d.stages[0].others] == [("top", "outsource")]
    assert decide(cat, {"e.s": "top", "e.kind": "it"}).outcome == "outsource"
    # precedence is the cells' order, nothing else: kn stands first, so it decides even where
    # the later, more restrictive "kept" holds too, and "kept" is shown as the disagreement
    d = decide(cat, {"e.s": "zero", "e.kind": "kn"})
    assert (d.outcome, d.stages[0].rule) == ("hybrid", "kn")
    assert [(c.id, c.verdict) for c in d.stages[0].others] == [("kept", "insource")]
    # the policy order (restrictive first) is what makes "kept" win
    d = decide(
        edge(strategy={"cells": [*CELLS[:1], kn, *CELLS[1:]]}), {"e.s": "zero", "e.kind": "kn"}
    )
    assert (d.outcome, d.stages[0].rule) == ("keep_in_house", "kept")
    assert [c.id for c in d.stages[0].others] == ["kn"]


def test_an_open_cell_question_leaves_no_recommendation_yet() -> None:
    cat = staged(cell("kn", {"question": "e.kind", "equals": "kn"}, "co_source"))
    d = decide(cat, {"e.s": "top"})  # kn could hold: co-source or outsource
    assert not d.recommended and d.provisional
    strategy = d.stages[0]
    assert (strategy.settled, strategy.possible) == (False, ("co_source", "outsource"))
    assert d.missing_range.outcomes == ("hybrid", "outsource")
    assert d.missing_range.questions == ("e.kind",)
    # answered either way, it is settled
    assert decide(cat, {"e.s": "top", "e.kind": "it"}).recommended
    assert decide(cat, {"e.s": "top", "e.kind": "kn"}).recommended


def test_the_policys_outcome_table_maps_the_verdicts() -> None:
    # best-source under a thin (or unassessed) saving: outsource by default, hybrid when the
    # policy's table says so
    table = [
        {
            "strategy": v,
            "pays": o,
            "marginal": m,
            "premium": "hybrid",
            "loses": "hybrid",
            "loses_heavily": "keep_in_house",
        }
        for v, o, m in [
            ("insource", "keep_in_house", "keep_in_house"),
            ("eliminate_or_migrate", "hybrid", "hybrid"),
            ("co_source", "hybrid", "hybrid"),
            ("best_source", "outsource", "hybrid"),
            ("outsource", "outsource", "outsource"),
        ]
    ]
    assert decide(staged(), {"e.s": "b60"}).outcome == "outsource"
    d = decide(staged(outcomes=table), {"e.s": "b60"})
    assert (d.stages[0].verdict, d.stages[1].verdict, d.outcome) == (
        "best_source",
        "not_assessed",
        "hybrid",
    )
    assert decide(staged(outcomes=table), {"e.s": "top"}).outcome == "outsource"


def test_force_gate_overrides_the_score() -> None:
    gate = {
        "id": "no",
        "title": "No",
        "when": {"question": "e.kind", "equals": "kn"},
        "force": "keep_in_house",
        "because": "forbidden",
    }
    d = decide(edge(gates=[gate]), {"e.s": "top", "e.kind": "kn"})
    assert (d.base_outcome, d.outcome) == ("outsource", "keep_in_house")
    (g,) = d.gates
    assert (g.id, g.effect, g.target, g.status, g.changes_outcome, g.triggers) == (
        "no",
        "force",
        "keep_in_house",
        "fired",
        True,
        ("e.kind",),
    )
    assert decide(edge(gates=[gate]), {"e.s": "top", "e.kind": "it"}).gates == ()


def test_a_gate_whose_input_is_unanswered_could_fire() -> None:
    gate = {
        "id": "no",
        "title": "No",
        "when": {"question": "e.kind", "equals": "kn"},
        "force": "keep_in_house",
        "because": "forbidden",
    }
    d = decide(edge(gates=[gate]), {"e.s": "top"})
    assert d.outcome == "outsource"  # it has not fired...
    (g,) = d.gates
    assert (g.status, g.changes_outcome, g.triggers) == ("could_fire", True, ("e.kind",))
    assert d.provisional  # ...but it could: the result says so
    assert d.missing_range.outcomes == ("keep_in_house", "outsource")
    assert d.missing_range.questions == ("e.kind",)


def test_cap_gate_lowers_but_never_raises() -> None:
    gate = {
        "id": "cap",
        "title": "Cap",
        "when": {"question": "e.kind", "in": ["it", "bp"]},
        "cap": "hybrid",
        "because": "capped",
    }
    high = decide(staged(gates=[gate]), {"e.s": "top", "e.kind": "it"})
    assert (high.outcome, high.gates[0].changes_outcome) == ("hybrid", True)
    low = decide(staged(gates=[gate]), {"e.s": "zero", "e.kind": "bp"})
    assert (low.outcome, low.gates[0].status, low.gates[0].changes_outcome) == (
        "keep_in_house",
        "fired",
        False,
    )


def _gate(gid: str, when: dict[str, Any], **effect: str) -> dict[str, Any]:
    return {"id": gid, "title": gid, "when": when, "because": gid, **effect}


def test_gates_by_precedence_not_file_order() -> None:
    kn = {"question": "e.kind", "equals": "kn"}
    answered = {"question": "e.kind", "answered": True}
    # a forced keep wins, wherever it stands and whatever is forced after it
    for gates in (
        [_gate("keep", kn, force="keep_in_house"), _gate("out", kn, force="outsource")],
        [_gate("out", kn, force="outsource"), _gate("keep", kn, force="keep_in_house")],
    ):
        d = decide(edge(gates=gates), {"e.s": "top", "e.kind": "kn"})
        assert d.outcome == "keep_in_house"
        assert {g.id: g.changes_outcome for g in d.gates} == {"keep": True, "out": False}
    # a force beats a cap; caps combine to the most restrictive
    d = decide(
        edge(gates=[_gate("cap", answered, cap="hybrid"), _gate("out", kn, force="outsource")]),
        {"e.s": "top", "e.kind": "kn"},
    )
    assert d.outcome == "outsource"
    caps = [_gate("h", answered, cap="hybrid"), _gate("k", kn, cap="keep_in_house")]
    for gates in (caps, caps[::-1]):
        assert decide(edge(gates=gates), {"e.s": "top", "e.kind": "kn"}).outcome == "keep_in_house"


def test_form_rules_first_match_wins() -> None:
    form = {
        "default": "bpo",
        "because": "d",
        "rules": [
            {"when": {"question": "e.kind", "equals": "it"}, "form": "ito", "because": "it work"},
            {
                "when": {"question": "e.kind", "in": ["it", "kn"]},
                "form": "kpo",
                "because": "knowledge",
            },
        ],
    }
    cat = edge(form=form)
    assert decide(cat, {"e.s": "top", "e.kind": "it"}).form == "ito"
    d = decide(cat, {"e.s": "top", "e.kind": "kn"})
    assert d.form == "kpo" and d.form_reason is not None and d.form_reason.rule == "form.rules[1]"
    assert decide(cat, {"e.s": "top"}).form == "bpo"


def test_location_takes_the_closest_limit() -> None:
    location = {
        "default": "offshore",
        "because": "cheap",
        "rules": [
            {
                "id": "near",
                "when": {"question": "e.kind", "in": ["it", "kn"]},
                "at_most": "nearshore",
                "because": "n",
            },
            {
                "id": "on",
                "when": {"question": "e.kind", "equals": "kn"},
                "at_most": "onshore",
                "because": "o",
            },
            {
                "id": "dim",
                "when": {"dimension": "e", "lt": 70},
                "at_most": "nearshore",
                "because": "risky",
            },
        ],
    }
    cat = edge(location=location)
    assert decide(cat, {"e.s": "top", "e.kind": "bp"}).location == "offshore"
    d = decide(cat, {"e.s": "top", "e.kind": "it"})
    assert d.location == "nearshore" and [c.rule for c in d.location_reasons] == [None, "near"]
    assert decide(cat, {"e.s": "top", "e.kind": "kn"}).location == "onshore"
    assert decide(cat, {"e.s": "b60", "e.kind": "bp"}).location == "nearshore"  # 60 < 70


def test_location_is_conservative_while_its_inputs_are_open() -> None:
    location = {
        "default": "offshore",
        "because": "cheap",
        "rules": [
            {
                "id": "on",
                "when": {"question": "e.kind", "equals": "kn"},
                "at_most": "onshore",
                "because": "o",
            },
        ],
    }
    d = decide(edge(location=location), {"e.s": "top"})
    assert d.location == "onshore"  # as if the most restrictive answer applied
    rule = d.location_reasons[-1]
    assert (rule.rule, rule.certain, rule.widen) == ("on", False, ("e.kind",))


def test_mitigations_by_outcome_location_and_answers() -> None:
    mitigations = [
        {"id": "always", "category": "vetting", "title": "T", "because": "b", "actions": ["x"]},
        {
            "id": "keep",
            "category": "transition",
            "title": "T",
            "because": "b",
            "actions": ["x"],
            "outcomes": ["keep_in_house"],
        },
        {
            "id": "far",
            "category": "communication",
            "title": "T",
            "because": "b",
            "actions": ["x"],
            "locations": ["offshore"],
        },
        {
            "id": "kn",
            "category": "exit",
            "title": "T",
            "because": "b",
            "actions": ["x"],
            "when": {"question": "e.kind", "equals": "kn"},
        },
    ]
    cat = staged(mitigations=mitigations)
    assert [m.id for m in decide(cat, {"e.s": "top", "e.kind": "it"}).mitigations] == [
        "always",
        "far",
    ]
    open_kind = decide(cat, {"e.s": "top"}).mitigations  # could be called for: listed, marked
    assert [(m.id, m.certain, m.triggers) for m in open_kind][-1] == ("kn", False, ("e.kind",))
    (kn,) = [m for m in decide(cat, {"e.s": "top", "e.kind": "kn"}).mitigations if m.id == "kn"]
    assert (kn.certain, kn.triggers) == (True, ("e.kind",))  # says which answer called for it
    assert [m.id for m in decide(cat, {"e.s": "mid", "e.kind": "kn"}).mitigations] == [
        "always",
        "far",
        "kn",
    ]
    assert [m.id for m in decide(cat, {"e.s": "zero", "e.kind": "kn"}).mitigations] == ["keep"]


def test_hidden_questions_do_not_count() -> None:
    s = {
        "id": "h",
        "title": "H",
        "questions": [
            choice_q("gate", {"x": None, "y": None}),  # type: ignore[dict-item]
            choice_q(
                "shown_if_x", {"lo": 0, "hi": 100}, when={"question": "h.gate", "equals": "x"}
            ),
            choice_q("other", {"lo": 0, "hi": 100}),
        ],
    }
    cat = make_catalog([s])
    d = decide(cat, {"h.gate": "y", "h.shown_if_x": "hi", "h.other": "lo"})
    assert d.score == 0.0 and "h.shown_if_x" not in d.answers
    assert decide(cat, {"h.gate": "x", "h.shown_if_x": "hi", "h.other": "lo"}).score == 50.0


@pytest.mark.parametrize(("combine", "score"), [("min", 20.0), ("max", 90.0), ("mean", 55.0)])
def test_multi_choice_combination(combine: str, score: float) -> None:
    q = {
        "id": "m",
        "text": "m?",
        "type": "multi",
        "combine": combine,
        "options": [option("a", 20), option("b", 90), option("c", 50)],
    }
    cat = make_catalog([{"id": "x", "title": "X", "questions": [q]}])
    assert decide(cat, {"x.m": ("a", "b")}).score == score
    assert decide(cat, {"x.m": ()}).dimensions[0].score is None  # nothing picked: not scored


def test_deterministic(ab: Catalog) -> None:
    answers = {"a.q1": "mid", "a.q2": "hi", "b.q3": False, "b.q4": 42}
    assert decide(ab, answers) == decide(ab, dict(reversed(list(answers.items()))))
