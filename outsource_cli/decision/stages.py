"""The three stages of the decision, as a sourcing adviser takes them. Pure.

1. **Strategy**, should it go out at all: the frameworks' cells (``policy.strategy.cells``),
   by precedence: the first cell that holds decides, every other cell that holds is shown.
2. **Economics**, does it pay: the business case's net saving against ``pays_at`` and
   ``loses_below``; a net cost is a ``premium`` when a named non-cost reason holds.
3. **Readiness**, can it be done safely now: shortfalls the firm can fix before signing
   (``policy.readiness``) make a recommendation to outsource conditional on them.

The outcome is the strategy verdict's row of ``policy.outcomes`` under the economics verdict;
the knock-out gates then apply (:mod:`~outsource_cli.decision.evaluation`).

Every function works in three-valued logic: a test on an unanswered question is unknown, and
the *possible* verdicts are every verdict some answer to the open questions could give (never
one fewer; a cell that holds only under contradictory answers may add one).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, Check, Truth, checker, truth
from outsource_cli.questionnaire.shapes import (
    ECONOMICS_VERDICTS,
    OUTCOMES,
    STRATEGY_VERDICTS,
    Policy,
)

NOT_ASSESSED = "not_assessed"  # the question sets have no business case


class Stages(NamedTuple):
    """The point verdicts of one set of answers (unanswered tests do not hold)."""

    strategy: str  # a strategy verdict
    cell: int | None  # the index of the cell that decided (None: the policy's default)
    economics: str | None  # an economics verdict, NOT_ASSESSED, or None: saving unanswered
    net_saving: float | None  # the business case's net saving (%), None without one
    reasons: tuple[int, ...]  # the non-cost reasons that hold (indexes)
    base: str  # the outcome of the verdicts, before the gates


class Checks(NamedTuple):
    """The conditions every evaluation tests, each compiled once (:func:`checker`)."""

    cells: tuple[Check, ...]  # the strategy cells'
    reasons: tuple[Check, ...]  # the non-cost reasons'
    gates: tuple[Check, ...]  # the gates'
    rows: Mapping[str, frozenset[str]]  # each strategy verdict's :func:`row_outcomes`


def checks(catalog: Catalog) -> Checks:
    """The policy's :class:`Checks`, made once per catalog (kept with it)."""
    policy = catalog.policy
    kept = catalog.__dict__.get("_checks")
    if kept is None or kept[0] is not policy:  # made for this policy (treat it as frozen)
        kept = catalog.__dict__["_checks"] = (
            policy,
            Checks(
                tuple(checker(c.when) for c in policy.strategy.cells),
                tuple(checker(r.when) for r in policy.economics.reasons),
                tuple(checker(g.when) for g in policy.gates),
                {s: row_outcomes(policy, s) for s in STRATEGY_VERDICTS},
            ),
        )
    found: Checks = kept[1]
    return found


def first_holding(truths: Iterable[Truth]) -> int | None:
    return next((i for i, t in enumerate(truths) if t is True), None)


def possible_firsts(truths: Iterable[Truth]) -> list[int | None]:
    """The cells that could be the first to hold (None: none holds, the default), given
    that unknown ones may hold or not."""
    found: list[int | None] = []
    for i, t in enumerate(truths):
        if t is True:
            found.append(i)
            return found
        if t is None:
            found.append(i)
    found.append(None)
    return found


def strategy_truths(
    policy: Policy, answers: Mapping[str, AnswerValue], open_: Collection[str]
) -> tuple[Truth, ...]:
    return tuple(truth(c.when, answers, None, open_=open_) for c in policy.strategy.cells)


def strategy_verdict(policy: Policy, cell: int | None) -> str:
    return policy.strategy.default if cell is None else policy.strategy.cells[cell].verdict


def economics_verdict(policy: Policy, net: float, reason_holds: bool) -> str:
    e = policy.economics
    if net >= e.pays_at:
        return "pays"
    if net >= e.loses_below:
        return "marginal"
    if net < e.heavy_loss_below:
        return "loses_heavily"
    return "premium" if reason_holds else "loses"


