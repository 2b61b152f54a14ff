"""A decision record: what a JSON decision embeds so that it can be verified later.

``outsource assess --format json`` adds a ``record`` to the decision: the tool's version, the
content hash and per-question fingerprints of the question sets and policy
(:mod:`outsource_cli.questionnaire.record`), and what the decision was made from — every
answer given (after any ``--set``), the ``--weight`` overrides, the answers accepted as
suggested, and whether pairs of changes were searched. :func:`recompute` makes the decision
again from that; :func:`differences` names every value of the stored decision that differs
from the one made again. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from outsource_cli.decision.counterfactuals import Counterfactuals, find_counterfactuals
from outsource_cli.decision.engine import Decision, decide
from outsource_cli.decision.whatif import MAX_WEIGHT
from outsource_cli.questionnaire.answers import coerce, currency_problem
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import Changes, as_data, changes, problem
from outsource_cli.questionnaire.uncertain import (
    NumberRange,
    OneOf,
    Uncertain,
    plain_number,
    to_data,
)
from outsource_cli.questionnaire.uncertain import read as uncertain_answer

MAX_DIFFERENCES = 20  # listed; the count is always given in full
NOT_COMPARED = ("record", "what_if")  # the record itself; the what-if is a note about it
# keys a decision gained after records were first written, with the value their absence means
ADDED_LATER: dict[str, Any] = {"recommended": True, "not_asked": []}


def decision_record(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    defaulted: Collection[str],
    weights: Mapping[str, float],
    pairs: bool,
    uncertain: Mapping[str, Uncertain] | None = None,
    function: str | None = None,
    respondent: str | None = None,
    not_asked: Collection[str] = (),
    currency: str | None = None,
) -> dict[str, Any]:
    """The ``record`` of a decision made by ``decide(catalog, answers, function, weights,
    defaulted, uncertain)`` with counterfactuals searched with ``pairs``. Uncertain answers
    (docs/uncertainty.md) are kept as given, under ``uncertain``, when there are any; the
    respondent whose answers they are, when the answers file names one (a panel that is
    given this decision and that respondent's answers file knows them for one person); the
    currency of the money answers, when they name one."""
    unsure = uncertain or {}
    kept = {q: to_data(unsure[q]) for q in catalog.questions if q in unsure}
    return {
        **as_data(catalog.fingerprint),
        **({"function": function} if function is not None else {}),
        **({"currency": currency} if currency else {}),
        "answers": {
            q: list(v) if isinstance(v, tuple) else v
            for q in catalog.questions
            if (v := answers.get(q)) is not None
        },
        "defaulted": [q for q in catalog.questions if q in set(defaulted)],
        "weights": dict(weights),
        "pairs": pairs,
        **({"uncertain": kept} if kept else {}),
        **({"respondent": respondent} if respondent else {}),
        **(
            {"not_asked": [q for q in catalog.questions if q in set(not_asked)]}
            if not_asked
            else {}
        ),
    }


class Recomputed(NamedTuple):
    decision: Decision
    counterfactuals: Counterfactuals
    dropped: tuple[str, ...]  # answers that can no longer be read, each in words
    changes: Changes  # how the question sets differ from the record's


def record_problem(data: Any) -> str | None:
    """Why ``data`` is not a decision with a record, or None."""
    if not isinstance(data, dict) or "outcome" not in data:
        return "not a decision (write one with: outsource assess --answers FILE --format json)"
    record = data.get("record")
    if record is None:
        return "the decision has no 'record' (made by an older version of the tool?)"
    why = problem(record)
    if why is not None:
        return why
    if not isinstance(record.get("answers"), dict):
        return "'record.answers' must map set.question ids to answers"
    weights = record.get("weights", {})
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and 0 <= v <= MAX_WEIGHT
        for v in weights.values()
    ):
        return f"'record.weights' must map set ids to numbers from 0 to {MAX_WEIGHT}"
    currency = record.get("currency")
    if currency is not None and (why := currency_problem(currency)) is not None:
        return why.replace("'currency'", "'record.currency'", 1)
    for key in ("defaulted", "not_asked"):
        listed = record.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(q, str) for q in listed):
            return f"'record.{key}' must be a list of set.question ids"
    unsure = record.get("uncertain", {})
    if not isinstance(unsure, dict) or not all(isinstance(v, dict) for v in unsure.values()):
        return "'record.uncertain' must map set.question ids to {range: [a, b]} or {one_of: [...]}"
    if not isinstance(record.get("function", ""), str):
        return "'record.function' must be a text"
    if not isinstance(record.get("respondent", ""), str):
        return "'record.respondent' must be a text"
    found = contradictions(record)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        return (
            f"the record contradicts itself: {'; '.join(found[:3])}{more}; a decision is made "
            "from the point estimate of each uncertain answer (docs/uncertainty.md), so this "
            "record was not written by outsource assess as it stands"
        )
    return None


def contradictions(record: Mapping[str, Any]) -> list[str]:
    """Where the record's uncertain answers disagree with the point answers it stores (a
    record checked by :func:`record_problem` up to ``uncertain``): each ``range`` must hold
    its answer, which is its midpoint, and each ``one_of`` must list its answer. A range or
    one_of that cannot be read is left to :func:`recompute`, which names it."""
    out = []
    answers = record["answers"]
    for qid, raw in (record.get("uncertain") or {}).items():
        if len(raw) != 1:
            continue
        given = f"{_short(raw)} for {qid}"
        stored = answers.get(qid)
        if qid not in answers:
            out.append(f"record.uncertain gives {given}, and record.answers has no answer to it")
        elif "range" in raw:
            ends = raw["range"]
            if not (
                isinstance(ends, list)
                and len(ends) == 2
                and all(_finite(x) for x in ends)
                and ends[0] <= ends[1]
            ):
                continue  # unreadable: recompute says why
            mid = plain_number((ends[0] + ends[1]) / 2)
            if not _finite(stored) or not ends[0] <= stored <= ends[1]:
                out.append(
                    f"record.uncertain gives {given}, but record.answers has {_short(stored)}"
                )
            elif not _same(stored, mid):
                out.append(
                    f"record.uncertain gives {given}, whose point estimate (its midpoint) is "
                    f"{_short(mid)}, but record.answers has {_short(stored)}"
                )
        elif "one_of" in raw:
            values = raw["one_of"]
            if isinstance(values, list) and values and not any(_same(stored, v) for v in values):
                out.append(
                    f"record.uncertain gives {given}, but record.answers has {_short(stored)}"
                )
    return out


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def recompute(catalog: Catalog, data: Mapping[str, Any]) -> Recomputed:
    """The decision made again from the record in ``data`` (checked by :func:`record_problem`)."""
    record = data["record"]
    answers: dict[str, AnswerValue] = {}
    dropped: list[str] = []
    for qid, raw in record["answers"].items():
        q = catalog.questions.get(qid)
        if q is None:
            dropped.append(f"{qid}: no such question now")
            continue
        try:
            answers[qid] = coerce(q, raw)
        except ValueError as exc:
            dropped.append(f"{qid}: {exc}")
    set_ids = {qs.id for qs in catalog.sets}
    weights: dict[str, float] = {}
    for set_id, w in record.get("weights", {}).items():
        if set_id in set_ids:
            weights[set_id] = float(w)
        else:
            dropped.append(f"the weight of {set_id}: no such question set now")
    defaulted = []
    for qid in record.get("defaulted", []):
        if qid in catalog.questions:
            defaulted.append(qid)
        else:
            dropped.append(f"{qid} (accepted as suggested): no such question now")
    # the function named in the record (older records have none: the decision's own)
    function = record.get("function", data.get("function"))
    function = function if isinstance(function, str) else None
    uncertain: dict[str, Uncertain] = {}
    for qid, raw in (record.get("uncertain") or {}).items():
        q = catalog.questions.get(qid)
        if q is None:
            dropped.append(f"{qid} (uncertain): no such question now")
            continue
        try:
            read = uncertain_answer(q, raw, coerce)
        except ValueError as exc:
            dropped.append(f"{qid}: {exc}")
            continue
        if isinstance(read, NumberRange | OneOf):
            uncertain[qid] = read
    not_asked = [q for q in record.get("not_asked", []) if q in catalog.questions]
    # the money's currency (records made before it was kept in them: the decision's own)
    currency = record.get("currency", data.get("currency"))
    currency = (
        currency if isinstance(currency, str) and currency_problem(currency) is None else None
    )
    decision = decide(
        catalog, answers, function, weights, defaulted, uncertain, not_asked=not_asked
    )._replace(currency=currency)
    cf = find_counterfactuals(catalog, answers, pairs=bool(record.get("pairs")), weights=weights)
    return Recomputed(decision, cf, tuple(dropped), changes(record, catalog))


def what_if_differences(data: Mapping[str, Any]) -> list[str]:
    """Where the decision's ``what_if`` disagrees with its record: an answer it says was set
    that the record does not hold, or weights other than the record's (the record holds the
    answers after the what-if, so what they were before cannot be checked)."""
    record, what_if = data["record"], data.get("what_if")
    if what_if is None:
        return []
    if not isinstance(what_if, dict):
        return ["what_if: not a what-if (a mapping of answers and weights)"]
    out = []
    answers = record.get("answers", {})
    for item in what_if.get("answers") or []:
        q = item.get("question") if isinstance(item, dict) else None
        if not isinstance(q, str):
            out.append("what_if.answers: an entry without a question")
        elif not _same(answers.get(q), item.get("value")):
            out.append(
                f"what_if.answers: {q} set to {_short(item.get('value'))} in the what-if, "
                f"{_short(answers.get(q))} in the record"
            )
    claimed = {
        w.get("set"): w.get("weight") for w in what_if.get("weights") or [] if isinstance(w, dict)
    }
    recorded = record.get("weights", {})
    for set_id in [*recorded, *(k for k in claimed if k not in recorded)]:
        if not _same(claimed.get(set_id), recorded.get(set_id)):
            out.append(
                f"what_if.weights: {set_id} weighs {_short(claimed.get(set_id))} in the "
                f"what-if, {_short(recorded.get(set_id))} in the record"
            )
    return out


def differences(stored: Any, remade: Any, path: str = "") -> list[str]:
    """Every place where ``stored`` and ``remade`` (plain JSON data) differ, as
    ``path: the record has X, recomputed Y`` (the top-level ``record`` and ``what_if`` are not
    compared)."""
    out: list[str] = []
    if isinstance(stored, dict) and isinstance(remade, dict):
        for key in [*stored, *(k for k in remade if k not in stored)]:
            if not path and key in NOT_COMPARED:
                continue
            where = f"{path}.{key}" if path else str(key)
            if key not in remade:
                out.append(f"{where}: in the record, not in the decision made again")
            elif key not in stored:
                if not path and key in ADDED_LATER and _same(remade[key], ADDED_LATER[key]):
                    continue  # written before the key existed, and it would have said so
                out.append(f"{where}: missing from the record")
            else:
                out.extend(differences(stored[key], remade[key], where))
        return out
    if isinstance(stored, list) and isinstance(remade, list) and len(stored) == len(remade):
        for i, (a, b) in enumerate(zip(stored, remade, strict=True)):
            out.extend(differences(a, b, f"{path}[{i}]"))
        return out
    if _same(stored, remade):
        return out
    return [f"{path}: the record has {_short(stored)}, made again {_short(remade)}"]


HEADLINE = ("outcome", "form", "location", "score")
_FIRST = (*HEADLINE, "model", "contract", "provisional", "answers", "uncertainty", "business_case")


def readers_first(found: list[str]) -> list[str]:
    """Differences with what a reader asks first at the top: the headline, then the answers
    the decision was made from, then the rest in the order of the JSON."""

    def rank(line: str) -> int:
        head = line.split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
        return _FIRST.index(head) if head in _FIRST else len(_FIRST)

    return sorted(found, key=rank)


def headline_compared(stored: Mapping[str, Any], remade: Mapping[str, Any]) -> str:
    """One line: whether the headline (outcome, once ready or not, form, location, and the
    balance of the answers, ``score``) is the same."""
    changed = [
        f"{k} {_short(stored.get(k))} in the record, {_short(remade.get(k))} made again"
        for k in HEADLINE
        if not _same(stored.get(k), remade.get(k))
    ]
    was, now = _ready(stored), _ready(remade)
    if was != now:
        changed.insert(
            1 if changed and changed[0].startswith("outcome ") else 0,
            f"{was} in the record, {now} made again",
        )
    if not changed:
        outcome = remade.get("outcome")
        return (
            f"the headline is the same ({outcome}{'' if now == 'ready' else ' once ready'}, "
            f"balance {remade.get('score')}); details differ"
        )
    return "the headline differs: " + "; ".join(changed)


def _ready(decision: Mapping[str, Any]) -> str:
    """ "once ready" when the decision lists readiness steps (``conditions``), else "ready"."""
    return "once ready" if decision.get("conditions") else "ready"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _short(value: Any) -> str:
    from outsource_cli.text import json_dumps

    text = json_dumps(value, indent=None)
    if len(text) <= 60:
        return text
    cut = text[:57].rsplit(" ", 1)[0]  # at a word boundary, never mid-word
    return cut + "…"
