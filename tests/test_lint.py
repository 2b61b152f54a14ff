"""`outsource lint`: every rule triggered at its line and column, and not triggered on a clean
neighbour; output formats; suppressions; configuration; exit codes."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.lint.config import Config
from outsource_cli.lint.rules import RULES, LintResult
from outsource_cli.lint.runner import lint_paths
from outsource_cli.questionnaire.catalog import load_catalog
from tests.conftest import ROOT

DATA = Path(__file__).parent / "data" / "lint"
runner = CliRunner()


@dataclass(frozen=True)
class Case:
    code: str
    file: str  # in the base folder, or "answers.yaml" for the answers folder
    old: str
    new: str | bytes
    line: int
    col: int
    fixed: str | None = None  # a near miss that must not trigger the rule (default: the base)


SPARE = (
    "  - id: spare\n"
    "    text: Is it spare?\n"
    "    help: Nothing reads it.\n"
    "    type: yes_no\n"
    "    options:\n"
    "      - {value: yes, label: 'Yes', score: 60, because: it is spare}\n"
    "      - {value: no, label: 'No', score: 40, because: it is not spare}\n"
)

BEST_SOURCE = (
    "  - {strategy: best_source, pays: outsource, marginal: outsource, premium: hybrid, "
    "loses: hybrid, loses_heavily: "
)

CASES = [
    Case("Y001", "a.yaml", "title: Alpha", "title: [Alpha", 3, 6),
    Case("Y002", "a.yaml", "order: 1\n", "order: 1\ntitle: Again\n", 4, 1),
    Case("Y003", "b.yaml", "*", "", 1, 1),
    Case("Y004", "b.yaml", "*", "- a\n- b\n", 1, 1),
    Case("Y005", "b.yaml", "*", b"id: b\ntitle: \xff\n", 2, 8),
    Case("Y006", "b.yaml", "*", "x: " + "[" * 100 + "]" * 100 + "\n", 1, 67),
    Case("Y007", "b.yaml", "  - id: ok\n    text:", "  - id: ok\n\t text:", 6, 1),
    Case("Y008", "b.yaml", "order: 2", "order: 1:20", 3, 8, fixed="order: 80"),
    Case("S001", "b.yaml", "    text: Is it ok?\n", "", 5, 5),
    Case("S002", "b.yaml", "    help: Ok is good.", "    hepl: Ok is good.", 7, 5),
    Case("S003", "b.yaml", "order: 2", "order: two", 3, 8),
    Case("S004", "b.yaml", "id: b\n", "id: B-1\n", 1, 5),
    Case("S005", "b.yaml", "{value: no,", "{value: maybe,", 10, 7),
    Case("S006", "policy.yaml", "    cap: hybrid\n", "", 23, 5),
    Case(
        "S007",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: 'a.cost >= 6 0'}",
        37,
        44,
        fixed="when: {calc: 'a.cost >= 60'}",
    ),
    Case("R001", "b.yaml", "id: b\n", "id: a\n", 1, 5),
    Case("R002", "a.yaml", "  - id: cost", "  - id: risk", 23, 9),
    Case("R003", "b.yaml", "{value: no,", "{value: yes,", 11, 17),
    Case(
        "R010",
        "policy.yaml",
        "{question: a.risk, equals: high}",
        "{question: a.rsk, equals: high}",
        25,
        22,
    ),
    Case("R011", "policy.yaml", "equals: high}", "equals: extreme}", 25, 38),
    Case(
        "R012",
        "a.yaml",
        "when: {question: a.kind, equals: it}",
        "when: {question: a.cost, gte: 10}",
        18,
        22,
    ),
    Case(
        "R013",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {dimension: z, lt: 40}",
        37,
        36,
    ),
    Case(
        "R014",
        "a.yaml",
        "    required: true\n",
        "    when: {question: a.risk, equals: low}\n",
        9,
        22,
    ),
    Case(
        "R015",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: 'a.cst >= 60'}",
        37,
        32,
        fixed="when: {calc: 'a.cost >= 60'}",
    ),
    Case(
        "R016",
        "a.yaml",
        "      - {up_to: 100, score: 90, because: it is dear}\n",
        "      - {up_to: 100, score: 90, because: it is dear}\n"
        "calculations:\n"
        "  - {id: double, text: Double, value: a.half * 2}\n"
        "  - {id: half, text: Half, value: a.double / 2}\n",
        33,
        39,
        fixed="      - {up_to: 100, score: 90, because: it is dear}\n"
        "calculations:\n"
        "  - {id: double, text: Double, value: a.cost * 2}\n"
        "  - {id: half, text: Half, value: a.double / 4}\n",
    ),
    Case(
        "R017",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: 'a.kind >= 1'}",
        37,
        32,
        fixed="when: {calc: 'a.cost >= 1'}",
    ),
    Case(
        "L001",
        "a.yaml",
        "when: {question: a.kind, equals: it}",
        "when: {all: [{question: a.kind, equals: it}, {question: a.kind, equals: bp}]}",
        18,
        5,
        fixed="when: {any: [{question: a.kind, equals: it}, {question: a.kind, equals: bp}]}",
    ),
    Case("L002", "b.yaml", "score: 5,", "score: 90,", 9, 5, fixed="score: 89,"),
    Case(
        # without a business case only the thin-saving column counts: outsource is gone
        "L003",
        "policy.yaml",
        "best_source, pays: outsource, marginal: outsource,",
        "best_source, pays: outsource, marginal: hybrid,",
        18,
        1,
        fixed="best_source, pays: hybrid, marginal: outsource,",
    ),
    Case("L004", "a.yaml", "weight: 2", "weight: 0", 17, 13),
    Case("L005", "a.yaml", "{up_to: 100, score: 90", "{up_to: 90, score: 90", 31, 17),
    Case(
        # co_source, more restrictive than best_source, would go further out when it loses
        # heavily; the near miss raises both
        "L006",
        "policy.yaml",
        "loses_heavily: keep_in_house}\n" + BEST_SOURCE + "keep_in_house}",
        "loses_heavily: hybrid}\n" + BEST_SOURCE + "keep_in_house}",
        21,
        114,
        fixed="loses_heavily: hybrid}\n" + BEST_SOURCE + "hybrid}",
    ),
    Case(
        "L007",
        "policy.yaml",
        "when: {question: a.risk, equals: high}",
        "when: {all: [{question: a.risk, equals: high}, {question: a.kind, equals: bp}]}",
        25,
        5,
        fixed="when: {all: [{question: a.risk, equals: high}, {question: a.kind, equals: it}]}",
    ),
    Case(
        "L008", "policy.yaml", "cap: hybrid", "cap: outsource", 26, 10, fixed="cap: keep_in_house"
    ),
    Case(
        "L009",
        "a.yaml",
        "      - {up_to: 100, score: 90, because: it is dear}",
        "      - {up_to: 70, score: 90, because: it is dear}\n"
        "      - {up_to: 100, score: 40, because: it is dearer}",
        29,
        5,
        fixed="      - {up_to: 70, score: 90, because: it is dear}\n"
        "      - {up_to: 100, score: 95, because: it is dearer}",
    ),
    Case(
        "L010",
        "policy.yaml",
        "when: {question: a.risk, equals: high}",
        "when: {question: b.ok, equals: no}",
        25,
        11,
        fixed="when: {question: a.kind, equals: bp}",
    ),
    Case(
        # a.cost is read by a location rule only: no stage, readiness step or gate
        "L011",
        "a.yaml",
        "    type: number\n",
        "    type: number\n    lever: true\n",
        27,
        5,
        fixed="    type: number\n    lever: false\n",
    ),
    Case(
        "L012",
        "policy.yaml",
        "mitigations:",
        "models:\n  - {id: all, title: All, because: always}\n"
        "  - {id: late, title: Late, because: never, outcomes: [hybrid]}\nmitigations:",
        40,
        5,
        fixed="models:\n  - {id: all, title: All, because: always, outcomes: [outsource]}\n"
        "  - {id: late, title: Late, because: never, outcomes: [hybrid]}\nmitigations:",
    ),
    Case(
        "L013",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: '100 / a.cost >= 2'}",
        37,
        38,
        fixed="when: {calc: '100 / max(a.cost, 1) >= 2'}",
    ),
    Case(
        # a question nothing reads (b.ok is read by the strategy cell not_ok)
        "L014",
        "b.yaml",
        "because: it is not ok}\n",
        "because: it is not ok}\n" + SPARE,
        12,
        5,
    ),
    Case(
        # the first cell that holds decides: a co-source cell first would overrule insource
        "L015",
        "policy.yaml",
        "      because: it is not ok\n",
        "      because: it is not ok\n    - id: early\n      framework: Test\n      cell: early\n"
        "      when: {question: a.kind, equals: it}\n      verdict: best_source\n"
        "      because: early\n    - id: late\n      framework: Test\n      cell: late\n"
        "      when: {question: a.kind, equals: it}\n      verdict: co_source\n"
        "      because: late\n",
        22,
        16,
        fixed="      because: it is not ok\n    - id: early\n      framework: Test\n      cell: early\n"
        "      when: {question: a.kind, equals: it}\n      verdict: co_source\n"
        "      because: early\n    - id: late\n      framework: Test\n      cell: late\n"
        "      when: {question: a.kind, equals: it}\n      verdict: co_source\n"
        "      because: late\n",
    ),
    Case("C001", "b.yaml", "    help: Ok is good.\n", "", 5, 5),
    Case("C002", "b.yaml", "text: Is it ok?", "text: It is ok", 6, 11),
    Case(
        "C003",
        "b.yaml",
        "text: Is it ok?",
        "text: What kind is it?",
        6,
        11,
        fixed="text: What sort is it?",
    ),
    Case("C004", "b.yaml", "title: Beta", "title: Be\u200bta", 2, 8, fixed="title: Beta"),
    Case("A001", "answers.yaml", "    ok: yes", "    okay: yes", 9, 5),
    Case("A002", "answers.yaml", "    ok: yes", "    ok: perhaps", 9, 9),
    Case("A003", "answers.yaml", "    kind: it\n", "", 4, 3),
    Case("A004", "answers.yaml", "kind: it", "kind: bp", 6, 5),
    Case("A005", "answers.yaml", "function: A test", "function: A test\nfunktion: typo", 3, 1),
    Case(
        "U001",
        "b.yaml",
        "title: Beta",
        "title: Beta  # outsource-lint: disable=C001 -- not needed",
        2,
        14,
    ),
]


def make_tree(
    tmp_path: Path, case: Case | None = None, *, fixed: bool = False
) -> tuple[Path, Path]:
    base, answers = tmp_path / "base", tmp_path / "answers"
    shutil.copytree(DATA / "base", base)
    shutil.copytree(DATA / "answers", answers)
    if case is not None:
        target = (answers if case.file == "answers.yaml" else base) / case.file
        new = case.fixed if fixed else case.new
        if fixed and new is None:
            return base, answers
        if case.old == "*":
            target.write_bytes(new if isinstance(new, bytes) else str(new).encode())
        else:
            text = target.read_text()
            assert case.old in text, case
            target.write_text(text.replace(case.old, str(new), 1))
    return base, answers


def lint_tree(base: Path, answers: Path | None = None, config: Config | None = None) -> LintResult:
    paths = [base] if answers is None else [base, answers]
    return lint_paths(paths, catalog_for_answers=lambda: load_catalog(base), config=config)


def test_every_rule_has_a_case() -> None:
    assert sorted({c.code for c in CASES}) == sorted(RULES)


def test_the_base_is_clean(tmp_path: Path) -> None:
    result = lint_tree(*make_tree(tmp_path))
    assert result.findings == ()
    assert result.files == 4


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_rule_triggers_at_its_place(tmp_path: Path, case: Case) -> None:
    base, answers = make_tree(tmp_path, case)
    result = lint_tree(base, answers if case.file == "answers.yaml" else None)
    hits = [f for f in result.findings if f.code == case.code]
    assert hits, f"{case.code} not reported; got {[str(f) for f in result.findings]}"
    places = [(Path(h.path).name, h.line, h.col) for h in hits]
    assert (case.file, case.line, case.col) in places


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.fixed], ids=[c.code for c in CASES if c.fixed]
)
def test_rule_stays_quiet_on_a_near_miss(tmp_path: Path, case: Case) -> None:
    base, answers = make_tree(tmp_path, case, fixed=True)
    result = lint_tree(base, answers if case.file == "answers.yaml" else None)
    assert [f for f in result.findings if f.code == case.code] == []


def test_l001_sees_what_a_naive_check_misses(tmp_path: Path) -> None:
    # Each test alone can hold, and even both together if visibility is ignored: risk=high
    # with kind=bp. But risk is only asked when kind=it, so its answer never counts then.
    base, _answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text().replace(
            "    type: yes_no\n",
            "    type: yes_no\n    when: {all: [{question: a.risk, equals: high}, {question: a.kind, equals: bp}]}\n",
        )
    )
    codes = [f.code for f in lint_tree(base).findings]
    # and b.ok never shown, the strategy cell not_ok (b.ok = no) never holds: nothing else
    # leads to keep_in_house (L003)
    assert codes == ["L001", "L003"]


def _shown_when(tmp_path: Path, when: str) -> list[tuple[str, str]]:
    """Lint of the base with b.ok shown only ``when``."""
    base, _answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text().replace("    type: yes_no\n", f"    type: yes_no\n    when: {when}\n")
    )
    return [(f.code, f.message) for f in lint_tree(base).findings]


def test_l001_counts_not_answered_as_an_answer(tmp_path: Path) -> None:
    # a.cost is optional: leaving it open shows b.ok. Without "not answered" among the values
    # the enumeration tries, this condition could never hold (a false L001)
    assert _shown_when(tmp_path, "{question: a.cost, answered: false}") == []


def test_l001_knows_a_required_question_shown_is_answered(tmp_path: Path) -> None:
    # a.kind is required and always shown: it is always answered, so b.ok is never shown
    found = _shown_when(tmp_path, "{question: a.kind, answered: false}")
    assert found == [
        (
            "L001",
            "'b.ok' can never be shown: no answers to the questions before it make its "
            "condition hold",
        ),
        _KEEP_UNREACHABLE,  # the strategy cell on b.ok cannot hold either
    ]
    # a.risk is required only when shown (a.kind = it): with a.kind = it it is answered
    assert [c for c, _ in _shown_when(tmp_path / "2", _ALL_IT_RISK_OPEN)] == ["L001", "L003"]
    # but when a.kind = bp it is hidden, so not answered: this one can hold
    assert _shown_when(tmp_path / "3", "{question: a.risk, answered: false}") == []


_KEEP_UNREACHABLE = ("L003", "no combination of answers leads to keep_in_house")
_ALL_IT_RISK_OPEN = "{all: [{question: a.kind, equals: it}, {question: a.risk, answered: false}]}"


def _with_policy(tmp_path: Path, *changes: tuple[str, str]) -> list[tuple[str, str]]:
    """Lint of the base with its policy changed (each ``old`` must be there)."""
    base, _answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    text = policy.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    policy.write_text(text)
    return [(f.code, f.message) for f in lint_tree(base).findings]


NO_OUTSOURCE_ROW = ("marginal: outsource,", "marginal: hybrid,")  # best_source's row


def test_l003_reads_the_outcome_table_and_the_gates(tmp_path: Path) -> None:
    # without a business case the stages read the thin-saving column: best_source (the
    # default) no longer goes out, and nothing else does
    assert _with_policy(tmp_path / "1", NO_OUTSOURCE_ROW) == [
        ("L003", "no combination of answers leads to outsource")
    ]
    # a gate that forces it is a way there
    assert _with_policy(tmp_path / "2", NO_OUTSOURCE_ROW, ("cap: hybrid", "force: outsource")) == []


def test_l003_a_cap_reaches_its_outcome_only_above_it(tmp_path: Path) -> None:
    # the stages give keep_in_house (not_ok, process) or outsource: the gate's cap at hybrid
    # brings an outsource down to hybrid
    to_insource = ("verdict: co_source", "verdict: insource")
    assert _with_policy(tmp_path / "1", to_insource) == []
    # with nothing above hybrid to bring down, the cap never gives hybrid
    no_outsource = ("default: best_source", "default: insource")
    assert _with_policy(tmp_path / "2", to_insource, no_outsource) == [
        ("L003", "no combination of answers leads to hybrid"),
        ("L003", "no combination of answers leads to outsource"),
    ]


def test_l003_a_cell_that_cannot_hold_leads_nowhere(tmp_path: Path) -> None:
    # not_ok is the only way to keep_in_house: a condition that cannot hold closes it
    never = (
        "when: {question: b.ok, equals: no}",
        "when: {all: [{question: b.ok, equals: no}, {question: b.ok, equals: yes}]}",
    )
    assert _with_policy(tmp_path, never) == [_KEEP_UNREACHABLE]


def test_l003_reads_every_column_with_a_business_case(tmp_path: Path) -> None:
    # with the business case's saving and baseline asked, outsourcing can pay: best_source's
    # `pays` column leads out even with the thin-saving column at hybrid
    base, _answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    policy.write_text(policy.read_text().replace(*NO_OUTSOURCE_ROW))
    (base / "cost.yaml").write_text(BUSINESS_CASE_SET)
    assert [f.code for f in lint_tree(base).findings] == []
    # the saving alone is no business case (the engine needs the baseline too)
    (base / "cost.yaml").write_text(BUSINESS_CASE_SET.split("  - id: baseline_cost")[0])
    assert [f.code for f in lint_tree(base).findings] == ["L003"]


BUSINESS_CASE_SET = """id: cost
title: Cost
order: 3
questions:
  - id: expected_savings
    text: What saving do you expect?
    help: The business case's headline.
    type: number
    min: -50
    max: 90
    ranges:
      - {up_to: 0, score: 20, because: no saving}
      - {up_to: 90, score: 90, because: a saving}
  - id: baseline_cost
    text: What does the function cost a year?
    help: The business case's baseline.
    type: number
    min: 0
    max: 1000000
    ranges:
      - {up_to: 100, score: 40, because: a small cost}
      - {up_to: 1000000, score: 60, because: a large cost}