def outcome_of(policy: Policy, strategy: str, economics: str | None) -> str:
    """The outcome of two verdicts; with the economics unknown, the most restrictive of the
    row (nothing recommends more than the answers support); not assessed: the thin-saving
    column."""
    row = next((r for r in policy.outcomes if r.strategy == strategy), None)
    if row is None:  # the policy's table leaves this verdict out: nothing goes out
        return OUTCOMES[0]
    if economics is None:
        columns = (row.pays, row.marginal, row.premium, row.loses, row.loses_heavily)
        return min(columns, key=OUTCOMES.index)
    column = "marginal" if economics == NOT_ASSESSED else economics
    value: str = getattr(row, column)
    return value


def point(catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Collection[str]) -> Stages:
    """The verdicts of ``answers`` (the answers that count)."""
    policy = catalog.policy
    cell = first_cell(catalog, answers, open_)
    strategy = strategy_verdict(policy, cell)
    economics, net, reasons = economics_of(catalog, answers, open_)
    return Stages(strategy, cell, economics, net, reasons, outcome_of(policy, strategy, economics))


def first_cell(
    catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Collection[str]
) -> int | None:
    """The strategy cell that decides (None: none holds, the policy's default)."""
    for i, check in enumerate(checks(catalog).cells):
        if check(answers, open_, None, None) is True:
            return i
    return None


def economics_of(
    catalog: Catalog, answers: Mapping[str, AnswerValue], open_: Collection[str]
) -> tuple[str | None, float | None, tuple[int, ...]]:
    """The economics verdict (None: the saving is unanswered), the business case's net
    saving (None without one) and the non-cost reasons that hold (indexes)."""
    reasons = tuple(
        i for i, c in enumerate(checks(catalog).reasons) if c(answers, open_, None, None) is True
    )
    if not business_case.applies(catalog):
        return NOT_ASSESSED, None, reasons
    net = business_case.score_input(catalog, answers)
    economics = None if net is None else economics_verdict(catalog.policy, net, bool(reasons))
    return economics, net, reasons


def row_outcomes(policy: Policy, strategy: str) -> frozenset[str]:
    """Every outcome the strategy verdict's row of ``policy.outcomes`` gives, whatever the
    economics verdict (one: the economics cannot change it)."""
    return frozenset(outcome_of(policy, strategy, x) for x in ECONOMICS_VERDICTS)


class Possible(NamedTuple):
    strategies: frozenset[str]
    economics: frozenset[str | None]  # None: the saving itself is open
    outcomes: frozenset[str]  # the outcomes of those verdicts, before the gates


def possible(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    open_: Collection[str],
    net_range: tuple[float, float] | None,
) -> Possible:
    """Every verdict and base outcome that answering the open questions could give
    (``net_range``: the net saving's lowest and highest value over the open inputs of the
    business case; None when there is none)."""
    policy, compiled = catalog.policy, checks(catalog)
    firsts = possible_firsts(c(answers, open_, None, None) for c in compiled.cells)
    strategies = frozenset(strategy_verdict(policy, c) for c in firsts)
    economics: set[str | None] = set()
    if not business_case.applies(catalog):
        economics.add(NOT_ASSESSED)
    elif net_range is None:
        economics.update(ECONOMICS_VERDICTS)
    else:
        reason_truths = [c(answers, open_, None, None) for c in compiled.reasons]
        holds = {True} if True in reason_truths else set()
        if None in reason_truths:
            holds |= {True, False}
        if not holds:
            holds = {False}
        lo, hi = net_range
        e = policy.economics
        for held in holds:
            # the ends, each threshold inside the range, and just below each
            points = {lo, hi}
            for t in (e.pays_at, e.loses_below, e.heavy_loss_below):
                if lo <= t <= hi:
                    points.add(t)
                if lo < t <= hi:
                    points.add(max(lo, t - 1e-9))
            for x in points:
                economics.add(economics_verdict(policy, x, held))
    outcomes = frozenset(outcome_of(policy, s, x) for s in strategies for x in economics)
    return Possible(strategies, frozenset(economics), outcomes)


def readiness(
    policy: Policy, answers: Mapping[str, AnswerValue], open_: Collection[str]
) -> tuple[tuple[int, Truth], ...]:
    """The readiness rules that hold (True) or could hold (None: unanswered), by index."""
    found = []
    for i, r in enumerate(policy.readiness):
        t = truth(r.when, answers, None, open_=open_)
        if t is not False:
            found.append((i, t))
    return tuple(found)
