"""Reports (Markdown, HTML), what-if, counterfactuals in the outputs, and the portfolio."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output.assumptions import hidden_cost
from outsource_cli.output.board import html as html_report
from outsource_cli.output.board import markdown
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
PAYROLL = str(EXAMPLES / "payroll-manufacturer.yaml")
HOSTILE = '<script>alert(1)</script> \x1b[31m[bold]red[/bold]\x1b[0m | *x* & "q"'


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def hostile_dir(qdir: Path) -> Path:
    """A question set whose texts try to inject HTML, ANSI escapes and rich markup."""
    core = qdir / "core.yaml"
    text = core.read_text()
    text = text.replace("title: Core competency", f"title: {json.dumps(HOSTILE)}")
    text = text.replace(
        "because: the function is a commodity that specialists provide at scale",
        f"because: {json.dumps(HOSTILE)}",
    )
    text = text.replace(
        'label: "No: it is a commodity every firm needs"', f"label: {json.dumps(HOSTILE)}"
    )
    core.write_text(text)
    return qdir


def build(catalog: Catalog, name: str = PAYROLL) -> tuple[object, ...]:
    sheet = load_answers(Path(name), catalog)
    decision = decide(catalog, sheet.answers, sheet.function)
    return decision, find_counterfactuals(catalog, sheet.answers)


def test_markdown_report_has_every_section(catalog: Catalog) -> None:
    decision, cf = build(catalog)
    text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    summary, appendices = text.split("\n# Appendices\n")
    for part in (  # the executive summary: the decision on one page
        "# Sourcing recommendation: Payroll at a mid-size manufacturer",
        "Prepared 2026-11-28",
        "## Executive summary",
        "**Recommendation: Outsource · BPO · nearshore · Total outsourcing**",
        "### Why: the three stages",
        "| Economics: does it pay? | The saving is thin: a net saving of 2.8 %",
        "- **Location:** nearshore, because the data must stay in your region",
        "- **Contract:** Fee-for-service; under five years",
        "### The money",
        "(7 inputs assumed: see the business case): NPV +131 thousand",
        "(net saving +2.8 % against a 20 % headline saving); pays back in year 3",
        "Largest hidden cost: exit or switching, 327 thousand.",
        "### First steps",
        "- Vet providers before you shortlist them",
        "**Appendices:** Business case; What would change this; Plan;",
    ):
        assert part in summary, part
    for part in (  # everything behind it
        "## Business case",
        "| 1 | 1,100.0 | 932.8 | +167.2 | 1,100.0 | 1,284.8 |",
        "## Scores, gates and reasons",
        "| Core competency | ███████████████░░░░░ | 74.6 | 1.5 | 10/10 |",
        "### Gates",
        "### Sourcing model and contract",
        "## What would change this",
        "If the answer to “How many capable providers are there for this work?” were “One or none”",
        "### Partner vetting checklist",
        "### Exit and contingency plan",
        "  - [ ] ",
        "## Answers given",
        "| Control and risk | What is the most sensitive data the function handles? "
        "| Personal data of staff or customers |",
    ):
        assert part in appendices, part


def test_html_report_is_self_contained(catalog: Catalog) -> None:
    decision, cf = build(catalog)
    page = html_report(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and 'class="bar"' in page and page.count('class="bar"') == 5
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)  # no external assets
    assert "<script" not in page.lower()
    # each table's header in <thead>: printed over two pages, it is repeated on the second
    assert page.count("<table") == page.count("<thead><tr><th") > 3
    for part in (
        'id="recommendation"',
        'id="counterfactuals"',
        'id="plan"',
        'id="answers"',
        "Partner vetting checklist",
        "Exit and contingency plan",
    ):
        assert part in page


def test_hostile_text_is_escaped_in_reports(hostile_dir: Path) -> None:
    catalog = load_catalog(hostile_dir)
    decision, cf = build(catalog)
    page = html_report(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "[bold]red[/bold]" in page
    assert "&amp;" in page and "&quot;q&quot;" in page
    text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\x1b" not in text and "\\[bold\\]red\\[/bold\\]" in text
    assert "\\| \\*x\\*" in text  # a table cell cannot be broken out of


def test_report_files_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout, err = run(
        "assess", "--answers", PAYROLL, "--format", "html", "--output", str(out)
    )
    assert code == 0 and stdout == "" and f"wrote {out}" in err
    assert "<svg" in out.read_text()
    code, _, err = run("assess", "--answers", PAYROLL, "--format", "html", "--output", str(out))
    assert code == 2 and "already exists; pass --force" in err
    assert (
        run("assess", "--answers", PAYROLL, "--format", "markdown", "-o", str(out), "--force")[0]
        == 0
    )
    assert out.read_text().startswith("# Sourcing recommendation")
    code, stdout, _ = run("assess", "--answers", PAYROLL, "--format", "markdown")
    assert code == 0 and stdout.startswith("# Sourcing recommendation")
    text_file = tmp_path / "out.txt"
    assert run("assess", "--answers", PAYROLL, "--output", str(text_file))[0] == 0
    assert (
        "OUTSOURCE  ·  BPO  ·  nearshore" in text_file.read_text()
        and "\x1b" not in text_file.read_text()
    )


def test_what_if_answers_and_weights() -> None:
    code, out, _ = run(
        "assess",
        "--answers",
        PAYROLL,
        "--format",
        "json",
        "--set",
        "control.data_sensitivity=internal",
        "--weight",
        "cost=2",
    )
    assert code == 0
    data = json.loads(out)
    assert data["what_if"] == {
        "answers": [
            {"question": "control.data_sensitivity", "value": "internal", "was": "personal"}
        ],
        "weights": [{"set": "cost", "weight": 2.0, "was": 1.0}],
    }
    assert data["answers"]["control.data_sensitivity"] == "internal"
    assert data["location"] == "offshore"  # residency is no longer asked
    assert next(d for d in data["dimensions"] if d["id"] == "cost")["weight"] == 2.0
    code, out, _ = run("assess", "--answers", PAYROLL, "--set", "control.regulation=prohibited")
    assert code == 0 and "KEEP IN-HOUSE" in out and "What-if, not the answers as given" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "control.sensitivity=internal"],
            "unknown question 'control.sensitivity' (did you mean 'control.data_sensitivity'?)",
        ),
        (["--set", "control.data_sensitivity=secret"], "'secret' is not one of"),
        (["--set", "control.data_sensitivity"], "expected set.question=value"),
        (["--weight", "cots=2"], "unknown question set 'cots' (did you mean 'cost'?)"),
        (["--weight", "cost=heavy"], "'heavy' is not a number"),
        (["--weight", "cost=-1"], "a weight is a number from 0 to 1000"),
        (["--weight", "cost=1_000"], "'1_000' is not a number"),
        (["--weight", "cost=\uff12"], "is not a number"),  # a full-width digit
        (["--weight", "cost=nan"], "'nan' is not a number"),
    ],
)
def test_what_if_errors(args: list[str], message: str) -> None:
    code, _, err = run("assess", "--answers", PAYROLL, *args)
    assert code == 2 and message in err


def test_counterfactuals_in_json_and_text() -> None:
    code, out, _ = run("assess", "--answers", PAYROLL, "--format", "json")
    cf = json.loads(out)["counterfactuals"]
    assert {"singles", "pairs", "weights", "pairs_complete"} <= set(cf)
    assert cf["pairs"] == []  # pairs are searched with --pairs and in reports
    first = cf["singles"][0]
    assert first["changes"][0]["question"] and first["outcome"] != "outsource"
    code, out, _ = run("assess", "--answers", PAYROLL, "--format", "json", "--pairs")
    assert code == 0 and json.loads(out)["counterfactuals"]["pairs_complete"] is True
    code, out, _ = run("assess", "--answers", PAYROLL, "--detail", "full")
    assert code == 0 and "What would change this" in out and "If the answer to" in out
    code, out, _ = run("assess", "--answers", PAYROLL)  # the short answer: the first two
    assert code == 0 and "What would have to be different" in out
    assert " ".join(out.split()).count("• Hybrid if “") == 2


def test_compare_ranks_the_examples() -> None:
    code, out, _ = run("compare", str(EXAMPLES), "--format", "json")
    assert code == 0
    rows = json.loads(out)["functions"]
    # by outcome (the furthest out first), then by the balance of the answers
    assert [(r["function"], r["outcome"]) for r in rows] == [
        ("Level-1 IT service desk", "outsource"),
        ("Payroll at a mid-size manufacturer", "outsource"),
        ("Customer analytics at a national retailer", "keep_in_house"),
        ("Trading platform at an investment bank", "keep_in_house"),
    ]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["score"] > rows[1]["score"] and rows[2]["score"] > rows[3]["score"]
    assert all(r["recommended"] and r["ready"] for r in rows)
    # the top reason is the strategy stage's cell, with its framework
    assert (
        rows[0]["top_reason"] == "useful commodity (Lacity, Willcocks and Feeny's business matrix)"
    )
    code, out, _ = run("compare", str(EXAMPLES))
    assert code == 0 and "Functions ranked by outcome (then by the balance of the answers)" in out


def test_compare_formats_and_concentration(tmp_path: Path) -> None:
    for i in range(3):  # three look-alike payroll functions: all outsourced to the same market
        text = (
            Path(PAYROLL).read_text().replace("Payroll at a mid-size manufacturer", f"=Payroll {i}")
        )
        (tmp_path / f"p{i}.yaml").write_text(text)
    code, out, _ = run("compare", str(tmp_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["function"] for r in rows] == [
        "'=Payroll 0",
        "'=Payroll 1",
        "'=Payroll 2",
    ]  # no formula injection
    code, out, _ = run("compare", str(tmp_path), "--format", "json")
    flags = json.loads(out)["concentration_risks"]
    assert len(flags) == 2 and flags[0].startswith("3 functions would be fully outsourced")
    assert "BPO providers nearshore" in flags[1]
    code, out, _ = run("compare", str(tmp_path), "--format", "markdown")
    assert code == 0 and out.startswith("# Sourcing portfolio") and "## Concentration risk" in out


def test_compare_errors(tmp_path: Path) -> None:
    code, _, err = run("compare", str(tmp_path))
    assert code == 2 and "no answers files found" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers: {nope: {}}\n")
    code, _, err = run("compare", str(bad), PAYROLL)
    assert code == 2 and f"{bad}:1:11: A001 unknown question set 'nope'" in err


def test_readme_mentions_reports() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "--format html" in readme and "outsource compare" in readme


def test_every_term_is_explained_once_in_both_reports(catalog: Catalog) -> None:
    decision, cf = build(catalog)
    text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    page = html_report(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert text.count("## Terms used") == 1 and page.count('id="terms"') == 1
    for term in (
        "Balance of the answers",
        "Stages",
        "Strategy verdicts",
        "Headline saving",
        "Net saving",
        "Points",
        "Gate",
        "Provisional",
        "Robustness",
        "Form",
        "Location",
    ):
        assert text.count(f"- **{term}**: ") == 1, term
        assert page.count(f"<dt>{term}</dt>") == 1, term
    # the economics thresholds are the policy's
    assert "At 5 % or more outsourcing pays; from 0 % the saving is thin" in text
    assert "below -15 % it costs far more" in text
    assert "Band" not in text and " band" not in text  # no bands any more


def test_the_glossary_follows_the_policy_in_use(qdir: Path) -> None:
    policy = qdir / "policy.yaml"
    text = policy.read_text()
    assert "  pays_at: 5\n" in text and "  heavy_loss_below: -15\n" in text
    policy.write_text(
        text.replace("  pays_at: 5\n", "  pays_at: 7.5\n").replace(
            "  heavy_loss_below: -15\n", "  heavy_loss_below: -20\n"
        )
    )
    catalog = load_catalog(qdir)
    decision, cf = build(catalog)
    page = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert "At 7.5 % or more outsourcing pays" in page and "below -20 % it costs far" in page


def test_the_plan_says_which_answer_called_for_a_step(catalog: Catalog) -> None:
    decision, cf = build(catalog)
    text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    page = html_report(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    assert ") — called for by: What is the most sensitive data the function handles?" in text
    assert ")— called" not in text
    assert ") — called for by: What is the most sensitive data" in page


def test_the_answers_table_gives_every_answers_points(catalog: Catalog) -> None:
    decision, cf = build(catalog)
    text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    table = text.split("## Answers given")[1].split("\n\n")[1].splitlines()[2:]
    cells = [row.strip("|").split(" | ")[-1].strip() for row in table]
    scored = [float(c) for c in cells if c != "-"]
    assert len(scored) == len(decision.contributions)  # type: ignore[attr-defined]
    # rounded to one decimal each: they add up to score - 50 within the rounding
    assert abs(sum(scored) - (decision.score - 50)) <= 0.05 * len(scored)  # type: ignore[attr-defined]
    assert cells[0] == "-"  # the profile is not scored


ALL_ZERO = [f"--weight={s}=0" for s in ("core", "control", "cost", "culture", "skills", "profile")]


def test_every_set_weighing_zero_still_recommends_and_says_why() -> None:
    """Set weights weigh the balance of the answers, never the outcome: with every set at 0
    the stages still decide, and the balance says there is none."""
    code, out, _ = run("assess", "--answers", PAYROLL, *ALL_ZERO, "--detail", "full")
    assert code == 0
    flat = " ".join(out.split())
    assert "Recommendation: Outsource · BPO · nearshore" in flat
    assert "No balance (every question set weighs 0)." in flat
    assert "37 of 37 scored questions answered" in flat
    body = flat.split("Terms used")[0]  # the glossary defines the balance, whatever it is
    assert (
        "0 % of the weighted" not in body
        and "0% of the weighted" not in body
        and "Balance of the answers" not in body
    )
    code, out, _ = run("assess", "--answers", PAYROLL, *ALL_ZERO)  # the short answer
    flat = " ".join(out.split())
    assert "OUTSOURCE · BPO · nearshore" in flat and "every question answered" in flat
    assert "0 % of the" not in flat and "0% of the" not in flat
    code, out, _ = run("assess", "--answers", PAYROLL, *ALL_ZERO, "--format", "json")
    zero = json.loads(out)
    code, out, _ = run("assess", "--answers", PAYROLL, "--format", "json")
    given = json.loads(out)
    assert zero["recommended"] is given["recommended"] is True
    for key in ("outcome", "form", "location", "model", "contract", "stages", "conditions"):
        assert zero[key] == given[key], key
    assert zero["completeness"] == 0 and given["completeness"] == 1


def test_a_forcing_gate_recommends_even_with_nothing_scored() -> None:
    code, out, _ = run(
        "assess", "--answers", PAYROLL, *ALL_ZERO, "--set", "control.regulation=prohibited"
    )
    assert code == 0 and "KEEP IN-HOUSE" in out and "NO RECOMMENDATION" not in out
    assert "Ruled out: Outsourcing is prohibited" in " ".join(out.split())


# every text a question set or the policy shows a reader (ids, values, conditions are not)
TEXT_KEYS = frozenset(
    {
        "text",
        "help",
        "label",
        "because",
        "title",
        "description",
        "keep",
        "buy",
        "actions",
        "framework",  # a strategy cell's framework and cell, in the Why and compare's reason
        "cell",
        "step",  # a readiness step, under "Before you sign"
    }
)
PAYLOAD = " <img src=x onerror=alert(1)><!-- *x* `y` & [z](javascript:x) | #"


def hostile_texts(folder: Path) -> None:
    """Every reader-facing text of the question sets and policy in ``folder`` ends in HTML
    (an image with a script, an open comment) and Markdown markup (each text kept distinct)."""
    import yaml

    def walk(node: object, key: str | None = None) -> object:
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key in TEXT_KEYS:
            return node + PAYLOAD
        return node

    for path in folder.glob("*.yaml"):
        path.write_text(yaml.safe_dump(walk(yaml.safe_load(path.read_text())), sort_keys=False))


def rendered_html(markdown_text: str) -> str:
    """What a Markdown viewer makes of ``markdown_text`` (CommonMark, raw HTML allowed)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(markdown_text)


