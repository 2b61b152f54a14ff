"""References across question sets: duplicate set ids, and every condition (a question's
``when``, the policy's rules) against the questions and sets there are, with cycles."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.checks.expressions import (
    check_calculations,
    check_expression,
    unread,
)
from outsource_cli.questionnaire.conditions import leaves
from outsource_cli.questionnaire.index import Index, QInfo, SetInfo
from outsource_cli.questionnaire.shapes import (
    AllCondition,
    AnyCondition,
    CalcCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    QuestionCondition,
)
from outsource_cli.questionnaire.source import Document, Loc
from outsource_cli.text import did_you_mean


def check_references(
    index: Index,
    sets: list[SetInfo],
    doc_for: Callable[[str], Document],
    unreadable: Collection[str] | None = (),
) -> list[Problem]:
    """Duplicate set ids, and every ``when`` against the questions of all sets.

    ``unreadable``: ids of sets whose files are broken (references into them are not
    reported: their questions are unknown, not missing); None when some such set's id is
    unknown too, so that no unknown reference is reported.
    """
    problems: list[Problem] = []
    seen_sets: dict[str, str] = {}
    for s in sets:
        if s.id in seen_sets:
            problems.append(
                doc_for(s.path).problem(
                    ["id"], f"duplicate set id '{s.id}' (also in {seen_sets[s.id]})", "R001"
                )
            )
        seen_sets.setdefault(s.id, s.path)
    if problems:
        return problems
    set_ids = set(seen_sets)
    problems.extend(check_calculations(index, sets, doc_for, unreadable))
    cycles = _cycles(index.questions)
    for s in sets:
        for q in s.questions:
            if q.when is not None:
                problems.extend(
                    check_condition(
                        q.when,
                        ["questions", q.place, "when"],
                        doc_for(s.path),
                        index,
                        set_ids,
                        before=q.qid,
                        cycles=cycles,
                        unreadable=unreadable,
                    )
                )
    return problems


def _cycles(questions: Mapping[str, QInfo]) -> dict[str, list[str]]:
    """For each question on a cycle of ``when`` references, the cycle (first question repeated
    at the end), found by depth-first search."""
    deps = {
        qid: sorted(
            {
                leaf.question
                for leaf in leaves(q.when)
                if isinstance(leaf, QuestionCondition) and leaf.question in questions
            }
        )
        if q.when is not None
        else []
        for qid, q in questions.items()
    }
    found: dict[str, list[str]] = {}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in questions:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            if i < len(deps[node]):
                stack.append((node, i + 1))
                nxt = deps[node][i]
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    for member in cycle:
                        found.setdefault(member, cycle)
                elif not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return found


def check_condition(
    cond: Condition,
    loc: Loc,
    doc: Document,
    index: Index,
    set_ids: Collection[str],
    *,
    before: str | None = None,
    cycles: Mapping[str, list[str]] | None = None,
    unreadable: Collection[str] | None = (),
) -> Iterator[Problem]:
    """References in ``cond``: known sets, questions and values; with ``before``, only
    questions asked before that one."""
    for leaf, leaf_loc in _leaves_with_loc(cond, list(loc)):
        if isinstance(leaf, CalcCondition):
            where: Loc = [*leaf_loc, "calc"]

            def at(pos: int, message: str, code: str, where: Loc = where) -> Problem:
                line, col = doc.locate_in(where, pos)
                return Problem(doc.path, line, col, message, code)

            yield from check_expression(
                leaf.calc, at, index, test=True, before=before, unreadable=unreadable
            )
        elif isinstance(leaf, DimensionCondition):
            yield from _dimension(leaf, leaf_loc, doc, set_ids, before, unreadable)
        else:
            yield from _question(leaf, leaf_loc, doc, index, before, cycles, unreadable)


def _dimension(
    leaf: DimensionCondition,
    loc: list[str | int],
    doc: Document,
    set_ids: Collection[str],
    before: str | None,
    unreadable: Collection[str] | None,
) -> Iterator[Problem]:
    """A test of a set's score: in the policy only, of a set there is."""
    if before is not None:
        yield doc.problem(
            [*loc, "dimension"],
            "a question's `when` cannot test a set's score (scores are known only once "
            "every question is answered); use `dimension` in policy rules",
            "S006",
            key=True,
        )
    elif leaf.dimension not in set_ids and not unread(leaf.dimension, unreadable):
        yield doc.problem([*loc, "dimension"], f"unknown question set '{leaf.dimension}'", "R013")


def _question(
    leaf: QuestionCondition,
    loc: list[str | int],
    doc: Document,
    index: Index,
    before: str | None,
    cycles: Mapping[str, list[str]] | None,
    unreadable: Collection[str] | None,
) -> Iterator[Problem]:
    """A test of a question's answer: a question there is, asked before (and on no cycle of
    conditions), with one test, of values it can have."""
    q = index.questions.get(leaf.question)
    if q is None:
        if not unread(leaf.question.split(".")[0], unreadable):
            hint = did_you_mean(leaf.question, index.questions)
            yield doc.problem(
                [*loc, "question"], f"unknown question '{leaf.question}'{hint}", "R010"
            )
        return
    if len(leaf.tests()) != 1:
        yield doc.problem(
            loc,
            "a question condition needs exactly one of: in, not_in, equals, gte, lte, answered",
            "S006",
        )
    cycle = (cycles or {}).get(before or "")
    if cycle is not None and leaf.question in cycle:
        yield doc.problem(
            [*loc, "question"],
            "conditions form a cycle: "
            + " -> ".join(cycle)
            + "; no order of questions can ask them",
            "R014",
        )
    elif before is not None and index.position[leaf.question] >= index.position[before]:
        yield doc.problem(
            [*loc, "question"],
            f"'{leaf.question}' is not asked before this question, so the condition cannot use it",
            "R012",
        )
    yield from _values(leaf, q, loc, doc)


def _values(
    leaf: QuestionCondition, q: QInfo, loc: list[str | int], doc: Document
) -> Iterator[Problem]:
    """The values a question test compares with: numbers for gte/lte, options for the rest."""
    if (leaf.gte is not None or leaf.lte is not None) and not of(q).ordered:
        yield doc.problem(
            loc,
            f"gte/lte need a number or scale question; '{leaf.question}' is {q.type}",
            "R011",
        )
    allowed = {(type(v), v) for v in q.values}
    for name, values in (("in", leaf.in_), ("not_in", leaf.not_in), ("equals", leaf.equals)):
        if values is None:
            continue
        items = values if isinstance(values, tuple) else (values,)
        for k, v in enumerate(items):
            if (type(v), v) not in allowed:
                where = [*loc, name, k] if isinstance(values, tuple) else [*loc, name]
                shown = ", ".join(repr(v) for v in q.values)
                yield doc.problem(
                    where,
                    f"{v!r} is not an option of '{leaf.question}' (its options: {shown})",
                    "R011",
                )


def _leaves_with_loc(
    cond: Condition, loc: list[str | int]
) -> Iterator[tuple[Any, list[str | int]]]:
    if isinstance(cond, AllCondition | AnyCondition):
        name = "all" if isinstance(cond, AllCondition) else "any"
        for i, c in enumerate(getattr(cond, name)):
            yield from _leaves_with_loc(c, [*loc, name, i])
    elif isinstance(cond, NotCondition):
        yield from _leaves_with_loc(cond.not_, [*loc, "not"])
    else:
        yield cond, loc
