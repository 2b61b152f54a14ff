"""What depends on what: which answers show or hide a question, which can change the outcome,
and which can change whether a condition holds. Pure.

A question's ``when`` refers to earlier questions (the loader checks it), so each of these is
a walk up the chain of ``when`` conditions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from outsource_cli.decision import business_case
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import dimensions_in, leaves, questions_in
from outsource_cli.questionnaire.shapes import (
    AllCondition,
    AnyCondition,
    CalcCondition,
    DimensionCondition,
    NotCondition,
    QuestionCondition,
)


def steering(catalog: Catalog) -> frozenset[str]:
    """Questions whose answer decides whether another question is shown."""
    return frozenset(dependents(catalog))


def dependents(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """For each steering question, the questions whose ``when`` refers to it directly, in
    asking order."""
    found: dict[str, list[str]] = {}
    for qid, q in catalog.questions.items():
        if q.when is not None:
            for ref in dict.fromkeys(questions_in(q.when)):
                found.setdefault(ref, []).append(qid)
    return {k: tuple(v) for k, v in found.items()}


def deciding(catalog: Catalog) -> frozenset[str]:
    """The questions whose answer can change the outcome: those the stages' and the gates'
    conditions name (every scored question of a set whose score a gate tests), the business
    case's inputs, and every question that shows or hides one of them (directly or through a
    chain). No other answer can change the outcome."""
    policy = catalog.policy
    conditions = [
        *(c.when for c in policy.strategy.cells),
        *(r.when for r in policy.economics.reasons),
        *(g.when for g in policy.gates),
    ]
    named = {q for cond in conditions for q in questions_in(cond)}
    sets = {d for cond in conditions for d in dimensions_in(cond)}
    named |= {q for q in catalog.questions if catalog.set_of[q].id in sets}
    if business_case.applies(catalog):
        named |= business_case.QUESTIONS
    stack = [q for q in named if q in catalog.questions]
    while stack:  # what shows or hides a deciding question decides too
        when = catalog.questions[stack.pop()].when
        for ref in questions_in(when) if when is not None else ():
            if ref not in named and ref in catalog.questions:
                named.add(ref)
                stack.append(ref)
    return frozenset(q for q in named if q in catalog.questions)


def outcome_inputs(catalog: Catalog) -> set[str]:
    """The answers that can change the outcome: every answer the stages (the strategy cells,
    the economics stage's non-cost reasons), the gates or a question's visibility read, the
    business case's inputs (the economics stage reads its net saving), and what decides
    whether those are shown. An answer that is only scored moves the balance of the answers,
    which never decides the outcome."""
    policy = catalog.policy
    found = set(business_case.QUESTIONS) if business_case.applies(catalog) else set()
    for cond in [
        *(c.when for c in policy.strategy.cells),
        *(r.when for r in policy.economics.reasons),
        *(g.when for g in policy.gates),
        *(q.when for q in catalog.questions.values() if q.when is not None),
    ]:
        found |= depends_on(catalog, cond)
    return found


def depends_on(catalog: Catalog, cond: Any) -> set[str]:
    """Every answer that can change whether ``cond`` holds: what it reads, and what decides
    whether those questions are shown, all the way up."""
    found: set[str] = set()
    todo = reads(catalog, cond)
    while todo:
        qid = todo.pop()
        if qid in found:
            continue
        found.add(qid)
        q = catalog.questions.get(qid)
        if q is not None and q.when is not None:
            todo += reads(catalog, q.when)
    return found


def reads(catalog: Catalog, cond: Any) -> list[str]:
    """The questions a condition reads: those it tests, and every question of a set whose
    score it tests (with the business case's inputs when the set holds the saving, which is
    scored on it)."""
    found: list[str] = []
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            found.append(leaf.question)
        else:
            in_set = [f"{leaf.dimension}.{q.id}" for q in catalog.questions_of(leaf.dimension)]
            found += in_set
            if business_case.SAVING in in_set:
                found += sorted(business_case.QUESTIONS)
    return found


def compound_tests(cond: Any) -> Iterator[Any]:
    """The set-score and calculated tests in ``cond`` (a calculated test as itself)."""
    if isinstance(cond, CalcCondition | DimensionCondition):
        yield cond
    elif isinstance(cond, AllCondition | AnyCondition):
        for c in cond.all if isinstance(cond, AllCondition) else cond.any:
            yield from compound_tests(c)
    elif isinstance(cond, NotCondition):
        yield from compound_tests(cond.not_)
