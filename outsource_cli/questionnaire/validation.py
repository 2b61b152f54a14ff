"""Structure: pydantic validation errors as problems at the key or value they are about."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from outsource_cli.errors import Problem
from outsource_cli.questionnaire.source import Document
from outsource_cli.text import did_you_mean

M = TypeVar("M", bound=BaseModel)


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
        also = did_you_mean(name, _field_names(), cutoff=0.7)
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
    from outsource_cli.questionnaire import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            for name, info in obj.model_fields.items():
                names.add(info.alias or name)
    return tuple(sorted(names))