def test_no_markdown_output_lets_a_policy_text_through_as_html(qdir: Path) -> None:
    """Every Markdown the tool writes (each example's report, the panel, the portfolio), from
    question sets and a policy whose every text carries HTML: no element and no comment of it
    reaches the rendered page, and the text itself is still there."""
    hostile_texts(qdir)
    catalog = load_catalog(qdir)
    model_title = next(m.title for m in catalog.policy.models)
    assert model_title.endswith(PAYLOAD)  # the texts really are hostile
    outputs = []
    for example in sorted(EXAMPLES.glob("*.yaml")):
        for what_if in ([], ["--set", "core.differentiation=differentiator", "--weight", "cost=2"]):
            code, out, err = run(
                "assess",
                "-a",
                str(example),
                "--questionnaires",
                str(qdir),
                "-f",
                "markdown",
                *what_if,
            )
            assert code == 0, err
            outputs.append(out)
    code, out, err = run(
        "panel", str(EXAMPLES / "panel"), "--questionnaires", str(qdir), "-f", "markdown"
    )
    assert code == 0, err
    outputs.append(out)
    code, out, err = run("compare", str(EXAMPLES), "--questionnaires", str(qdir), "-f", "markdown")
    assert code == 0, err
    outputs.append(out)
    for text in outputs:
        page = rendered_html(text)
        for raw in ("<img", "<!--", 'href="javascript'):
            assert raw not in page, (raw, [line for line in text.splitlines() if "<img" in line])
        assert "&lt;img src=x onerror=alert(1)&gt;&lt;!--" in page


