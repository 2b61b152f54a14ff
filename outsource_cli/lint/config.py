"""What a project tells the linter: its [tool.outsource-lint] table (select, ignore,
per-file ignores) and the disable comments in the files. Pure: reads files, never prints."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from outsource_cli.errors import UsageError
from outsource_cli.lint.rules import RULES, Finding
from outsource_cli.questionnaire import source


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # code prefixes; empty = all
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None  # the file it came from

    def enabled(self, code: str, path: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        if any(code.startswith(p) for p in self.ignore):
            return False
        rel = _relative(path, self.root)
        return not any(
            fnmatch.fnmatch(rel, pattern) and any(code.startswith(c) for c in codes)
            for pattern, codes in self.per_file_ignores
        )


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.outsource-lint] table."""
    from outsource_cli.files import NotReadable, read_regular

    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(read_regular(candidate, source.MAX_FILE_BYTES).decode("utf-8"))
            except (OSError, NotReadable, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "outsource-lint" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    from outsource_cli.files import NotReadable, read_regular

    try:
        data = tomllib.loads(read_regular(path, source.MAX_FILE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except NotReadable as exc:
        raise UsageError(f"{path}: {exc.reason}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: is not valid UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("outsource-lint", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.outsource-lint] must be a table")
    unknown = set(table) - {"select", "ignore", "per-file-ignores"}
    if unknown:
        raise UsageError(
            f"{path}: unknown key(s) in [tool.outsource-lint]: {', '.join(sorted(unknown))} "
            "(expected select, ignore, per-file-ignores)"
        )

    def codes(value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise UsageError(f"{path}: [tool.outsource-lint] {key} must be a list of rule codes")
        for c in value:
            if not any(code.startswith(c) for code in RULES):
                raise UsageError(
                    f"{path}: [tool.outsource-lint] {key}: no rule code starts with '{c}'"
                )
        return tuple(value)

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise UsageError(f"{path}: [tool.outsource-lint] per-file-ignores must be a table")
    return Config(
        select=codes(table.get("select", []), "select"),
        ignore=codes(table.get("ignore", []), "ignore"),
        per_file_ignores=tuple(
            (k, codes(v, f"per-file-ignores '{k}'")) for k, v in per_file.items()
        ),
        root=path.parent,
        source=str(path),
    )


# ---------------------------------------------------------------- suppressions

_DISABLE = re.compile(r"#\s*outsource-lint:\s*disable=([A-Za-z0-9_,\s]+?)\s*(?:--\s*(.*?))?\s*$")


@dataclass(frozen=True)
class Suppression:
    line: int
    col: int
    codes: tuple[str, ...]
    reason: str | None


def suppressions(text: str) -> list[Suppression]:
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if "outsource-lint" not in line:
            continue
        m = _DISABLE.search(line)
        if m:
            codes = tuple(c.strip().upper() for c in m.group(1).split(",") if c.strip())
            found.append(Suppression(n, m.start() + 1, codes, m.group(2) or None))
    return found


def apply_suppressions(
    findings: list[Finding], by_file: dict[str, list[Suppression]], config: Config
) -> list[Finding]:
    used: set[tuple[str, int, str]] = set()
    out: list[Finding] = []
    for f in findings:
        match = next(
            (s for s in by_file.get(f.path, []) if s.line == f.line and f.code in s.codes), None
        )
        if match is not None:
            used.add((f.path, match.line, f.code))
            out.append(replace(f, suppressed=True, justification=match.reason))
        else:
            out.append(f)
    for path, items in by_file.items():
        for s in items:
            for code in s.codes:
                if (path, s.line, code) not in used and config.enabled("U001", path):
                    message = (
                        f"'# outsource-lint: disable={code}' suppresses nothing on this line"
                        if code in RULES
                        else f"'{code}' is not a rule code"
                    )
                    out.append(Finding(path, s.line, s.col, "U001", message))
    return out
