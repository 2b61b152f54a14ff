"""Reading YAML (and JSON) files once, keeping where every value came from.

A :class:`Document` holds both the composed node tree (with line and column marks) and the
plain data built from it, so that any later check can point at the key or value it is about.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from outsource_cli.errors import InputError, Problem
from outsource_cli.questionnaire.yaml_data import (
    BOOL,
    BOOLS,
    E_NUMBER,
    FLOAT,
    INT,
    NULL,
    STR,
    Builder,
    ENumber,
)

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
    if isinstance(part, str) or node.tag == STR:
        return bool(node.value == str(part))
    if part is None:
        return node.tag == NULL
    if isinstance(part, bool):
        return node.tag == BOOL and BOOLS.get(node.value.lower()) is part
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf}
    try:
        value = special.get(node.value.lower()) or float(node.value.replace("_", ""))
        return node.tag in (INT, FLOAT) and value == part
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
        data = Builder(loader, path).document(node)
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


def _indent_of(text: str, line: int) -> str:
    lines = text.splitlines()
    if line > len(lines):
        return ""
    content = lines[line - 1]
    return content[: len(content) - len(content.lstrip())]


def load(path: Path) -> Document:
    return parse(read_text(path), str(path))


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
        style = "'" if E_NUMBER.match(value) else None
        return dumper.represent_scalar(STR, value, style=style)

    Dumper.add_representer(str, text)
    out: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return out
