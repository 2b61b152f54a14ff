"""The linter: rules, findings, suppressions and configuration. Pure: reads files, never prints.

``lint_paths`` classifies every YAML/JSON file it is given (question set, policy, answers),
checks each group of question sets with its folder's policy, then runs the rules that need
meaning (never-shown questions, unreachable outcomes, gates that cannot fire) on groups that
are otherwise clean.
"""

from __future__ import annotations

import fnmatch
import gc
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from outsource_cli.errors import InputError, Problem, UsageError
from outsource_cli.lint.analysis import Analysis
from outsource_cli.questionnaire import calculations, source
from outsource_cli.questionnaire.catalog import POLICY_FILE, Catalog
from outsource_cli.questionnaire.checks import check_policy, check_references, check_set
from outsource_cli.questionnaire.conditions import (
    compile_calculations,
    dimensions_in,
    leaves,
    policy_conditions,
    questions_in,
)
from outsource_cli.questionnaire.index import Index, SetInfo
from outsource_cli.questionnaire.shapes import (
    ECONOMICS_VERDICTS,
    OUTCOMES,
    STRATEGY_VERDICTS,
    Condition,
    Policy,
    QuestionCondition,
    QuestionSet,
)
from outsource_cli.questionnaire.source import Document
from outsource_cli.questionnaire.validation import validate_model
from outsource_cli.text import invisible, one_line

