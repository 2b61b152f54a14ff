"""Why an answer scores as it does, in words: the ``because`` sentences of the question set.
Presentation only; the numbers come from :mod:`outsource_cli.decision.scoring`."""

from __future__ import annotations

from outsource_cli.decision.scoring import range_of
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question


def because(q: Question, value: AnswerValue) -> str:
    if q.type == "number":
        if isinstance(value, bool | str | tuple):
            return ""
        r = range_of(q, value)
        return r.because if r is not None else ""
    if isinstance(value, tuple):
        picked = [
            o
            for o in q.options
            if o.score is not None and any(type(o.value) is type(v) and o.value == v for v in value)
        ]
        if not picked:
            return ""
        if q.combine == "mean":
            return "; ".join(o.because or "" for o in picked if o.because)
        pick = (min if q.combine == "min" else max)(picked, key=lambda o: o.score or 0)
        return pick.because or ""
    option = next((o for o in q.options if type(o.value) is type(value) and o.value == value), None)
    return (option.because or "") if option is not None else ""
