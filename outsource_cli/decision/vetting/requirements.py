"""The requirements a provider must meet, and the knock-outs when it does not.

From a decision (the JSON of ``outsource assess --format json``), each requirement comes
from the decision itself (docs/vetting.md, "Knock-outs"):

- **location**: the work and the data may go no further than the decision's location
  (onshore < nearshore < offshore);
- **audit and access rights**: required when the function is critical or important, sector
  rules on outsourcing apply, or it handles personal or regulated data;
- **exit assistance**: required when the function is critical or important, or sector rules
  apply;
- **visible subcontracting**: required when the decision assumed no subcontracting or
  visible subcontractors, or sector rules apply;
- **overlap hours**: at least as many as the decision says the work needs.

Without a decision, each gate of the provider sets' policy is a requirement: a provider for
which it holds is excluded.

A provider evaluated by several people is excluded when any evaluator's answer breaks a
requirement (the evaluator is named); when nobody answered the question, the provider *could*
be excluded: a due-diligence gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, truth
from outsource_cli.questionnaire.shapes import Gate

LOCATIONS = ("onshore", "nearshore", "offshore")
DELIVERY = "terms.delivery_location"
DATA = "terms.data_location"
AUDIT = "terms.audit_rights"
EXIT = "terms.exit_assistance"
SUBCONTRACTING = "terms.subcontracting"
OVERLAP = "fit.overlap_hours"


class Because(NamedTuple):
    """One reason a requirement applies, as data (``output/vetting_requirements.py`` words
    it): ``code`` is "location" (``value``: the decision's location; ``details``: what the
    policy's rules that limited it say, as the decision gives them), "critical" (``value``:
    the function's criticality, critical or important), "sector_rules" (sector rules on
    outsourcing apply), "sensitive_data" (``value``: personal or regulated),
    "subcontracting" (``value``: what the decision assumes of it, none or visible) or
    "overlap" (the decision's overlap hours, the requirement's ``minimum``)."""

    code: str
    value: str = ""
    details: tuple[str, ...] = ()


class Requirement(NamedTuple):
    """What a provider must do. From a decision: ``id`` names it (delivery_location,
    data_location, audit_rights, exit_assistance, subcontracting, overlap_hours), with the
    ``location`` or ``minimum`` it sets and its ``reasons``; from the provider sets' policy:
    its ``gate``, whose title and because the file words."""

    id: str
    question: str  # the provider question it checks
    reasons: tuple[Because, ...] = ()  # why, from the decision
    location: str = ""  # the furthest a provider may be (the location requirements)
    refused: tuple[AnswerValue, ...] = ()  # answers that break it
    minimum: float | None = None  # a number answer below this breaks it
    gate: Gate | None = None  # a policy gate: breaks it when its condition holds
    questions: tuple[str, ...] = ()  # the questions a gate's condition reads


class KnockOut(NamedTuple):
    requirement: Requirement
    evaluator: str  # whose answer breaks it
    answer: AnswerValue | None  # the answer (None: a condition over several answers)


class Check(NamedTuple):
    """A provider against the requirements."""

    knocked_out: tuple[KnockOut, ...]  # every requirement broken, by whom
    open: tuple[Requirement, ...]  # requirements nobody answered: the provider could be out


def from_decision(
    decision: Mapping[str, object], answers: Mapping[str, AnswerValue]
) -> list[Requirement]:
    """The requirements a decision sets. ``answers``: the decision's answers that count
    (set.question ids, checked against the question sets in use)."""
    return [
        *_location(decision),
        *_audit_rights(answers),
        *_exit_assistance(answers),
        *_subcontracting(answers),
        *_overlap_hours(answers),
    ]


def _location(decision: Mapping[str, object]) -> list[Requirement]:
    """The work and the data go no further than the decision's location."""
    location = decision.get("location")
    if not (isinstance(location, str) and location in LOCATIONS[:-1]):
        return []
    reasons = decision.get("location_reasons")
    said: tuple[str, ...] = ()
    if isinstance(reasons, list):  # the rules that limited it (each {rule, because, ...})
        said = tuple(
            r["because"]
            for r in reasons
            if isinstance(r, dict) and r.get("rule") and isinstance(r.get("because"), str)
        )
    because = (Because("location", location, said),)
    beyond = LOCATIONS[LOCATIONS.index(location) + 1 :]
    return [
        Requirement("delivery_location", DELIVERY, because, location, refused=beyond),
        Requirement("data_location", DATA, because, location, refused=beyond),
    ]


