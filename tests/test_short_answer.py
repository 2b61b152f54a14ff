"""The short answer (the default of `outsource assess`) is a board's answer on one screen:
headline first, at most 24 lines at 80 columns, no word cut at 60, and the board's words
(issue 24, items 6 and 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.engine import decide
from outsource_cli.output.short_answer import headline
from outsource_cli.output.stages import FORMS
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from tests.conftest import EXAMPLES

SHIPPED = sorted(EXAMPLES.glob("*.yaml"))
BOX = re.compile("[\u2500-\u257f]")  # the box's border: its length follows the width


def short(path: Path, width: int, *more: str) -> list[str]:
    """What `outsource assess --answers PATH` prints on a screen ``width`` columns wide."""
    result = CliRunner().invoke(
        app,
        ["assess", "--answers", str(path), *more],
        env={"COLUMNS": str(width), "TERM": "dumb"},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def words(lines: list[str]) -> list[str]:
    """The words in order, the box's border left out."""
    return BOX.sub(" ", "\n".join(lines)).split()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_example_fits_80_by_24_headline_first(path: Path, catalog: Catalog) -> None:
    lines = short(path, 80)
    assert len(lines) <= 24, "\n".join(lines)
    assert all(len(line) <= 80 for line in lines)
    d = decide(catalog, load_answers(path, catalog).all_answers)
    assert headline(d).plain in "\n".join(lines[:2])  # the box's top border, then the headline
    assert "--detail full" in lines[-1]  # and the last line says where the rest is


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_word_is_cut_at_60_columns(path: Path) -> None:
    """Folded at 60 columns, the answer has the same words in the same order as on a line wide
    enough for every paragraph: a word cut across two lines would be two other words."""
    narrow, wide = short(path, 60), short(path, 200)
    assert all(len(line) <= 60 for line in narrow)
    assert len(wide) < len(narrow)  # the wide one does fold less
    assert words(narrow) == words(wide)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("width", [50, 60, 70, 80])
def test_a_figure_keeps_its_unit_on_its_line(path: Path, width: int) -> None:
    for line in short(path, width):
        assert not BOX.sub("", line).strip().startswith("%"), line
    for line in short(path, width + 20, "--detail", "full"):  # the whole document too
        assert not BOX.sub("", line).strip().startswith("%"), line


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_short_answer_speaks_the_boards_words(path: Path) -> None:
    text = " ".join(short(path, 80))
    for jargon in (
        "Balance of the answers",
        "/ 100",
        "band",
        "gate",
        "points from neutral",
        "lever",
        "one-step",
        "neighbouring option",
        "Other answers",
    ):
        assert jargon not in text, jargon
    for form, spelled in FORMS.items():  # an acronym is spelled out once
        if form.upper() in text:
            assert f"{form.upper()} ({spelled})" in text


def test_the_cost_question_asks_for_the_price_against_todays_cost(catalog: Catalog) -> None:
    q = catalog.questions["cost.expected_savings"]
    assert "today's cost" in q.text and "provider's price" in q.text
    assert "baseline" not in q.text and "percentage of" not in q.text
    assert (q.unit, q.min, q.max) == ("%", -50, 80)  # the same question: only its words moved


def render(catalog: Catalog, answers: dict[str, object], width: int = 80) -> list[str]:
    import io

    from rich.console import Console

    from outsource_cli.decision.counterfactuals import find_counterfactuals
    from outsource_cli.output.terminal import short_renderable

    d = decide(catalog, answers, "Payroll")  # type: ignore[arg-type]
    cf = find_counterfactuals(catalog, answers, pairs=False)  # type: ignore[arg-type]
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    console.print(short_renderable(d, catalog, cf))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_the_gaps_to_close_before_signing_are_named_in_the_readiness_line(
    catalog: Catalog,
) -> None:
    answers = dict(load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog).all_answers)
    answers |= {"control.exit_plan": False, "control.audit_rights": False}
    lines = render(catalog, answers)
    text = " ".join(" ".join(lines).split())
    assert "OUTSOURCE ONCE READY" in lines[1]
    assert (
        "Readiness Not yet: 2 gaps to close before signing: No workable exit plan; No access "
        "and audit rights"
    ) in text
    assert len(lines) <= 24


def test_the_break_even_is_the_providers_price_against_todays_cost(catalog: Catalog) -> None:
    answers = dict(load_answers(EXAMPLES / "payroll-manufacturer.yaml", catalog).all_answers)
    text = " ".join(" ".join(render(catalog, answers)).split())
    assert (
        "Money: NPV +131 thousand over 5 years at 8 % (7 inputs assumed); pays back in year 3; "
        "breaks even at a price 17.5 % below today's cost (you expect 20 %)."
    ) in text
    answers["cost.expected_savings"] = -10  # the provider would cost more
    text = " ".join(" ".join(render(catalog, answers)).split())
    assert "(you expect 10 % above today's cost)" in text and "expect -10" not in text


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_how_firm_it_is_counts_the_changes_it_survives(path: Path, catalog: Catalog) -> None:
    """ "It survives 44 of 47 small answer changes (94 %)": a count a board reads one way
    ("holds under 94 %" read as "less than"), the same in the short answer and the summary."""
    from outsource_cli.output.board import summary
    from outsource_cli.output.markdown import _section

    d = decide(catalog, load_answers(path, catalog).all_answers)
    if not (d.recommended and d.robustness_changes):
        return
    kept = d.robustness_changes - len(d.robustness_flips)
    said = (
        f"It survives all {kept} small answer changes"
        if kept == d.robustness_changes
        else f"It survives {kept} of {d.robustness_changes} small answer changes "
        f"({round(d.robustness * 100)} %)"
    )
    assert said in " ".join(words(short(path, 200)))
    assert said in " ".join("\n".join(_section(summary(d, catalog, None, None))).split())
