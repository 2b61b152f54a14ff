"""``outsource vet --format json``: the vetting as plain data. Answers stay as the files give
them (option values, numbers); the requirements, the gaps' verdict, the trade-offs and the
notes carry their words too."""

from __future__ import annotations

from typing import Any

from outsource_cli.decision.vetting.price import TradeOff
from outsource_cli.decision.vetting.result import Row, Vetting
from outsource_cli.output.vetting_requirements import (
    note_words,
    requirement_because,
    requirement_title,
)
from outsource_cli.output.vetting_sections import currency, gaps_why, trade_off_words


def data(v: Vetting) -> dict[str, Any]:
    """Everything ``outsource vet`` found, as data."""
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
        "ranking": [_row(r, scored.index(r) + 1 if r in scored else None) for r in v.ranked],
        "excluded": [_row(r, None) for r in v.excluded],
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
        "business_case": _business_case(v),
        "trade_offs": [_trade_off(t) for t in v.trade_offs],
        "notes": [note_words(n) for n in v.notes],
    }


def _row(r: Row, rank: int | None) -> dict[str, Any]:
    """One provider: its rank (None: unranked or out), scores, knock-outs and price."""
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


def _business_case(v: Vetting) -> dict[str, Any] | None:
    if v.case is None:
        return None
    return {
        "baseline": v.case.terms.baseline,
        "years": v.case.terms.years,
        "discount_rate": round(v.case.terms.discount * 100, 2),
        "break_even_saving": v.case.break_even,
    }


def _trade_off(t: TradeOff) -> dict[str, Any]:
    return {
        "provider": t.provider,
        "npv_difference": round(t.npv_difference, 2),
        "competency": t.competency,
        "points": round(t.points, 2),
        "text": trade_off_words(t),
    }
