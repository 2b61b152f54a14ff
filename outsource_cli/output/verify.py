"""``outsource verify`` in words: what the record check (:mod:`outsource_cli.decision.record`)
found, one sentence each, and the text report."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from outsource_cli.decision.record import (
    Contradiction,
    Difference,
    Dropped,
    Headline,
    RecordProblem,
)

MAX_DIFFERENCES = 20  # listed; the count is always given in full


def short(value: Any) -> str:
    """``value`` as compact JSON, cut at a word boundary after about 60 characters."""
    from outsource_cli.text import json_dumps

    text = json_dumps(value, indent=None)
    if len(text) <= 60:
        return text
    cut = text[:57].rsplit(" ", 1)[0]  # at a word boundary, never mid-word
    return cut + "…"


def problem_words(p: RecordProblem) -> str:
    """Why the data is not a decision with a record, in one line."""
    if p.kind == "not_decision":
        return "not a decision (write one with: outsource assess --answers FILE --format json)"
    if p.kind == "no_record":
        return "the decision has no 'record' (made by an older version of the tool?)"
    if p.kind == "fingerprint":
        return p.detail
    if p.kind == "answers":
        return "'record.answers' must map set.question ids to answers"
    if p.kind == "weights":
        return f"'record.weights' must map set ids to numbers from 0 to {p.limit}"
    if p.kind == "currency":
        return p.detail.replace("'currency'", "'record.currency'", 1)
    if p.kind == "list":
        return f"'record.{p.key}' must be a list of set.question ids"
    if p.kind == "uncertain":
        return "'record.uncertain' must map set.question ids to {range: [a, b]} or {one_of: [...]}"
    if p.kind == "text":
        return f"'record.{p.key}' must be a text"
    found = [contradiction_words(c) for c in p.contradictions]
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return (
        f"the record contradicts itself: {'; '.join(found[:3])}{more}; a decision is made "
        "from the point estimate of each uncertain answer (docs/uncertainty.md), so this "
        "record was not written by outsource assess as it stands"
    )


def contradiction_words(c: Contradiction) -> str:
    given = f"{short(c.given)} for {c.qid}"
    if c.kind == "unanswered":
        return f"record.uncertain gives {given}, and record.answers has no answer to it"
    if c.kind == "off_midpoint":
        return (
            f"record.uncertain gives {given}, whose point estimate (its midpoint) is "
            f"{short(c.midpoint)}, but record.answers has {short(c.stored)}"
        )
    return f"record.uncertain gives {given}, but record.answers has {short(c.stored)}"


def dropped_words(d: Dropped) -> str:
    """A part of the record that cannot be read, in words."""
    if d.reason == "no_question":
        return f"{d.id}: no such question now"
    if d.reason == "no_question_defaulted":
        return f"{d.id} (accepted as suggested): no such question now"
    if d.reason == "no_question_uncertain":
        return f"{d.id} (uncertain): no such question now"
    if d.reason == "no_set":
        return f"the weight of {d.id}: no such question set now"
    return f"{d.id}: {d.detail}"


def difference_words(d: Difference) -> str:
    """One difference, as ``path: the record has X, made again Y``."""
    if d.kind == "only_stored":
        return f"{d.path}: in the record, not in the decision made again"
    if d.kind == "only_remade":
        return f"{d.path}: missing from the record"
    if d.kind == "what_if_shape":
        return f"{d.path}: not a what-if (a mapping of answers and weights)"
    if d.kind == "what_if_no_question":
        return f"{d.path}: an entry without a question"
    if d.kind == "what_if_answer":
        return (
            f"{d.path}: {d.id} set to {short(d.remade)} in the what-if, "
            f"{short(d.stored)} in the record"
        )
    if d.kind == "what_if_weight":
        return (
            f"{d.path}: {d.id} weighs {short(d.remade)} in the what-if, "
            f"{short(d.stored)} in the record"
        )
    return f"{d.path}: the record has {short(d.stored)}, made again {short(d.remade)}"


def _ready(once_ready: bool) -> str:
    return "once ready" if once_ready else "ready"


def headline_words(h: Headline) -> str:
    """One line: whether the headline (outcome, once ready or not, form, location, balance)
    is the same."""
    changed = [
        f"{c.key} {short(c.stored)} in the record, {short(c.remade)} made again" for c in h.changed
    ]
    if h.once_ready_stored != h.once_ready_remade:
        changed.insert(
            1 if h.changed and h.changed[0].key == "outcome" else 0,
            f"{_ready(h.once_ready_stored)} in the record, {_ready(h.once_ready_remade)} made again",
        )
    if not changed:
        once = " once ready" if h.once_ready_remade else ""
        return f"the headline is the same ({h.outcome}{once}, balance {h.score}); details differ"
    return "the headline differs: " + "; ".join(changed)


def text(
    path: Path,
    record: Mapping[str, Any],
    found: list[Difference],
    dropped: tuple[Dropped, ...],
    changes: list[str],
    verified: bool,
    version: str,
    headline: Headline | None = None,
) -> str:
    """The text report of ``outsource verify``."""
    from outsource_cli.text import clean

    lines = [f"{path}: made with {record['tool']}, now {version}"]
    if verified:
        lines.append(
            "verified: the decision is what its answers give, with the same question sets "
            f"and policy ({record['question_sets'][:19]}…)"
        )
    else:
        lines.append("NOT verified:")
        if changes:
            lines.append("  the question sets or policy changed since the record was made:")
            lines.extend(f"    {c}" for c in changes)
        if dropped:
            lines.append("  answers that cannot be read with the question sets in use:")
            lines.extend(f"    {dropped_words(d)}" for d in dropped)
        if found:
            n = len(found)
            if headline is not None:
                lines.append(f"  {headline_words(headline)}")
            lines.append(f"  the decision made again differs in {n} place{'' if n == 1 else 's'}:")
            lines.extend(f"    {difference_words(d)}" for d in found[:MAX_DIFFERENCES])
            if n > MAX_DIFFERENCES:
                lines.append(f"    … and {n - MAX_DIFFERENCES} more (--format json lists all)")
        elif dropped or changes:
            lines.append("  the decision made again is the same as the record's")
    return "\n".join(clean(line) for line in lines) + "\n"
