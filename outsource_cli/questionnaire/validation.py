"""Structure: pydantic validation errors as problems at the key or value they are about."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
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
        with _no_plugins():
            return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, schema_problems(exc, doc)


@contextmanager
def _no_plugins() -> Iterator[None]:
    """Without pydantic's plugins: the first validation builds the models' validators, and
    pydantic would look for plugins among every installed package's metadata first (3 ms,
    more in a large environment) for models that use none. typer does the same for its own."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") is not None:
        yield  # the user's own choice
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        del os.environ["PYDANTIC_DISABLE_PLUGINS"]


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
    if kind == "invalid_key":
        return _key_problem(loc[:-1], value, doc)
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


def _key_problem(loc: tuple[str | int, ...], value: Any, doc: Document) -> Problem:
    """A key that is not text: most often YAML 1.1 reading ``on:``, ``yes:`` or ``off:`` as a
    boolean (a GitHub workflow's ``on:``), so say that in plain words, at the key itself."""
    import yaml

    node: Any = doc.tree
    for part in loc:  # the mapping that holds the key
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        if node is None:
            break
    key = None
    if isinstance(node, yaml.MappingNode):
        key = next(
            (
                k
                for k, _ in node.value
                if isinstance(k, yaml.ScalarNode) and not k.style and _scalar_is(doc, k, value)
            ),
            None,
        )
    written = key.value if key is not None else str(value).lower()
    if isinstance(value, bool):
        message = (
            f"the key '{written}' is read by YAML as {str(value).lower()} (yes/no, on/off and "
            f"true/false are booleans in YAML 1.1), not as a name; write it in quotes "
            f'("{written}":) if it is meant as a key'
        )
    else:
        message = f"the key {written!r} is {_show(value)}, not a name; write it in quotes"
    if key is None:
        return doc.problem(loc, message, "S003")
    return Problem(doc.path, key.start_mark.line + 1, key.start_mark.column + 1, message, "S003")


def _scalar_is(doc: Document, node: Any, value: Any) -> bool:
    """Whether the plain scalar ``node`` is read as ``value`` (same type, same value)."""
    import yaml

    try:
        read = yaml.safe_load(node.value)
    except yaml.YAMLError:
        return False
    return type(read) is type(value) and read == value


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
    from outsource_cli.questionnaire.shapes import KINDS

    names: set[str] = set()
    for model in KINDS.values():
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return tuple(sorted(names))
