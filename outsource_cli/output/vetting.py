"""What ``outsource vet`` prints: a scorecard side by side in the terminal, JSON, Markdown, an
HTML board page and CSV. Every name or text from a file is cleaned (text.py) and escaped for
its format."""

from __future__ import annotations

import html
from typing import Any

from outsource_cli.decision.vetting.price import TradeOff
from outsource_cli.decision.vetting.ranking import Change, Gaps
from outsource_cli.decision.vetting.requirements import Because, Requirement
from outsource_cli.decision.vetting.result import Note, Row, Vetting
from outsource_cli.output.business import exact_money as money  # prices, as entered
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean, csv_cell, json_dumps, one_line


def currency(v: Vetting) -> str | None:
    """The currency of the decision's money figures (checked when the decision was read)."""
    found = v.decision.data.get("currency") if v.decision is not None else None
    return found if isinstance(found, str) else None


def _answer(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return one_line(str(value))


def _q(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    return one_line(q.text) if q is not None else qid


TITLES = {
    "audit_rights": "Grant access, information and audit rights",
    "exit_assistance": "Commit to exit assistance",
    "subcontracting": "Keep subcontractors visible and under your approval",
}
WHERE = {"onshore": "your country", "nearshore": "your region or closer"}
# the rule that makes a requirement of a critical or important function, or of sector rules
GUIDELINE = {
    ("audit_rights", "critical"): " (EBA/GL/2019/02, Guideline 13.3)",
    ("exit_assistance", "critical"): " (EBA/GL/2019/02, Guideline 15)",
    ("subcontracting", "sector_rules"): " (EBA/GL/2019/02, Guideline 13.1)",
}


def requirement_title(r: Requirement) -> str:
    """What the provider must do, in words."""
    if r.gate is not None:
        return r.gate.title
    if r.id == "delivery_location":
        return f"Deliver from {WHERE[r.location]}"
    if r.id == "data_location":
        return f"Keep the data in {WHERE[r.location]}"
    if r.id == "overlap_hours":
        return f"Overlap at least {r.minimum:g} hours a day"
    return TITLES[r.id]


def requirement_because(r: Requirement) -> str:
    """Why, from the decision or the policy."""
    if r.gate is not None:
        return r.gate.because
    return "; ".join(_because(r, b) for b in r.reasons)


def _because(r: Requirement, b: Because) -> str:
    cite = GUIDELINE.get((r.id, b.code), "")
    if b.code == "location":
        said = [d.rstrip(".") for d in b.details]
        why = ": " + "; ".join(d[:1].lower() + d[1:] for d in said) if said else ""
        return f"the decision's location is {b.value}{why}"
    if b.code == "critical":
        return f"the function is {b.value}{cite}"
    if b.code == "sector_rules":
        return f"sector rules on outsourcing apply{cite}"
    if b.code == "sensitive_data":
        return f"it handles {b.value} data (GDPR Article 28(3)(h): a processor allows audits)"
    if b.code == "subcontracting":
        return f"the decision assumes subcontracting is {b.value}"
    return f"the decision says the work needs {r.minimum:g} hours of overlap a day"


def note_words(n: Note) -> str:
    if n.kind == "keep_in_house":
        return (
            "the decision is to keep the function in-house: the providers are vetted "
            "against its requirements all the same"
        )
    if n.kind == "not_checked" and n.requirement is not None:
        r = n.requirement
        return (
            f"not checked: {requirement_title(r).lower()} (the provider sets have no {r.question})"
        )
    return "the decision has no business case (no saving answered): prices not compared"


def gaps_why(g: Gaps) -> str:
    """Why answering the due-diligence gaps could change the ranking, or could not."""
    if g.could_be_out:
        return f"{', '.join(g.could_be_out)} could still be knocked out"
    if g.crossing is not None:
        c = g.crossing
        return f"{c.lower} could reach {c.reach:.1f} and {c.upper} fall to {c.fall:.1f}"
    if g.gaps:
        return "no provider's range reaches the one above it"
    return "there are no gaps"


def amount(thousands: float, currency: str | None = None) -> str:
    """An amount given in thousands: with its currency as every money figure is shown,
    locale-neutral ("EUR 300.0k"); with none named, in words ("0.30 million", "85 thousand")."""
    x = abs(thousands)
    if currency:
        return f"{currency} {x:,.1f}k"
    if x >= 1000:
        return f"{x / 1000:.1f} million"
    if x >= 100:
        return f"{x / 1000:.2f} million"
    return f"{x:.0f} thousand"


def trade_off_words(t: TradeOff) -> str:
    """A provider against the first in a sentence: money, then the competency."""
    diff, other, first = t.npv_difference, t.provider, t.first
    over = f"over {t.years} year{'s' if t.years != 1 else ''} (present value)"
    if abs(diff) < 0.005:
        money_part = f"{other} costs the same as {first} {over}"
    elif diff > 0:
        money_part = f"{other} is {amount(diff, t.currency)} cheaper than {first} {over}"
    else:
        money_part = f"{other} costs {amount(-diff, t.currency)} more than {first} {over}"
    if not t.competency:
        return money_part + "."
    if t.points < 0:
        return f"{money_part} and scores {-t.points:.0f} points lower on {t.competency.lower()}."
    return f"{money_part} and scores {t.points:.0f} points higher on {t.competency.lower()}."


def _trade_off_data(t: TradeOff) -> dict[str, Any]:
    return {
        "provider": t.provider,
        "npv_difference": round(t.npv_difference, 2),
        "competency": t.competency,
        "points": round(t.points, 2),
        "text": trade_off_words(t),
    }


def change_text(c: Change, catalog: Catalog) -> str:
    if c.kind == "weight":
        title = next((s.title for s in catalog.sets if s.id == c.target), c.target)
        return (
            f"the weight of {title.lower()} at {c.after:g} {c.direction} (now {c.before:g}; "
            f"they tie at {c.first:.1f})"
        )
    if c.direction:
        return (
            f"{c.provider}'s answer to “{_q(catalog, c.target)}” at {c.after:g} {c.direction} "
            f"(now {_answer(c.before)}; they tie at {c.first:.1f})"
        )
    return (
        f"{c.provider}'s answer to “{_q(catalog, c.target)}” were {_answer(c.after)} instead of "
        f"{_answer(c.before)} ({c.second:.1f} against {c.first:.1f})"
    )


def lines(v: Vetting, catalog: Catalog) -> dict[str, list[str]]:
    """Every section in words (unescaped; each renderer escapes)."""
    out: dict[str, list[str]] = {}
    if v.requirements:
        out["Requirements"] = [
            f"{requirement_title(r)}: {requirement_because(r)}." for r in v.requirements
        ]
    out["Excluded"] = [
        f"{r.scored.name}: "
        + "; ".join(
            f"{requirement_title(k.requirement).lower()} ({k.evaluator} answered "
            f"{_answer(k.answer)})"
            if k.answer is not None
            else f"{requirement_title(k.requirement).lower()} ({k.evaluator})"
            for k in r.check.knocked_out
        )
        for r in v.excluded
    ]
    ranked = [r for r in v.ranked if r.scored.score is not None]
    why: list[str] = []
    for r in ranked:
        best = sorted(
            (reason for c in r.scored.competencies for reason in c.reasons),
            key=lambda x: -abs(x.points),
        )[:3]
        why.append(
            f"{r.scored.name}: "
            + "; ".join(f"{x.points:+.1f} {x.because}" for x in best if x.because)
        )
    out["Why"] = why
    change: list[str] = []
    if v.margin is not None and len(ranked) >= 2:
        change.append(
            f"{ranked[0].scored.name} leads {ranked[1].scored.name} by {v.margin:.1f} points."
        )
        if v.swap is not None:
            change.append(f"The smallest change that swaps them: {change_text(v.swap, catalog)}.")
        else:
            change.append("No single answer or weight change (×0.5 to ×2) swaps them.")
    out["What would change the order"] = change
    out["Evaluators"] = [
        f"{s.provider}, “{_q(catalog, s.question)}”: "
        + ", ".join(f"{who} {_answer(a)}" for who, a in s.answers)
        + f" ({s.points:.0f} points apart)"
        for s in v.spreads[:6]
    ] + [
        f"{d.evaluator}'s answer to “{_q(catalog, d.question)}” ({_answer(d.answer)}) alone "
        f"would put {d.winner} first."
        for d in v.disagreements
    ]
    gaps = [
        f"{g.provider}: “{_q(catalog, g.question)}” ({g.low:.1f} to {g.high:.1f}"
        f"{'; could change the ranking' if g.could_change else ''}) — "
        + _evidence(catalog, g.question)
        for g in v.gaps.gaps
    ]
    for r in v.ranked:
        for req in r.check.open:
            gaps.append(
                f"{r.scored.name}: “{_q(catalog, req.question)}” is unanswered: it could be "
                f"knocked out ({requirement_title(req).lower()}) — {_evidence(catalog, req.question)}"
            )
    if gaps:
        gaps.insert(
            0,
            ("Answering them could change the ranking: " if v.gaps.could_change else
             "Answering them could not change the ranking: ") + gaps_why(v.gaps) + ".",
        )  # fmt: skip
    out["Due-diligence gaps"] = gaps
    price: list[str] = []
    cur = currency(v)
    if v.case is not None:
        be = v.case.break_even
        price.append(
            f"In-house {money(v.case.terms.baseline, cur)} a year; break-even saving "
            + (f"{be:.1f} %" if be is not None else "none")
            + f"; {v.case.terms.years} year{'' if v.case.terms.years == 1 else 's'} at {v.case.terms.discount * 100:g} %."
        )
        for r in v.ranked:
            if r.price is not None:
                p = r.price
                price.append(
                    f"{r.scored.name}: {money(p.annual_price, cur)} a year, a saving of "
                    f"{p.saving:.1f} % — {'clears' if p.clears else 'does not clear'} the "
                    f"break-even saving; NPV {money(p.npv, cur, sign=True)}"
                    + (
                        f", pays back in year {p.payback_year}"
                        if p.payback_year
                        else ", never pays back"
                    )
                    + "."
                )
        price.extend(trade_off_words(t) for t in v.trade_offs)
    out["Price against the business case"] = price
    out["Notes"] = [note_words(n) for n in v.notes]
    return {k: [clean(x) for x in val] for k, val in out.items() if val}


def _evidence(catalog: Catalog, qid: str) -> str:
    q = catalog.questions.get(qid)
    help_ = q.help if q is not None else ""
    at = help_.find("Evidence: ")
    return one_line(help_[at + len("Evidence: ") :]) if at >= 0 else "ask the provider"


def _columns(v: Vetting) -> list[Row]:
    return [*v.ranked, *v.excluded]


def _scorecard(v: Vetting) -> tuple[list[str], list[list[str]]]:
    rows = _columns(v)
    header = ["", *(one_line(r.scored.name) for r in rows)]
    body: list[list[str]] = []
    body.append(
        ["Rank", *(str(i + 1) if r in v.ranked and r.scored.score is not None else "out" if r in v.excluded else "–"
                   for i, r in enumerate(rows))]
    )  # fmt: skip
    body.append(
        ["Score", *(f"{r.scored.score:.1f}" if r.scored.score is not None else "–" for r in rows)]
    )
    titles: dict[str, str] = {}
    for r in rows:
        for c in r.scored.competencies:
            titles.setdefault(c.set_id, c.title)
    for set_id, title in titles.items():
        cells = []
        for r in rows:
            found = next((x for x in r.scored.competencies if x.set_id == set_id), None)
            cells.append(
                "–"
                if found is None or found.score is None
                else f"{found.score:.0f}"
                + (f" ({found.answered}/{found.scored})" if found.answered < found.scored else "")
            )
        body.append([one_line(title), *cells])
    body.append(["Evaluators", *(str(len(r.evaluators)) for r in rows)])
    cur = currency(v)
    body.append(
        [
            "Price a year",
            *(money(r.price.annual_price, cur) if r.price else "–" for r in rows),
        ]
    )
    body.append(
        [
            "Clears break-even",
            *(("yes" if r.price.clears else "no") if r.price else "–" for r in rows),
        ]
    )
    return header, body


def renderable(v: Vetting, catalog: Catalog) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = f"Providers for {clean(v.function)}" if v.function else "Providers"
    header, body = _scorecard(v)
    table = Table(
        title=Text(title), title_justify="left", box=None, header_style="bold", pad_edge=False
    )
    for h in header:
        table.add_column(Text(clean(h)), justify="right" if h else "left")
    for row in body:
        table.add_row(*(Text(clean(c)) for c in row))
    parts: list[Any] = [table]
    for heading, items in lines(v, catalog).items():
        parts.append(Text(""))
        parts.append(Text(heading, style="bold"))
        parts.extend(Text(f"  • {x}") for x in items)
    return Group(*parts)


def print_vetting(v: Vetting, catalog: Catalog) -> None:
    from outsource_cli.output.terminal import emit, make_console

    emit(renderable(v, catalog), make_console())


def text(v: Vetting, catalog: Catalog) -> str:
    import io

    from rich.console import Console

    from outsource_cli.output.terminal import emit

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, highlight=False, soft_wrap=False)
    emit(renderable(v, catalog), console)
    return buffer.getvalue()


def data(v: Vetting, catalog: Catalog) -> dict[str, Any]:
    def row(r: Row, rank: int | None) -> dict[str, Any]:
        return {
            "provider": r.scored.name,
            "rank": rank,
            "score": r.scored.score,
            "evaluators": list(r.evaluators),
            "competencies": [
                {
                    "set": c.set_id,
                    "title": c.title,
                    "score": c.score,
                    "answered": c.answered,
                    "questions": c.scored,
                    "reasons": [x._asdict() for x in c.reasons],
                }
                for c in r.scored.competencies
            ],
            "knocked_out": [
                {
                    "requirement": k.requirement.id,
                    "title": requirement_title(k.requirement),
                    "because": requirement_because(k.requirement),
                    "evaluator": k.evaluator,
                    "answer": k.answer,
                }
                for k in r.check.knocked_out
            ],
            "could_be_knocked_out": [req.id for req in r.check.open],
            "price": r.price._asdict() if r.price else None,
            "answers": dict(r.scored.answers),
        }

    scored = [r for r in v.ranked if r.scored.score is not None]
    return {
        "function": v.function,
        "decision": v.decision.path if v.decision else None,
        "currency": currency(v),
        "requirements": [
            {
                "id": r.id,
                "question": r.question,
                "title": requirement_title(r),
                "because": requirement_because(r),
            }
            for r in v.requirements
        ],
        "ranking": [row(r, scored.index(r) + 1 if r in scored else None) for r in v.ranked],
        "excluded": [row(r, None) for r in v.excluded],
        "margin": v.margin,
        "swap": v.swap._asdict() if v.swap else None,
        "swaps": [c._asdict() for c in v.swaps],
        "spreads": [{**s._asdict(), "answers": [list(a) for a in s.answers]} for s in v.spreads],
        "disagreements": [d._asdict() for d in v.disagreements],
        "gaps": {
            "could_change_ranking": v.gaps.could_change,
            "why": gaps_why(v.gaps),
            "ranges": {k: list(x) for k, x in v.gaps.ranges.items()},
            "gaps": [g._asdict() for g in v.gaps.gaps],
        },
        "business_case": None
        if v.case is None
        else {
            "baseline": v.case.terms.baseline,
            "years": v.case.terms.years,
            "discount_rate": round(v.case.terms.discount * 100, 2),
            "break_even_saving": v.case.break_even,
        },
        "trade_offs": [_trade_off_data(t) for t in v.trade_offs],
        "notes": [note_words(n) for n in v.notes],
    }


def as_json(v: Vetting, catalog: Catalog) -> str:
    return json_dumps(data(v, catalog)) + "\n"


def as_csv(v: Vetting, catalog: Catalog) -> str:
    import csv
    import io

    header, body = _scorecard(v)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(clean(h)) for h in ["measure", *header[1:]]])
    for row in body:
        writer.writerow([csv_cell(clean(c)) for c in row])
    return buffer.getvalue()


