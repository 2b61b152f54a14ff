"""The gates a decision reports (those that hold, and those an open or uncertain answer could
make hold), and the answers behind a condition's truth (its triggers). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from outsource_cli.decision import missing as missing_answers
from outsource_cli.decision.evaluation import Evaluation
from outsource_cli.decision.outcomes import gated
from outsource_cli.decision.parts import GateResult
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import Truth, leaves, truth
from outsource_cli.questionnaire.shapes import Condition, DimensionCondition, QuestionCondition


def gate_results(
    catalog: Catalog,
    ev: Evaluation,
    missing: missing_answers.Missing,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[GateResult, ...]:
    """Every gate that holds, and every gate that an unanswered question, or another of an
    uncertain answer's possible values (``uncertain``: gate id -> those answers), could make
    hold."""
    results = []
    policy = catalog.policy
    for i, g in enumerate(policy.gates):
        effect, target = ("force", g.force) if g.force is not None else ("cap", str(g.cap))
        if ev.truths[i] is True:
            status, value = "fired", True
            changes = target == ev.outcome and ev.outcome != ev.base  # it decides the outcome
        elif missing.gates_possible[i] or g.id in uncertain:
            status, value = "could_fire", None
            fired = tuple(t is True or j == i for j, t in enumerate(ev.truths))
            changes = gated(ev.base, policy.gates, fired) != ev.outcome  # it would change it
        else:
            continue
        triggers = triggers_of(catalog, g.when, ev, value)
        if value is None:
            triggers += tuple(q for q in uncertain.get(g.id, ()) if q not in triggers)
        results.append(
            GateResult(g.id, g.title, effect, target, status, changes, g.because, triggers)
        )
    return tuple(results)


def triggers_of(catalog: Catalog, cond: Condition, ev: Evaluation, value: Truth) -> tuple[str, ...]:
    """The questions behind a condition's truth: the tests that hold (``value`` True), or the
    open questions it depends on (``value`` None)."""
    found: list[str] = []
    dims = ev.dims
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            t = truth(leaf, ev.effective, dims, open_=ev.open)
            if t is value and leaf.question not in found:
                found.append(leaf.question)
        elif isinstance(leaf, DimensionCondition):
            in_set = question_ids(catalog, leaf.dimension)
            if value is None:
                found.extend(q for q in in_set if q in ev.open and q not in found)
            elif truth(leaf, ev.effective, dims) is True:
                found.extend(q for q in in_set if q in ev.scores and q not in found)
    return tuple(found)


def question_ids(catalog: Catalog, set_id: str) -> list[str]:
    """The ids (set.question) of a set's questions, in asking order."""
    return [f"{set_id}.{q.id}" for q in catalog.questions_of(set_id)]
