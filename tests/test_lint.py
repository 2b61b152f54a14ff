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
from outsource_cli.lint.runner import RULES, Config, LintResult, lint_paths
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
    Case("S006", "policy.yaml", "    cap: hybrid\n", "", 6, 5),
    Case(
        "S007",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: 'a.cost >= 6 0'}",
        20,
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
        8,
        22,
    ),
    Case("R011", "policy.yaml", "equals: high}", "equals: extreme}", 8, 38),
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
        20,
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
        20,
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
        20,
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
        "L003",
        "policy.yaml",
        "{outcome: hybrid, min: 40, max: 60}\n  - {outcome: outsource, min: 60,",
        "{outcome: hybrid, min: 40, max: 95}\n  - {outcome: outsource, min: 95,",
        4,
        5,
        fixed="{outcome: hybrid, min: 40, max: 90}\n  - {outcome: outsource, min: 90,",
    ),
    Case("L004", "a.yaml", "weight: 2", "weight: 0", 17, 13),
    Case("L005", "a.yaml", "{up_to: 100, score: 90", "{up_to: 90, score: 90", 31, 17),
    Case("L006", "policy.yaml", "{outcome: hybrid, min: 40,", "{outcome: hybrid, min: 45,", 3, 28),
    Case(
        "L007",
        "policy.yaml",
        "when: {question: a.risk, equals: high}",
        "when: {all: [{question: a.risk, equals: high}, {question: a.kind, equals: bp}]}",
        8,
        5,
        fixed="when: {all: [{question: a.risk, equals: high}, {question: a.kind, equals: it}]}",
    ),
    Case("L008", "policy.yaml", "cap: hybrid", "cap: outsource", 9, 10, fixed="cap: keep_in_house"),
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
        8,
        11,
        fixed="when: {question: a.kind, equals: bp}",
    ),
    Case(
        "L011",
        "a.yaml",
        "    type: single\n    required: true",
        "    type: single\n    lever: true",
        9,
        5,
        fixed="    type: single\n    required: true\n    lever: false",
    ),
    Case(
        "L012",
        "policy.yaml",
        "mitigations:",
        "models:\n  - {id: all, title: All, because: always}\n"
        "  - {id: late, title: Late, because: never, outcomes: [hybrid]}\nmitigations:",
        23,
        5,
        fixed="models:\n  - {id: all, title: All, because: always, outcomes: [outsource]}\n"
        "  - {id: late, title: Late, because: never, outcomes: [hybrid]}\nmitigations:",
    ),
    Case(
        "L013",
        "policy.yaml",
        "when: {question: a.cost, gte: 60}",
        "when: {calc: '100 / a.cost >= 2'}",
        20,
        38,
        fixed="when: {calc: '100 / max(a.cost, 1) >= 2'}",
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
    assert codes == ["L001"]


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
        )
    ]
    # a.risk is required only when shown (a.kind = it): with a.kind = it it is answered
    assert [c for c, _ in _shown_when(tmp_path / "2", _ALL_IT_RISK_OPEN)] == ["L001"]
    # but when a.kind = bp it is hidden, so not answered: this one can hold
    assert _shown_when(tmp_path / "3", "{question: a.risk, answered: false}") == []


_ALL_IT_RISK_OPEN = "{all: [{question: a.kind, equals: it}, {question: a.risk, answered: false}]}"


def test_an_unreachable_band_can_still_be_an_outcome_through_a_gate(tmp_path: Path) -> None:
    base, answers = make_tree(tmp_path)
    policy = base / "policy.yaml"
    policy.write_text(
        policy.read_text()
        .replace(
            "max: 60}\n  - {outcome: outsource, min: 60,",
            "max: 95}\n  - {outcome: outsource, min: 95,",
        )
        .replace("    cap: hybrid\n", "    force: outsource\n")
    )
    findings = lint_tree(base, answers).findings
    messages = [f.message for f in findings if f.code == "L003"]
    assert messages == [
        "band outsource (95-100) cannot be reached: scores range from 5.0 to 90.0; "
        "it is still reached through gate risky"
    ]


def test_required_questions_bound_the_score(tmp_path: Path) -> None:
    # b.ok is required: a score of 5 needs ok=no, and b then always counts; a can lift
    # the mean but never above (90*2 ... ) -> keep_in_house stays reachable, outsource too.
    base, answers = make_tree(tmp_path)
    b = base / "b.yaml"
    b.write_text(
        b.read_text().replace("    type: yes_no\n", "    type: yes_no\n    required: true\n")
    )
    assert lint_tree(base, answers).findings == ()


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
    assert loc["region"] == {"startLine": 8, "startColumn": 38}
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
