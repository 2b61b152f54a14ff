"""The stages' verdicts as a decision reports them: each with the rule or figure behind it and
the answers that decided it, and the steps that would make an "outsource once ready" ready.
Pure; data only (codes, numbers, ids and the policy's own texts): the output layer writes the
sentences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from outsource_cli.decision import stages
from outsource_cli.decision.business_case import SAVING
from outsource_cli.decision.evaluation import Evaluation
from outsource_cli.decision.missing import Missing
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    Truth,
    leaves,
    questions_in,
    truth,
)
from outsource_cli.questionnaire.shapes import Condition, QuestionCondition


class Cell(NamedTuple):
    """Another framework cell that holds, with its own verdict."""

    id: str
    framework: str
    cell: str
    verdict: str


class Stage(NamedTuple):
    id: str  # strategy | economics | readiness
    verdict: str  # see docs/decision-engine.md, "The stages"
    settled: bool  # False: unanswered questions could still change this verdict
    rule: str | None  # the cell, reason or gate behind it (None: the policy's default)
    framework: str | None  # strategy: the framework of the deciding cell
    cell: str | None  # strategy: the cell, in the framework's words
    because: str  # the policy's text for the rule
    answers: tuple[str, ...]  # the questions whose answers decided it
    figure: float | None = None  # economics: the net saving (%) after hidden costs
    others: tuple[Cell, ...] = ()  # strategy: the other cells that hold (disagreements first)
    possible: tuple[str, ...] = ()  # the verdicts still possible, when not settled


class Step(NamedTuple):
    """A readiness shortfall: what to do before the function can go."""

    id: str
    title: str
    lever: str  # the question the firm changes by doing it
    step: str
    certain: bool  # False: its question is unanswered, so it may not be needed


def triggers(cond: Condition, answers: Mapping[str, AnswerValue], open_: object) -> tuple[str, ...]:
    """The questions of ``cond`` whose tests hold."""
    found: list[str] = []
    for leaf in leaves(cond):
        if (
            isinstance(leaf, QuestionCondition)
            and leaf.question not in found
            and truth(leaf, answers) is True
        ):
            found.append(leaf.question)
    return tuple(found)


def strategy(catalog: Catalog, ev: Evaluation, missing: Missing) -> Stage:
    policy = catalog.policy
    point = ev.stages
    possible = tuple(v for v in _order(missing.strategies) if v)
    settled = len(missing.strategies) <= 1
    truths: list[Truth] = list(stages.strategy_truths(policy, ev.effective, ev.open))
    others = tuple(
        Cell(c.id, c.framework, c.cell, c.verdict)
        for i, c in enumerate(policy.strategy.cells)
        if truths[i] is True and i != point.cell
    )
    others = tuple(sorted(others, key=lambda c: c.verdict == point.strategy))
    if point.cell is None:
        return Stage(
            "strategy",
            point.strategy,
            settled,
            None,
            None,
            None,
            policy.strategy.because,
            (),
            None,
            others,
            () if settled else possible,
        )
    c = policy.strategy.cells[point.cell]
    return Stage(
        "strategy",
        point.strategy,
        settled,
        c.id,
        c.framework,
        c.cell,
        c.because,
        triggers(c.when, ev.effective, ev.open),
        None,
        others,
        () if settled else possible,
    )


def economics(catalog: Catalog, ev: Evaluation, missing: Missing) -> Stage:
    policy = catalog.policy
    point = ev.stages
    verdict = point.economics or "unknown"
    settled = len(missing.economics) <= 1 and point.economics is not None
    possible = tuple(str(v) for v in missing.economics if v is not None)
    answers: tuple[str, ...] = (SAVING,) if point.net_saving is not None else ()
    because = ""
    rule = None
    if point.reasons and verdict == "premium":
        reasons = [policy.economics.reasons[i] for i in point.reasons]
        rule = reasons[0].id
        because = "; ".join(r.because for r in reasons)
        for r in reasons:
            answers += tuple(q for q in triggers(r.when, ev.effective, ev.open) if q not in answers)
    figure = None if point.net_saving is None else round(point.net_saving, 2) + 0.0
    return Stage(
        "economics",
        verdict,
        settled,
        rule,
        None,
        None,
        because,
        answers,
        figure,
        (),
        () if settled else tuple(sorted(possible)),
    )


def steps(catalog: Catalog, ev: Evaluation) -> tuple[Step, ...]:
    """The readiness shortfalls that hold or could hold, when something goes out."""
    if ev.outcome == "keep_in_house":
        return ()
    rules = catalog.policy.readiness
    return tuple(
        Step(rules[i].id, rules[i].title, rules[i].lever, rules[i].step, t is True)
        for i, t in stages.readiness(catalog.policy, ev.effective, ev.open)
    )


def readiness(
    ev: Evaluation, fired: tuple[tuple[str, str, str, bool], ...], todo: tuple[Step, ...]
) -> Stage:
    """``fired``: (gate id, effect, target, whether it changes the outcome) of each gate that
    held. A gate that forces the function to stay in-house (a legal prohibition) rules it
    out even where the stages keep it anyway: it is the fact the reader must see, and with
    the strategy or the saving unanswered the only ground for the recommendation. ``todo``:
    the steps that hold or could hold (an unanswered question); "once ready" is settled as
    soon as one of them surely holds."""
    deciding = [g for g in fired if g[3]]
    kept = [g for g in fired if g[1] == "force" and g[2] == "keep_in_house"]
    if ev.outcome == "keep_in_house" and any(effect == "force" for _, effect, _, _ in deciding):
        verdict, rule = "ruled_out", deciding[0][0]
    elif ev.outcome == "keep_in_house" and kept:
        verdict, rule = "ruled_out", kept[0][0]
    elif deciding:
        verdict, rule = "limited", deciding[0][0]
    elif ev.outcome == "keep_in_house":
        verdict, rule = "not_needed", None
    elif todo:
        verdict, rule = "once_ready", todo[0].id
    else:
        verdict, rule = "ready", None
    answers = tuple(s.lever for s in todo)
    # one step that surely applies makes it "once ready" whatever the open questions say
    settled = verdict != "once_ready" or any(s.certain for s in todo)
    return Stage("readiness", verdict, settled, rule, None, None, "", answers)


def _order(values: frozenset[str] | frozenset[str | None]) -> list[str]:
    return sorted(str(v) for v in values if v is not None)


def answer_first(catalog: Catalog, ev: Evaluation, missing: Missing) -> tuple[str, ...]:
    """While the stages do not settle an outcome: the open questions they read, those that
    the most strategy cells test first (criticality and differentiation, usually), then the
    saving when the economics is open, then the rest in asking order."""
    policy = catalog.policy
    tested: dict[str, int] = {}
    if len(missing.strategies) > 1:
        for c in policy.strategy.cells:
            for q in dict.fromkeys(questions_in(c.when)):
                tested[q] = tested.get(q, 0) + 1
    order = {q: i for i, q in enumerate(catalog.questions)}
    found = sorted((q for q in tested if q in ev.open), key=lambda q: (-tested[q], order.get(q, 0)))
    if None in missing.economics and SAVING in ev.open:
        found.append(SAVING)
    if len(missing.economics) > 1:
        found += [
            q
            for r in policy.economics.reasons
            for q in questions_in(r.when)
            if q in ev.open and q not in found
        ]
    return tuple(found)
