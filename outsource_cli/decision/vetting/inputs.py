"""Reading ``outsource vet``'s inputs: a decision, and providers' evaluation files. Every file
goes through the same reader as an answers file (size, depth and alias limits, safe YAML,
regular files only: docs/security.md); every problem is raised at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from outsource_cli.decision.vetting.ranking import Evaluation
from outsource_cli.decision.vetting.requirements import LOCATIONS
from outsource_cli.errors import InputError, Problem, UsageError
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.answers import answer_problems
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.providers import PROVIDER_KEY
from outsource_cli.text import one_line, same_name

SUFFIXES = (".yaml", ".yml", ".json")


class Decision(NamedTuple):
    path: str
    function: str | None
    outcome: str
    location: str | None
    data: Mapping[str, Any]  # the JSON, for the keys the requirements read
    answers: Mapping[str, AnswerValue]  # the answers that count, checked against the sets


class Provider(NamedTuple):
    name: str
    evaluations: tuple[Evaluation, ...]
    files: tuple[str, ...]
    function: str | None


def read_decision(path: Path, catalog: Catalog) -> Decision:
    """A decision written by ``outsource assess --format json``: the keys vet reads (outcome,
    location, answers) must be there; the answers are checked against the sets in use."""
    from outsource_cli.questionnaire.answer_files import as_answers

    doc = source.load(path)
    data = doc.data
    keys = ("outcome", "location", "answers")
    missing = [k for k in keys if k not in data] if isinstance(data, dict) else None
    if missing is None or missing:
        keys_missing = ", ".join(f"'{k}'" for k in missing or ())
        raise InputError(
            Problem(
                str(path),
                1,
                1,
                "is not a decision written by `outsource assess --format json`"
                + (f": it has no {keys_missing}" if missing else ""),
                "A005",
            )
        )
    problems: list[Problem] = []
    outcome, location = data["outcome"], data["location"]
    if not isinstance(outcome, str):
        problems.append(doc.problem(["outcome"], "'outcome' must be text", "A005"))
    if location is not None and location not in LOCATIONS:
        problems.append(
            doc.problem(["location"], f"'location' must be one of: {', '.join(LOCATIONS)}", "A005")
        )
    if not isinstance(data["answers"], dict) or not all(
        isinstance(k, str) and "." in k for k in data["answers"]
    ):
        problems.append(
            doc.problem(["answers"], "'answers' must map set.question ids to answers", "A005")
        )
    if problems:
        raise InputError(problems)
    answers_doc, _ = as_answers(doc)
    sheet, found = answer_problems(answers_doc, catalog)
    if sheet is None:
        raise InputError([p for p in found if p.code != "A004"])
    function = data.get("function") if isinstance(data.get("function"), str) else None
    return Decision(str(path), function, str(outcome), location, data, sheet.answers)


def read_providers(paths: Sequence[Path], catalog: Catalog) -> list[Provider]:
    """Each path is one provider: an evaluation file, or a folder of several evaluators'
    files (its top-level .yaml, .yml and .json files)."""
    problems: list[Problem] = []
    providers: list[Provider] = []
    seen: dict[Path, Path] = {}
    for path in paths:
        files = _provider_files(path)
        for f in files:
            if (twice := seen.setdefault(f.resolve(), f)) is not f:
                raise UsageError(f"{twice} is given twice: one file per evaluator")
        providers.append(_provider(path, files, catalog, problems))
    if problems:
        raise InputError(problems)
    names_seen: dict[str, str] = {}
    for p in providers:
        if (other := names_seen.setdefault(same_name(p.name), p.files[0])) != p.files[0]:
            raise UsageError(
                f"two providers are both named '{p.name}' ({other} and {p.files[0]}): "
                "give each its own provider:"
            )
    return providers


def _provider_files(path: Path) -> list[Path]:
    """The evaluation files of the provider at ``path``: the file, or those in the folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise UsageError(f"{path}: a folder with no evaluation files (.yaml, .yml, .json)")
        return files
    if path.exists():
        return [path]
    raise UsageError(f"{path}: no such file or folder")


def _provider(path: Path, files: list[Path], catalog: Catalog, problems: list[Problem]) -> Provider:
    """The provider at ``path`` from its evaluation ``files``; the problems of the files
    that cannot be read are added to ``problems`` (and the files left out)."""
    evaluations: list[Evaluation] = []
    names: dict[str, str] = {}
    functions: set[str] = set()
    for f in files:
        try:
            doc = source.load(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        sheet, found = answer_problems(doc, catalog)
        if sheet is None:
            problems.extend(p for p in found if p.code != "A004")
            continue
        data: dict[str, Any] = doc.data
        named = data.get(PROVIDER_KEY)
        if isinstance(named, str) and named.strip():
            names.setdefault(same_name(named), one_line(named.strip()))
        if sheet.function:
            functions.add(sheet.function)
        evaluator = one_line(sheet.respondent) if sheet.respondent else f.stem
        evaluations.append(Evaluation(evaluator, dict(sheet.answers)))
    if len(names) > 1:
        listed = ", ".join(f"'{n}'" for n in names.values())
        raise UsageError(f"{path}: the files name different providers ({listed})")
    who = [e.evaluator for e in evaluations]
    if len(set(who)) < len(who):
        twice_named = sorted({w for w in who if who.count(w) > 1})
        raise UsageError(
            f"{path}: two files for the same evaluator ({', '.join(twice_named)}); name "
            "each with respondent:"
        )
    name = next(iter(names.values())) if names else (path.stem if path.is_file() else path.name)
    files_read = tuple(str(f) for f in files)
    return Provider(name, tuple(evaluations), files_read, next(iter(sorted(functions)), None))
