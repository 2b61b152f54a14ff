"""The evaluator's incremental path against the engine: changes to steering questions, chains
of ``when`` (a question shown by one that is itself shown by another), several changes at
once, answers to hidden questions, and open (unanswered) steering questions."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outsource_cli.decision import business_case
from outsource_cli.decision.cases import Limits, answers_to_try
from outsource_cli.decision.evaluation import Evaluation, Evaluator, evaluate
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from tests.conftest import choice_q, make_catalog, option
from tests.test_properties import shipped_answers

scores = st.sampled_from([0, 10, 40, 50, 60, 90, 100])
CHOICES = ["a", "b", "c"]
NUMBERS = [0, 10, 35, 50, 70, 100]
SUBSETS = [(), ("p",), ("q",), ("p", "q")]


def _question(draw: Any, qid: str, kind: str) -> dict[str, Any]:
    weight = draw(st.sampled_from([0.5, 1, 2]))
    if kind == "single":
        q = choice_q(qid, {v: draw(scores) for v in CHOICES}, weight=weight)
        if draw(st.booleans()):
            q["options"][2] = option("c")  # an option without a score
        return q
    if kind == "yes_no":
        return {
            "id": qid,
            "text": f"{qid}?",
            "type": "yes_no",
            "weight": weight,
            "options": [option(True, draw(scores)), option(False, draw(scores))],
        }
    if kind == "number":
        return {
            "id": qid,
            "text": f"{qid}?",
            "type": "number",
            "min": 0,
            "max": 100,
            "weight": weight,
            "ranges": [
                {"up_to": 20, "score": draw(scores), "because": "low"},
                {"up_to": 80, "score": draw(scores), "because": "high"},
            ],
        }
    return {
        "id": qid,
        "text": f"{qid}?",
        "type": "multi",
        "combine": draw(st.sampled_from(["min", "max", "mean"])),
        "weight": weight,
        "options": [option(v, draw(scores)) for v in ("p", "q")],
    }


def _leaf(draw: Any, ref: str, kind: str) -> dict[str, Any]:
    if draw(st.integers(0, 4)) == 0:
        return {"question": ref, "answered": draw(st.booleans())}
    if kind == "single":
        return {"question": ref, "in": draw(st.lists(st.sampled_from(CHOICES), min_size=1))}
    if kind == "yes_no":
        return {"question": ref, "equals": draw(st.booleans())}
    if kind == "number":
        return {"question": ref, "gte": draw(st.sampled_from([20, 50]))}
    return {"question": ref, "in": ["p"]}


DOMAIN = {"single": CHOICES, "yes_no": [True, False], "number": NUMBERS, "multi": SUBSETS}


@st.composite
def chained(draw: Any) -> tuple[Catalog, dict[str, Any], dict[str, str]]:
    """Two or three sets of two to five questions; each question after the first may be shown
    by a condition on one or two earlier questions (so chains form across sets)."""
    sets: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    for s in range(draw(st.integers(2, 3))):
        sid = f"s{s}"
        questions = []
        for i in range(draw(st.integers(2, 5))):
            kind = draw(st.sampled_from(list(DOMAIN)))
            q = _question(draw, f"q{i}", kind)
            earlier = list(kinds)
            if earlier and draw(st.integers(0, 3)) > 0:
                refs = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2))
                parts = [_leaf(draw, r, kinds[r]) for r in refs]
                shape = draw(st.sampled_from(["one", "all", "any", "not"]))
                if shape == "one" or (len(parts) == 1 and shape != "not"):
                    q["when"] = parts[0]
                elif shape == "not":
                    q["when"] = {"not": parts[0]}
                else:
                    q["when"] = {shape: parts}
            questions.append(q)
            kinds[f"{sid}.q{i}"] = kind
        sets.append(
            {
                "id": sid,
                "title": sid.upper(),
                "order": s,
                "weight": draw(st.sampled_from([0, 1, 1.5])),
                "questions": questions,
            }
        )
    ids = list(kinds)
    gates = [
        {
            "id": "g1",
            "title": "G1",
            "when": _leaf(draw, ids[-1], kinds[ids[-1]]),
            "cap": "hybrid",
            "because": "g",
        },
        {
            "id": "g2",
            "title": "G2",
            "when": {"dimension": "s1", "lt": draw(st.sampled_from([30, 50]))},
            "force": "keep_in_house",
            "because": "d",
        },
    ]
    catalog = make_catalog(sets, gates=gates)
    answers = {
        qid: draw(st.sampled_from(DOMAIN[kind]))
        for qid, kind in kinds.items()
        if draw(st.integers(0, 3)) > 0  # some left open
    }
    return catalog, answers, kinds


def _same(fast: Evaluation, slow: Evaluation) -> None:
    assert fast.effective == slow.effective
    assert len(fast.effective) == len(slow.effective) and len(fast.scores) == len(slow.scores)
    assert fast.shown == slow.shown
    assert fast.open == slow.open
    assert fast.scores == slow.scores
    assert dict(fast.sums) == slow.sums and len(fast.sums) == len(slow.sums)
    assert (fast.score, fast.made_of, fast.base) == (slow.score, slow.made_of, slow.base)
    assert (fast.truths, fast.outcome) == (slow.truths, slow.outcome)


@given(chained(), st.data())
def test_the_incremental_evaluator_agrees_with_the_engine_on_chains(
    world: tuple[Catalog, dict[str, Any], dict[str, str]], data: st.DataObject
) -> None:
    catalog, answers, kinds = world
    fast = Evaluator(catalog, answers)
    _same(fast.base, evaluate(catalog, answers))
    for _ in range(6):
        picked = data.draw(st.lists(st.sampled_from(list(kinds)), min_size=1, max_size=3))
        changes = {q: data.draw(st.sampled_from(DOMAIN[kinds[q]])) for q in picked}
        _same(fast.evaluate(changes), evaluate(catalog, {**answers, **changes}))


def test_downstream_follows_a_chain_across_sets() -> None:
    catalog = make_catalog(
        [
            {
                "id": "a",
                "title": "A",
                "order": 1,
                "questions": [
                    choice_q("x", {"a": 10, "b": 90}),
                    choice_q("y", {"a": 10, "b": 90}, when={"question": "a.x", "equals": "a"}),
                ],
            },
            {
                "id": "b",
                "title": "B",
                "order": 2,
                "questions": [
                    choice_q("z", {"a": 10, "b": 90}, when={"question": "a.y", "equals": "b"}),
                    choice_q("w", {"a": 10, "b": 90}),
                ],
            },
        ]
    )
    answers = {"a.x": "a", "a.y": "b", "b.z": "a", "b.w": "b"}
    ev = Evaluator(catalog, answers)
    assert ev.downstream("a.x") == {"a.y", "b.z"}
    assert ev.downstream("a.y") == {"b.z"}
    assert ev.downstream("b.w") == frozenset()
    hidden = ev.evaluate({"a.x": "b"})  # hides y, and so z, through the chain
    assert hidden.shown == ["a.x", "b.w"]
    _same(hidden, evaluate(catalog, {**answers, "a.x": "b"}))


@settings(max_examples=30, deadline=None)
@given(shipped_answers(), st.data())
def test_the_incremental_evaluator_agrees_on_the_shipped_sets(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    """The built-in sets: steering questions, and the business case's inputs, which move the
    saving's score (not only their own)."""
    catalog = load_catalog()
    fast = Evaluator(catalog, answers)
    limits = Limits(catalog)
    steering = sorted(fast.steering)
    inputs = sorted(business_case.QUESTIONS & set(catalog.questions))
    for _ in range(6):
        picked = data.draw(
            st.lists(
                st.sampled_from([*steering, *inputs, *catalog.questions]), min_size=1, max_size=3
            )
        )
        changes = {
            q: data.draw(st.sampled_from(answers_to_try(catalog.questions[q], q, limits)))
            for q in picked
        }
        _same(fast.evaluate(changes), evaluate(catalog, {**answers, **changes}))


