"""The JSON Schemas from `outsource schema` accept the shipped files and reject broken ones,
so editors (yaml-language-server) and other tools can rely on them."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.questionnaire.catalog import builtin_directory


def schema(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.mark.parametrize(
    "path", sorted(p.name for p in builtin_directory().glob("*.yaml") if p.name != "policy.yaml")
)
def test_builtin_sets_match_the_schema(path: str) -> None:
    jsonschema.validate(
        yaml.safe_load((builtin_directory() / path).read_text()), schema("questionnaire")
    )


def test_policy_matches_its_schema() -> None:
    jsonschema.validate(
        yaml.safe_load((builtin_directory() / "policy.yaml").read_text()), schema("policy")
    )


@pytest.mark.parametrize(
    "broken",
    [
        {
            "id": "x",
            "title": "X",
            "questions": [{"id": "q", "text": "Q?", "type": "single", "hepl": "typo"}],
        },
        {"id": "x", "title": "X", "questions": [{"id": "q", "text": "Q?", "type": "choice"}]},
        {
            "id": "x",
            "title": "X",
            "questions": [{"id": "q", "text": "Q?", "type": "single", "when": {"questoin": "a.b"}}],
        },
        {"id": "X-1", "title": "X", "questions": [{"id": "q", "text": "Q?", "type": "single"}]},
        {"title": "X", "questions": []},
    ],
)
def test_broken_sets_fail_the_schema(broken: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema("questionnaire"))
