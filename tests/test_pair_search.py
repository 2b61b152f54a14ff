"""The pair search against brute force: on generated question sets (steering numbers and
choices, chains, gates on answers and on set scores, multi questions) the search that skips
the pairs that bounds rule out finds exactly the pairs, in the same order, that trying every
pair finds."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, note, settings
from hypothesis import strategies as st

from outsource_cli.decision.cases import Limits, number_points
from outsource_cli.decision.counterfactuals import (
    Change,
    Flip,
    _crossings,
    _distance,
    _pairs,
    _same,
    candidate_changes,
)
from outsource_cli.decision.evaluation import Evaluator, shown_score
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from tests.test_incremental import chained
from tests.test_properties import worlds


def _search(catalog: Catalog, answers: dict[str, Any]) -> tuple[list[Flip], list[Flip]]:
    ev = Evaluator(catalog, answers)
    changes = candidate_changes(catalog, answers, ev)
    now = ev.base.outcome
    alone = {i for i, c in enumerate(changes) if ev.outcome({c.question: c.value})[0] != now}
    fast, untried = _pairs(catalog, ev, changes, alone)
    assert untried == 0
    return fast, brute_pairs(catalog, ev, changes, alone)


@settings(max_examples=150)
@given(worlds())
def test_the_pair_search_finds_what_trying_every_pair_finds(
    world: tuple[Catalog, dict[str, Any]],
) -> None:
    fast, slow = _search(*world)
    assert fast == slow


@settings(max_examples=150)
@given(chained())
def test_the_pair_search_is_exact_with_chains_and_gates(
    world: tuple[Catalog, dict[str, Any], dict[str, str]],
) -> None:
    catalog, answers, _ = world
    fast, slow = _search(catalog, answers)
    assert fast == slow


def brute_pairs(
    catalog: Catalog, ev: Evaluator, changes: list[Change], flips_alone: set[int]
) -> list[Flip]:
    """The pair search as it was before the bounds: every pair tried (no cap here).

    Choice × choice: every pair of quiet values. Number × choice: for each quiet value of the
    choice, the number's crossings are solved again with that change made (so the pair search
    is exact there too), and the nearest flipping number per outcome is kept. Number × number:
    every pair of the numbers' candidate values (not solved jointly)."""
    now = ev.base.outcome
    quiet: dict[str, list[Change]] = {}
    for i, c in enumerate(changes):
        if i not in flips_alone:
            quiet.setdefault(c.question, []).append(c)
    limits = Limits(catalog)
    edges = [b.max for b in catalog.policy.bands[:-1]]
    alone: dict[tuple[str, AnswerValue], bool] = {}

    def quiet_alone(qid: str, value: AnswerValue) -> bool:
        key = (qid, value)
        if key not in alone:
            alone[key] = ev.outcome({qid: value})[0] == now
        return alone[key]

    found: list[Flip] = []
    evaluations = 0
    questions = list(quiet)
    for i, qa in enumerate(questions):
        for qb in questions[i + 1 :]:
            a_number = catalog.questions[qa].type == "number"
            b_number = catalog.questions[qb].type == "number"
            best: dict[str, tuple[tuple[object, ...], Flip]] = {}
            if a_number != b_number:
                num, other = (qa, qb) if a_number else (qb, qa)
                q = catalog.questions[num]
                current = ev.base.effective.get(num)
                dims = limits.dimensions.get(catalog.set_of[num].id, set())
                base_points = number_points(q, limits.numbers.get(num, set()))
                for oc in quiet[other]:
                    given = {other: oc.value}
                    evaluations += len(base_points)
                    cross = _crossings(q, num, ev, base_points, edges, dims, given)
                    for x in number_points(q, limits.numbers.get(num, set()), cross):
                        if _same(x, current):
                            continue
                        evaluations += 1
                        outcome, score = ev.outcome({**given, num: x})
                        if outcome == now or not quiet_alone(num, x):
                            continue
                        nc = Change(
                            num,
                            q.text,
                            display(q, current),
                            display(q, x),
                            x,
                        )
                        pair = (nc, oc) if num == qa else (oc, nc)
                        key = (repr(oc.value), outcome)
                        distance = _distance(q, x, current)
                        flip = Flip(pair, outcome, shown_score(catalog.policy, score))
                        if str(key) not in best or distance < best[str(key)][0]:
                            best[str(key)] = (distance, flip)
                found.extend(flip for _, flip in best.values())
                continue
            for a in quiet[qa]:
                for b in quiet[qb]:
                    evaluations += 1
                    outcome, score = ev.outcome({a.question: a.value, b.question: b.value})
                    if outcome != now:
                        found.append(Flip((a, b), outcome, shown_score(catalog.policy, score)))
    return found


def _scale_module() -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"
    spec = importlib.util.spec_from_file_location("scale_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=4, deadline=None)
@given(st.sampled_from(["dense", "light"]), st.integers(0, 10_000))
# light, 1: the base score a hair above a band edge; the bounds counted every value of a plain
# number as usable in a pair, also those that flip alone (never part of a pair), and 984
# number searches found nothing in 21,087 evaluations: the search stopped at MAX_PAIRS with
# 73 left untried
@example(kind="light", seed=1)
def test_the_pair_search_is_exact_on_generated_sets(kind: str, seed: int) -> None:
    """Two sets of the benchmark's generator (steering chains, a steering number, a gate on
    an answer and one on a set's score), answered at random."""
    import random

    import yaml

    from outsource_cli.questionnaire.models import Policy, QuestionSet

    scale = _scale_module()
    sets = []
    for i in range(2):
        text, _ = scale.question_set(seed * 2 + i, kind)
        data_ = yaml.safe_load(text)
        data_["id"] = f"set_{i:04d}"
        data_["order"] = i
        for q in data_["questions"]:
            if "when" in q:
                q["when"]["question"] = f"set_{i:04d}." + q["when"]["question"].split(".")[1]
        sets.append(QuestionSet.model_validate(data_))
    catalog = Catalog.build(sets, Policy.model_validate(yaml.safe_load(scale.POLICY)), "<gen>")
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for qid, q in catalog.questions.items():
        if rng.random() < 0.1:
            continue
        if q.type == "number":
            answers[qid] = rng.choice([0, 5, 25, 40, 45, 70, 100])
        elif q.type == "multi":
            answers[qid] = tuple(sorted(rng.sample([str(o.value) for o in q.options], 2)))
        else:
            answers[qid] = rng.choice([o.value for o in q.options])
    fast, slow = _search(catalog, answers)
    note(f"pairs: {len(slow)}")
    assert fast == slow