BUSINESS_CASE = frozenset(
    {  # the business case's inputs (decision.business_case.QUESTIONS, not imported: lint
        # never loads the decision engine)
        "cost.expected_savings",
        "cost.baseline_cost",
        "culture.transition",
        "cost.transition_months",
        "cost.contract_years",
        "cost.search_share",
        "cost.governance_share",
        "cost.exit_share",
        "cost.severance_share",
        "cost.inhouse_escalation",
        "cost.provider_escalation",
        "cost.discount_rate",
    }
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning"
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("Y001", "yaml-syntax", "error", "The file is not valid YAML."),
        Rule("Y002", "duplicate-key", "error", "A mapping has the same key twice."),
        Rule("Y003", "empty-file", "error", "The file is empty."),
        Rule("Y004", "top-level-type", "error", "The top level is not a mapping."),
        Rule("Y005", "not-text", "error", "The file is binary or not UTF-8 text."),
        Rule("Y006", "too-complex", "error", "Nesting too deep or aliases expanding too far."),
        Rule("Y007", "tab-indentation", "error", "A tab character in the indentation."),
        Rule(
            "Y008",
            "unsafe-number",
            "error",
            "A number YAML 1.1 reads as base 60 (1:20), or one with too many digits.",
        ),
        Rule("S001", "missing-field", "error", "A required field is missing."),
        Rule("S002", "unknown-field", "error", "A field that the format does not have."),
        Rule("S003", "wrong-type", "error", "A value of the wrong type or outside its range."),
        Rule("S004", "invalid-id", "error", "An id or question reference of the wrong form."),
        Rule(
            "S005",
            "question-shape",
            "error",
            "A question's type and its options or ranges do not fit.",
        ),
        Rule("S006", "condition-shape", "error", "A condition or gate is not well formed."),
        Rule("S007", "calculation-syntax", "error", "A calculated value or test does not parse."),
        Rule("R001", "duplicate-set-id", "error", "Two question sets have the same id."),
        Rule("R002", "duplicate-question-id", "error", "Two questions in a set have the same id."),
        Rule(
            "R003",
            "duplicate-option-value",
            "error",
            "Two options of a question have the same value.",
        ),
        Rule(
            "R010",
            "unknown-question",
            "error",
            "A condition or rule names a question that does not exist.",
        ),
        Rule(
            "R011",
            "unknown-value",
            "error",
            "A condition or default names a value the question does not have.",
        ),
        Rule("R012", "forward-reference", "error", "A condition uses a question asked later."),
        Rule(
            "R013", "unknown-set", "error", "A condition names a question set that does not exist."
        ),
        Rule("R014", "condition-cycle", "error", "Conditions depend on each other in a cycle."),
        Rule(
            "R015",
            "unknown-reference",
            "error",
            "A calculation names a question or calculated value that does not exist.",
        ),
        Rule("R016", "calculation-cycle", "error", "Calculated values depend on each other."),
        Rule(
            "R017",
            "calculation-type",
            "error",
            "A calculation reads a non-number answer, or mixes tests and numbers.",
        ),
        Rule("L001", "never-shown", "error", "A question whose condition can never hold."),
        Rule(
            "L002",
            "cannot-move-score",
            "warning",
            "A scored question whose answers all score the same.",
        ),
        Rule(
            "L003",
            "unreachable-outcome",
            "error",
            "An outcome no combination of answers can reach.",
        ),
        Rule("L004", "non-positive-weight", "error", "A weight that is zero or negative."),
        Rule(
            "L005", "range-order", "error", "Number ranges that do not go up or do not reach max."
        ),
        Rule(
            "L006",
            "outcome-table",
            "error",
            "The stages' outcome table is not monotone, has a verdict twice or lacks one.",
        ),
        Rule("L007", "gate-never-fires", "warning", "A gate whose condition can never hold."),
        Rule("L008", "gate-without-effect", "warning", "A gate that can never change the outcome."),
        Rule(
            "L009",
            "non-monotone-ranges",
            "warning",
            "A number question whose score goes up and then down (or down and then up).",
        ),
        Rule(
            "L010",
            "gate-on-optional-question",
            "warning",
            "A gate tests a question that may be left unanswered.",
        ),
        Rule(
            "L011",
            "lever-without-effect",
            "warning",
            "A question marked as a lever that no stage, readiness step or gate reads.",
        ),
        Rule(
            "L012",
            "rule-never-applies",
            "warning",
            "A sourcing model or contract rule that can never be chosen.",
        ),
        Rule(
            "L013",
            "division-by-zero",
            "warning",
            "A calculation divides by a value that can be zero.",
        ),
        Rule(
            "L014",
            "affects-nothing",
            "warning",
            "A question whose answer no stage, gate, rule, model or mitigation reads.",
        ),
        Rule("C001", "missing-help", "warning", "A question without help text."),
        Rule(
            "C002",
            "not-a-question",
            "warning",
            "Question text that does not end with a question mark.",
        ),
        Rule("C003", "duplicate-text", "warning", "The same question text in two places."),
        Rule(
            "C004",
            "invisible-character",
            "warning",
            "A zero-width or bidi-control character in an id, a value or a text.",
        ),
        Rule(
            "A001",
            "unknown-answer-id",
            "error",
            "An answers file names an unknown set or question.",
        ),
        Rule(
            "A002",
            "invalid-answer",
            "error",
            "An answer that is not a valid value for its question.",
        ),
        Rule("A003", "missing-required-answer", "error", "A required question is not answered."),
        Rule(
            "A004",
            "answer-not-asked",
            "warning",
            "An answer to a question that is not asked, given the others.",
        ),
        Rule(
            "A005",
            "answers-file-shape",
            "error",
            "An unknown or malformed top-level field in an answers file.",
        ),
        Rule("U001", "unused-suppression", "warning", "A disable comment that suppresses nothing."),
    ]
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    suppressed: bool = False
    justification: str | None = None

    @property
    def severity(self) -> str:
        return RULES[self.code].severity if self.code in RULES else "error"

    @property
    def rule(self) -> str:
        return RULES[self.code].name if self.code in RULES else self.code


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    files: int

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    def failed(self, strict: bool) -> bool:
        return self.count("error") > 0 or (strict and self.count("warning") > 0)


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # code prefixes; empty = all
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None  # the file it came from

    def enabled(self, code: str, path: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        if any(code.startswith(p) for p in self.ignore):
            return False
        rel = _relative(path, self.root)
        return not any(
            fnmatch.fnmatch(rel, pattern) and any(code.startswith(c) for c in codes)
            for pattern, codes in self.per_file_ignores
        )


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.outsource-lint] table."""
    from outsource_cli.files import NotReadable, read_regular

    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(read_regular(candidate, source.MAX_FILE_BYTES).decode("utf-8"))
            except (OSError, NotReadable, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "outsource-lint" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    from outsource_cli.files import NotReadable, read_regular

    try:
        data = tomllib.loads(read_regular(path, source.MAX_FILE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except NotReadable as exc:
        raise UsageError(f"{path}: {exc.reason}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: is not valid UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("outsource-lint", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.outsource-lint] must be a table")
    unknown = set(table) - {"select", "ignore", "per-file-ignores"}
    if unknown:
        raise UsageError(
            f"{path}: unknown key(s) in [tool.outsource-lint]: {', '.join(sorted(unknown))} "
            "(expected select, ignore, per-file-ignores)"
        )

    def codes(value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise UsageError(f"{path}: [tool.outsource-lint] {key} must be a list of rule codes")
        for c in value:
            if not any(code.startswith(c) for code in RULES):
                raise UsageError(
                    f"{path}: [tool.outsource-lint] {key}: no rule code starts with '{c}'"
                )
        return tuple(value)

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise UsageError(f"{path}: [tool.outsource-lint] per-file-ignores must be a table")
    return Config(
        select=codes(table.get("select", []), "select"),
        ignore=codes(table.get("ignore", []), "ignore"),
        per_file_ignores=tuple(
            (k, codes(v, f"per-file-ignores '{k}'")) for k, v in per_file.items()
        ),
        root=path.parent,
        source=str(path),
    )


# ---------------------------------------------------------------- suppressions

_DISABLE = re.compile(r"#\s*outsource-lint:\s*disable=([A-Za-z0-9_,\s]+?)\s*(?:--\s*(.*?))?\s*$")


@dataclass(frozen=True)
class Suppression:
    line: int
    col: int
    codes: tuple[str, ...]
    reason: str | None


def suppressions(text: str) -> list[Suppression]:
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if "outsource-lint" not in line:
            continue
        m = _DISABLE.search(line)
        if m:
            codes = tuple(c.strip().upper() for c in m.group(1).split(",") if c.strip())
            found.append(Suppression(n, m.start() + 1, codes, m.group(2) or None))
    return found


# ---------------------------------------------------------------- linting


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to lint: the files named, and the YAML files below each folder (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in (".yaml", ".yml")
                    and p.exists()
                    and not p.is_dir()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


# top-level keys only a policy has: its stages (and `bands`, which older policies had: such a
# file is checked as a policy, and told that `bands` is gone)
POLICY_KEYS = frozenset({"strategy", "economics", "outcomes", "readiness", "bands"})


def kind_of(doc: Document) -> str:
    if Path(doc.path).name == POLICY_FILE:
        return "policy"
    if isinstance(doc.data, dict) and "answers" in doc.data and "questions" not in doc.data:
        return "answers"
    if isinstance(doc.data, dict) and POLICY_KEYS & set(doc.data):
        return "policy"
    return "questionnaire"


@dataclass
class _Group:
    """What lint keeps of one folder's question sets: compact summaries, not trees."""

    infos: list[SetInfo] = field(default_factory=list)
    policies: list[tuple[Policy | None, Document]] = field(default_factory=list)
    broken: set[str] | None = field(
        default_factory=set
    )  # ids of unreadable sets; None: some unknown
    errors: int = 0
    texts: dict[int, str] = field(
        default_factory=dict
    )  # hash of question text -> first set.question


