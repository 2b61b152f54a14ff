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
from outsource_cli.questionnaire.shapes import Condition

LOCATIONS = ("onshore", "nearshore", "offshore")
DELIVERY = "terms.delivery_location"
DATA = "terms.data_location"
AUDIT = "terms.audit_rights"
EXIT = "terms.exit_assistance"
SUBCONTRACTING = "terms.subcontracting"
OVERLAP = "fit.overlap_hours"


class Requirement(NamedTuple):
    id: str
    question: str  # the provider question it checks
    title: str  # what the provider must do, in words
    because: str  # why, from the decision or the policy
    refused: tuple[AnswerValue, ...] = ()  # answers that break it
    minimum: float | None = None  # a number answer below this breaks it
    condition: Condition | None = None  # a policy gate: breaks it when it holds
    questions: tuple[str, ...] = ()  # the questions a condition reads


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
    found: list[Requirement] = []
    location = decision.get("location")
    reasons = decision.get("location_reasons")
    why = ""
    if isinstance(reasons, list):  # the rules that limited it (each {rule, because, ...})
        said = [
            r["because"].rstrip(".")
            for r in reasons
            if isinstance(r, dict) and r.get("rule") and isinstance(r.get("because"), str)
        ]
        if said:
            why = ": " + "; ".join(s[:1].lower() + s[1:] for s in said)
    if isinstance(location, str) and location in LOCATIONS[:-1]:
        beyond = LOCATIONS[LOCATIONS.index(location) + 1 :]
        found.append(
            Requirement(
                "delivery_location",
                DELIVERY,
                f"Deliver from {_where(location)}",
                f"the decision's location is {location}{why}",
                refused=beyond,
            )
        )
        found.append(
            Requirement(
                "data_location",
                DATA,
                f"Keep the data in {_where(location)}",
                f"the decision's location is {location}{why}",
                refused=beyond,
            )
        )
    criticality = answers.get("profile.criticality")
    regulation = answers.get("control.regulation")
    sensitivity = answers.get("control.data_sensitivity")
    important = criticality in ("critical", "important")
    strict = regulation == "strict"
    audit_because = [
        *([f"the function is {criticality} (EBA/GL/2019/02, Guideline 13.3)"] if important else []),
        *(["sector rules on outsourcing apply"] if strict else []),
        *(
            [f"it handles {sensitivity} data (GDPR Article 28(3)(h): a processor allows audits)"]
            if sensitivity in ("personal", "regulated")
            else []
        ),
    ]
    if audit_because:
        found.append(
            Requirement(
                "audit_rights",
                AUDIT,
                "Grant access, information and audit rights",
                "; ".join(audit_because),
                refused=("refused",),
            )
        )
    exit_because = [
        *([f"the function is {criticality} (EBA/GL/2019/02, Guideline 15)"] if important else []),
        *(["sector rules on outsourcing apply"] if strict else []),
    ]
    if exit_because:
        found.append(
            Requirement(
                "exit_assistance",
                EXIT,
                "Commit to exit assistance",
                "; ".join(exit_because),
                refused=("refused",),
            )
        )
    subcontracting = answers.get("control.subcontracting")
    sub_because = [
        *(
            [f"the decision assumes subcontracting is {subcontracting}"]
            if subcontracting in ("none", "visible")
            else []
        ),
        *(["sector rules on outsourcing apply (EBA/GL/2019/02, Guideline 13.1)"] if strict else []),
    ]
    if sub_because:
        found.append(
            Requirement(
                "subcontracting",
                SUBCONTRACTING,
                "Keep subcontractors visible and under your approval",
                "; ".join(sub_because),
                refused=("opaque",),
            )
        )
    overlap = answers.get("culture.overlap_hours")
    if isinstance(overlap, int | float) and not isinstance(overlap, bool) and overlap > 0:
        hours = f"{overlap:g}"
        found.append(
            Requirement(
                "overlap_hours",
                OVERLAP,
                f"Overlap at least {hours} hours a day",
                f"the decision says the work needs {hours} hours of overlap a day",
                minimum=float(overlap),
            )
        )
    return found


def _where(location: str) -> str:
    return {"onshore": "your country", "nearshore": "your region or closer"}[location]


def from_policy(catalog: Catalog) -> list[Requirement]:
    """Without a decision: each gate of the provider sets' policy excludes a provider for
    which it holds."""
    from outsource_cli.questionnaire.conditions import questions_in

    return [
        Requirement(
            g.id,
            next(iter(questions_in(g.when)), ""),
            g.title,
            g.because,
            condition=g.when,
            questions=tuple(dict.fromkeys(questions_in(g.when))),
        )
        for g in catalog.policy.gates
    ]


def usable(
    requirements: Sequence[Requirement], catalog: Catalog
) -> tuple[list[Requirement], list[str]]:
    """The requirements the provider sets can check, and a note for each they cannot."""
    kept: list[Requirement] = []
    notes: list[str] = []
    for r in requirements:
        needed = r.questions or (r.question,)
        if all(q in catalog.questions for q in needed):
            kept.append(r)
        else:
            notes.append(f"not checked: {r.title.lower()} (the provider sets have no {r.question})")
    return kept, notes


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
            if r.condition is not None:
                unknown = {q for q in r.questions if q not in answers}
                held = truth(r.condition, answers, open_=unknown)
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
