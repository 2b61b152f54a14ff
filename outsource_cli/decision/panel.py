"""A stakeholder panel: several respondents' answers for one function, one panel decision.

The panel's answer to each question, from the respondents who answered it (a respondent who
left it unanswered, answered "not sure" or was not asked it is left out; when nobody
answered, the panel has no answer):

- **Ordered answers** — numbers, 1-to-5 scales, yes/no, and single choices whose options are
  all scored (ordered by their score, the listed order breaking ties) — take the *median*.
  With an even number of answers the two middle answers may differ: a *tie*.
- **Unordered choices** (single choices with unscored options): the answer given most often;
  a tie between the most frequent answers is a tie.
- **Multiple choice**: an option counts when more than half of those who answered ticked
  it; an option ticked by exactly half makes a tie (it counts or not).

Ties are settled **jointly** and **conservatively**: of every combination of the tied
questions' candidate answers, the panel takes the one whose decision is the least
favourable to outsourcing — the outcome less far towards outsourcing, then "once ready"
(readiness steps to take first) before ready, then the lower balance of the answers (the
score, which ranks but never decides), then the more precautions (gates whose condition holds plus mitigations whose condition
holds), then, per tied question in asking order, the first candidate in a fixed order: the
lower answer of an ordered question, the option listed first of an unordered choice, the
fewer ticked options of a multiple choice. With more than :data:`MAX_JOINT` combinations
the ties are settled one at a time in asking order by the same key, each with the others
at their first candidate. So the panel answer is always one a respondent gave, a split
panel never tips the decision towards outsourcing, and nothing depends on the order of the
respondents: :func:`convene` lists them sorted by name.

A disagreement *changes the outcome* when putting one respondent's answer in place of the
panel's answer, all else equal, gives another outcome, or makes it "once ready" where it
was ready (or ready where it was once ready): the headline changes. Found with the
counterfactual engine's :class:`~outsource_cli.decision.evaluation.Evaluator`. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations, product
from math import prod
from typing import NamedTuple

from outsource_cli.decision import verdicts
from outsource_cli.decision.engine import Decision, decide
from outsource_cli.decision.evaluation import Evaluation, Evaluator, shown_score
from outsource_cli.questionnaire.answer_types import of
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.conditions import AnswerValue, truth
from outsource_cli.questionnaire.panel_files import Respondent, identity
from outsource_cli.questionnaire.shapes import OUTCOMES, Question

MAX_SPLIT = 10  # options ticked by exactly half that are settled (2^10 ways at most)
MAX_JOINT = 1024  # combinations of tied answers settled jointly; beyond, one at a time


class Alone(NamedTuple):
    """One respondent's own result, on their answers alone."""

    respondent: str
    outcome: str
    score: float  # the balance of their answers (it ranks, never decides)
    recommended: bool = True  # False: their answers do not settle the stages (no outcome)
    ready: bool = True  # False: outsource (or hybrid) once the readiness steps are done


class PanelAnswer(NamedTuple):
    question: str  # set.question
    answers: tuple[AnswerValue | None, ...]  # by respondent; None: not answered
    not_sure: tuple[bool, ...]  # by respondent: answered "not sure"
    panel: AnswerValue | None
    rule: str  # how the panel answer was found: a code of RULES (output/panel_words.py words it)
    spread: float  # 0: everyone who answered agrees (see :func:`spread`)
    agreed: bool  # every respondent gave this same answer


class Disagreement(NamedTuple):
    question: str
    respondents: tuple[str, ...]  # who gave this answer
    answer: AnswerValue
    outcome: str  # the panel's outcome with this answer instead of the panel's
    score: float  # the balance of the answers then (it ranks, never decides)
    ready: bool = True  # False: with this answer, the outcome holds once ready


class Panel(NamedTuple):
    function: str | None
    respondents: tuple[Respondent, ...]
    alone: tuple[Alone, ...]
    questions: tuple[PanelAnswer, ...]  # every question anyone answered, in asking order
    answers: Mapping[str, AnswerValue]  # the panel's answers
    decision: Decision
    disagreements: tuple[Disagreement, ...]  # the ones that change the outcome
    agreed: tuple[str, ...]  # questions every respondent answered the same way


def has_order(q: Question) -> bool:
    """Whether the answers to ``q`` have an order the median can use."""
    return of(q).has_order(q)


def rank(q: Question, value: AnswerValue) -> tuple[float, int]:
    """Where ``value`` stands among ``q``'s answers (lower: towards keeping in-house when
    scored)."""
    return of(q).rank(q, value)


