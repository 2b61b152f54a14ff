"""The decision engine: answers in, a :class:`Decision` out. Pure: no I/O, no printing.

How every number is made (see docs/decision-engine.md):

- a scored question's score ``s`` (0-100, higher favours outsourcing) comes from the option
  chosen (a number question: from the range its value falls in);
- a question set's score is the weighted mean of its answered, shown, scored questions;
- the overall score is the weighted mean of the sets that have a score, by set weight;
- a question's contribution is how many points it moves the overall score away from the
  neutral 50: ``(s - 50) * w_q / sum(w_q answered in set) * W_set / sum(W scored sets)``,
  so ``score = 50 + sum(contributions)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue, holds
from outsource_cli.questionnaire.models import LOCATIONS, OUTCOMES, Question


class Dimension(NamedTuple):
    id: str
    title: str
    score: float | None  # None when none of its scored questions was answered
    weight: float
    answered: int  # scored questions answered
    asked: int  # scored questions shown given the answers


class GateResult(NamedTuple):
    id: str
    title: str
    effect: str  # "cap" or "force"
    target: str  # the outcome capped to or forced
    before: str
    after: str
    changed: bool
    because: str


class Reason(NamedTuple):
    question: str  # set.question
    text: str
    answer: str  # the answer as shown to a person
    score: float
    contribution: float  # signed points on the 0-100 scale; positive favours outsourcing
    because: str


class Mitigation(NamedTuple):
    id: str
    category: str
    title: str
    because: str
    actions: tuple[str, ...]


class Choice(NamedTuple):
    """Why the form or the location came out as it did."""

    value: str
    because: str
    rule: str | None  # the rule that decided; None for the policy default


class Decision(NamedTuple):
    function: str | None
    outcome: str
    form: str | None
    location: str | None
    score: float
    base_outcome: str  # the band the score falls in, before gates
    confidence: float
    completeness: float  # share of the shown, scored questions' weight that was answered
    margin: float  # points from the score to the nearest band edge
    dimensions: tuple[Dimension, ...]
    gates: tuple[GateResult, ...]
    rationale: tuple[Reason, ...]
    contributions: tuple[Reason, ...]  # every scored answer, largest effect first
    mitigations: tuple[Mitigation, ...]
    form_reason: Choice | None
    location_reasons: tuple[Choice, ...]
    unanswered: tuple[str, ...]  # shown questions without an answer
    answers: Mapping[str, AnswerValue]

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


def question_score(q: Question, value: AnswerValue) -> tuple[float, str, str] | None:
    """(score, answer as shown, because) for one answer, or None when it is not scored."""
    if q.type == "number":
        if isinstance(value, bool | str | tuple):
            return None
        unit = f" {q.unit}" if q.unit else ""
        for r in q.ranges:
            if value <= r.up_to:
                return r.score, f"{value:g}{unit}", r.because
        return None
    if isinstance(value, tuple):  # multi
        picked = [o for o in q.options if o.value in value and o.score is not None]
        if not picked:
            return None
        shown = ", ".join(o.label for o in picked)
        if q.combine == "mean":
            mean = sum(o.score or 0 for o in picked) / len(picked)
            return mean, shown, "; ".join(o.because or "" for o in picked)
        pick = (min if q.combine == "min" else max)(picked, key=lambda o: o.score or 0)
        return pick.score or 0, shown, pick.because or ""
    for o in q.options:
        if o.value == value and type(o.value) is type(value):
            if o.score is None:
                return None
            return o.score, o.label, o.because or ""
    return None


def band_of(catalog: Catalog, score: float) -> str:
    bands = catalog.policy.bands
    for band in bands:
        if band.min <= score < band.max:
            return band.outcome
    return bands[-1].outcome if score >= bands[-1].max else bands[0].outcome


class Scored(NamedTuple):
    """Everything the score is made of (see the module docstring)."""

    effective: dict[str, AnswerValue]
    shown: list[str]
    per_set: dict[str, list[tuple[str, Question, float, str, str]]]
    asked: dict[str, int]
    dim_scores: dict[str, float | None]
    weights: dict[str, float]  # set weights in force (the files', or what-if overrides)
    overall: float
    weight_sum: float


def score_answers(
    catalog: Catalog, answers: Mapping[str, AnswerValue], weights: Mapping[str, float] | None
) -> Scored:
    effective, shown = walk(catalog, answers)
    per_set: dict[str, list[tuple[str, Question, float, str, str]]] = {}
    asked: dict[str, int] = {}
    for qid in shown:
        q = catalog.questions[qid]
        if not q.scored:
            continue
        set_id = catalog.set_of[qid].id
        asked[set_id] = asked.get(set_id, 0) + 1
        if qid in effective:
            result = question_score(q, effective[qid])
            if result is not None:
                per_set.setdefault(set_id, []).append((qid, q, *result))
    set_weights = {qs.id: (weights or {}).get(qs.id, qs.weight) for qs in catalog.sets}
    dim_scores: dict[str, float | None] = {}
    for qs in catalog.sets:
        items = per_set.get(qs.id, [])
        total_w = sum(q.weight for _, q, *_ in items)
        dim_scores[qs.id] = sum(q.weight * s for _, q, s, *_ in items) / total_w if items else None
    overall, weight_sum = overall_score(dim_scores, set_weights)
    return Scored(effective, shown, per_set, asked, dim_scores, set_weights, overall, weight_sum)


def overall_score(
    dim_scores: Mapping[str, float | None], set_weights: Mapping[str, float]
) -> tuple[float, float]:
    """(overall score, sum of the weights counted): the weighted mean of the scored sets, or 50
    when none is scored."""
    counted = [sid for sid, d in dim_scores.items() if d is not None and set_weights[sid] > 0]
    weight_sum = sum(set_weights[sid] for sid in counted)
    if not weight_sum:
        return 50.0, 0.0
    overall = sum(set_weights[sid] * (dim_scores[sid] or 0) for sid in counted) / weight_sum
    return round(overall, 9), weight_sum  # no float noise at a band edge (10.000000000000002)


def gates_applied(
    catalog: Catalog,
    effective: Mapping[str, AnswerValue],
    dim_scores: Mapping[str, float | None],
    base: str,
) -> tuple[str, list[GateResult]]:
    """The outcome after the policy's gates, from the band's ``base`` outcome."""
    outcome = base
    results = []
    for gate in catalog.policy.gates:
        if not holds(gate.when, effective, dim_scores):
            continue
        before = outcome
        if gate.force is not None:
            effect, target = "force", gate.force
            outcome = gate.force
        else:
            assert gate.cap is not None
            effect, target = "cap", gate.cap
            if OUTCOMES.index(outcome) > OUTCOMES.index(gate.cap):
                outcome = gate.cap
        results.append(
            GateResult(
                gate.id,
                gate.title,
                effect,
                target,
                before,
                outcome,
                before != outcome,
                gate.because,
            )
        )
    return outcome, results


def outcome_of(
    catalog: Catalog, answers: Mapping[str, AnswerValue], weights: Mapping[str, float] | None = None
) -> tuple[str, float]:
    """Just the outcome and the score: what counterfactual search needs, without the rest."""
    sc = score_answers(catalog, answers, weights)
    outcome, _ = gates_applied(catalog, sc.effective, sc.dim_scores, band_of(catalog, sc.overall))
    return outcome, sc.overall


def decide(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    function: str | None = None,
    weights: Mapping[str, float] | None = None,
) -> Decision:
    """The decision; ``weights`` overrides set weights by set id (what-if)."""
    policy = catalog.policy
    sc = score_answers(catalog, answers, weights)
    effective, shown, dim_scores, overall = sc.effective, sc.shown, sc.dim_scores, sc.overall
    dimensions = tuple(
        Dimension(
            qs.id,
            qs.title,
            _r(dim_scores[qs.id]),
            sc.weights[qs.id],
            len(sc.per_set.get(qs.id, [])),
            sc.asked.get(qs.id, 0),
        )
        for qs in catalog.sets
    )

    # --- contributions (score = 50 + their sum)
    reasons = []
    for set_id, items in sc.per_set.items():
        if sc.weights[set_id] <= 0:
            continue
        total_w = sum(q.weight for _, q, *_ in items)
        for qid, q, s, shown_answer, because in items:
            points = (s - 50) * q.weight / total_w * sc.weights[set_id] / sc.weight_sum
            reasons.append(Reason(qid, q.text, shown_answer, s, points, because))
    reasons.sort(key=lambda r: (-abs(r.contribution), r.question))
    rounded = tuple(
        Reason(r.question, r.text, r.answer, r.score, _r(r.contribution) or 0.0, r.because)
        for r in reasons
    )
    rationale = tuple(r for r in rounded if r.contribution != 0)[: policy.rationale_size]

    # --- band, then gates
    base = band_of(catalog, overall)
    outcome, gates = gates_applied(catalog, effective, dim_scores, base)

    # --- form and location (not when kept in-house)
    form_reason: Choice | None = None
    location_reasons: list[Choice] = []
    form = location = None
    if outcome != "keep_in_house":
        rule = next((r for r in policy.form.rules if holds(r.when, effective, dim_scores)), None)
        form_reason = (
            Choice(rule.form, rule.because, f"form.rules[{policy.form.rules.index(rule)}]")
            if rule
            else Choice(policy.form.default, policy.form.because, None)
        )
        form = form_reason.value
        location = policy.location.default
        location_reasons.append(Choice(location, policy.location.because, None))
        for loc_rule in policy.location.rules:
            if holds(loc_rule.when, effective, dim_scores):
                location_reasons.append(Choice(loc_rule.at_most, loc_rule.because, loc_rule.id))
                if LOCATIONS.index(loc_rule.at_most) < LOCATIONS.index(location):
                    location = loc_rule.at_most

    mitigations = tuple(
        Mitigation(m.id, m.category, m.title, m.because, m.actions)
        for m in policy.mitigations
        if outcome in m.outcomes
        and (location is None or location in m.locations)
        and (m.when is None or holds(m.when, effective, dim_scores))
    )

    # --- confidence
    total_weight = answered_weight = 0.0
    for qid in shown:
        q = catalog.questions[qid]
        if q.scored:
            w = q.weight * sc.weights[catalog.set_of[qid].id]
            total_weight += w
            if qid in effective:
                answered_weight += w
    completeness = answered_weight / total_weight if total_weight else 0.0
    edges = [b.max for b in policy.bands[:-1]]
    margin = min((abs(overall - e) for e in edges), default=100.0)
    margin_factor = 1.0 if outcome != base else min(1.0, margin / policy.confidence.full_margin)
    confidence = completeness * (0.5 + 0.5 * margin_factor)

    return Decision(
        function=function,
        outcome=outcome,
        form=form,
        location=location,
        score=_r(overall) or 0.0,
        base_outcome=base,
        confidence=round(confidence, 2),
        completeness=round(completeness, 2),
        margin=_r(margin) or 0.0,
        dimensions=dimensions,
        gates=tuple(gates),
        rationale=rationale,
        contributions=rounded,
        mitigations=mitigations,
        form_reason=form_reason,
        location_reasons=tuple(location_reasons),
        unanswered=tuple(q for q in shown if q not in effective),
        answers=dict(effective),
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)
