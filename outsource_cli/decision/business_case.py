"""The business case: keeping the function in-house against outsourcing it, made from the
answers. The model and its sums are ``cost_model`` (re-exported here); this module reads its
inputs from the answers, with the question set's defaults for unanswered ones (each an
:class:`Assumption`: data, which output/assumptions.py writes out), builds the case the
decision reports, scores the headline-saving question on its net saving, and finds the range
of that net saving while inputs are open (docs/business-case.md). Pure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Mapping
from typing import NamedTuple

from outsource_cli.decision.cost_model import EXIT_COST as EXIT_COST
from outsource_cli.decision.cost_model import GOVERNANCE_COST as GOVERNANCE_COST
from outsource_cli.decision.cost_model import SEARCH_COST as SEARCH_COST
from outsource_cli.decision.cost_model import SEVERANCE_COST as SEVERANCE_COST
from outsource_cli.decision.cost_model import TRANSITION_COST as TRANSITION_COST
from outsource_cli.decision.cost_model import HiddenCost as HiddenCost
from outsource_cli.decision.cost_model import Terms as Terms
from outsource_cli.decision.cost_model import Year as Year
from outsource_cli.decision.cost_model import cents
from outsource_cli.decision.cost_model import flows as flows
from outsource_cli.decision.cost_model import hidden_costs as hidden_costs
from outsource_cli.decision.cost_model import net_saving as net_saving
from outsource_cli.decision.cost_model import npv as npv
from outsource_cli.decision.cost_model import payback_year as payback_year
from outsource_cli.decision.cost_model import present_values as present_values
from outsource_cli.decision.cost_model import saving_for as saving_for
from outsource_cli.errors import ScaleError
from outsource_cli.questionnaire.answer_types import interpolate, of, range_of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.cost_scales import number, scale_of
from outsource_cli.questionnaire.shapes import Question

YEARS = "cost.contract_years"
SAVING = "cost.expected_savings"  # the headline saving; its score is the business case's
BASELINE = "cost.baseline_cost"
APPROACH = "culture.transition"
TRANSITION = "cost.transition_months"
# by transition approach: a staged hand-over runs in parallel for longer (docs/business-case.md)
TRANSITION_MONTHS = {"phased": 4.0, "big_bang": 2.0}
TRANSITION_UNKNOWN = 4.0  # the approach not answered: the costlier of the two


class Input(NamedTuple):
    key: str  # the field of :class:`Terms`
    question: str  # set.question; its `default` in the question set is the assumed value


INPUTS: tuple[Input, ...] = (
    Input("years", "cost.contract_years"),
    Input("search", "cost.search_share"),
    Input("governance", "cost.governance_share"),
    Input("exit", "cost.exit_share"),
    Input("severance", "cost.severance_share"),
    Input("escalation_in", "cost.inhouse_escalation"),
    Input("escalation_out", "cost.provider_escalation"),
    Input("discount", "cost.discount_rate"),
)
QUESTIONS = frozenset({SAVING, BASELINE, APPROACH, TRANSITION, *(i.question for i in INPUTS)})
_SCALES = {q: scale for q in QUESTIONS if (scale := scale_of(q)) is not None}


class Assumption(NamedTuple):
    """An unanswered input and the value the case was made on (output/assumptions.py writes
    it as a sentence with its source)."""

    question: str  # the unanswered question whose default was used
    value: float
    kind: str  # what it rests on: DEFAULT, BASELINE_OPEN, BASELINE_NO_COST or HAND_OVER
    answer: AnswerValue | None = None  # BASELINE_NO_COST: the answer; HAND_OVER: the approach


# what an assumption rests on
DEFAULT = "default"  # the question set's default for an input of INPUTS
BASELINE_OPEN = "baseline_open"  # the in-house cost is not answered: its default
BASELINE_NO_COST = "baseline_no_cost"  # it is answered as no cost: its default
HAND_OVER = "hand_over"  # the transition: the months for the approach (None: either)


class BusinessCase(NamedTuple):
    saving: float  # the headline saving, %
    npv: float  # of outsourcing against keeping, discounted
    net_saving: float  # NPV as a % of the present value of the in-house cost: what scores
    payback_year: int | None
    break_even_saving: float | None  # %, None when no saving up to 100 % pays back
    discount_rate: float  # %
    years: tuple[Year, ...]
    hidden_costs: tuple[HiddenCost, ...]  # largest first
    assumptions: tuple[Assumption, ...]


# ---------------------------------------------------------------- from the answers


def applies(catalog: Catalog) -> bool:
    """The catalog asks the questions of the business case (the built-in sets do)."""
    return SAVING in catalog.questions and BASELINE in catalog.questions


def terms(
    catalog: Catalog, answers: Mapping[str, AnswerValue], *, explain: bool = True
) -> tuple[Terms, tuple[Assumption, ...]] | None:
    """The model's inputs from the answers that count, with the defaults used for unanswered
    inputs (each an assumption, written out when ``explain``); None when the headline saving
    is not answered."""
    t = model_terms(catalog, answers)
    if t is None:
        return None
    return t, assumed(catalog, answers, t) if explain else ()


class _Plan(NamedTuple):
    """What a catalog gives the business case, once: each input of :data:`INPUTS` as
    (question, default, whether a value is checked against the scale, the scale's ends), and
    the in-house cost's default."""

    inputs: tuple[tuple[str, float, bool, float, float], ...]
    baseline: float


def _plan(catalog: Catalog) -> _Plan:
    found: _Plan | None = catalog.__dict__.get("_business_plan")
    if found is None:
        inputs = []
        for i in INPUTS:
            q = catalog.questions.get(i.question)
            default = q.default if q is not None else None
            value = float(default) if _number(default) else 0.0  # type: ignore[arg-type]
            scale = _SCALES.get(i.question)
            low, high = (scale.low, scale.high) if scale is not None else (-math.inf, math.inf)
            if q is not None and not of(q).numeric:
                # any value fails the check: :func:`_check` gives the message
                inputs.append((i.question, value, True, math.nan, math.nan))
            else:
                inputs.append((i.question, value, _number(default), low, high))
        base = catalog.questions[BASELINE].default
        b = float(base) if _number(base) else 1000.0  # type: ignore[arg-type]
        found = catalog.__dict__["_business_plan"] = _Plan(tuple(inputs), b)
    return found


def _check(catalog: Catalog, qid: str, value: float) -> None:
    """:class:`ScaleError` when an input of the business case cannot be used: not a number
    question, or off its scale."""
    q = catalog.questions.get(qid)
    if q is not None and not of(q).numeric:
        scale = scale_of(qid)
        what = f"{scale.what} ({qid})" if scale is not None else qid
        raise ScaleError(
            f"the business case cannot use {what}: it must be a number question, not {q.type} "
            '(docs/business-case.md, "The inputs"); check the question set with outsource lint'
        )
    in_scale(qid, value)


def model_terms(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> Terms | None:
    """The model's inputs from the answers that count (the defaults for unanswered ones);
    None when the headline saving is not answered. Cheap: the sampled uncertainty asks for
    one a draw."""
    saving = answers.get(SAVING)
    if not _number(saving) or not applies(catalog):
        return None
    plan = _plan(catalog)
    get = answers.get
    values = []
    for qid, value, checked, low, high in plan.inputs:
        given = get(qid)
        if given.__class__ in _PLAIN or (given is not None and _number(given)):
            value, checked = float(given), True  # type: ignore[arg-type]
        if checked and not low <= value <= high:
            _check(catalog, qid, value)
        values.append(value)
    years, search, governance, exit_, severance, e_in, e_out, discount = values
    baseline = answers.get(BASELINE)
    # open, or a cost of nothing (a set may allow 0): no saving can be measured against it,
    # so the case is made on the default and says so (:func:`assumed`)
    if not _number(baseline) or float(baseline) <= 0:  # type: ignore[arg-type]
        b = in_scale(BASELINE, plan.baseline)
    else:
        b = in_scale(BASELINE, float(baseline))  # type: ignore[arg-type]
    months = answers.get(TRANSITION)
    if _number(months):
        m = in_scale(TRANSITION, float(months))  # type: ignore[arg-type]
    else:
        m = TRANSITION_MONTHS.get(str(answers.get(APPROACH)), TRANSITION_UNKNOWN)
    return Terms(
        b,
        in_scale(SAVING, float(saving)) / 100,  # type: ignore[arg-type]
        max(1, math.floor((years or 1) + 0.5)),  # halves up: 2.5 is 3
        m,
        search / 100,
        governance / 100,
        exit_ / 100,
        severance / 100,
        e_in / 100,
        e_out / 100,
        discount / 100,
    )


def assumed(
    catalog: Catalog, answers: Mapping[str, AnswerValue], t: Terms
) -> tuple[Assumption, ...]:
    """The defaults :func:`model_terms` used for unanswered inputs of the set, in order: the
    in-house cost (when open or no cost), each input of :data:`INPUTS`, the transition."""
    found: list[Assumption] = []
    baseline = answers.get(BASELINE)
    if not _number(baseline):
        found.append(Assumption(BASELINE, t.baseline, BASELINE_OPEN))
    elif float(baseline) <= 0:  # type: ignore[arg-type]
        found.append(Assumption(BASELINE, t.baseline, BASELINE_NO_COST, baseline))
    for qid, value, *_ in _plan(catalog).inputs:
        if qid in catalog.questions and not _number(answers.get(qid)):
            found.append(Assumption(qid, value, DEFAULT))
    if TRANSITION in catalog.questions and not _number(answers.get(TRANSITION)):
        approach = answers.get(APPROACH)
        found.append(Assumption(TRANSITION, t.transition_months, HAND_OVER, approach))
    return tuple(found)


def in_scale(qid: str, value: float) -> float:
    """``value`` when it lies on the scale of the business-case input ``qid``
    (:data:`cost_scales.SCALES`); else :class:`ScaleError`. The format keeps every question's
    ``min`` and ``max`` on it, so this only stops a question set that escaped its checks,
    with a message, before a list of every year, an overflow or a division by zero."""
    scale = _SCALES.get(qid)
    if scale is None or scale.low <= value <= scale.high:
        return value
    raise ScaleError(
        f"the business case cannot use {qid} = {number(value)}: {scale.what} takes "
        f'{scale.describe()} (docs/business-case.md, "The inputs"); check the question '
        "set's 'min' and 'max' with outsource lint"
    )


def score_input(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> float | None:
    """The net saving (%) that the headline-saving question is scored on; None without one.
    Worked out each time: it costs less than a memo's key would."""
    t = model_terms(catalog, answers)
    return None if t is None else net_saving(t)


def build(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> BusinessCase | None:
    """The business case of the answers that count (None when the saving is not answered)."""
    found = terms(catalog, answers)
    if found is None:
        return None
    t, assumptions = found
    keep, out = flows(t)
    years: list[Year] = []
    ck = co = 0.0
    for y, (k, o) in enumerate(zip(keep, out, strict=True)):
        ck, co = ck + k, co + o
        years.append(Year(y, cents(k), cents(o), cents(k - o), cents(ck), cents(co)))
    be = saving_for(t, 0.0)
    return BusinessCase(
        saving=round(t.saving * 100, 2) + 0.0,
        npv=cents(npv(t)),
        net_saving=round(net_saving(t), 2) + 0.0,
        payback_year=payback_year(t),
        break_even_saving=None if be is None else round(be * 100, 2) + 0.0,
        discount_rate=round(t.discount * 100, 2) + 0.0,
        years=tuple(years),
        hidden_costs=hidden_costs(t),
        assumptions=assumptions,
    )


_PLAIN = frozenset({int, float})  # the numbers answers are (:func:`_number` for the rest)


def _number(v: object) -> bool:
    kind = type(v)
    return kind is float or kind is int or (isinstance(v, int | float) and kind is not bool)


def rescore(
    catalog: Catalog, effective: Mapping[str, AnswerValue], scores: dict[str, float]
) -> bool:
    """Score the headline-saving question on the business case's net saving (in place), the
    documented mapping of docs/business-case.md: its ranges read the net saving, not the
    headline. True when it did."""
    if SAVING not in scores or not applies(catalog):
        return False
    net = score_input(catalog, effective)
    if net is None:
        return False
    scores[SAVING] = interpolate(catalog.questions[SAVING].ranges, net)
    return True


class Net(NamedTuple):
    """The net saving behind the headline saving's score: the figure (%), the decimals it is
    shown with (one, more only where one would round it across a range point) and the years
    it is over. The output layer words it."""

    figure: float
    digits: int
    years: int


def net_reason(q: Question, case: BusinessCase) -> tuple[str, Net]:
    """Why the headline saving scores as it does: the net saving's range (its ``because``
    from the question set; "" when none holds) and the figure."""
    r = range_of(q, case.net_saving)
    x = case.net_saving
    edges = [p.up_to for p in q.ranges]
    digits = next((d for d in (1, 2, 3) if all((round(x, d) <= e) == (x <= e) for e in edges)), 4)
    return (r.because if r is not None else ""), Net(x, digits, len(case.years) - 1)


# net saving = 1 − C/K (C: the present cost of outsourcing, K: of keeping), so it falls as
# any hidden cost or the provider's escalation rises and rises with the in-house escalation:
# these are tried at one end each; the contract length and the discount rate move both K
# and C, and are tried on every whole year and at both ends
_FALLING = ("search", "governance", "exit", "severance", "escalation_out", "transition_months")
_RISING = ("escalation_in",)


def score_range(
    catalog: Catalog, effective: Mapping[str, AnswerValue], open_: Collection[str]
) -> tuple[float, float] | None:
    """The lowest and highest score of the headline-saving question while the business case's
    inputs in ``open_`` are still unanswered (:func:`net_range`, scored); None without a
    business case."""
    nets = _nets(catalog, effective, open_)
    if nets is None:
        return None
    ranges = catalog.questions[SAVING].ranges
    scores = [interpolate(ranges, x) for x in nets]
    return min(scores), max(scores)


def net_range(
    catalog: Catalog, effective: Mapping[str, AnswerValue], open_: Collection[str]
) -> tuple[float, float] | None:
    """The lowest and highest net saving (%) while the business case's inputs in ``open_``
    are still unanswered (each at the ends of its scale, the contract length on every whole
    year, the transition's default under each approach); None without a business case. With
    no input open, both ends are the net saving itself."""
    nets = _nets(catalog, effective, open_)
    return None if nets is None else (min(nets), max(nets))


def _nets(
    catalog: Catalog, effective: Mapping[str, AnswerValue], open_: Collection[str]
) -> list[float] | None:
    t = model_terms(catalog, effective)
    if t is None:
        return None
    ends: dict[str, tuple[float, float]] = {}  # key -> (lowest, highest) value
    for i in INPUTS:
        q = catalog.questions.get(i.question)
        if i.question in open_ and q is not None and q.min is not None and q.max is not None:
            scale = 1.0 if i.key == "years" else 100.0
            low, high = in_scale(i.question, q.min), in_scale(i.question, q.max)
            ends[i.key] = (low / scale, high / scale)
    q = catalog.questions.get(TRANSITION)
    if TRANSITION in open_ and q is not None and q.min is not None and q.max is not None:
        ends["transition_months"] = (in_scale(TRANSITION, q.min), in_scale(TRANSITION, q.max))
    elif APPROACH in open_ and TRANSITION not in effective:
        months = [*TRANSITION_MONTHS.values(), TRANSITION_UNKNOWN]
        ends["transition_months"] = (min(months), max(months))
    if not ends:
        return [net_saving(t)]
    searched: list[tuple[str, list[float]]] = []
    if "years" in ends:
        lo, hi = ends["years"]
        searched.append(("years", [float(y) for y in range(max(1, math.ceil(lo)), int(hi) + 1)]))
    if "discount" in ends:
        searched.append(("discount", list(ends["discount"])))
    nets = []
    for worst in (True, False):
        corner = {k: v[1] if worst else v[0] for k, v in ends.items() if k in _FALLING}
        corner.update({k: v[0] if worst else v[1] for k, v in ends.items() if k in _RISING})
        for combo in itertools.product(*(v for _, v in searched)):
            moved = {**corner, **{k: x for (k, _), x in zip(searched, combo, strict=True)}}
            years = int(moved.pop("years", t.years))
            nets.append(net_saving(t._replace(years=years, **moved)))
    return nets
