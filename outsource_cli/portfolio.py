"""A portfolio of functions: decisions ranked by score, with concentration risk. Pure."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from outsource_cli.engine import Decision
from outsource_cli.models import PortfolioPolicy
from outsource_cli.report import OUTCOME, md
from outsource_cli.text import one_line


@dataclass(frozen=True)
class Row:
    rank: int
    function: str
    source: str  # the answers file
    score: float
    outcome: str
    form: str | None
    location: str | None
    confidence: float
    top_reason: str  # the answer that moved the score most, as a sentence


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[Row, ...]
    flags: tuple[str, ...]  # concentration risk, in words


def rank(entries: list[tuple[str, str, Decision]], policy: PortfolioPolicy) -> Portfolio:
    """``entries`` are (function name, source file, decision); highest score first."""
    ordered = sorted(entries, key=lambda e: (-e[2].score, e[0].lower(), e[1]))
    rows = []
    for n, (name, path, d) in enumerate(ordered, 1):
        top = d.rationale[0] if d.rationale else None
        reason = f"{top.because} ({top.contribution:+.1f})" if top else "no scored answers"
        rows.append(
            Row(n, name, path, d.score, d.outcome, d.form, d.location, d.confidence, reason)
        )
    return Portfolio(tuple(rows), tuple(_flags(rows, policy)))


def _flags(rows: list[Row], policy: PortfolioPolicy) -> list[str]:
    flags = []
    out = [r for r in rows if r.outcome == "outsource"]
    if len(out) >= policy.outsourced_functions:
        names = ", ".join(one_line(r.function) for r in out)
        flags.append(
            f"{len(out)} functions would be fully outsourced ({names}): stagger the transitions and "
            "check how much of the business would depend on outside providers."
        )
    markets: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.outcome != "keep_in_house" and r.form and r.location:
            markets[(r.form, r.location)].append(r)
    for (form, location), group in sorted(markets.items()):
        if len(group) >= policy.same_market:
            names = ", ".join(one_line(r.function) for r in group)
            flags.append(
                f"{len(group)} functions would go to {form.upper()} providers {location} ({names}): "
                "the same provider market, so a risk of concentrating on one provider or location."
            )
    return flags


def as_json(p: Portfolio) -> str:
    data: dict[str, Any] = {
        "functions": [r.__dict__ for r in p.rows],
        "concentration_risks": list(p.flags),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_csv(p: Portfolio) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "function",
            "score",
            "outcome",
            "form",
            "location",
            "confidence",
            "top_reason",
            "source",
        ]
    )
    for r in p.rows:
        writer.writerow(
            [
                r.rank,
                _cell(r.function),
                f"{r.score:.1f}",
                r.outcome,
                r.form or "",
                r.location or "",
                f"{r.confidence:.2f}",
                _cell(r.top_reason),
                r.source,
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """One line, and no formula injection when the CSV is opened in a spreadsheet."""
    text = one_line(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_markdown(p: Portfolio) -> str:
    lines = [
        "# Sourcing portfolio",
        "",
        "| # | Function | Score | Outcome | Form | Location | Confidence | Top reason |",
        "| ---: | --- | ---: | --- | --- | --- | ---: | --- |",
    ]
    for r in p.rows:
        lines.append(
            f"| {r.rank} | {md(r.function)} | {r.score:.1f} | {OUTCOME[r.outcome]} | "
            f"{(r.form or '-').upper()} | {r.location or '-'} | {r.confidence:.2f} | {md(r.top_reason)} |"
        )
    lines += ["", "## Concentration risk", ""]
    lines += [f"- {md(f)}" for f in p.flags] or ["None flagged."]
    return "\n".join(lines) + "\n"
