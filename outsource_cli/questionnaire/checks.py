"""Meaning: the checks that need more than a file's shape. Per question set (``check_set``),
across sets (``check_references``: ids, conditions, cycles) and of the policy (``check_policy``).

Cross-file checks work on the compact :class:`~outsource_cli.questionnaire.index.Index`, so that ``lint``
need not keep every file's models; a ``Document`` is asked for a location only when there is
a problem to report.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from outsource_cli.errors import Problem
from outsource_cli.questionnaire import calculations as calc
from outsource_cli.questionnaire import cost_scales
from outsource_cli.questionnaire.conditions import leaves
from outsource_cli.questionnaire.index import Index, QInfo, SetInfo
from outsource_cli.questionnaire.shapes import (
    NOT_SURE,
    AllCondition,
    AnyCondition,
    CalcCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    Policy,
    Question,
    QuestionCondition,
    QuestionSet,
)
from outsource_cli.questionnaire.source import Document, Loc
from outsource_cli.text import did_you_mean


def check_set(qs: QuestionSet, doc: Document) -> list[Problem]:
    """What can be checked in one question-set file alone."""
    problems: list[Problem] = []
    if qs.weight <= 0:
        problems.append(doc.problem(["weight"], "a set's weight must be positive", "L004"))
    seen_q: set[str] = set()
    for i, q in enumerate(qs.questions):
        loc: list[str | int] = ["questions", i]
        if q.id in seen_q:
            problems.append(
                doc.problem(
                    [*loc, "id"], f"duplicate question id '{q.id}' in set '{qs.id}'", "R002"
                )
            )
        seen_q.add(q.id)
        problems.extend(_check_question(q, loc, doc))
    problems.extend(_check_cost_scales(qs, doc))
    for i, c in enumerate(qs.calculations):
        if c.id in seen_q:
            problems.append(
                doc.problem(
                    ["calculations", i, "id"],
                    f"duplicate id '{c.id}' in set '{qs.id}' (questions and calculations share "
                    "their ids)",
                    "R002",
                )
            )
        seen_q.add(c.id)
        try:
            calc.parse(c.value)
        except calc.CalcError as exc:
            problems.append(_calc_problem(doc, ["calculations", i, "value"], exc, "S007"))
    return problems


def _calc_problem(doc: Document, loc: Loc, exc: calc.CalcError, code: str) -> Problem:
    line, col = doc.locate_in(loc, exc.pos)
    return Problem(doc.path, line, col, exc.message, code)


def _calc_cycles(index: Index) -> dict[str, list[str]]:
    """For each calculated value on a cycle of references, the cycle (first repeated last)."""
    deps: dict[str, list[str]] = {}
    for cid, c in index.calculations.items():
        try:
            deps[cid] = [r.name for r in calc.refs(calc.parse(c.value))]
        except calc.CalcError:
            deps[cid] = []
    found: dict[str, list[str]] = {}

    def visit(node: str, path: list[str]) -> None:
        for nxt in deps.get(node, []):
            if nxt in path:
                cycle = [*path[path.index(nxt) :], nxt]
                for member in cycle:
                    found.setdefault(member, cycle)
            elif nxt in deps and nxt not in found and len(path) < 1000:
                visit(nxt, [*path, nxt])

    for cid in deps:
        if cid not in found:
            visit(cid, [cid])
    return found


def _scales(index: Index) -> dict[str, calc.Interval]:
    scales: dict[str, calc.Interval] = {}
    for qid, q in index.questions.items():
        if q.type == "scale":
            scales[qid] = (1.0, 5.0)
        elif q.type == "number" and q.min is not None and q.max is not None:
            scales[qid] = (q.min, q.max)
    return scales


def check_expression(
    text: str,
    at: Callable[[int, str, str], Problem],
    index: Index,
    *,
    test: bool,
    before: str | None = None,
    unreadable: Collection[str] | None = (),
    cycles: Mapping[str, list[str]] | None = None,
) -> Iterator[Problem]:
    """A calculated value (``test`` False) or a calculated test (``test`` True): its syntax,
    references, types, and divisions by a value that can be zero. ``at(pos, message, code)``
    makes a problem at a character of ``text``."""
    try:
        node = calc.parse(text)
    except calc.CalcError as exc:
        if test:  # a value's syntax is reported with its set (check_set)
            yield at(exc.pos, exc.message, "S007")
        return
    questions, calcs = index.questions, index.calculations
    cycles = cycles if cycles is not None else _calc_cycles(index)
    bad = False
    for ref in calc.refs(node):
        q = questions.get(ref.name)
        if q is not None:
            if q.type not in ("number", "scale"):
                yield at(
                    ref.pos,
                    f"'{ref.name}' is a {q.type} question: calculations read number and scale "
                    "answers only",
                    "R017",
                )
                bad = True
            elif before is not None and index.position[ref.name] >= index.position[before]:
                yield at(
                    ref.pos,
                    f"'{ref.name}' is not asked before this question, so the condition "
                    "cannot use it",
                    "R012",
                )
        elif ref.name in calcs:
            if ref.name in cycles:
                bad = True
            elif before is not None:
                for inner in _question_refs(ref.name, index):
                    if inner in index.position and index.position[inner] >= index.position[before]:
                        yield at(
                            ref.pos,
                            f"'{ref.name}' is calculated from '{inner}', which is not asked "
                            "before this question",
                            "R012",
                        )
                        break
        elif not _unread(ref.name.split(".")[0], unreadable):
            hint = did_you_mean(ref.name, [*questions, *calcs])
            yield at(ref.pos, f"unknown question or calculated value '{ref.name}'{hint}", "R015")
            bad = True
    try:
        found = calc.kind(node, {})
    except calc.CalcError as exc:
        yield at(exc.pos, exc.message, "R017")
        return
    if test and found != "test":
        yield at(0, "a calc condition must compare, e.g. 'a.x * 2 >= 10'", "R017")
    elif not test and found == "test":
        yield at(0, "a calculated value must be a number, not a test (a comparison)", "R017")
    if bad:
        return
    zero: list[calc.Node] = []
    calc.bounds(_inlined(node, index), _scales(index), zero)
    for divisor in zero:
        yield at(
            min(divisor.pos, len(text) - 1),
            f"division by '{calc.text_of(divisor)}', which can be zero: the value is then "
            "unknown; divide by max(..., a small number) or test it first",
            "L013",
        )


def _inlined(node: calc.Node, index: Index) -> calc.Node:
    raw: dict[str, calc.Node] = {}
    for cid, c in index.calculations.items():
        try:
            raw[cid] = calc.parse(c.value)
        except calc.CalcError:
            continue
    try:
        return calc.inline(node, raw)
    except RecursionError:  # pragma: no cover - cycles are refused first
        return node


def _question_refs(cid: str, index: Index) -> list[str]:
    try:
        node = _inlined(calc.parse(index.calculations[cid].value), index)
    except calc.CalcError:
        return []
    return [r.name for r in calc.refs(node)]


def check_calculations(
    index: Index,
    sets: list[SetInfo],
    doc_for: Callable[[str], Document],
    unreadable: Collection[str] | None = (),
) -> Iterator[Problem]:
    """Every calculated value against the questions and values of all sets."""
    cycles = _calc_cycles(index)
    for s in sets:
        for c in s.calculations:
            doc = doc_for(s.path)
            loc: list[str | int] = ["calculations", c.place, "value"]
            if c.cid in cycles:
                yield doc.problem(
                    loc,
                    "calculated values form a cycle: " + " -> ".join(cycles[c.cid]),
                    "R016",
                )
                continue

            def at(
                pos: int, message: str, code: str, doc: Document = doc, loc: Loc = loc
            ) -> Problem:
                line, col = doc.locate_in(loc, pos)
                return Problem(doc.path, line, col, message, code)

            yield from check_expression(
                c.value, at, index, test=False, unreadable=unreadable, cycles=cycles
            )


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


def _check_question(q: Question, loc: list[str | int], doc: Document) -> Iterator[Problem]:
    if q.weight <= 0:
        yield doc.problem([*loc, "weight"], "a question's weight must be positive", "L004")
    values = [o.value for o in q.options]
    seen: set[Any] = set()
    for j, o in enumerate(q.options):
        key = (type(o.value), o.value)
        if key in seen:
            yield doc.problem(
                [*loc, "options", j, "value"], f"duplicate option value {o.value!r}", "R003"
            )
        seen.add(key)
        if o.value == NOT_SURE:
            yield doc.problem(
                [*loc, "options", j, "value"],
                f"an option cannot be '{NOT_SURE}': in answers files it means 'asked, but not "
                "sure' (name the option otherwise, e.g. 'unsure')",
                "S005",
            )
        if o.score is not None and not o.because:
            yield doc.problem(
                [*loc, "options", j], "a scored option needs a 'because' sentence", "S005"
            )
    if q.type == "number":
        yield from _check_number(q, loc, doc)
        return
    for name in ("ranges", "min", "max"):
        if getattr(q, name) not in (None, ()):
            yield doc.problem(
                [*loc, name], f"'{name}' belongs to number questions only", "S005", key=True
            )
    if len(q.options) < 2:
        yield doc.problem(
            [*loc, "options"] if q.options else loc,
            f"a {q.type} question needs at least two options",
            "S005",
        )
    if q.type in ("single", "multi"):
        for j, o in enumerate(q.options):
            if not isinstance(o.value, str):
                yield doc.problem(
                    [*loc, "options", j, "value"],
                    f"option values of a {q.type} question are texts; quote {o.value!r}",
                    "S005",
                )
    elif q.type == "yes_no" and sorted(values, key=repr) != [False, True]:
        yield doc.problem(
            [*loc, "options"], "a yes_no question has exactly two options: yes and no", "S005"
        )
    elif q.type == "scale" and sorted(values, key=repr) != [1, 2, 3, 4, 5]:
        yield doc.problem(
            [*loc, "options"], "a scale question has one option for each value 1 to 5", "S005"
        )
    scores = {o.score is None for o in q.options}
    if len(scores) > 1:
        yield doc.problem([*loc, "options"], "either every option has a score or none has", "S005")
    if q.default is not None and not _default_ok(q):
        yield doc.problem(
            [*loc, "default"],
            f"default {q.default!r} is not one of this question's "
            f"values: {', '.join(repr(v) for v in values)}",
            "R011",
        )


def _check_number(q: Question, loc: list[str | int], doc: Document) -> Iterator[Problem]:
    if q.options:
        yield doc.problem(
            [*loc, "options"], "a number question has ranges, not options", "S005", key=True
        )
    if q.min is None or q.max is None:
        yield doc.problem(loc, "a number question needs both 'min' and 'max'", "S005")
        return
    if q.min >= q.max:
        yield doc.problem([*loc, "max"], "'max' must be greater than 'min'", "S005")
    previous = None
    for j, r in enumerate(q.ranges):
        if previous is not None and r.up_to <= previous:
            yield doc.problem(
                [*loc, "ranges", j, "up_to"],
                "ranges must go up: each 'up_to' above the last",
                "L005",
            )
        previous = r.up_to
    if q.ranges and q.ranges[-1].up_to < q.max:
        yield doc.problem(
            [*loc, "ranges", len(q.ranges) - 1, "up_to"],
            f"the last range must reach 'max' ({q.max:g})",
            "L005",
        )
    if q.default is not None and not _default_ok(q):
        yield doc.problem(
            [*loc, "default"], f"default must be a number from {q.min:g} to {q.max:g}", "R011"
        )


def _check_cost_scales(qs: QuestionSet, doc: Document) -> Iterator[Problem]:
    """The business case's inputs (when the set holds the business case) are numbers on a
    bounded scale: their ``min`` and ``max`` within :data:`cost_scales.SCALES`."""
    ids = {q.id for q in qs.questions}
    if qs.id != cost_scales.SET or not all(a in ids for a in cost_scales.ANCHORS):
        return
    for i, q in enumerate(qs.questions):
        scale = cost_scales.SCALES.get(q.id)
        if scale is None:
            continue
        loc: list[str | int] = ["questions", i]
        name = f"{scale.what} ({qs.id}.{q.id}), an input of the business case"
        if q.type != "number":
            yield doc.problem(
                [*loc, "type"],
                f"{name}, must be a number question (from {scale.describe()}), not {q.type}",
                "S005",
            )
            continue
        for end, value in (("min", q.min), ("max", q.max)):
            if value is not None and not scale.holds(value):
                yield doc.problem(
                    [*loc, end],
                    f"{name}, takes {scale.describe()}: '{end}' {cost_scales.number(value)} is "
                    "outside that "
                    "scale",
                    "S005",
                )


def _default_ok(q: Question) -> bool:
    d = q.default
    if q.type == "number":
        return (
            isinstance(d, int | float)
            and not isinstance(d, bool)
            and q.min is not None
            and q.max is not None
            and q.min <= d <= q.max
        )
    values = [(type(o.value), o.value) for o in q.options]
    if q.type == "multi":
        items = d if isinstance(d, tuple) else (d,)
        return all((type(v), v) in values for v in items)
    return not isinstance(d, tuple) and (type(d), d) in values


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
    questions, position = index.questions, index.position
    for leaf, leaf_loc in _leaves_with_loc(cond, list(loc)):
        if isinstance(leaf, CalcCondition):
            where: Loc = [*leaf_loc, "calc"]

            def at(pos: int, message: str, code: str, where: Loc = where) -> Problem:
                line, col = doc.locate_in(where, pos)
                return Problem(doc.path, line, col, message, code)

            yield from check_expression(
                leaf.calc, at, index, test=True, before=before, unreadable=unreadable
            )
            continue
        if isinstance(leaf, DimensionCondition):
            if before is not None:
                yield doc.problem(
                    [*leaf_loc, "dimension"],
                    "a question's `when` cannot test a set's score (scores are known only once "
                    "every question is answered); use `dimension` in policy rules",
                    "S006",
                    key=True,
                )
            elif leaf.dimension not in set_ids and not _unread(leaf.dimension, unreadable):
                yield doc.problem(
                    [*leaf_loc, "dimension"], f"unknown question set '{leaf.dimension}'", "R013"
                )
            continue
        q = questions.get(leaf.question)
        if q is None and _unread(leaf.question.split(".")[0], unreadable):
            continue
        if q is None:
            hint = did_you_mean(leaf.question, questions)
            yield doc.problem(
                [*leaf_loc, "question"], f"unknown question '{leaf.question}'{hint}", "R010"
            )
            continue
        if len(leaf.tests()) != 1:
            yield doc.problem(
                leaf_loc,
                "a question condition needs exactly one of: in, not_in, equals, gte, lte, answered",
                "S006",
            )
        cycle = (cycles or {}).get(before or "")
        if cycle is not None and leaf.question in cycle:
            yield doc.problem(
                [*leaf_loc, "question"],
                "conditions form a cycle: "
                + " -> ".join(cycle)
                + "; no order of questions can ask them",
                "R014",
            )
        elif before is not None and position[leaf.question] >= position[before]:
            yield doc.problem(
                [*leaf_loc, "question"],
                f"'{leaf.question}' is not asked before this "
                "question, so the condition cannot use it",
                "R012",
            )
        if (leaf.gte is not None or leaf.lte is not None) and q.type not in ("number", "scale"):
            yield doc.problem(
                leaf_loc,
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
                    where = [*leaf_loc, name, k] if isinstance(values, tuple) else [*leaf_loc, name]
                    shown = ", ".join(repr(v) for v in q.values)
                    yield doc.problem(
                        where,
                        f"{v!r} is not an option of '{leaf.question}' (its options: {shown})",
                        "R011",
                    )


def _unread(set_id: str, unreadable: Collection[str] | None) -> bool:
    return unreadable is None or set_id in unreadable


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


def check_policy(
    index: Index, policy: Policy, doc: Document, unreadable: Collection[str] | None = ()
) -> list[Problem]:
    set_ids = {s.id for s in index.sets}
    problems: list[Problem] = []
    problems.extend(_check_stages(index, policy, doc, set_ids, unreadable))
    for i, gate in enumerate(policy.gates):
        if (gate.cap is None) == (gate.force is None):
            problems.append(
                doc.problem(["gates", i], "a gate needs exactly one of 'cap' or 'force'", "S006")
            )
        problems.extend(
            check_condition(
                gate.when, ["gates", i, "when"], doc, index, set_ids, unreadable=unreadable
            )
        )
    for i, rule in enumerate(policy.form.rules):
        problems.extend(
            check_condition(
                rule.when, ["form", "rules", i, "when"], doc, index, set_ids, unreadable=unreadable
            )
        )
    for i, loc_rule in enumerate(policy.location.rules):
        problems.extend(
            check_condition(
                loc_rule.when,
                ["location", "rules", i, "when"],
                doc,
                index,
                set_ids,
                unreadable=unreadable,
            )
        )
    whens: list[tuple[str, int, Condition | None]] = [
        *(("models", i, m.when) for i, m in enumerate(policy.models)),
        *(("contracts", i, c.when) for i, c in enumerate(policy.contracts)),
    ]
    for section, i, when in whens:
        if when is not None:
            problems.extend(
                check_condition(
                    when, [section, i, "when"], doc, index, set_ids, unreadable=unreadable
                )
            )
    for i, m in enumerate(policy.mitigations):
        if m.when is not None:
            problems.extend(
                check_condition(
                    m.when, ["mitigations", i, "when"], doc, index, set_ids, unreadable=unreadable
                )
            )
    return problems


def _check_stages(
    index: Index,
    policy: Policy,
    doc: Document,
    set_ids: set[str],
    unreadable: Collection[str] | None,
) -> Iterator[Problem]:
    """The stages: their conditions, the outcome table, the thresholds, the levers."""
    sections: list[tuple[list[str | int], Condition]] = []
    for i, c in enumerate(policy.strategy.cells):
        sections.append((["strategy", "cells", i, "when"], c.when))
    for i, r in enumerate(policy.economics.reasons):
        sections.append((["economics", "reasons", i, "when"], r.when))
    for i, rr in enumerate(policy.readiness):
        sections.append((["readiness", i, "when"], rr.when))
    for loc, when in sections:
        yield from check_condition(when, loc, doc, index, set_ids, unreadable=unreadable)
    e = policy.economics
    if e.loses_below > e.pays_at:
        yield doc.problem(
            ["economics", "loses_below"],
            f"'loses_below' ({e.loses_below:g}) must not be above 'pays_at' ({e.pays_at:g})",
            "L006",
        )
    if e.heavy_loss_below > e.loses_below:
        yield doc.problem(
            ["economics", "heavy_loss_below"],
            f"'heavy_loss_below' ({e.heavy_loss_below:g}) must not be above 'loses_below' "
            f"({e.loses_below:g})",
            "L006",
        )
    seen: set[str] = set()
    for i, row in enumerate(policy.outcomes):
        if row.strategy in seen:
            yield doc.problem(
                ["outcomes", i, "strategy"], f"verdict {row.strategy} has two rows", "L006"
            )
        seen.add(row.strategy)
    used = {policy.strategy.default, *(c.verdict for c in policy.strategy.cells)}
    for verdict in sorted(used - seen):
        yield doc.problem(
            ["outcomes"],
            f"the strategy verdict {verdict} has no row in 'outcomes' (it would keep the "
            "function in-house)",
            "L006",
        )
    for i, step in enumerate(policy.readiness):
        set_id = step.lever.split(".")[0]
        if (
            set_id in set_ids
            and step.lever not in index.questions
            and not _unread(set_id, unreadable)
        ):
            yield doc.problem(["readiness", i, "lever"], f"unknown question '{step.lever}'", "R010")
