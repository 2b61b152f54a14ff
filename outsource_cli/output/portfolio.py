"""The portfolio (``outsource compare``) as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from outsource_cli.decision.portfolio import Portfolio
from outsource_cli.output.report import OUTCOME, md
from outsource_cli.text import one_line


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
            "robustness",
            "provisional",
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
                f"{r.robustness:.2f}",
                "yes" if r.provisional else "no",
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
        "| # | Function | Score | Outcome | Form | Location | Robustness | Top reason |",
        "| ---: | --- | ---: | --- | --- | --- | ---: | --- |",
    ]
    for r in p.rows:
        lines.append(
            f"| {r.rank} | {md(r.function)} | {r.score:.1f} | {OUTCOME[r.outcome]} | "
            f"{(r.form or '-').upper()} | {r.location or '-'} | {r.robustness:.0%}{' (provisional)' if r.provisional else ''} | {md(r.top_reason)} |"
        )
    lines += ["", "## Concentration risk", ""]
    lines += [f"- {md(f)}" for f in p.flags] or ["None flagged."]
    return "\n".join(lines) + "\n"
