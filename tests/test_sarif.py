"""SARIF output against the official SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json,
the OASIS schema as published, version 2.1.0-rtm.5), rule documentation and `lint --explain`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft4Validator, FormatChecker
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.lint.rules import RULES
from tests.conftest import ROOT
from tests.test_lint import CASES, DATA

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
runner = CliRunner()


def validate(doc: dict[str, Any]) -> list[str]:
    validator = Draft4Validator(SCHEMA, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_vendored_schema_is_the_official_one_and_checks_uris() -> None:
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": "a b#1/c.yaml"}}}
                        ],
                    }
                ],
            }
        ],
    }
    assert any("uri-reference" in e for e in validate(bad))  # the format checker is on


def _tree(root: Path, name: str) -> Path:
    """The lint test tree in a folder called ``name``, with an R011 finding in policy.yaml."""
    base = root / name
    shutil.copytree(DATA / "base", base)
    case = CASES[[c.code for c in CASES].index("R011")]
    policy = base / "policy.yaml"
    policy.write_text(policy.read_text().replace(case.old, str(case.new), 1))
    (base / "b.yaml").write_text(
        (base / "b.yaml").read_text().replace("text: Is it ok?", "text: It is ok")
    )  # and a C002 warning
    return base


@pytest.mark.parametrize("inside", [True, False], ids=["relative", "absolute"])
def test_sarif_validates_against_the_official_schema_with_awkward_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool
) -> None:
    base = _tree(tmp_path, "my sets #1, draft ü")
    monkeypatch.chdir(tmp_path if inside else ROOT)
    result = runner.invoke(app, ["lint", str(base), "--format", "sarif"])
    assert result.exit_code == 1, result.stderr
    doc = json.loads(result.stdout)
    assert validate(doc) == []
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    if inside:
        assert uris == {
            "my%20sets%20%231%2C%20draft%20%C3%BC/policy.yaml",
            "my%20sets%20%231%2C%20draft%20%C3%BC/b.yaml",
        }
    else:
        assert all(u.startswith("file:///") and "%20%231%2C%20draft%20%C3%BC/" in u for u in uris)


def test_every_rule_has_a_help_uri_and_self_contained_help(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", "--format", "sarif"])
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES)
    doc = (ROOT / "docs" / "lint-rules.md").read_text()
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^## (.+)$", doc, re.M)
    }  # GitHub's heading anchors
    for r in rules:
        base, _, anchor = r["helpUri"].partition("#")
        assert base == "https://github.com/outsource-cli/outsource-cli/blob/main/docs/lint-rules.md"
        assert anchor == f"{r['id'].lower()}-{r['name']}" and anchor in anchors
        text = r["help"]["text"]
        assert text.startswith(f"## {r['id']} {r['name']}")
        assert "Fails" in text and "Passes" in text and "Fix:" in text, r["id"]
        assert "docs/lint-rules.md" not in text  # no pointer to a file the wheel may not ship


def test_explain_prints_a_rules_documentation() -> None:
    result = runner.invoke(app, ["lint", "--explain", "s003"])
    assert result.exit_code == 0
    assert result.stdout.startswith("## S003 wrong-type\n")
    assert "Fails:" in result.stdout and "Fix:" in result.stdout
    assert result.stdout.rstrip().endswith("/docs/lint-rules.md#s003-wrong-type")
    by_name = runner.invoke(app, ["lint", "--explain", "wrong-type"])
    assert by_name.stdout == result.stdout


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("S03", "no lint rule 'S03' (did you mean 'S003'?)"),
        ("wrong-typ", "no lint rule 'wrong-typ' (did you mean 'wrong-type'?)"),
        ("Z999", "no lint rule 'Z999'; the codes are Y001-Y008, S001-S007"),
    ],
)
def test_explain_an_unknown_rule_exits_2(code: str, message: str) -> None:
    result = runner.invoke(app, ["lint", "--explain", code])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")


def test_the_rules_documentation_ships_in_the_wheel() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs/lint-rules.md"] == "outsource_cli/docs/lint-rules.md"


def test_pre_commit_hook_has_a_default_files_pattern() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(hook["files"])
    for path in (
        "questionnaires/core.yaml",
        "sourcing/questionnaires/cost.yml",
        "answers/payroll.yaml",
        "decisions/answers/payroll.json",
        "policy.yaml",
        "sourcing/policy.yml",
        "examples/payroll.answers.yaml",
    ):
        assert pattern.search(path), path
    for path in (
        ".github/workflows/ci.yml",
        "docker-compose.yml",
        "mkdocs.yml",
        "config/answers_policy.yaml",
        "policy.yaml.bak",
    ):
        assert not pattern.search(path), path


def test_yaml_boolean_keys_get_a_plain_words_message(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: CI\non:\n  push:\njobs:\n  a: 1\n")
    result = runner.invoke(app, ["lint", str(workflow)])
    assert result.exit_code == 1
    assert (
        f"{workflow}:2:1: S003 the key 'on' is read by YAML as true (yes/no, on/off and "
        'true/false are booleans in YAML 1.1), not as a name; write it in quotes ("on":)'
    ) in result.stdout
    assert "keys should be strings" not in result.stdout.lower()
