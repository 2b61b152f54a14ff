"""A portfolio of functions: decisions ranked by score, with concentration risk. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from outsource_cli.decision.engine import Decision
from outsource_cli.questionnaire.shapes import PortfolioPolicy
from outsource_cli.text import one_line, same_name


@dataclass(frozen=True)
class Row:
    rank: int
    function: str
    source: str  # the answers file
    score: float
    outcome: str
    form: str | None
    location: str | None
    robustness: float
    provisional: bool
    top_reason: str  # the answer that moved the score most, as a sentence
    business_case: str = "-"  # NPV, payback and break-even saving, in a few words


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[Row, ...]
    flags: tuple[str, ...]  # concentration risk, in words
    notes: tuple[str, ...] = ()  # warnings about the inputs (a function assessed twice)


def rank(entries: list[tuple[str, str, Decision]], policy: PortfolioPolicy) -> Portfolio:
    """``entries`` are (function name, source file, decision); highest score first."""
    ordered = sorted(entries, key=lambda e: (-e[2].score, e[0].lower(), e[1]))
    rows = []
    for n, (name, path, d) in enumerate(ordered, 1):
        top = d.rationale[0] if d.rationale else None
        reason = f"{top.because} ({top.contribution:+.1f})" if top else "no scored answers"
        rows.append(
            Row(
                n,
                name,
                path,
                d.score,
                d.outcome,
                d.form,
                d.location,
                d.robustness,
                d.provisional,
                reason,
                case_cell(d),
            )
        )
    return Portfolio(tuple(rows), tuple(_flags(rows, policy)), tuple(duplicates(tuple(rows))))


def case_cell(d: Decision) -> str:
    """The business case in one cell: NPV, payback year and break-even saving."""
    case = d.business_case
    if case is None:
        return "-"
    npv = f"{case.npv:+,.1f}".replace("+-", "-")
    payback = f"year {case.payback_year}" if case.payback_year is not None else "never"
    be = f"{case.break_even_saving:.2f} %" if case.break_even_saving is not None else "none"
    return f"NPV {npv}; payback {payback}; break-even {be}"


def _distinct(rows: list[Row]) -> list[Row]:
    """One row per function name (case and spacing aside): two files about the same function
    (its answers and its decision JSON, or two drafts) are one function, not two."""
    seen: set[str] = set()
    out = []
    for r in rows:
        key = same_name(r.function)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def duplicates(rows: tuple[Row, ...]) -> list[str]:
    """A warning for each function assessed by more than one file."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[same_name(r.function)].append(r)
    return [
        f"{len(g)} files assess “{one_line(g[0].function)}” ({', '.join(r.source for r in g)}): "
        "ranked separately, counted once in the concentration checks"
        for g in groups.values()
        if len(g) > 1
    ]


def _flags(rows: list[Row], policy: PortfolioPolicy) -> list[str]:
    flags = []
    rows = _distinct(rows)  # highest score first: each function as its best-ranked file
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