def test_markdown_carries_no_raw_html_chart() -> None:
    """Issue 24, item 4: GitHub, Confluence and e-mail drop or garble an inline <svg>; the
    Markdown report says it in tables (the HTML report keeps its charts)."""
    from typer.testing import CliRunner

    from outsource_cli.cli import app
    from tests.conftest import EXAMPLES

    for name in ("payroll-manufacturer.yaml", "service-desk-l1.yaml"):
        args = ["assess", "--answers", str(EXAMPLES / name)]
        md = CliRunner().invoke(app, [*args, "--format", "markdown"]).stdout
        html = CliRunner().invoke(app, [*args, "--format", "html"]).stdout
        assert "## Business case" in md and "<svg" not in md
        assert "<svg" in html


# ---------------------------------------------------------------- one document, three formats


def _three(decision: object, catalog: Catalog, cf: object) -> dict[str, str]:
    """The board paper as Markdown, HTML and the terminal's --detail full, each reduced to its
    words (markup and escapes undone, whitespace collapsed)."""
    import html as html_lib

    from rich.console import Console

    from outsource_cli.output.terminal import decision_renderable

    md_text = markdown(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    page = html_report(decision, catalog, cf, WhatIf(), "2026-11-28")  # type: ignore[arg-type]
    console = Console(width=2000, color_system=None, highlight=False)
    with console.capture() as captured:
        console.print(decision_renderable(decision, catalog, cf, None, "full"))  # type: ignore[arg-type]
    body = page.split("<body>", 1)[1]
    words = {
        "markdown": re.sub(r"\\(.)", r"\1", md_text.replace("**", "")).replace("&amp;", "&"),
        "html": html_lib.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body)),
        "terminal": captured.get().replace("│", " "),
    }
    return {k: " ".join(v.split()) for k, v in words.items()}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("currency", [None, "EUR"])
