"""The business case: keeping the function in-house against outsourcing it, year by year,
with the hidden costs of outsourcing (Barthélemy 2001: vendor search and contracting,
transition, managing the effort, switching). Pure, plain float arithmetic; docs/business-case.md
gives the model, the source of every default and a worked example.

All amounts are in the unit of ``cost.baseline_cost`` (thousands of the user's currency).
Year 0 is the signing; years 1..N the contract.

- in-house, year t:   ``keep_t = B·(1+e_in)^(t−1)``
- provider price:     ``price_t = B·(1−s)·(1+e_out)^(t−1)``
- outsourced, year t: ``price_t·(1+g)`` (g: governance and the retained organisation, a share
  of contract value), plus in year 0 the one-off costs ``B·(p + m/12 + v)`` (vendor search and
  contracting p, transition m months of in-house run cost, severance and retention v), plus in
  year N the exit or switching cost ``x·price_N``
- ``NPV = Σ_{t=0..N} (keep_t − out_t) / (1+r)^t``; the *net saving* is ``NPV`` as a share of
  the present value of the in-house cost, ``Σ_{t=1..N} keep_t/(1+r)^t`` — with no hidden cost
  and equal escalation it is the headline saving ``s`` exactly
- payback year: the first year from which the cumulative (undiscounted) difference stays at
  or above zero to the end of the contract; None when it never pays back within it
- break-even saving: the headline saving at which ``NPV = 0``: NPV is a straight line in the
  saving, so it is solved exactly from two evaluations, and shown to 0.01 %
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from outsource_cli.decision.scoring import interpolate, range_of
from outsource_cli.errors import ScaleError
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
    key: str
    question: str  # set.question; its `default` in the question set is the assumed value
    what: str  # how an assumption is written: "<what> <value> <unit>"
    unit: str
    source: str  # where the default comes from


INPUTS: tuple[Input, ...] = (
    Input(
        "years",
        "cost.contract_years",
        "contract length",
        "years",
        "Lacity, Willcocks and Feeny: contracts under about five years succeed more often",
    ),
    Input(
        "search",
        "cost.search_share",
        "vendor search and contracting",
        "% of a year's in-house cost, once",
        "a category of Barthélemy (2001); the size is the tool's assumption",
    ),
    Input(
        "governance",
        "cost.governance_share",
        "governance and retained organisation",
        "% of contract value a year",
        "research range 3-10 % (Barthélemy 2001)",
    ),
    Input(
        "exit",
        "cost.exit_share",
        "exit or switching cost",
        "% of a year's spend on the service, at the end",
        "about a third of annual spend (Peukert 2019)",
    ),
    Input(
        "severance",
        "cost.severance_share",
        "severance and retention",
        "% of a year's in-house cost, once",
        "the tool's assumption: set it from your HR plan",
    ),
    Input(
        "escalation_in",
        "cost.inhouse_escalation",
        "in-house cost escalation",
        "% a year",
        "the tool's assumption, the same on both sides so that neither is favoured",
    ),
    Input(
        "escalation_out",
        "cost.provider_escalation",
        "provider price escalation",
        "% a year",
        "the tool's assumption, the same on both sides so that neither is favoured",
    ),
    Input(
        "discount",
        "cost.discount_rate",
        "discount rate",
        "% a year",
        "the tool's assumption: use your finance team's rate",
    ),
)
QUESTIONS = frozenset({SAVING, BASELINE, APPROACH, TRANSITION, *(i.question for i in INPUTS)})
_SCALES = {q: scale for q in QUESTIONS if (scale := scale_of(q)) is not None}


class Terms(NamedTuple):
    """The model's inputs; shares as fractions (0.06 for 6 %)."""

    baseline: float
    saving: float
    years: int
    transition_months: float
    search: float
    governance: float
    exit: float
    severance: float
    escalation_in: float
    escalation_out: float
    discount: float


class Year(NamedTuple):
    year: int  # 0: the signing
    keep: float  # in-house cost that year
    outsource: float  # provider price, governance, one-off and exit costs that year
    difference: float  # keep − outsource: what outsourcing saves that year
    cumulative_keep: float
    cumulative_outsource: float


class Assumption(NamedTuple):
    question: str  # the unanswered question whose default was used
    value: float
    text: str  # "assumed: governance and retained organisation 6 % of contract value a year ..."


class HiddenCost(NamedTuple):
    name: str
    amount: float  # over the contract, undiscounted


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


# ---------------------------------------------------------------- the model (one implementation)


