"""Plain data from a composed YAML document, checked as it is built: duplicate keys (all of
them), nesting depth, alias expansion ("billion laughs"), and the numbers YAML 1.1 reads
by surprise. Used by :mod:`outsource_cli.questionnaire.source`, which reads the files."""

from __future__ import annotations

import re
from typing import Any, NoReturn

import yaml

from outsource_cli.errors import InputError, Problem

MAX_NODES = 200_000  # values built again by following aliases: refuses "billion laughs"
MAX_DEPTH = 64
MAX_DIGITS = 30  # in one number: far beyond any real figure, far below int() limits

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MERGE = "tag:yaml.org,2002:merge"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
E_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")
BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


class ENumber(float):
    """A number read from exponent notation without a dot (``1e3``), with the text it was
    written as: a YAML 1.1 writer (PyYAML's) leaves such a text unquoted, so where a text is
    expected (a record's fingerprint ``123456e78901``) the text is what was meant."""

    text: str

    def __new__(cls, text: str) -> ENumber:
        number = super().__new__(cls, text)
        number.text = text
        return number


def _sexagesimal(value: str) -> str:
    """What YAML 1.1 makes of a base-60 scalar, for the message (1:20 -> "80")."""
    sign = -1 if value.startswith("-") else 1
    total = 0.0
    try:
        for part in value.lstrip("+-").replace("_", "").split(":"):
            total = total * 60 + float(part)
    except ValueError:
        return "base 60"
    total *= sign
    return f"{total:g}" if abs(total) < 1e15 else "base 60"


class _Fallback(Exception):
    """A document this builder does not handle itself (merge keys): PyYAML constructs it."""


class Builder:
    """Checks and constructs a composed document in one pass: duplicate keys (all of them),
    nesting depth, alias expansion; then plain data, faster than PyYAML's generic constructor
    for the common tags (others are handed to it, scalar by scalar)."""

    def __init__(self, loader: Any, path: str) -> None:
        self.loader = loader
        self.path = path
        self.visited = 0  # values visited again through an alias
        self.seen: set[int] = set()  # mappings and lists already visited once
        self.problems: list[Problem] = []

    def document(self, node: yaml.Node) -> Any:
        try:
            data = self.build(node, 1)
        except _Fallback:
            self.problems.clear()
            self.visited = 0
            self.seen.clear()
            self.check_only(node, 1)
            data = None if self.problems else self.loader.construct_document(node)
        if self.problems:
            raise InputError(self.problems)
        return data

    def _limits(self, node: yaml.Node, depth: int, again: bool) -> bool:
        """Depth, and the alias budget: only values visited *again* (the expansion of an
        alias) count against it; the file's own values are bounded by its size."""
        if again:
            self.visited += 1
        if self.visited > MAX_NODES:
            self.problems.append(
                Problem(
                    self.path,
                    1,
                    1,
                    f"expands to more than {MAX_NODES:,} values (too many aliases)",
                    "Y006",
                )
            )
            raise InputError(self.problems)
        if depth > MAX_DEPTH:
            mark = node.start_mark
            self.problems.append(
                Problem(
                    self.path,
                    mark.line + 1,
                    mark.column + 1,
                    f"nested deeper than {MAX_DEPTH} levels",
                    "Y006",
                )
            )
            raise InputError(self.problems)
        return True

    def _duplicate(self, key: yaml.Node, first: yaml.Node) -> None:
        self.problems.append(
            Problem(
                self.path,
                key.start_mark.line + 1,
                key.start_mark.column + 1,
                f"duplicate key '{key.value}' (first defined on line {first.start_mark.line + 1})",
                "Y002",
            )
        )

    def _again(self, node: yaml.Node, again: bool) -> bool:
        """Whether ``node`` is being visited again (under an alias); marks it visited."""
        if again or type(node) is yaml.ScalarNode:
            return again
        key = id(node)
        if key in self.seen:
            return True
        self.seen.add(key)
        return False

    def build(self, node: yaml.Node, depth: int, again: bool = False) -> Any:
        again = self._again(node, again)
        self._limits(node, depth, again)
        cls = type(node)
        if cls is yaml.ScalarNode:
            return self.scalar(node)
        if cls is yaml.MappingNode and node.tag == MAP:
            out: dict[Any, Any] = {}
            seen: dict[Any, yaml.Node] = {}
            for key, value in node.value:
                if key.tag == MERGE:
                    raise _Fallback
                k = self.build(key, depth + 1, again)
                if isinstance(k, list | dict):
                    raise _Fallback
                if k in seen and type(key) is yaml.ScalarNode:
                    self._duplicate(key, seen[k])
                    continue
                seen[k] = key
                out[k] = self.build(value, depth + 1, again)
            return out
        if cls is yaml.SequenceNode and node.tag == SEQ:
            return [self.build(child, depth + 1, again) for child in node.value]
        raise _Fallback  # another tag: PyYAML's safe constructor accepts or refuses it

    def scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            if not getattr(node, "style", None) and E_NUMBER.match(
                value
            ):  # 1.0e308, 1e3: YAML 1.2 floats
                return self._e_number(node)
            return value
        if tag in (INT, FLOAT):
            self._number_quirks(node)
        if tag == INT and value.isdigit() and (value == "0" or value[0] != "0"):
            return int(value)
        if tag == FLOAT and "_" not in value and ":" not in value and "." in value:
            try:
                return float(value)
            except ValueError:
                pass
        elif tag == BOOL:
            return BOOLS[value.lower()]
        elif tag == NULL:
            return None
        return self.loader.construct_object(node, deep=True)

    def _refuse(self, node: yaml.Node, message: str) -> NoReturn:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, "Y008"))
        raise InputError(self.problems)

    def _number_quirks(self, node: yaml.Node) -> None:
        """Refuse what YAML 1.1 reads as a surprising number, or one too long to be one."""
        value = node.value
        if ":" in value:
            self._refuse(
                node,
                f"'{value}' is read by YAML 1.1 as a base-60 number "
                f"({_sexagesimal(value)}): quote it if it is text, or write the number itself",
            )
        digits = sum(c.isdigit() for c in value)
        if digits > MAX_DIGITS:
            self._refuse(
                node,
                f"a number with {digits:,} digits: numbers have at most {MAX_DIGITS} digits",
            )

    def _e_number(self, node: yaml.Node) -> float:
        """A number in exponent notation without a dot or an exponent sign, which YAML 1.1
        reads as text: read as the number it is (as JSON and YAML 1.2 do), keeping its text
        for a place that wants text (:class:`ENumber`)."""
        self._number_quirks(node)
        return ENumber(node.value)

    def check_only(self, node: yaml.Node, depth: int, again: bool = False) -> None:
        again = self._again(node, again)
        self._limits(node, depth, again)
        if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
            self._number_quirks(node)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                self.check_only(key, depth + 1, again)
                if isinstance(key, yaml.ScalarNode) and key.tag != MERGE:
                    if key.value in seen:
                        self._duplicate(key, seen[key.value])
                    else:
                        seen[key.value] = key
                self.check_only(value, depth + 1, again)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                self.check_only(child, depth + 1, again)
