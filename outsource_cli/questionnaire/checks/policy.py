"""The policy's checks: its conditions against the question sets, the outcome table, the
thresholds and the levers."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.questionnaire.checks.conditions import check_condition
from outsource_cli.questionnaire.checks.expressions import unread
from outsource_cli.questionnaire.index import Index
from outsource_cli.questionnaire.shapes import Condition, Policy
from outsource_cli.questionnaire.source import Document, Loc


def check_policy(
    index: Index, policy: Policy, doc: Document, unreadable: Collection[str] | None = ()
) -> list[Problem]:
    """The policy against the question sets of ``index``: its conditions, the gates (each
    caps or forces), the outcome table, the thresholds and the levers."""
    set_ids = {s.id for s in index.sets}
    problems: list[Problem] = []
    problems.extend(_check_stages(index, policy, doc, set_ids, unreadable))
    for i, gate in enumerate(policy.gates):
        if (gate.cap is None) == (gate.force is None):
            problems.append(
                doc.problem(["gates", i], "a gate needs exactly one of 'cap' or 'force'", "S006")
            )
        problems.extend(
            check_condition(
                gate.when, ["gates", i, "when"], doc, index, set_ids, unreadable=unreadable
            )
        )
    for loc, when in _rule_conditions(policy):
        if when is not None:
            problems.extend(check_condition(when, loc, doc, index, set_ids, unreadable=unreadable))
    return problems


def _rule_conditions(policy: Policy) -> Iterator[tuple[Loc, Condition | None]]:
    """The condition of every rule of the form, location, models, contracts and mitigations,
    with where it is."""
    sections: list[tuple[list[str | int], Sequence[Any]]] = [
        (["form", "rules"], policy.form.rules),
        (["location", "rules"], policy.location.rules),
        (["models"], policy.models),
        (["contracts"], policy.contracts),
        (["mitigations"], policy.mitigations),
    ]
    for path, rules in sections:
        for i, rule in enumerate(rules):
            yield [*path, i, "when"], rule.when


def _check_stages(
    index: Index,
    policy: Policy,
    doc: Document,
    set_ids: set[str],
    unreadable: Collection[str] | None,
) -> Iterator[Problem]:
    """The stages: their conditions, the outcome table, the thresholds, the levers."""
    sections: list[tuple[list[str | int], Condition]] = []
    for i, c in enumerate(policy.strategy.cells):
        sections.append((["strategy", "cells", i, "when"], c.when))
    for i, r in enumerate(policy.economics.reasons):
        sections.append((["economics", "reasons", i, "when"], r.when))
    for i, rr in enumerate(policy.readiness):
        sections.append((["readiness", i, "when"], rr.when))
    for loc, when in sections:
        yield from check_condition(when, loc, doc, index, set_ids, unreadable=unreadable)
    e = policy.economics
    if e.loses_below > e.pays_at:
        yield doc.problem(
            ["economics", "loses_below"],
            f"'loses_below' ({e.loses_below:g}) must not be above 'pays_at' ({e.pays_at:g})",
            "L006",
        )
    if e.heavy_loss_below > e.loses_below:
        yield doc.problem(
            ["economics", "heavy_loss_below"],
            f"'heavy_loss_below' ({e.heavy_loss_below:g}) must not be above 'loses_below' "
            f"({e.loses_below:g})",
            "L006",
        )
    seen: set[str] = set()
    for i, row in enumerate(policy.outcomes):
        if row.strategy in seen:
            yield doc.problem(
                ["outcomes", i, "strategy"], f"verdict {row.strategy} has two rows", "L006"
            )
        seen.add(row.strategy)
    used = {policy.strategy.default, *(c.verdict for c in policy.strategy.cells)}
    for verdict in sorted(used - seen):
        yield doc.problem(
            ["outcomes"],
            f"the strategy verdict {verdict} has no row in 'outcomes' (it would keep the "
            "function in-house)",
            "L006",
        )
    for i, step in enumerate(policy.readiness):
        set_id = step.lever.split(".")[0]
        if (
            set_id in set_ids
            and step.lever not in index.questions
            and not unread(set_id, unreadable)
        ):
            yield doc.problem(["readiness", i, "lever"], f"unknown question '{step.lever}'", "R010")
