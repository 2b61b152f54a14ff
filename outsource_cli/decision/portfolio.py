"""A portfolio of functions: decisions ranked by outcome, with concentration risk. Pure.

Decisions that recommend something come first, by how far out they go (outsource now,
outsource once ready, hybrid, keep), then by the balance of the answers; the files that do
not yet make a recommendation are ranked apart, after them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from outsource_cli.decision.engine import Decision
from outsource_cli.questionnaire.shapes import OUTCOMES, PortfolioPolicy
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
    top_reason: str  # what decided it: a gate, the business case or the strategy's cell
    business_case: str = "-"  # NPV, payback and break-even saving, in a few words
    recommended: bool = True  # False: "No recommendation yet", ranked apart
    ready: bool = True  # False: outsource (or hybrid) once the readiness steps are done
    currency: str | None = None  # the ISO 4217 code of its money figures, when it names one


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[Row, ...]
    flags: tuple[str, ...]  # concentration risk, in words
    notes: tuple[str, ...] = ()  # warnings about the inputs (a function assessed twice)


def rank(entries: list[tuple[str, str, Decision]], policy: PortfolioPolicy) -> Portfolio:
    """``entries`` are (function name, source file, decision), ranked (see above)."""
    ordered = sorted(entries, key=lambda e: (*_place(e[2]), e[0].lower(), e[1]))
    rows = []
    for n, (name, path, d) in enumerate(ordered, 1):
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
                _reason(d),
                case_cell(d),
                d.recommended,
                d.ready,
                d.currency,
            )
        )
    return Portfolio(tuple(rows), tuple(_flags(rows, policy)), tuple(duplicates(tuple(rows))))


def _place(d: Decision) -> tuple[object, ...]:
    """Recommendations first, the furthest out first (ready before once ready), then the
    balance of the answers."""
    reach = OUTCOMES.index(d.outcome) * 2 + (1 if d.ready else 0)
    return (not d.recommended, -reach if d.recommended else 0, -d.score)


# how far out each strategy verdict goes by itself (docs/decision-engine.md, "The stages"):
# an outcome closer in than this was decided by the economics or a gate, not the strategy
REACH = {
    "insource": "keep_in_house",
    "eliminate_or_migrate": "hybrid",
    "co_source": "hybrid",
    "best_source": "outsource",
    "outsource": "outsource",
}


def _reason(d: Decision) -> str:
    """What decided the outcome, in a few words: a gate that changed it, else the business
    case when it holds the outcome closer in than the strategy goes, else the strategy's
    cell."""
    if not d.recommended:
        return "answer first: " + ", ".join(d.missing_range.questions[:3])
    gate = next((g for g in d.gates if g.status == "fired" and g.changes_outcome), None)
    if gate is not None:
        return gate.title
    strategy = d.stages[0] if d.stages else None
    economics = d.stages[1] if len(d.stages) > 1 else None
    if (
        strategy is not None
        and economics is not None
        and economics.figure is not None
        and OUTCOMES.index(d.outcome) < OUTCOMES.index(REACH.get(strategy.verdict, d.outcome))
    ):
        kind = "saving" if economics.figure >= 0 else "loss"
        return f"a net {kind} of {abs(economics.figure):.1f} % after hidden costs (business case)"
    if strategy is None or strategy.cell is None:
        return "no framework's cell applies"
    return f"{strategy.cell} ({strategy.framework})"


def case_cell(d: Decision) -> str:
    """The business case in one cell: NPV, payback year and break-even saving."""
    case = d.business_case
    if case is None:
        return "-"
    npv = f"{case.npv:+,.1f}".replace("+-", "-")
    npv = f"{d.currency} {npv}k" if d.currency else f"{npv} thousand"
    payback = f"year {case.payback_year}" if case.payback_year is not None else "never"
    be = f"{case.break_even_saving:.1f} %" if case.break_even_saving is not None else "none"
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
    out = [r for r in rows if r.recommended and r.outcome == "outsource"]
    if len(out) >= policy.outsourced_functions:
        names = ", ".join(one_line(r.function) for r in out)
        flags.append(
            f"{len(out)} functions would be fully outsourced ({names}): stagger the transitions and "
            "check how much of the business would depend on outside providers."
        )
    markets: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.recommended and r.outcome != "keep_in_house" and r.form and r.location:
            markets[(r.form, r.location)].append(r)
    for (form, location), group in sorted(markets.items()):
        if len(group) >= policy.same_market:
            names = ", ".join(one_line(r.function) for r in group)
            flags.append(
                f"{len(group)} functions would go to {form.upper()} providers {location} ({names}): "
                "the same provider market, so a risk of concentrating on one provider or location."
            )
    return flags
