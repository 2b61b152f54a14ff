"""The decision engine: answers in, a :class:`Decision` out. Pure: no I/O, no printing.

:func:`decide` runs the steps of docs/decision-engine.md in order, each a small function:
score and gates (:mod:`~outsource_cli.decision.evaluation`), what the unanswered questions
could still do (:mod:`~outsource_cli.decision.missing`), uncertain answers
(:mod:`~outsource_cli.decision.uncertainty`), the gates to report
(:mod:`~outsource_cli.decision.gate_results`), form, location, model, contract and
mitigations (:mod:`~outsource_cli.decision.choices`), the reasons
(:mod:`~outsource_cli.decision.contributions`), and robustness
(:mod:`~outsource_cli.decision.robustness`). The records it is made of are in
:mod:`~outsource_cli.decision.parts`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from outsource_cli.decision import business_case as cost_case
from outsource_cli.decision import missing as missing_answers
from outsource_cli.decision import verdicts
from outsource_cli.decision.cases import Limits, answers_to_try
from outsource_cli.decision.choices import (
    contract_choice,
    costed_contract,
    form_choice,
    location_choices,
    location_limit,
    mitigations,
    sourcing_model,
)
from outsource_cli.decision.contributions import completeness, contributions, dimensions
from outsource_cli.decision.evaluation import Evaluation, Evaluator, shown_score
from outsource_cli.decision.gate_results import gate_results
from outsource_cli.decision.parts import (
    Choice,
    Contract,
    Dimension,
    GateResult,
    MissingRange,
    Mitigation,
    Reason,
    SourcingModel,
)
from outsource_cli.decision.robustness import Step, robustness
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.uncertain import Uncertain

if TYPE_CHECKING:
    from outsource_cli.decision.uncertainty import Uncertainty


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
    robustness: float  # share of small answer changes under which the outcome holds (0-1)
    robustness_changes: int  # how many small answer changes were tried
    robustness_flips: tuple[Step, ...]  # the small answer changes that change the outcome
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
    found = _findings(catalog, evaluator, answers, uncertain)
    ev, missing, unsure = evaluator.base, found.missing, found.unsure
    where = _where_and_how(catalog, found)
    reasons = _reasons(catalog, found)
    robust = robustness(catalog, answers, weights, evaluator)
    return Decision(
        function=function,
        outcome=ev.outcome,
        form=where.form.value if where.form else None,
        location=where.location,
        model=where.model,
        contract=where.contract,
        score=reasons.score,
        base_outcome=ev.base,
        provisional=set(missing.outcomes) != {ev.outcome}
        or (unsure is not None and unsure.outcome_probabilities[ev.outcome] < 1),
        missing_range=_missing_range(catalog, evaluator, found),
        robustness=round(robust.share, 2),
        robustness_changes=robust.changes,
        robustness_flips=robust.flips,
        completeness=round(completeness(catalog, ev), 2),
        defaulted=tuple(q for q in ev.effective if q in set(defaulted)),
        dimensions=dimensions(catalog, ev),
        gates=found.gates,
        rationale=reasons.rationale,
        other_points=reasons.other_points,
        contributions=reasons.contributions,
        mitigations=mitigations(catalog, ev, where.location, unsure.could_call if unsure else {}),
        form_reason=where.form,
        location_reasons=where.locations,
        unanswered=tuple(q for q in ev.shown if q not in ev.effective),
        answers=MappingProxyType(dict(ev.effective)),
        uncertainty=unsure,
        business_case=found.case,
        recommended=found.recommended,
        stages=found.stages,
        conditions=found.conditions,
        not_asked=tuple(q for q in ev.shown if q not in ev.effective and q in set(not_asked)),
    )


# ---------------------------------------------------------------- the steps


class _Findings(NamedTuple):
    """What the steps of a decision share: the evaluation, what the open and the uncertain
    answers could do, the gates, whether an outcome is recommended and the business case."""

    ev: Evaluation
    missing: missing_answers.Missing
    unsure: Uncertainty | None
    gates: tuple[GateResult, ...]
    recommended: bool  # the stages settle one outcome, the evaluation's
    conditions: tuple[verdicts.Step, ...]  # what makes an "outsource once ready" ready
    stages: tuple[verdicts.Stage, ...]  # strategy, economics, readiness
    case: cost_case.BusinessCase | None  # None: the saving is unanswered


def _findings(
    catalog: Catalog,
    evaluator: Evaluator,
    answers: Mapping[str, AnswerValue],
    uncertain: Mapping[str, Uncertain] | None,
) -> _Findings:
    """The evaluation's findings: what the unanswered questions could still do, the
    uncertain answers' probabilities (the module imported only when some answer is
    uncertain), the gates that hold or could, the readiness steps, the three stages' verdicts
    and the business case."""
    ev = evaluator.base
    missing = missing_answers.analyse(catalog, answers, ev.weights)
    unsure = None
    if uncertain:  # imported only when some answer is uncertain
        from outsource_cli.decision import uncertainty as uncertain_answers

        unsure = uncertain_answers.analyse(catalog, evaluator, uncertain)
    gates = gate_results(catalog, ev, missing, unsure.could_fire if unsure else {})
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
    case = cost_case.build(catalog, ev.effective) if cost_case.SAVING in ev.scores else None
    return _Findings(ev, missing, unsure, gates, recommended, conditions, staged, case)


class _WhereAndHow(NamedTuple):
    """The form, the location and its reasons, the sourcing model and the contract (none of
    them when the outcome is not recommended; no form or location when it is keep)."""

    form: Choice | None
    locations: tuple[Choice, ...]
    location: str | None
    model: SourcingModel | None
    contract: Contract | None


def _where_and_how(catalog: Catalog, found: _Findings) -> _WhereAndHow:
    """The form, location, sourcing model and contract the policy's rules give."""
    ev, policy, recommended = found.ev, catalog.policy, found.recommended
    keep = ev.outcome == "keep_in_house"
    form = None if keep or not recommended else form_choice(policy, ev)
    locations = (
        ()
        if keep or not recommended
        else location_choices(
            catalog, ev, found.missing, found.unsure.could_limit if found.unsure else {}
        )
    )
    model = sourcing_model(policy, ev) if recommended else None
    contract = (
        costed_contract(catalog, ev, contract_choice(policy, ev), found.case)
        if recommended
        else None
    )
    return _WhereAndHow(form, locations, location_limit(policy, locations), model, contract)


