"""The sections of ``outsource vet`` in words, each a list of unescaped lines (each format
escapes): the requirements, who is excluded and why, why the others score as they do, what
would change the order, where the evaluators disagree, the due-diligence gaps, and each
price against the decision's business case. An answer is shown as the provider set words
it: the option's label, a number with its unit."""

from __future__ import annotations

from outsource_cli.decision.vetting.gaps import Gaps
from outsource_cli.decision.vetting.price import TradeOff
from outsource_cli.decision.vetting.result import Row, Vetting
from outsource_cli.decision.vetting.swap import Change
from outsource_cli.output.amounts import exact_money, money
from outsource_cli.output.vetting_requirements import (
    note_words,
    requirement_because,
    requirement_title,
)
from outsource_cli.questionnaire import answer_types
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.text import clean, one_line

SPREADS = 6  # the evaluators' widest spreads listed


def lines(v: Vetting, catalog: Catalog) -> dict[str, list[str]]:
    """Every section in words (unescaped; each renderer escapes); empty ones left out."""
    ranked = scored(v)
    out = {
        "Requirements": [
            f"{requirement_title(r)}: {requirement_because(r)}." for r in v.requirements
        ],
        "Excluded": [excluded_line(r, catalog) for r in v.excluded],
        "Why": [why_line(r) for r in ranked],
        "What would change the order": order_lines(v, catalog),
        "Evaluators": evaluator_lines(v, catalog),
        "Due-diligence gaps": gap_lines(v, catalog),
        "Price against the business case": price_lines(v),
        "Notes": [note_words(n) for n in v.notes],
    }
    return {k: [clean(x) for x in val] for k, val in out.items() if val}


def scored(v: Vetting) -> list[Row]:
    """The ranked providers that have a score."""
    return [r for r in v.ranked if r.scored.score is not None]


def currency(v: Vetting) -> str | None:
    """The currency of the decision's money figures (checked when the decision was read)."""
    found = v.decision.data.get("currency") if v.decision is not None else None
    return found if isinstance(found, str) else None


def _answer(value: object) -> str:
    """A value as given: a number with no exponent, yes or no, a text on one line."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return one_line(str(value))


def answer_words(catalog: Catalog, qid: str, value: AnswerValue | float | None) -> str:
    """An answer as the provider set words it: a number with its unit ("3 hours"), an
    option's label in quotes (“One-sided in places”); as given where the set has no such
    question or option."""
    q = catalog.questions.get(qid)
    if q is None or value is None:
        return _answer(value)
    shown = one_line(display(q, value))
    if answer_types.of(q).numeric:  # a number reads as itself, with its unit
        return shown
    return _answer(value) if shown == "(none)" else f"“{shown}”"


def _q(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    return one_line(q.text) if q is not None else qid


def _evidence(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    help_ = q.help if q is not None else ""
    at = help_.find("Evidence: ")
    return one_line(help_[at + len("Evidence: ") :]) if at >= 0 else "ask the provider"


def excluded_line(r: Row, catalog: Catalog) -> str:
    """A provider that is out, and every requirement it breaks, by whose answer."""
    broken = []
    for k in r.check.knocked_out:
        title = requirement_title(k.requirement).lower()
        if k.answer is None:
            broken.append(f"{title} ({k.evaluator})")
        else:
            answered = answer_words(catalog, k.requirement.question, k.answer)
            broken.append(f"{title} ({k.evaluator} answered {answered})")
    return f"{r.scored.name}: " + "; ".join(broken)


def why_line(r: Row) -> str:
    """A provider's three answers that move its score most, with their points."""
    best = sorted(
        (reason for c in r.scored.competencies for reason in c.reasons),
        key=lambda x: -abs(x.points),
    )[:3]
    return f"{r.scored.name}: " + "; ".join(
        f"{x.points:+.1f} {x.because}" for x in best if x.because
    )


def change_text(c: Change, catalog: Catalog) -> str:
    """The smallest change that would swap the first two, in words."""
    if c.kind == "weight":
        title = next((s.title for s in catalog.sets if s.id == c.target), c.target)
        return (
            f"the weight of {title.lower()} at {c.after:g} {c.direction} (now {c.before:g}; "
            f"they tie at {c.first:.1f})"
        )
    after = answer_words(catalog, c.target, c.after)
    before = answer_words(catalog, c.target, c.before)
    if c.direction:
        return (
            f"{c.provider}'s answer to “{_q(catalog, c.target)}” at {after} {c.direction} "
            f"(now {before}; they tie at {c.first:.1f})"
        )
    return (
        f"{c.provider}'s answer to “{_q(catalog, c.target)}” were {after} instead of "
        f"{before} ({c.second:.1f} against {c.first:.1f})"
    )


