"""Uncertain answers ({range: [a, b]}, {one_of: [...]}): reading them, the outcome
probabilities (exact against brute force, sampled within their bound), the swing, gates they
could fire, and every bad input with its message and exit 2."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision import could_hold, dependencies, sampling, uncertainty
from outsource_cli.decision.engine import decide
from outsource_cli.decision.evaluation import Evaluator, evaluate
from outsource_cli.output.uncertainty import SwingRow, span
from outsource_cli.questionnaire.answers import AnswerSheet, load_answers, to_data
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from outsource_cli.questionnaire.conditions import truth
from outsource_cli.questionnaire.shapes import OUTCOMES
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, point, read
from tests.conftest import EXAMPLES, choice_q, examples, make_catalog

PAYROLL = EXAMPLES / "payroll-manufacturer.yaml"


def base() -> dict[str, Any]:
    data = yaml.safe_load(PAYROLL.read_text())
    assert isinstance(data, dict)
    return data


def with_answers(tmp_path: Path, changes: dict[str, Any], name: str = "a.yaml") -> Path:
    """The payroll example with ``changes`` (set.question -> raw value) written to a file."""
    data = base()
    for qid, value in changes.items():
        set_id, q_id = qid.split(".")
        data["answers"].setdefault(set_id, {})[q_id] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def assess_json(path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["assess", "--answers", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# ---------------------------------------------------------------- reading


def test_an_answers_file_gives_ranges_and_one_of(tmp_path: Path, catalog: Catalog) -> None:
    path = with_answers(
        tmp_path,
        {
            "cost.expected_savings": {"range": [10, 25]},
            "core.differentiation": {"one_of": ["commodity", "parity", "differentiator"]},
            "control.exit_plan": {"one_of": ["yes", "no"]},
        },
    )
    sheet = load_answers(path, catalog)
    assert sheet.uncertain == {
        "cost.expected_savings": NumberRange(10, 25),
        "core.differentiation": OneOf(("differentiator", "parity", "commodity")),  # option order
        "control.exit_plan": OneOf((True, False)),
    }
    # the point estimates: the midpoint; the middle option by score (of two, the lower)
    assert sheet.answers["cost.expected_savings"] == 17.5
    assert sheet.answers["core.differentiation"] == "parity"
    assert sheet.answers["control.exit_plan"] is False
    # written back as given
    written = to_data(sheet, catalog)["answers"]
    assert written["cost"]["expected_savings"] == {"range": [10, 25]}
    assert written["core"]["differentiation"] == {
        "one_of": ["differentiator", "parity", "commodity"]
    }
    assert written["control"]["exit_plan"] == {"one_of": [True, False]}


def test_point_estimate_puts_unscored_options_first() -> None:
    cat = make_catalog(
        [{"id": "s", "title": "S", "questions": [choice_q("k", {"a": 90, "b": None, "c": 10})]}]  # type: ignore[dict-item]
    )
    q = cat.questions["s.k"]
    assert point(q, OneOf(("a", "b", "c"))) == "c"  # b (no score), c (10), a (90): the middle
    assert point(q, OneOf(("a", "c"))) == "c"  # two: the lower-scored, the one leaning in-house


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        (
            "cost.expected_savings",
            {"range": [25, 10]},
            "range [25, 10] is reversed: write it low first, [10, 25]",
        ),
        ("cost.expected_savings", {"range": [10, 95]}, "range: 95 is outside -50 to 80 %"),
        ("cost.expected_savings", {"range": [10]}, "range takes two numbers, [low, high]"),
        ("cost.expected_savings", {"range": ["ten", 20]}, "range: expected a number, got 'ten'"),
        ("cost.expected_savings", {"range": [True, 20]}, "range: expected a number, got True"),
        (
            "cost.expected_savings",
            {"one_of": [10, 20]},
            "one_of is for a choice; for a number give {range: [low, high]}",
        ),
        (
            "core.differentiation",
            {"one_of": ["commodity", "special"]},
            "one_of: 'special' is not one of: differentiator, parity, commodity",
        ),
        (
            "core.differentiation",
            {"range": [1, 2]},
            "range is for a number question; for this choice, one_of: [...] lists the options",
        ),
        ("core.differentiation", {"one_of": []}, "one_of takes a list of one or more options"),
        (
            "cost.expected_savings",
            {"range": [19.999999999999996, 20]},
            "range [19.999999999999996, 20] is narrower than a millionth of its size",
        ),
        (
            "core.differentiation",
            {"between": ["commodity"]},
            "an uncertain answer is {range: [low, high]} (a number) or {one_of: [a, b]}",
        ),
        (
            "core.differentiation",
            {"one_of": ["commodity"], "range": [1, 2]},
            "with just one of those keys; got the keys 'one_of', 'range'",
        ),
    ],
)
def test_bad_uncertain_answers_exit_2_with_the_place_and_reason(
    tmp_path: Path, qid: str, value: Any, message: str
) -> None:
    path = with_answers(tmp_path, {qid: value})
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2, result.output
    assert f"A002 {qid}: " in result.stderr and message in result.stderr
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: ", result.stderr)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["[.inf, 20]", "[10, .nan]", "[1e400, 2]", "[-.inf, 2]"])
def test_non_finite_range_ends_exit_2(tmp_path: Path, text: str) -> None:
    path = with_answers(tmp_path, {"cost.expected_savings": 1})
    path.write_text(
        path.read_text().replace("expected_savings: 1", f"expected_savings: {{range: {text}}}")
    )
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2, result.output
    assert "A002 cost.expected_savings: range takes finite numbers, got" in result.stderr
    assert "Traceback" not in result.output


def test_one_of_on_a_multiple_choice_is_refused_with_a_hint() -> None:
    cat = make_catalog(
        [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {**choice_q("m", {"a": 10, "b": 90}), "type": "multi"},
                ],
            }
        ]
    )
    from outsource_cli.questionnaire.answers import coerce

    q = cat.questions["s.m"]
    with pytest.raises(ValueError, match="one_of is for a single choice; a multiple-choice"):
        read(q, {"one_of": ["a", "b"]}, coerce)
    with pytest.raises(ValueError, match="list the options you are sure of, or answer not_sure"):
        read(q, {"range": [1, 2]}, coerce)


# ---------------------------------------------------------------- equal to the plain answer


def _without_uncertainty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "uncertainty"}


@settings(max_examples=10)
@given(x=st.integers(0, 80) | st.floats(0, 80, allow_nan=False).map(lambda f: round(f, 3)))
def test_a_range_of_one_number_is_that_answer(tmp_path_factory: Any, x: float) -> None:
    tmp = tmp_path_factory.mktemp("r")
    plain = assess_json(with_answers(tmp, {"cost.expected_savings": x}, "plain.yaml"))
    ranged = assess_json(with_answers(tmp, {"cost.expected_savings": {"range": [x, x]}}))
    assert ranged == plain and ranged["uncertainty"] is None


@pytest.mark.parametrize("value", ["differentiator", "parity", "commodity"])
def test_a_one_of_with_one_option_is_that_answer(tmp_path: Path, value: str) -> None:
    plain = assess_json(with_answers(tmp_path, {"core.differentiation": value}, "plain.yaml"))
    single = assess_json(with_answers(tmp_path, {"core.differentiation": {"one_of": [value]}}))
    assert single == plain and single["uncertainty"] is None
    repeated = assess_json(
        with_answers(tmp_path, {"core.differentiation": {"one_of": [value, value]}}, "b.yaml")
    )
    assert repeated == plain


# ---------------------------------------------------------------- exact = brute force


def _payroll(catalog: Catalog) -> dict[str, Any]:
    sheet = load_answers(PAYROLL, catalog)
    return dict(sheet.all_answers)


SINGLES = [
    "profile.criticality",
    "core.differentiation",
    "core.capability_gap",
    "control.data_sensitivity",
    "control.exit_plan",
    "control.regulation",
    "control.audit_rights",
    "skills.provider_market",
    "cost.investment_avoided",
]
NUMBERS = ["cost.expected_savings", "culture.overlap_hours"]


@st.composite
def uncertain_sets(draw: st.DrawFn) -> dict[str, Any]:
    """One to three single-choice questions, each with two or more of its options, and at
    most one number with a range."""
    catalog = CATALOG
    chosen = draw(st.lists(st.sampled_from(SINGLES), min_size=1, max_size=3, unique=True))
    found: dict[str, Any] = {}
    for qid in chosen:
        values = [o.value for o in catalog.questions[qid].options]
        picked = draw(st.lists(st.sampled_from(values), min_size=2, unique=True))
        found[qid] = OneOf(tuple(v for v in values if v in picked))
    if draw(st.booleans()):
        qid = draw(st.sampled_from(NUMBERS))
        q = catalog.questions[qid]
        lo, hi = q.scale
        a = draw(st.integers(int(lo), int(hi) - 1))
        b = draw(st.integers(a + 1, int(hi)))
        found[qid] = NumberRange(float(a), float(b))
    return found


def _brute_force(
    catalog: Catalog, answers: dict[str, Any], unsure: dict[str, Any], grid: int
) -> dict[str, float]:
    """Every combination through the engine's own evaluate (not the Evaluator); a range on a
    grid of ``grid`` midpoints."""
    discrete = [(q, u.values) for q, u in unsure.items() if isinstance(u, OneOf)]
    ranges = [(q, u) for q, u in unsure.items() if isinstance(u, NumberRange)]
    combos = list(itertools.product(*(v for _, v in discrete)))
    totals = dict.fromkeys(OUTCOMES, 0.0)
    for combo in combos:
        filled = {**answers, **{q: v for (q, _), v in zip(discrete, combo, strict=True)}}
        if not ranges:
            totals[evaluate(catalog, filled).outcome] += 1 / len(combos)
            continue
        qid, u = ranges[0]
        for i in range(grid):
            x = u.low + (u.high - u.low) * (i + 0.5) / grid
            totals[evaluate(catalog, {**filled, qid: x}).outcome] += 1 / len(combos) / grid
    return totals


CATALOG = load_catalog(use_cache=False)  # at import: never the cache, which is per test session


def at_points(catalog: Catalog, answers: dict[str, Any], unsure: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with each uncertain answer at its point estimate (as an answers file gives)."""
    return {**answers, **{q: point(catalog.questions[q], u) for q, u in unsure.items()}}