def test_the_three_formats_carry_the_same_decision(
    catalog: Catalog, name: str, currency: str | None
) -> None:
    """Issue 24, item 5: one document model feeds Markdown, HTML and the terminal's full view;
    each carries the same recommendation, the same figures (NPV, net saving, payback,
    break-even, the largest hidden cost) and the same reasons (the three stages' verdicts)."""
    from outsource_cli.output import amounts, business
    from outsource_cli.output.report import headline
    from outsource_cli.output.stages import stage_line

    sheet = load_answers(EXAMPLES / name, catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)._replace(currency=currency)
    cf = find_counterfactuals(catalog, sheet.all_answers, pairs=True)
    case = d.business_case
    assert case is not None
    edges = business.thresholds(catalog.policy)
    expected = [
        f"Recommendation: {headline(d)}",
        business.npv_words(case, currency),
        f"NPV {amounts.money(case.npv, currency, sign=True)}",
        (
            f"net saving +{amounts.pct_beside(case.net_saving, edges)}"
            if case.net_saving >= 0
            else f"a net loss of {amounts.pct_beside(case.net_saving, edges).lstrip('-')}"
        ),
        f"pays back in year {case.payback_year}"
        if case.payback_year is not None
        else "does not pay back",
        f"break-even saving {amounts.pct_beside(case.break_even_saving, (case.saving,))}"
        if case.break_even_saving is not None
        else "",
        f"{hidden_cost(case.hidden_costs[0])}, "
        f"{amounts.money(case.hidden_costs[0].amount, currency)}",
        *(
            " ".join(stage_line(d, s, catalog, business.npv_words(case, currency)).split())
            for s in d.stages
        ),
    ]
    for fmt, text in _three(d, catalog, cf).items():
        for part in filter(None, expected):
            assert part in text, (fmt, part)
        assert ("EUR" in text) is (currency is not None), fmt


