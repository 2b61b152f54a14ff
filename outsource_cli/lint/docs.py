"""Each rule's documentation, from docs/lint-rules.md (shipped inside the wheel).

The same text serves ``outsource lint --explain CODE`` and SARIF's ``help``, and each rule's
``helpUri`` points at its section of the published page: ``DOCS_URL#<code>-<name>`` (GitHub's
anchor for the heading ``## <CODE> <name>``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from outsource_cli import HOMEPAGE
from outsource_cli.errors import UsageError
from outsource_cli.lint.rules import RULES, Rule
from outsource_cli.text import did_you_mean

DOCS_URL = f"{HOMEPAGE}/blob/main/docs/lint-rules.md"


def docs_file() -> Path:
    """docs/lint-rules.md: inside the installed package, or the checkout's in development."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "docs" / "lint-rules.md"
    return installed if installed.is_file() else package.parent / "docs" / "lint-rules.md"


@cache
def _sections() -> dict[str, str]:
    try:
        text = docs_file().read_text(encoding="utf-8")
    except OSError:  # a broken installation: the summaries still say what each rule is
        return {}
    sections: dict[str, str] = {}
    for chunk in text.split("\n## ")[1:]:
        code = chunk.split(" ", 1)[0]
        if code in RULES:
            sections[code] = "## " + chunk.strip() + "\n"
    return sections


def anchor(code: str) -> str:
    return f"{code.lower()}-{RULES[code].name}"


def help_uri(code: str) -> str:
    return f"{DOCS_URL}#{anchor(code)}"


def rule_doc(code: str) -> str:
    """The rule's documentation as Markdown: what it checks, an example that fails and one
    that passes, and how to fix it. Falls back to the one-line summary."""
    rule = RULES[code]
    return _sections().get(code) or f"## {code} {rule.name}\n\n{rule.summary}\n"


def find_rule(name: str) -> Rule:
    """The rule with this code (``Y001``, any case) or name (``yaml-syntax``)."""
    wanted = name.strip()
    for rule in RULES.values():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    names = [r.name for r in RULES.values()]
    also = did_you_mean(wanted.upper(), RULES) or did_you_mean(wanted.lower(), names)
    groups: dict[str, list[str]] = {}
    for code in RULES:
        groups.setdefault(code[0], []).append(code)
    known = ", ".join(f"{g[0]}-{g[-1]}" if len(g) > 1 else g[0] for g in groups.values())
    raise UsageError(f"no lint rule '{wanted}'{also}; the codes are {known}")