@settings(max_examples=25)
@given(data=st.data())
def test_exact_probabilities_equal_brute_force(data: st.DataObject) -> None:
    catalog = CATALOG
    answers = _payroll(catalog)
    unsure = data.draw(uncertain_sets())
    result = uncertainty.analyse(
        catalog, Evaluator(catalog, at_points(catalog, answers, unsure)), unsure
    )
    assert result.method == "exact" and result.n is None and result.seed is None
    assert math.isclose(sum(result.outcome_probabilities.values()), 1.0, abs_tol=1e-9)
    has_range = any(isinstance(u, NumberRange) for u in unsure.values())
    grid = 200  # a cell is half a percent of the range
    brute = _brute_force(catalog, answers, unsure, grid if has_range else 1)
    # exactly, for choices; for a range the grid misses at most a cell per change of outcome
    tolerance = 1e-9 if not has_range else 4 / grid
    for o in OUTCOMES:
        assert abs(result.outcome_probabilities[o] - brute[o]) <= tolerance, (o, unsure)


@pytest.mark.parametrize("thresholds", [None, ("loses_below: 0", "loses_below: 2")])
def test_a_range_is_split_exactly_where_the_outcome_changes(
    qdir: Path, thresholds: tuple[str, str] | None
) -> None:
    """Expected savings alone: the outcome turns where the business case's net saving crosses
    a threshold of the economics stage (a straight line in the saving), found by bisection;
    also where the threshold (2 %) is none of the points where the saving's score bends."""
    if thresholds is not None:
        policy = qdir / "policy.yaml"
        policy.write_text(policy.read_text().replace(*thresholds))
    catalog = load_catalog(qdir)
    answers = _payroll(catalog)
    answers.update(
        {
            "core.differentiation": "parity",
            "cost.transition_months": 12,
            "skills.provider_market": "few",
        }
    )
    u = NumberRange(0.0, 80.0)
    ev = Evaluator(catalog, {**answers, "cost.expected_savings": 40})
    result = uncertainty.analyse(catalog, ev, {"cost.expected_savings": u})
    lo, hi = 0.0, 80.0  # the score rises with the saving: bisect for the first outsource
    assert evaluate(catalog, {**answers, "cost.expected_savings": lo}).outcome != "outsource"
    assert evaluate(catalog, {**answers, "cost.expected_savings": hi}).outcome == "outsource"
    for _ in range(60):
        mid = (lo + hi) / 2
        if evaluate(catalog, {**answers, "cost.expected_savings": mid}).outcome == "outsource":
            hi = mid
        else:
            lo = mid
    assert math.isclose(result.outcome_probabilities["outsource"], (80 - hi) / 80, abs_tol=1e-8)


