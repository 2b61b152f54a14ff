"""The decision engine: answers in, a :class:`Decision` out. Pure: no I/O, no printing.

:func:`decide` runs the steps of docs/decision-engine.md in order, each a small function:
score and gates (:mod:`~outsource_cli.decision.evaluation`), what the unanswered questions
could still do (:mod:`~outsource_cli.decision.missing`), form, location, mitigations, the
reasons, and robustness (:mod:`~outsource_cli.decision.robustness`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from outsource_cli.decision import business_case as cost_case
from outsource_cli.decision import missing as missing_answers
from outsource_cli.decision import verdicts
from outsource_cli.decision.because import because
from outsource_cli.decision.cases import Limits, answers_to_try
from outsource_cli.decision.evaluation import (
    Evaluation,
    Evaluator,
    gated,
    shown_score,
)
from outsource_cli.decision.robustness import Step, robustness
from outsource_cli.decision.scoring import in_force
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, Truth, leaves, truth
from outsource_cli.questionnaire.shapes import (
    LOCATIONS,
    Condition,
    DimensionCondition,
    Policy,
    QuestionCondition,
)
from outsource_cli.questionnaire.uncertain import Uncertain

if TYPE_CHECKING:
    from outsource_cli.decision.uncertainty import Uncertainty


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


class Decision(NamedTuple):
    function: str | None
    outcome: str
    form: str | None
    location: str | None
    model: SourcingModel | None  # the sourcing model the policy recommends
    contract: Contract | None  # the contract type and length guidance (None: nothing bought)
    score: float  # the balance of the answers (0-100): it ranks results, never decides them
    base_outcome: str  # the outcome of the stages' verdicts, before the gates
    provisional: bool  # the unanswered questions could change the outcome
    missing_range: MissingRange
    robustness: float  # share of one-step changes under which the outcome holds (0-1)
    robustness_changes: int  # how many one-step changes were tried
    robustness_flips: tuple[Step, ...]  # the one-step changes that change the outcome
    completeness: float  # share of the weight in force of the shown questions answered
    defaulted: tuple[str, ...]  # answers accepted as the interview suggested them
    dimensions: tuple[Dimension, ...]
    gates: tuple[GateResult, ...]
    rationale: tuple[Reason, ...]
    other_points: float  # the points of the answers not in the rationale
    contributions: tuple[Reason, ...]  # every scored answer, largest effect first
    mitigations: tuple[Mitigation, ...]
    form_reason: Choice | None
    location_reasons: tuple[Choice, ...]
    unanswered: tuple[str, ...]  # shown questions without an answer
    answers: Mapping[str, AnswerValue]
    # answers given as a range or one_of: outcome probabilities and swing (None: there are none)
    uncertainty: Uncertainty | None = None
    # keep vs outsource year by year, NPV, payback, break-even (None: the saving is unanswered)
    business_case: cost_case.BusinessCase | None = None
    # False while the stages do not yet settle one outcome (the strategy or the saving is
    # unanswered): no outcome, form, location, model or contract is given, and
    # missing_range.questions says what to answer first
    recommended: bool = True
    stages: tuple[verdicts.Stage, ...] = ()  # strategy, economics, readiness
    conditions: tuple[verdicts.Step, ...] = ()  # what makes an "outsource once ready" ready
    # unanswered because the interview stopped once the result was settled (a part of
    # ``unanswered``: these were never asked, the rest were left "not sure")
    not_asked: tuple[str, ...] = ()
    # the ISO 4217 code of the money figures, from the answers file (None: not said)
    currency: str | None = None

    @property
    def ready(self) -> bool:
        """Nothing stands between the outcome and doing it now (no readiness step)."""
        return not self.conditions

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


def plain(value: Any) -> Any:
    """Records (named tuples) as dicts, tuples as lists, all the way down: ready for JSON."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def decide(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    function: str | None = None,
    weights: Mapping[str, float] | None = None,
    defaulted: Collection[str] = (),
    uncertain: Mapping[str, Uncertain] | None = None,
    evaluator: Evaluator | None = None,
    not_asked: Collection[str] = (),
) -> Decision:
    """The decision. ``answers`` are the answers given (answers to questions not shown are
    ignored); ``weights`` overrides set weights by set id (what-if); ``defaulted`` names the
    answers accepted as suggested; ``uncertain`` the answers given as a range or one_of
    (``answers`` holds their point estimates, see docs/uncertainty.md). ``evaluator``: one
    made for these answers and weights, to share with :func:`~.counterfactuals.find_counterfactuals`.
    ``not_asked``: the questions the interview did not ask because the result was settled."""
    evaluator = evaluator or Evaluator(catalog, answers, weights)
    ev = evaluator.base
    missing = missing_answers.analyse(catalog, answers, ev.weights)
    unsure = None
    if uncertain:  # imported only when some answer is uncertain
        from outsource_cli.decision import uncertainty as uncertain_answers

        unsure = uncertain_answers.analyse(catalog, evaluator, uncertain)
    gates = _gates(catalog, ev, missing, unsure.could_fire if unsure else {})
    recommended = len(missing.settled) == 1 and ev.outcome in missing.settled
    conditions = verdicts.steps(catalog, ev) if recommended else ()
    fired = tuple(
        (g.id, g.effect, g.target, g.changes_outcome) for g in gates if g.status == "fired"
    )
    staged = (
        verdicts.strategy(catalog, ev, missing),
        verdicts.economics(catalog, ev, missing),
        verdicts.readiness(ev, fired, conditions),
    )
    keep = ev.outcome == "keep_in_house"
    form_reason = None if keep or not recommended else _form(catalog.policy, ev)
    location_reasons = (
        ()
        if keep or not recommended
        else _location(catalog, ev, missing, unsure.could_limit if unsure else {})
    )
    location = _limit(catalog.policy, location_reasons)
    case = cost_case.build(catalog, ev.effective) if cost_case.SAVING in ev.scores else None
    contributions = _contributions(catalog, ev, case)
    rationale = tuple(r for r in contributions if r.contribution != 0)[
        : catalog.policy.rationale_size
    ]
    score = shown_score(catalog.policy, ev.score)
    robust = robustness(catalog, answers, weights, evaluator)
    questions = (
        _open_questions(catalog, evaluator, gates, missing)
        if recommended
        else verdicts.answer_first(catalog, ev, missing)
    )
    return Decision(
        function=function,
        outcome=ev.outcome,
        form=form_reason.value if form_reason else None,
        location=location,
        model=_model(catalog.policy, ev) if recommended else None,
        contract=_costed(catalog, ev, _contract(catalog.policy, ev), case) if recommended else None,
        score=score,
        base_outcome=ev.base,
        provisional=set(missing.outcomes) != {ev.outcome}
        or (unsure is not None and unsure.outcome_probabilities[ev.outcome] < 1),
        missing_range=MissingRange(
            (round(missing.score[0], 1) + 0.0, round(missing.score[1], 1) + 0.0),
            missing.outcomes,
            questions,
            missing.exact,
        ),
        robustness=round(robust.share, 2),
        robustness_changes=robust.changes,
        robustness_flips=robust.flips,
        completeness=round(_completeness(catalog, ev), 2),
        defaulted=tuple(q for q in ev.effective if q in set(defaulted)),
        dimensions=_dimensions(catalog, ev),
        gates=gates,
        rationale=rationale,
        other_points=round(score - 50 - sum(r.contribution for r in rationale), 6) + 0.0,
        contributions=contributions,
        mitigations=_mitigations(catalog, ev, location, unsure.could_call if unsure else {}),
        form_reason=form_reason,
        location_reasons=location_reasons,
        unanswered=tuple(q for q in ev.shown if q not in ev.effective),
        answers=MappingProxyType(dict(ev.effective)),
        uncertainty=unsure,
        business_case=case,
        recommended=recommended,
        stages=staged,
        conditions=conditions,
        not_asked=tuple(q for q in ev.shown if q not in ev.effective and q in set(not_asked)),
    )


