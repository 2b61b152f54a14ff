"""Whether a gate, location rule or mitigation could hold for some combination of the values
the uncertain answers allow (for :mod:`~outsource_cli.decision.uncertainty`). Pure.

Settled apart from the outcome probabilities, over the allowed values only: the uncertain
answers a condition depends on are enumerated, a range at the points where a test on it can
turn and between them; what cannot be settled within :data:`MAX_CASES` combinations is
reported as could hold and listed as unproven.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, NamedTuple

from outsource_cli.decision.dependencies import compound_tests, depends_on
from outsource_cli.decision.evaluation import Evaluation, Evaluator
from outsource_cli.decision.range_cuts import Cuts, is_linear
from outsource_cli.questionnaire import calculations
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import compiled, truth
from outsource_cli.questionnaire.shapes import CalcCondition
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, Uncertain, plain_number

MAX_CASES = 4096  # combinations tried to settle whether one gate, rule or plan step could hold


class CouldHold(NamedTuple):
    """The gates, location rules and mitigations that do not hold at the point estimates but
    could for another of the uncertain answers' values, each with the uncertain answers its
    condition depends on."""

    gates: Mapping[str, tuple[str, ...]]
    locations: Mapping[str, tuple[str, ...]]
    mitigations: Mapping[str, tuple[str, ...]]
    # those above that hold in no combination tried, but too many combinations (or a test
    # that is not a straight line in a range) to rule them out
    unproven: tuple[str, ...]


def could_hold(
    catalog: Catalog, evaluator: Evaluator, uncertain: Mapping[str, Uncertain], cuts: Cuts
) -> CouldHold:
    """Every gate, location rule and mitigation (with a condition) that does not hold at the
    point estimates (``evaluator``'s base) but could, decided over the values the answers
    allow by enumerating just the uncertain answers its condition depends on."""
    possible = Possible(catalog, evaluator, uncertain, cuts)
    base = evaluator.base
    policy = catalog.policy
    could: dict[str, dict[str, tuple[str, ...]]] = {"gate": {}, "location": {}, "mitigation": {}}
    unproven: list[str] = []
    watched = [
        *(("gate", g.id, g.when, i) for i, g in enumerate(policy.gates)),
        *(("location", r.id, r.when, None) for r in policy.location.rules),
        *(("mitigation", m.id, m.when, None) for m in policy.mitigations if m.when is not None),
    ]
    for kind, ident, cond, gate in watched:
        inputs = possible.inputs(cond)
        if not inputs or holds(base, cond, gate):
            continue
        found = possible.could(cond, inputs, lambda e, c=cond, g=gate: holds(e, c, g))
        if found is not False:
            could[kind][ident] = inputs
        if found is None:
            unproven.append(ident)
    return CouldHold(could["gate"], could["location"], could["mitigation"], tuple(unproven))


def holds(e: Evaluation, cond: Any, gate: int | None) -> bool:
    """Whether a gate (by index: the evaluation has its truth) or another condition holds."""
    if gate is not None:
        return e.truths[gate] is True
    return truth(cond, e.effective, e.dims, open_=e.open) is True


class Possible:
    """Whether a condition holds for some combination of the values the uncertain answers
    allow (see :meth:`could`)."""

    def __init__(
        self,
        catalog: Catalog,
        evaluator: Evaluator,
        uncertain: Mapping[str, Uncertain],
        cuts: Cuts,
    ) -> None:
        self.catalog, self.evaluator, self.uncertain, self.cuts = (
            catalog,
            evaluator,
            uncertain,
            cuts,
        )

    def inputs(self, cond: Any) -> tuple[str, ...]:
        """The uncertain answers ``cond`` depends on
        (:func:`~outsource_cli.decision.dependencies.depends_on`), in asking order."""
        depends = depends_on(self.catalog, cond)
        return tuple(q for q in self.catalog.questions if q in self.uncertain and q in depends)

    def could(
        self, cond: Any, inputs: tuple[str, ...], holds: Any, limit: int | None = None
    ) -> bool | None:
        """True when some combination of the allowed values of ``inputs`` (the others at
        their point estimates: they do not change ``cond``) makes ``holds`` true; False when
        none does; None when that cannot be settled by trying at most ``limit`` combinations
        (default :data:`MAX_CASES`).

        Every ``one_of`` value is tried. A range is tried at its ends, at every point inside
        where a test on it, its score's bends, a set score's threshold or a calculated test
        can turn (:meth:`~outsource_cli.decision.range_cuts.Cuts.split`), and in the middle of each piece between them: the
        truth of every test is constant inside a piece, so this is exact, as long as no set
        score or calculation reads two of the ranges at once (there the pieces of one depend
        on the other: a combination that holds is still proof, none is not)."""
        discrete = [(q, u.values) for q in inputs if isinstance(u := self.uncertain[q], OneOf)]
        ranges = [(q, u) for q in inputs if isinstance(u := self.uncertain[q], NumberRange)]
        names = [q for q, _ in ranges]
        exact = (
            self._separable(cond, names) and all(self.cuts.linear(cond, q) for q in names)
        ) or self._vertex(cond, names)
        tried = 0
        for combo in itertools.product(*(v for _, v in discrete)):
            changes = {q: v for (q, _), v in zip(discrete, combo, strict=True)}
            grids = [
                [plain_number(x) for x in self.cuts.points(self.evaluator, changes, q, u)]
                for q, u in ranges
            ]
            for xs in itertools.product(*grids):
                tried += 1
                if tried > (MAX_CASES if limit is None else limit):
                    return None
                e = self.evaluator.evaluate(
                    {**changes, **{q: x for (q, _), x in zip(ranges, xs, strict=True)}}
                )
                if holds(e):
                    return True
        return False if exact else None

    def _vertex(self, cond: Any, ranges: list[str]) -> bool:
        """``cond`` is one inequality between two calculations that are straight lines in each
        of ``ranges`` (the others fixed), and what shows those questions reads none of them:
        the gap between its sides is then largest and smallest at corners of the ranges, which
        are among the values tried, so trying them settles it."""
        expr = compiled(cond) if isinstance(cond, CalcCondition) else None
        if not isinstance(expr, calculations.Cmp) or expr.op not in ("<", "<=", ">", ">="):
            return False
        read = {r.name for r in calculations.refs(expr)}
        for name in read:
            q = self.catalog.questions.get(name)
            if (
                q is not None
                and q.when is not None
                and depends_on(self.catalog, q.when) & {*ranges}
            ):
                return False
        return all(
            q in read and is_linear(side, q) for q in ranges for side in (expr.left, expr.right)
        )

    def _separable(self, cond: Any, ranges: list[str]) -> bool:
        """No set score or calculated test in ``cond`` depends on two of ``ranges``."""
        if len(ranges) < 2:
            return True
        for leaf in compound_tests(cond):
            depends = depends_on(self.catalog, leaf)
            if sum(q in depends for q in ranges) > 1:
                return False
        return True
