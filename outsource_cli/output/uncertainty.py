"""Uncertain answers in words: the outcome probabilities, what swings the score (the
tornado's rows), and the notes on what does not move it (unescaped: each format escapes)."""

from __future__ import annotations

from typing import NamedTuple

from outsource_cli.decision.engine import Decision
from outsource_cli.output.business import OUTCOME_WORDS
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.uncertain import describe, from_data
from outsource_cli.text import one_line


def _name(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    return one_line(q.text) if q is not None else qid


def percent(p: float) -> str:
    """A probability in per cent, one decimal at most: "37.5 %", "0 %", "100 %"."""
    return f"{round(p * 100, 1):g} %"


def probability_line(d: Decision) -> str:
    """The outcome probabilities under the uncertain answers, how they were found, and what
    the headline is made from (unescaped)."""
    u = d.uncertainty
    assert u is not None
    probs = ", ".join(
        f"{OUTCOME_WORDS[o]} {percent(p)}" for o, p in u.outcome_probabilities.items()
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
        text += f"; the most likely outcome is {OUTCOME_WORDS[u.most_likely]}"
    return text + "."


def uncertain_answer(d: Decision, catalog: Catalog, qid: str) -> str:
    """“Expected savings” between 10 and 25 %."""
    q = catalog.questions[qid]
    u = d.uncertainty
    assert u is not None
    return f"“{_name(catalog, qid)}” {describe(q, from_data(u.answers[qid]), display)}"


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
                _name(catalog, s.question),
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
