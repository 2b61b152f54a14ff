"""The terms the reports use, each explained once in plain words (the reports' last part)."""

from __future__ import annotations

from outsource_cli.questionnaire.catalog import Catalog

# The glossary is data: each term and its explanation, in the order the reports list them.
# "{pays_at}", "{loses_below}" and "{heavy_loss_below}" are the policy's economics thresholds.
TERMS: tuple[tuple[str, str], ...] = (
    (
        "Balance of the answers",
        "0 to 100; 0 leans to keeping the work in-house, 100 to outsourcing it. Each answer "
        "scores 0-100; a question set's score is the weighted mean of its answers; the balance "
        "is the weighted mean of the sets. It ranks results with the same outcome and never "
        "decides one: the stages do.",
    ),
    (
        "Stages",
        "The decision is made in three stages: strategy (should it go out at all: the "
        "sourcing frameworks' cells), economics (does it pay: the business case after hidden "
        "costs) and readiness (can it be done safely now: the facts that rule it out and the "
        "steps to take first). Each gives a verdict; the outcome follows from them.",
    ),
    (
        "Strategy verdicts",
        "Outsource it; keep it in-house; test the market (best-source): invite providers to "
        "bid and keep the work only if in-house is as efficient; keep control and buy "
        "capacity (co-source): a provider's people work under your management while the "
        "specific knowledge stays yours; eliminate or migrate: stop doing the work, or turn "
        "it into a commodity before anyone else runs it. Each names the framework and cell "
        "behind it.",
    ),
    (
        "Headline saving",
        "How much lower than today's cost you expect the provider's price to be, before the "
        "hidden costs (transition, governance, exit, severance, contracting).",
    ),
    (
        "Net saving",
        "The business case's NPV as a share of the present value of keeping the work "
        "in-house, after the hidden costs. At {pays_at} or more outsourcing pays; "
        "from {loses_below} the saving is thin; below that it costs more than "
        "keeping the work (worth it only for a non-cost reason the answers name); below "
        "{heavy_loss_below} it costs far more, which no such reason justifies.",
    ),
    (
        "Points",
        "An answer's signed share of the balance of the answers: the balance is 50 plus the "
        "points of every answer, those listed and the other answers together.",
    ),
    (
        "Gate",
        "A knock-out rule applied after the stages: it can force the function to stay in-house "
        "(this always wins) or cap the outcome; when several cap it, the most restrictive "
        "applies. A gate whose question is unanswered could fire, and the result says so.",
    ),
    (
        "Provisional",
        "Unanswered questions are not scored, never counted as neutral; the range of scores "
        "and outcomes that answering them could still give is reported. The result is "
        "provisional when that range includes another outcome.",
    ),
    (
        "Robustness",
        "The share of small answer changes under which the outcome holds: each answer that a "
        "stage or a gate reads moved to the next option either way (a number by a tenth of "
        "its scale). A larger change can still flip it: those nearest are listed.",
    ),
    (
        "Form",
        "ITO: IT outsourcing (infrastructure, applications, service desk); BPO: business "
        "process outsourcing (payroll, accounts payable, contact centres); KPO: knowledge "
        "process outsourcing (analytics, research, judgement-heavy work).",
    ),
    (
        "Location",
        "Onshore: a provider in your own country; nearshore: a nearby country with a similar "
        "time zone and culture; offshore: a distant, usually lower-cost country. The default "
        "is where the work would go when nothing argues against it; each limit (“at most "
        "nearshore”) is the furthest an answer allows, and the closest limit decides.",
    ),
    (
        "Levers and facts",
        "What would change the outcome: levers are answers the firm can still change before "
        "signing (an exit plan, audit rights, documentation, the transition approach); facts "
        "are the situation as it is (regulation, how the function sets you apart).",
    ),
)


def terms(catalog: Catalog) -> list[tuple[str, str]]:
    """Every term the reports use, explained once in plain words (the reports' last section);
    the economics thresholds are the policy's in use."""
    e = catalog.policy.economics
    thresholds = {
        "pays_at": _pct(e.pays_at),
        "loses_below": _pct(e.loses_below),
        "heavy_loss_below": _pct(e.heavy_loss_below),
    }
    return [(term, text.format(**thresholds)) for term, text in TERMS]


def _pct(x: float) -> str:
    """ "5 %", "-15 %", "2.5 %"."""
    return f"{x:g} %"
