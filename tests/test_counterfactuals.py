"""Counterfactuals against brute force, on small random question sets (hypothesis)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.evaluation import evaluate
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES, choice_q, make_catalog, option, strategy_policy

scores = st.integers(0, 100)


def outcome_of(
    catalog: Catalog, answers: Mapping[str, Any], weights: Mapping[str, float] | None = None
) -> tuple[str, float]:
    """The brute-force oracle: the outcome and the score of a full evaluation."""
    e = evaluate(catalog, answers, weights)
    return e.outcome, e.score


@st.composite
def worlds(draw: Any) -> tuple[Catalog, dict[str, Any]]:
    """Two small sets: choice questions, a yes/no, a number with ranges; maybe a `when`,
    maybe a gate; and answers to some of the questions."""
    a_scores = draw(st.lists(scores, min_size=2, max_size=3))
    a = {
        "id": "a",
        "title": "A",
        "order": 1,
        "weight": draw(st.sampled_from([1, 2])),
        "questions": [
            choice_q("x", {f"v{i}": s for i, s in enumerate(a_scores)}),
            {
                "id": "n",
                "text": "n?",
                "type": "number",
                "min": 0,
                "max": 100,
                "ranges": [
                    {"up_to": draw(st.integers(1, 60)), "score": draw(scores), "because": "low"},
                    {"up_to": 100, "score": draw(scores), "because": "high"},
                ],
            },
        ],
    }
    when = draw(
        st.sampled_from([None, {"question": "a.x", "equals": "v0"}, {"question": "a.n", "gte": 50}])
    )
    yn: dict[str, Any] = {
        "id": "y",
        "text": "y?",
        "type": "yes_no",
        "options": [option(True, draw(scores)), option(False, draw(scores))],
    }
    if when:
        yn["when"] = when
    b = {
        "id": "b",
        "title": "B",
        "order": 2,
        "questions": [yn, choice_q("z", {"p": draw(scores), "q": draw(scores)})],
    }
    lo = draw(st.integers(10, 45))
    hi = draw(st.integers(lo + 5, 90))
    policy: dict[str, Any] = strategy_policy(draw, hi)
    if draw(st.booleans()):
        policy["gates"] = [
            {
                "id": "g",
                "title": "G",
                "when": {"question": "b.z", "equals": "q"},
                "cap": "hybrid",
                "because": "g",
            }
        ]
    catalog = make_catalog([a, b], **policy)
    answers: dict[str, Any] = {}
    for qid, domain in (
        ("a.x", [f"v{i}" for i in range(len(a_scores))]),
        ("a.n", [0, 30, 75, 100]),
        ("b.y", [True, False]),
        ("b.z", ["p", "q"]),
    ):
        choice = draw(st.sampled_from([None, *domain]))
        if choice is not None:
            answers[qid] = choice
    return catalog, answers


def brute_domain(catalog: Catalog, qid: str) -> list[Any]:
    q = catalog.questions[qid]
    if q.type == "number":
        return list(range(0, 101))  # every whole number: more than enough cases
    return [o.value for o in q.options]


@given(worlds())
def test_singles_match_brute_force(world: tuple[Catalog, dict[str, Any]]) -> None:
    from outsource_cli.questionnaire.catalog import walk

    catalog, answers = world
    now, _ = outcome_of(catalog, answers)
    result = find_counterfactuals(catalog, answers, pairs=False)
    for flip in result.singles:  # every reported flip really flips
        (change,) = flip.changes
        assert (
            outcome_of(catalog, {**answers, change.question: change.value})[0]
            == flip.outcome
            != now
        )
    reported = {(f.changes[0].question, f.outcome) for f in result.singles}
    _, shown = walk(catalog, answers)
    for qid in catalog.questions:  # no single change that flips is missed
        for value in brute_domain(catalog, qid):
            outcome, _ = outcome_of(catalog, {**answers, qid: value})
            if outcome != now:
                assert qid in shown, "a change to a question that is not asked flipped the outcome"
                assert (qid, outcome) in reported, (qid, value, outcome)


@given(worlds())
def test_pairs_really_flip_and_are_minimal(world: tuple[Catalog, dict[str, Any]]) -> None:
    catalog, answers = world
    now, _ = outcome_of(catalog, answers)
    result = find_counterfactuals(catalog, answers)
    single_keys = {(f.changes[0].question, repr(f.changes[0].value)) for f in result.singles}
    for flip in result.pairs:
        a, b = flip.changes
        assert a.question != b.question
        assert (
            outcome_of(catalog, {**answers, a.question: a.value, b.question: b.value})[0]
            == flip.outcome
            != now
        )
        assert (a.question, repr(a.value)) not in single_keys and (
            b.question,
            repr(b.value),
        ) not in single_keys
    # brute force over pairs of shown questions: if a pair flips while neither change alone
    # does, an equivalent pair (same questions, same outcome) is reported
    from outsource_cli.questionnaire.catalog import walk

    _, shown = walk(catalog, answers)
    reported = {(f.changes[0].question, f.changes[1].question, f.outcome) for f in result.pairs}
    for q1, q2 in itertools.combinations(shown, 2):
        for v1 in (
            brute_domain(catalog, q1)[::7]
            if catalog.questions[q1].type == "number"
            else brute_domain(catalog, q1)
        ):
            if outcome_of(catalog, {**answers, q1: v1})[0] != now or answers.get(q1) == v1:
                continue
            for v2 in (
                brute_domain(catalog, q2)[::7]
                if catalog.questions[q2].type == "number"
                else brute_domain(catalog, q2)
            ):
                if outcome_of(catalog, {**answers, q2: v2})[0] != now or answers.get(q2) == v2:
                    continue
                outcome, _ = outcome_of(catalog, {**answers, q1: v1, q2: v2})
                if outcome != now:
                    assert (q1, q2, outcome) in reported, (q1, v1, q2, v2, outcome)


@given(worlds())
def test_the_fast_evaluator_agrees_with_the_engine(world: tuple[Catalog, dict[str, Any]]) -> None:
    from outsource_cli.decision.counterfactuals import candidate_changes
    from outsource_cli.decision.evaluation import Evaluator

    catalog, answers = world
    fast = Evaluator(catalog, answers, None)
    changes = candidate_changes(catalog, answers)
    for a in changes:
        assert fast.outcome({a.question: a.value}) == outcome_of(
            catalog, {**answers, a.question: a.value}
        )
        for b in changes:
            if a.question != b.question:
                both = {a.question: a.value, b.question: b.value}
                assert fast.outcome(both) == outcome_of(catalog, {**answers, **both})


def test_the_fast_evaluator_on_the_examples(catalog: Catalog) -> None:
    from pathlib import Path

    from outsource_cli.decision.counterfactuals import candidate_changes
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.questionnaire.answers import load_answers
    from tests.conftest import EXAMPLES

    for path in sorted(Path(EXAMPLES).glob("*.yaml")):
        answers = dict(load_answers(path, catalog).answers)
        fast = Evaluator(catalog, answers, {"cost": 2.0})
        for change in candidate_changes(catalog, answers):
            expected = outcome_of(
                catalog, {**answers, change.question: change.value}, {"cost": 2.0}
            )
            assert fast.outcome({change.question: change.value}) == expected, change


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_one_evaluator_shared_by_the_decision_and_the_search(name: str) -> None:
    """What assess does (one evaluator, its outcomes kept) gives what two fresh ones give."""
    from outsource_cli.decision.engine import decide
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.questionnaire.answers import load_answers
    from outsource_cli.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    answers = load_answers(EXAMPLES / name, catalog).answers
    shared = Evaluator(catalog, answers)
    assert decide(catalog, answers, evaluator=shared) == decide(catalog, answers)
    kept = len(shared._outcomes)
    assert kept > 0  # robustness's changes are kept ...
    assert find_counterfactuals(catalog, answers, evaluator=shared) == find_counterfactuals(
        catalog, answers
    )
    assert len(shared._outcomes) > kept  # ... and the search adds its own
