"""Reading YAML (and JSON) files once, keeping where every value came from.

A :class:`Document` holds both the composed node tree (with line and column marks) and the
plain data built from it, so that any later check can point at the key or value it is about.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from outsource_cli.errors import InputError, Problem

try:  # the libyaml C loader when present: several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000  # nodes visited with aliases followed: refuses "billion laughs"
MAX_DEPTH = 64

Loc = Sequence[str | int]


@dataclass(frozen=True)
class Document:
    path: str
    node: yaml.Node
    data: Any

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value at ``loc``, or of its key when ``key``.

        Follows ``loc`` as far as the tree goes and returns the deepest node reached, so a
        missing field points at the mapping that should hold it.
        """
        node = self.node
        key_node: yaml.Node | None = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
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

    def problem(self, loc: Loc, message: str, code: str, *, key: bool = False) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, message, code)


def read_text(path: Path, *, what: str = "file") -> str:
    """The text of ``path``, or an :class:`InputError` that says plainly what is wrong."""
    shown = str(path)
    try:
        if path.is_dir():
            raise InputError(Problem(shown, 0, 0, f"is a directory, not a {what}", "E001"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                Problem(shown, 0, 0, f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", "E001")
            )
        raw = path.read_bytes()
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
        problems = list(_check_tree(node, path))
        if problems:
            raise InputError(problems)
        data = loader.construct_document(node)
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


def _check_tree(root: yaml.Node, path: str) -> Iterator[Problem]:
    """Duplicate keys, nesting depth and alias expansion, in one walk without recursion."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    visited = 0
    while stack:
        node, depth = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            yield Problem(
                path, 1, 1, f"expands to more than {MAX_NODES:,} values (too many aliases)", "Y006"
            )
            return
        if depth > MAX_DEPTH:
            mark = node.start_mark
            yield Problem(
                path,
                mark.line + 1,
                mark.column + 1,
                f"nested deeper than {MAX_DEPTH} levels",
                "Y006",
            )
            return
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        first = seen[key.value].start_mark.line + 1
                        yield Problem(
                            path,
                            key.start_mark.line + 1,
                            key.start_mark.column + 1,
                            f"duplicate key '{key.value}' (first defined on line {first})",
                            "Y002",
                        )
                    else:
                        seen[key.value] = key
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