def markdown(v: Vetting, catalog: Catalog, date: str) -> str:
    from outsource_cli.output.markdown import md

    header, body = _scorecard(v)
    out = [f"# Provider vetting: {md(v.function or 'the function')}", "", f"_{date}_", ""]
    out.append("| " + " | ".join(md(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    out.extend("| " + " | ".join(md(c) for c in row) + " |" for row in body)
    for heading, items in lines(v, catalog).items():
        out += ["", f"## {heading}", ""]
        out += [f"- {md(x)}" for x in items]
    return "\n".join(out) + "\n"


def html_page(v: Vetting, catalog: Catalog, date: str) -> str:
    e = html.escape
    header, body = _scorecard(v)
    name = e(clean(v.function or "the function"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Provider vetting: {name}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "line-height:1.4}table{border-collapse:collapse}td,th{padding:.2em .8em;"
        "border-bottom:1px solid #ccc;text-align:right}td:first-child,th:first-child"
        "{text-align:left}</style></head><body>",
        f"<h1>Provider vetting: {name}</h1>",
        f"<p>{e(date)}</p>",
        "<table><thead><tr>"
        + "".join(f"<th>{e(clean(h))}</th>" for h in header)
        + "</tr></thead><tbody>",
    ]
    for row in body:
        parts.append("<tr>" + "".join(f"<td>{e(clean(c))}</td>" for c in row) + "</tr>")
    parts.append("</tbody></table>")
    for heading, items in lines(v, catalog).items():
        parts.append(f"<h2>{e(heading)}</h2><ul>")
        parts.extend(f"<li>{e(x)}</li>" for x in items)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