def order_lines(v: Vetting, catalog: Catalog) -> list[str]:
    """The margin between the first two, and the smallest change that would swap them."""
    ranked = scored(v)
    if v.margin is None or len(ranked) < 2:
        return []
    first, second = ranked[0].scored.name, ranked[1].scored.name
    swap = (
        f"The smallest change that swaps them: {change_text(v.swap, catalog)}."
        if v.swap is not None
        else "No single answer or weight change (×0.5 to ×2) swaps them."
    )
    return [f"{first} leads {second} by {v.margin:.1f} points.", swap]


def evaluator_lines(v: Vetting, catalog: Catalog) -> list[str]:
    """The widest spreads between a provider's evaluators, then each evaluator's answer that
    alone would change who ranks first."""
    spreads = [
        f"{s.provider}, “{_q(catalog, s.question)}”: "
        + ", ".join(f"{who} {answer_words(catalog, s.question, a)}" for who, a in s.answers)
        + f" ({s.points:.0f} points apart)"
        for s in v.spreads[:SPREADS]
    ]
    alone = [
        f"{d.evaluator}'s answer to “{_q(catalog, d.question)}” "
        f"({answer_words(catalog, d.question, d.answer)}) alone would put {d.winner} first."
        for d in v.disagreements
    ]
    return spreads + alone


def gaps_why(g: Gaps) -> str:
    """Why answering the due-diligence gaps could change the ranking, or could not."""
    if g.could_be_out:
        return f"{', '.join(g.could_be_out)} could still be knocked out"
    if g.crossing is not None:
        c = g.crossing
        return f"{c.lower} could reach {c.reach:.1f} and {c.upper} fall to {c.fall:.1f}"
    if g.gaps:
        return "no provider's range reaches the one above it"
    return "there are no gaps"


def gap_lines(v: Vetting, catalog: Catalog) -> list[str]:
    """Each unanswered question, its range and the evidence to ask for; each requirement
    nobody answered; first, whether answering them could change the ranking."""
    gaps = [
        f"{g.provider}: “{_q(catalog, g.question)}” ({g.low:.1f} to {g.high:.1f}"
        f"{'; could change the ranking' if g.could_change else ''}) — "
        + _evidence(catalog, g.question)
        for g in v.gaps.gaps
    ]
    for r in v.ranked:
        for req in r.check.open:
            gaps.append(
                f"{r.scored.name}: “{_q(catalog, req.question)}” is unanswered: it could be "
                f"knocked out ({requirement_title(req).lower()}) — {_evidence(catalog, req.question)}"
            )
    if not gaps:
        return []
    could = "could" if v.gaps.could_change else "could not"
    return [f"Answering them {could} change the ranking: {gaps_why(v.gaps)}.", *gaps]


def trade_off_words(t: TradeOff) -> str:
    """A provider against the first in a sentence: money, then the competency."""
    diff, other, first = t.npv_difference, t.provider, t.first
    over = f"over {t.years} year{'s' if t.years != 1 else ''} (present value)"
    if abs(diff) < 0.005:
        money_part = f"{other} costs the same as {first} {over}"
    elif diff > 0:
        money_part = f"{other} is {money(diff, t.currency)} cheaper than {first} {over}"
    else:
        money_part = f"{other} costs {money(-diff, t.currency)} more than {first} {over}"
    if not t.competency:
        return money_part + "."
    if t.points < 0:
        return f"{money_part} and scores {-t.points:.0f} points lower on {t.competency.lower()}."
    return f"{money_part} and scores {t.points:.0f} points higher on {t.competency.lower()}."


def price_lines(v: Vetting) -> list[str]:
    """The in-house cost and break-even, each provider's price through the business case,
    and the trade-offs against the first."""
    if v.case is None:
        return []
    cur, terms, be = currency(v), v.case.terms, v.case.break_even
    years = f"{terms.years} year{'' if terms.years == 1 else 's'}"
    price = [
        f"In-house {exact_money(terms.baseline, cur)} a year; break-even saving "
        + (f"{be:.1f} %" if be is not None else "none")
        + f"; {years} at {terms.discount * 100:g} %."
    ]
    for r in v.ranked:
        if r.price is not None:
            p = r.price
            pays = (
                f", pays back in year {p.payback_year}" if p.payback_year else ", never pays back"
            )
            price.append(
                f"{r.scored.name}: {exact_money(p.annual_price, cur)} a year, a saving of "
                f"{p.saving:.1f} % — {'clears' if p.clears else 'does not clear'} the "
                f"break-even saving; NPV {money(p.npv, cur, sign=True)}{pays}."
            )
    price.extend(trade_off_words(t) for t in v.trade_offs)
    return price
