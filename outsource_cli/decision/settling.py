"""What the answers so far settle: the adaptive interview's stop rule. Pure and deterministic.

The recommendation is made of seven *aspects*: the outcome, the three stages' verdicts
(strategy, economics, readiness), the form, the location and the sourcing model. For the
answers given so far, :func:`possible` works out every value each aspect could still take once
the open questions are answered (a question is open when it is shown, or may be shown, and has
no answer; a "not sure" is open too). It works as the missing-answers range does
(:mod:`~outsource_cli.decision.missing`), in three-valued logic: a test on an open question is
unknown, a set's score is an interval, the business case's net saving is an interval over its
open inputs, and every gate whose truth is unknown is tried both ways. The readiness verdict is
what the gates make of it (ruled out, limited, not needed) or else what the readiness steps do:
"once ready" as soon as one step surely applies, whatever else is answered; "ready" only when
no step could. The sets it gives are never smaller than the truth (they may name a value that
no completion reaches): so an aspect whose only possible value is the one the answers give now
is *settled*: no answer to the open questions can change it. When every aspect is settled the
result is settled, and the interview may stop (:func:`settled`). The order in which to ask is
:mod:`~outsource_cli.decision.adaptive`'s.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case, stages, verdicts
from outsource_cli.decision.choices import form_choice, sourcing_model
from outsource_cli.decision.evaluation import evaluate
from outsource_cli.decision.missing import _extremes
from outsource_cli.decision.outcomes import gated
from outsource_cli.decision.scoring import question_score, score_bounds, tidy
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    Check,
    Truth,
    checker,
    dimensions_in,
)
from outsource_cli.questionnaire.shapes import LOCATIONS, OUTCOMES, Policy

ASPECTS = ("outcome", "strategy", "economics", "readiness", "form", "location", "model")
# the readiness verdicts a knock-out gate gives; "none": no gate decides it (it goes out, at
# once or once ready: the readiness steps say which)
GATE_VERDICTS = ("ruled_out", "limited", "not_needed", "none")
KEEP = OUTCOMES[0]
MAX_UNKNOWN_GATES = 10  # past this, every outcome and readiness verdict counts as possible

Values = dict[str, frozenset[object]]


class Settled(NamedTuple):
    """What the answers so far settle."""

    settled: tuple[str, ...]  # the aspects no open answer can change, in ASPECTS order
    open: tuple[str, ...]  # the aspects an open answer could still change
    remaining: tuple[str, ...]  # the open questions shown now, in asking order

    @property
    def done(self) -> bool:
        """Nothing an open answer could do changes the recommendation."""
        return not self.open


# ---------------------------------------------------------------- what is possible


class Context:
    """What the analysis of one catalog reuses from one set of answers to the next: the sets
    whose score a condition tests, the conditions compiled once, and the results of the
    gates' and the business case's parts by their inputs."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.tested = _tested_sets(catalog)
        self.members = {
            s: tuple(q for q in catalog.questions if catalog.set_of[q].id == s) for s in self.tested
        }
        self.case = business_case.applies(catalog)
        policy = catalog.policy  # the conditions possible() tests, each compiled once
        self.steps = [checker(r.when) for r in policy.readiness]
        self.forms = [checker(r.when) for r in policy.form.rules]
        self.locations = [checker(r.when) for r in policy.location.rules]
        self.models = [None if m.when is None else checker(m.when) for m in policy.models]
        self._outcomes: dict[object, tuple[frozenset[str], frozenset[str]]] = {}
        self._nets: dict[object, tuple[float, float] | None] = {}

    def outcomes(
        self, bases: frozenset[str], gate_truths: tuple[Truth, ...]
    ) -> tuple[frozenset[str], frozenset[str]]:
        key = (bases, gate_truths)
        if key not in self._outcomes:
            found = _outcomes(self.catalog.policy, sorted(bases), list(gate_truths))
            self._outcomes[key] = (frozenset(found[0]), frozenset(found[1]))
        return self._outcomes[key]

    def net(
        self, effective: Mapping[str, AnswerValue], open_: set[str]
    ) -> tuple[float, float] | None:
        inputs = business_case.QUESTIONS
        key = (
            tuple(sorted((q, repr(v)) for q, v in effective.items() if q in inputs)),
            frozenset(q for q in open_ if q in inputs),
        )
        if key not in self._nets:
            self._nets[key] = business_case.net_range(self.catalog, effective, open_)
        return self._nets[key]


