"""Calculated values: the expression language, its values (against a brute-force evaluator),
its bounds, and calculated tests in `when` conditions and gates."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource_cli.decision.engine import decide
from outsource_cli.errors import InputError
from outsource_cli.questionnaire import calculations as calc
from outsource_cli.questionnaire.catalog import load_catalog
from outsource_cli.questionnaire.conditions import leaves, references, truth
from tests.conftest import ROOT

LINT_BASE = Path(__file__).parent / "data" / "lint" / "base"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("-a.x + 1", -8.0),
        ("a.x / 2 - b.y", 3.5),
        ("min(a.x, b.y, 4)", 1.0),
        ("max(a.x, 3)", 9.0),
        ("round(a.x / 7, 2)", 1.29),
        ("round(2.5)", 2.0),  # Python's rounding: half to even
        ("a.x * 2 >= 18", True),
        ("a.x * 2 > 18", False),
        ("a.x != b.y", True),
        ("a.x / (b.y - 1)", None),  # a division by zero: unknown
        ("a.missing + 1", None),
        ("a.text + 1", None),  # not a number
    ],
)
def test_values(text: str, expected: float | bool | None) -> None:
    answers = {"a.x": 9, "b.y": 1, "a.text": "high"}
    assert calc.value(calc.parse(text), answers) == expected


@pytest.mark.parametrize(
    ("text", "message", "pos"),
    [
        ("a.x +", "expected a number, a reference or '(', found the end", 5),
        ("1 $ 2", "unexpected character '$'", 2),
        ("foo(1)", "unknown function 'foo'", 0),
        ("a.x < 1 < 2", "one comparison only", 8),
        ("(1 + 2", "expected ')', found the end", 6),
        ("round(a.x, a.y)", "round's digits must be a number", 0),
        ("", "an empty expression", 0),
        ("-" * 60 + "1", "nested more than 40 deep", 40),
        ("1" * 20, "is too large", 0),
    ],
)
def test_parse_errors_say_where(text: str, message: str, pos: int) -> None:
    with pytest.raises(calc.CalcError) as exc:
        calc.parse(text)
    assert message in exc.value.message and exc.value.pos == pos


def test_kinds() -> None:
    assert calc.kind(calc.parse("a.x > 1"), {}) == "test"
    assert calc.kind(calc.parse("a.x + 1"), {}) == "number"
    with pytest.raises(calc.CalcError, match="arithmetic needs numbers"):
        calc.kind(calc.parse("(a.x > 1) * 2"), {})


# ---------------------------------------------------------------- against brute force

REFS = ("a.x", "a.y", "b.z")
SCALES = {"a.x": (0.0, 10.0), "a.y": (-5.0, 5.0), "b.z": (1.0, 3.0)}


def _trees(depth: int = 4) -> st.SearchStrategy[calc.Node]:
    leaf = st.one_of(
        st.integers(0, 20).map(lambda n: calc.Num(float(n), 0)),
        st.sampled_from(REFS).map(lambda r: calc.Ref(r, 0)),
    )

    def extend(inner: st.SearchStrategy[calc.Node]) -> st.SearchStrategy[calc.Node]:
        return st.one_of(
            inner.map(lambda a: calc.Neg(a, 0)),
            st.tuples(st.sampled_from("+-*/"), inner, inner).map(
                lambda t: calc.Bin(t[0], t[1], t[2], 0)
            ),
            st.tuples(st.sampled_from(("min", "max")), st.lists(inner, min_size=1, max_size=3)).map(
                lambda t: calc.Call(t[0], tuple(t[1]), 0)
            ),
        )

    return st.recursive(leaf, extend, max_leaves=8)


def _brute(node: calc.Node, env: dict[str, float]) -> float | None:
    """A second, naive evaluator: Python's own arithmetic on the tree."""
    try:
        return _naive(node, env)
    except ZeroDivisionError:
        return None


def _naive(node: calc.Node, env: dict[str, float]) -> float:
    if isinstance(node, calc.Num):
        return node.value
    if isinstance(node, calc.Ref):
        return env[node.name]
    if isinstance(node, calc.Neg):
        return -_naive(node.arg, env)
    if isinstance(node, calc.Call):
        args = [_naive(a, env) for a in node.args]
        return min(args) if node.fn == "min" else max(args)
    assert isinstance(node, calc.Bin)
    a, b = _naive(node.left, env), _naive(node.right, env)
    if node.op == "/":
        return a / b  # ZeroDivisionError when b is zero
    return {"+": a + b, "-": a - b, "*": a * b}[node.op]


@settings(max_examples=300, deadline=None)
@given(
    _trees(),
    st.fixed_dictionaries({r: st.integers(int(lo), int(hi)) for r, (lo, hi) in SCALES.items()}),
)
def test_value_agrees_with_brute_force_and_stays_in_its_bounds(
    tree: calc.Node, env: dict[str, int]
) -> None:
    text = calc.text_of(tree)
    parsed = calc.parse(text)  # written out and read back: the same tree's value
    got = calc.value(parsed, env)
    expected = _brute(tree, {k: float(v) for k, v in env.items()})
    if expected is None:
        assert got is None
        return
    assert got is not None and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    lo, hi = calc.bounds(parsed, SCALES)
    assert lo - 1e-6 <= got <= hi + 1e-6


