"""Where the business case's net saving meets given values: it is a straight line in the
headline saving, the transition and every hidden-cost share (each with the others fixed), so
two evaluations give the line and each crossing exactly. For the uncertain-range split and the
counterfactual search (docs/business-case.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from outsource_cli.decision.business_case import SAVING, TRANSITION, model_terms
from outsource_cli.decision.cost_model import Terms, net_saving
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue

# the inputs the net saving is a straight line in (each with the others fixed), with the
# scale of their answers: percentages, or months
LINEAR = {
    SAVING: ("saving", 100.0),
    TRANSITION: ("transition_months", 1.0),
    "cost.search_share": ("search", 100.0),
    "cost.governance_share": ("governance", 100.0),
    "cost.exit_share": ("exit", 100.0),
    "cost.severance_share": ("severance", 100.0),
}


def bends(catalog: Catalog, answers: Mapping[str, AnswerValue], qid: str) -> list[float]:
    """The answers to ``qid`` at which the net saving meets each point of the saving
    question's ranges (:func:`crossings`, to 6 decimals): the saving's score is a straight line
    in the input between them, so the uncertain-range split solves its crossings exactly
    between these points."""
    points = [r.up_to for r in catalog.questions[SAVING].ranges]
    return [round(x, 6) for x in crossings(catalog, answers, qid, points)]


def crossings(
    catalog: Catalog, answers: Mapping[str, AnswerValue], qid: str, targets: Iterable[float]
) -> list[float]:
    """The answers to ``qid`` at which the net saving (%) meets each of ``targets``, for an
    input the net saving is a straight line in (the headline saving, the transition and every
    hidden-cost share), solved from two evaluations. Empty otherwise, or without a business
    case."""
    if qid not in LINEAR:
        return []
    found = case_terms(catalog, answers)
    if found is None:
        return []
    key, scale = LINEAR[qid]
    values = found._asdict()

    def net(x: float) -> float:
        return net_saving(Terms(**{**values, key: x / scale}))

    at0, at1 = net(0.0), net(1.0)
    if at1 == at0:
        return []
    return [(t - at0) / (at1 - at0) for t in targets]


def case_terms(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> Terms | None:
    """The business case's terms of ``answers``, the headline saving taken as 0 when it is
    unanswered (for the searches that move one input); None without a business case."""
    return model_terms(catalog, {**answers, SAVING: answers.get(SAVING, 0)})
