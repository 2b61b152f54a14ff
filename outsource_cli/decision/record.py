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

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from outsource_cli.decision.counterfactuals import Counterfactuals, analyse
from outsource_cli.decision.engine import Decision, decide
from outsource_cli.questionnaire.answers import coerce
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import Changes, as_data, changes, problem
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, Uncertain, to_data
from outsource_cli.questionnaire.uncertain import read as uncertain_answer

MAX_DIFFERENCES = 20  # listed; the count is always given in full
NOT_COMPARED = ("record", "what_if")  # the record itself; the what-if is a note about it


def decision_record(
    catalog: Catalog,
    answers: Mapping[str, AnswerValue],
    defaulted: Collection[str],
    weights: Mapping[str, float],
    pairs: bool,
    uncertain: Mapping[str, Uncertain] | None = None,
) -> dict[str, Any]:
    """The ``record`` of a decision made by ``decide(catalog, answers, …, weights,
    defaulted, uncertain)`` with counterfactuals searched with ``pairs``. Uncertain answers
    (docs/uncertainty.md) are kept as given, under ``uncertain``, when there are any."""
    unsure = uncertain or {}
    kept = {q: to_data(unsure[q]) for q in catalog.questions if q in unsure}
    return {
        **as_data(catalog.fingerprint),
        "answers": {
            q: list(v) if isinstance(v, tuple) else v
            for q in catalog.questions
            if (v := answers.get(q)) is not None
        },
        "defaulted": [q for q in catalog.questions if q in set(defaulted)],
        "weights": dict(weights),
        "pairs": pairs,
        **({"uncertain": kept} if kept else {}),
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
    if not isinstance(record.get("weights", {}), dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool)
        for v in record.get("weights", {}).values()
    ):
        return "'record.weights' must map set ids to numbers"
    if not isinstance(record.get("defaulted", []), list):
        return "'record.defaulted' must be a list of set.question ids"
    return None


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
    weights = {k: float(v) for k, v in record.get("weights", {}).items() if k in set_ids}
    defaulted = [q for q in record.get("defaulted", []) if q in catalog.questions]
    function = data.get("function") if isinstance(data.get("function"), str) else None
    uncertain: dict[str, Uncertain] = {}
    for qid, raw in (record.get("uncertain") or {}).items():
        q = catalog.questions.get(qid)
        try:
            read = uncertain_answer(q, raw, coerce) if q and isinstance(raw, dict) else None
        except ValueError as exc:
            dropped.append(f"{qid}: {exc}")
            continue
        if isinstance(read, NumberRange | OneOf):
            uncertain[qid] = read
    decision = decide(catalog, answers, function, weights, defaulted, uncertain)
    cf = analyse(catalog, answers, pairs=bool(record.get("pairs")), weights=weights)
    return Recomputed(decision, cf, tuple(dropped), changes(record, catalog))


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


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
