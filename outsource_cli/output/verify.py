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


# Why data is not a decision with a record, by the problem's kind: a template filled with
# the problem (its ``key``, ``limit``). "fingerprint", "currency" and a contradiction are
# worded from their details (below).
PROBLEMS = {
    "not_decision": (
        "not a decision (write one with: outsource assess --answers FILE --format json)"
    ),
    "no_record": "the decision has no 'record' (made by an older version of the tool?)",
    "answers": "'record.answers' must map set.question ids to answers",
    "weights": "'record.weights' must map set ids to numbers from 0 to {p.limit}",
    "list": "'record.{p.key}' must be a list of set.question ids",
    "uncertain": (
        "'record.uncertain' must map set.question ids to {{range: [a, b]}} or {{one_of: [...]}}"
    ),
    "text": "'record.{p.key}' must be a text",
}


def problem_words(p: RecordProblem) -> str:
    """Why the data is not a decision with a record, in one line."""
    if p.kind in PROBLEMS:
        return PROBLEMS[p.kind].format(p=p)
    if p.kind == "fingerprint":
        return p.detail
    if p.kind == "currency":
        return p.detail.replace("'currency'", "'record.currency'", 1)
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


# A part of the record that cannot be read, by why: a template filled with the part's ``id``
# (any other reason: its ``detail``).
DROPPED = {
    "no_question": "{d.id}: no such question now",
    "no_question_defaulted": "{d.id} (accepted as suggested): no such question now",
    "no_question_uncertain": "{d.id} (uncertain): no such question now",
    "no_set": "the weight of {d.id}: no such question set now",
}


def dropped_words(d: Dropped) -> str:
    """A part of the record that cannot be read, in words."""
    return DROPPED.get(d.reason, "{d.id}: {d.detail}").format(d=d)


# One difference between the record and the decision made again, by its kind: a template
# filled with its ``path``, ``id`` and the two values (``stored``, ``remade``) as short JSON.
DIFFERENCES = {
    "only_stored": "{path}: in the record, not in the decision made again",
    "only_remade": "{path}: missing from the record",
    "what_if_shape": "{path}: not a what-if (a mapping of answers and weights)",
    "what_if_no_question": "{path}: an entry without a question",
    "what_if_answer": "{path}: {id} set to {remade} in the what-if, {stored} in the record",
    "what_if_weight": "{path}: {id} weighs {remade} in the what-if, {stored} in the record",
}
DIFFERENT = "{path}: the record has {stored}, made again {remade}"


def difference_words(d: Difference) -> str:
    """One difference, as ``path: the record has X, made again Y``."""
    template = DIFFERENCES.get(d.kind, DIFFERENT)
    return template.format(path=d.path, id=d.id, stored=short(d.stored), remade=short(d.remade))


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
