"""The swap: the smallest change that would put the second provider above the first. Pure;
every number exact (docs/vetting.md).

Tried: every change of one answer of the first or the second (each other option; a number
at the exact value where the two tie) and every change of one set's weight by a factor from ×0.5 to ×2 (the score is
a ratio of two straight lines in the factor, so the tie is a root of a quadratic). An
answer change's size is how far it moves that provider's score; a weight change's, how far
its factor is from 1.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import NamedTuple

from outsource_cli.decision.scoring import tidy
from outsource_cli.decision.vetting.ranking import Model, Scored, key
from outsource_cli.questionnaire.answer_types import interpolate, of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question

FACTORS = (0.5, 2.0)  # the range of a set weight's change


class Change(NamedTuple):
    """One change that would put the second above the first."""

    kind: str  # "answer" or "weight"
    provider: str  # whose answer ("" for a weight)
    target: str  # set.question, or the set id
    before: AnswerValue | float
    after: AnswerValue | float  # the new answer; for a number or a weight: where they tie
    direction: str  # "" for an option; "or less" / "or more": a number or weight beyond ``after``
    size: float  # points the provider's score moves (answer), or |ln factor| (weight)
    first: float  # the two scores after the change (at the tie for a threshold)
    second: float


def swaps(
    catalog: Catalog,
    first: Scored,
    second: Scored,
    factors: Mapping[str, float] | None = None,
) -> list[Change]:
    """Every single change that would put ``second`` above ``first``, smallest first."""
    factors = dict(factors or {})
    found: list[Change] = []
    models = {
        first.name: Model(catalog, first.answers, factors),
        second.name: Model(catalog, second.answers, factors),
    }
    base = {p.name: p.score for p in (first, second)}
    for who, other in ((first, second), (second, first)):
        m = models[who.name]
        for qid in m.s:
            q = catalog.questions[qid]
            current = m.answers[qid]
            if of(q).numeric:
                found.extend(
                    _number_swaps(catalog, q, qid, who, other, m, first, second, base, factors)
                )
                continue
            if of(q).many:
                continue  # not tried (the provider sets have none): docs/vetting.md
            for o in q.options:
                if o.score is None or (type(o.value) is type(current) and o.value == current):
                    continue
                moved = Model(catalog, {**who.answers, qid: o.value}, factors).score()
                scores = {who.name: moved, other.name: base[other.name]}
                if _swapped(first.name, second.name, scores):
                    assert moved is not None and base[who.name] is not None
                    found.append(
                        Change(
                            "answer", who.name, qid, current, o.value, "",
                            abs(moved - base[who.name]),  # type: ignore[operator]
                            scores[first.name], scores[second.name],  # type: ignore[arg-type]
                        )
                    )  # fmt: skip
    found.extend(_weight_swaps(catalog, first, second, models, factors))
    order = {first.name: 0, second.name: 1, "": 2}
    qorder = {qid: i for i, qid in enumerate(catalog.questions)}
    return sorted(
        found,
        key=lambda c: (
            round(c.size, 9), order[c.provider], qorder.get(c.target, -1), c.target, str(c.after)
        ),
    )  # fmt: skip


def _swapped(a: str, b: str, scores: Mapping[str, float | None]) -> bool:
    return key(b, scores[b]) < key(a, scores[a])


def _number_swaps(
    catalog: Catalog,
    q: Question,
    qid: str,
    who: Scored,
    other: Scored,
    m: Model,
    first: Scored,
    second: Scored,
    base: Mapping[str, float | None],
    factors: Mapping[str, float],
) -> list[Change]:
    """Where the number's answer makes the two tie, on each straight piece of its score."""
    if not q.ranges or q.min is None or q.max is None:
        return []
    num, den = m.parts()
    c = m.c[qid]
    s_now = m.s[qid]
    target = base[other.name]
    assert target is not None
    # the provider's score is (num - c·s_now + c·s) / den: it equals target at s = need
    need = (target * den - num + c * s_now) / c
    current = float(m.answers[qid])
    points = sorted({q.min, q.max, *(r.up_to for r in q.ranges if q.min <= r.up_to <= q.max)})
    out: list[Change] = []
    for lo, hi in itertools.pairwise(points):
        s_lo, s_hi = interpolate(q.ranges, lo), interpolate(q.ranges, hi)
        if s_lo == s_hi or not min(s_lo, s_hi) <= need <= max(s_lo, s_hi):
            continue
        x = lo + (need - s_lo) * (hi - lo) / (s_hi - s_lo)
        # past x, away from the current answer, the score moves towards `need` and beyond
        beyond = hi if x >= current else lo
        if beyond == x:
            continue
        step = x + (beyond - x) * 1e-6
        probe = Model(catalog, {**who.answers, qid: step}, factors).score()
        scores = {who.name: probe, other.name: target}
        if not _swapped(first.name, second.name, scores):
            continue
        out.append(
            Change(
                "answer", who.name, qid, m.answers[qid], round(x, 6),
                "or more" if beyond > x else "or less",
                abs(target - base[who.name]),  # type: ignore[operator]
                target, target,
            )
        )  # fmt: skip
    return out


