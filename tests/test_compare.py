"""`outsource compare` copes with a real folder: files that are not answers files are skipped
with one warning each (or fail with --strict), decision JSON is accepted, one bad file never
hides the ranking of the others; the ranking reads well at 60, 80 and 120 columns."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision import portfolio
from outsource_cli.decision.engine import decide
from outsource_cli.output.portfolio import top_reason
from outsource_cli.output.terminal import print_portfolio
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES

runner = CliRunner()
NAMES = [
    "Level-1 IT service desk",
    "Payroll at a mid-size manufacturer",
    "Customer analytics at a national retailer",
    "Trading platform at an investment bank",
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["compare", *args])
    return result.exit_code, result.stdout, result.stderr


def folder(tmp_path: Path) -> Path:
    """The examples, a decision JSON, a CI workflow, an unfinished interview and a bad file."""
    d = tmp_path / "portfolio"
    shutil.copytree(EXAMPLES, d)
    code = runner.invoke(
        app,
        [
            "assess",
            "--answers",
            str(EXAMPLES / "service-desk-l1.yaml"),
            "--format",
            "json",
            "--function",
            "Service desk (from its decision)",
            "--output",
            str(d / "decision.json"),
        ],
    ).exit_code
    assert code == 0
    (d / "ci.yml").write_text("name: CI\non:\n  push:\n")
    (d / "unfinished.yaml").write_text(
        "version: 1\nfunction: Half done\nanswers:\n  profile:\n    work_kind: it\n"
    )
    (d / "bad.yaml").write_text("version: 1\nanswers:\n  control:\n    data_sensitivity: secret\n")
    return d


def test_one_bad_file_never_hides_the_ranking(tmp_path: Path) -> None:
    d = folder(tmp_path)
    code, out, err = run(str(d), "--format", "json")
    assert code == 2
    ranked = [r["function"] for r in json.loads(out)["functions"]]
    assert sorted(ranked) == sorted([*NAMES, "Service desk (from its decision)"])
    lines = err.splitlines()
    assert (
        lines[0] == f"warning: {d / 'ci.yml'}: skipped: not an answers file (it has no 'answers:')"
    )
    assert lines[1] == (
        f"warning: {d / 'unfinished.yaml'}: skipped: an unfinished interview (12 required "
        f"answers missing; finish it with: outsource assess --resume {d / 'unfinished.yaml'})"
    )
    assert lines[2] == "ranked 5 of 8 files; 1 could not be read:"
    assert (
        f"error: {d / 'bad.yaml'}:4:23: A002 control.data_sensitivity: 'secret' is not one of: "
        "public, internal, personal, regulated"
    ) in lines
    assert f"error: {d / 'bad.yaml'}:2:1: A003 12 required answers missing" in err
    assert len(lines) == 6  # one line per skipped file, the errors in few lines, a count
    assert "Traceback" not in err


def test_text_ranking_comes_first_then_the_errors(tmp_path: Path) -> None:
    code, out, err = run(str(folder(tmp_path)))
    assert code == 2
    assert "Functions ranked by outcome (then by the balance of the answers)" in out
    assert "Payroll at a mid-size manufacturer" in out
    assert "error:" in err and "error:" not in out


def decide_to(path: Path, *extra: str) -> None:
    """The payroll example's decision JSON, written to ``path``."""
    args = ["assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json"]
    result = runner.invoke(app, [*args, "-o", str(path), *extra])
    assert result.exit_code == 0, result.output