# ---------------------------------------------------------------- the steps


def _dimensions(catalog: Catalog, ev: Evaluation) -> tuple[Dimension, ...]:
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
            _one_decimal(ev.sums[qs.id].score),
            ev.weights[qs.id],
            answered.get(qs.id, 0),
            asked.get(qs.id, 0),
            round(ev.sums[qs.id].answered / ev.sums[qs.id].shown, 2)
            if ev.sums[qs.id].shown
            else 0.0,
        )
        for qs in catalog.sets
    )


def _gates(
    catalog: Catalog,
    ev: Evaluation,
    missing: missing_answers.Missing,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[GateResult, ...]:
    """Every gate that holds, and every gate that an unanswered question, or another of an
    uncertain answer's possible values (``uncertain``: gate id -> those answers), could make
    hold."""
    results = []
    policy = catalog.policy
    for i, g in enumerate(policy.gates):
        effect, target = ("force", g.force) if g.force is not None else ("cap", str(g.cap))
        if ev.truths[i] is True:
            status, value = "fired", True
            changes = target == ev.outcome and ev.outcome != ev.base  # it decides the outcome
        elif missing.gates_possible[i] or g.id in uncertain:
            status, value = "could_fire", None
            fired = tuple(t is True or j == i for j, t in enumerate(ev.truths))
            changes = gated(ev.base, policy.gates, fired) != ev.outcome  # it would change it
        else:
            continue
        triggers = _triggers(catalog, g.when, ev, value)
        if value is None:
            triggers += tuple(q for q in uncertain.get(g.id, ()) if q not in triggers)
        results.append(
            GateResult(g.id, g.title, effect, target, status, changes, g.because, triggers)
        )
    return tuple(results)


def _triggers(catalog: Catalog, cond: Condition, ev: Evaluation, value: Truth) -> tuple[str, ...]:
    """The questions behind a condition's truth: the tests that hold (``value`` True), or the
    open questions it depends on (``value`` None)."""
    found: list[str] = []
    dims = ev.dims
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            t = truth(leaf, ev.effective, dims, open_=ev.open)
            if t is value and leaf.question not in found:
                found.append(leaf.question)
        elif isinstance(leaf, DimensionCondition):
            in_set = _question_ids(catalog, leaf.dimension)
            if value is None:
                found.extend(q for q in in_set if q in ev.open and q not in found)
            elif truth(leaf, ev.effective, dims) is True:
                found.extend(q for q in in_set if q in ev.scores and q not in found)
    return tuple(found)


def _question_ids(catalog: Catalog, set_id: str) -> list[str]:
    return [f"{set_id}.{q.id}" for q in catalog.questions_of(set_id)]


def _form(policy: Policy, ev: Evaluation) -> Choice:
    for i, rule in enumerate(policy.form.rules):
        if truth(rule.when, ev.effective, ev.dims, open_=ev.open) is True:
            return Choice(rule.form, rule.because, f"form.rules[{i}]")
    return Choice(policy.form.default, policy.form.because, None)


def _model(policy: Policy, ev: Evaluation) -> SourcingModel | None:
    """The first sourcing model for the outcome whose condition holds."""
    for m in policy.models:
        if (
            ev.outcome in m.outcomes
            and ev.stages.strategy in m.strategy
            and (m.when is None or truth(m.when, ev.effective, ev.dims, open_=ev.open) is True)
        ):
            return SourcingModel(m.id, m.title, m.because, m.keep, m.buy)
    return None


def _contract(policy: Policy, ev: Evaluation) -> Contract | None:
    """The first contract rule for the outcome whose condition holds (an unanswered input
    never picks a rule: the later, more cautious rules apply)."""
    for c in policy.contracts:
        if ev.outcome in c.outcomes and (
            c.when is None or truth(c.when, ev.effective, ev.dims, open_=ev.open) is True
        ):
            return Contract(c.type, c.length, c.because, c.years)
    return None


def _costed(
    catalog: Catalog,
    ev: Evaluation,
    contract: Contract | None,
    case: cost_case.BusinessCase | None,
) -> Contract | None:
    """The contract with the business case's NPV over the length it advises, when the
    answers cost another one (a case that pays over five years may not over three)."""
    if contract is None or contract.years is None or case is None:
        return contract
    if len(case.years) - 1 == round(contract.years):
        return contract
    other = cost_case.build(catalog, {**ev.effective, cost_case.YEARS: contract.years})
    return contract if other is None else contract._replace(npv_at_years=other.npv)


def _location(
    catalog: Catalog,
    ev: Evaluation,
    missing: missing_answers.Missing,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[Choice, ...]:
    """The default, then every rule that holds or could hold (conservative: a rule that an
    unanswered question, or another of an uncertain answer's values (``uncertain``: rule id
    -> those answers), could trigger limits the location until it is answered)."""
    policy = catalog.policy
    reasons = [Choice(policy.location.default, policy.location.because, None)]
    for i, rule in enumerate(policy.location.rules):
        if not missing.locations_possible[i] and rule.id not in uncertain:
            continue
        certain = missing.locations_certain[i] and rule.id not in uncertain
        widen = () if certain else _open_inputs(catalog, rule.when, ev)
        widen += tuple(q for q in uncertain.get(rule.id, ()) if q not in widen)
        reasons.append(Choice(rule.at_most, rule.because, rule.id, certain, widen))
    return tuple(reasons)


def _open_inputs(catalog: Catalog, cond: Condition, ev: Evaluation) -> tuple[str, ...]:
    found: list[str] = []
    for leaf in leaves(cond):
        if isinstance(leaf, QuestionCondition):
            candidates = [leaf.question]
        else:
            candidates = _question_ids(catalog, leaf.dimension)
        found.extend(q for q in candidates if q in ev.open and q not in found)
    return tuple(found)


def _limit(policy: Policy, reasons: tuple[Choice, ...]) -> str | None:
    if not reasons:
        return None
    return min((c.value for c in reasons), key=LOCATIONS.index)


def _mitigations(
    catalog: Catalog,
    ev: Evaluation,
    location: str | None,
    uncertain: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
) -> tuple[Mitigation, ...]:
    """The mitigations for the outcome and location whose condition holds, or could hold
    once an unanswered question is answered or (``uncertain``: mitigation id -> those
    answers) another of an uncertain answer's values is the real one."""
    found = []
    for m in catalog.policy.mitigations:
        if ev.outcome not in m.outcomes or (location is not None and location not in m.locations):
            continue
        t: Truth = True if m.when is None else truth(m.when, ev.effective, ev.dims, open_=ev.open)
        if t is False and m.id in uncertain:
            t = None
        if t is False:
            continue
        triggers = () if m.when is None else _triggers(catalog, m.when, ev, t)
        if t is None:
            triggers += tuple(q for q in uncertain.get(m.id, ()) if q not in triggers)
        found.append(
            Mitigation(m.id, m.category, m.title, m.because, m.actions, triggers, t is True)
        )
    return tuple(found)


def _contributions(
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


def _completeness(catalog: Catalog, ev: Evaluation) -> float:
    full = sum(ev.weights[k] for k, s in ev.sums.items() if s.shown > 0 and ev.weights[k] > 0)
    return ev.made_of / full if full else 0.0


def _open_questions(
    catalog: Catalog,
    evaluator: Evaluator,
    gates: tuple[GateResult, ...],
    missing: missing_answers.Missing,
) -> tuple[str, ...]:
    """The unanswered questions that could change the outcome: first those whose answer alone
    could (in asking order), then, if together the open questions could reach outcomes that
    no single one reaches, every other open question that moves the score, largest swing
    first."""
    ev = evaluator.base
    if set(missing.outcomes) == {ev.outcome} and not any(
        g.status == "could_fire" and g.changes_outcome for g in gates
    ):
        return ()
    limits = Limits(catalog)
    alone: list[str] = []
    reached = {ev.outcome}
    swing: dict[str, float] = {}
    for qid in ev.shown:
        if qid in ev.effective:
            continue
        results = [
            evaluator.outcome({qid: v}) for v in answers_to_try(catalog.questions[qid], qid, limits)
        ]
        if not results:
            continue
        swing[qid] = max(s for _, s in results) - min(s for _, s in results)
        changed = {o for o, _ in results if o != ev.outcome}
        if changed:
            alone.append(qid)
            reached |= changed
    for g in gates:
        if g.status == "could_fire" and g.changes_outcome:
            alone.extend(q for q in g.triggers if q not in alone)
    if reached >= set(missing.outcomes):
        return tuple(q for q in catalog.questions if q in alone)
    rest = sorted(
        (q for q in ev.open if q not in alone and (swing.get(q, 0) > 0 or q not in swing)),
        key=lambda q: (-swing.get(q, 0), list(catalog.questions).index(q)),
    )
    return tuple(q for q in catalog.questions if q in alone) + tuple(rest)


def _one_decimal(x: float | None) -> float | None:
    """A score as shown: one decimal, never -0.0."""
    return None if x is None else round(x, 1) + 0.0
