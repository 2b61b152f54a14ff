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


class Dropped(NamedTuple):
    """A part of the record that cannot be read with the question sets in use: ``reason`` is
    "no_question" (an answer to ``id``, a question no longer asked), "no_question_defaulted"
    (an answer accepted as suggested), "no_question_uncertain" (an uncertain answer), "no_set"
    (the weight of ``id``, a question set no longer there) or "unreadable" (an answer or
    uncertain answer to ``id`` that its question no longer accepts: ``detail`` says why)."""

    id: str
    reason: str
    detail: str = ""


class Recomputed(NamedTuple):
    decision: Decision
    counterfactuals: Counterfactuals
    dropped: tuple[Dropped, ...]  # answers that can no longer be read
    changes: Changes  # how the question sets differ from the record's


class Contradiction(NamedTuple):
    """An uncertain answer in a record that disagrees with the point answer it stores:
    ``kind`` is "unanswered" (``record.answers`` has no answer to ``qid``), "outside" (the
    stored answer is not in the range, or not listed by the one_of) or "off_midpoint" (the
    stored answer is in the range, but not its ``midpoint``). ``given`` is the uncertain
    answer as the record holds it, ``stored`` the point answer."""

    qid: str
    kind: str
    given: Any
    stored: Any = None
    midpoint: Any = None


class RecordProblem(NamedTuple):
    """Why some data is not a decision with a record that can be verified: ``kind`` is
    "not_decision", "no_record", "fingerprint" or "currency" (``detail``: the format's own
    message), "answers", "weights" (``limit``: the largest weight), "list" or "text" (the
    record's ``key`` that is not a list of ids, or not a text), "uncertain" or "contradicts"
    (``contradictions``: every one found)."""

    kind: str
    detail: str = ""
    key: str = ""
    limit: int = 0
    contradictions: tuple[Contradiction, ...] = ()


def record_problem(data: Any) -> RecordProblem | None:
    """Why ``data`` is not a decision with a record, or None."""
    if not isinstance(data, dict) or "outcome" not in data:
        return RecordProblem("not_decision")
    record = data.get("record")
    if record is None:
        return RecordProblem("no_record")
    why = problem(record)
    if why is not None:
        return RecordProblem("fingerprint", detail=why)
    if not isinstance(record.get("answers"), dict):
        return RecordProblem("answers")
    weights = record.get("weights", {})
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and 0 <= v <= MAX_WEIGHT
        for v in weights.values()
    ):
        return RecordProblem("weights", limit=MAX_WEIGHT)
    currency = record.get("currency")
    if currency is not None and (why := currency_problem(currency)) is not None:
        return RecordProblem("currency", detail=why)
    for key in ("defaulted", "not_asked"):
        listed = record.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(q, str) for q in listed):
            return RecordProblem("list", key=key)
    unsure = record.get("uncertain", {})
    if not isinstance(unsure, dict) or not all(isinstance(v, dict) for v in unsure.values()):
        return RecordProblem("uncertain")
    for key in ("function", "respondent"):
        if not isinstance(record.get(key, ""), str):
            return RecordProblem("text", key=key)
    found = contradictions(record)
    if found:
        return RecordProblem("contradicts", contradictions=tuple(found))
    return None


def contradictions(record: Mapping[str, Any]) -> list[Contradiction]:
    """Where the record's uncertain answers disagree with the point answers it stores (a
    record checked by :func:`record_problem` up to ``uncertain``): each ``range`` must hold
    its answer, which is its midpoint, and each ``one_of`` must list its answer. A range or
    one_of that cannot be read is left to :func:`recompute`, which names it."""
    out = []
    answers = record["answers"]
    for qid, raw in (record.get("uncertain") or {}).items():
        if len(raw) != 1:
            continue
        stored = answers.get(qid)
        if qid not in answers:
            out.append(Contradiction(qid, "unanswered", raw))
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
                out.append(Contradiction(qid, "outside", raw, stored))
            elif not _same(stored, mid):
                out.append(Contradiction(qid, "off_midpoint", raw, stored, mid))
        elif "one_of" in raw:
            values = raw["one_of"]
            if isinstance(values, list) and values and not any(_same(stored, v) for v in values):
                out.append(Contradiction(qid, "outside", raw, stored))
    return out


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def recompute(catalog: Catalog, data: Mapping[str, Any]) -> Recomputed:
    """The decision made again from the record in ``data`` (checked by :func:`record_problem`)."""
    record = data["record"]
    answers: dict[str, AnswerValue] = {}
    dropped: list[Dropped] = []
    for qid, raw in record["answers"].items():
        q = catalog.questions.get(qid)
        if q is None:
            dropped.append(Dropped(qid, "no_question"))
            continue
        try:
            answers[qid] = coerce(q, raw)
        except ValueError as exc:
            dropped.append(Dropped(qid, "unreadable", str(exc)))
    set_ids = {qs.id for qs in catalog.sets}
    weights: dict[str, float] = {}
    for set_id, w in record.get("weights", {}).items():
        if set_id in set_ids:
            weights[set_id] = float(w)
        else:
            dropped.append(Dropped(set_id, "no_set"))
    defaulted = []
    for qid in record.get("defaulted", []):
        if qid in catalog.questions:
            defaulted.append(qid)
        else:
            dropped.append(Dropped(qid, "no_question_defaulted"))
    # the function named in the record (older records have none: the decision's own)
    function = record.get("function", data.get("function"))
    function = function if isinstance(function, str) else None
    uncertain: dict[str, Uncertain] = {}
    for qid, raw in (record.get("uncertain") or {}).items():
        q = catalog.questions.get(qid)
        if q is None:
            dropped.append(Dropped(qid, "no_question_uncertain"))
            continue
        try:
            read = uncertain_answer(q, raw, coerce)
        except ValueError as exc:
            dropped.append(Dropped(qid, "unreadable", str(exc)))
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


