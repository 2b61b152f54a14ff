"""Loading a folder of question sets and its policy into one validated :class:`Catalog`.

Every problem found in any file is collected and raised together as an :class:`InputError`,
each with the file, line and column of the key or value it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.models import Policy, Question, QuestionSet
from outsource_cli.questionnaire.source import Document

if TYPE_CHECKING:
    from outsource_cli.questionnaire.index import Index
    from outsource_cli.questionnaire.record import Fingerprint

# The checks (checks, index, validation) are imported where they run: a catalog read from the
# cache needs none of them.

POLICY_FILE = "policy.yaml"


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
        """Every set and the policy as plain JSON data (what the cache stores). A catalog read
        from the cache starts with the cached data here: dumping the models again would build
        pydantic's serialisers, which costs more than the rest of a cached start-up."""
        return {
            "sets": [s.model_dump(mode="json", by_alias=True) for s in self.sets],
            "policy": self.policy.model_dump(mode="json", by_alias=True),
        }

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
    files = sorted(
        p
        for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and p.exists() and not p.is_dir()
    )
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
        except cache.CacheRefused as exc:  # pragma: no cover - the read checked the folder
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
    return {**to_data(catalog), "fingerprint": list(catalog.fingerprint)}


def to_data(catalog: Catalog) -> dict[str, Any]:
    """Every set and the policy as plain data (what the cache stores, and what a decision
    record hashes)."""
    return catalog.content


def _from_cache(data: dict[str, Any] | None, directory: str) -> Catalog | None:
    """A catalog from cached data, validated again by the models; None when it does not fit."""
    if data is None:
        return None
    from pydantic import ValidationError

    try:
        # signed by this user's tool (cache.read checks the signature): built as it was
        # written, without running the validators again (they cost more than the rest of a
        # cached start-up)
        sets = [construct(QuestionSet, s) for s in data["sets"]]
        policy = construct(Policy, data["policy"])
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError):
        return None
    catalog = Catalog.build(sets, policy, directory)
    fp = data.get("fingerprint")
    if isinstance(fp, list) and len(fp) == 4:
        from outsource_cli.questionnaire.record import Fingerprint

        catalog.__dict__["fingerprint"] = Fingerprint(*fp)
    else:  # entries written before it have none: worked out from the data, as cached
        catalog.__dict__["content"] = {"sets": data["sets"], "policy": data["policy"]}
    return catalog


_CONDITIONS = ("question", "dimension", "calc", "all", "any", "not")


def construct(cls: Any, data: Any) -> Any:
    """A model from the data its own ``model_dump(mode="json", by_alias=True)`` gave, built
    field by field with ``model_construct`` (no validation: only for signed cache entries)."""
    from outsource_cli.questionnaire import models

    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected a mapping")
    # the recursive conditions refer to themselves: their fields are built here
    if cls is models.AllCondition:
        return cls.model_construct(all=tuple(_condition(v) for v in data["all"]))
    if cls is models.AnyCondition:
        return cls.model_construct(any=tuple(_condition(v) for v in data["any"]))
    if cls is models.NotCondition:
        return cls.model_construct(not_=_condition(data["not"]))
    values = {}
    plan = _fields(cls)
    for name, key, convert in plan:
        if key in data:
            value = data[key]
            values[name] = value if convert is None or value is None else convert(value)
    if len(values) < len(plan) or cls.__pydantic_post_init__ is not None:
        return cls.model_construct(**values)  # defaults to fill in, or private attributes
    # every field given and nothing to set up after: what model_construct would set, directly
    # (it costs more than the values themselves here)
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    # every field set: one set per class, shared (a frozen model never changes it, and
    # pydantic copies it before a model_copy adds to it); a set each would cost a third of
    # the catalog's memory
    object.__setattr__(model, "__pydantic_fields_set__", _all_fields(cls, values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


# how to build each field of a model class, worked out once per class (the typing
# introspection costs more than building the values)
_FIELDS: dict[Any, list[tuple[str, str, Callable[[Any], Any] | None]]] = {}


_ALL_FIELDS: dict[Any, set[str]] = {}


def _all_fields(cls: Any, values: dict[str, Any]) -> set[str]:
    found = _ALL_FIELDS.get(cls)
    if found is None:
        found = _ALL_FIELDS[cls] = set(values)
    return found


def _fields(cls: Any) -> list[tuple[str, str, Callable[[Any], Any] | None]]:
    plan = _FIELDS.get(cls)
    if plan is None:
        plan = [
            (name, info.alias or name, _converter(info.annotation))
            for name, info in cls.model_fields.items()
        ]
        _FIELDS[cls] = plan
    return plan


def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """A function from the dumped value of a field of type ``tp`` to the field's value; None
    when it is the value itself (a text, number, yes/no or one of a literal's values)."""
    import types
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _converter(typing.get_args(tp)[0])
    if tp in (str, int, float, bool) or origin is typing.Literal:
        return None
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        converters = [_converter(a) for a in args]
        if all(c is None for c in converters):
            return None  # texts, numbers and yes/no only
        as_list = next(
            (
                c
                for a, c in zip(args, converters, strict=True)
                if c and typing.get_origin(a) is tuple
            ),
            _plain,
        )
        as_dict = converters[0] or _plain

        def union(value: Any) -> Any:
            if isinstance(value, dict) and any(k in value for k in _CONDITIONS):
                return _condition(value)
            if isinstance(value, list):
                return as_list(value)
            return as_dict(value) if isinstance(value, dict) else _plain(value)

        return union
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        if item is None:
            return _plain
        return lambda value: tuple(_maybe_condition(v, item) for v in value)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return lambda value: _maybe_condition(value, lambda v: construct(tp, v))
    return lambda value: _maybe_condition(value, _plain)


def _maybe_condition(value: Any, convert: Callable[[Any], Any]) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and any(k in value for k in _CONDITIONS):
        return _condition(value)
    return convert(value)


def _condition(value: Any) -> Any:
    from outsource_cli.questionnaire import models

    if not isinstance(value, dict):
        raise TypeError("a condition is a mapping")
    kind = next(k for k in _CONDITIONS if k in value)
    cls = {
        "question": models.QuestionCondition,
        "dimension": models.DimensionCondition,
        "calc": models.CalcCondition,
        "all": models.AllCondition,
        "any": models.AnyCondition,
        "not": models.NotCondition,
    }[kind]
    return construct(cls, value)


def _plain(value: Any) -> Any:
    return tuple(_plain(v) for v in value) if isinstance(value, list) else value


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
