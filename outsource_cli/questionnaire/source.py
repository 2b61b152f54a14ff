"""Reading YAML (and JSON) files once, keeping where every value came from.

A :class:`Document` holds both the composed node tree (with line and column marks) and the
plain data built from it, so that any later check can point at the key or value it is about.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml

from outsource_cli.errors import InputError, Problem

try:  # the libyaml C loader when present: several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_TAGS: dict[
    str, str
] = {}  # plain scalar -> resolved tag: the resolver is Python, called per scalar


class _Loader(_BaseLoader):
    """The safe loader, with the per-scalar Python work cut down: no path resolvers (none are
    registered) and implicit tags remembered by value."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 24:  # keys, ids, numbers
            tag = _TAGS.get(value)
            if tag is None:
                if len(_TAGS) > 20_000:
                    _TAGS.clear()
                tag = _TAGS[value] = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
            return tag
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000  # values built again by following aliases: refuses "billion laughs"
MAX_DEPTH = 64
MAX_DIGITS = 30  # in one number: far beyond any real figure, far below int() limits

Loc = Sequence[str | int]


class Document:
    """A parsed file. ``node`` may be left out (lint keeps no trees in memory): the file is then
    read again the first time a location is asked for. (A plain class: a frozen dataclass
    costs most of a millisecond of every start-up to make.)"""

    __slots__ = ("data", "node", "path")

    def __init__(self, path: str, node: yaml.Node | None, data: Any = None) -> None:
        self.path = path
        self.node = node
        self.data = data

    def __repr__(self) -> str:
        return f"Document(path={self.path!r})"

    @property
    def tree(self) -> yaml.Node:
        if self.node is None:
            self.node = load(Path(self.path)).node
        assert self.node is not None
        return self.node

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value at ``loc``, or of its key when ``key``.

        Follows ``loc`` as far as the tree goes and returns the deepest node reached, so a
        missing field points at the mapping that should hold it.
        """
        node = self.tree
        key_node: yaml.Node | None = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and _key_is(k, part):
                        key_node, node = k, v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    key_node, node = None, node.value[part]
                else:
                    break
            else:
                break
        target = key_node if key and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def locate_in(self, loc: Loc, offset: int) -> tuple[int, int]:
        """1-based (line, col) of the ``offset``-th character of the text at ``loc`` when the
        text is written on one line (plain or quoted); else of the text's start."""
        line, col = self.locate(loc)
        node = self.tree
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if _key_is(k, part)), node)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else node
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, "'", '"'):
            return line, col
        if node.start_mark.line != node.end_mark.line:
            return line, col
        return line, col + offset + (1 if node.style is not None else 0)

    def problem(self, loc: Loc, message: str, code: str, *, key: bool = False) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, message, code)


def _key_is(node: yaml.ScalarNode, part: object) -> bool:
    """Whether a key node is the key ``part`` of the constructed data (keys of any type)."""
    if isinstance(part, str) or node.tag == _STR:
        return bool(node.value == str(part))
    if part is None:
        return node.tag == _NULL
    if isinstance(part, bool):
        return node.tag == _BOOL and _BOOLS.get(node.value.lower()) is part
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf}
    try:
        value = special.get(node.value.lower()) or float(node.value.replace("_", ""))
        return node.tag in (_INT, _FLOAT) and value == part
    except (ValueError, OverflowError):
        return False