"""


def _found(tmp_path: Path, *changes: tuple[str, str]) -> list[tuple[str, int, str]]:
    base, _answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    text = policy.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    policy.write_text(text)
    return [(f.code, f.line, f.message) for f in lint_tree(base).findings]


def test_l006_a_worse_business_case_never_goes_further_out(tmp_path: Path) -> None:
    # best_source would outsource at a loss, where a premium (a reason to pay more) gives hybrid
    row = (
        "premium: hybrid, loses: hybrid, loses_heavily: keep_in_house}\n" + "gates:",
        "premium: hybrid, loses: outsource, loses_heavily: keep_in_house}\n" + "gates:",
    )
    assert _found(tmp_path, row) == [
        ("L006", 21, "best_source: loses gives outsource, further out than premium (hybrid)")
    ]


def test_l006_a_more_restrictive_verdict_never_goes_further_out(tmp_path: Path) -> None:
    # insource (the most restrictive) would go further out than co_source on a thin saving
    row = ("marginal: keep_in_house,", "marginal: outsource,")
    expected = [
        "co_source gives hybrid where the more restrictive insource gives outsource (marginal)",
        "insource: marginal gives outsource, further out than pays (keep_in_house)",
    ]
    assert sorted(m for c, _, m in _found(tmp_path, row) if c == "L006") == sorted(expected)
    # the rows are compared in the verdicts' order, not the file's: the same table with its
    # rows reversed is as wrong, and the order of a right table does not matter
    base, _answers = make_tree(tmp_path / "reversed")
    policy = base / "policy.yaml"
    lines = policy.read_text().splitlines(keepends=True)
    start = lines.index("outcomes:\n") + 1
    lines[start : start + 3] = reversed(lines[start : start + 3])
    policy.write_text("".join(lines))
    assert lint_tree(base).findings == ()
    policy.write_text(policy.read_text().replace(*row))
    found = [f.message for f in lint_tree(base).findings if f.code == "L006"]
    assert sorted(found) == sorted(expected)


def test_l006_each_verdict_has_one_row(tmp_path: Path) -> None:
    twice = ("  - {strategy: co_source,", "  - {strategy: insource,")
    assert _found(tmp_path / "1", twice) == [
        (
            "L006",
            19,
            "the strategy verdict co_source has no row in 'outcomes' (it would keep the function "
            "in-house)",
        ),
        ("L006", 20, "verdict insource has two rows"),
    ]
    # a verdict no cell gives needs no row: drop the process cell, then co_source's row
    base, _answers = make_tree(tmp_path / "2")
    policy = base / "policy.yaml"
    text = policy.read_text()
    text = text[: text.index("    - id: process")] + text[text.index("outcomes:") :]
    text = "".join(line for line in text.splitlines(True) if "{strategy: co_source" not in line)
    policy.write_text(text)
    assert lint_tree(base).findings == ()


def test_l006_the_economics_thresholds_go_down(tmp_path: Path) -> None:
    economics = "economics: {pays_at: 5, loses_below: 0, heavy_loss_below: -15}\noutcomes:"
    assert _found(tmp_path / "1", ("outcomes:", economics)) == []
    assert _found(
        tmp_path / "2", ("outcomes:", economics.replace("pays_at: 5", "pays_at: -1"))
    ) == [("L006", 18, "'loses_below' (0) must not be above 'pays_at' (-1)")]
    heavy = economics.replace("heavy_loss_below: -15", "heavy_loss_below: 1")
    assert _found(tmp_path / "3", ("outcomes:", heavy)) == [
        ("L006", 18, "'heavy_loss_below' (1) must not be above 'loses_below' (0)")
    ]


def _lever_findings(tmp_path: Path, *policy_changes: tuple[str, str]) -> list[str]:
    """The findings (code and question) with a.cost and b.ok marked as levers, the policy
    changed: only L011 or L014, so that nothing stopped the meaning rules."""
    base, _answers = make_tree(tmp_path)
    for name, old in (("a.yaml", "    type: number\n"), ("b.yaml", "    type: yes_no\n")):
        path = base / name
        path.write_text(path.read_text().replace(old, old + "    lever: true\n"))
    policy = base / "policy.yaml"
    text = policy.read_text()
    for old, new in policy_changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    policy.write_text(text)
    return [f"{f.code} {f.message.split(chr(39))[1]}" for f in lint_tree(base).findings]


READINESS_ON_COST = (
    "gates:",
    "readiness:\n"
    "  - {id: dear, title: Too dear, lever: a.cost, when: {question: a.cost, gte: 90},"
    " step: Bring the cost down.}\ngates:",
)


def test_l011_counts_the_stages_and_readiness_levers(tmp_path: Path) -> None:
    # b.ok is read by a strategy cell; a.cost only by a location rule (where, not whether)
    assert _lever_findings(tmp_path / "1") == ["L011 a.cost"]
    # a readiness step on a.cost makes it a lever: fixing it makes the firm ready
    assert _lever_findings(tmp_path / "2", READINESS_ON_COST) == []
    # a step's named lever counts even when its condition reads another question
    lever_only = (
        READINESS_ON_COST[0],
        READINESS_ON_COST[1].replace(
            "{question: a.cost, gte: 90}", "{question: a.kind, equals: it}"
        ),
    )
    assert _lever_findings(tmp_path / "3", lever_only) == []
    # so does a non-cost reason of the economics stage
    reason = (
        "outcomes:",
        "economics:\n  reasons:\n    - {id: dear, when: {question: a.cost, gte: 90}, because: dear}\n"
        "outcomes:",
    )
    assert _lever_findings(tmp_path / "4", reason) == []
    # without the strategy cell on b.ok, b.ok changes nothing the stages see
    no_cell = ("when: {question: b.ok, equals: no}", "when: {question: a.risk, equals: high}")
    assert _lever_findings(tmp_path / "5", no_cell) == ["L011 a.cost", "L014 b.ok", "L011 b.ok"]


NOT_OK_CELL = ("when: {question: b.ok, equals: no}", "when: {question: a.risk, equals: high}")

READERS = {
    "strategy cell": [],
    "economics reason": [
        (
            "outcomes:",
            "economics:\n  reasons:\n    - {id: r, when: {question: b.ok, equals: no}, because: r}\n"
            "outcomes:",
        )
    ],
    "readiness lever": [
        (
            "gates:",
            "readiness:\n  - {id: r, title: R, lever: b.ok, when: {question: a.kind, equals: it},"
            " step: Fix it.}\ngates:",
        )
    ],
    "gate": [
        (
            "when: {question: a.risk, equals: high}\n    cap",
            "when: {question: b.ok, equals: no}\n    cap",
        )
    ],
    "form rule": [("{question: a.kind, equals: it}, form", "{question: b.ok, equals: no}, form")],
    "location rule": [
        (
            "{question: a.cost, gte: 60}",
            "{any: [{question: a.cost, gte: 60}, {question: b.ok, equals: no}]}",
        )
    ],
    "location on the set's score": [
        (
            "{question: a.cost, gte: 60}",
            "{any: [{question: a.cost, gte: 60}, {dimension: b, lt: 40}]}",
        )
    ],
    "mitigation": [
        ("    because: always", "    when: {question: b.ok, equals: no}\n    because: always")
    ],
    "model": [
        (
            "mitigations:",
            "models:\n  - {id: m, title: M, when: {question: b.ok, equals: no}, because: m}\n"
            "  - {id: n, title: N, because: n}\nmitigations:",
        )
    ],
    "contract": [
        (
            "mitigations:",
            "contracts:\n  - {type: buy_in, when: {question: b.ok, equals: no}, length: short,"
            " because: c}\n  - {type: fee_for_service, length: long, because: d}\nmitigations:",
        )
    ],
}


@pytest.mark.parametrize("reader", list(READERS))
def test_l014_a_question_read_anywhere_affects_something(tmp_path: Path, reader: str) -> None:
    base, _answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    text = (
        policy.read_text().replace(*NOT_OK_CELL)
        if reader != "strategy cell"
        else policy.read_text()
    )
    for old, new in READERS[reader]:
        assert old in text, old
        text = text.replace(old, new, 1)
    policy.write_text(text)
    # no L014, and nothing that would stop the meaning rules (a gate's input should be required)
    assert [f.code for f in lint_tree(base).findings] == (["L010"] if reader == "gate" else [])


def test_l014_a_question_nothing_reads(tmp_path: Path) -> None:
    # without the strategy cell on b.ok nothing reads it: it moves only the balance
    found = _found(tmp_path / "1", NOT_OK_CELL)
    assert ("L014", 5, _affects_nothing("b.ok")) in found
    # another question's condition reads it
    base, _answers = make_tree(tmp_path / "2")
    (base / "policy.yaml").write_text((base / "policy.yaml").read_text().replace(*NOT_OK_CELL))
    b = base / "b.yaml"
    b.write_text(
        b.read_text()
        + SPARE.replace(
            "    type: yes_no\n", "    type: yes_no\n    when: {question: b.ok, equals: no}\n"
        )
    )
    assert [f.message for f in lint_tree(base).findings if f.code == "L014"] == [
        _affects_nothing("b.spare")
    ]


SIZES = """  - id: size
    text: How big is it?
    help: Size.
    type: number
    min: 0
    max: 10
    ranges: [{up_to: 5, score: 40, because: small}, {up_to: 10, score: 60, because: big}]
  - id: sizes
    text: How many sizes are there?
    help: Sizes.
    type: number
    min: 0
    max: 10
    ranges: [{up_to: 5, score: 40, because: few}, {up_to: 10, score: 60, because: many}]
