"""The requirements of ``outsource vet`` in words: what a provider must do, why (from the
decision or the provider policy, with the guideline that makes it a requirement), and the
notes on the vetting as a whole. Unescaped: each format escapes."""

from __future__ import annotations

from outsource_cli.decision.vetting.requirements import Because, Requirement
from outsource_cli.decision.vetting.result import Note

WHERE = {"onshore": "your country", "nearshore": "your region or closer"}

# What a provider must do, by the requirement's id: a template filled with where it may be
# (``where``, from WHERE) and the overlap it needs (``minimum``).
TITLES = {
    "delivery_location": "Deliver from {where}",
    "data_location": "Keep the data in {where}",
    "overlap_hours": "Overlap at least {minimum:g} hours a day",
    "audit_rights": "Grant access, information and audit rights",
    "exit_assistance": "Commit to exit assistance",
    "subcontracting": "Keep subcontractors visible and under your approval",
}

# Why a requirement applies, by the reason's code: a template filled with the reason's
# ``value``, the guideline it cites (``cite``, from GUIDELINE) and the requirement's
# ``minimum``. A "location" reason also quotes the rules that limited the location.
BECAUSE = {
    "critical": "the function is {value}{cite}",
    "sector_rules": "sector rules on outsourcing apply{cite}",
    "sensitive_data": "it handles {value} data (GDPR Article 28(3)(h): a processor allows audits)",
    "subcontracting": "the decision assumes subcontracting is {value}",
    "overlap": "the decision says the work needs {minimum:g} hours of overlap a day",
}

# the rule that makes a requirement of a critical or important function, or of sector rules
GUIDELINE = {
    ("audit_rights", "critical"): " (EBA/GL/2019/02, Guideline 13.3)",
    ("exit_assistance", "critical"): " (EBA/GL/2019/02, Guideline 15)",
    ("subcontracting", "sector_rules"): " (EBA/GL/2019/02, Guideline 13.1)",
}


def requirement_title(r: Requirement) -> str:
    """What the provider must do, in words."""
    if r.gate is not None:
        return r.gate.title
    return TITLES[r.id].format(where=WHERE.get(r.location, r.location), minimum=r.minimum)


def requirement_because(r: Requirement) -> str:
    """Why, from the decision or the policy."""
    if r.gate is not None:
        return r.gate.because
    return "; ".join(_because(r, b) for b in r.reasons)


def _because(r: Requirement, b: Because) -> str:
    if b.code == "location":
        said = [d.rstrip(".") for d in b.details]
        why = ": " + "; ".join(d[:1].lower() + d[1:] for d in said) if said else ""
        return f"the decision's location is {b.value}{why}"
    cite = GUIDELINE.get((r.id, b.code), "")
    template = BECAUSE.get(b.code, BECAUSE["overlap"])
    return template.format(value=b.value, cite=cite, minimum=r.minimum)


def note_words(n: Note) -> str:
    """Something to know about the vetting as a whole, in a sentence."""
    if n.kind == "keep_in_house":
        return (
            "the decision is to keep the function in-house: the providers are vetted "
            "against its requirements all the same"
        )
    if n.kind == "not_checked" and n.requirement is not None:
        r = n.requirement
        return (
            f"not checked: {requirement_title(r).lower()} (the provider sets have no {r.question})"
        )
    return "the decision has no business case (no saving answered): prices not compared"