def lint_paths(
    paths: list[Path], *, catalog_for_answers: Callable[[], Catalog], config: Config | None = None
) -> LintResult:
    """Lint files and folders. One file at a time is held in memory; what cross-file checks
    need is kept in compact form, and a file is read again only to locate a finding."""
    config = config or Config()
    files = expand(paths)
    problems: list[Problem] = []
    marks: dict[str, list[Suppression]] = {}
    groups: dict[Path, _Group] = {}
    catalog: list[Catalog] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many short-lived objects, no cycles worth collecting
    try:
        for path in files:
            group = groups.setdefault(path.parent, _Group())
            found = _lint_file(path, group, marks, catalog, catalog_for_answers)
            group.errors += sum(1 for p in found if RULES.get(p.code, _ERROR).severity == "error")
            problems.extend(found)
        for group in groups.values():
            problems.extend(_lint_group(group))
    finally:
        if gc_was_enabled:
            gc.enable()
    findings = [
        Finding(p.path, max(p.line, 1), max(p.col, 1), p.code, p.message)
        for p in problems
        if config.enabled(p.code, p.path)
    ]
    findings = _apply_suppressions(findings, marks, config)
    return LintResult(tuple(sorted(set(findings))), len(files))


def _lint_file(
    path: Path,
    group: _Group,
    marks: dict[str, list[Suppression]],
    catalog: list[Catalog],
    catalog_for_answers: Callable[[], Catalog],
) -> list[Problem]:
    try:
        text = source.read_text(path)
    except InputError as exc:
        if any(p.code == "E001" for p in exc.problems):
            raise UsageError(str(exc.problems[0])) from None
        group.broken = None  # not text: whatever set it held is unknown
        return exc.problems
    if "outsource-lint" in text:
        marks[str(path)] = suppressions(text)
    try:
        doc = source.parse(text, str(path))
    except InputError as exc:
        group.broken = None  # a file that is not YAML: its set id is unknown
        return exc.problems
    found = _lint_document(doc, group, catalog, catalog_for_answers)
    if invisible().search(text):
        found.extend(_invisible(doc))
    return found


