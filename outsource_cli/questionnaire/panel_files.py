"""A panel's answers files, checked before the panel sits: one function, one set of
questions, one file per respondent (names compared as people would read them: case,
spacing, invisible characters and look-alike letters aside), and one answer each (no
uncertain answers). Pure: raises InputError naming the files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import NamedTuple

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire.answers import AnswerSheet
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.record import between, from_data
from outsource_cli.text import same_name


class Respondent(NamedTuple):
    name: str
    path: str
    answers: Mapping[str, AnswerValue]  # every answer given (shown or not)
    not_sure: frozenset[str]
    defaulted: frozenset[str]


def identity(value: AnswerValue) -> tuple[str, str]:
    """An answer as two are compared: ``1`` and ``True`` differ."""
    return type(value).__name__, repr(value)


def gather(sheets: Sequence[AnswerSheet]) -> tuple[list[Respondent], str | None]:
    """The respondents of answers files for one panel, and the function's name; refused
    (InputError) when the files are for different functions or were made against different
    question sets, when two files name the same respondent (case-insensitively), or when a
    respondent gave an uncertain answer (a panel takes one answer
    each; docs/uncertainty.md)."""
    _one_answer_each(sheets)
    _one_function(sheets)
    _one_set_of_questions(sheets)
    given = [" ".join(s.respondent.split()) if s.respondent else "" for s in sheets]
    names = [g or _stem(s) for s, g in zip(sheets, given, strict=True)]
    _one_file_per_respondent(sheets, given, names)
    _no_copies(sheets, given)
    respondents = []
    for i, (s, name) in enumerate(zip(sheets, names, strict=True)):
        if names.count(name) > 1:  # two unnamed files of the same name in different folders
            name = f"{name} ({_where(s)})" if names[:i].count(name) else name
        respondents.append(Respondent(name, _where(s), s.all_answers, s.skipped, s.defaulted))
    function = next((s.function for s in sheets if s.function and s.function.strip()), None)
    return respondents, function


def _one_answer_each(sheets: Sequence[AnswerSheet]) -> None:
    """Refused: an uncertain answer (a range or one_of)."""
    unsure = [(s, q) for s in sheets for q in s.uncertain]
    if unsure:
        raise InputError(
            [
                Problem(
                    _where(s),
                    0,
                    0,
                    f"{q} is an uncertain answer (range or one_of); a panel takes one answer "
                    "from each respondent: give the one you would stand by (assess this file "
                    "alone for the probability of each outcome)",
                )
                for s, q in unsure
            ]
        )


def _one_function(sheets: Sequence[AnswerSheet]) -> None:
    """Refused: files that name different functions (names compared as people read them)."""
    functions: dict[str, list[AnswerSheet]] = {}
    for s in sheets:
        if s.function and s.function.strip():
            functions.setdefault(same_name(s.function), []).append(s)
    if len(functions) > 1:
        said = "; ".join(
            f"{_files(group)}: '{' '.join(group[0].function.split())}'"
            for group in functions.values()
            if group[0].function is not None
        )
        raise InputError(
            Problem(
                _where(sheets[0]),
                0,
                0,
                f"the answers files are for different functions ({said}); a panel is about one "
                "function: give the answers files for that function only",
            )
        )


def _one_set_of_questions(sheets: Sequence[AnswerSheet]) -> None:
    """Refused: files made against different question sets (their records say so)."""
    made: dict[str, list[AnswerSheet]] = {}
    for s in sheets:
        if s.record is not None:
            made.setdefault(s.record["question_sets"], []).append(s)
    if len(made) > 1:
        groups = list(made.values())
        first, other = groups[0][0], groups[1][0]
        assert first.record is not None and other.record is not None
        diff = between(from_data(first.record), from_data(other.record)).lines()
        files = " | ".join(", ".join(_where(s) for s in g) for g in groups)
        raise InputError(
            Problem(
                _where(other),
                0,
                0,
                f"the answers files were made against different question sets ({files}): "
                f"{'; '.join(diff)}; ask each respondent again with the same sets",
            )
        )


def _one_file_per_respondent(
    sheets: Sequence[AnswerSheet], given: Sequence[str], names: Sequence[str]
) -> None:
    """Refused: two files that answer as the same person (``given``: the names the files
    give, "" where none; ``names``: those or the files' names)."""
    clashes = [g for g in people(names) if len(g) > 1 and any(given[i] for i in g)]
    if clashes:
        raise InputError(
            [
                Problem(
                    _where(sheets[group[1]]),
                    0,
                    0,
                    f"{_files([sheets[i] for i in group])} "
                    f"{'both' if len(group) == 2 else 'all'} answer as "
                    f"{next(given[i] for i in group if given[i])}{_lookalike(names, group)}: "
                    "one file per respondent",
                )
                for group in clashes
            ]
        )


def _no_copies(sheets: Sequence[AnswerSheet], given: Sequence[str]) -> None:
    """Refused: files with the same answers to every question, not each under its own name."""
    alike: dict[tuple[tuple[str, tuple[str, str]], ...], list[int]] = {}
    for i, s in enumerate(sheets):  # the same answers to every question
        alike.setdefault(
            tuple(sorted((q, identity(v)) for q, v in s.all_answers.items())), []
        ).append(i)
    copies = [g for g in alike.values() if len(g) > 1 and not all(given[i] for i in g)]
    if copies:
        raise InputError(
            [
                Problem(
                    _where(sheets[group[1]]),
                    0,
                    0,
                    f"{_files([sheets[i] for i in group])} hold the same answers to every "
                    "question, and not each under a respondent's own name: one is a copy of "
                    "the other, or the decision made from it (outsource assess --format json); "
                    "one file per respondent (people who answered alike: name each with "
                    "respondent: in their answers file)",
                )
                for group in copies
            ]
        )


def currency_of(sheets: Sequence[AnswerSheet]) -> str | None:
    """The one currency the answers files give their costs in (None: none names one);
    refused (InputError) when two name different ones: the panel takes the median of the
    amounts, which means nothing across currencies."""
    named = {s.currency: s for s in sheets if s.currency}
    if len(named) > 1:
        said = "; ".join(f"{_where(s)}: {code}" for code, s in sorted(named.items()))
        raise InputError(
            Problem(
                _where(sheets[0]),
                0,
                0,
                f"the answers files give their costs in different currencies ({said}); a "
                "panel takes the median of the amounts: give every file's costs in one currency",
            )
        )
    return next(iter(named), None)


def same_person(name: str) -> tuple[str, str]:
    """A respondent's name as two are compared, two ways (two names are one person when
    either is the same): what :func:`same_name` ignores (case, spacing, invisible characters,
    compatibility forms), and letters that look alike in other scripts (UTS #39 confusables:
    "CFO" and "СFO" with a Cyrillic С, "C1O" and "ClO"). The skeleton is taken after case
    folding ("СIO" is "cio"), and also before it, for a capital whose small letter looks like
    nothing else ("НR", Cyrillic, is "HR" and so "hr")."""
    from outsource_cli.confusables import skeleton

    folded = same_name(name)
    return skeleton(folded), skeleton(same_name(skeleton(name)))


def people(names: Sequence[str]) -> list[list[int]]:
    """``names`` grouped by person (:func:`same_person`): the indices of each group in order,
    the groups in the order of their first name."""
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for way in range(2):
        first: dict[str, int] = {}
        for i, name in enumerate(names):
            key = same_person(name)[way]
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _lookalike(names: Sequence[str], group: Sequence[int]) -> str:
    """ " (one of them as '\\u0421FO', with U+0421 CYRILLIC CAPITAL LETTER ES: a look-alike)"
    when the names of ``group`` differ by more than what :func:`same_name` ignores."""
    import unicodedata

    first = names[group[0]]
    for i in group[1:]:
        other = names[i]
        if same_name(other) == same_name(first):
            continue
        for shown, plain in ((other, first), (first, other)):  # the one with a stranger letter
            odd = [c for c in shown if not c.isascii() and c not in plain]
            if odd:
                name = unicodedata.name(odd[0], "an unnamed character")
                return f" (one of them as {shown!a}, with U+{ord(odd[0]):04X} {name}: a look-alike)"
        return f" (one of them as {other!a}: a look-alike)"
    return ""


def _files(sheets: Sequence[AnswerSheet]) -> str:
    """ "a.yaml", "a.yaml and b.yaml", "a.yaml, b.yaml and c.yaml"."""
    where = [_where(s) for s in sheets]
    return where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]


def _where(s: AnswerSheet) -> str:
    return s.path or "(answers)"


def _stem(s: AnswerSheet) -> str:
    return PurePath(s.path).stem if s.path else "respondent"
