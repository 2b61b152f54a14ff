"""Reports for a board paper: the decision as JSON data, Markdown and self-contained HTML
(inline CSS and SVG, no external assets). Pure: returns strings; every piece of text from a
file is cleaned of control characters and escaped for the format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from outsource_cli import __version__
from outsource_cli.decision.counterfactuals import MAX_PAIRS, Counterfactuals, Flip, WeightFlip
from outsource_cli.decision.engine import Choice, Decision, GateResult, Mitigation
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import business
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.shapes import Policy
from outsource_cli.questionnaire.uncertain import describe, from_data
from outsource_cli.text import clean, one_line

OUTCOME = {"keep_in_house": "Keep in-house", "hybrid": "Hybrid", "outsource": "Outsource"}
PLAN = [  # mitigation categories, grouped as a plan
    ("vetting", "Partner vetting checklist"),
    ("sla", "Service levels and performance expectations"),
    ("communication", "Communication plan"),
    ("exit", "Exit and contingency plan"),
    ("audit", "Audit and access rights"),
    ("data_protection", "Data protection"),
    ("transition", "Transition"),
]
TOP_PAIRS = 10


def _unanswered(d: Decision) -> list[tuple[str, tuple[str, ...]]]:
    """The questions not asked (the result was settled without them), then those not answered."""
    open_ = tuple(q for q in d.unanswered if q not in d.not_asked)
    found = (
        [("Not asked, the result being settled without them", d.not_asked)] if d.not_asked else []
    )
    return found + ([("Not answered", open_)] if open_ else [])


def data(decision: Decision, cf: Counterfactuals | None, whatif: WhatIf) -> dict[str, Any]:
    """Everything as plain data: the decision's keys, plus ``what_if`` and ``counterfactuals``."""
    out = decision.to_dict()
    out["what_if"] = {
        "answers": [
            {"question": o.target, "value": _plain(o.value), "was": _plain(o.was)}
            for o in whatif.answers
        ],
        "weights": [{"set": o.target, "weight": o.value, "was": o.was} for o in whatif.weights],
    }
    if cf is not None:
        out["counterfactuals"] = {
            "singles": [_flip(f) for f in cf.singles],
            "pairs": [_flip(f) for f in cf.pairs],
            "pairs_complete": cf.pairs_complete,
            "pairs_untried": cf.pairs_untried,
            "pairs_searched": cf.pairs_searched,
            "weights": [w._asdict() for w in cf.weights],
        }
    if decision.business_case is not None and out.get("business_case") is not None:
        below = business.changes_below(decision.business_case, cf)
        out["business_case"]["outcome_changes_below"] = below
    return out


def headline(d: Decision) -> str:
    """ "Outsource · BPO · nearshore" (no file text in it); "(provisional)" when unanswered
    questions could change it; no recommendation at all while nothing answered is scored."""
    if not d.recommended:
        return nothing_scored(d)
    title = OUTCOME[d.outcome] + (" once ready" if d.conditions else "")
    parts = [title, d.form.upper() if d.form else "", d.location or ""]
    if d.model is not None and d.model.title.lower() != OUTCOME[d.outcome].lower():
        parts.append(one_line(d.model.title))
    text = " · ".join(p for p in parts if p)
    return text + " (provisional)" if d.provisional else text


# with nothing scored the score is the neutral 50 by construction: no outcome is recommended
NOTHING_SCORED = "No recommendation yet: the answers do not yet settle the stages"
NOTHING_WEIGHED = "No recommendation: every question set weighs 0, so nothing is scored"


def nothing_scored(d: Decision) -> str:
    """Why a decision with nothing scored recommends nothing: no scored answer, or (with
    answers) no set that weighs anything (``--weight`` set every one to 0)."""
    answered = any(x.answered for x in d.dimensions)
    weighed = any(x.weight > 0 for x in d.dimensions if x.asked)
    return NOTHING_WEIGHED if answered and not weighed else NOTHING_SCORED


def number(x: float) -> str:
    """A score or points with one decimal, or as many more as the value has (59.96)."""
    text = f"{x:.1f}"
    return text if float(text) == x else f"{x:g}"


def points(x: float) -> str:
    return ("+" if x >= 0 else "") + number(x)


def score_line(d: Decision, catalog: Catalog) -> str:
    """ "Balance of the answers 63.1 / 100" (it ranks results; the stages decide)."""
    if d.completeness == 0:  # the neutral 50 of an empty mean is not a score
        if any(x.answered for x in d.dimensions) and not _weighed(d):
            return "No balance (every question set weighs 0)"
        return "No balance yet (no scored question is answered)"
    return f"Balance of the answers {number(d.score)} / 100 (it ranks results; the stages decide)"


def _weighed(d: Decision) -> bool:
    return any(x.weight > 0 for x in d.dimensions if x.asked)


def answered_share(d: Decision) -> str:
    """ "98% of the weighted questions answered"; with every set weighing 0 (what-if), the
    count of the scored questions answered: a share of no weight would say 0 %."""
    if not _weighed(d):
        answered = sum(x.answered for x in d.dimensions)
        asked = sum(x.asked for x in d.dimensions)
        return f"{answered} of {asked} scored questions answered"
    return f"{d.completeness:.0%} of the weighted questions answered"