def test_bounds_find_a_divisor_that_can_be_zero() -> None:
    zero: list[calc.Node] = []
    calc.bounds(calc.parse("100 / a.y"), SCALES, zero)
    assert [calc.text_of(z) for z in zero] == ["a.y"]
    zero.clear()
    calc.bounds(calc.parse("100 / max(a.y, 1) + 1 / b.z"), SCALES, zero)
    assert zero == []


# ---------------------------------------------------------------- in conditions and gates


def _tree(tmp_path: Path, extra_set: str = "", policy_old: str = "", policy_new: str = "") -> Path:
    base = tmp_path / "sets"
    shutil.copytree(LINT_BASE, base)
    if extra_set:
        (base / "a.yaml").write_text((base / "a.yaml").read_text() + extra_set)
    if policy_old:
        text = (base / "policy.yaml").read_text()
        assert policy_old in text
        (base / "policy.yaml").write_text(text.replace(policy_old, policy_new))
    return base


CALCS = "calculations:\n  - {id: double, text: Twice the cost, value: a.cost * 2}\n"
GATE_OLD = "when: {question: a.risk, equals: high}"
GATE_NEW = "when: {calc: 'a.double >= 150'}"


def test_a_gate_on_a_calculated_value(tmp_path: Path) -> None:
    catalog = load_catalog(_tree(tmp_path, CALCS, GATE_OLD, GATE_NEW), use_cache=False)
    gate = catalog.policy.gates[0]
    # the calculated value reports the question it is calculated from
    assert list(references(gate.when)) == ["a.cost"]
    assert [getattr(leaf, "question", None) for leaf in leaves(gate.when)] == ["a.cost"]
    assert truth(gate.when, {"a.cost": 75}) is True
    assert truth(gate.when, {"a.cost": 74}) is False
    assert truth(gate.when, {}) is False  # unanswered: the test does not hold
    assert truth(gate.when, {}, open_={"a.cost"}) is None  # open: unknown
    answers = {"a.kind": "it", "a.risk": "low", "b.ok": "yes", "a.cost": 90}
    decision = decide(catalog, answers)
    assert decision.outcome == "hybrid" and decision.base_outcome == "outsource"
    assert decision.gates[0].id == "risky" and decision.gates[0].triggers == ("a.cost",)
    # a gate waiting on an unanswered input never silently passes
    open_decision = decide(catalog, {k: v for k, v in answers.items() if k != "a.cost"})
    assert [g.status for g in open_decision.gates] == ["could_fire"]


def test_a_when_on_a_calculated_value(tmp_path: Path) -> None:
    old = "when: {question: a.kind, equals: it}"
    base = _tree(tmp_path)
    text = (base / "a.yaml").read_text()
    # move the cost question first, so that the risk question may depend on it
    head, cost = text.split("  - id: cost\n")
    head = head.replace("questions:\n", "questions:\n  - id: cost\n" + cost, 1)
    (base / "a.yaml").write_text(head.replace(old, "when: {calc: 'a.double > 100'}") + CALCS)
    catalog = load_catalog(base, use_cache=False)
    shown = decide(catalog, {"a.kind": "it", "a.cost": 60, "a.risk": "high"})
    hidden = decide(catalog, {"a.kind": "it", "a.cost": 40, "a.risk": "high"})
    assert "a.risk" in shown.answers and "a.risk" not in hidden.answers


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("when: {calc: 'a.cost >= 6 0'}", ":37:44: S007 unexpected '0'"),
        (
            "when: {calc: 'a.dbl >= 60'}",
            ":37:32: R015 unknown question or calculated value 'a.dbl'",
        ),
        ("when: {calc: 'a.kind >= 1'}", "R017 'a.kind' is a single question"),
        ("when: {calc: 'a.cost + 1'}", "R017 a calc condition must compare"),
    ],
)
def test_bad_calculations_are_refused_with_their_place(
    tmp_path: Path, new: str, expected: str
) -> None:
    base = _tree(tmp_path, CALCS, "when: {question: a.cost, gte: 60}", new)
    with pytest.raises(InputError) as exc:
        load_catalog(base, use_cache=False)
    assert any(expected in str(p) for p in exc.value.problems), exc.value.problems


def test_a_cycle_of_calculated_values_is_refused(tmp_path: Path) -> None:
    cycle = (
        "calculations:\n"
        "  - {id: double, text: Double, value: a.half * 2}\n"
        "  - {id: half, text: Half, value: a.double / 2}\n"
    )
    with pytest.raises(InputError) as exc:
        load_catalog(_tree(tmp_path, cycle), use_cache=False)
    messages = [str(p) for p in exc.value.problems]
    assert any(
        "R016 calculated values form a cycle: a.double -> a.half -> a.double" in m for m in messages
    )


def test_bad_calculation_through_the_cli_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from outsource_cli.cli import app

    base = _tree(tmp_path, CALCS, GATE_OLD, "when: {calc: 'a.double >= '}")
    result = CliRunner().invoke(app, ["lint", str(base)])
    assert result.exit_code == 1 and "S007" in result.output and "Traceback" not in result.output
    answers = ROOT / "examples" / "payroll-manufacturer.yaml"
    result = CliRunner().invoke(
        app, ["assess", "--questionnaires", str(base), "--answers", str(answers)]
    )
    assert result.exit_code == 2 and "S007" in result.output