def possible(
    catalog: Catalog, answers: Mapping[str, AnswerValue], context: Context | None = None
) -> Values:
    """For each aspect, every value answering the open questions could give (never fewer).
    ``context``: one made for this catalog, to reuse across calls."""
    ctx = context or Context(catalog)
    policy = catalog.policy
    effective, shown, open_ = explore(catalog, answers)
    ranges = _set_ranges(ctx, effective, shown, open_) if ctx.tested else {}
    net = ctx.net(effective, open_) if ctx.case else None
    staged = stages.possible(catalog, effective, open_, net)

    def t(check: Check) -> Truth:
        return check(effective, open_, None, ranges)

    gates = stages.checks(catalog).gates
    outcomes, knocks = ctx.outcomes(staged.outcomes, tuple(t(c) for c in gates))
    goes = outcomes - {KEEP}
    keep: set[object] = {None} if KEEP in outcomes else set()
    forms: set[object] = set(keep)
    locations: set[object] = set(keep)
    if goes:
        firsts = stages.possible_firsts(t(c) for c in ctx.forms)
        forms |= {policy.form.default if i is None else policy.form.rules[i].form for i in firsts}
        locations |= _locations(policy, [t(c) for c in ctx.locations])
    models: set[object] = set()
    truths = [None if c is None else t(c) for c in ctx.models]
    for o, s in itertools.product(outcomes, staged.strategies):
        models.update(_first_models(policy, o, s, truths))
    # the steps read as the engine reads them (verdicts.steps): no set's score
    steps = [c(effective, open_, None, None) for c in ctx.steps] if "none" in knocks else []
    return {
        "outcome": frozenset(outcomes),
        "strategy": frozenset(staged.strategies),
        "economics": frozenset(staged.economics),
        "readiness": frozenset(_readiness(knocks, steps)),
        "form": frozenset(forms),
        "location": frozenset(locations),
        "model": frozenset(models),
    }


def _readiness(knocks: Iterable[str], step_truths: list[Truth]) -> set[str]:
    """The possible readiness verdicts: what the gates make of it (``GATE_VERDICTS``) or,
    where no gate decides it ("none"), what the steps do: "once ready" as soon as one step
    surely applies, "ready" only while none does, and both while one could."""
    kinds = set(knocks)
    found = kinds - {"none"}
    if "none" in kinds:
        if any(t is not False for t in step_truths):
            found.add("once_ready")
        if True not in step_truths:
            found.add("ready")
    return found


def _outcomes(
    policy: Policy, bases: Iterable[str], gate_truths: list[Truth]
) -> tuple[set[str], set[str]]:
    """The possible outcomes and what the gates make of the readiness verdict
    (``GATE_VERDICTS``): each base outcome under each way the unknown gates could go."""
    unknown = [i for i, v in enumerate(gate_truths) if v is None]
    if len(unknown) > MAX_UNKNOWN_GATES:
        return set(OUTCOMES), set(GATE_VERDICTS)
    outcomes: set[str] = set()
    found: set[str] = set()
    gates = policy.gates
    for base in bases:
        for bits in itertools.product((False, True), repeat=len(unknown)):
            held = list(gate_truths)
            for i, bit in zip(unknown, bits, strict=True):
                held[i] = bit
            outcome = gated(base, gates, held)
            outcomes.add(outcome)
            deciding = [
                g
                for g, h in zip(gates, held, strict=True)
                if h is True and (g.force or g.cap) == outcome and outcome != base
            ]
            # as verdicts.readiness: a gate that forces it in-house rules it out even where
            # the stages keep it anyway
            forced = any(h is True and g.force == KEEP for g, h in zip(gates, held, strict=True))
            if outcome == KEEP and (forced or any(g.force is not None for g in deciding)):
                found.add("ruled_out")
            elif deciding:
                found.add("limited")
            elif outcome == KEEP:
                found.add("not_needed")
            else:
                found.add("none")
    return outcomes, found


def _locations(policy: Policy, rule_truths: list[Truth]) -> set[object]:
    """The location is the most restrictive of the default and every rule that holds."""
    rules = policy.location.rules
    sure = [r.at_most for r, v in zip(rules, rule_truths, strict=True) if v is True]
    loosest = min([policy.location.default, *sure], key=LOCATIONS.index)
    found: set[object] = {loosest}
    for r, v in zip(rules, rule_truths, strict=True):
        if v is None and LOCATIONS.index(r.at_most) < LOCATIONS.index(loosest):
            found.add(r.at_most)
    return found


