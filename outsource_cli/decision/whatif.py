"""What-if overrides from the command line: ``--set set.question=value`` and
``--weight set=number``. Pure: parsing and checking only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from outsource_cli.errors import UsageError
from outsource_cli.questionnaire.answers import coerce
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.text import did_you_mean


class Override(NamedTuple):
    target: str  # set.question, or a set id for weights
    value: AnswerValue
    was: AnswerValue | None


class WeightOverride(NamedTuple):
    target: str  # a set id
    value: float
    was: float


MAX_WEIGHT = 1000  # the largest set weight a what-if (or a decision record) may give
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class WhatIf(NamedTuple):
    answers: tuple[Override, ...] = ()
    weights: tuple[WeightOverride, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.answers or self.weights)

    def apply(self, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
        return {**answers, **{o.target: o.value for o in self.answers}}

    def weight_map(self) -> dict[str, float]:
        return {o.target: o.value for o in self.weights}

    def notes(self) -> list[str]:
        """Each override in words (unescaped: the caller escapes for its format)."""
        answers = [f"{o.target} = {_plain(o.value)} (was {_plain(o.was)})" for o in self.answers]
        return answers + [
            f"weight of {o.target} = {o.value:g} (was {o.was:g})" for o in self.weights
        ]


def _plain(value: AnswerValue | None) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def parse_what_if(
    catalog: Catalog, sets: list[str], weights: list[str], answers: Mapping[str, AnswerValue]
) -> WhatIf:
    """Check every override; a wrong one is a usage error that says what is allowed."""
    answer_overrides = []
    for item in sets:
        qid, sep, raw = item.partition("=")
        qid = qid.strip()
        if not sep:
            raise UsageError(f"--set {item!r}: expected set.question=value")
        if qid not in catalog.questions:
            raise UsageError(
                f"--set {item!r}: unknown question '{qid}'{did_you_mean(qid, list(catalog.questions))}"
            )
        try:
            value = coerce(catalog.questions[qid], raw.strip())
        except ValueError as exc:
            raise UsageError(f"--set {item!r}: {exc}") from None
        answer_overrides.append(Override(qid, value, answers.get(qid)))
    weight_overrides = []
    set_ids = [s.id for s in catalog.sets]
    for item in weights:
        set_id, sep, raw = item.partition("=")
        set_id = set_id.strip()
        if not sep:
            raise UsageError(f"--weight {item!r}: expected set=number")
        if set_id not in set_ids:
            raise UsageError(
                f"--weight {item!r}: unknown question set '{set_id}'{did_you_mean(set_id, set_ids)}"
            )
        if not _NUMBER.fullmatch(raw.strip()):  # float() would take 1_000 and other digits
            raise UsageError(f"--weight {item!r}: '{raw}' is not a number")
        number = float(raw)
        if not 0 <= number <= MAX_WEIGHT:
            raise UsageError(f"--weight {item!r}: a weight is a number from 0 to {MAX_WEIGHT}")
        was = next(s.weight for s in catalog.sets if s.id == set_id)
        weight_overrides.append(WeightOverride(set_id, number, was))
    return WhatIf(tuple(answer_overrides), tuple(weight_overrides))
