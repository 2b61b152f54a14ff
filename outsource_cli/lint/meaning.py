"""The lint rules that need meaning: what the question sets and the policy can do, read
together once a folder is free of errors (never-shown questions, unreachable outcomes, gates
that cannot fire, rules never chosen, questions that affect nothing) and the content rules of
one set. Pure."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.lint.analysis import Analysis
from outsource_cli.questionnaire import calculations
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.conditions import (
    dimensions_in,
    leaves,
    policy_conditions,
    questions_in,
)
from outsource_cli.questionnaire.index import Index, SetInfo
from outsource_cli.questionnaire.shapes import (
    ECONOMICS_VERDICTS,
    OUTCOMES,
    STRATEGY_VERDICTS,
    Condition,
    Policy,
    QuestionCondition,
    QuestionSet,
)
from outsource_cli.questionnaire.source import Document

BUSINESS_CASE = frozenset(
    {  # the business case's inputs (decision.business_case.QUESTIONS, not imported: lint
        # never loads the decision engine)
        "cost.expected_savings",
        "cost.baseline_cost",
        "culture.transition",
        "cost.transition_months",
        "cost.contract_years",
        "cost.search_share",
        "cost.governance_share",
        "cost.exit_share",
        "cost.severance_share",
        "cost.inhouse_escalation",
        "cost.provider_escalation",
        "cost.discount_rate",
    }
)


def never_shown(analysis: Analysis, infos: list[SetInfo]) -> Iterator[Problem]:
    """L001: a question whose condition no answers to the questions before it make hold."""
    for s in infos:
        doc = lazy_document(s.path)  # one per file: read again once, if a finding needs it
        for q in s.questions:
            if q.when is not None and analysis.can_be_shown(q.qid) is False:
                yield doc.problem(
                    ["questions", q.place, "when"],
                    f"'{q.qid}' can never be shown: no answers to the questions before it make "
                    "its condition hold",
                    "L001",
                    key=True,
                )


def levers(infos: list[SetInfo], policy: Policy) -> Iterator[Problem]:
    """A lever is advice ("what you could do"): on a question no stage, readiness step or
    gate reads, changing it can never change the outcome or its conditions."""
    gated = {
        leaf.question
        for cond in (
            *(g.when for g in policy.gates),
            *(c.when for c in policy.strategy.cells),
            *(r.when for r in policy.economics.reasons),
            *(r.when for r in policy.readiness),
        )
        for leaf in leaves(cond)
        if isinstance(leaf, QuestionCondition)
    } | {r.lever for r in policy.readiness}
    for s in infos:
        doc = lazy_document(s.path)
        for q in s.questions:
            if q.lever and q.qid not in gated:
                yield doc.problem(
                    ["questions", q.place, "lever"],
                    f"'{q.qid}' is marked as a lever, but no stage, readiness step or gate "
                    "reads its answer, so changing it can never change the outcome",
                    "L011",
                    key=True,
                )


def never_chosen(analysis: Analysis, policy: Policy, doc: Document) -> Iterator[Problem]:
    """A model or contract rule is chosen when it is the first for the outcome whose condition
    holds: one whose condition can never hold, or whose every outcome an earlier rule without
    a condition already takes, is never chosen."""
    sections: list[tuple[str, list[tuple[str, tuple[str, ...], Condition | None]]]] = [
        ("models", [(m.id, m.outcomes, m.when) for m in policy.models]),
        ("contracts", [(c.type, c.outcomes, c.when) for c in policy.contracts]),
    ]
    for section, rules in sections:
        taken: set[str] = set()
        for i, (name, outcomes, when) in enumerate(rules):
            if set(outcomes) <= taken:
                yield doc.problem(
                    [section, i],
                    f"{section[:-1]} '{name}' is never chosen: an earlier rule without a "
                    f"condition already takes {', '.join(outcomes)}",
                    "L012",
                )
            elif when is not None and analysis.can_hold(when) is False:
                yield doc.problem(
                    [section, i, "when"],
                    f"{section[:-1]} '{name}' is never chosen: no answers make its condition hold",
                    "L012",
                )
            if when is None and (section != "models" or _all_verdicts(policy.models[i])):
                taken |= set(outcomes)


def _all_verdicts(model: Any) -> bool:
    """A model for every strategy verdict (not restricted to some)."""
    return set(model.strategy) >= set(STRATEGY_VERDICTS)


def optional_gate_inputs(index: Index, policy: Policy, doc: Document) -> Iterator[Problem]:
    """A gate's inputs should be required: an unanswered input leaves the gate undecided (the
    result is then provisional), and an optional question invites leaving it so."""
    for i, gate in enumerate(policy.gates):
        for leaf in leaves(gate.when):
            if not isinstance(leaf, QuestionCondition):
                continue
            q = index.questions.get(leaf.question)
            if q is not None and not q.required:
                yield doc.problem(
                    ["gates", i, "when"],
                    f"gate '{gate.id}' tests '{leaf.question}', which is optional: while it is "
                    "unanswered the gate may or may not apply and every result is provisional; "
                    "make the question required",
                    "L010",
                )


def lazy_document(path: str) -> Document:
    return Document(path, None)


def content(qs: QuestionSet, doc: Document, texts: dict[int, str]) -> Iterator[Problem]:
    for i, q in enumerate(qs.questions):
        loc: list[str | int] = ["questions", i]
        qid = f"{qs.id}.{q.id}"
        if not q.help.strip():
            yield doc.problem(loc, f"question '{qid}' has no help text: say why it matters", "C001")
        if not q.text.rstrip().endswith("?"):
            yield doc.problem(
                [*loc, "text"], "question text should be a question ending with '?'", "C002"
            )
        key = hash(" ".join(q.text.lower().split()))
        if key in texts:
            yield doc.problem([*loc, "text"], f"the same question text as {texts[key]}", "C003")
        else:
            texts[key] = qid


def no_effect(qs: QuestionSet, doc: Document) -> Iterator[Problem]:
    for i, q in enumerate(qs.questions):
        steps = [b.score - a.score for a, b in itertools.pairwise(q.ranges)]
        if any(s > 0 for s in steps) and any(s < 0 for s in steps):
            yield doc.problem(
                ["questions", i, "ranges"],
                f"the scores of '{qs.id}.{q.id}' go both up and down as the number grows: "
                "the score is a straight line between range points, so one more unit can "
                "move it either way; make the scores only rise or only fall",
                "L009",
                key=True,
            )
        scores = set(of(q).listed_scores(q))
        if len(scores) == 1:
            where: list[str | int] = ["questions", i, of(q).scored_by]
            yield doc.problem(
                where,
                f"every answer to '{qs.id}.{q.id}' scores {scores.pop():g}, so it "
                "cannot move the balance of the answers",
                "L002",
                key=True,
            )


def policy_logic(analysis: Analysis, policy: Policy, doc: Document) -> Iterator[Problem]:
    reachable = analysis.reachable_outcomes()
    # a policy without a strategy stage (the provider sets of `vet`, which rank by score and
    # exclude by gate) decides no sourcing outcome: the outcomes' reach is not its concern
    for outcome in OUTCOMES if policy.strategy.cells else ():
        if outcome not in reachable:
            yield doc.problem(
                ["outcomes"], f"no combination of answers leads to {outcome}", "L003", key=True
            )
    yield from _table_order(policy, doc)
    yield from cell_order(policy, doc)
    for i, gate in enumerate(policy.gates):
        if analysis.can_hold(gate.when) is False:
            yield doc.problem(
                ["gates", i, "when"],
                f"gate {gate.id} can never fire: its condition cannot hold",
                "L007",
                key=True,
            )
        elif gate.cap == OUTCOMES[-1]:
            yield doc.problem(
                ["gates", i, "cap"],
                f"gate {gate.id} caps at {gate.cap}, the highest outcome: it "
                "never changes anything",
                "L008",
            )


def _table_order(policy: Policy, doc: Document) -> Iterator[Problem]:
    """The outcome table is monotone: a more restrictive strategy verdict never goes further
    out under the same economics verdict, and a worse business case never goes further out
    under the same strategy verdict; otherwise a more favourable answer could move the
    outcome towards keeping."""
    rows = sorted(
        ((STRATEGY_VERDICTS.index(r.strategy), i, r) for i, r in enumerate(policy.outcomes)),
        key=lambda x: x[0],
    )
    for (_, _, low), (_, i, high) in itertools.pairwise(rows):  # down a column
        for column in ECONOMICS_VERDICTS:
            yield from _behind(
                doc,
                ["outcomes", i, column],
                getattr(high, column),
                getattr(low, column),
                f"{high.strategy} gives {getattr(high, column)} where the more restrictive "
                f"{low.strategy} gives {getattr(low, column)} ({column})",
            )
    for i, row in enumerate(policy.outcomes):  # along a row
        for better, worse in itertools.pairwise(ECONOMICS_VERDICTS):
            yield from _behind(
                doc,
                ["outcomes", i, worse],
                getattr(row, better),
                getattr(row, worse),
                f"{row.strategy}: {worse} gives {getattr(row, worse)}, further out than "
                f"{better} ({getattr(row, better)})",
            )


def cell_order(policy: Policy, doc: Document) -> Iterator[Problem]:
    """L015: the first strategy cell that holds decides, so a cell whose verdict keeps more
    in-house (its row of the outcome table is nowhere further out, and somewhere closer in)
    must come before a cell whose verdict goes further out; otherwise, when both hold, the
    bolder verdict overrules the more cautious one."""
    rows = {
        r.strategy: tuple(OUTCOMES.index(getattr(r, c)) for c in ECONOMICS_VERDICTS)
        for r in policy.outcomes
    }
    cells = policy.strategy.cells
    for j, later in enumerate(cells):
        mine = rows.get(later.verdict)
        for earlier in cells[:j]:
            theirs = rows.get(earlier.verdict)
            if mine is None or theirs is None or mine == theirs:
                continue
            if all(a <= b for a, b in zip(mine, theirs, strict=True)):
                yield doc.problem(
                    ["strategy", "cells", j, "verdict"],
                    f"cell '{later.id}' ({later.verdict}) comes after '{earlier.id}' "
                    f"({earlier.verdict}), which goes further out: the first cell that holds "
                    "decides, so when both hold the more cautious verdict is overruled; put "
                    "the more restrictive cells first",
                    "L015",
                )
                break


def _behind(
    doc: Document, where: list[str | int], ahead: str, behind: str, message: str
) -> Iterator[Problem]:
    """An L006 finding when the outcome that must go at least as far out (``ahead``) stops
    short of the other (``behind``)."""
    if OUTCOMES.index(ahead) < OUTCOMES.index(behind):
        yield doc.problem(where, message, "L006")


def affects_nothing(infos: list[SetInfo], policy: Policy) -> Iterator[Problem]:
    """A question no stage, gate, rule, model, contract, mitigation, condition or calculation
    reads: its answer changes nothing the user can see (only the balance of the answers). Not
    for a policy without a strategy stage (the provider sets of `vet`), whose scores rank."""
    if not policy.strategy.cells:
        return
    used: set[str] = set()
    sets: set[str] = set()
    conditions = [
        *policy_conditions(policy),
        *(q.when for s in infos for q in s.questions if q.when is not None),
    ]
    for cond in conditions:
        used.update(questions_in(cond))
        sets.update(dimensions_in(cond))
    used.update(r.lever for r in policy.readiness)
    used.update(BUSINESS_CASE)
    for s in infos:
        for c in s.calculations:
            try:
                used.update(ref.name for ref in calculations.refs(calculations.parse(c.value)))
            except calculations.CalcError:  # reported by S007; meaning rules run without it
                continue
    for s in infos:
        doc = lazy_document(s.path)
        for q in s.questions:
            if q.qid in used or s.id in sets:
                continue
            yield doc.problem(
                ["questions", q.place, "id"],
                f"'{q.qid}' affects nothing the user can see: no stage, gate, rule, model, "
                "contract, mitigation, condition or calculation reads its answer",
                "L014",
                key=True,
            )
