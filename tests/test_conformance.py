"""The framework conformance suite: for each cell of four sourcing frameworks, an archetype
answers file written from the framework's own description of the cell (not from the
engine's output), the framework's prescription, and the engine's result. Where the tool
departs from a framework on purpose, the cell says why (`departs` in cells.yaml), and the
test holds the tool to that documented result. docs/validation.md shows the table."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from outsource_cli.decision.engine import Decision, decide
from outsource_cli.output.report import CONTRACT, OUTCOME
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import ROOT

SUITE = ROOT / "tests" / "data" / "conformance"
CELLS: list[dict[str, Any]] = yaml.safe_load((SUITE / "cells.yaml").read_text())


def result(catalog: Catalog, cell: dict[str, Any]) -> Decision:
    sheet = load_answers(SUITE / cell["file"], catalog)
    return decide(catalog, sheet.all_answers, sheet.function)


def test_every_cell_of_every_framework_has_an_archetype() -> None:
    files = sorted(p.name for p in SUITE.glob("*.yaml") if p.name != "cells.yaml")
    assert sorted(c["file"] for c in CELLS) == files
    frameworks = {c["framework"] for c in CELLS}
    assert len(frameworks) == 4 and all(
        sum(c["framework"] == f for c in CELLS) == 4 for f in frameworks
    )


@pytest.mark.parametrize("cell", CELLS, ids=[c["file"][:-5] for c in CELLS])
def test_the_engine_agrees_with_the_framework(catalog: Catalog, cell: dict[str, Any]) -> None:
    d = result(catalog, cell)
    assert not d.provisional and d.unanswered == ()  # every archetype is fully answered
    if cell.get("departs"):  # a documented, deliberate departure: the tool's own result
        assert len(cell["departs"]) > 80
        assert d.outcome == cell["tool_outcome"], cell["departs"]
    else:
        assert d.outcome in cell["outcomes"], (cell["prescription"], d.outcome, d.score)
    if cell.get("contract"):
        assert d.contract is not None and d.contract.type == cell["contract"]


def row(catalog: Catalog, cell: dict[str, Any]) -> str:
    d = result(catalog, cell)
    tool = OUTCOME[d.outcome]
    if d.model is not None and d.model.title != tool:
        tool += f" · {d.model.title}"
    if cell.get("contract") and d.contract is not None:
        tool += f" · {CONTRACT[d.contract.type]}"
    agrees = "departs (see below)" if cell.get("departs") else "agrees"
    return (
        f"| {cell['framework']} | {cell['cell']} | {cell['prescription']} | {tool} | "
        f"{d.score:g} | {d.robustness:.0%} | {agrees} |"
    )


def test_docs_validation_shows_the_real_results(catalog: Catalog) -> None:
    doc = (ROOT / "docs" / "validation.md").read_text()
    missing = [r for r in (row(catalog, c) for c in CELLS) if r not in doc]
    assert not missing, "\n".join(missing)
    for cell in CELLS:
        if cell.get("departs"):
            assert cell["departs"].split(".")[0] in doc
