"""The stages' verdicts in words: one line each for the short answer, and the same words for
every report format (docs/decision-engine.md, "The stages")."""

from __future__ import annotations

from outsource_cli.decision.engine import Decision
from outsource_cli.decision.verdicts import Stage, Step
from outsource_cli.output import amounts, business
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import one_line

STAGE_TITLES = {
    "strategy": "Strategy",
    "economics": "Economics",
    "readiness": "Readiness",
}
STAGE_QUESTIONS = {
    "strategy": "should it go out at all?",
    "economics": "does it pay?",
    "readiness": "can it be done safely now?",
}
STRATEGY = {
    "insource": "keep it in-house",
    "eliminate_or_migrate": "eliminate it, or migrate it to a commodity first",
    "co_source": "keep control and buy capacity (co-source)",
    "best_source": "test the market (best-source)",
    "outsource": "outsource it",
}
ECONOMICS = {
    "pays": "it pays",
    "marginal": "the saving is thin",
    "premium": "it costs more, for a reason that may be worth it",
    "loses": "it costs more than keeping it",
    "loses_heavily": "it costs far more than keeping it",
    "unknown": "not known until the saving is answered",
    "not_assessed": "not assessed (the question sets have no business case)",
}
READINESS = {
    "ready": "ready: nothing stands in the way",
    "once_ready": "not yet: outsource once the steps below are done",
    "limited": "a fact of your situation limits how much can go",
    "ruled_out": "ruled out",
    "not_needed": "not needed: nothing goes out",
}
# a verdict below a threshold the policy sets above 0 %: a saving, but too small
SAVES_TOO_LITTLE = {
    "premium": "the saving is too small to pay, for a reason that may be worth it",
    "loses": "the saving is too small to pay",
    "loses_heavily": "the saving is far too small to pay",
}
# the order "still open" lists the verdicts in: the policy's own order, most restrictive first
ORDER = {
    **{v: i for i, v in enumerate(STRATEGY)},
    **{v: i for i, v in enumerate(("loses_heavily", "loses", "premium", "marginal", "pays"))},
}
# the forms of outsourcing in words, for the short answer's one mention of each acronym
FORMS = {
    "bpo": "business process outsourcing",
    "ito": "IT outsourcing",
    "kpo": "knowledge process outsourcing",
}
ONCE_READY = " once ready"
SHORT_WIDTH = 66  # an 80-column line less the stage's label


def verdict_words(stage: Stage) -> str:
    table = {"strategy": STRATEGY, "economics": ECONOMICS, "readiness": READINESS}[stage.id]
    return table.get(stage.verdict, stage.verdict.replace("_", " "))


def form_words(form: str) -> str:
    """ "BPO (business process outsourcing)"; a form the policy names otherwise, in capitals."""
    words = FORMS.get(form.lower())
    return f"{form.upper()} ({words})" if words else form.upper()


def once_ready(d: Decision) -> bool:
    """Outsource (or a hybrid) that waits on readiness steps."""
    return d.recommended and d.outcome != "keep_in_house" and bool(d.conditions)


def short_framework(framework: str) -> str:
    """ "Lacity, Willcocks and Feeny" for "Lacity, Willcocks and Feeny's business matrix"."""
    return one_line(framework).split("'s ")[0].split(" (")[0]


def short_line(d: Decision, stage: Stage, catalog: Catalog) -> str:
    """The stage in one line of the short answer (at most about 66 characters for the
    built-in policy): the verdict and the cell or figure behind it; `stage_line` has more."""
    if stage.id == "strategy" and stage.settled and stage.cell is not None:
        words = verdict_words(stage)
        line = f"{words[:1].upper()}{words[1:]}: {one_line(stage.cell)}"
        named = f"{line} ({short_framework(stage.framework or '')})"
        return named if len(named) <= SHORT_WIDTH else line
    if stage.id == "economics" and stage.settled and stage.figure is not None:
        line = stage_line(d, stage, catalog)
        return line.replace(" after the hidden costs", "").split("; worth it only")[0]
    return stage_line(d, stage, catalog)


