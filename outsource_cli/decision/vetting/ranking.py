"""Scores, the ranking and what would change it. Pure; every number exact (docs/vetting.md).

**Score.** A question's score is its answer's score (0 = a weak provider on this point,
100 = a strong one), as in the decision engine (:func:`~outsource_cli.decision.scoring.
question_score`). A competency's (a set's) score is the weighted mean of its answered
questions. The overall score counts each question with ``c = W·w / shown``: its set's weight
``W`` times its own weight ``w``, over the total weight of the set's scored questions shown,
so a set answered on one question of five carries a fifth of its weight (the engine's rule):
``S = Σ c·s ÷ Σ c`` over the answered questions. An unanswered question is left out: a
due-diligence gap, not a zero.

**Evaluators.** A provider evaluated by several people takes, for each scored question, the
median of their answers by score (an even split: the lower of the two middle answers); for an
unscored one, the answer most of them gave (a tie: the option listed first; a number: the
highest, so a disputed price counts at its dearest).

**Ranking.** Highest score first; equal scores by name. Providers without any scored
answer come last, unranked.

**The swap** (the smallest change that puts second above first): every change of one
answer of the first or the second (each other option; a number at the exact value where
the two tie) and every change of one set's weight by a factor from ×0.5 to ×2 (the score is
a ratio of two straight lines in the factor, so the tie is a root of a quadratic). An
answer change's size is how far it moves that provider's score; a weight change's, how far
its factor is from 1.

**Gaps.** Once a provider's gaps are answered its score is a weighted mean with fixed
weights, a straight line in each answer: its lowest and highest are at every gap's lowest
and highest score. The ranking could change when a provider below could end above one
above it, or when a provider could still be knocked out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision.scoring import interpolate, question_score, score_bounds, tidy
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question

NEUTRAL = 50.0
FACTORS = (0.5, 2.0)  # the range of a set weight's change


class Evaluation(NamedTuple):
    evaluator: str
    answers: Mapping[str, AnswerValue]  # the answers that count, set.question -> value


class Reason(NamedTuple):
    question: str
    points: float  # signed contribution to the overall score, from neutral 50
    because: str


class Competency(NamedTuple):
    set_id: str
    title: str
    score: float | None  # None: nothing answered
    answered: int
    scored: int  # scored questions shown
    reasons: tuple[Reason, ...]  # most points first


class Scored(NamedTuple):
    name: str
    score: float | None
    competencies: tuple[Competency, ...]
    answers: Mapping[str, AnswerValue]  # the provider's answers (its evaluators' combined)


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


class Spread(NamedTuple):
    provider: str
    question: str
    answers: tuple[tuple[str, AnswerValue], ...]  # (evaluator, answer)
    points: float  # highest minus lowest score


class Disagreement(NamedTuple):
    """One evaluator's answer that, in place of the provider's combined answer, changes the
    winner."""

    provider: str
    evaluator: str
    question: str
    answer: AnswerValue
    winner: str  # who would rank first


class Gap(NamedTuple):
    provider: str
    question: str
    low: float  # the provider's score if only this gap were answered, at its worst
    high: float  # ... at its best
    could_change: bool  # answering it alone could change the ranking


class Crossing(NamedTuple):
    """A provider ranked ``lower`` that could reach ``reach`` once its gaps are answered,
    while one ranked above it, ``upper``, could fall to ``fall``."""

    lower: str
    reach: float
    upper: str
    fall: float


class Gaps(NamedTuple):
    gaps: tuple[Gap, ...]
    ranges: Mapping[str, tuple[float, float]]  # provider -> score range once all are answered
    could_change: bool  # answering them all could change the ranking
    could_be_out: tuple[str, ...]  # ranked providers that could still be knocked out
    crossing: Crossing | None  # the first pair whose ranges cross


# ---------------------------------------------------------------- combining evaluators


def combine(catalog: Catalog, evaluations: Sequence[Evaluation]) -> dict[str, AnswerValue]:
    """The provider's answer to each question from its evaluators' (module docstring)."""
    if len(evaluations) == 1:
        return dict(evaluations[0].answers)
    out: dict[str, AnswerValue] = {}
    for qid, q in catalog.questions.items():
        values = [e.answers[qid] for e in evaluations if qid in e.answers]
        if not values:
            continue
        scored = [(s, v) for v in values if (s := question_score(q, v)) is not None]
        if len(scored) == len(values):
            ordered = sorted(scored, key=lambda sv: (sv[0], _order(q, sv[1])))
            out[qid] = ordered[(len(ordered) - 1) // 2][1]
        elif of(q).numeric:
            out[qid] = max(values, key=lambda v: float(v) if _is_number(v) else -math.inf)  # type: ignore[arg-type]
        else:
            counts: dict[str, int] = {}
            for v in values:
                counts[repr(v)] = counts.get(repr(v), 0) + 1
            out[qid] = min(values, key=lambda v: (-counts[repr(v)], _order(q, v)))
    return out


def _order(q: Question, value: AnswerValue) -> tuple[int, str]:
    for i, o in enumerate(q.options):
        if type(o.value) is type(value) and o.value == value:
            return i, ""
    return len(q.options), repr(value)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# ---------------------------------------------------------------- scoring


class Model:
    """The weights of one provider's answered and shown questions: what its score is made
    of. ``factors``: a multiplier per set weight (what-if)."""

    def __init__(
        self,
        catalog: Catalog,
        answers: Mapping[str, AnswerValue],
        factors: Mapping[str, float] | None = None,
    ) -> None:
        self.catalog = catalog
        self.answers, shown = walk(catalog, answers)
        self.shown = [
            qid for qid in shown if score_bounds(catalog.questions[qid]) is not None
        ]  # scored questions shown
        totals: dict[str, float] = {}
        for qid in self.shown:
            s = catalog.set_of[qid]
            totals[s.id] = totals.get(s.id, 0.0) + catalog.questions[qid].weight
        factors = factors or {}
        self.c = {
            qid: catalog.set_of[qid].weight
            * factors.get(catalog.set_of[qid].id, 1.0)
            * catalog.questions[qid].weight
            / totals[catalog.set_of[qid].id]
            for qid in self.shown
        }
        self.s = {
            qid: sc
            for qid in self.shown
            if qid in self.answers
            and (sc := question_score(catalog.questions[qid], self.answers[qid])) is not None
        }

    def parts(self, set_id: str | None = None) -> tuple[float, float]:
        """(Σ c·s, Σ c) over the answered questions (of one set, or all)."""
        num = den = 0.0
        for qid, s in self.s.items():
            if set_id is None or self.catalog.set_of[qid].id == set_id:
                num += self.c[qid] * s
                den += self.c[qid]
        return num, den

    def score(self) -> float | None:
        num, den = self.parts()
        return tidy(num / den) if den > 0 else None

    def gaps(self) -> list[str]:
        return [qid for qid in self.shown if qid not in self.s]


def score_provider(
    catalog: Catalog,
    name: str,
    answers: Mapping[str, AnswerValue],
    factors: Mapping[str, float] | None = None,
) -> Scored:
    m = Model(catalog, answers, factors)
    score = m.score()
    _, den = m.parts()
    competencies: list[Competency] = []
    for qs in catalog.sets:
        ids = [qid for qid in m.shown if catalog.set_of[qid].id == qs.id]
        if not ids:
            continue
        answered = [qid for qid in ids if qid in m.s]
        weight = sum(catalog.questions[q].weight for q in answered)
        value = (
            tidy(sum(catalog.questions[q].weight * m.s[q] for q in answered) / weight)
            if weight > 0
            else None
        )
        reasons = sorted(
            (
                Reason(
                    q,
                    m.c[q] * (m.s[q] - NEUTRAL) / den,
                    _because(catalog.questions[q], m.answers[q]),
                )
                for q in answered
            ),
            key=lambda r: (-abs(r.points), r.question),
        )
        competencies.append(
            Competency(qs.id, qs.title, value, len(answered), len(ids), tuple(reasons))
        )
    return Scored(name, score, tuple(competencies), m.answers)


def _because(q: Question, value: AnswerValue) -> str:
    return of(q).because(q, value)


def key(name: str, score: float | None) -> tuple[int, float, str]:
    """The ranking's order: scored before unscored, higher score first, then by name."""
    return (0, -score, name) if score is not None else (1, 0.0, name)


