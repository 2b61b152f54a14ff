"""A decision JSON (``assess --format json``) read back: by assess, lint and compare alike."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
PAYROLL = str(EXAMPLES / "payroll-manufacturer.yaml")


def _decision(tmp_path: Path) -> Path:
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["assess", "--answers", PAYROLL, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_assess_reads_a_decision_as_the_answers_it_holds(tmp_path: Path) -> None:
    path = _decision(tmp_path)
    again = runner.invoke(app, ["assess", "--answers", str(path), "-f", "json"])
    assert again.exit_code == 0, again.output
    first, second = json.loads(path.read_text()), json.loads(again.stdout)
    assert (second["outcome"], second["score"]) == (first["outcome"], first["score"])
    assert "a decision written by outsource assess" in again.stderr


def test_lint_checks_a_decision_as_answers(tmp_path: Path) -> None:
    path = _decision(tmp_path)
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text())
    data["answers"]["cost.expected_savings"] = "lots"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 1 and "expected_savings" in result.stdout
    assert "unknown field 'outcome'" not in result.stdout


def test_detail_full_lists_the_pairs_too() -> None:
    result = runner.invoke(app, ["assess", "--answers", PAYROLL, "--detail", "full"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "If the answers to" in text  # a pair: searched without --pairs
    assert "more in --format json" not in text