calculations:
  - {id: double, text: Twice the sizes, value: b.sizes * 2}
"""


def test_l014_a_calculation_reads_the_questions_it_names(tmp_path: Path) -> None:
    base, _answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(b.read_text() + SIZES)
    policy = base / "policy.yaml"
    policy.write_text(policy.read_text().replace("{question: a.cost, gte: 60}", CALC_NEAR))
    # b.sizes is read through b.double; b.size only looks alike (its name is part of b.sizes)
    assert [(f.code, f.message) for f in lint_tree(base).findings] == [
        ("L014", _affects_nothing("b.size"))
    ]


CALC_NEAR = "{calc: 'a.cost + b.double >= 60'}"


def test_l014_not_for_a_policy_without_a_strategy_stage(tmp_path: Path) -> None:
    # the provider sets of `outsource vet` rank by score: every scored answer counts there
    base, _answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    text = policy.read_text()
    policy.write_text("version: 1\n" + text[text.index("gates:") :])
    b = base / "b.yaml"
    b.write_text(b.read_text() + SPARE)
    assert [f.code for f in lint_tree(base).findings] == []


def _affects_nothing(qid: str) -> str:
    return (
        f"'{qid}' affects nothing the user can see: no stage, gate, rule, model, contract, "
        "mitigation, condition or calculation reads its answer"
    )


def test_a_policy_under_another_name_is_known_by_its_stages(tmp_path: Path) -> None:
    # next to the base's own policy it is a second one (R001), checked as a policy
    base, _answers = make_tree(tmp_path)
    text = (base / "policy.yaml").read_text()
    (base / "staged.yaml").write_text(text.replace("version: 1\n", ""))
    found = [(Path(f.path).name, f.code) for f in lint_tree(base).findings]
    assert found == [("staged.yaml", "R001")]
    # a policy from before the stages: told that `bands` is gone, not that an `id` is missing
    old = "bands:\n  - {outcome: keep_in_house, min: 0, max: 40}\n" + text[text.index("gates:") :]
    alone = tmp_path / "old" / "sourcing.yaml"
    alone.parent.mkdir()
    alone.write_text(old)
    found = [(f.line, f.code, f.message) for f in lint_tree(alone).findings]
    assert found == [(1, "S002", "unknown field 'bands'")]


def test_shipped_question_sets_and_examples_are_clean_under_strict() -> None:
    result = runner.invoke(
        app, ["lint", str(ROOT / "questionnaires"), str(ROOT / "examples"), "--strict"]
    )
    assert result.exit_code == 0, result.stdout
    vetting = len(list((ROOT / "examples" / "vetting").rglob("*.yaml")))  # provider files
    # 7 sets, 7 answers files; 7 provider sets (and their policy); the vetting examples
    assert result.stdout.startswith(f"All checks passed: {14 + 7 + vetting} files")


# ---------------------------------------------------------------- the command


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_output_and_exit_1(tmp_path: Path) -> None:
    base, _answers = make_tree(tmp_path, CASES[[c.code for c in CASES].index("S002")])
    code, out, _ = cli(str(base))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{base}/b.yaml:7:5: S002 unknown field 'hepl' (did you mean 'help'?)"
    assert lines[-1] == "Found 1 error in 3 files."


def test_all_findings_in_a_file_are_reported(tmp_path: Path) -> None:
    base, _answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text()
        .replace("text: Is it ok?", "text: It is ok")
        .replace("    help: Ok is good.\n", "")
    )
    code, out, _ = cli(str(base))
    assert [line.split(": ")[1].split()[0] for line in out.splitlines()[:-1]] == ["C001", "C002"]
    assert code == 0 and "Warnings do not fail the run without --strict." in out
    assert cli(str(base), "--strict")[0] == 1


def test_json_format(tmp_path: Path) -> None:
    base, _ = make_tree(tmp_path, CASES[[c.code for c in CASES].index("L002")])
    code, out, _ = cli(str(base), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["summary"] == {"errors": 0, "warnings": 1, "suppressed": 0, "failed": False}
    (f,) = data["findings"]
    assert (f["code"], f["rule"], f["severity"], f["line"], f["col"]) == (
        "L002",
        "cannot-move-score",
        "warning",
        9,
        5,
    )


def test_github_format_escapes(tmp_path: Path) -> None:
    base, _ = make_tree(tmp_path, CASES[[c.code for c in CASES].index("S002")])
    code, out, _ = cli(str(base), "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert first == (
        f"::error file={base}/b.yaml,line=7,col=5,title=S002 unknown-field::"
        "unknown field 'hepl' (did you mean 'help'?)"
    )
    from outsource_cli.lint.formats import _escape_data, _escape_property

    assert _escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert _escape_data("50%\r\n") == "50%25%0D%0A"


def test_sarif_structure_and_second_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _base, _ = make_tree(tmp_path, CASES[[c.code for c in CASES].index("R011")])
    monkeypatch.chdir(tmp_path)
    sarif_file, json_file = tmp_path / "lint.sarif", tmp_path / "lint.json"
    code, out, _ = cli("base", "--sarif-output", str(sarif_file), "--json-output", str(json_file))
    assert code == 1 and "R011" in out  # text on stdout, the others in files
    sarif = json.loads(sarif_file.read_text())
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES)
    (result,) = run["results"]
    assert result["ruleId"] == "R011" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "R011"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "base/policy.yaml"
    assert loc["region"] == {"startLine": 25, "startColumn": 38}
    assert json.loads(json_file.read_text())["findings"][0]["code"] == "R011"


def test_suppression_with_reason(tmp_path: Path) -> None:
    base, _ = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text().replace(
            "text: Is it ok?",
            "text: It is ok  # outsource-lint: disable=C002 -- a statement on purpose",
        )
    )
    code, out, _ = cli(str(base), "--strict", "--format", "json")
    assert code == 0
    (f,) = json.loads(out)["findings"]
    assert (f["code"], f["suppressed"], f["justification"]) == (
        "C002",
        True,
        "a statement on purpose",
    )
    code, out, _ = cli(str(base), "--strict")
    assert code == 0 and out == "All checks passed: 3 files, no findings (1 suppressed).\n"
    sarif = json.loads(cli(str(base), "--format", "sarif")[1])
    assert sarif["runs"][0]["results"][0]["suppressions"] == [
        {"kind": "inSource", "justification": "a statement on purpose"}
    ]


def test_pyproject_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base, _answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text()
        .replace("    help: Ok is good.\n", "")
        .replace("text: Is it ok?", "text: It is ok")
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.outsource-lint]\nignore = ["C001"]\n')
    code, out, _ = cli("base", "--strict")
    assert code == 1 and "C002" in out and "C001" not in out
    (tmp_path / "pyproject.toml").write_text('[tool.outsource-lint]\nselect = ["S", "R"]\n')
    assert cli("base", "--strict")[0] == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.outsource-lint.per-file-ignores]\n"base/b.yaml" = ["C"]\n'
    )
    assert cli("base", "--strict")[0] == 0
    assert cli("base", "--strict", "--no-config")[0] == 1
    (tmp_path / "pyproject.toml").write_text('[tool.outsource-lint]\nignore = ["Z9"]\n')
    code, _, err = cli("base")
    assert code == 2 and "no rule code starts with 'Z9'" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = cli(str(tmp_path / "missing"))
    assert code == 2 and "no such file or folder" in err
    assert cli("--format", "xml")[0] == 2


def test_internal_error_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    import outsource_cli.lint.runner

    def boom(*a: object, **k: object) -> None:
        raise ValueError("bad")

    monkeypatch.setattr(outsource_cli.lint.runner, "lint_paths", boom)
    code, _, err = cli()
    assert code == 3 and err.startswith("internal error: ValueError: bad. Please report it")
    code, _, err = cli("--debug")
    assert code == 3 and "Traceback" in err


def test_default_lints_the_builtin_sets() -> None:
    code, out, _ = cli("--strict")
    assert code == 0 and out.startswith("All checks passed: 14 files")  # and the provider sets


def test_every_rule_is_documented() -> None:
    doc = (ROOT / "docs" / "lint-rules.md").read_text()
    for code, rule in RULES.items():
        assert f"## {code} {rule.name}" in doc, code
        section = doc.split(f"## {code} {rule.name}")[1].split("\n## ")[0]
        assert "Fails" in section and "Passes" in section and "Fix" in section, code


def test_a_line_break_in_a_file_name_cannot_fake_a_line_of_text_output(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    shutil.copytree(ROOT / "questionnaires", folder)
    (folder / "z\nAll checks passed: 7 files, no findings.\n.yaml").write_text("id: [\n")
    code, out, _ = cli(str(folder))
    assert code == 1
    assert not any(line.startswith("All checks passed") for line in out.splitlines())
    assert "z\\nAll checks passed: 7 files, no findings.\\n.yaml:2:1: Y001" in out


def test_lints_list_of_the_business_cases_inputs_is_the_engines() -> None:
    """Lint keeps its own list of the business case's inputs (it never loads the decision
    engine): the two must not drift apart, or L014 would call an input unread."""
    from outsource_cli.decision import business_case
    from outsource_cli.lint import meaning

    assert meaning.BUSINESS_CASE == business_case.QUESTIONS
