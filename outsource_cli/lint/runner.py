"""The linter's run: which files, of what kind, checked how. Pure: reads files, never prints.

``lint_paths`` classifies every YAML/JSON file it is given (question set, policy, answers),
checks each group of question sets with its folder's policy, then runs the rules that need
meaning (never-shown questions, unreachable outcomes, gates that cannot fire) on groups that
are otherwise clean.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from outsource_cli.errors import InputError, Problem, UsageError
from outsource_cli.lint import meaning
from outsource_cli.lint.analysis import Analysis
from outsource_cli.lint.config import Config, Suppression, apply_suppressions, suppressions
from outsource_cli.lint.rules import RULES, Finding, LintResult, Rule
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.catalog import POLICY_FILE, Catalog
from outsource_cli.questionnaire.checks import check_policy, check_references, check_set
from outsource_cli.questionnaire.conditions import (
    compile_calculations,
    policy_conditions,
)
from outsource_cli.questionnaire.index import Index, SetInfo
from outsource_cli.questionnaire.shapes import Policy, QuestionSet
from outsource_cli.questionnaire.source import Document
from outsource_cli.questionnaire.validation import validate_model
from outsource_cli.text import invisible, one_line


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
    findings = apply_suppressions(findings, marks, config)
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
    return [
        *check_set(qs, doc),
        *meaning.content(qs, doc, group.texts),
        *meaning.no_effect(qs, doc),
    ]


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
    problems.extend(check_references(index, group.infos, meaning.lazy_document, group.broken))
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
    problems.extend(meaning.never_shown(analysis, group.infos))
    if policy is not None and policy_doc is not None:
        problems.extend(meaning.policy_logic(analysis, policy, policy_doc))
        problems.extend(meaning.optional_gate_inputs(index, policy, policy_doc))
        problems.extend(meaning.levers(group.infos, policy))
        problems.extend(meaning.never_chosen(analysis, policy, policy_doc))
        problems.extend(meaning.affects_nothing(group.infos, policy))
    return problems