def test_a_set_overlay_is_its_base_with_members_added_and_removed() -> None:
    from outsource_cli.decision.overlays import SetOverlay

    base = frozenset({"a", "b", "c"})
    assert SetOverlay.of(base, {"a"}, {"z"}) is base  # nothing differs: the base itself
    s = SetOverlay.of(base, {"d", "a"}, {"b", "z"})
    assert s == frozenset({"a", "c", "d"}) and frozenset({"a", "c", "d"}) == s
    assert len(s) == 3 and sorted(s) == ["a", "c", "d"]
    assert "b" not in s and "d" in s and "z" not in s
    assert s - {"a"} == {"c", "d"} and isinstance(s - {"a"}, frozenset)
    assert hash(s) == hash(frozenset({"a", "c", "d"}))
    added, removed = set[str](), set[str]()
    live = SetOverlay(base, added, removed)  # follows later changes to its parts
    removed.add("a")
    added.add("e")
    assert "a" not in live and "e" in live and len(live) == 3


def test_the_memo_keeps_true_and_one_apart() -> None:
    """An option valued 1 and one valued true are different answers (1 == True in Python):
    the memo keeps each one's balance (no cell holds, so both outsource: the policy's default
    strategy, best-source, with no business case)."""
    q = {
        "id": "q",
        "text": "q?",
        "type": "single",
        "options": [option(1, 0), option(True, 100)],
    }
    catalog = make_catalog([{"id": "s", "title": "S", "weight": 1, "questions": [q]}])
    ev = Evaluator(catalog, {"s.q": 1})
    assert ev.outcome({"s.q": 1}) == ("outsource", 0.0)
    assert ev.outcome({"s.q": True}) == ("outsource", 100.0)
    assert ev.outcome({"s.q": 1}) == ("outsource", 0.0)