def flows(t: Terms) -> tuple[list[float], list[float]]:
    """(in-house, outsourced) cost of years 0..N."""
    keep = [0.0]
    out = [t.baseline * (t.search + t.transition_months / 12 + t.severance)]
    for year in range(1, t.years + 1):
        keep.append(t.baseline * (1 + t.escalation_in) ** (year - 1))
        price = t.baseline * (1 - t.saving) * (1 + t.escalation_out) ** (year - 1)
        out.append(price * (1 + t.governance) + (t.exit * price if year == t.years else 0.0))
    return keep, out


def present_values(t: Terms) -> tuple[float, float]:
    """(NPV of outsourcing against keeping, present value of the in-house cost): the sums of
    :func:`flows`, discounted, in one pass (the same operations in the same order, so the same
    figures to the last bit; the sampled uncertainty asks for thousands)."""
    b, n = t.baseline, t.years
    up_in, up_out, up_r = 1 + t.escalation_in, 1 + t.escalation_out, 1 + t.discount
    priced, governed = b * (1 - t.saving), 1 + t.governance
    value = 0.0 - b * (t.search + t.transition_months / 12 + t.severance)  # year 0: no keep
    kept = 0.0
    for year in range(1, n + 1):
        k = b * up_in ** (year - 1)
        price = priced * up_out ** (year - 1)
        o = price * governed + (t.exit * price if year == n else 0.0)
        factor = up_r**year
        value += (k - o) / factor
        kept += k / factor
    return value, kept


def npv(t: Terms) -> float:
    return present_values(t)[0]


def net_saving(t: Terms) -> float:
    """NPV as a % of the present value of the in-house cost (0 when that is 0)."""
    value, kept = present_values(t)
    return 100 * value / kept if kept > 0 else 0.0


def payback_year(t: Terms) -> int | None:
    keep, out = flows(t)
    cumulative, paid = 0.0, None
    for year, (k, o) in enumerate(zip(keep, out, strict=True)):
        cumulative += k - o
        if cumulative < -1e-9:
            paid = None
        elif paid is None and year >= 1:
            paid = year
    return paid


def saving_for(t: Terms, target: float, measure: str = "npv") -> float | None:
    """The headline saving (a fraction) at which the ``measure`` (``npv``, or ``net``: the net
    saving in %) reaches ``target``. Both are straight lines in the saving (the price, the
    governance and the exit cost are proportional to ``1 − s``; nothing else depends on it),
    so two evaluations give the line and the answer exactly. None when it is flat, or the
    answer lies beyond a saving of ±100 %."""

    def f(s: float) -> float:
        moved = t._replace(saving=s)
        return npv(moved) if measure == "npv" else net_saving(moved)

    at0, at1 = f(0.0), f(1.0)
    if at1 == at0:
        return None
    s = (target - at0) / (at1 - at0)
    return s if -1.0 <= s <= 1.0 else None


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
            if q is not None and q.type != "number":
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
    if q is not None and q.type != "number":
        raise ScaleError(_not_a_number(qid, q.type))
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
    if not _number(baseline) or float(baseline) <= 0:  # type: ignore[arg-type]
        b = t.baseline
        given = (
            ""
            if not _number(baseline)
            else f" (the answer, {_num(float(baseline))}, is no cost to save on)"  # type: ignore[arg-type]
        )
        found.append(
            Assumption(
                BASELINE,
                b,
                f"in-house cost {_num(b)} thousand a year{given} — the amounts scale with it; "
                "the net saving, payback and break-even do not depend on it",
            ),
        )
    for i, (qid, value, *_) in zip(INPUTS, _plan(catalog).inputs, strict=True):
        if qid in catalog.questions and not _number(answers.get(qid)):
            found.append(Assumption(qid, value, f"{i.what} {_num(value)} {i.unit} — {i.source}"))
    approach = answers.get(APPROACH)
    if TRANSITION in catalog.questions and not _number(answers.get(TRANSITION)):
        m = t.transition_months
        how = f"a {str(approach).replace('_', ' ')} hand-over" if approach else "either hand-over"
        found.append(
            Assumption(
                TRANSITION,
                m,
                f"transition {_num(m)} months of in-house run cost, once — for {how} "
                "(knowledge transfer and parallel running; the tool's assumption)",
            ),
        )
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


