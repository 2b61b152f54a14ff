"""Lint results as text, JSON, GitHub workflow annotations and SARIF 2.1.0 (strings; no I/O)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from outsource_cli import __version__
from outsource_cli.errors import one_line_path
from outsource_cli.lint.rules import RULES, LintResult
from outsource_cli.text import clean, json_dumps, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: LintResult, strict: bool) -> str:
    errors, warnings = result.count("error"), result.count("warning")
    suppressed = len(result.findings) - len(result.active)
    files = _plural(result.files, "file")
    extra = f" ({suppressed} suppressed)" if suppressed else ""
    if not errors and not warnings:
        return f"All checks passed: {files}, no findings{extra}."
    parts = [_plural(n, w) for n, w in ((errors, "error"), (warnings, "warning")) if n]
    note = "" if errors or strict else " Warnings do not fail the run without --strict."
    return f"Found {' and '.join(parts)} in {files}{extra}.{note}"


def text(result: LintResult, strict: bool) -> str:
    lines = [  # one line each, whatever a file name or a quoted text holds
        clean(f"{one_line_path(f.path)}:{f.line}:{f.col}: {f.code} ") + one_line(f.message)
        for f in result.active
    ]
    return "\n".join([*lines, summary(result, strict)]) + "\n"


def as_json(result: LintResult, strict: bool) -> str:
    data = {
        "version": 1,
        "files": result.files,
        "summary": {
            "errors": result.count("error"),
            "warnings": result.count("warning"),
            "suppressed": len(result.findings) - len(result.active),
            "failed": result.failed(strict),
        },
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "col": f.col,
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "suppressed": f.suppressed,
                "justification": f.justification,
            }
            for f in result.findings
        ],
    }
    return json_dumps(data) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(result: LintResult, strict: bool) -> str:
    lines = []
    for f in result.active:
        props = ",".join(
            f"{k}={_escape_property(clean(v))}"
            for k, v in (
                ("file", f.path),
                ("line", str(f.line)),
                ("col", str(f.col)),
                ("title", f"{f.code} {f.rule}"),
            )
        )
        lines.append(f"::{f.severity} {props}::{_escape_data(clean(f.message))}")
    return "\n".join([*lines, summary(result, strict)]) + "\n"


def _uri(path: str) -> str:
    """A SARIF ``uri``: relative to the current folder when the file is inside it, else a
    ``file://`` URI; percent-encoded either way (spaces, ``#``, ``,``, ``%``, non-ASCII)."""
    p = Path(path)
    try:
        relative = p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri()  # pathlib percent-encodes all but letters, digits and -._~/
    return quote(relative, safe="/")


def sarif(result: LintResult, strict: bool) -> str:
    from outsource_cli.lint.docs import help_uri, rule_doc

    codes = sorted(RULES)
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
            "fullDescription": {"text": RULES[code].summary},
            "help": {"text": rule_doc(code), "markdown": rule_doc(code)},
            "helpUri": help_uri(code),
            "defaultConfiguration": {"level": RULES[code].severity},
        }
        for code in codes
    ]
    results: list[dict[str, Any]] = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.code,
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
        }
        if f.code in RULES:
            item["ruleIndex"] = codes.index(f.code)
        if f.suppressed:
            item["suppressions"] = [
                {
                    "kind": "inSource",
                    **({"justification": f.justification} if f.justification else {}),
                }
            ]
        results.append(item)
    doc = {
        "version": "2.1.0",
        "$schema": SARIF_SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "outsource-lint",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json_dumps(doc) + "\n"


FORMATS = {"text": text, "json": as_json, "github": github, "sarif": sarif}
