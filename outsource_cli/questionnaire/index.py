"""A compact, memory-light index of question sets: what cross-file checks and the analysis
of conditions need, without texts. Lint keeps only this for every file it has read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.shapes import Condition, Question, QuestionSet


class QInfo(NamedTuple):
    qid: str  # set.question
    place: int  # position in its set file (for locations)
    type: str
    values: tuple[str | int | float | bool, ...]  # option values
    score_range: tuple[float, float] | None  # None: not scored
    min: float | None
    max: float | None
    required: bool
    weight: float
    when: Condition | None
    lever: bool = False

    @classmethod
    def of(cls, set_id: str, index: int, q: Question) -> QInfo:
        scores = of(q).listed_scores(q)
        return cls(
            f"{set_id}.{q.id}",
            index,
            q.type,
            tuple(o.value for o in q.options),
            (min(scores), max(scores)) if scores else None,
            q.min,
            q.max,
            q.required,
            q.weight,
            q.when,
            q.lever,
        )


class CInfo(NamedTuple):
    """A calculated value: ``set.id``, its place in its set's ``calculations``, its text."""

    cid: str
    place: int
    value: str


class SetInfo(NamedTuple):
    id: str
    weight: float
    order: int
    path: str
    questions: tuple[QInfo, ...]
    calculations: tuple[CInfo, ...] = ()

    @classmethod
    def of(cls, qs: QuestionSet, path: str) -> SetInfo:
        questions = tuple(QInfo.of(qs.id, i, q) for i, q in enumerate(qs.questions))
        calcs = tuple(CInfo(f"{qs.id}.{c.id}", i, c.value) for i, c in enumerate(qs.calculations))
        return cls(qs.id, qs.weight, qs.order, path, questions, calcs)


class Index(NamedTuple):
    sets: tuple[SetInfo, ...]  # asking order
    questions: Mapping[str, QInfo]  # asking order
    position: Mapping[str, int]  # set.question -> its place in asking order
    set_of: Mapping[str, SetInfo]
    calculations: Mapping[str, CInfo]  # set.id -> calculated value

    @classmethod
    def build(cls, sets: Iterable[SetInfo]) -> Index:
        ordered = tuple(sorted(sets, key=lambda s: (s.order, s.id)))
        questions: dict[str, QInfo] = {}
        set_of: dict[str, SetInfo] = {}
        calcs: dict[str, CInfo] = {}
        for s in ordered:
            for q in s.questions:
                questions.setdefault(q.qid, q)
                set_of.setdefault(q.qid, s)
            for c in s.calculations:
                calcs.setdefault(c.cid, c)
        position = {q: n for n, q in enumerate(questions)}
        return cls(ordered, questions, position, set_of, calcs)
