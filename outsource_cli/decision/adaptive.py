"""The adaptive interview's order and stop rule. Pure and deterministic.

**What is settled.** The recommendation is made of seven *aspects*: the outcome, the three
stages' verdicts (strategy, economics, readiness), the form, the location and the sourcing
model. For the answers given so far, :func:`possible` works out every value each aspect
could still take once the open questions are answered (a question is open when it is shown,
or may be shown, and has no answer; a "not sure" is open too). It works as the
missing-answers range does (:mod:`~outsource_cli.decision.missing`), in three-valued logic:
a test on an open question is unknown, a set's score is an interval, the business case's net
saving is an interval over its open inputs, and every gate whose truth is unknown is tried
both ways. The sets it gives are never smaller than the truth (they may name a value that
no completion reaches): so an aspect whose only possible value is the one the answers give
now is *settled* — no answer to the open questions can change it. When every aspect is
settled the result is settled, and the interview may stop (:func:`settled`).

**The order.** :func:`next_question` tries each open, shown question in each of its cases
(each option a condition can tell apart; a number at the ends of its scale, its default and
either side of each threshold) and measures what the answer could do: its *reach* is the
number of aspects whose possible values differ between its cases, then the average number
of values it rules out. The question with the widest reach comes first; ties go to a
question of the same set as the one just asked (a set's questions stay together where that
costs nothing), then to the asking order. Questions a condition hides are never candidates.
Once the result is settled, the rest come in asking order.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision import business_case, stages, verdicts
from outsource_cli.decision.cases import Limits, number_cases
from outsource_cli.decision.evaluation import evaluate, gated, steering
from outsource_cli.decision.missing import _extremes
from outsource_cli.decision.scoring import question_score, score_bounds, tidy
from outsource_cli.questionnaire.catalog import Catalog, explore
from outsource_cli.questionnaire.conditions import (
    AnswerValue,
    Check,
    Truth,
    checker,
    dimensions_in,
    questions_in,
)
from outsource_cli.questionnaire.shapes import (
    LOCATIONS,
    OUTCOMES,
    Condition,
    Policy,
    Question,
)

ASPECTS = ("outcome", "strategy", "economics", "gates", "form", "location", "model")
# the readiness verdicts a knock-out gate gives; "none": no gate decides it (it goes out, at
# once or once ready: the steps before signing are the plan, not the recommendation)
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
    """What the analysis of one catalog reuses from one set of answers to the next: the
    thresholds and options its conditions name, the sets whose score a condition tests, and
    the results of the gates' and the business case's parts by their inputs."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.limits = Limits(catalog)
        self.tested = _tested_sets(catalog)
        self.members = {
            s: tuple(q for q in catalog.questions if catalog.set_of[q].id == s) for s in self.tested
        }
        self.case = business_case.applies(catalog)
        self.feeds = feeds(catalog)
        self.order = {q: i for i, q in enumerate(catalog.questions)}
        policy = catalog.policy  # the conditions possible() tests, each compiled once
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
    return {
        "outcome": frozenset(outcomes),
        "strategy": frozenset(staged.strategies),
        "economics": frozenset(staged.economics),
        "gates": frozenset(knocks),
        "form": frozenset(forms),
        "location": frozenset(locations),
        "model": frozenset(models),
    }


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
    from outsource_cli.decision.engine import _form, _model

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
    model = _model(policy, ev)
    return {
        "outcome": ev.outcome,
        "strategy": ev.stages.strategy,
        "economics": ev.stages.economics,
        "gates": _knock(verdicts.readiness(ev, fired, ()).verdict),
        "form": None if keep else _form(policy, ev).value,
        "model": None if model is None else model.id,
    }


def _knock(verdict: str) -> str:
    return verdict if verdict in GATE_VERDICTS else "none"


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


# ---------------------------------------------------------------- the order


def feeds(catalog: Catalog) -> dict[str, frozenset[str]]:
    """For each question, the aspects whose conditions read it (a question that shows or
    hides another feeds every aspect)."""
    policy = catalog.policy
    by_set: dict[str, list[str]] = {}
    for qid in catalog.questions:
        by_set.setdefault(catalog.set_of[qid].id, []).append(qid)

    def inputs(conds: Iterable[Condition]) -> set[str]:
        found: set[str] = set()
        for c in conds:
            found.update(questions_in(c))
            for d in dimensions_in(c):
                found.update(by_set.get(d, ()))
        return found

    strategy = inputs(c.when for c in policy.strategy.cells)
    economics = inputs(r.when for r in policy.economics.reasons)
    if business_case.applies(catalog):
        economics |= business_case.QUESTIONS
    outcome = strategy | economics | inputs(g.when for g in policy.gates)
    direct = {
        "outcome": outcome,
        "strategy": strategy,
        "economics": economics,
        "gates": outcome,
        "form": outcome | inputs(r.when for r in policy.form.rules),
        "location": outcome | inputs(r.when for r in policy.location.rules),
        "model": outcome | inputs(m.when for m in policy.models if m.when is not None),
    }
    steers = steering(catalog)
    return {
        qid: frozenset(ASPECTS)
        if qid in steers
        else frozenset(a for a in ASPECTS if qid in direct[a])
        for qid in catalog.questions
    }


