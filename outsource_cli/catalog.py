"""Loading a folder of question sets and its policy into one validated :class:`Catalog`.

Every problem found in any file is collected and raised together as an :class:`InputError`,
each with the file, line and column of the key or value it is about.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from outsource_cli import source
from outsource_cli.conditions import leaves
from outsource_cli.errors import InputError, Problem
from outsource_cli.models import (
    OUTCOMES,
    AllCondition,
    AnyCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    Policy,
    Question,
    QuestionCondition,
    QuestionSet,
)
from outsource_cli.source import Document, Loc

POLICY_FILE = "policy.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Catalog:
    """The question sets (in asking order) and the policy that turns answers into a decision."""

    sets: tuple[QuestionSet, ...]
    policy: Policy
    directory: str = ""
    questions: Mapping[str, Question] = field(default_factory=dict)  # "set.question" -> Question
    set_of: Mapping[str, QuestionSet] = field(default_factory=dict)  # "set.question" -> set

    @classmethod
    def build(cls, sets: list[QuestionSet], policy: Policy, directory: str = "") -> Catalog:
        ordered = tuple(sorted(sets, key=lambda s: (s.order, s.id)))
        questions = {f"{s.id}.{q.id}": q for s in ordered for q in s.questions}
        set_of = {f"{s.id}.{q.id}": s for s in ordered for q in s.questions}
        return cls(ordered, policy, directory, questions, set_of)

    def questions_of(self, set_id: str) -> tuple[Question, ...]:
        return next((s.questions for s in self.sets if s.id == set_id), ())


def builtin_directory() -> Path:
    """The question sets shipped with the package (or the checkout's, in development)."""
    here = Path(__file__).resolve().parent
    installed = here / "questionnaires"
    return installed if installed.is_dir() else here.parent / "questionnaires"


def load_catalog(directory: Path | None = None) -> Catalog:
    """The catalog in ``directory`` (the built-in one by default); every problem raised at once."""
    directory = directory or builtin_directory()
    if not directory.exists():
        raise InputError(Problem(str(directory), 0, 0, "no such folder", "E001"))
    if not directory.is_dir():
        raise InputError(Problem(str(directory), 0, 0, "is not a folder of question sets", "E001"))
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    policy_path = directory / POLICY_FILE
    set_paths = [p for p in files if p.name != POLICY_FILE]
    problems: list[Problem] = []
    if not policy_path.is_file():
        problems.append(Problem(str(directory), 0, 0, f"has no {POLICY_FILE}", "E002"))
    if not set_paths:
        problems.append(Problem(str(directory), 0, 0, "has no question-set files (*.yaml)", "E002"))
    if problems:
        raise InputError(problems)
    docs: list[Document] = []
    for path in [*set_paths, policy_path]:
        try:
            docs.append(source.load(path))
        except InputError as exc:
            problems.extend(exc.problems)
    policy_doc = docs.pop() if docs and docs[-1].path == str(policy_path) else None
    checked = check_documents(docs, policy_doc, str(directory))
    problems.extend(checked.problems)
    if problems or checked.catalog is None:
        raise InputError(problems)
    return checked.catalog


@dataclass(frozen=True)
class Checked:
    """What checking a group of question-set documents (and a policy) found."""

    problems: list[Problem]
    sets: list[tuple[QuestionSet, Document]]
    policy: tuple[Policy, Document] | None
    catalog: Catalog | None  # only when every document is valid and there is a policy


def check_documents(
    set_docs: list[Document], policy_doc: Document | None, directory: str = ""
) -> Checked:
    """Check question-set documents and a policy document: shape first, then meaning.

    Meaning is checked for every document whose shape is right; references into a set whose
    file is broken are not reported (its questions are unknown, not missing).
    """
    problems: list[Problem] = []
    loaded: list[tuple[QuestionSet, Document]] = []
    broken: set[str] = set()
    for doc in set_docs:
        qs, found = validate_model(QuestionSet, doc)
        problems.extend(found)
        if qs is not None:
            loaded.append((qs, doc))
        elif isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            broken.add(doc.data["id"])
    policy: tuple[Policy, Document] | None = None
    if policy_doc is not None:
        model, found = validate_model(Policy, policy_doc)
        problems.extend(found)
        if model is not None:
            policy = (model, policy_doc)
    problems.extend(p for p in check_sets(loaded) if not _into(p, broken))
    catalog = None
    if policy is not None:
        partial = Catalog.build([s for s, _ in loaded], policy[0], directory)
        problems.extend(p for p in check_policy(partial, policy[1]) if not _into(p, broken))
        if not problems and len(loaded) == len(set_docs):
            catalog = partial
    return Checked(problems, loaded, policy, catalog)


def _into(problem: Problem, broken_sets: set[str]) -> bool:
    """Whether ``problem`` is an unknown reference into a set whose file is broken."""
    return problem.code in ("R010", "R013") and any(
        f"'{b}." in problem.message or f"'{b}'" in problem.message for b in broken_sets
    )


# ---------------------------------------------------------------- structure (pydantic)


def validate_model(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__.replace("NoneType", "nothing")
        return None, [doc.problem((), f"expected a mapping at the top level, got {kind}", "Y004")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, schema_problems(exc, doc)


def schema_problems(exc: ValidationError, doc: Document) -> list[Problem]:
    errors = exc.errors(include_url=False)
    locs = [tuple(p for p in e["loc"] if not str(p).startswith("~")) for e in errors]
    problems = []
    for err, loc in zip(errors, locs, strict=True):
        if err["type"] == "too_short" and any(o != loc and o[: len(loc)] == loc for o in locs):
            continue  # "no items after validation" only because its items failed
        problems.append(_schema_problem(err, loc, doc))
    return sorted(set(problems))


def _schema_problem(err: Any, loc: tuple[str | int, ...], doc: Document) -> Problem:
    kind, value = err["type"], err.get("input")
    where = ".".join(str(p) for p in loc) or "the file"
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{loc[-1]}'", "S001")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = difflib.get_close_matches(name, _field_names(), n=1, cutoff=0.7)
        also = f" (did you mean '{hint[0]}'?)" if hint else ""
        return doc.problem(loc, f"unknown field '{name}'{also}", "S002", key=True)
    message = err["msg"].removeprefix("Value error, ")
    if isinstance(value, bool) and kind in ("string_type", "string_pattern_mismatch"):
        message += " (YAML reads yes/no/true/false/on/off as booleans: quote it)"
    elif kind in (
        "string_type",
        "float_type",
        "int_type",
        "bool_type",
        "dict_type",
        "model_type",
        "tuple_type",
        "list_type",
        "literal_error",
    ):
        message += f", got {_show(value)}"
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' is not a valid id: use lower-case letters, digits and _"
        if "." in str(err.get("ctx", {}).get("pattern", "")):
            message = f"'{value}' is not a question reference of the form set_id.question_id"
    if kind == "string_pattern_mismatch":
        return doc.problem(loc, message, "S004")
    return doc.problem(loc, f"{where}: {message[0].lower()}{message[1:]}", "S003")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@cache
def _field_names() -> tuple[str, ...]:
    from outsource_cli import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            for name, info in obj.model_fields.items():
                names.add(info.alias or name)
    return tuple(sorted(names))


# ---------------------------------------------------------------- meaning


def check_sets(loaded: list[tuple[QuestionSet, Document]]) -> list[Problem]:
    problems: list[Problem] = []
    seen_sets: dict[str, str] = {}
    for qs, doc in loaded:
        if qs.id in seen_sets:
            problems.append(
                doc.problem(
                    ["id"], f"duplicate set id '{qs.id}' (also in {seen_sets[qs.id]})", "R001"
                )
            )
        seen_sets.setdefault(qs.id, doc.path)
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
    if problems:
        return problems
    ordered = sorted(loaded, key=lambda pair: (pair[0].order, pair[0].id))
    questions = {f"{qs.id}.{q.id}": q for qs, _ in ordered for q in qs.questions}
    set_ids = {qs.id for qs, _ in loaded}
    cycles = _cycles(questions)
    for qs, doc in loaded:
        for i, q in enumerate(qs.questions):
            if q.when is not None:
                problems.extend(
                    check_condition(
                        q.when,
                        ["questions", i, "when"],
                        doc,
                        questions,
                        set_ids,
                        before=f"{qs.id}.{q.id}",
                        cycles=cycles,
                    )
                )
    return problems


def _cycles(questions: Mapping[str, Question]) -> dict[str, list[str]]:
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
    questions: Mapping[str, Question],
    set_ids: Collection[str],
    *,
    before: str | None = None,
    cycles: Mapping[str, list[str]] | None = None,
) -> Iterator[Problem]:
    """References in ``cond``: known sets, questions and values; with ``before``, only
    questions asked before that one (``questions`` is in asking order)."""
    order = list(questions)
    for leaf, leaf_loc in _leaves_with_loc(cond, list(loc)):
        if isinstance(leaf, DimensionCondition):
            if leaf.dimension not in set_ids:
                yield doc.problem(
                    [*leaf_loc, "dimension"], f"unknown question set '{leaf.dimension}'", "R013"
                )
            continue
        q = questions.get(leaf.question)
        if q is None:
            near = difflib.get_close_matches(leaf.question, order, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
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
        elif before is not None and order.index(leaf.question) >= order.index(before):
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
        allowed = {(type(o.value), o.value) for o in q.options}
        for name, values in (("in", leaf.in_), ("not_in", leaf.not_in), ("equals", leaf.equals)):
            if values is None:
                continue
            items = values if isinstance(values, tuple) else (values,)
            for k, v in enumerate(items):
                if (type(v), v) not in allowed:
                    where = [*leaf_loc, name, k] if isinstance(values, tuple) else [*leaf_loc, name]
                    shown = ", ".join(repr(o.value) for o in q.options)
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


def check_policy(catalog: Catalog, doc: Document) -> list[Problem]:
    policy = catalog.policy
    set_ids = {s.id for s in catalog.sets}
    problems: list[Problem] = []
    problems.extend(_check_bands(policy, doc))
    for i, gate in enumerate(policy.gates):
        if (gate.cap is None) == (gate.force is None):
            problems.append(
                doc.problem(["gates", i], "a gate needs exactly one of 'cap' or 'force'", "S006")
            )
        problems.extend(
            check_condition(gate.when, ["gates", i, "when"], doc, catalog.questions, set_ids)
        )
    for i, rule in enumerate(policy.form.rules):
        problems.extend(
            check_condition(
                rule.when, ["form", "rules", i, "when"], doc, catalog.questions, set_ids
            )
        )
    for i, loc_rule in enumerate(policy.location.rules):
        problems.extend(
            check_condition(
                loc_rule.when, ["location", "rules", i, "when"], doc, catalog.questions, set_ids
            )
        )
    for i, m in enumerate(policy.mitigations):
        if m.when is not None:
            problems.extend(
                check_condition(m.when, ["mitigations", i, "when"], doc, catalog.questions, set_ids)
            )
    if policy.confidence.full_margin <= 0:
        problems.append(doc.problem(["confidence", "full_margin"], "must be positive", "L004"))
    return problems


def _check_bands(policy: Policy, doc: Document) -> Iterator[Problem]:
    bands = policy.bands
    if bands[0].min != 0:
        yield doc.problem(["bands", 0, "min"], "the first band must start at 0", "L006")
    if bands[-1].max != 100:
        yield doc.problem(["bands", len(bands) - 1, "max"], "the last band must end at 100", "L006")
    seen: set[str] = set()
    for i, band in enumerate(bands):
        if band.min >= band.max:
            yield doc.problem(
                ["bands", i], f"band {band.outcome}: 'min' must be below 'max'", "L006"
            )
        if i and band.min != bands[i - 1].max:
            gap = "overlaps" if band.min < bands[i - 1].max else "leaves a gap after"
            yield doc.problem(
                ["bands", i, "min"],
                f"band {band.outcome} {gap} the band before it "
                f"(which ends at {bands[i - 1].max:g})",
                "L006",
            )
        if band.outcome in seen:
            yield doc.problem(
                ["bands", i, "outcome"], f"outcome {band.outcome} has two bands", "L006"
            )
        seen.add(band.outcome)
        if i and OUTCOMES.index(band.outcome) < OUTCOMES.index(bands[i - 1].outcome):
            yield doc.problem(
                ["bands", i, "outcome"],
                "bands go from keep_in_house up to outsource, in that order",
                "L006",
            )


def walk(catalog: Catalog, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers that count, and the questions shown, given ``answers``, in asking order.

    A question is shown when its ``when`` holds over the answers to questions shown before
    it; an answer to a question that is not shown does not count (and cannot show others).
    """
    from outsource_cli.conditions import holds

    effective: dict[str, Any] = {}
    shown: list[str] = []
    for qid, q in catalog.questions.items():
        if q.when is None or holds(q.when, effective):
            shown.append(qid)
            if qid in answers:
                effective[qid] = answers[qid]
    return effective, shown