def spread(q: Question, values: Sequence[AnswerValue]) -> float:
    """How far apart the answers are: for a number or a scale, highest minus lowest; for an
    ordered choice, the steps between the furthest options; for an unordered choice, the
    number of different answers less one; for a multiple choice, the number of options some
    ticked and some did not."""
    if not values:
        return 0
    kind = of(q).spread_kind(q)
    if kind in ("amount", "points"):
        nums = [float(v) for v in values if isinstance(v, int | float)]
        return max(nums) - min(nums)
    if kind == "options":
        sets: list[set[object]] = [set(v) if isinstance(v, tuple) else {v} for v in values]
        return len(set().union(*sets) - set.intersection(*sets))
    if kind == "steps":
        steps = sorted(range(len(q.options)), key=lambda i: (q.options[i].score or 0, i))
        pos = [steps.index(rank(q, v)[1]) for v in values]
        return max(pos) - min(pos)
    return len({identity(v) for v in values}) - 1


# how a panel answer is found: options ticked by more than half (and those ticked by half,
# settled), the median (of an even panel: the two middle answers, settled), the most frequent
# (a tie, settled), or nobody answered
RULES = (
    "majority",
    "majority_split",
    "median",
    "median_even",
    "most_frequent",
    "most_frequent_tie",
    "no_answer",
)