def _important(answers: Mapping[str, AnswerValue]) -> list[Because]:
    criticality = answers.get("profile.criticality")
    if criticality in ("critical", "important"):
        return [Because("critical", str(criticality))]
    return []


def _sector_rules(answers: Mapping[str, AnswerValue]) -> list[Because]:
    return [Because("sector_rules")] if answers.get("control.regulation") == "strict" else []


def _audit_rights(answers: Mapping[str, AnswerValue]) -> list[Requirement]:
    """Access, information and audit rights: for a critical or important function, under
    sector rules, or for personal or regulated data."""
    sensitivity = answers.get("control.data_sensitivity")
    because = [
        *_important(answers),
        *_sector_rules(answers),
        *(
            [Because("sensitive_data", str(sensitivity))]
            if sensitivity in ("personal", "regulated")
            else []
        ),
    ]
    if not because:
        return []
    return [Requirement("audit_rights", AUDIT, tuple(because), refused=("refused",))]


def _exit_assistance(answers: Mapping[str, AnswerValue]) -> list[Requirement]:
    """Exit assistance: for a critical or important function, or under sector rules."""
    because = [*_important(answers), *_sector_rules(answers)]
    if not because:
        return []
    return [Requirement("exit_assistance", EXIT, tuple(because), refused=("refused",))]


def _subcontracting(answers: Mapping[str, AnswerValue]) -> list[Requirement]:
    """Visible subcontracting: when the decision assumed none or visible subcontractors, or
    under sector rules."""
    subcontracting = answers.get("control.subcontracting")
    because = [
        *(
            [Because("subcontracting", str(subcontracting))]
            if subcontracting in ("none", "visible")
            else []
        ),
        *_sector_rules(answers),
    ]
    if not because:
        return []
    return [Requirement("subcontracting", SUBCONTRACTING, tuple(because), refused=("opaque",))]


def _overlap_hours(answers: Mapping[str, AnswerValue]) -> list[Requirement]:
    """At least the overlap hours the decision says the work needs."""
    overlap = answers.get("culture.overlap_hours")
    if isinstance(overlap, int | float) and not isinstance(overlap, bool) and overlap > 0:
        return [
            Requirement("overlap_hours", OVERLAP, (Because("overlap"),), minimum=float(overlap))
        ]
    return []


def from_policy(catalog: Catalog) -> list[Requirement]:
    """Without a decision: each gate of the provider sets' policy excludes a provider for
    which it holds."""
    from outsource_cli.questionnaire.conditions import questions_in

    return [
        Requirement(
            g.id,
            next(iter(questions_in(g.when)), ""),
            gate=g,
            questions=tuple(dict.fromkeys(questions_in(g.when))),
        )
        for g in catalog.policy.gates
    ]


def usable(
    requirements: Sequence[Requirement], catalog: Catalog
) -> tuple[list[Requirement], list[Requirement]]:
    """The requirements the provider sets can check, and those they cannot."""
    kept: list[Requirement] = []
    cannot: list[Requirement] = []
    for r in requirements:
        needed = r.questions or (r.question,)
        (kept if all(q in catalog.questions for q in needed) else cannot).append(r)
    return kept, cannot


def check(
    requirements: Sequence[Requirement],
    evaluations: Sequence[tuple[str, Mapping[str, AnswerValue]]],
) -> Check:
    """``evaluations``: (evaluator, answers that count) for each evaluator of one provider."""
    out: list[KnockOut] = []
    open_: list[Requirement] = []
    for r in requirements:
        broken = False
        answered = False
        for who, answers in evaluations:
            if r.gate is not None:
                unknown = {q for q in r.questions if q not in answers}
                held = truth(r.gate.when, answers, open_=unknown)
                answered = answered or held is not None
                if held is True:
                    out.append(KnockOut(r, who, None))
                    broken = True
                continue
            if r.question not in answers:
                continue
            answered = True
            value = answers[r.question]
            if _breaks(r, value):
                out.append(KnockOut(r, who, value))
                broken = True
        if not broken and not answered:
            open_.append(r)
    return Check(tuple(out), tuple(open_))


def _breaks(r: Requirement, value: AnswerValue) -> bool:
    if r.minimum is not None:
        return isinstance(value, int | float) and not isinstance(value, bool) and value < r.minimum
    return any(type(v) is type(value) and v == value for v in r.refused)
