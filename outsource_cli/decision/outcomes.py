"""The outcome from the stages' verdicts and the gates. Pure.

Gates by precedence, not by file order: when any ``force`` gate holds the outcome is the most
restrictive outcome forced (so a forced keep, such as a legal prohibition, always wins);
otherwise the stages' outcome is limited by every ``cap`` that holds (the most restrictive
cap wins). A gate whose input is not answered yet is unknown (three-valued logic) and does
not apply; the missing-answers range reports that it could.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

from outsource_cli.decision import business_case, stages
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, Truth
from outsource_cli.questionnaire.shapes import OUTCOMES, Gate


def most_restrictive(outcomes: Iterable[str]) -> str:
    return min(outcomes, key=OUTCOMES.index)


def gated(base: str, gates: tuple[Gate, ...], truths: Iterable[Truth]) -> str:
    """The outcome after the gates that hold (``truths`` True), by precedence."""
    forced, caps = held(gates, truths)
    return most_restrictive(forced) if forced else most_restrictive([base, *caps])


def held(gates: tuple[Gate, ...], truths: Iterable[Truth]) -> tuple[list[str], list[str]]:
    """The outcomes forced, and the caps, of the gates that hold (``truths`` True)."""
    forced: list[str] = []
    caps: list[str] = []
    for g, t in zip(gates, truths, strict=True):
        if t is True:
            if g.force is not None:
                forced.append(g.force)
            if g.cap is not None:
                caps.append(g.cap)
    return forced, caps


def decided_outcome(catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Set[str]) -> str:
    """The outcome of ``answers`` (the answers that count; ``open_``: the questions open) as
    :func:`~outsource_cli.decision.evaluation.evaluate` gives it when no gate reads a set's
    score, with only what can change it worked out: the business case (the economics
    verdict) only when, after the gates, the strategy verdict's row of the outcome table gives
    more than one outcome (for the loops that need nothing but the outcome: the searches, the
    sampled uncertainty)."""
    policy, compiled = catalog.policy, stages.checks(catalog)
    forced, caps = held(policy.gates, (c(answers, open_, None, None) for c in compiled.gates))
    if forced:
        return most_restrictive(forced)
    strategy = stages.strategy_verdict(policy, stages.first_cell(catalog, answers, open_))
    row = compiled.rows.get(strategy) or stages.row_outcomes(policy, strategy)
    after = {most_restrictive([base, *caps]) for base in row} if caps else row
    if len(after) == 1:
        return next(iter(after))
    outcome = stages.outcome_of(policy, strategy, _economics(catalog, answers, open_))
    return most_restrictive([outcome, *caps]) if caps else outcome


def _economics(catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Set[str]) -> str | None:
    """The economics verdict of :func:`stages.economics_of`, with the non-cost reasons tested
    only when they decide it (the net saving "loses" but not heavily: then a reason that
    holds makes it "premium")."""
    if not business_case.applies(catalog):
        return stages.NOT_ASSESSED
    net = business_case.score_input(catalog, answers)
    if net is None:
        return None
    verdict = stages.economics_verdict(catalog.policy, net, False)
    if verdict == "loses" and any(
        c(answers, open_, None, None) is True for c in stages.checks(catalog).reasons
    ):
        return stages.economics_verdict(catalog.policy, net, True)
    return verdict