def question_name(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    return one_line(q.text) if q is not None else qid


def trigger(catalog: Catalog, d: Decision, qid: str) -> str:
    """ "Could you secure audit rights? No" (or "not answered")."""
    q = catalog.questions.get(qid)
    if q is None:
        return qid
    value = d.answers.get(qid)
    answer = display(q, value) if value is not None else "not answered"
    if d.uncertainty is not None and qid in d.uncertainty.answers:
        given = describe(q, from_data(d.uncertainty.answers[qid]), display)
        answer += f" (the point estimate of: {given})"
    return f"{one_line(q.text)} {one_line(answer)}"


def status_lines(d: Decision, catalog: Catalog) -> list[str]:
    """Provisional or not, robustness, and defaults, in words (unescaped)."""
    lines = []
    r = d.missing_range
    open_could_change = set(r.outcomes) != {d.outcome}
    if d.provisional and open_could_change:
        words = [OUTCOME[o].lower() for o in r.outcomes]
        outcomes = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
        lo, hi = r.score
        names = "; ".join(f"“{question_name(catalog, q)}”" for q in r.questions[:3])
        more = f" and {len(r.questions) - 3} more" if len(r.questions) > 3 else ""
        lines.append(
            f"Provisional: the unanswered questions could still make it {outcomes} "
            f"(score {number(lo)} to {number(hi)} once they are answered)."
            + (f" Answer first: {names}{more}." if names else "")
        )
    if d.robustness_changes and d.recommended:  # with no outcome recommended, none holds
        held = round(d.robustness * 100)
        tail = (
            "no unanswered question could change it."
            if not open_could_change and not d.unanswered
            else "the unanswered questions could not change it."
            if not open_could_change
            else "the unanswered questions are not counted in this."
        )
        lines.append(
            f"Robustness: the outcome holds under {held} % of {d.robustness_changes} one-step "
            f"changes (each deciding answer moved to a neighbouring option); {tail}"
        )
    if d.uncertainty is not None:
        lines.append(probability_line(d))
    if d.defaulted:
        lines.append(
            f"{len(d.defaulted)} answer{'s are' if len(d.defaulted) > 1 else ' is'} the "
            "interview's suggestion, taken with Enter without moving to another option: check "
            f"{'them' if len(d.defaulted) > 1 else 'it'} before relying on the result."
        )
    return lines


def gate_effect(g: GateResult) -> str:
    verb = {"cap": "caps the outcome at", "force": "forces"}[g.effect]
    target = OUTCOME[g.target].lower()
    if g.status == "could_fire":
        change = "which would change it" if g.changes_outcome else "which would not change it"
        return f"could apply: it {verb} {target}, {change}"
    return f"{verb} {target}" + ("" if g.changes_outcome else " (no change)")


def location_line(c: Choice, catalog: Catalog | None = None) -> str:
    if c.rule is None:
        return f"Default {c.value}: {c.because}"
    text = f"At most {c.value}: {c.because}"
    if not c.certain:
        names = ", ".join(f"“{question_name(catalog, q)}”" if catalog else q for q in c.widen)
        text += f" (assumed until answered: {names})" if names else " (assumed until answered)"
    return text


CONTRACT = {
    "fee_for_service": "Fee-for-service",
    "preferred_supplier": "Preferred supplier",
    "preferred_contractor": "Preferred contractor",
    "buy_in": "Buy-in",
}


def model_lines(d: Decision) -> list[str]:
    """The sourcing model and the contract, in words (unescaped)."""
    lines = []
    if d.model is not None:
        lines.append(f"Sourcing model: {d.model.title}. {d.model.because}")
        if d.model.keep:
            lines.append(f"Keep in-house: {d.model.keep}")
        if d.model.buy:
            lines.append(f"Buy: {d.model.buy}")
    if d.contract is not None:
        lines.append(
            f"Contract: {CONTRACT.get(d.contract.type, d.contract.type)}; "
            f"{d.contract.length[:1].lower()}{d.contract.length[1:]} {d.contract.because}"
        )
    return lines


def rationale_rest(d: Decision) -> str:
    """The line that makes the listed points add up to score − 50."""
    return f"{points(d.other_points)} other answers (balance = 50 {points(d.score - 50)})"


def plan(
    d: Decision, titles: Sequence[tuple[str, str]] = PLAN
) -> list[tuple[str, list[Mitigation]]]:
    """The mitigations grouped by category, in the order (and with the titles) given."""
    groups = [
        (title, [m for m in d.mitigations if m.category == category]) for category, title in titles
    ]
    return [(title, items) for title, items in groups if items]


def terms(catalog: Catalog) -> list[tuple[str, str]]:
    """Every term the reports use, explained once in plain words (the reports' last section);
    the economics thresholds are the policy's in use."""
    e = catalog.policy.economics
    return [
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
            "Net saving",
            "The business case's NPV as a share of the present value of keeping the work "
            f"in-house, after the hidden costs. At {_pct(e.pays_at)} or more outsourcing pays; "
            f"from {_pct(e.loses_below)} the saving is thin; below that it costs more than "
            "keeping the work (worth it only for a non-cost reason the answers name); below "
            f"{_pct(e.heavy_loss_below)} it costs far more, which no such reason justifies.",
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
            "The share of one-step changes under which the outcome holds: each answer that a "
            "stage or a gate reads moved to a neighbouring option.",
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
    ]


def _pct(x: float) -> str:
    """ "5 %", "-15 %", "2.5 %"."""
    return f"{x:g} %"


def _gate_inputs(g: GateResult, d: Decision, catalog: Catalog) -> str:
    if not g.triggers:
        return ""
    if g.status == "could_fire":
        open_, maybe = _open_or_uncertain(d, catalog, g.triggers)
        parts = [f"unanswered: {'; '.join(open_)}"] if open_ else []
        parts += [f"uncertain: {'; '.join(maybe)}"] if maybe else []
        return f" Depends on {' and '.join(parts)}."
    return " Because: " + "; ".join(trigger(catalog, d, q) for q in g.triggers) + "."


def _open_or_uncertain(
    d: Decision, catalog: Catalog, questions: Sequence[str]
) -> tuple[list[str], list[str]]:
    """What a gate or a plan step that could apply waits on: the unanswered questions (their
    text) and the uncertain answers (their text and what was given), apart."""
    unsure = d.uncertainty.answers if d.uncertainty is not None else {}
    open_ = [f"“{question_name(catalog, q)}”" for q in questions if q not in unsure]
    maybe = [uncertain_answer(d, catalog, q) for q in questions if q in unsure]
    return open_, maybe


def _called_for(m: Mitigation, d: Decision, catalog: Catalog) -> str:
    if not m.triggers:
        return ""
    if not m.certain:
        open_, maybe = _open_or_uncertain(d, catalog, m.triggers)
        parts = [f"the unanswered {'; '.join(open_)}"] if open_ else []
        parts += [f"the uncertain {'; '.join(maybe)}"] if maybe else []
        return f" — in case {' and '.join(parts)} call for it"
    return " — called for by: " + "; ".join(trigger(catalog, d, q) for q in m.triggers)


def _called_for_md(m: Mitigation, d: Decision, catalog: Catalog) -> str:
    text = _called_for(m, d, catalog)
    return f" {md(text)}" if text else ""  # md() trims the space before the dash


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _flip(flip: Flip) -> dict[str, Any]:
    return {
        "changes": [
            {"question": c.question, "from": c.before, "to": c.after, "value": _plain(c.value)}
            for c in flip.changes
        ],
        "outcome": flip.outcome,
        "score": flip.score,
        "kind": flip.kind,
        "size": flip.size,
    }


def outcome_at(outcome: str, score: float, policy: Policy | None) -> str:
    """ "hybrid" (the balance of the answers is not shown: it never decides an outcome)."""
    return OUTCOME[outcome].lower()


def flip_sentence(flip: Flip, policy: Policy | None = None) -> str:
    parts = [
        f"“{one_line(c.text)}” were “{one_line(c.after)}” instead of “{one_line(c.before)}”"
        for c in flip.changes
    ]
    answers = "the answer to " if len(parts) == 1 else "the answers to "
    outcome = outcome_at(flip.outcome, flip.score, policy)
    return f"If {answers}{' and '.join(parts)}, the outcome would be {outcome}."


POINTS_NOTE = (
    "Points: each answer's signed share of the score (the score is 50 plus all of them); "
    "“-” for an answer that is not scored. Shown to one decimal, so the column can differ "
    "from the score by a rounding."
)


def _answers(decision: Decision, catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """(set, question, answer, points) for every answer given, in asking order."""
    share = {r.question: r.contribution for r in decision.contributions}
    rows = []
    unsure = decision.uncertainty.answers if decision.uncertainty is not None else {}
    for qid, value in decision.answers.items():
        q = catalog.questions[qid]
        shown = display(q, value)
        if decision.currency and q.unit.strip() == "thousand" and isinstance(value, int | float):
            shown = business.money(float(value), decision.currency)
        if qid in unsure:
            shown = f"{describe(q, from_data(unsure[qid]), display)} (point estimate: {shown})"
        pts = points(round(share[qid], 1) + 0.0) if qid in share else "-"
        rows.append((catalog.set_of[qid].title, q.text, shown, pts))
    return rows


# ---------------------------------------------------------------- uncertain answers


def percent(p: float) -> str:
    """A probability in per cent, one decimal at most: "37.5 %", "0 %", "100 %"."""
    return f"{round(p * 100, 1):g} %"


def probability_line(d: Decision) -> str:
    """The outcome probabilities under the uncertain answers, how they were found, and what
    the headline is made from (unescaped)."""
    u = d.uncertainty
    assert u is not None
    probs = ", ".join(
        f"{OUTCOME[o].lower()} {percent(p)}" for o, p in u.outcome_probabilities.items()
    )
    ranges = any("range" in a for a in u.answers.values())
    if u.method == "exact":
        parts = [f"all {u.combinations} combinations of the options"] if u.combinations > 1 else []
        parts += ["the range split where the outcome changes"] if ranges else []
        how = "exact: " + ", ".join(parts)
    else:
        how = (
            f"sampled: {u.n:,} draws with seed {u.seed}, each probability within "
            f"±{round((u.error_bound or 0) * 100, 2):g} points at {percent(u.confidence or 0)} "
            "confidence (Hoeffding)"
        )
    count = len(u.answers)
    forms = ["each range's midpoint"] if ranges else []
    if u.combinations > 1:
        forms.append("of several possible answers, the middle one by score, the lower of two")
    text = (
        f"Uncertain answers ({count}): {probs} ({how}). The headline is at the point estimate "
        f"({'; '.join(forms)})"
    )
    if u.most_likely != d.outcome:
        text += f"; the most likely outcome is {OUTCOME[u.most_likely].lower()}"
    return text + "."


def uncertain_answer(d: Decision, catalog: Catalog, qid: str) -> str:
    """“Expected savings” between 10 and 25 %."""
    q = catalog.questions[qid]
    u = d.uncertainty
    assert u is not None
    return f"“{question_name(catalog, qid)}” {describe(q, from_data(u.answers[qid]), display)}"


class SwingRow(NamedTuple):
    question: str  # its text
    given: str  # the uncertain answer in words
    low: float
    high: float
    low_answer: str
    high_answer: str


def swing_rows(d: Decision, catalog: Catalog) -> list[SwingRow]:
    """The tornado's rows, largest swing first (unescaped): the uncertain answers that move
    the score (the others are named by :func:`still_note`)."""
    if d.uncertainty is None:
        return []
    rows = []
    for s in d.uncertainty.swing:
        if s.low == s.high:
            continue
        q = catalog.questions[s.question]
        rows.append(
            SwingRow(
                question_name(catalog, s.question),
                describe(q, from_data(d.uncertainty.answers[s.question]), display),
                s.low,
                s.high,
                one_line(display(q, s.low_answer)),
                one_line(display(q, s.high_answer)),
            )
        )
    return rows


def span(r: SwingRow) -> str:
    """The swing as printed: the difference of the ends as printed, so the table adds up."""
    return f"{round(r.high, 1) - round(r.low, 1):.1f}"


def still_note(d: Decision, catalog: Catalog) -> str | None:
    """The uncertain answers that do not move the score whatever their value (left out of
    the tornado), in a sentence; None when there are none."""
    if d.uncertainty is None:
        return None
    flat = [s.question for s in d.uncertainty.swing if s.low == s.high]
    hidden = [uncertain_answer(d, catalog, q) for q in flat if q not in d.answers]
    still = [uncertain_answer(d, catalog, q) for q in flat if q in d.answers]
    notes = []
    if still:
        verb = "does" if len(still) == 1 else "do"
        notes.append(
            f"{'; '.join(still)} {verb} not move the score, whatever the value, with the other "
            "answers at their point estimates"
        )
    if hidden:
        verb = "is" if len(hidden) == 1 else "are"
        notes.append(
            f"{'; '.join(hidden)} {verb} not asked with the other answers at their point "
            "estimates (other values of those may ask it: the probabilities count that)"
        )
    return "; ".join(notes) + ": not shown above." if notes else None


def unproven_note(d: Decision, catalog: Catalog) -> str | None:
    """The gates, location rules and plan steps shown as could apply although no combination
    tried made them hold (too many to try them all), in a sentence; None when there are none."""
    if d.uncertainty is None or not d.uncertainty.unproven:
        return None
    policy = catalog.policy
    names = {
        **{g.id: g.title for g in policy.gates},
        **{r.id: f"at most {r.at_most}: {r.because}" for r in policy.location.rules},
        **{m.id: m.title for m in policy.mitigations},
    }
    found = "; ".join(f"“{names.get(i, i).rstrip('.')}”" for i in d.uncertainty.unproven)
    return (
        "Shown as could apply without proof (too many combinations of the uncertain answers "
        f"to try them all, so assumed): {found}."
    )


SWING_NOTE = (
    "Each uncertain answer from the score its lowest-scoring possible answer gives to the score "
    "its highest gives, every other answer at its point estimate; the widest first."
)


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md(text: str) -> str:
    """Text from a file, safe in Markdown: one line, no control characters, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text)).replace("&", "&amp;")


def markdown(
    decision: Decision, catalog: Catalog, cf: Counterfactuals | None, whatif: WhatIf, date: str
) -> str:
    d = decision
    name = md(d.function) if d.function else "the function"
    lines = [
        f"# Sourcing recommendation: {name}",
        "",
        f"*Prepared {date} with outsource-cli {__version__}.*",
        "",
    ]
    lines += [
        f"**Recommendation: {md(headline(d))}**" if d.recommended else f"**{md(headline(d))}**",
        "",
        f"{md(score_line(d, catalog))}; 0 keeps in-house, 100 outsources · {answered_share(d)}.",
        "",
    ]
    lines += [f"- {md(s)}" for s in status_lines(d, catalog)] + [""]
    lines += _md_stages(d, catalog)
    if whatif:
        notes = "; ".join(md(n) for n in whatif.notes())
        lines += [f"> **What-if:** this is not the answers as given. {notes}", ""]
    lines += _md_uncertainty(d, catalog)
    lines += [
        "## Scores by question set",
        "",
        "| Question set | Score | Weight | Answered |",
        "| --- | ---: | ---: | ---: |",
    ]
    for dim in d.dimensions:
        score = "not scored" if dim.score is None else f"{dim.score:.1f}"
        weight = "-" if dim.score is None and not dim.asked else f"{dim.weight:g}"
        answered = f"{dim.answered}/{dim.asked}" if dim.asked else "-"
        lines.append(f"| {md(dim.title)} | {score} | {weight} | {answered} |")
    lines += ["", "## Gates", ""]
    lines += [
        f"- **{md(g.title)}** ({md(gate_effect(g))}). {md(g.because)}{md(_gate_inputs(g, d, catalog))}"
        for g in d.gates
    ] or ["No gate applied."]
    lines += [
        "",
        "## How the answers lean (the balance, which ranks but does not decide)",
        "",
        "| Points | Reason | Answer |",
        "| ---: | --- | --- |",
    ]
    lines += [
        f"| {points(r.contribution)} | {md(_sentence(r.because))} | {md(r.text)} {md(r.answer)} |"
        for r in d.rationale
    ]
    lines.append(
        f"| {points(d.other_points)} | Other answers | (balance = 50 {points(d.score - 50)}) |"
    )
    if d.form_reason:
        lines += ["", f"**Form:** {d.form_reason.value.upper()}. {md(d.form_reason.because)}"]
    if d.location_reasons:
        lines += ["", f"**Location:** {d.location}."]
        lines += [f"- {md(location_line(c, catalog))}" for c in d.location_reasons]
    if d.model is not None or d.contract is not None:
        lines += ["", "## Sourcing model and contract", ""]
        lines += [f"- {md(s)}" for s in model_lines(d)]
    if d.business_case is not None:
        lines += [
            "",
            *business.markdown(
                d.business_case, cf, d.currency, business.thresholds(catalog.policy)
            ),
        ]
    lines += ["", "## What would change this", ""]
    lines += _md_counterfactuals(cf, catalog.policy)
    lines += ["", "## Plan", ""]
    if not d.mitigations:
        lines.append("No mitigations apply: the function stays in-house.")
    for title, items in plan(d):
        lines += [f"### {title}", ""]
        for m in items:
            name = "" if m.title == title else f"**{md(m.title)}** "  # no heading twice
            lines.append(f"- {name}({md(m.because)}){_called_for_md(m, d, catalog)}")
            lines += [f"  - [ ] {md(a)}" for a in m.actions]
        lines.append("")
    lines += [
        "## Answers given",
        "",
        "| Question set | Question | Answer | Points |",
        "| --- | --- | --- | ---: |",
    ]
    lines += [f"| {md(s)} | {md(q)} | {md(a)} | {p} |" for s, q, a, p in _answers(d, catalog)]
    lines += ["", md(POINTS_NOTE)]
    for title, listed in _unanswered(d):
        names = "; ".join(md(question_name(catalog, q)) for q in listed)
        lines += ["", f"{title}: {names}."]
    if d.defaulted:
        names = "; ".join(md(question_name(catalog, q)) for q in d.defaulted)
        lines += ["", f"Taken as suggested, with Enter: {names}."]
    lines += ["", "## Terms used", ""]
    lines += [f"- **{term}**: {md(text)}" for term, text in terms(catalog)]
    return "\n".join(lines) + "\n"


def stage_rows(d: Decision, catalog: Catalog) -> list[tuple[str, str]]:
    """(stage, its verdict and what decided it) for each of the three stages."""
    from outsource_cli.output.business import npv_words
    from outsource_cli.output.stages import STAGE_QUESTIONS, STAGE_TITLES, stage_line

    money = npv_words(d.business_case, d.currency) if d.business_case is not None else None
    return [
        (
            f"{STAGE_TITLES[s.id]}: {STAGE_QUESTIONS[s.id]}",
            stage_line(d, s, catalog, money),
        )
        for s in d.stages
    ]


def _md_stages(d: Decision, catalog: Catalog) -> list[str]:
    from outsource_cli.output.stages import answer_first

    lines = ["## Why: the three stages", ""]
    if not d.recommended:
        lines += [md(answer_first(d, catalog)) + ".", ""]
    lines += ["| Stage | Verdict |", "| --- | --- |"]
    lines += [f"| {md(stage)} | {md(verdict)} |" for stage, verdict in stage_rows(d, catalog)]
    lines.append("")
    if d.conditions:
        lines += ["### Before you sign", ""]
        lines += [f"- [ ] {md(c.step)}" for c in d.conditions] + [""]
    return lines


def _html_stages(d: Decision, catalog: Catalog) -> str:
    from outsource_cli.output.stages import answer_first

    out = ['<h2 id="stages">Why: the three stages</h2>']
    if not d.recommended:
        out.append(f"<p><strong>{h(answer_first(d, catalog))}.</strong></p>")
    out.append(
        "<table><tr><th>Stage</th><th>Verdict</th></tr>"
        + "".join(
            f"<tr><td>{h(stage)}</td><td>{h(verdict)}</td></tr>"
            for stage, verdict in stage_rows(d, catalog)
        )
        + "</table>"
    )
    if d.conditions:
        out.append(
            '<h3 id="conditions">Before you sign</h3><ul>'
            + "".join(f"<li>{h(c.step)}</li>" for c in d.conditions)
            + "</ul>"
        )
    return "".join(out)


def _md_uncertainty(d: Decision, catalog: Catalog) -> list[str]:
    """The uncertain answers: outcome probabilities, and the swing of each as a table."""
    rows = swing_rows(d, catalog)
    if d.uncertainty is None:
        return []
    lines = [
        "## Uncertain answers: what swings the score",
        "",
        "| Outcome | Probability |",
        "| --- | ---: |",
    ]
    lines += [
        f"| {OUTCOME[o]} | {percent(p)} |" for o, p in d.uncertainty.outcome_probabilities.items()
    ]
    if rows:
        lines += [
            "",
            "| Uncertain answer | Given | Lowest score | Highest score | Swing |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {md(r.question)} | {md(r.given)} | {r.low:.1f} ({md(r.low_answer)}) | "
            f"{r.high:.1f} ({md(r.high_answer)}) | {span(r)} |"
            for r in rows
        ]
    for note in (still_note(d, catalog), unproven_note(d, catalog)):
        lines += ["", md(note)] if note else []
    return [*lines, "", md(SWING_NOTE), ""]


def _md_counterfactuals(cf: Counterfactuals | None, policy: Policy | None = None) -> list[str]:
    out = []
    for line in _plain_counterfactuals(cf, policy):
        if line.startswith("- "):
            out.append(f"- {md(line[2:])}")
        else:
            out += ["", md(line), ""] if out else [md(line), ""]
    return out


# ---------------------------------------------------------------- HTML


def h(text: str) -> str:
    """Text from a file, safe in HTML: no control characters, every markup character escaped."""
    import html

    return html.escape(clean(text), quote=True)


CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2433;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d8dde6}
.meta{color:#5b6475}.headline{font-size:1.4rem;font-weight:700;padding:.8rem 1rem;border-radius:6px;
background:#eef3fb;margin:1rem 0}.keep_in_house{color:#126e82}.hybrid{color:#9a6700}.outsource{color:#1a7f37}
.whatif{background:#fff8c5;padding:.6rem 1rem;border-radius:6px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e5e8ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}.pos{color:#1a7f37}.neg{color:#126e82}
ul.checklist{list-style:none;padding-left:1rem}ul.checklist li:before{content:"\\2610  "}
dl.terms dt{font-weight:600;margin-top:.5rem}dl.terms dd{margin-left:1.5rem}
"""


def chart(decision: Decision, catalog: Catalog) -> str:
    """An inline SVG bar chart of the question sets' scores, with the band edges marked."""
    dims = [dim for dim in decision.dimensions if dim.score is not None]
    row, left, width = 28, 220, 420
    height = row * len(dims) + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'width="{left + width + 60}" height="{height}" viewBox="0 0 {left + width + 60} {height}" '
        f'font-family="sans-serif" font-size="13">',
        '<title id="chart-title">Scores by question set, 0 (keep in-house) to 100 (outsource)</title>',
    ]
    for i, dim in enumerate(dims):
        y = 10 + i * row
        w = round((dim.score or 0) / 100 * width, 1)
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{h(dim.title)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{width}" height="18" fill="#eef1f5"/>')
        parts.append(
            f'<rect class="bar" x="{left}" y="{y + 2}" width="{w}" height="18" fill="#3d6fb6">'
            f"<title>{h(dim.title)}: {dim.score:.1f}</title></rect>"
        )
        parts.append(f'<text x="{left + width + 6}" y="{y + 15}">{dim.score:.1f}</text>')
    bottom = 10 + len(dims) * row
    if decision.provisional:  # what the unanswered questions could still make of the score
        lo, hi = decision.missing_range.score
        x0, x1 = left + lo / 100 * width, left + hi / 100 * width
        parts.append(
            f'<rect class="missing-range" x="{x0}" y="4" width="{max(x1 - x0, 1)}" '
            f'height="{bottom - 4}" fill="#d1242f" fill-opacity="0.08" stroke="#d1242f" '
            f'stroke-dasharray="2 2"><title>The unanswered questions could put the score '
            f"anywhere from {number(lo)} to {number(hi)}</title></rect>"
        )
    x = left + decision.score / 100 * width
    parts.append(
        f'<line x1="{x}" y1="4" x2="{x}" y2="{bottom}" stroke="#d1242f" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{x}" y="{bottom + 30}" text-anchor="middle" fill="#d1242f">overall '
        f"{number(decision.score)}"
        + (
            f" (could be {number(decision.missing_range.score[0])} to "
            f"{number(decision.missing_range.score[1])})"
            if decision.provisional
            else ""
        )
        + "</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def tornado_svg(d: Decision, catalog: Catalog) -> str:
    """An inline SVG tornado: each uncertain answer's span of scores, widest first, on a scale
    zoomed to the spans (to the nearest 5 points, marked at its ends), the band edges inside it
    dashed and the headline's score as a red line."""
    import math

    rows = swing_rows(d, catalog)
    row, left, width = 28, 260, 380
    lo = max(0, math.floor((min([r.low for r in rows] + [d.score]) - 1) / 5) * 5)
    hi = min(100, math.ceil((max([r.high for r in rows] + [d.score]) + 1) / 5) * 5)

    def x_of(score: float) -> float:
        return round(left + (score - lo) / ((hi - lo) or 1) * width, 1)

    height = row * len(rows) + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="tornado-title" '
        f'width="{left + width + 100}" height="{height}" '
        f'viewBox="0 0 {left + width + 100} {height}" font-family="sans-serif" font-size="13">',
        '<title id="tornado-title">What swings the score: each uncertain answer from its lowest '
        f"to its highest score, on a scale from {lo} to {hi} (0 keeps in-house, 100 "
        "outsources)</title>",
    ]
    for i, r in enumerate(rows):
        y = 10 + i * row
        x0, x1 = x_of(r.low), x_of(r.high)
        label = r.question if len(r.question) <= 34 else r.question[:33] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{h(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{width}" height="18" fill="#eef1f5"/>')
        parts.append(
            f'<rect class="swing" x="{x0}" y="{y + 2}" width="{max(x1 - x0, 1):.1f}" '
            f'height="18" fill="#9a6700"><title>{h(r.question)} ({h(r.given)}): '
            f"{r.low:.1f} ({h(r.low_answer)}) to {r.high:.1f} ({h(r.high_answer)})</title></rect>"
        )
        parts.append(
            f'<text x="{left + width + 6}" y="{y + 15}">{r.low:.1f} to {r.high:.1f}</text>'
        )
    bottom = 10 + len(rows) * row
    ticks = [lo, hi]
    for tick in ticks:
        edge = tick not in (lo, hi)
        x = x_of(tick)
        if edge:
            parts.append(
                f'<line x1="{x}" y1="6" x2="{x}" y2="{bottom}" stroke="#9aa3b2" '
                'stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="#5b6475">{tick:g}</text>'
        )
    x = x_of(d.score)
    parts.append(
        f'<line x1="{x}" y1="4" x2="{x}" y2="{bottom}" stroke="#d1242f" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{x}" y="{bottom + 30}" text-anchor="middle" fill="#d1242f">headline '
        f"{number(d.score)}</text></svg>"
    )
    return "".join(parts)


def html_report(
    decision: Decision, catalog: Catalog, cf: Counterfactuals | None, whatif: WhatIf, date: str
) -> str:
    d = decision
    name = h(d.function) if d.function else "the function"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Sourcing recommendation: {name}</title><style>{CSS}</style></head><body>",
        f"<h1>Sourcing recommendation: {name}</h1>",
        f'<p class="meta">Prepared {h(date)} with outsource-cli {__version__}.</p>',
    ]
    out.append(f'<div class="headline {d.outcome}" id="recommendation">{h(headline(d))}</div>')
    out.append(
        f"<p>{h(score_line(d, catalog))}; 0 keeps in-house, 100 outsources · "
        f"{h(answered_share(d))}.</p>"
    )
    out.append(
        '<ul id="status">' + "".join(f"<li>{h(s)}</li>" for s in status_lines(d, catalog)) + "</ul>"
    )
    out.append(_html_stages(d, catalog))
    if whatif:
        notes = "; ".join(h(n) for n in whatif.notes())
        out.append(
            f'<p class="whatif"><strong>What-if:</strong> not the answers as given. {notes}</p>'
        )
    out.append(
        '<h2>Scores by question set</h2><figure id="chart">' + chart(d, catalog) + "</figure>"
    )
    if d.uncertainty is not None:
        probs = "".join(
            f'<tr><td>{OUTCOME[o]}</td><td class="num">{percent(p)}</td></tr>'
            for o, p in d.uncertainty.outcome_probabilities.items()
        )
        out.append(
            '<h2 id="uncertainty">Uncertain answers: what swings the score</h2>'
            f'<table id="outcome-probabilities"><tr><th>Outcome</th><th>Probability</th></tr>'
            f"{probs}</table>"
            + (
                f'<figure id="tornado">{tornado_svg(d, catalog)}</figure>'
                if swing_rows(d, catalog)
                else ""
            )
            + "".join(
                f"<p>{h(n)}</p>" for n in (still_note(d, catalog), unproven_note(d, catalog)) if n
            )
            + f"<p>{h(SWING_NOTE)}</p>"
        )
    out.append("<h2>Gates</h2>")
    if d.gates:
        out.append(
            "<ul>"
            + "".join(
                f"<li><strong>{h(g.title)}</strong> ({h(gate_effect(g))}). {h(g.because)}"
                f"{h(_gate_inputs(g, d, catalog))}</li>"
                for g in d.gates
            )
            + "</ul>"
        )
    else:
        out.append("<p>No gate applied.</p>")
    out.append(
        "<h2>How the answers lean (the balance, which ranks but does not decide)</h2>"
        "<table><tr><th>Points</th><th>Reason</th>"
        "<th>Answer</th></tr>"
    )
    for r in d.rationale:
        cls = "pos" if r.contribution > 0 else "neg"
        out.append(
            f'<tr><td class="num {cls}">{points(r.contribution)}</td><td>{h(_sentence(r.because))}</td>'
            f"<td>{h(r.text)} <em>{h(r.answer)}</em></td></tr>"
        )
    out.append(
        f'<tr><td class="num">{points(d.other_points)}</td><td>Other answers</td>'
        f"<td>(balance = 50 {points(d.score - 50)})</td></tr></table>"
    )
    if d.form_reason:
        out.append(
            f"<p><strong>Form:</strong> {d.form_reason.value.upper()}. {h(d.form_reason.because)}</p>"
        )
    if d.location_reasons:
        out.append(
            f"<p><strong>Location:</strong> {h(d.location or '')}.</p><ul>"
            + "".join(f"<li>{h(location_line(c, catalog))}</li>" for c in d.location_reasons)
            + "</ul>"
        )
    if d.model is not None or d.contract is not None:
        out.append(
            '<h2 id="model">Sourcing model and contract</h2><ul>'
            + "".join(f"<li>{h(s)}</li>" for s in model_lines(d))
            + "</ul>"
        )
    if d.business_case is not None:
        out.append(
            business.html_section(
                d.business_case, cf, d.currency, business.thresholds(catalog.policy)
            )
        )
    out.append('<h2 id="counterfactuals">What would change this</h2>')
    in_list = False
    for line in _plain_counterfactuals(cf, catalog.policy):
        if line.startswith("- "):
            out.append(("" if in_list else "<ul>") + f"<li>{h(line[2:])}</li>")
            in_list = True
        else:
            out.append(("</ul>" if in_list else "") + f"<p>{h(line)}</p>")
            in_list = False
    if in_list:
        out.append("</ul>")
    out.append('<h2 id="plan">Plan</h2>')
    if not d.mitigations:
        out.append("<p>No mitigations apply: the function stays in-house.</p>")
    for title, items in plan(d):
        out.append(f"<h3>{h(title)}</h3>")
        for m in items:
            out.append(
                "<p>"
                + ("" if m.title == title else f"<strong>{h(m.title)}</strong> ")
                + f"({h(m.because)}){h(_called_for(m, d, catalog))}</p>"
                '<ul class="checklist">' + "".join(f"<li>{h(a)}</li>" for a in m.actions) + "</ul>"
            )
    out.append(
        '<h2>Answers given</h2><table id="answers"><tr><th>Question set</th><th>Question</th>'
        '<th>Answer</th><th class="num">Points</th></tr>'
    )
    out += [
        f'<tr><td>{h(s)}</td><td>{h(q)}</td><td>{h(a)}</td><td class="num">{h(p)}</td></tr>'
        for s, q, a, p in _answers(d, catalog)
    ]
    out.append(f"</table><p>{h(POINTS_NOTE)}</p>")
    for title, listed in _unanswered(d):
        names = "; ".join(question_name(catalog, q) for q in listed)
        out.append(f"<p>{h(title)}: {h(names)}.</p>")
    if d.defaulted:
        names = "; ".join(question_name(catalog, q) for q in d.defaulted)
        out.append(f"<p>Taken as suggested, with Enter: {h(names)}.</p>")
    out.append('<h2 id="terms">Terms used</h2><dl class="terms">')
    out += [f"<dt>{h(term)}</dt><dd>{h(text)}</dd>" for term, text in terms(catalog)]
    out.append("</dl></body></html>")
    return "\n".join(out) + "\n"


def weight_words(w: WeightFlip) -> str:
    """ "if Control and risk mattered twice as much (weight 3 instead of 1.5)"."""
    f = w.factor or 0.0
    how = (
        "twice as much"
        if f == 2
        else "half as much"
        if f == 0.5
        else f"{f:g} times as much"
        if f > 1
        else f"only {f:.0%} as much"
    )
    return f"If {w.title} mattered {how} (weight {w.new_weight:g} instead of {w.weight:g})"


def _plain_counterfactuals(cf: Counterfactuals | None, policy: Policy | None = None) -> list[str]:
    """The counterfactual section as plain lines ("- " marks a list item); unescaped.

    Advice before diagnosis: first what the firm could change before signing (levers), then
    what would have to be different (facts); weight changes only within half to double the
    weight, in words; changes that act only through a forcing gate (a legal prohibition) are
    left out (the gate is shown in its own section)."""
    if cf is None:
        return ["Not computed."]
    lines: list[str] = []
    for kind, title in (
        ("lever", "What you could do (answers you can change before signing):"),
        ("fact", "What would have to be different (facts of the situation):"),
    ):
        singles = [f for f in cf.singles if f.kind == kind]
        pairs = [f for f in cf.pairs if f.kind == kind]
        if not singles and not pairs:
            continue
        lines.append(title)
        lines += [f"- {flip_sentence(f, policy)}" for f in singles]
        lines += [f"- {flip_sentence(f, policy)}" for f in _distinct(pairs)[:TOP_PAIRS]]
        if len(_distinct(pairs)) > TOP_PAIRS:
            more = len(_distinct(pairs)) - TOP_PAIRS
            lines.append(f"- … and {more} more pairs (the JSON output lists every one).")
    near = [w for w in cf.weights if w.factor is not None and 0.5 <= w.factor <= 2]
    if near:
        lines += ["If the weights were different (within half to double):"] + [
            f"- {weight_words(w)}, the outcome would be {outcome_at(w.outcome, w.score, policy)}."
            for w in near
        ]
    if cf.structural_gates:
        names = ", ".join(f"“{one_line(t)}”" for t in cf.structural_gates)
        lines.append(f"Not listed: changes that would act only through a forcing gate ({names}).")
    if cf.pairs_searched and not cf.pairs_complete:
        lines.append(
            f"Pairs of changes: the search stopped at its limit of {MAX_PAIRS:,} evaluations; "
            f"{cf.pairs_untried:,} pairs (or number searches) that could flip the outcome were "
            "not tried, so more pairs may exist."
        )
    answers = "one or two answers" if cf.pairs_searched and cf.pairs_complete else "one answer"
    none = (
        f"No change of {answers}, and no change of a set's weight between half and double, "
        "changes the outcome."
    )
    return [none, *lines] if not any(x.startswith("- ") for x in lines) else lines


def _distinct(pairs: list[Flip]) -> list[Flip]:
    """One pair per pair of questions and outcome (the smallest): no near-duplicates."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for f in pairs:
        key = (*sorted(c.question for c in f.changes), f.outcome)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
