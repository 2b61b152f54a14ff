"""What the question sets and policy *mean*: which questions can be shown, which conditions
can hold, which scores and outcomes can be reached. Used by ``lint``; pure.

Conditions are decided exactly by enumeration: every question a condition depends on (and,
transitively, every question their own ``when`` depends on) takes each value that can make a
difference — each option, each side of every threshold a condition tests, and "not answered"
— and the interview's own rule decides what is shown (an answer to a question that is not
shown does not count; a required question that is shown must be answered). The enumeration is
capped (:data:`MAX_CASES`); past the cap the answer is "unknown" and nothing is reported.
"""

from __future__ import annotations

import itertools
from typing import Any

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.conditions import (
    has_calc,
    holds,
    leaves,
    policy_conditions,
    thresholds,
)
from outsource_cli.questionnaire.index import Index, QInfo
from outsource_cli.questionnaire.shapes import (
    ECONOMICS_VERDICTS,
    OUTCOMES,
    Condition,
    DimensionCondition,
    Policy,
    QuestionCondition,
)

# the business case's headline saving and baseline: with both asked, the economics stage
# assesses the case (decision.business_case.applies; not imported: lint never loads the engine)
SAVING, BASELINE = "cost.expected_savings", "cost.baseline_cost"
MAX_CASES = 200_000
UNANSWERED = object()


class Analysis:
    def __init__(self, index: Index, policy: Policy | None = None) -> None:
        self.index = index
        self.policy = policy
        whens = [q.when for q in index.questions.values() if q.when is not None]
        self.thresholds = thresholds([*whens, *policy_conditions(policy)])

    # ------------------------------------------------------------ conditions

    def closure(self, qids: set[str]) -> list[str]:
        """``qids`` and every question their conditions depend on, in asking order."""
        questions = self.index.questions
        seen: set[str] = set()
        stack = [q for q in qids if q in questions]
        while stack:
            qid = stack.pop()
            if qid in seen:
                continue
            seen.add(qid)
            when = questions[qid].when
            if when is not None:
                stack.extend(
                    leaf.question
                    for leaf in leaves(when)
                    if isinstance(leaf, QuestionCondition) and leaf.question in questions
                )
        return sorted(seen, key=self.index.position.__getitem__)

    def domain(self, q: QInfo) -> list[Any]:
        """The answers to ``q`` that can make a difference to any condition, and UNANSWERED."""
        return [*of(q).domain(q, self.thresholds.get(q.qid, ())), UNANSWERED]

    def can_hold(self, cond: Condition) -> bool | None:
        """Whether some answers make ``cond`` hold (tests on set scores may go either way).
        Unknown (None) for a condition with a calculated test: its thresholds are not plain
        numbers, so the enumeration could miss the values where it holds."""
        if has_calc(cond):
            return None
        questions = self.index.questions
        deps = self.closure(
            {leaf.question for leaf in leaves(cond) if isinstance(leaf, QuestionCondition)}
        )
        domains = [self.domain(questions[q]) for q in deps]
        size = 1
        for d in domains:
            size *= len(d)
            if size > MAX_CASES:
                return None
        dims = [leaf for leaf in leaves(cond) if isinstance(leaf, DimensionCondition)]
        if len(dims) > 8:
            return None
        truths = list(itertools.product((True, False), repeat=len(dims)))
        for combo in itertools.product(*domains):
            effective = self._effective(deps, combo)
            if effective is None:
                continue
            for truth in truths:
                if holds(
                    cond, effective, assumed={id(d): t for d, t in zip(dims, truth, strict=True)}
                ):
                    return True
        return False

    def _effective(self, qids: list[str], combo: tuple[Any, ...]) -> dict[str, Any] | None:
        """Walk ``qids`` as the interview would; None when the case cannot happen (a required
        question shown but not answered)."""
        effective: dict[str, Any] = {}
        for qid, value in zip(qids, combo, strict=True):
            q = self.index.questions[qid]
            if q.when is None or holds(q.when, effective):
                if value is not UNANSWERED:
                    effective[qid] = value
                elif q.required:
                    return None
        return effective

    def can_be_shown(self, qid: str) -> bool | None:
        q = self.index.questions[qid]
        return True if q.when is None else self.can_hold(q.when)

    # ------------------------------------------------------------ outcomes

    def reachable_outcomes(self) -> dict[str, str]:
        """Each outcome the policy can produce, with how (a strategy verdict's row of the
        outcome table, or a gate)."""
        assert self.policy is not None
        policy = self.policy
        verdicts = [policy.strategy.default] + [
            c.verdict for c in policy.strategy.cells if self.can_hold(c.when) is not False
        ]
        assessed = SAVING in self.index.questions and BASELINE in self.index.questions
        columns = ECONOMICS_VERDICTS if assessed else ("marginal",)
        found: dict[str, str] = {}
        rows = [r for r in policy.outcomes if r.strategy in verdicts]
        for row in rows:
            for column in columns:
                found.setdefault(getattr(row, column), f"the {row.strategy} verdict")
        staged = set(found)
        if any(v not in {r.strategy for r in policy.outcomes} for v in verdicts):
            found.setdefault(OUTCOMES[0], "a verdict without a row")
        for gate in policy.gates:
            if self.can_hold(gate.when) is False:
                continue
            if gate.force is not None:
                found.setdefault(gate.force, f"gate {gate.id}")
            elif gate.cap is not None and any(
                OUTCOMES.index(o) > OUTCOMES.index(gate.cap) for o in staged
            ):
                found.setdefault(gate.cap, f"gate {gate.id}")
        return found
