"""The balance of the answers (the score), explained: each set's part, each scored answer's
signed points, and how complete the answers are. It ranks results and never decides the
outcome. Pure.
"""

from __future__ import annotations

from outsource_cli.decision import business_case as cost_case
from outsource_cli.decision.because import because
from outsource_cli.decision.evaluation import Evaluation
from outsource_cli.decision.parts import Dimension, Reason
from outsource_cli.decision.scoring import in_force
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog


def dimensions(catalog: Catalog, ev: Evaluation) -> tuple[Dimension, ...]:
    """Each set's score (one decimal), weight, scored questions answered and asked, and the
    share of its shown weight answered."""
    asked: dict[str, int] = {}
    answered: dict[str, int] = {}
    for qid in ev.shown:
        if catalog.questions[qid].scored:
            set_id = catalog.set_of[qid].id
            asked[set_id] = asked.get(set_id, 0) + 1
            if qid in ev.scores:
                answered[set_id] = answered.get(set_id, 0) + 1
    return tuple(
        Dimension(
            qs.id,
            qs.title,
            one_decimal(ev.sums[qs.id].score),
            ev.weights[qs.id],
            answered.get(qs.id, 0),
            asked.get(qs.id, 0),
            round(ev.sums[qs.id].answered / ev.sums[qs.id].shown, 2)
            if ev.sums[qs.id].shown
            else 0.0,
        )
        for qs in catalog.sets
    )


def contributions(
    catalog: Catalog, ev: Evaluation, case: cost_case.BusinessCase | None = None
) -> tuple[Reason, ...]:
    """Every scored answer's signed points: ``(s − 50) × its share of the score``; they add up
    to ``S − 50``."""
    reasons = []
    for qid, s in ev.scores.items():
        q = catalog.questions[qid]
        set_id = catalog.set_of[qid].id
        share = in_force(q.weight, ev.weights[set_id], ev.sums[set_id], ev.made_of)
        if ev.weights[set_id] <= 0:
            continue
        value = ev.effective[qid]
        why, net = because(q, value), None
        if qid == cost_case.SAVING and case is not None:  # scored on the business case
            why, net = cost_case.net_reason(q, case)
        reasons.append(Reason(qid, q.text, display(q, value), s, (s - 50) * share, why, net))
    reasons.sort(key=lambda r: (-abs(r.contribution), r.question))
    return tuple(r._replace(contribution=round(r.contribution, 1) + 0.0) for r in reasons)


def completeness(catalog: Catalog, ev: Evaluation) -> float:
    """The share of the weight in force of the sets with a shown question that the answers
    make up."""
    full = sum(ev.weights[k] for k, s in ev.sums.items() if s.shown > 0 and ev.weights[k] > 0)
    return ev.made_of / full if full else 0.0


def one_decimal(x: float | None) -> float | None:
    """A score as shown: one decimal, never -0.0."""
    return None if x is None else round(x, 1) + 0.0