def cases(q: Question, qid: str, limits: Limits, tested: bool) -> list[AnswerValue]:
    """The answers worth trying for ``q``: one per case the conditions tell apart (every
    option when a condition tests its set's score); a number also at the ends of its scale
    and at its default (the business case reads numbers on a continuous scale)."""
    if q.type == "number":
        values: list[AnswerValue] = list(number_cases(q, limits.numbers.get(qid, ())))
        lo, hi = q.scale
        extra = [lo, hi, q.default] if isinstance(q.default, int | float) else [lo, hi]
        for x in extra:
            if isinstance(x, int | float) and x not in values:
                values.append(x)
        return values
    if q.type == "multi":
        named = limits.options.get(qid, set())
        picked = [str(o.value) for o in q.options if tested or str(o.value) in named]
        found: list[AnswerValue] = [()]
        found += [(v,) for v in picked]
        if q.required:
            found = found[1:] or [(str(q.options[0].value),)]
        return found
    named = limits.options.get(qid, set())
    if tested:
        return [o.value for o in q.options]
    seen_other = False
    found = []
    for o in q.options:
        if o.value in named:
            found.append(o.value)
        elif not seen_other:  # the options no condition names all read the same
            seen_other = True
            found.append(o.value)
    return found


def _spread(values: Values) -> int:
    return sum(len(v) - 1 for v in values.values())


class Reach(NamedTuple):
    """What answering a question could do, over its cases."""

    settles: float  # how many aspects an answer leaves with one possible value, on average
    moved: int  # how many aspects' possible values differ between its cases
    cut: float  # how many possible values an answer rules out, on average


def reach(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    qid: str,
    values: Values | None = None,
    context: Context | None = None,
) -> Reach:
    """What answering ``qid`` could do to the possible values of the aspects (:class:`Reach`),
    trying each of its cases (:func:`cases`)."""
    ctx = context or Context(catalog)
    values = possible(catalog, answers, ctx) if values is None else values
    q = catalog.questions[qid]
    tested = catalog.set_of[qid].id in ctx.tested
    after = [possible(catalog, {**answers, qid: v}, ctx) for v in cases(q, qid, ctx.limits, tested)]
    n = max(1, len(after))
    before = _spread(values)
    return Reach(
        sum(sum(1 for a in ASPECTS if len(o[a]) == 1) for o in after) / n,
        sum(1 for a in ASPECTS if len({o[a] for o in after}) > 1),
        sum(before - _spread(o) for o in after) / n,
    )


def next_question(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    *,
    skipped: Collection[str] = (),
    last: str | None = None,
    context: Context | None = None,
) -> str | None:
    """The question to ask next: the open, shown question (not one left "not sure",
    ``skipped``) whose answer could move the most of the recommendation; once it is settled,
    the first open question in asking order. None when no question is left to ask.
    ``last``: the question asked before, whose set's questions come first among equals."""
    ctx = context or Context(catalog)
    effective, shown, _ = explore(catalog, answers)
    candidates = [q for q in shown if q not in effective and q not in skipped]
    if not candidates:
        return None
    values = possible(catalog, answers, ctx)
    state = settled(catalog, answers, values, ctx)
    if state.done:
        return candidates[0]
    wanted = set(state.open)
    pool = [q for q in candidates if ctx.feeds[q] & wanted]
    if not pool:
        return candidates[0]
    here = catalog.set_of[last].id if last is not None and last in catalog.questions else None

    now = {q: reach(catalog, answers, q, values, ctx) for q in pool}
    best = max(r.settles for r in now.values())
    pool = [q for q in pool if now[q].settles == best]
    last_open: dict[str, int] = {}
    if len(pool) > 1:
        # the same question as the last one open, the others answered by the reference
        # completion: inputs that decide only together (the business case's) count here
        world = reference(catalog, answers, ctx.limits)
        for q in pool:
            others = {k: v for k, v in world.items() if k != q}
            last_open[q] = reach(catalog, others, q, None, ctx).moved

    def rank(qid: str) -> tuple[int, int, float, bool, int]:
        r = now[qid]
        same_set = catalog.set_of[qid].id == here
        return (-last_open.get(qid, 0), -r.moved, -r.cut, not same_set, ctx.order[qid])

    return min(pool, key=rank)


def reference(
    catalog: Catalog, answers: Mapping[str, AnswerValue], limits: Limits | None = None
) -> dict[str, AnswerValue]:
    """``answers`` with every open question answered: by its suggested answer, or else by its
    first case (:func:`cases`). Deterministic."""
    limits = limits or Limits(catalog)
    world = dict(answers)
    for qid, q in catalog.questions.items():
        if qid in world:
            continue
        default = q.default
        if default is None:
            world[qid] = cases(q, qid, limits, False)[0]
        elif q.type == "multi":
            picked = default if isinstance(default, tuple) else (default,)
            world[qid] = tuple(str(v) for v in picked)
        elif not isinstance(default, tuple):
            world[qid] = default
    return world
