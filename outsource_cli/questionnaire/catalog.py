"""Loading a folder of question sets and its policy into one validated :class:`Catalog`.

Every problem found in any file is collected and raised together as an :class:`InputError`,
each with the file, line and column of the key or value it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire import shapes, source
from outsource_cli.questionnaire.shapes import (
    Policy,
    Question,
    QuestionSet,
    plain,
    tagged,
    untagged,
)
from outsource_cli.questionnaire.source import Document

if TYPE_CHECKING:
    from outsource_cli.questionnaire.index import Index
    from outsource_cli.questionnaire.record import Fingerprint

# The checks (checks, index, validation) are imported where they run: a catalog read from the
# cache needs none of them.

POLICY_FILE = "policy.yaml"


class Catalog:
    """The question sets (in asking order) and the policy that turns answers into a decision.
    (A plain class: a frozen dataclass costs most of a millisecond of every start-up to make.)
    Treat it as frozen."""

    def __init__(
        self,
        sets: tuple[QuestionSet, ...],
        policy: Policy,
        directory: str = "",
        questions: Mapping[str, Question] | None = None,
        set_of: Mapping[str, QuestionSet] | None = None,
    ) -> None:
        self.sets = sets
        self.policy = policy
        self.directory = directory
        self.questions: Mapping[str, Question] = questions or {}  # "set.question" -> Question
        self.set_of: Mapping[str, QuestionSet] = set_of or {}  # "set.question" -> its set

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return (self.sets, self.policy, self.directory) == (
            other.sets,
            other.policy,
            other.directory,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Catalog(sets={[s.id for s in self.sets]}, directory={self.directory!r})"

    @classmethod
    def build(cls, sets: list[QuestionSet], policy: Policy, directory: str = "") -> Catalog:
        from outsource_cli.questionnaire.conditions import compile_calculations, policy_conditions

        ordered = tuple(sorted(sets, key=lambda s: (s.order, s.id)))
        questions = {f"{s.id}.{q.id}": q for s in ordered for q in s.questions}
        set_of = {f"{s.id}.{q.id}": s for s in ordered for q in s.questions}
        whens = [q.when for q in questions.values() if q.when is not None]
        values = {f"{s.id}.{c.id}": c.value for s in ordered for c in s.calculations}
        compile_calculations(values, [*whens, *policy_conditions(policy)])
        return cls(ordered, policy, directory, questions, set_of)

    @cached_property
    def index(self) -> Index:
        from outsource_cli.questionnaire.index import Index, SetInfo

        return Index.build(SetInfo.of(s, "") for s in self.sets)

    def questions_of(self, set_id: str) -> tuple[Question, ...]:
        return next((s.questions for s in self.sets if s.id == set_id), ())

    @cached_property
    def content(self) -> dict[str, Any]:
        """Every set and the policy as the plain JSON data of their files, defaults filled in
        (what a decision record's hashes are taken of)."""
        return {"sets": [plain(s) for s in self.sets], "policy": plain(self.policy)}

    @cached_property
    def fingerprint(self) -> Fingerprint:
        """The content hash and per-question fingerprints a decision record carries."""
        from outsource_cli.questionnaire.record import fingerprint

        return fingerprint(self)


def builtin_directory() -> Path:
    """The question sets shipped with the package (or the checkout's, in development)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "questionnaires"
    return installed if installed.is_dir() else package.parent / "questionnaires"


def set_files(directory: Path) -> list[Path]:
    """The files a catalog is read from: the YAML files in ``directory`` (not below it)."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and p.exists() and not p.is_dir()
    )