def _unsure(d: Decision, step: Step) -> str:
    """Why a step may not be needed: its question was not asked (the interview stopped once
    settled) or not answered."""
    if step.certain:
        return ""
    return " (not asked)" if step.lever in d.not_asked else " (not answered)"


def readiness_gaps(d: Decision) -> str:
    """ "Not yet: 2 gaps to close before signing: No workable exit plan; …": the short
    answer's readiness line once ready, the gaps by name (the full answer has their steps)."""
    n = len(d.conditions)
    gaps = "; ".join(one_line(c.title) + _unsure(d, c) for c in d.conditions)
    return f"Not yet: {n} gap{'s' if n != 1 else ''} to close before signing: {gaps}"


def stage_line(d: Decision, stage: Stage, catalog: Catalog, money: str | None = None) -> str:
    """One stage in a line: its verdict and what decided it. ``money``: the business case's
    NPV in words, for the economics line."""
    words = verdict_words(stage)
    if not stage.settled and stage.possible and stage.id != "readiness":
        possible = sorted(stage.possible, key=lambda v: ORDER.get(v, len(ORDER)))
        open_words = "; ".join(verdict_words(stage._replace(verdict=v)) for v in possible)
        if stage.verdict == "unknown":
            return f"{words[:1].upper()}{words[1:]}; it could be: {open_words}"
        return f"{words[:1].upper()}{words[1:]} for now; still open: {open_words}"
    if stage.id == "readiness" and not d.recommended:
        return "Not assessed until the strategy and the economics are settled"
    if stage.id == "strategy":
        if stage.cell is None:
            return f"{words[:1].upper()}{words[1:]}: {one_line(stage.because)}"
        text = (
            f"{words[:1].upper()}{words[1:]}: {one_line(stage.cell)} "
            f"({one_line(stage.framework or '')})"
        )
        disagree = [c for c in stage.others if c.verdict != stage.verdict]
        if disagree:
            c = disagree[0]
            text += (
                f"; but {one_line(c.framework)} would {STRATEGY.get(c.verdict, c.verdict)} "
                f"({one_line(c.cell)}), and the more cautious verdict decides"
            )
        return text
    if stage.id == "economics":
        if stage.figure is not None and stage.figure >= 0 and stage.verdict in SAVES_TOO_LITTLE:
            words = SAVES_TOO_LITTLE[stage.verdict]  # a policy whose loss starts above 0 %
        text = f"{words[:1].upper()}{words[1:]}"
        if stage.figure is not None:  # as the business case prints it: never rounded across
            # a threshold (4.6 % is not "5 %" when 5 % pays)
            kind = "saving" if stage.figure >= 0 else "loss"
            edges = tuple(abs(t) for t in business.thresholds(catalog.policy))
            shown = amounts.pct_beside(abs(stage.figure), edges)
            text += f": a net {kind} of {shown} after the hidden costs"
        if money:
            text += f" ({money})"
        if stage.verdict == "premium" and stage.because:
            text += f"; worth it only because {one_line(stage.because)}"
        return text
    text = f"{words[:1].upper()}{words[1:]}"
    if stage.verdict in ("limited", "ruled_out") and stage.rule:
        gate = next((g for g in d.gates if g.id == stage.rule), None)
        if gate is not None:
            text += f": {one_line(gate.title)}"
    if stage.verdict == "once_ready":
        n = len(d.conditions)
        text = f"Not yet: {n} step{'s' if n != 1 else ''} before signing"
    return text


def answer_first(d: Decision, catalog: Catalog, limit: int = 4) -> str:
    """ "No recommendation yet: answer these first: …"."""
    names = [
        one_line(catalog.questions[q].text)
        for q in d.missing_range.questions[:limit]
        if q in catalog.questions
    ]
    if not names:
        return "No recommendation yet"
    more = len(d.missing_range.questions) - len(names)
    tail = f" (and {more} more)" if more > 0 else ""
    return "No recommendation yet: answer these first: " + "; ".join(names) + tail