def candidates(q: Question, values: Sequence[AnswerValue]) -> tuple[list[AnswerValue], str]:
    """The panel answers the rule allows (one, or the tied ones in the fixed order of
    :func:`settle`: lower first, listed first, fewer ticked first) and the rule's code (one
    of :data:`RULES`); the same whatever the order of ``values``."""
    n = len(values)
    if of(q).many:
        ticks = Counter(item for v in values for item in (v if isinstance(v, tuple) else (v,)))
        sure = {o.value for o in q.options if ticks[o.value] * 2 > n}
        split = [o.value for o in q.options if ticks[o.value] * 2 == n][:MAX_SPLIT]
        ways: list[AnswerValue] = [
            tuple(str(o.value) for o in q.options if o.value in sure or o.value in chosen)
            for k in range(len(split) + 1)
            for chosen in combinations(split, k)
        ]
        return ways, "majority_split" if split else "majority"
    if has_order(q):
        order = sorted(values, key=lambda v: (rank(q, v), identity(v)))
        low, high = order[(n - 1) // 2], order[n // 2]
        if identity(low) == identity(high):
            return [low], "median"
        return [low, high], "median_even"
    counts = Counter(identity(v) for v in values)
    top = max(counts.values())
    tied = sorted(
        {identity(v): v for v in values if counts[identity(v)] == top}.values(), key=_listed(q)
    )
    if len(tied) == 1:
        return tied, "most_frequent"
    return tied, "most_frequent_tie"


def _listed(q: Question) -> Callable[[AnswerValue], tuple[int, tuple[str, str]]]:
    """Sort key: an answer's place among ``q``'s options (unknown ones last)."""

    def key(value: AnswerValue) -> tuple[int, tuple[str, str]]:
        for i, o in enumerate(q.options):
            if type(o.value) is type(value) and o.value == value:
                return i, ("", "")
        return len(q.options), identity(value)

    return key


def precautions(catalog: Catalog, e: Evaluation) -> int:
    """How many gates and mitigations have their condition hold under ``e``."""
    gates = sum(t is True for t in e.truths)
    mitigations = sum(
        m.when is not None and truth(m.when, e.effective, e.dims, open_=e.open) is True
        for m in catalog.policy.mitigations
    )
    return gates + mitigations


def ready(catalog: Catalog, e: Evaluation) -> bool:
    """Whether no readiness step holds or could hold under ``e`` (the outcome is not "once
    ready"; a function kept in-house is ready)."""
    return not verdicts.steps(catalog, e)


def settle(
    catalog: Catalog, answers: Mapping[str, AnswerValue], ties: Mapping[str, list[AnswerValue]]
) -> dict[str, AnswerValue]:
    """The tied questions' answers (``ties``: question -> candidates in their fixed order),
    settled jointly: the combination least favourable to outsourcing (module docstring)."""
    qids = [q for q in catalog.questions if q in ties]  # asking order
    if not qids:
        return {}
    evaluator = Evaluator(catalog, {**answers, **{q: ties[q][0] for q in qids}})

    def key(choice: tuple[int, ...]) -> tuple[int, bool, float, int, tuple[int, ...]]:
        e = evaluator.evaluate({q: ties[q][i] for q, i in zip(qids, choice, strict=True)})
        return (
            OUTCOMES.index(e.outcome),
            ready(catalog, e),
            e.score,
            -precautions(catalog, e),
            choice,
        )

    if prod(len(ties[q]) for q in qids) <= MAX_JOINT:
        best = min(product(*(range(len(ties[q])) for q in qids)), key=key)
        return {q: ties[q][i] for q, i in zip(qids, best, strict=True)}
    chosen = [0] * len(qids)  # too many combinations: one at a time, in asking order
    for n, q in enumerate(qids):
        chosen[n] = min(range(len(ties[q])), key=lambda i: key((*chosen[:n], i, *chosen[n + 1 :])))
    return {q: ties[q][i] for q, i in zip(qids, chosen, strict=True)}


def canonical(respondents: Sequence[Respondent]) -> list[Respondent]:
    """The respondents in the panel's fixed order: by name (case-insensitively), then file."""
    return sorted(respondents, key=lambda r: (r.name.casefold(), r.name, r.path))


def convene(
    catalog: Catalog, respondents: Sequence[Respondent], function: str | None = None
) -> Panel:
    """The panel's answers, its decision, and the disagreements that change it; the same
    whatever the order of ``respondents`` (listed in :func:`canonical` order)."""
    respondents = canonical(respondents)
    rows, answers = panel_answers(catalog, respondents)
    defaulted = [
        q
        for q in answers
        if all(q in r.defaulted for r in respondents if r.answers.get(q) is not None)
    ]
    decision = decide(catalog, answers, function, defaulted=defaulted)
    questions = tuple(rows)
    return Panel(
        function,
        tuple(respondents),
        tuple(alone(catalog, r) for r in respondents),
        questions,
        answers,
        decision,
        disagreements(catalog, respondents, questions, answers, decision.outcome),
        tuple(p.question for p in questions if p.agreed),
    )


def panel_answers(
    catalog: Catalog, respondents: Sequence[Respondent]
) -> tuple[list[PanelAnswer], dict[str, AnswerValue]]:
    """Every question anyone answered (or left open as not sure), in asking order, with the
    panel's answer by its rule, and the panel's answers (the ties settled)."""
    found: list[tuple[str, list[AnswerValue | None], list[bool], list[AnswerValue], str]] = []
    answers: dict[str, AnswerValue] = {}
    ties: dict[str, list[AnswerValue]] = {}
    for qid, q in catalog.questions.items():
        given = [r.answers.get(qid) for r in respondents]
        unsure = [qid in r.not_sure and r.answers.get(qid) is None for r in respondents]
        if all(v is None for v in given) and not any(unsure):
            continue
        values = [v for v in given if v is not None]
        rule = "no_answer"
        if values:
            options, rule = candidates(q, values)
            answers[qid] = options[0]
            if len(options) > 1:
                ties[qid] = options
        found.append((qid, given, unsure, values, rule))
    answers.update(settle(catalog, answers, ties))
    rows = []
    for qid, given, unsure, values, rule in found:
        agreed = all(v is not None for v in given) and len({identity(v) for v in values}) == 1
        rows.append(
            PanelAnswer(
                qid,
                tuple(given),
                tuple(unsure),
                answers.get(qid),
                rule,
                spread(catalog.questions[qid], values),
                agreed,
            )
        )
    return rows, answers


def disagreements(
    catalog: Catalog,
    respondents: Sequence[Respondent],
    questions: Sequence[PanelAnswer],
    answers: Mapping[str, AnswerValue],
    outcome: str,
) -> tuple[Disagreement, ...]:
    """Each answer that differs from the panel's and, alone in its place, changes the
    headline (the panel decision's ``outcome``, and whether it is ready): another outcome,
    or once ready where it was ready (or the other way)."""
    evaluator = Evaluator(catalog, answers)
    headline = (outcome, ready(catalog, evaluator.base))
    found = []
    for p in questions:
        if p.panel is None or p.agreed:
            continue
        for value, names in differing(respondents, p).values():
            e = evaluator.evaluate({p.question: value})
            if (e.outcome, ready(catalog, e)) != headline:
                score = shown_score(catalog.policy, e.score)
                found.append(
                    Disagreement(
                        p.question, tuple(names), value, e.outcome, score, ready(catalog, e)
                    )
                )
    return tuple(found)


def differing(
    respondents: Sequence[Respondent], p: PanelAnswer
) -> dict[tuple[str, str], tuple[AnswerValue, list[str]]]:
    """The answers to ``p`` other than the panel's, each with who gave it, in the order of
    the respondents."""
    seen: dict[tuple[str, str], tuple[AnswerValue, list[str]]] = {}
    assert p.panel is not None
    for r, v in zip(respondents, p.answers, strict=True):
        if v is not None and identity(v) != identity(p.panel):
            seen.setdefault(identity(v), (v, []))[1].append(r.name)
    return seen


def alone(catalog: Catalog, r: Respondent) -> Alone:
    """A respondent's own result: the decision on their answers alone."""
    own = decide(catalog, r.answers)
    return Alone(r.name, own.outcome, own.score, own.recommended, own.ready)
