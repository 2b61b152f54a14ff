"""A condition compiled once (:func:`conditions.checker`) gives what :func:`conditions.truth`
gives, in all three values, whatever the answers, the open questions and the set scores."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource_cli.questionnaire.conditions import checker, truth
from outsource_cli.questionnaire.shapes import (
    AllCondition,
    AnyCondition,
    CalcCondition,
    DimensionCondition,
    NotCondition,
    QuestionCondition,
)

QUESTIONS = ("s.a", "s.b", "s.c")
# answers of every kind a question takes: a choice, yes/no, a number, ticked options
VALUES = st.one_of(
    st.sampled_from(["x", "y", "z"]),
    st.booleans(),
    st.sampled_from([0, 1, 2, 2.5, 3.0, -1]),
    st.lists(st.sampled_from(["x", "y", "z"]), max_size=3, unique=True).map(tuple),
)
OPTIONS = st.lists(st.one_of(st.sampled_from(["x", "y", "z"]), st.booleans(), st.integers(0, 3)))
BOUND = st.none() | st.sampled_from([0, 1, 2, 2.5])


KINDS = ["in_", "not_in", "equals", "bounds", "answered", "several"]


@st.composite
def question_tests(draw: Any, kinds: list[str] = KINDS) -> QuestionCondition:
    fields: dict[str, Any] = dict.fromkeys(("in_", "not_in", "equals", "gte", "lte", "answered"))
    kind = draw(st.sampled_from(kinds))
    if kind in ("in_", "not_in"):
        fields[kind] = tuple(draw(OPTIONS))
    elif kind == "equals":
        fields["equals"] = draw(
            st.one_of(st.sampled_from(["x", "y"]), st.booleans(), st.integers(0, 3))
        )
    elif kind == "bounds":
        fields["gte"], fields["lte"] = draw(BOUND), draw(BOUND)
    elif kind == "answered":
        fields["answered"] = draw(st.booleans())
    else:  # more than one test given: the first in truth's order decides
        fields.update(in_=tuple(draw(OPTIONS)), equals="x", gte=1, answered=None)
        if draw(st.booleans()):
            fields["in_"] = None
    # built without validation: the compiled form must agree with truth() on any shape,
    # including those a question set's validation would refuse (an empty list, two tests)
    return QuestionCondition.model_construct(question=draw(st.sampled_from(QUESTIONS)), **fields)


leaves = st.one_of(
    question_tests(),
    st.builds(DimensionCondition, dimension=st.sampled_from(["s", "t"]), gte=BOUND, lt=BOUND),
    st.sampled_from(["s.a >= 1", "s.a + s.b > 2", "s.c == 1"]).map(
        lambda text: CalcCondition(calc=text)
    ),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: AllCondition.model_construct(all=tuple(xs))),
        st.lists(inner, max_size=3).map(lambda xs: AnyCondition.model_construct(any=tuple(xs))),
        inner.map(lambda x: NotCondition(not_=x)),
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    cond=conditions,
    answers=st.dictionaries(st.sampled_from(QUESTIONS), VALUES),
    open_=st.frozensets(st.sampled_from(QUESTIONS)),
    dims=st.none() | st.dictionaries(st.sampled_from(["s", "t"]), st.none() | st.floats(0, 3)),
    ranges=st.none()
    | st.dictionaries(
        st.sampled_from(["s", "t"]),
        st.tuples(st.floats(0, 1.5), st.floats(1.5, 3), st.booleans()),
    ),
)
def test_a_compiled_condition_gives_the_truth(
    cond: Any, answers: dict[str, Any], open_: frozenset[str], dims: Any, ranges: Any
) -> None:
    expected = truth(cond, answers, dims, open_=open_, ranges=ranges)
    assert checker(cond)(answers, open_, dims, ranges) is expected


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=200, deadline=None)
@given(data=st.data(), answered=st.booleans(), is_open=st.booleans())
def test_a_compiled_test_on_a_question_gives_the_truth(
    kind: str, data: Any, answered: bool, is_open: bool
) -> None:
    """Each kind of test on one question, on an answer of each kind and on the values it
    names."""
    cond = data.draw(question_tests([kind]))
    named = [x for x in (cond.gte, cond.lte, cond.equals, *(cond.in_ or ())) if x is not None]
    value = data.draw(st.sampled_from(named) | VALUES if named else VALUES)
    answers = {cond.question: value} if answered else {}
    open_ = {cond.question} if is_open else set()
    expected = truth(cond, answers, open_=open_)
    assert checker(cond)(answers, open_, None, None) is expected
