"""A portfolio of functions: decisions ranked by outcome, with concentration risk. Pure.

Decisions that recommend something come first, by how far out they go (outsource now,
outsource once ready, hybrid, keep), then by the balance of the answers; the files that do
not yet make a recommendation are ranked apart, after them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from outsource_cli.decision.engine import Decision
from outsource_cli.questionnaire.shapes import OUTCOMES, PortfolioPolicy
from outsource_cli.text import same_name


class Reason(NamedTuple):
    """What decided a function's outcome, as data (the output layer writes it in words):
    ``kind`` is "answer_first" (no recommendation yet: ``questions`` to answer first), "gate"
    (``title``: the gate that changed the outcome), "economics" (``figure``: the net saving
    in %, when the business case holds the outcome closer in than the strategy goes),
    "cell" (the strategy's ``cell`` and ``framework``) or "none" (no framework's cell
    applies)."""

    kind: str
    questions: tuple[str, ...] = ()
    title: str = ""
    figure: float = 0.0
    cell: str = ""
    framework: str = ""


class Case(NamedTuple):
    """The business case in a portfolio row: NPV (thousands, in the row's currency), the
    payback year and the break-even saving (%)."""

    npv: float
    payback_year: int | None
    break_even: float | None


class Concentration(NamedTuple):
    """A concentration risk: ``kind`` "outsourced" (many functions fully outsourced) or
    "market" (many going to the same ``form`` of provider in the same ``location``)."""

    kind: str
    functions: tuple[str, ...]
    form: str = ""
    location: str = ""


class Duplicate(NamedTuple):
    """One function assessed by more than one file."""

    function: str
    sources: tuple[str, ...]


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
    reason: Reason  # what decided it: a gate, the business case or the strategy's cell
    case: Case | None = None
    recommended: bool = True  # False: "No recommendation yet", ranked apart
    ready: bool = True  # False: outsource (or hybrid) once the readiness steps are done
    currency: str | None = None  # the ISO 4217 code of its money figures, when it names one


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[Row, ...]
    flags: tuple[Concentration, ...]
    notes: tuple[Duplicate, ...] = ()  # a function assessed twice


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
                _case(d),
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


def _reason(d: Decision) -> Reason:
    """What decided the outcome: a gate that changed it, else the business case when it
    holds the outcome closer in than the strategy goes, else the strategy's cell."""
    if not d.recommended:
        return Reason("answer_first", questions=tuple(d.missing_range.questions[:3]))
    gate = next((g for g in d.gates if g.status == "fired" and g.changes_outcome), None)
    if gate is not None:
        return Reason("gate", title=gate.title)
    strategy = d.stages[0] if d.stages else None
    economics = d.stages[1] if len(d.stages) > 1 else None
    if (
        strategy is not None
        and economics is not None
        and economics.figure is not None
        and OUTCOMES.index(d.outcome) < OUTCOMES.index(REACH.get(strategy.verdict, d.outcome))
    ):
        return Reason("economics", figure=economics.figure)
    if strategy is None or strategy.cell is None:
        return Reason("none")
    return Reason("cell", cell=strategy.cell, framework=strategy.framework or "")


def _case(d: Decision) -> Case | None:
    case = d.business_case
    if case is None:
        return None
    return Case(case.npv, case.payback_year, case.break_even_saving)


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


def duplicates(rows: tuple[Row, ...]) -> list[Duplicate]:
    """Each function assessed by more than one file."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[same_name(r.function)].append(r)
    return [
        Duplicate(g[0].function, tuple(r.source for r in g)) for g in groups.values() if len(g) > 1
    ]


def _flags(rows: list[Row], policy: PortfolioPolicy) -> list[Concentration]:
    flags = []
    rows = _distinct(rows)  # highest score first: each function as its best-ranked file
    out = [r for r in rows if r.recommended and r.outcome == "outsource"]
    if len(out) >= policy.outsourced_functions:
        flags.append(Concentration("outsourced", tuple(r.function for r in out)))
    markets: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.recommended and r.outcome != "keep_in_house" and r.form and r.location:
            markets[(r.form, r.location)].append(r)
    for (form, location), group in sorted(markets.items()):
        if len(group) >= policy.same_market:
            names = tuple(r.function for r in group)
            flags.append(Concentration("market", names, form, location))
    return flags
