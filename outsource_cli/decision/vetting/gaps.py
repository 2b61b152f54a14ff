"""The due-diligence gaps: the questions a provider left unanswered, and what answering
them could do to the ranking. Pure; every number exact (docs/vetting.md).

Once a provider's gaps are answered its score is a weighted mean with fixed weights, a
straight line in each answer: its lowest and highest are at every gap's lowest
and highest score. The ranking could change when a provider below could end above one
above it, or when a provider could still be knocked out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from outsource_cli.decision.scoring import score_bounds, tidy
from outsource_cli.decision.vetting.ranking import Model, Scored, key
from outsource_cli.questionnaire.catalog import Catalog


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