class Difference(NamedTuple):
    """One place where a decision and the one made again from its record differ, at ``path``
    (``stages[0].verdict``): ``kind`` is "differs" (the record has ``stored``, the decision
    made again ``remade``), "only_stored" (in the record, not in the decision made again) or
    "only_remade" (missing from the record). Where the decision's ``what_if`` disagrees with
    its record, ``path`` is "what_if", "what_if.answers" or "what_if.weights" and ``kind`` is
    "what_if_shape" (not a mapping), "what_if_no_question" (an entry without a question),
    "what_if_answer" or "what_if_weight" (the answer to ``id``, or the weight of set ``id``,
    is ``remade`` in the what-if and ``stored`` in the record)."""

    path: str
    kind: str
    stored: Any = None
    remade: Any = None
    id: str = ""


def what_if_differences(data: Mapping[str, Any]) -> list[Difference]:
    """Where the decision's ``what_if`` disagrees with its record: an answer it says was set
    that the record does not hold, or weights other than the record's (the record holds the
    answers after the what-if, so what they were before cannot be checked)."""
    record, what_if = data["record"], data.get("what_if")
    if what_if is None:
        return []
    if not isinstance(what_if, dict):
        return [Difference("what_if", "what_if_shape")]
    out = []
    answers = record.get("answers", {})
    for item in what_if.get("answers") or []:
        q = item.get("question") if isinstance(item, dict) else None
        if not isinstance(q, str):
            out.append(Difference("what_if.answers", "what_if_no_question"))
        elif not _same(answers.get(q), item.get("value")):
            out.append(
                Difference(
                    "what_if.answers", "what_if_answer", answers.get(q), item.get("value"), q
                )
            )
    claimed = {
        w.get("set"): w.get("weight") for w in what_if.get("weights") or [] if isinstance(w, dict)
    }
    recorded = record.get("weights", {})
    for set_id in [*recorded, *(k for k in claimed if k not in recorded)]:
        if not _same(claimed.get(set_id), recorded.get(set_id)):
            out.append(
                Difference(
                    "what_if.weights",
                    "what_if_weight",
                    recorded.get(set_id),
                    claimed.get(set_id),
                    str(set_id),
                )
            )
    return out


def differences(stored: Any, remade: Any, path: str = "") -> list[Difference]:
    """Every place where ``stored`` and ``remade`` (plain JSON data) differ (the top-level
    ``record`` and ``what_if`` are not compared)."""
    out: list[Difference] = []
    if isinstance(stored, dict) and isinstance(remade, dict):
        for key in [*stored, *(k for k in remade if k not in stored)]:
            if not path and key in NOT_COMPARED:
                continue
            where = f"{path}.{key}" if path else str(key)
            if key not in remade:
                out.append(Difference(where, "only_stored", stored[key]))
            elif key not in stored:
                if not path and key in ADDED_LATER and _same(remade[key], ADDED_LATER[key]):
                    continue  # written before the key existed, and it would have said so
                out.append(Difference(where, "only_remade", remade=remade[key]))
            else:
                out.extend(differences(stored[key], remade[key], where))
        return out
    if isinstance(stored, list) and isinstance(remade, list) and len(stored) == len(remade):
        for i, (a, b) in enumerate(zip(stored, remade, strict=True)):
            out.extend(differences(a, b, f"{path}[{i}]"))
        return out
    if _same(stored, remade):
        return out
    return [Difference(path, "differs", stored, remade)]


HEADLINE = ("outcome", "form", "location", "score")
_FIRST = (*HEADLINE, "model", "contract", "provisional", "answers", "uncertainty", "business_case")


def readers_first(found: list[Difference]) -> list[Difference]:
    """Differences with what a reader asks first at the top: the headline, then the answers
    the decision was made from, then the rest in the order of the JSON."""

    def rank(d: Difference) -> int:
        head = d.path.split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
        return _FIRST.index(head) if head in _FIRST else len(_FIRST)

    return sorted(found, key=rank)


class Change(NamedTuple):
    """A headline value (``key``: outcome, form, location or score) that differs."""

    key: str
    stored: Any
    remade: Any


class Headline(NamedTuple):
    """The headline of a decision against the one made again from its record: the values
    that differ (``changed``), whether each lists readiness steps (is "once ready"), and the
    outcome and balance of the one made again."""

    changed: tuple[Change, ...]
    once_ready_stored: bool
    once_ready_remade: bool
    outcome: Any
    score: Any


def headline_compared(stored: Mapping[str, Any], remade: Mapping[str, Any]) -> Headline:
    """Whether the headline (outcome, once ready or not, form, location, and the balance of
    the answers, ``score``) is the same."""
    changed = tuple(
        Change(k, stored.get(k), remade.get(k))
        for k in HEADLINE
        if not _same(stored.get(k), remade.get(k))
    )
    return Headline(
        changed,
        bool(stored.get("conditions")),
        bool(remade.get("conditions")),
        remade.get("outcome"),
        remade.get("score"),
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)
