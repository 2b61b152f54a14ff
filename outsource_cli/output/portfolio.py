"""The portfolio (``outsource compare``) as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from typing import Any

from outsource_cli.decision.portfolio import Portfolio, Row
from outsource_cli.output.markdown import md
from outsource_cli.output.report import OUTCOME
from outsource_cli.text import csv_cell, json_dumps


def outcome_words(r: Row) -> str:
    """ "Outsource", "Outsource once ready", or "No recommendation yet"."""
    if not r.recommended:
        return "No recommendation yet"
    return OUTCOME[r.outcome] + ("" if r.ready or r.outcome == "keep_in_house" else " once ready")


def as_json(p: Portfolio) -> str:
    data: dict[str, Any] = {
        "functions": [r.__dict__ for r in p.rows],
        "concentration_risks": list(p.flags),
        "warnings": list(p.notes),
    }
    return json_dumps(data) + "\n"


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
            "business_case",
        ]
    )
    for r in p.rows:
        writer.writerow(
            [
                r.rank,
                csv_cell(r.function),
                f"{r.score:.1f}",
                r.outcome if r.recommended else "none_yet",
                r.form or "",
                r.location or "",
                f"{r.robustness:.2f}",
                "yes" if r.provisional else "no",
                csv_cell(r.top_reason),
                csv_cell(r.source),
                csv_cell(r.business_case),
            ]
        )
    return buffer.getvalue()


def as_markdown(p: Portfolio) -> str:
    lines = [
        "# Sourcing portfolio",
        "",
        "| # | Function | Balance | Outcome | Form | Location | Robustness | Top reason "
        "| Business case |",
        "| ---: | --- | ---: | --- | --- | --- | ---: | --- | --- |",
    ]
    for r in p.rows:
        lines.append(
            f"| {r.rank} | {md(r.function)} | {r.score:.1f} | {outcome_words(r)} | "
            f"{(r.form or '-').upper()} | {r.location or '-'} | {r.robustness:.0%}{' (provisional)' if r.provisional else ''} | {md(r.top_reason)} | "
            f"{md(r.business_case)} |"
        )
    lines += ["", "## Concentration risk", ""]
    lines += [f"- {md(f)}" for f in p.flags] or ["None flagged."]
    return "\n".join(lines) + "\n"
