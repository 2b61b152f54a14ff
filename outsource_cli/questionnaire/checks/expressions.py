"""The checks of the calculation language: a calculated value or test (its syntax,
references, types, and divisions by a value that can be zero), and cycles of values."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping

from outsource_cli.errors import Problem
from outsource_cli.questionnaire import calculations as calc
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.index import Index, SetInfo
from outsource_cli.questionnaire.source import Document, Loc
from outsource_cli.text import did_you_mean


def unread(set_id: str, unreadable: Collection[str] | None) -> bool:
    """Whether ``set_id``'s file could not be read (``unreadable`` None: some set's id is
    unknown too): references into it are not reported."""
    return unreadable is None or set_id in unreadable


def calc_problem(doc: Document, loc: Loc, exc: calc.CalcError, code: str) -> Problem:
    line, col = doc.locate_in(loc, exc.pos)
    return Problem(doc.path, line, col, exc.message, code)


def calc_cycles(index: Index) -> dict[str, list[str]]:
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
        interval = of(q).interval(q)
        if interval is not None:
            scales[qid] = interval
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
    cycles = cycles if cycles is not None else calc_cycles(index)
    bad = False  # a reference that makes the value unknown: no search for divisions by zero
    for ref in calc.refs(node):
        problems, broken = _reference(ref, at, index, before, unreadable, cycles)
        yield from problems
        bad = bad or broken
    try:
        found = calc.kind(node, {})
    except calc.CalcError as exc:
        yield at(exc.pos, exc.message, "R017")
        return
    if test and found != "test":
        yield at(0, "a calc condition must compare, e.g. 'a.x * 2 >= 10'", "R017")
    elif not test and found == "test":
        yield at(0, "a calculated value must be a number, not a test (a comparison)", "R017")
    if not bad:
        yield from _divisions_by_zero(node, text, at, index)


def _reference(
    ref: calc.Ref,
    at: Callable[[int, str, str], Problem],
    index: Index,
    before: str | None,
    unreadable: Collection[str] | None,
    cycles: Mapping[str, list[str]],
) -> tuple[list[Problem], bool]:
    """The problems of one name an expression reads (a question of the wrong type or asked
    too late, a value calculated from one asked too late, an unknown name), and whether it
    leaves the expression unknown."""
    questions, calcs = index.questions, index.calculations
    q = questions.get(ref.name)
    if q is not None:
        if not of(q).ordered:
            message = (
                f"'{ref.name}' is a {q.type} question: calculations read number and scale "
                "answers only"
            )
            return [at(ref.pos, message, "R017")], True
        if before is not None and index.position[ref.name] >= index.position[before]:
            message = (
                f"'{ref.name}' is not asked before this question, so the condition cannot use it"
            )
            return [at(ref.pos, message, "R012")], False
        return [], False
    if ref.name in calcs:
        if ref.name in cycles:
            return [], True
        if before is None:
            return [], False
        for inner in _question_refs(ref.name, index):
            if inner in index.position and index.position[inner] >= index.position[before]:
                message = (
                    f"'{ref.name}' is calculated from '{inner}', which is not asked "
                    "before this question"
                )
                return [at(ref.pos, message, "R012")], False
        return [], False
    if unread(ref.name.split(".")[0], unreadable):
        return [], False
    hint = did_you_mean(ref.name, [*questions, *calcs])
    return [at(ref.pos, f"unknown question or calculated value '{ref.name}'{hint}", "R015")], True


def _divisions_by_zero(
    node: calc.Node, text: str, at: Callable[[int, str, str], Problem], index: Index
) -> Iterator[Problem]:
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
    cycles = calc_cycles(index)
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