# ---------------------------------------------------------------- sampled


def test_sampling_is_within_its_stated_bound_for_the_fixed_seed(catalog: Catalog) -> None:
    answers = _payroll(catalog)
    unsure: dict[str, Any] = {
        "core.differentiation": OneOf(("differentiator", "parity", "commodity")),
        "control.exit_plan": OneOf((True, False)),
        "profile.criticality": OneOf(
            tuple(o.value for o in catalog.questions["profile.criticality"].options)
        ),
        "cost.expected_savings": NumberRange(0.0, 40.0),
    }
    ev = Evaluator(catalog, at_points(catalog, answers, unsure))
    exact = uncertainty.analyse(catalog, ev, unsure)
    assert exact.method == "exact"
    sampled = uncertainty.analyse(catalog, ev, unsure, max_combinations=0)
    assert sampled.method == "sampled"
    assert (sampled.n, sampled.seed, sampled.confidence) == (10_000, uncertainty.SEED, 0.95)
    assert sampled.error_bound == round(uncertainty.hoeffding(10_000, 0.95, 3), 4) == 0.0155
    for o in OUTCOMES:
        assert (
            abs(sampled.outcome_probabilities[o] - exact.outcome_probabilities[o])
            <= sampled.error_bound
        )
    again = uncertainty.analyse(catalog, ev, unsure, max_combinations=0)
    assert again == sampled  # the same seed, the same numbers


def test_hoeffding_bound() -> None:
    # P(|p̂ − p| ≥ ε) ≤ 2·exp(−2nε²) per outcome; three outcomes share the 5 %
    eps = uncertainty.hoeffding(10_000, 0.95, 3)
    assert math.isclose(3 * 2 * math.exp(-2 * 10_000 * eps**2), 0.05)


def test_two_ranges_are_sampled_and_say_so(tmp_path: Path) -> None:
    path = with_answers(
        tmp_path,
        {"cost.expected_savings": {"range": [0, 40]}, "cost.transition_months": {"range": [1, 12]}},
    )
    u = assess_json(path)["uncertainty"]
    assert u["method"] == "sampled" and u["n"] == 10_000 and u["seed"] == uncertainty.SEED
    assert u["error_bound"] == 0.0155 and u["confidence"] == 0.95
    assert set(u["outcome_probabilities"]) == {"keep_in_house", "hybrid", "outsource"}
    text = CliRunner().invoke(app, ["assess", "--answers", str(path)]).stdout
    assert "sampled: 10,000 draws with seed 14, each probability within ±1.55 points at 95 %" in (
        " ".join(text.replace("│", " ").split())
    )