def _not_a_number(qid: str, kind: str) -> str:
    scale = scale_of(qid)
    what = f"{scale.what} ({qid})" if scale is not None else qid
    return (
        f"the business case cannot use {what}: it must be a number question, not {kind} "
        '(docs/business-case.md, "The inputs"); check the question set with outsource lint'
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
        years.append(Year(y, _money(k), _money(o), _money(k - o), _money(ck), _money(co)))
    be = saving_for(t, 0.0)
    return BusinessCase(
        saving=round(t.saving * 100, 2) + 0.0,
        npv=_money(npv(t)),
        net_saving=round(net_saving(t), 2) + 0.0,
        payback_year=payback_year(t),
        break_even_saving=None if be is None else round(be * 100, 2) + 0.0,
        discount_rate=round(t.discount * 100, 2) + 0.0,
        years=tuple(years),
        hidden_costs=hidden_costs(t),
        assumptions=assumptions,
    )


def hidden_costs(t: Terms) -> tuple[HiddenCost, ...]:
    """Each hidden cost over the contract (undiscounted), largest first."""
    prices = [
        t.baseline * (1 - t.saving) * (1 + t.escalation_out) ** (y - 1)
        for y in range(1, t.years + 1)
    ]
    found = [
        HiddenCost("transition", _money(t.baseline * t.transition_months / 12)),
        HiddenCost("vendor search and contracting", _money(t.baseline * t.search)),
        HiddenCost("severance and retention", _money(t.baseline * t.severance)),
        HiddenCost("governance and retained organisation", _money(t.governance * sum(prices))),
        HiddenCost("exit or switching", _money(t.exit * prices[-1])),
    ]
    return tuple(sorted(found, key=lambda h: -h.amount))


_PLAIN = frozenset({int, float})  # the numbers answers are (:func:`_number` for the rest)


def _number(v: object) -> bool:
    kind = type(v)
    return kind is float or kind is int or (isinstance(v, int | float) and kind is not bool)


def _money(x: float) -> float:
    """An amount as shown: to the cent, never -0.0."""
    return round(x, 2) + 0.0


def _num(x: float) -> str:
    return f"{x:g}"


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


def because(q: Question, case: BusinessCase) -> str:
    """Why the headline saving scores as it does: the net saving's range, with the number."""
    r = range_of(q, case.net_saving)
    reason = r.because if r is not None else "the business case"
    x, years = case.net_saving, len(case.years) - 1
    edges = [p.up_to for p in q.ranges]
    # one decimal, more only where one would round the figure across a range point
    digits = next((d for d in (1, 2, 3) if all((round(x, d) <= e) == (x <= e) for e in edges)), 4)
    span = "1 year" if years == 1 else f"{years} years"
    return f"{reason} (net {x:+.{digits}f} % over {span})"


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


# the inputs the net saving is a straight line in (each with the others fixed), with the
# scale of their answers: percentages, or months
LINEAR = {
    SAVING: ("saving", 100.0),
    TRANSITION: ("transition_months", 1.0),
    "cost.search_share": ("search", 100.0),
    "cost.governance_share": ("governance", 100.0),
    "cost.exit_share": ("exit", 100.0),
    "cost.severance_share": ("severance", 100.0),
}


def bends(catalog: Catalog, answers: Mapping[str, AnswerValue], qid: str) -> list[float]:
    """The answers to ``qid`` at which the net saving meets each point of the saving
    question's ranges (:func:`crossings`, to 6 decimals): the saving's score is a straight line
    in the input between them, so the uncertain-range split solves its crossings exactly
    between these points."""
    points = [r.up_to for r in catalog.questions[SAVING].ranges]
    return [round(x, 6) for x in crossings(catalog, answers, qid, points)]


def crossings(
    catalog: Catalog, answers: Mapping[str, AnswerValue], qid: str, targets: Iterable[float]
) -> list[float]:
    """The answers to ``qid`` at which the net saving (%) meets each of ``targets``, for an
    input the net saving is a straight line in (the headline saving, the transition and every
    hidden-cost share), solved from two evaluations. Empty otherwise, or without a business
    case."""
    if qid not in LINEAR:
        return []
    found = case_terms(catalog, answers)
    if found is None:
        return []
    key, scale = LINEAR[qid]
    values = found._asdict()

    def net(x: float) -> float:
        return net_saving(Terms(**{**values, key: x / scale}))

    at0, at1 = net(0.0), net(1.0)
    if at1 == at0:
        return []
    return [(t - at0) / (at1 - at0) for t in targets]


def case_terms(catalog: Catalog, answers: Mapping[str, AnswerValue]) -> Terms | None:
    """The business case's terms of ``answers``, the headline saving taken as 0 when it is
    unanswered (for the searches that move one input); None without a business case."""
    return model_terms(catalog, {**answers, SAVING: answers.get(SAVING, 0)})
