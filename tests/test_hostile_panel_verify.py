"""The hostile corpus for panel and verify (tests/data/hostile/panel-verify/README.md): each
entry gets its one clear message and exit 2, never a traceback or a result."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app

CORPUS = Path(__file__).parent / "data" / "hostile" / "panel-verify"

EXPECTED = {
    "verify-one-of-against-its-answer.json": "the record contradicts itself: record.uncertain "
    'gives {"one_of": ["prohibited"]} for control.regulation, but record.answers has "some"',
    "verify-range-against-its-answer.json": "the record contradicts itself: record.uncertain "
    'gives {"range": [80, 80]} for cost.expected_savings, but record.answers has 25',
    "verify-range-off-its-midpoint.json": 'record.uncertain gives {"range": [10, 30]} for '
    "cost.expected_savings, whose point estimate (its midpoint) is 20, but record.answers has 25",
    "panel-own-decision": "cfo-decision.json and {dir}/cfo.yaml both answer as CFO: one file "
    "per respondent",
    "panel-old-decision": "cfo.yaml and {dir}/decision.json hold the same answers to every "
    "question",
    "panel-copy": "alice.yaml and {dir}/bob.yaml hold the same answers to every question",
    "panel-confusable": "both answer as \u0421FO (one of them as '\\u0421FO', with U+0421 "
    "CYRILLIC CAPITAL LETTER ES: a look-alike): one file per respondent",
}


def test_every_entry_has_an_expectation() -> None:
    entries = sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")
    assert entries == sorted(EXPECTED)
    readme = (CORPUS / "README.md").read_text()
    assert all(f"`{name}" in readme for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_panel_or_record(name: str) -> None:
    path = CORPUS / name
    command = "verify" if name.startswith("verify-") else "panel"
    result = CliRunner().invoke(app, [command, str(path)])
    err = " ".join(result.stderr.split())
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert EXPECTED[name].replace("{dir}", str(path)) in err, err
    assert "Traceback" not in result.stderr and "internal error" not in err