def read_text(path: Path, *, what: str = "file") -> str:
    """The text of ``path``, or an :class:`InputError` that says plainly what is wrong.

    Regular files only (a FIFO, device or socket is refused without blocking), and at most
    :data:`MAX_FILE_BYTES` + 1 bytes are read.
    """
    from outsource_cli.files import NotReadable, read_regular

    shown = str(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotReadable as exc:
        reason = (
            exc.reason.replace("not a regular file", f"not a {what}")
            if "directory" in exc.reason
            else exc.reason
        )
        raise InputError(Problem(shown, 0, 0, reason, "E001")) from None
    except FileNotFoundError:
        raise InputError(Problem(shown, 0, 0, "no such file", "E001")) from None
    except PermissionError:
        raise InputError(Problem(shown, 0, 0, "permission denied", "E001")) from None
    except OSError as exc:
        raise InputError(Problem(shown, 0, 0, f"cannot be read: {exc.strerror}", "E001")) from None
    if b"\x00" in raw:
        raise InputError(Problem(shown, 0, 0, "is binary data, not a text file", "Y005"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(Problem(shown, line, col, "is not valid UTF-8 text", "Y005")) from None


def parse(text: str, path: str) -> Document:
    """Compose and construct one YAML document, checking what safe_load lets through."""
    if not text.strip():
        raise InputError(Problem(path, 0, 0, "is empty", "Y003"))
    gc_was_enabled = gc.isenabled()
    gc.disable()  # composing makes many small objects and no cycles worth collecting
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(Problem(path, 0, 0, "is empty", "Y003"))
        data = _Builder(loader, path).document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        tag = (exc.problem or "").rsplit("tag ", 1)[-1]
        message = f"unsupported YAML tag {tag}: only plain data (mappings, lists, text, numbers, yes/no) is read"
        if "unhashable" in (exc.problem or ""):
            message = "a list or a mapping used as a key: keys are text (or numbers)"
        raise InputError(Problem(path, line, col, message, "Y001")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if line and "\t" in _indent_of(text, line):
            col = _indent_of(text, line).index("\t") + 1
            raise InputError(
                Problem(path, line, col, "a tab in the indentation: indent with spaces", "Y007")
            ) from None
        raise InputError(
            Problem(path, line, col, f"YAML syntax error: {message}", "Y001")
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(path, 0, 0, f"YAML error: {exc}", "Y001")) from None
    except RecursionError:
        raise InputError(Problem(path, 0, 0, "is nested too deeply", "Y006")) from None
    finally:
        loader.dispose()
        if gc_was_enabled:
            gc.enable()
    return Document(path, node, data)


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


def _indent_of(text: str, line: int) -> str:
    lines = text.splitlines()
    if line > len(lines):
        return ""
    content = lines[line - 1]
    return content[: len(content) - len(content.lstrip())]


def load(path: Path) -> Document:
    return parse(read_text(path), str(path))


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_E_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


class ENumber(float):
    """A number read from exponent notation without a dot (``1e3``), with the text it was
    written as: a YAML 1.1 writer (PyYAML's) leaves such a text unquoted, so where a text is
    expected (a record's fingerprint ``123456e78901``) the text is what was meant."""

    text: str

    def __new__(cls, text: str) -> ENumber:
        number = super().__new__(cls, text)
        number.text = text
        return number


def as_text(value: Any) -> Any:
    """``value``, or the text an :class:`ENumber` was written as."""
    return value.text if isinstance(value, ENumber) else value


def dump(data: Any) -> str:
    """``data`` as YAML that this module reads back as the same data: a text that it would
    read as a number (``123456e78901``, a fingerprint; PyYAML's own writer leaves it bare)
    is quoted."""

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "'" if _E_NUMBER.match(value) else None
        return dumper.represent_scalar(_STR, value, style=style)

    Dumper.add_representer(str, text)
    out: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return out


class _Fallback(Exception):
    """A document this builder does not handle itself (merge keys): PyYAML constructs it."""


class _Builder:
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
        if cls is yaml.MappingNode and node.tag == _MAP:
            out: dict[Any, Any] = {}
            seen: dict[Any, yaml.Node] = {}
            for key, value in node.value:
                if key.tag == _MERGE:
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
        if cls is yaml.SequenceNode and node.tag == _SEQ:
            return [self.build(child, depth + 1, again) for child in node.value]
        raise _Fallback  # another tag: PyYAML's safe constructor accepts or refuses it

    def scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            if not getattr(node, "style", None) and _E_NUMBER.match(
                value
            ):  # 1.0e308, 1e3: YAML 1.2 floats
                return self._e_number(node)
            return value
        if tag in (_INT, _FLOAT):
            self._number_quirks(node)
        if tag == _INT and value.isdigit() and (value == "0" or value[0] != "0"):
            return int(value)
        if tag == _FLOAT and "_" not in value and ":" not in value and "." in value:
            try:
                return float(value)
            except ValueError:
                pass
        elif tag == _BOOL:
            return _BOOLS[value.lower()]
        elif tag == _NULL:
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
        if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _FLOAT):
            self._number_quirks(node)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                self.check_only(key, depth + 1, again)
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                    if key.value in seen:
                        self._duplicate(key, seen[key.value])
                    else:
                        seen[key.value] = key
                self.check_only(value, depth + 1, again)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                self.check_only(child, depth + 1, again)