def test_a_range_no_stage_reads_does_not_force_sampling(tmp_path: Path) -> None:
    """The overlap hours limit only the location: a range on them beside a range on the
    saving leaves the outcome probabilities exact, and the same as the saving's alone (it
    still swings the balance of the answers)."""
    saving = {"cost.expected_savings": {"range": [0, 40]}}
    alone = assess_json(with_answers(tmp_path, saving))["uncertainty"]
    both = assess_json(
        with_answers(tmp_path, {**saving, "culture.overlap_hours": {"range": [1, 8]}}, "b.yaml")
    )["uncertainty"]
    assert alone["method"] == both["method"] == "exact" and both["n"] is None
    assert both["outcome_probabilities"] == alone["outcome_probabilities"]
    assert "culture.overlap_hours" in {s["question"] for s in both["swing"]}


def all_uncertain(catalog: Catalog, example: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every answer of ``example`` uncertain: a choice and its neighbour, a number within a
    tenth of its scale around it (the point answers, the uncertain ones)."""
    given = dict(load_answers(example, catalog).answers)
    unsure: dict[str, Any] = {}
    for qid, value in given.items():
        q = catalog.questions[qid]
        if q.type == "multi" or value == "not_sure":
            continue
        if q.type == "number":
            assert q.min is not None and q.max is not None
            step = (q.max - q.min) / 10
            low, high = max(q.min, value - step), min(q.max, value + step)  # type: ignore[operator]
            unsure[qid] = NumberRange(float(low), float(high))
        else:
            values = [o.value for o in q.options]
            i = values.index(value)
            other = values[i + 1] if i + 1 < len(values) else values[i - 1]
            unsure[qid] = OneOf(tuple(v for v in values if v in (value, other)))
    points = {q: point(catalog.questions[q], u) for q, u in unsure.items()}
    answers = dict(load_answers(example, catalog).all_answers)
    return {**answers, **points}, unsure


@pytest.mark.parametrize(
    "example",
    ["payroll-manufacturer.yaml", "bank-trading-platform.yaml", "analytics-retailer.yaml"],
)
def test_sampling_gives_every_draw_the_outcome_of_a_full_evaluation(
    catalog: Catalog, example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every answer of the example uncertain (40-56 of them): each sampled draw's outcome is
    that of the documented draw (``sampling.draws``) evaluated in full by the engine, and
    the analysis evaluates few draws in full (issue 23, item 10: it evaluated all 10,000)."""
    answers, unsure = all_uncertain(catalog, EXAMPLES / example)
    assert len(unsure) >= 40
    ev = Evaluator(catalog, answers)
    moving = dependencies.outcome_inputs(catalog)
    order = [q for q in catalog.questions if q in unsure and q in moving]
    sampler = sampling.Sampler(catalog, ev, unsure, order)
    found = list(sampler.outcomes(3000, uncertainty.SEED))
    draws = sampling.draws(unsure, order, 3000, uncertainty.SEED)
    full = [ev.evaluate(draw).outcome for draw in draws]
    assert found == full  # draw for draw
    assert len(set(full)) > 1  # (the draws do not all agree)
    assert sampler.fast and sampler.full <= 30
    # the whole analysis: at most a fifth of the draws through the engine's evaluator
    calls = 0
    evaluate = Evaluator.evaluate

    def counted(self: Evaluator, changes: Any) -> Any:
        nonlocal calls
        calls += 1
        return evaluate(self, changes)

    monkeypatch.setattr(Evaluator, "evaluate", counted)
    u = uncertainty.analyse(catalog, Evaluator(catalog, answers), unsure)
    assert u.method == "sampled" and calls <= 2000, calls


def test_a_number_at_the_top_of_the_generator_draws_the_last_value() -> None:
    """A draw's ``one_of`` value is ``values[min(⌊r·k⌋, k − 1)]`` (:func:`sampling.draws`):
    ``r·k`` can round up to ``k`` only for ``r`` just below 1, and a sampled configuration
    reads its values with the last one again, so it picks the same one."""
    for r in (0.0, 0.5, math.nextafter(1.0, 0.0)):
        for k in (1, 2, 3, 7, 10, 1000, 2**40 + 1):
            values = tuple(range(k)) if k < 2000 else (0, 1)
            kk = len(values)
            padded = (*values, values[-1])
            assert sampling.drawn_value(r, values, kk, 0.0, 0.0) == padded[int(r * kk)]


def test_a_gate_on_a_set_score_makes_every_draw_a_full_evaluation(qdir: Path) -> None:
    """The fast path tests the gates on a draw's answers alone; a gate that reads a set's
    score cannot be tested so: every draw is then evaluated in full, and the counts are those
    of the documented draws each through the engine (this gate turns within the draws)."""
    policy = qdir / "policy.yaml"
    policy.write_text(
        policy.read_text().replace(
            "\ngates:\n",
            "\ngates:\n  - id: culture_low\n    title: Culture\n"
            "    when: {dimension: culture, lt: 70}\n    cap: hybrid\n"
            "    because: The culture set scores low.\n",
            1,
        )
    )
    catalog = load_catalog(qdir)
    answers, unsure = all_uncertain(catalog, PAYROLL)
    ev = Evaluator(catalog, answers)
    order = [
        q for q in catalog.questions if q in unsure and q in dependencies.outcome_inputs(catalog)
    ]
    sampler = sampling.Sampler(catalog, ev, unsure, order)
    counts = sampler.run(300, 3)
    assert not sampler.fast and sampler.full == 300
    full = dict.fromkeys(OUTCOMES, 0)
    capped = 0
    for draw in sampling.draws(unsure, order, 300, 3):
        e = ev.evaluate(draw)
        full[e.outcome] += 1
        capped += e.truths[0] is True and e.base != "hybrid"
    assert counts == full and 0 < capped < 300


# ---------------------------------------------------------------- the decision


def test_the_decision_reports_probabilities_swing_and_could_fire_gates(tmp_path: Path) -> None:
    given = {
        "core.differentiation": {"one_of": ["differentiator", "parity", "commodity"]},
        "cost.expected_savings": {"range": [5, 30]},
        "skills.provider_market": {"one_of": ["many", "few", "none"]},
    }
    data = assess_json(with_answers(tmp_path, given))
    u = data["uncertainty"]
    assert u["answers"] == given
    assert u["point"] == {
        "core.differentiation": "parity",
        "skills.provider_market": "few",
        "cost.expected_savings": 17.5,
    }
    assert data["answers"]["core.differentiation"] == "parity"  # the headline's
    assert u["method"] == "exact" and u["combinations"] == 9
    probs = u["outcome_probabilities"]
    assert list(probs) == ["keep_in_house", "hybrid", "outsource"]
    assert math.isclose(sum(probs.values()), 1.0)
    # a (useful) differentiator is eliminate-or-migrate, hybrid at any of these savings, and
    # no provider market caps it at hybrid: outsourcing needs neither, 4 cases in 9 at most
    assert probs["hybrid"] >= 5 / 9 - 1e-12 and probs["keep_in_house"] == 0
    # the point estimate (a few providers) does not fire the gate, another possible answer does
    gate = next(g for g in data["gates"] if g["id"] == "no_provider_market")
    assert gate["status"] == "could_fire" and gate["triggers"] == ["skills.provider_market"]
    assert data["provisional"] is (probs[data["outcome"]] < 1)
    swing = {s["question"]: s for s in u["swing"]}
    assert swing["cost.expected_savings"]["low_answer"] == 5
    assert swing["cost.expected_savings"]["high_answer"] == 30
    diff = swing["core.differentiation"]
    assert (diff["low_answer"], diff["high_answer"]) == ("differentiator", "commodity")
    assert diff["low"] < data["score"] < diff["high"]
    widths = [s["high"] - s["low"] for s in u["swing"]]
    assert widths == sorted(widths, reverse=True)


def test_an_exact_tie_goes_to_the_more_restrictive_outcome(tmp_path: Path) -> None:
    # commodity: outsource; differentiator: capped at hybrid by its gate: exactly 1/2 each
    path = with_answers(
        tmp_path, {"core.differentiation": {"one_of": ["commodity", "differentiator"]}}
    )
    data = assess_json(path)
    u = data["uncertainty"]
    assert u["method"] == "exact"
    assert u["outcome_probabilities"] == {"keep_in_house": 0.0, "hybrid": 0.5, "outsource": 0.5}
    assert u["most_likely"] == "hybrid" and data["outcome"] == "hybrid"
    out = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert out.exit_code == 0, out.output
    assert "hybrid 50 %, outsource 50 %" in " ".join(out.stdout.split())
    assert "most likely" not in out.stdout  # never "the most likely outcome is outsource"


@pytest.mark.parametrize(
    ("probabilities", "expected"),
    [
        ((0.5, 0.5, 0.0), "keep_in_house"),
        ((0.0, 0.5, 0.5), "hybrid"),
        ((0.5, 0.0, 0.5), "keep_in_house"),
        ((1 / 3, 1 / 3, 1 / 3), "keep_in_house"),
        ((0.25, 0.375, 0.375), "hybrid"),
        ((0.2, 0.3, 0.5), "outsource"),
        ((0.0, 0.0, 1.0), "outsource"),
    ],
)
def test_most_likely_breaks_ties_towards_keeping(
    probabilities: tuple[float, float, float], expected: str
) -> None:
    assert uncertainty.most_likely(dict(zip(OUTCOMES, probabilities, strict=True))) == expected


def test_swing_matches_the_engine_at_each_end(tmp_path: Path, catalog: Catalog) -> None:
    path = with_answers(tmp_path, {"cost.expected_savings": {"range": [2, 50]}})
    sheet = load_answers(path, catalog)
    d = decide(catalog, sheet.all_answers, uncertain=sheet.uncertain)
    assert d.uncertainty is not None
    (s,) = d.uncertainty.swing
    answers = dict(sheet.all_answers)
    scores = [
        evaluate(catalog, {**answers, "cost.expected_savings": x}).score
        for x in [2 + 48 * i / 480 for i in range(481)]
    ]
    assert s.low == min(scores) and s.high == max(scores)


def test_no_uncertain_answers_no_section(tmp_path: Path) -> None:
    data = assess_json(PAYROLL)
    assert data["uncertainty"] is None
    for fmt in ("markdown", "html"):
        out = CliRunner().invoke(app, ["assess", "--answers", str(PAYROLL), "--format", fmt])
        assert "Uncertain answers" not in out.stdout and "tornado" not in out.stdout


def test_the_outputs_show_the_probabilities_and_the_tornado(tmp_path: Path) -> None:
    path = with_answers(
        tmp_path,
        {
            "core.differentiation": {"one_of": ["differentiator", "parity", "commodity"]},
            "cost.expected_savings": {"range": [5, 30]},
        },
    )
    runner = CliRunner()
    text = runner.invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "80"}).stdout
    flat = " ".join(text.replace("│", " ").split())
    assert "Uncertain answers (2): keep in-house 0 %, hybrid" in flat
    assert "(exact: all 3 combinations of the options, the range split where the outcome" in flat
    assert "What swings the score (┃ marks the headline's" in text
    bars = [line for line in text.splitlines() if "┃" in line and "█" in line]
    assert len(bars) == 2
    md = runner.invoke(app, ["assess", "--answers", str(path), "--format", "markdown"]).stdout
    assert "## Uncertain answers: what swings the score" in md
    assert "| Uncertain answer | Given | Lowest score | Highest score | Swing |" in md
    assert (
        "| How much lower than today's cost would the provider's price be" in md
        and "between 5 and 30 %" in md
    )
    html = runner.invoke(app, ["assess", "--answers", str(path), "--format", "html"]).stdout
    assert '<figure id="tornado"><svg' in html and html.count('class="swing"') == 2
    assert '<table id="outcome-probabilities">' in html
    assert "between 5 and 30 % (point estimate: 17.5 %)" in html  # answers given