def rank(scored: Iterable[Scored]) -> list[Scored]:
    return sorted(scored, key=lambda p: key(p.name, p.score))


# ---------------------------------------------------------------- the swap


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
        for root in _roots(qa, qb, qc):
            if not FACTORS[0] <= root <= FACTORS[1]:
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


def _roots(a: float, b: float, c: float) -> list[float]:
    if abs(a) < 1e-12:
        return [] if abs(b) < 1e-12 else [-c / b]
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    r = math.sqrt(disc)
    return sorted({(-b - r) / (2 * a), (-b + r) / (2 * a)})


# ---------------------------------------------------------------- evaluators


def spreads(catalog: Catalog, name: str, evaluations: Sequence[Evaluation]) -> list[Spread]:
    """The scored questions the evaluators of one provider answered differently, widest
    first."""
    out: list[Spread] = []
    if len(evaluations) < 2:
        return out
    for qid, q in catalog.questions.items():
        given = [(e.evaluator, e.answers[qid]) for e in evaluations if qid in e.answers]
        scores = [s for _, v in given if (s := question_score(q, v)) is not None]
        if len(scores) < 2 or max(scores) == min(scores):
            continue
        out.append(Spread(name, qid, tuple(given), tidy(max(scores) - min(scores))))
    return sorted(out, key=lambda s: (-s.points, s.question))