def _invisible(doc: Document) -> Iterator[Problem]:
    """C004: every key or value (an id, an option value, a text) with an invisible character."""
    import unicodedata

    import yaml

    seen: set[int] = set()
    stack = [doc.tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias: already looked at
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            chars = sorted(set(invisible().findall(node.value)))
            if chars:
                names = ", ".join(
                    f"U+{ord(c):04X} {unicodedata.name(c, 'FORMAT CHARACTER')}" for c in chars
                )
                at = invisible().search(node.value).start()  # type: ignore[union-attr]
                start, end = max(0, at - 24), at + 24
                shown = (
                    ("..." if start else "")
                    + one_line(node.value[start:end])
                    + ("..." if end < len(node.value) else "")
                )
                mark = node.start_mark
                yield Problem(
                    doc.path,
                    mark.line + 1,
                    mark.column + 1,
                    f"'{shown}' contains an invisible character ({names}): it looks like "
                    "text it is not",
                    "C004",
                )
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _lint_document(
    doc: Document,
    group: _Group,
    catalog: list[Catalog],
    catalog_for_answers: Callable[[], Catalog],
) -> list[Problem]:
    kind = kind_of(doc)
    if kind == "answers":
        from outsource_cli.questionnaire.answers import answer_problems
        from outsource_cli.questionnaire.providers import is_provider_file

        # catalog: [the sets in use, then the provider sets (outsource vet) once needed]
        if not catalog:
            try:
                catalog.append(catalog_for_answers())
            except InputError as exc:
                raise UsageError(
                    "cannot check answers files: the question sets they answer have problems; "
                    f"lint those first (the first: {exc.problems[0]})"
                ) from None
        if is_provider_file(doc.data):
            return list(answer_problems(doc, _provider_catalog(catalog))[1])
        from outsource_cli.questionnaire.answer_files import as_answers

        return list(answer_problems(as_answers(doc)[0], catalog[0])[1])
    if kind == "policy":
        policy, found = validate_model(Policy, doc)
        group.policies.append((policy, doc))
        return list(found)
    qs, found = validate_model(QuestionSet, doc)
    if qs is None:
        if (
            group.broken is not None
            and isinstance(doc.data, dict)
            and isinstance(doc.data.get("id"), str)
        ):
            group.broken.add(doc.data["id"])
        else:
            group.broken = None
        return found
    group.infos.append(SetInfo.of(qs, doc.path))
    return [*check_set(qs, doc), *_content(qs, doc, group.texts), *_no_effect(qs, doc)]


def _provider_catalog(catalog: list[Catalog]) -> Catalog:
    """The provider sets that go with the sets in use (``catalog[0]``), loaded once."""
    if len(catalog) < 2:
        from outsource_cli.questionnaire.catalog import load_catalog
        from outsource_cli.questionnaire.providers import providers_directory

        where = providers_directory(Path(catalog[0].directory) if catalog[0].directory else None)
        try:
            catalog.append(load_catalog(where))
        except InputError as exc:
            raise UsageError(
                "cannot check provider evaluation files: the provider sets they answer have "
                f"problems; lint those first (the first: {exc.problems[0]})"
            ) from None
    return catalog[1]


_ERROR = Rule("", "", "error", "")


def _lint_group(group: _Group) -> list[Problem]:
    problems: list[Problem] = []
    for _, extra in group.policies[1:]:
        problems.append(
            extra.problem(
                (),
                f"a second policy in this folder (the first is {group.policies[0][1].path})",
                "R001",
            )
        )
    index = Index.build(group.infos)
    policy, policy_doc = group.policies[0] if group.policies else (None, None)
    problems.extend(check_references(index, group.infos, _lazy_document, group.broken))
    if policy is not None and policy_doc is not None:
        problems.extend(check_policy(index, policy, policy_doc, group.broken))
    if group.errors or problems or not group.infos:
        return problems  # meaning is analysed once the folder is free of errors
    compile_calculations(
        {cid: c.value for cid, c in index.calculations.items()},
        [
            *(q.when for q in index.questions.values() if q.when is not None),
            *policy_conditions(policy),
        ],
    )
    analysis = Analysis(index, policy)
    for s in group.infos:
        doc = _lazy_document(s.path)  # one per file: read again once, if a finding needs it
        for q in s.questions:
            if q.when is not None and analysis.can_be_shown(q.qid) is False:
                problems.append(
                    doc.problem(
                        ["questions", q.place, "when"],
                        f"'{q.qid}' can never be shown: no answers to the questions before it make "
                        "its condition hold",
                        "L001",
                        key=True,
                    )
                )
    if policy is not None and policy_doc is not None:
        problems.extend(_policy_logic(analysis, policy, policy_doc))
        problems.extend(_optional_gate_inputs(index, policy, policy_doc))
        problems.extend(_levers(group, policy))
        problems.extend(_never_chosen(analysis, policy, policy_doc))
        problems.extend(_affects_nothing(group, policy))
    return problems


def _levers(group: _Group, policy: Policy) -> Iterator[Problem]:
    """A lever is advice ("what you could do"): on a question no stage, readiness step or
    gate reads, changing it can never change the outcome or its conditions."""
    gated = {
        leaf.question
        for cond in (
            *(g.when for g in policy.gates),
            *(c.when for c in policy.strategy.cells),
            *(r.when for r in policy.economics.reasons),
            *(r.when for r in policy.readiness),
        )
        for leaf in leaves(cond)
        if isinstance(leaf, QuestionCondition)
    } | {r.lever for r in policy.readiness}
    for s in group.infos:
        doc = _lazy_document(s.path)
        for q in s.questions:
            if q.lever and q.qid not in gated:
                yield doc.problem(
                    ["questions", q.place, "lever"],
                    f"'{q.qid}' is marked as a lever, but no stage, readiness step or gate "
                    "reads its answer, so changing it can never change the outcome",
                    "L011",
                    key=True,
                )


def _never_chosen(analysis: Analysis, policy: Policy, doc: Document) -> Iterator[Problem]:
    """A model or contract rule is chosen when it is the first for the outcome whose condition
    holds: one whose condition can never hold, or whose every outcome an earlier rule without
    a condition already takes, is never chosen."""
    sections: list[tuple[str, list[tuple[str, tuple[str, ...], Condition | None]]]] = [
        ("models", [(m.id, m.outcomes, m.when) for m in policy.models]),
        ("contracts", [(c.type, c.outcomes, c.when) for c in policy.contracts]),
    ]
    for section, rules in sections:
        taken: set[str] = set()
        for i, (name, outcomes, when) in enumerate(rules):
            if set(outcomes) <= taken:
                yield doc.problem(
                    [section, i],
                    f"{section[:-1]} '{name}' is never chosen: an earlier rule without a "
                    f"condition already takes {', '.join(outcomes)}",
                    "L012",
                )
            elif when is not None and analysis.can_hold(when) is False:
                yield doc.problem(
                    [section, i, "when"],
                    f"{section[:-1]} '{name}' is never chosen: no answers make its condition hold",
                    "L012",
                )
            if when is None and (section != "models" or _all_verdicts(policy.models[i])):
                taken |= set(outcomes)


def _all_verdicts(model: Any) -> bool:
    """A model for every strategy verdict (not restricted to some)."""
    return set(model.strategy) >= set(STRATEGY_VERDICTS)


def _optional_gate_inputs(index: Index, policy: Policy, doc: Document) -> Iterator[Problem]:
    """A gate's inputs should be required: an unanswered input leaves the gate undecided (the
    result is then provisional), and an optional question invites leaving it so."""
    for i, gate in enumerate(policy.gates):
        for leaf in leaves(gate.when):
            if not isinstance(leaf, QuestionCondition):
                continue
            q = index.questions.get(leaf.question)
            if q is not None and not q.required:
                yield doc.problem(
                    ["gates", i, "when"],
                    f"gate '{gate.id}' tests '{leaf.question}', which is optional: while it is "
                    "unanswered the gate may or may not apply and every result is provisional; "
                    "make the question required",
                    "L010",
                )


def _lazy_document(path: str) -> Document:
    return Document(path, None)


def _content(qs: QuestionSet, doc: Document, texts: dict[int, str]) -> Iterator[Problem]:
    for i, q in enumerate(qs.questions):
        loc: list[str | int] = ["questions", i]
        qid = f"{qs.id}.{q.id}"
        if not q.help.strip():
            yield doc.problem(loc, f"question '{qid}' has no help text: say why it matters", "C001")
        if not q.text.rstrip().endswith("?"):
            yield doc.problem(
                [*loc, "text"], "question text should be a question ending with '?'", "C002"
            )
        key = hash(" ".join(q.text.lower().split()))
        if key in texts:
            yield doc.problem([*loc, "text"], f"the same question text as {texts[key]}", "C003")
        else:
            texts[key] = qid


def _no_effect(qs: QuestionSet, doc: Document) -> Iterator[Problem]:
    for i, q in enumerate(qs.questions):
        steps = [b.score - a.score for a, b in itertools.pairwise(q.ranges)]
        if any(s > 0 for s in steps) and any(s < 0 for s in steps):
            yield doc.problem(
                ["questions", i, "ranges"],
                f"the scores of '{qs.id}.{q.id}' go both up and down as the number grows: "
                "the score is a straight line between range points, so one more unit can "
                "move it either way; make the scores only rise or only fall",
                "L009",
                key=True,
            )
        scores = (
            {r.score for r in q.ranges}
            if q.type == "number"
            else {o.score for o in q.options if o.score is not None}
        )
        if len(scores) == 1:
            where: list[str | int] = ["questions", i, "ranges" if q.type == "number" else "options"]
            yield doc.problem(
                where,
                f"every answer to '{qs.id}.{q.id}' scores {scores.pop():g}, so it "
                "cannot move the balance of the answers",
                "L002",
                key=True,
            )


def _policy_logic(analysis: Analysis, policy: Policy, doc: Document) -> Iterator[Problem]:
    reachable = analysis.reachable_outcomes()
    # a policy without a strategy stage (the provider sets of `vet`, which rank by score and
    # exclude by gate) decides no sourcing outcome: the outcomes' reach is not its concern
    for outcome in OUTCOMES if policy.strategy.cells else ():
        if outcome not in reachable:
            yield doc.problem(
                ["outcomes"], f"no combination of answers leads to {outcome}", "L003", key=True
            )
    yield from _table_order(policy, doc)
    for i, gate in enumerate(policy.gates):
        if analysis.can_hold(gate.when) is False:
            yield doc.problem(
                ["gates", i, "when"],
                f"gate {gate.id} can never fire: its condition cannot hold",
                "L007",
                key=True,
            )
        elif gate.cap == OUTCOMES[-1]:
            yield doc.problem(
                ["gates", i, "cap"],
                f"gate {gate.id} caps at {gate.cap}, the highest outcome: it "
                "never changes anything",
                "L008",
            )


def _table_order(policy: Policy, doc: Document) -> Iterator[Problem]:
    """The outcome table is monotone: a more restrictive strategy verdict never goes further
    out under the same economics verdict, and a worse business case never goes further out
    under the same strategy verdict; otherwise a more favourable answer could move the
    outcome towards keeping."""
    rows = sorted(
        ((STRATEGY_VERDICTS.index(r.strategy), i, r) for i, r in enumerate(policy.outcomes)),
        key=lambda x: x[0],
    )
    for (_, _, low), (_, i, high) in itertools.pairwise(rows):  # down a column
        for column in ECONOMICS_VERDICTS:
            yield from _behind(
                doc,
                ["outcomes", i, column],
                getattr(high, column),
                getattr(low, column),
                f"{high.strategy} gives {getattr(high, column)} where the more restrictive "
                f"{low.strategy} gives {getattr(low, column)} ({column})",
            )
    for i, row in enumerate(policy.outcomes):  # along a row
        for better, worse in itertools.pairwise(ECONOMICS_VERDICTS):
            yield from _behind(
                doc,
                ["outcomes", i, worse],
                getattr(row, better),
                getattr(row, worse),
                f"{row.strategy}: {worse} gives {getattr(row, worse)}, further out than "
                f"{better} ({getattr(row, better)})",
            )


def _behind(
    doc: Document, where: list[str | int], ahead: str, behind: str, message: str
) -> Iterator[Problem]:
    """An L006 finding when the outcome that must go at least as far out (``ahead``) stops
    short of the other (``behind``)."""
    if OUTCOMES.index(ahead) < OUTCOMES.index(behind):
        yield doc.problem(where, message, "L006")


def _affects_nothing(group: _Group, policy: Policy) -> Iterator[Problem]:
    """A question no stage, gate, rule, model, contract, mitigation, condition or calculation
    reads: its answer changes nothing the user can see (only the balance of the answers). Not
    for a policy without a strategy stage (the provider sets of `vet`), whose scores rank."""
    if not policy.strategy.cells:
        return
    used: set[str] = set()
    sets: set[str] = set()
    conditions = [
        *policy_conditions(policy),
        *(q.when for s in group.infos for q in s.questions if q.when is not None),
    ]
    for cond in conditions:
        used.update(questions_in(cond))
        sets.update(dimensions_in(cond))
    used.update(r.lever for r in policy.readiness)
    used.update(BUSINESS_CASE)
    for s in group.infos:
        for c in s.calculations:
            try:
                used.update(ref.name for ref in calculations.refs(calculations.parse(c.value)))
            except calculations.CalcError:  # reported by S007; meaning rules run without it
                continue
    for s in group.infos:
        doc = _lazy_document(s.path)
        for q in s.questions:
            if q.qid in used or s.id in sets:
                continue
            yield doc.problem(
                ["questions", q.place, "id"],
                f"'{q.qid}' affects nothing the user can see: no stage, gate, rule, model, "
                "contract, mitigation, condition or calculation reads its answer",
                "L014",
                key=True,
            )


def _apply_suppressions(
    findings: list[Finding], by_file: dict[str, list[Suppression]], config: Config
) -> list[Finding]:
    used: set[tuple[str, int, str]] = set()
    out: list[Finding] = []
    for f in findings:
        match = next(
            (s for s in by_file.get(f.path, []) if s.line == f.line and f.code in s.codes), None
        )
        if match is not None:
            used.add((f.path, match.line, f.code))
            out.append(replace(f, suppressed=True, justification=match.reason))
        else:
            out.append(f)
    for path, items in by_file.items():
        for s in items:
            for code in s.codes:
                if (path, s.line, code) not in used and config.enabled("U001", path):
                    message = (
                        f"'# outsource-lint: disable={code}' suppresses nothing on this line"
                        if code in RULES
                        else f"'{code}' is not a rule code"
                    )
                    out.append(Finding(path, s.line, s.col, "U001", message))
    return out