def test_every_money_cell_carries_the_currency(catalog: Catalog) -> None:
    """Issue 24: each figure of the year-by-year table says its currency; with none given, the
    table is in thousands as entered (and says so)."""
    sheet = load_answers(Path(PAYROLL), catalog)
    d = decide(catalog, sheet.all_answers, sheet.function)
    for currency, row in (
        (None, "| 1 | 1,100.0 | 932.8 | +167.2 | 1,100.0 | 1,284.8 |"),
        ("EUR", "| 1 | EUR 1,100.0k | EUR 932.8k | EUR +167.2k | EUR 1,100.0k | EUR 1,284.8k |"),
        ("EUR", "| signing | – | EUR 352.0k | EUR -352.0k | – | EUR 352.0k |"),  # nil: a dash
    ):
        text = markdown(d._replace(currency=currency), catalog, None, WhatIf(), "")
        assert row in text, currency
    words = _three(d._replace(currency="EUR"), catalog, None)
    assert "1 EUR 1,100.0k EUR 932.8k EUR +167.2k" in words["terminal"]
    assert "1 EUR 1,100.0k EUR 932.8k EUR +167.2k" in words["html"]


def test_the_sections_are_the_same_in_every_format(catalog: Catalog) -> None:
    """The executive summary first, then the same appendices, in the same order."""
    from outsource_cli.output.board import document

    decision, cf = build(catalog)
    doc = document(decision, catalog, cf, WhatIf(), "")  # type: ignore[arg-type]
    titles = [s.title for s in doc.sections()]
    assert titles[0] == "Executive summary" and titles[-1] == "Terms used"
    words = _three(decision, catalog, cf)
    for fmt, text in words.items():
        at = 0
        for title in titles:  # each after the one before (the summary lists them once)
            at = text.find(f" {title} ", at + 1)
            assert at > 0, (fmt, title)
        assert text.count("Executive summary") == 1
