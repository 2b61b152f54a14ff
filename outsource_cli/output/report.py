"""The words every format of a decision shares (the terminal, the Markdown and HTML reports
made by ``board.py``): the headline, the balance and how firm it is, the reasons, the gates'
effect and every answer given; and the decision as JSON data. Where and how it would be done
is worded in ``sourcing.py``, what a gate or a step rests on in ``triggers.py``, what would
change it in ``what_would_change.py``. Pure: returns plain, unescaped strings; each format
escapes them (``markdown.md``, ``html.h``, rich ``Text``)."""

from __future__ import annotations

from typing import Any

from outsource_cli.decision.counterfactuals import Counterfactuals, Flip
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.parts import GateResult, Reason
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import amounts, business
from outsource_cli.output.uncertainty import probability_line
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.questionnaire.uncertain import describe, from_data
from outsource_cli.text import one_line

OUTCOME = {"keep_in_house": "Keep in-house", "hybrid": "Hybrid", "outsource": "Outsource"}


def unanswered_lists(d: Decision) -> list[tuple[str, tuple[str, ...]]]:
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
            {"question": o.target, "value": plain_value(o.value), "was": plain_value(o.was)}
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
    for key in ("rationale", "contributions"):  # the reasons in words, as they are shown
        for reason, item in zip(getattr(decision, key), out.get(key) or [], strict=False):
            item["because"] = reason_words(reason)
            item.pop("net", None)
    if decision.business_case is not None and out.get("business_case") is not None:
        business.data(decision.business_case, decision.currency, out["business_case"])
        below = business.changes_below(decision.business_case, cf)
        out["business_case"]["outcome_changes_below"] = below
    return out


def reason_words(r: Reason) -> str:
    """Why an answer scores as it does; for the headline saving, scored on the business case,
    the net saving's range and the figure: "… (net +2.8 % over 5 years)"."""
    if r.net is None:
        return r.because
    n = r.net
    span = "1 year" if n.years == 1 else f"{n.years} years"
    figure = f"net {n.figure:+.{n.digits}f} % over {span}"
    return f"{r.because} ({figure})" if r.because else f"the business case ({figure})"


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
    """ "98 % of the weighted questions answered"; with every set weighing 0 (what-if), the
    count of the scored questions answered: a share of no weight would say 0 %."""
    if not _weighed(d):
        answered = sum(x.answered for x in d.dimensions)
        asked = sum(x.asked for x in d.dimensions)
        return f"{answered} of {asked} scored questions answered"
    return f"{round(d.completeness * 100)} % of the weighted questions answered"


def question_name(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    return one_line(q.text) if q is not None else qid


def robustness_words(d: Decision) -> str:
    """ "It survives 44 of 47 small answer changes (94 %)": how many of the
    small answer changes leave the outcome as it is."""
    n = d.robustness_changes
    kept = n - len(d.robustness_flips)
    if kept == n:
        return f"It survives all {n} small answer changes"
    return f"It survives {kept} of {n} small answer changes ({round(d.robustness * 100)} %)"


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
        tail = (
            "no unanswered question could change it."
            if not open_could_change and not d.unanswered
            else "the unanswered questions could not change it."
            if not open_could_change
            else "the unanswered questions are not counted in this."
        )
        lines.append(
            f"{robustness_words(d)}, each deciding answer moved to the next option either "
            f"way; {tail}"
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


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_value(value: Any) -> Any:
    """An answer as JSON holds it: the options ticked as a list."""
    return list(value) if isinstance(value, tuple) else value


def _flip(flip: Flip) -> dict[str, Any]:
    return {
        "changes": [
            {"question": c.question, "from": c.before, "to": c.after, "value": plain_value(c.value)}
            for c in flip.changes
        ],
        "outcome": flip.outcome,
        "score": flip.score,
        "kind": flip.kind,
        "size": flip.size,
    }


POINTS_NOTE = (
    "Points: each answer's signed share of the score (the score is 50 plus all of them); "
    "“-” for an answer that is not scored. Shown to one decimal, so the column can differ "
    "from the score by a rounding."
)


def shown_answer(q: Question, value: AnswerValue | None, currency: str | None) -> str:
    """An answer as a person reads it; an amount in thousands with its currency, when one is
    named ("EUR 1,100.0k")."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if currency and number and q.unit.strip() == "thousand":
        return amounts.exact_money(float(value), currency)  # type: ignore[arg-type]
    return display(q, value)


def answer_rows(decision: Decision, catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """(set, question, answer, points) for every answer given, in asking order."""
    share = {r.question: r.contribution for r in decision.contributions}
    rows = []
    unsure = decision.uncertainty.answers if decision.uncertainty is not None else {}
    for qid, value in decision.answers.items():
        q = catalog.questions[qid]
        shown = shown_answer(q, value, decision.currency)
        if qid in unsure:
            shown = f"{describe(q, from_data(unsure[qid]), display)} (point estimate: {shown})"
        pts = points(round(share[qid], 1) + 0.0) if qid in share else "-"
        rows.append((catalog.set_of[qid].title, q.text, shown, pts))
    return rows
