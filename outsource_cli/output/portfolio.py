"""The portfolio (``outsource compare``) in words, and as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from typing import Any

from outsource_cli.decision.portfolio import Concentration, Duplicate, Portfolio, Row
from outsource_cli.output import amounts
from outsource_cli.output.markdown import md
from outsource_cli.output.report import OUTCOME
from outsource_cli.text import csv_cell, json_dumps, one_line


def outcome_words(r: Row) -> str:
    """ "Outsource", "Outsource once ready", or "No recommendation yet"."""
    if not r.recommended:
        return "No recommendation yet"
    return OUTCOME[r.outcome] + ("" if r.ready or r.outcome == "keep_in_house" else " once ready")


def top_reason(r: Row) -> str:
    """What decided the outcome, in a few words."""
    why = r.reason
    if why.kind == "answer_first":
        return "answer first: " + ", ".join(why.questions)
    if why.kind == "gate":
        return why.title
    if why.kind == "economics":
        kind = "saving" if why.figure >= 0 else "loss"
        return f"a net {kind} of {abs(why.figure):.1f} % after hidden costs (business case)"
    if why.kind == "cell":
        return f"{why.cell} ({why.framework})"
    return "no framework's cell applies"


def case_cell(r: Row) -> str:
    """The business case in one cell: NPV, payback year and break-even saving."""
    case = r.case
    if case is None:
        return "-"
    npv = amounts.money(case.npv, r.currency, sign=True)
    payback = f"year {case.payback_year}" if case.payback_year is not None else "never"
    be = f"{case.break_even:.1f} %" if case.break_even is not None else "none"
    return f"NPV {npv}; payback {payback}; break-even {be}"


def flag_words(f: Concentration) -> str:
    names = ", ".join(one_line(n) for n in f.functions)
    if f.kind == "outsourced":
        return (
            f"{len(f.functions)} functions would be fully outsourced ({names}): stagger the "
            "transitions and check how much of the business would depend on outside providers."
        )
    return (
        f"{len(f.functions)} functions would go to {f.form.upper()} providers {f.location} "
        f"({names}): the same provider market, so a risk of concentrating on one provider or "
        "location."
    )


def note_words(n: Duplicate) -> str:
    return (
        f"{len(n.sources)} files assess “{one_line(n.function)}” ({', '.join(n.sources)}): "
        "ranked separately, counted once in the concentration checks"
    )


def _row_data(r: Row) -> dict[str, Any]:
    data = {k: v for k, v in r.__dict__.items() if k not in ("reason", "case")}
    place = list(data).index("provisional") + 1
    items = list(data.items())
    items[place:place] = [("top_reason", top_reason(r)), ("business_case", case_cell(r))]
    return dict(items)


def as_json(p: Portfolio) -> str:
    data: dict[str, Any] = {
        "functions": [_row_data(r) for r in p.rows],
        "concentration_risks": [flag_words(f) for f in p.flags],
        "warnings": [note_words(n) for n in p.notes],
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
            "currency",
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
                csv_cell(top_reason(r)),
                csv_cell(r.source),
                csv_cell(case_cell(r)),
                r.currency or "",
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
            f"{(r.form or '-').upper()} | {r.location or '-'} | {r.robustness:.0%}{' (provisional)' if r.provisional else ''} | {md(top_reason(r))} | "
            f"{md(case_cell(r))} |"
        )
    lines += ["", "## Concentration risk", ""]
    lines += [f"- {md(flag_words(f))}" for f in p.flags] or ["None flagged."]
    return "\n".join(lines) + "\n"
