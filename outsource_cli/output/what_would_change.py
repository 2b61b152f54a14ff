"""What would change the outcome, in words every format shares: the smallest changes of
one or two answers, levers (what the firm could still change before signing) before facts
(what would have to be different), each as a sentence. Unescaped: each format escapes."""

from __future__ import annotations

from outsource_cli.decision.counterfactuals import MAX_PAIRS, Counterfactuals, Flip
from outsource_cli.output.report import OUTCOME
from outsource_cli.questionnaire.shapes import Policy
from outsource_cli.text import one_line

TOP_PAIRS = 10


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


def change_lines(cf: Counterfactuals | None, policy: Policy | None = None) -> list[str]:
    """The counterfactual section as plain lines ("- " marks a list item); unescaped.

    Advice before diagnosis: first what the firm could change before signing (levers), then
    what would have to be different (facts); changes that act only through a forcing gate (a
    legal prohibition) are left out (the gate is shown in its own section)."""
    if cf is None:
        return ["Not computed."]
    lines: list[str] = []
    for kind, title in (
        ("lever", "What you could do (answers you can change before signing):"),
        ("fact", "What would have to be different (the situation, the price and the terms):"),
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
    if cf.structural_gates:
        names = ", ".join(f"“{one_line(t)}”" for t in cf.structural_gates)
        lines.append(f"Not listed: changes that would act only through a knock-out ({names}).")
    if cf.pairs_searched and not cf.pairs_complete:
        lines.append(
            f"Pairs of changes: the search stopped at its limit of {MAX_PAIRS:,} evaluations; "
            f"{cf.pairs_untried:,} pairs (or number searches) that could flip the outcome were "
            "not tried, so more pairs may exist."
        )
    answers = "one or two answers" if cf.pairs_searched and cf.pairs_complete else "one answer"
    none = f"No change of {answers} changes the outcome."
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
