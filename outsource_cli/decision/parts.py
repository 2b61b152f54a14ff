"""The parts of a decision (:class:`~outsource_cli.decision.engine.Decision`), as records: each
set's score, the gates, the reasons, the mitigations, the form and location choices, the
sourcing model, the contract and the range the open answers leave. Data only.
"""

from __future__ import annotations

from typing import NamedTuple

from outsource_cli.decision import business_case as cost_case


class Dimension(NamedTuple):
    id: str
    title: str
    score: float | None  # None when none of its scored questions was answered
    weight: float
    answered: int  # scored questions answered
    asked: int  # scored questions shown given the answers
    share: float  # the share of its shown questions' weight that was answered (0-1)


class GateResult(NamedTuple):
    id: str
    title: str
    effect: str  # "cap" or "force"
    target: str  # the outcome capped to or forced
    status: str  # "fired", or "could_fire" when an unanswered question could make it hold
    changes_outcome: bool  # fired: it decides the outcome; could_fire: it would change it
    because: str
    triggers: tuple[str, ...]  # the answers that made it hold, or the open questions


class Reason(NamedTuple):
    question: str  # set.question
    text: str
    answer: str  # the answer as shown to a person
    score: float
    contribution: float  # signed points on the 0-100 scale; positive favours outsourcing
    because: str
    # the headline saving, scored on the business case: the net saving behind its score
    net: cost_case.Net | None = None


class Mitigation(NamedTuple):
    id: str
    category: str
    title: str
    because: str
    actions: tuple[str, ...]
    triggers: tuple[str, ...]  # the answers that call for it (none: it always applies)
    certain: bool  # False: it applies if an unanswered question is answered one way


class Choice(NamedTuple):
    """Why the form or the location came out as it did."""

    value: str
    because: str
    rule: str | None  # the rule that decided; None for the policy default
    certain: bool = True  # False: applied because an unanswered question could call for it
    widen: tuple[str, ...] = ()  # unanswered questions whose answer could lift this limit


class SourcingModel(NamedTuple):
    id: str
    title: str
    because: str
    keep: str  # what stays in-house
    buy: str  # what is bought


class Contract(NamedTuple):
    type: str  # fee_for_service | preferred_supplier | preferred_contractor | buy_in
    length: str
    because: str
    years: float | None = None  # the length it advises, when it names one
    # the business case's NPV over ``years``, when the answers cost another length
    npv_at_years: float | None = None


class MissingRange(NamedTuple):
    score: tuple[float, float]  # the lowest and highest score answering the rest could give
    outcomes: tuple[str, ...]  # the outcomes it could give
    questions: tuple[str, ...]  # unanswered questions that could change the outcome
    exact: bool  # False when there were too many combinations to try (the range is 0-100)