def test_decision_json_ranks_like_its_answers(tmp_path: Path) -> None:
    decision = tmp_path / "payroll.json"
    decide_to(decision)
    code, out, err = run(str(decision), str(EXAMPLES / "service-desk-l1.yaml"), "-f", "json")
    assert code == 0 and err == ""
    rows = {r["function"]: r for r in json.loads(out)["functions"]}
    direct = json.loads(run(str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")[1])
    assert rows["Payroll at a mid-size manufacturer"]["score"] == direct["functions"][0]["score"]
    assert rows["Payroll at a mid-size manufacturer"]["source"] == str(decision)


def test_what_if_decision_json_is_ranked_with_a_warning(tmp_path: Path) -> None:
    decision = tmp_path / "whatif.json"
    decide_to(decision, "--set", "control.data_sensitivity=internal")
    code, out, err = run(str(decision), "-f", "json")
    assert code == 0 and len(json.loads(out)["functions"]) == 1
    assert err == (
        f"warning: {decision}: a decision made with what-if changes: ranked on the answers it "
        "holds, without any --weight changes\n"
    )


def test_strict_fails_on_files_that_are_not_answers_files(tmp_path: Path) -> None:
    d = tmp_path / "d"
    shutil.copytree(EXAMPLES, d)
    (d / "ci.yml").write_text("name: CI\non:\n  push:\n")
    code, out, err = run(str(d), "-f", "json")
    assert code == 0 and len(json.loads(out)["functions"]) == 4
    assert err == f"warning: {d / 'ci.yml'}: skipped: not an answers file (it has no 'answers:')\n"
    code, out, err = run(str(d), "-f", "json", "--strict")
    assert code == 2 and len(json.loads(out)["functions"]) == 4  # still ranked
    assert f"error: {d / 'ci.yml'}: not an answers file (it has no 'answers:') (--strict)" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "not an answers file (it is empty)"),
        ("- a\n- b\n", "not an answers file (not a mapping)"),
        ("title: Notes\n", "not an answers file (it has no 'answers:')"),
    ],
)
def test_files_that_are_not_answers_files_are_skipped(
    tmp_path: Path, content: str, reason: str
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(content)
    code, out, err = run(str(other), str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")
    assert code == 0 and len(json.loads(out)["functions"]) == 1
    assert err == f"warning: {other}: skipped: {reason}\n"


def test_a_binary_file_is_skipped(tmp_path: Path) -> None:
    other = tmp_path / "blob.yaml"
    other.write_bytes(b"\x00\x01\x02")
    code, out, err = run(str(other), str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")
    assert code == 0 and len(json.loads(out)["functions"]) == 1
    assert err == f"warning: {other}: skipped: not an answers file (it is not text)\n"


def test_a_missing_file_is_an_error_after_the_ranking(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, err = run(str(missing), str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")
    assert code == 2 and len(json.loads(out)["functions"]) == 1
    assert err == (
        f"ranked 1 of 2 files; 1 could not be read:\nerror: {missing}: E001 no such file\n"
    )


def test_broken_yaml_is_an_error_not_a_skip(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("answers: [\n")
    code, out, err = run(str(broken), str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")
    assert code == 2 and len(json.loads(out)["functions"]) == 1
    assert f"error: {broken}:2:1: Y001" in err


def test_nothing_to_rank_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("name: CI\n")
    code, out, err = run(str(tmp_path))
    assert code == 2 and out == ""
    assert err.endswith(
        f"error: none of the files is an answers file: {tmp_path} "
        "(`outsource template` writes one to fill in)\n"
    )


# ---------------------------------------------------------------- widths


@pytest.fixture(scope="module")
def ranked() -> portfolio.Portfolio:
    from outsource_cli.questionnaire.catalog import load_catalog

    catalog: Catalog = load_catalog()
    entries = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        sheet = load_answers(path, catalog)
        name = sheet.function or path.stem
        if "retailer" in name:
            name = (
                "Customer analytics and market research at a national retailer of home furnishings"
            )
        entries.append((name, str(path), decide(catalog, sheet.answers, name)))
    return portfolio.rank(entries, catalog.policy.portfolio)


def render(p: portfolio.Portfolio, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    print_portfolio(p, console)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_compare_reads_well_at_any_width(ranked: portfolio.Portfolio, width: int) -> None:
    text = render(ranked, width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    words = set(re.findall(r"[\w().,+%'-]+", text))
    for row in ranked.rows:  # no name or reason cut mid-word
        for word in (*row.function.split(), *top_reason(row).split()):
            assert word in words, (width, word)
    for row in ranked.rows:
        assert f"{row.score:.1f}" in text


@pytest.mark.parametrize("width", [60, 80])
def test_narrow_compare_stacks_each_function_with_its_indent(
    ranked: portfolio.Portfolio, width: int
) -> None:
    lines = render(ranked, width).splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("3. Customer analytics"))
    block = lines[start : lines.index("", start)]
    assert len(block) >= 4  # the long name wraps
    assert all(ln.startswith("   ") for ln in block[1:])  # and keeps its indent
    assert any("KEEP IN-HOUSE" in ln for ln in block)
    assert not any("KPO" in ln or "nearshore" in ln for ln in block)  # nothing goes out
    # the business case, not the strategy (best-source), is what keeps it in-house
    reason = " ".join(ln.strip() for ln in block if "Business case:" not in ln)
    assert "Top reason: a net loss of 18.8 % after hidden costs (business case)" in reason


def test_wide_compare_is_a_table(ranked: portfolio.Portfolio) -> None:
    lines = render(ranked, 120).splitlines()
    header = next(ln for ln in lines if ln.startswith("#"))
    assert re.split(r"\s{2,}", header.strip()) == [
        "#",
        "Function",
        "Balance",
        "Outcome",
        "Form",
        "Location",
        "Robust",
        "Top reason",
        "Business case",
    ]


def test_compare_has_a_business_case_column() -> None:
    code, out, _ = run(str(EXAMPLES), "--format", "json")
    assert code == 0
    functions = json.loads(out)["functions"]
    cells = {r["function"]: r["business_case"] for r in functions}
    assert cells["Payroll at a mid-size manufacturer"] == (
        "NPV EUR +131k; payback year 3; break-even 17.5 %"
    )
    assert cells["Customer analytics at a national retailer"].startswith("NPV GBP -")
    assert cells["Customer analytics at a national retailer"].endswith(
        "payback never; break-even 26.5 %"
    )
    assert {r["function"]: r["currency"] for r in functions}["Level-1 IT service desk"] == "USD"
    code, out, _ = run(str(EXAMPLES), "--format", "csv")
    header, *rows = out.splitlines()
    assert header.endswith(",source,business_case,currency") and all("NPV " in r for r in rows)
    assert all(r.endswith((",EUR", ",GBP", ",USD")) for r in rows)  # each row its currency
    code, out, _ = run(str(EXAMPLES), "--format", "markdown")
    assert "| Top reason | Business case |" in out and "NPV EUR +131k; payback year 3" in out


def test_a_business_case_without_a_currency_still_says_thousand(tmp_path: Path) -> None:
    path = tmp_path / "payroll.yaml"
    path.write_text((EXAMPLES / "payroll-manufacturer.yaml").read_text().replace("currency:", "#"))
    code, out, _ = run(str(path), "--format", "json")
    assert code == 0
    row = json.loads(out)["functions"][0]
    assert row["business_case"].startswith("NPV +131 thousand;") and row["currency"] is None


def test_a_function_assessed_twice_is_counted_once(tmp_path: Path) -> None:
    """Its answers and its decision JSON side by side: ranked both, counted once, said so."""
    for name in ("payroll-manufacturer.yaml", "service-desk-l1.yaml"):
        (tmp_path / name).write_text((EXAMPLES / name).read_text())
    decide_to(tmp_path / "payroll.json")
    result = runner.invoke(app, ["compare", str(tmp_path), "-f", "json"])
    data = json.loads(result.stdout)
    assert len(data["functions"]) == 3
    assert not any(f.startswith("3 functions would be fully") for f in data["concentration_risks"])
    assert len(data["warnings"]) == 1 and "2 files assess" in data["warnings"][0]
    assert "2 files assess" in result.stderr


def test_a_line_break_in_a_file_name_stays_on_the_warning_line(tmp_path: Path) -> None:
    odd = tmp_path / "odd\nname.yaml"
    odd.write_bytes(b"\x00\x01")
    code, _, err = run(str(odd), str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json")
    assert code == 0
    assert err.count("\n") == 1 and "odd\\nname.yaml: skipped: not an answers file" in err


def test_a_broken_link_in_a_folder_is_named_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    shutil.copy(EXAMPLES / "payroll-manufacturer.yaml", folder / "payroll.yaml")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    code, out, err = run(str(folder), "-f", "json")
    assert code == 0 and len(json.loads(out)["functions"]) == 1
    assert "gone.yaml: skipped: a broken link" in err and "loop.yaml: skipped: a broken link" in err


def test_the_top_reason_is_what_decided_the_outcome(catalog: Catalog) -> None:
    """The strategy's cell, unless the business case holds the outcome closer in than the
    strategy goes, or a gate changed it."""
    answers = dict(load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog).all_answers)
    capped = {
        **answers,
        "profile.criticality": "critical",
        "control.exit_plan": False,
        "control.regulation": "strict",
    }
    entries = [
        ("plain", "a.yaml", decide(catalog, answers)),
        ("dear", "b.yaml", decide(catalog, {**answers, "cost.expected_savings": 10})),
        ("capped", "c.yaml", decide(catalog, capped)),
    ]
    reasons = {
        r.function: (r.outcome, top_reason(r))
        for r in portfolio.rank(entries, catalog.policy.portfolio).rows
    }
    assert reasons == {
        "plain": ("outsource", "useful commodity (Lacity, Willcocks and Feeny's business matrix)"),
        "dear": ("hybrid", reasons["dear"][1]),
        "capped": ("hybrid", "A regulated critical or important function needs an exit plan"),
    }
    assert (
        reasons["dear"][1].startswith("a net loss of ") and "(business case)" in reasons["dear"][1]
    )