def _first_models(
    policy: Policy, outcome: str, strategy: str, truths: list[Truth]
) -> list[str | None]:
    """The models that could be the first to fit ``outcome`` and ``strategy`` and hold (None:
    no model fits)."""
    maybe: list[str | None] = []
    for m, v in zip(policy.models, truths, strict=True):
        if outcome not in m.outcomes or strategy not in m.strategy:
            continue
        if m.when is None or v is True:
            maybe.append(m.id)
            break
        if v is None:
            maybe.append(m.id)
    else:
        maybe.append(None)
    return maybe


def _set_ranges(
    ctx: Context, effective: Mapping[str, AnswerValue], shown: list[str], open_: set[str]
) -> dict[str, tuple[float, float, bool]]:
    """The lowest and highest score each set that a condition tests could end with (an open
    question may be answered anywhere on its scale, or not be shown at all)."""
    catalog = ctx.catalog
    visible = set(shown)
    found: dict[str, tuple[float, float, bool]] = {}
    for set_id in ctx.tested:
        fixed = weight = 0.0
        items: list[tuple[float, float, float, bool]] = []
        for qid in ctx.members[set_id]:
            q = catalog.questions[qid]
            if not q.scored:
                continue
            if qid in open_:
                bounds = score_bounds(q)
                if bounds is not None:
                    items.append((q.weight, bounds[0], bounds[1], True))
                continue
            if qid not in visible or qid not in effective:
                continue
            score = question_score(q, effective[qid])
            if score is None:
                continue
            if qid == business_case.SAVING:  # scored on the business case
                span = business_case.score_range(catalog, effective, open_)
                if span is not None and span[0] != span[1]:
                    items.append((q.weight, span[0], span[1], False))
                    continue
                score = span[0] if span is not None else score
            fixed += q.weight * score
            weight += q.weight
        ends = _extremes(fixed, weight, items)
        if ends is not None:
            found[set_id] = (tidy(ends[0]), tidy(ends[1]), ends[2])
    return found


def _tested_sets(catalog: Catalog) -> frozenset[str]:
    policy = catalog.policy
    conditions = [
        *(g.when for g in policy.gates),
        *(r.when for r in policy.form.rules),
        *(r.when for r in policy.location.rules),
        *(m.when for m in policy.models if m.when is not None),
    ]
    return frozenset(d for c in conditions for d in dimensions_in(c))


# ---------------------------------------------------------------- the answers given now


def current(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> dict[str, object]:
    """Each aspect as the decision would give it now (the location aside: see
    :func:`settled`), by the engine's own rules."""
    policy = catalog.policy
    ev = evaluate(catalog, answers)
    keep = ev.outcome == KEEP
    fired = tuple(
        (
            g.id,
            "force" if g.force is not None else "cap",
            str(g.force or g.cap),
            (g.force or g.cap) == ev.outcome,
        )
        for g, v in zip(policy.gates, ev.truths, strict=True)
        if v is True
    )
    fired = tuple((i, e, t, c and ev.outcome != ev.base) for i, e, t, c in fired)
    model = sourcing_model(policy, ev)
    return {
        "outcome": ev.outcome,
        "strategy": ev.stages.strategy,
        "economics": ev.stages.economics,
        "readiness": verdicts.readiness(ev, fired, verdicts.steps(catalog, ev)).verdict,
        "form": None if keep else form_choice(policy, ev).value,
        "model": None if model is None else model.id,
    }


def settled(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    values: Values | None = None,
    context: Context | None = None,
) -> Settled:
    """Which aspects the answers settle: those whose only possible value is the one the
    answers give now (``values``: :func:`possible` of these answers, when known)."""
    values = possible(catalog, answers, context) if values is None else values
    now = current(catalog, answers)
    done = []
    for aspect in ASPECTS:
        can = values[aspect]
        # the location the engine gives now is the most restrictive that could hold, which
        # is the one possible value when there is only one
        if len(can) == 1 and (aspect == "location" or can == {now[aspect]}):
            done.append(aspect)
    effective, shown, _ = explore(catalog, answers)
    return Settled(
        tuple(done),
        tuple(a for a in ASPECTS if a not in done),
        tuple(q for q in shown if q not in effective),
    )