def load_catalog(
    directory: Path | None = None,
    *,
    use_cache: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Catalog:
    """The catalog in ``directory`` (the built-in one by default); every problem raised at once.

    A valid catalog is kept in the user's cache (see :mod:`outsource_cli.questionnaire.cache`),
    keyed on a hash of the content of every file read, so that the next run skips parsing
    and the meaning checks. A cache folder or entry that is not safe to use is left alone and
    reported once through ``warn`` (the shell prints it); the catalog is then loaded from the
    files.
    """
    from outsource_cli.questionnaire import cache

    directory = directory or builtin_directory()
    if not directory.exists():
        raise InputError(Problem(str(directory), 0, 0, "no such folder", "E001"))
    if not directory.is_dir():
        raise InputError(Problem(str(directory), 0, 0, "is not a folder of question sets", "E001"))
    files = set_files(directory)
    texts, problems = _read(files)
    key = None
    if use_cache and not problems and cache.directory() is not None:
        key = cache.key(directory, [(p.name, t.encode("utf-8")) for p, t in texts.items()])
        try:
            cached = _from_cache(cache.read(key), str(directory))
        except cache.CacheRefused as exc:
            key = None  # neither read nor written
            if warn is not None:
                warn(f"not using the catalog cache: {exc}")
            cached = None
        if cached is not None:
            return cached
    catalog = _load(directory, files, texts, problems)
    if key is not None:
        try:
            cache.write(key, _to_cache(catalog))
        except cache.CacheRefused as exc:  # a folder it may read but not write in
            if warn is not None:
                warn(f"not using the catalog cache: {exc}")
    return catalog


def _read(files: list[Path]) -> tuple[dict[Path, str], list[Problem]]:
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            texts[path] = source.read_text(path)
        except InputError as exc:
            problems.extend(exc.problems)
    return texts, problems


def _to_cache(catalog: Catalog) -> dict[str, Any]:
    # the record's hashes too: worked out once per content, not on every run
    return {
        "sets": [tagged(s) for s in catalog.sets],
        "policy": tagged(catalog.policy),
        "fingerprint": list(catalog.fingerprint),
    }


def to_data(catalog: Catalog) -> dict[str, Any]:
    """Every set and the policy as plain data (what a decision record hashes)."""
    return catalog.content


def _from_cache(data: dict[str, Any] | None, directory: str) -> Catalog | None:
    """A catalog from cached data; None when it does not fit. The data was written and signed
    by this user's tool (:func:`cache.read` checks the signature) from a catalog that passed
    every check, so its parts are built as they were written (:func:`shapes.untagged`), without
    building the validators (they cost more than the rest of a cached start-up)."""
    if data is None:
        return None
    try:
        sets = [untagged(s) for s in data["sets"]]
        policy = untagged(data["policy"])
        fingerprint = data["fingerprint"]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not (
        isinstance(policy, shapes.Policy)
        and all(isinstance(s, shapes.QuestionSet) for s in sets)
        and isinstance(fingerprint, list)
        and len(fingerprint) == 4
    ):
        return None
    catalog = Catalog.build(sets, policy, directory)
    from outsource_cli.questionnaire.record import Fingerprint

    catalog.__dict__["fingerprint"] = Fingerprint(*fingerprint)
    return catalog


def _load(
    directory: Path, files: list[Path], texts: dict[Path, str], problems: list[Problem]
) -> Catalog:
    policy_path = directory / POLICY_FILE
    set_paths = [p for p in files if p.name != POLICY_FILE]
    if policy_path not in files:
        problems.append(Problem(str(directory), 0, 0, f"has no {POLICY_FILE}", "E002"))
    if not set_paths:
        problems.append(Problem(str(directory), 0, 0, "has no question-set files (*.yaml)", "E002"))
    if any(p.code == "E002" for p in problems):
        raise InputError(problems)
    docs: list[Document] = []
    for path in [*set_paths, policy_path]:
        if path not in texts:
            continue
        try:
            docs.append(source.parse(texts[path], str(path)))
        except InputError as exc:
            problems.extend(exc.problems)
    unreadable = bool(problems)  # a set file that is not even YAML: its id is unknown
    policy_doc = docs.pop() if docs and docs[-1].path == str(policy_path) else None
    found, catalog = check_documents(docs, policy_doc, str(directory), unreadable=unreadable)
    problems.extend(found)
    if problems or catalog is None:
        raise InputError(problems)
    return catalog


def check_documents(
    set_docs: list[Document],
    policy_doc: Document | None,
    directory: str = "",
    *,
    unreadable: bool = False,
) -> tuple[list[Problem], Catalog | None]:
    """Check question-set documents and a policy document: shape first, then meaning. The
    catalog comes back only when every document is valid and there is a policy.

    References into a set whose file is broken are not reported (its questions are unknown,
    not missing).
    """
    from outsource_cli.questionnaire.checks import check_policy, check_references, check_set
    from outsource_cli.questionnaire.index import Index, SetInfo
    from outsource_cli.questionnaire.validation import validate_model

    problems: list[Problem] = []
    loaded: list[tuple[QuestionSet, Document]] = []
    broken: set[str] | None = None if unreadable else set()
    for doc in set_docs:
        qs, found = validate_model(QuestionSet, doc)
        problems.extend(found)
        if qs is not None:
            loaded.append((qs, doc))
            problems.extend(check_set(qs, doc))
        elif (
            broken is not None
            and isinstance(doc.data, dict)
            and isinstance(doc.data.get("id"), str)
        ):
            broken.add(doc.data["id"])
        else:
            broken = None  # a broken set whose id is unknown
    policy: tuple[Policy, Document] | None = None
    if policy_doc is not None:
        model, found = validate_model(Policy, policy_doc)
        problems.extend(found)
        if model is not None:
            policy = (model, policy_doc)
    infos = [SetInfo.of(qs, doc.path) for qs, doc in loaded]
    index = Index.build(infos)
    docs = {doc.path: doc for _, doc in loaded}
    problems.extend(check_references(index, infos, docs.__getitem__, broken))
    catalog = None
    if policy is not None:
        problems.extend(check_policy(index, *policy, unreadable=broken))
        if not problems and len(loaded) == len(set_docs):
            catalog = Catalog.build([s for s, _ in loaded], policy[0], directory)
    return problems, catalog


def walk(catalog: Catalog, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers that count, and the questions shown, given ``answers``, in asking order.

    A question is shown when its ``when`` holds over the answers to questions shown before
    it; an answer to a question that is not shown does not count (and cannot show others).
    """
    from outsource_cli.questionnaire.conditions import holds

    effective: dict[str, Any] = {}
    shown: list[str] = []
    for qid, q in catalog.questions.items():
        if q.when is None or holds(q.when, effective):
            shown.append(qid)
            if qid in answers:
                effective[qid] = answers[qid]
    return effective, shown


def explore(
    catalog: Catalog, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], set[str]]:
    """Like :func:`walk`, and what is still open: (answers that count, questions surely
    shown, open questions).

    A question is open when it is shown and not answered, or when whether it is shown depends
    on an open question (its ``when`` is unknown in three-valued logic); an open question's
    answer, if the file has one, does not count yet."""
    from outsource_cli.questionnaire.conditions import truth

    effective: dict[str, Any] = {}
    shown: list[str] = []
    open_: set[str] = set()
    for qid, q in catalog.questions.items():
        visible = True if q.when is None else truth(q.when, effective, open_=open_)
        if visible is True:
            shown.append(qid)
            if qid in answers:
                effective[qid] = answers[qid]
            else:
                open_.add(qid)
        elif visible is None:
            open_.add(qid)
    return effective, shown, open_
