"""What depends on what: which answers show or hide a question, and which can change the
outcome. Pure.

A question's ``when`` refers to earlier questions (the loader checks it), so each of these is
a walk up the chain of ``when`` conditions.
"""

from __future__ import annotations

from outsource_cli.decision import business_case
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import dimensions_in, questions_in


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