def disagreements(
    catalog: Catalog,
    providers: Sequence[Scored],
    evaluations: Mapping[str, Sequence[Evaluation]],
    factors: Mapping[str, float] | None = None,
) -> list[Disagreement]:
    """Each evaluator's answer that alone, in place of its provider's combined answer,
    changes who ranks first (``providers``: the ranked ones)."""
    if len(providers) < 2:
        return []
    winner = providers[0].name
    found: list[Disagreement] = []
    for p in providers:
        for spread in spreads(catalog, p.name, evaluations.get(p.name, ())):
            for who, value in spread.answers:
                if repr(value) == repr(p.answers.get(spread.question)):
                    continue
                moved = Model(catalog, {**p.answers, spread.question: value}, factors).score()
                scores = {o.name: (moved if o.name == p.name else o.score) for o in providers}
                top = min(scores, key=lambda n: key(n, scores[n]))
                if top != winner:
                    found.append(Disagreement(p.name, who, spread.question, value, top))
    return found


# ---------------------------------------------------------------- gaps


def gaps(
    catalog: Catalog,
    providers: Sequence[Scored],
    could_be_out: Iterable[str] = (),
    factors: Mapping[str, float] | None = None,
) -> Gaps:
    """The due-diligence gaps of the ranked ``providers`` and what answering them could do."""
    models = {p.name: Model(catalog, p.answers, factors) for p in providers}
    ranges: dict[str, tuple[float, float]] = {}
    found: list[Gap] = []
    for p in providers:
        m = models[p.name]
        num, den = m.parts()
        open_ = m.gaps()
        lo_num = hi_num = num
        extra = 0.0
        for qid in open_:
            bounds = score_bounds(catalog.questions[qid])
            assert bounds is not None
            lo_num += m.c[qid] * bounds[0]
            hi_num += m.c[qid] * bounds[1]
            extra += m.c[qid]
        if den + extra > 0:
            ranges[p.name] = (tidy(lo_num / (den + extra)), tidy(hi_num / (den + extra)))
        for qid in open_:
            lo, hi = score_bounds(catalog.questions[qid])  # type: ignore[misc]
            c = m.c[qid]
            low = tidy((num + c * lo) / (den + c))
            high = tidy((num + c * hi) / (den + c))
            found.append(Gap(p.name, qid, low, high, _could_reorder(providers, p.name, low, high)))
    out = list(could_be_out)
    order = [p.name for p in providers]
    crossing: Crossing | None = None
    for i, upper in enumerate(order):
        for lower in order[i + 1 :]:
            lo_u = ranges.get(upper, (None, None))[0]
            hi_l = ranges.get(lower, (None, None))[1]
            if lo_u is None or hi_l is None:
                continue
            if key(lower, hi_l) < key(upper, lo_u):
                crossing = crossing or Crossing(lower, hi_l, upper, lo_u)
    return Gaps(tuple(found), ranges, bool(out or crossing), tuple(out), crossing)


def _could_reorder(providers: Sequence[Scored], name: str, low: float, high: float) -> bool:
    current = [p.name for p in providers]
    for value in (low, high):
        scores = {p.name: (value if p.name == name else p.score) for p in providers}
        if sorted(current, key=lambda n: key(n, scores[n])) != current:
            return True
    return False