class _Reasons(NamedTuple):
    score: float  # the balance of the answers, as shown
    contributions: tuple[Reason, ...]  # every scored answer, largest effect first
    rationale: tuple[Reason, ...]  # the first of them with an effect
    other_points: float  # the points of the answers not in the rationale


def _reasons(catalog: Catalog, found: _Findings) -> _Reasons:
    """The balance of the answers and the answers behind it: every scored answer's points,
    the policy's number of them with an effect as the rationale, and the points of the
    rest."""
    every = contributions(catalog, found.ev, found.case)
    rationale = tuple(r for r in every if r.contribution != 0)[: catalog.policy.rationale_size]
    score = shown_score(catalog.policy, found.ev.score)
    other = round(score - 50 - sum(r.contribution for r in rationale), 6) + 0.0
    return _Reasons(score, every, rationale, other)


def _missing_range(catalog: Catalog, evaluator: Evaluator, found: _Findings) -> MissingRange:
    """The score and outcomes the unanswered questions could still give, and the questions
    to answer first: those that could change the outcome, or (no outcome recommended yet)
    those the stages need."""
    missing = found.missing
    questions = (
        _open_questions(catalog, evaluator, found.gates, missing)
        if found.recommended
        else verdicts.answer_first(catalog, found.ev, missing)
    )
    return MissingRange(
        (round(missing.score[0], 1) + 0.0, round(missing.score[1], 1) + 0.0),
        missing.outcomes,
        questions,
        missing.exact,
    )


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