def _weight_swaps(
    catalog: Catalog,
    first: Scored,
    second: Scored,
    models: Mapping[str, Model],
    factors: Mapping[str, float],
) -> list[Change]:
    """Each set weight times k: a provider's score is (k·a + b)/(k·c + d); the two tie where
    a quadratic in k is zero."""
    out: list[Change] = []
    ma, mb = models[first.name], models[second.name]
    for qs in catalog.sets:
        a1, c1 = ma.parts(qs.id)
        a2, c2 = mb.parts(qs.id)
        if c1 == 0 and c2 == 0:
            continue
        n1, d1 = ma.parts()
        n2, d2 = mb.parts()
        b1, e1 = n1 - a1, d1 - c1  # the rest of the first's score
        b2, e2 = n2 - a2, d2 - c2
        # (k a1 + b1)(k c2 + e2) - (k a2 + b2)(k c1 + e1) = A k² + B k + C
        qa = a1 * c2 - a2 * c1
        qb = a1 * e2 + b1 * c2 - a2 * e1 - b2 * c1
        qc = b1 * e2 - b2 * e1
        for found in _roots(qa, qb, qc):
            root = _in_range(found)
            if root is None:
                continue
            # from a root, the order can change past it (away from 1; both ways from 1 itself)
            for up in (True, False) if abs(root - 1) < 1e-12 else (root > 1,):
                beyond = root * (1 + 1e-7) if up else root * (1 - 1e-7)
                probes = [root] + ([beyond] if FACTORS[0] <= beyond <= FACTORS[1] else [])
                if not any(
                    _swapped(
                        first.name,
                        second.name,
                        {first.name: _at(ma, qs.id, k), second.name: _at(mb, qs.id, k)},
                    )
                    for k in probes
                ):
                    continue
                at = {p.name: _at(m, qs.id, root) for p, m in ((first, ma), (second, mb))}
                base = qs.weight * factors.get(qs.id, 1.0)
                out.append(
                    Change(
                        "weight", "", qs.id, base, round(base * root, 6),
                        "or more" if up else "or less", abs(math.log(root)),
                        at[first.name] or 0.0, at[second.name] or 0.0,
                    )
                )  # fmt: skip
    return out


def _at(m: Model, set_id: str, k: float) -> float | None:
    a, c = m.parts(set_id)
    n, d = m.parts()
    den = k * c + d - c
    return tidy((k * a + n - a) / den) if den > 0 else None


def _in_range(root: float) -> float | None:
    """``root`` if it lies within FACTORS, put on an end it misses only by the float sums
    (2.000000000000001 is 2: the rounded scores tie there); None when it lies outside."""
    for end in FACTORS:
        if math.isclose(root, end, rel_tol=1e-9):
            return end
    return root if FACTORS[0] <= root <= FACTORS[1] else None


def _roots(a: float, b: float, c: float) -> list[float]:
    if abs(a) < 1e-12:
        return [] if abs(b) < 1e-12 else [-c / b]
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    r = math.sqrt(disc)
    return sorted({(-b - r) / (2 * a), (-b + r) / (2 * a)})