def test_set_makes_an_uncertain_answer_certain(tmp_path: Path) -> None:
    path = with_answers(tmp_path, {"core.differentiation": {"one_of": ["parity", "commodity"]}})
    data = assess_json(path, "--set", "core.differentiation=commodity")
    assert data["uncertainty"] is None


def test_save_answers_keeps_uncertain_answers(tmp_path: Path, catalog: Catalog) -> None:
    path = with_answers(tmp_path, {"cost.expected_savings": {"range": [10, 25]}})
    out = tmp_path / "saved.yaml"
    result = CliRunner().invoke(app, ["assess", "--answers", str(path), "--save-answers", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["answers"]["cost"]["expected_savings"] == {
        "range": [10, 25]
    }
    sheet = load_answers(out, catalog)
    assert isinstance(sheet, AnswerSheet) and sheet.uncertain == {
        "cost.expected_savings": NumberRange(10, 25)
    }


def test_a_location_rule_an_uncertain_answer_could_trigger_limits_the_location(
    tmp_path: Path,
) -> None:
    """Overlap between 1 and 8 hours: the midpoint (4.5) is short of the 6 hours that limit
    the location, but the range reaches it, so the limit applies until it is known."""
    path = with_answers(tmp_path, {"culture.overlap_hours": {"range": [1, 8]}})
    data = assess_json(path)
    rule = next(c for c in data["location_reasons"] if c["rule"] == "long_overlap")
    assert rule["certain"] is False and rule["widen"] == ["culture.overlap_hours"]
    short = assess_json(with_answers(tmp_path, {"culture.overlap_hours": {"range": [1, 5]}}, "b"))
    assert not any(c["rule"] == "long_overlap" for c in short["location_reasons"])


def test_compare_keeps_the_uncertainty_of_a_decision_json(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    path = with_answers(
        folder, {"core.differentiation": {"one_of": ["differentiator", "parity", "commodity"]}}
    )
    decision = tmp_path / "decision.json"
    result = CliRunner().invoke(
        app, ["assess", "--answers", str(path), "--format", "json", "--output", str(decision)]
    )
    assert result.exit_code == 0, result.output
    path.unlink()
    (folder / "decision.json").write_text(decision.read_text())
    ranked = CliRunner().invoke(app, ["compare", str(folder), "--format", "json"])
    assert ranked.exit_code == 0, ranked.output
    (row,) = json.loads(ranked.stdout)["functions"]
    assert row["provisional"] is True  # the one_of came back, not only its point estimate


def test_a_mitigation_another_possible_answer_calls_for_is_in_the_plan(tmp_path: Path) -> None:
    """Criticality "critical, important or supporting": the point estimate (important) does not
    call for the resilience step, "critical" would: it is in the plan, as not certain."""
    path = with_answers(
        tmp_path, {"profile.criticality": {"one_of": ["critical", "important", "supporting"]}}
    )
    data = assess_json(path)
    assert data["answers"]["profile.criticality"] == "important"
    step = next(m for m in data["mitigations"] if m["id"] == "critical_resilience")
    assert step["certain"] is False and step["triggers"] == ["profile.criticality"]
    md = CliRunner().invoke(app, ["assess", "--answers", str(path), "--format", "markdown"])
    assert "in case the uncertain “How critical" in md.stdout
    plain = assess_json(with_answers(tmp_path, {"profile.criticality": "important"}, "b.yaml"))
    assert not any(m["id"] == "critical_resilience" for m in plain["mitigations"])


def test_the_template_says_how_to_give_an_uncertain_answer(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["template"]).stdout
    assert "{range: [low, high]} for a number, {one_of: [a, b]} for a choice" in out


def test_a_decision_with_uncertain_answers_verifies(tmp_path: Path) -> None:
    path = with_answers(
        tmp_path,
        {
            "core.differentiation": {"one_of": ["differentiator", "parity", "commodity"]},
            "cost.expected_savings": {"range": [5, 30]},
        },
    )
    out = tmp_path / "decision.json"
    runner = CliRunner()
    result = runner.invoke(app, ["assess", "--answers", str(path), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["record"]["uncertain"] == data["uncertainty"]["answers"]
    verified = runner.invoke(app, ["verify", str(out)])
    assert verified.exit_code == 0, verified.output
    data["record"]["uncertain"]["cost.expected_savings"] = {"range": [0, 35]}  # edited
    out.write_text(json.dumps(data))  # the same midpoint (17.5): only the uncertainty differs
    changed = runner.invoke(app, ["verify", str(out)])
    assert changed.exit_code == 1 and "uncertainty" in changed.stdout
    data["record"]["uncertain"]["cost.expected_savings"] = {"range": [5, 80]}
    out.write_text(json.dumps(data))  # a midpoint of 42.5, with 17.5 stored: a contradiction
    refused = runner.invoke(app, ["verify", str(out)])
    assert refused.exit_code == 2 and "the record contradicts itself" in refused.stderr


def test_a_panel_refuses_uncertain_answers(tmp_path: Path) -> None:
    sure = with_answers(tmp_path, {}, "cfo.yaml")
    unsure = with_answers(tmp_path, {"cost.expected_savings": {"range": [10, 25]}}, "cio.yaml")
    result = CliRunner().invoke(app, ["panel", str(sure), str(unsure)])
    assert result.exit_code == 2, result.output
    assert "cost.expected_savings is an uncertain answer (range or one_of); a panel takes one" in (
        " ".join(result.stderr.split())
    )
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- could apply: over the allowed values

ANALYTICS = EXAMPLES / "analytics-retailer.yaml"


def test_a_gate_the_allowed_values_rule_out_is_not_shown(tmp_path: Path) -> None:
    """The reviewer's case: parity or commodity can never make differentiation a
    differentiator, whatever the team's size; the unscored team size does not force sampling
    and swings nothing."""
    data = yaml.safe_load(ANALYTICS.read_text())
    data["answers"]["core"]["differentiation"] = {"one_of": ["parity", "commodity"]}
    data["answers"]["cost"]["expected_savings"] = {"range": [5, 30]}
    data["answers"]["profile"]["team_size"] = {"range": [5, 30]}
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    d = assess_json(path)
    u = d["uncertainty"]
    assert u["method"] == "exact" and u["n"] is None
    assert u["could_fire"] == {} and u["unproven"] == []
    assert "core_differentiator" not in [g["id"] for g in d["gates"]]
    team = next(s for s in u["swing"] if s["question"] == "profile.team_size")
    assert team["low"] == team["high"]
    for args in (["--detail", "full"], ["--format", "markdown"], ["--format", "html"]):
        out = CliRunner().invoke(app, ["assess", "--answers", str(path), *args])
        assert out.exit_code == 0, out.output
        assert "never fully outsourced" not in out.stdout, args
    markdown = CliRunner().invoke(app, ["assess", "--answers", str(path), "-f", "markdown"]).stdout
    assert "(5 FTE)" not in markdown  # no row for an answer that swings nothing ...
    assert (  # ... but a line saying so
        "“How many full-time people does the function employ today?” between 5 and 30 FTE "
        "does not move the score, whatever the value, with the other answers at their point "
        "estimates: not shown above."
    ) in markdown
    rows = [line for line in markdown.splitlines() if "| between 5 and 30 % |" in line]
    assert len(rows) == 1
    # the same without the team size range: the same probabilities (it moves nothing)
    data["answers"]["profile"]["team_size"] = 12
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert assess_json(path)["uncertainty"]["outcome_probabilities"] == u["outcome_probabilities"]


CONDITION_SINGLES = [
    *SINGLES,
    "control.data_residency",
    "profile.customer_contact",
    "culture.language",
    "culture.provider_fit",
    "culture.collaboration",
    "profile.onsite",
]
CONDITION_NUMBERS = [
    "cost.expected_savings",
    "culture.overlap_hours",
    "cost.transition_months",
    "profile.team_size",
]


@st.composite
def small_uncertain_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Up to two choices and up to two numbers (narrow integer ranges), at least one of
    either, among the answers the gates, location rules and plan steps read."""
    catalog = CATALOG
    chosen = draw(st.lists(st.sampled_from(CONDITION_SINGLES), max_size=2, unique=True))
    numbers = draw(
        st.lists(
            st.sampled_from(CONDITION_NUMBERS), min_size=0 if chosen else 1, max_size=2, unique=True
        )
    )
    found: dict[str, Any] = {}
    for qid in chosen:
        values = [o.value for o in catalog.questions[qid].options]
        picked = draw(st.lists(st.sampled_from(values), min_size=2, max_size=3, unique=True))
        found[qid] = OneOf(tuple(v for v in values if v in picked))
    for qid in numbers:
        lo, hi = catalog.questions[qid].scale
        a = draw(st.integers(max(int(lo), 0), min(int(hi), 40) - 1))
        b = draw(st.integers(a + 1, min(a + 6, int(hi))))
        found[qid] = NumberRange(float(a), float(b))
    return found


def _ever_holds(
    catalog: Catalog, answers: dict[str, Any], unsure: dict[str, Any]
) -> dict[str, set[str]]:
    """By brute force through the engine's evaluate: the gates, location rules and
    mitigations that hold for some allowed combination (every choice; a range at every half
    step from end to end)."""
    policy = catalog.policy
    grids = [
        list(u.values)
        if isinstance(u, OneOf)
        else [u.low + k / 2 for k in range(int(2 * (u.high - u.low)) + 1)]
        for u in unsure.values()
    ]
    found: dict[str, set[str]] = {"gate": set(), "location": set(), "mitigation": set()}
    for combo in itertools.product(*grids):
        e = evaluate(catalog, {**answers, **dict(zip(unsure, combo, strict=True))})
        found["gate"] |= {g.id for g, t in zip(policy.gates, e.truths, strict=True) if t is True}
        for kind, rules in (
            ("location", policy.location.rules),
            ("mitigation", policy.mitigations),
        ):
            found[kind] |= {
                r.id
                for r in rules
                if r.when is not None and truth(r.when, e.effective, e.dims, open_=e.open) is True
            }
    return found


@settings(max_examples=examples(1 / 10), deadline=None)
@given(data=st.data())
def test_could_apply_iff_an_allowed_combination_makes_it_hold(data: st.DataObject) -> None:
    catalog = CATALOG
    answers = _payroll(catalog)
    unsure = data.draw(small_uncertain_sets())
    filled = at_points(catalog, answers, unsure)
    result = uncertainty.analyse(catalog, Evaluator(catalog, filled), unsure)
    at_point = _ever_holds(catalog, filled, {})
    ever = _ever_holds(catalog, answers, unsure)
    reported = {
        "gate": set(result.could_fire),
        "location": set(result.could_limit),
        "mitigation": set(result.could_call),
    }
    if sum(isinstance(u, NumberRange) for u in unsure.values()) <= 1:
        assert result.unproven == ()  # settled exactly
    for kind in reported:
        expected = ever[kind] - at_point[kind]
        assert expected <= reported[kind], (kind, unsure)
        assert reported[kind] - expected <= set(result.unproven), (kind, unsure)


def test_a_gate_too_costly_to_settle_is_shown_and_said_to_be(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    answers = _payroll(catalog)
    unsure: dict[str, Any] = {
        "profile.criticality": OneOf(("important", "supporting")),
        "control.exit_plan": OneOf((True, False)),
    }
    ev = Evaluator(catalog, at_points(catalog, answers, unsure))
    # the regulation is "some": the EBA gate on criticality and the exit plan cannot hold
    assert "regulated_without_exit_plan" not in uncertainty.analyse(catalog, ev, unsure).could_fire
    monkeypatch.setattr(could_hold, "MAX_CASES", 1)
    result = uncertainty.analyse(catalog, ev, unsure)
    assert "regulated_without_exit_plan" in result.could_fire
    assert "regulated_without_exit_plan" in result.unproven


@given(
    low=st.floats(0, 100, allow_nan=False),
    width=st.floats(0.001, 100, allow_nan=False),
)
def test_the_printed_swing_is_the_difference_of_the_printed_ends(low: float, width: float) -> None:
    high = min(low + width, 100.0)
    row = SwingRow("q", "given", low, high, "a", "b")
    shown = float(span(row))
    assert math.isclose(shown, float(f"{high:.1f}") - float(f"{low:.1f}"), abs_tol=1e-9)


def test_the_reviewers_swing_adds_up() -> None:
    """Ends printed 56.0 and 58.5 were shown with a swing of 2.4 (58.45 − 56.04)."""
    assert span(SwingRow("q", "given", 56.04, 58.45, "a", "b")) == "2.5"


def test_an_unsettled_could_apply_is_said_so_in_every_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = with_answers(tmp_path, {"control.exit_plan": {"one_of": ["yes", "no"]}})
    monkeypatch.setattr(could_hold, "MAX_CASES", 0)
    assert assess_json(path)["uncertainty"]["unproven"]
    for args in (["--detail", "full"], ["-f", "markdown"], ["-f", "html"]):
        out = CliRunner().invoke(app, ["assess", "--answers", str(path), *args])
        assert out.exit_code == 0, out.output
        assert "Shown as could apply without proof" in " ".join(out.stdout.split()), args


def test_an_answer_an_uncertain_answer_may_ask_for_is_not_called_ignored(tmp_path: Path) -> None:
    """Data residency is asked for personal data: with the sensitivity one of internal, public
    or personal (point estimate: internal), the residency answer counts where it is asked."""
    unsure = with_answers(
        tmp_path, {"control.data_sensitivity": {"one_of": ["internal", "public", "personal"]}}
    )
    result = CliRunner().invoke(app, ["assess", "--answers", str(unsure)])
    assert result.exit_code == 0 and "A004" not in result.stderr, result.stderr
    sure = with_answers(tmp_path, {"control.data_sensitivity": "internal"}, "b.yaml")
    result = CliRunner().invoke(app, ["assess", "--answers", str(sure)])
    assert "A004" in result.stderr and "control.data_residency" in result.stderr
