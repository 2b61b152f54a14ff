"""The JSON Schemas from `outsource schema` accept the shipped files and reject broken ones,
so editors (yaml-language-server) and other tools can rely on them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli import __version__
from outsource_cli.cli import app
from outsource_cli.questionnaire.catalog import builtin_directory
from tests.conftest import EXAMPLES, ROOT


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


# ---------------------------------------------------------------- descriptions, $id, answers


def _properties_without_description(node: Any, path: str = "") -> list[str]:
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if "description" not in prop:
                missing.append(f"{path}.{name}")
        for key, value in node.items():
            missing += _properties_without_description(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            missing += _properties_without_description(value, path)
    return missing


@pytest.mark.parametrize("kind", ["questionnaire", "policy", "answers"])
def test_every_field_has_a_description_and_the_schema_a_real_id(kind: str) -> None:
    data = schema(kind)
    assert _properties_without_description(data) == []
    assert data["$id"] == (
        f"https://raw.githubusercontent.com/outsource-cli/outsource-cli/v{__version__}"
        f"/schemas/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", ["questionnaire", "policy", "answers"])
def test_the_published_schemas_are_up_to_date(kind: str) -> None:
    """schemas/ holds what the $id points at: regenerate with
    `for k in questionnaire policy answers; do outsource schema $k > schemas/$k.schema.json; done`"""
    published = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    assert published == schema(kind)


@pytest.mark.parametrize("path", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_match_the_answers_schema(path: str) -> None:
    jsonschema.validate(yaml.safe_load((EXAMPLES / path).read_text()), schema("answers"))


def test_the_template_matches_the_answers_schema() -> None:
    template = CliRunner().invoke(app, ["template"]).stdout
    jsonschema.validate(yaml.safe_load(template), schema("answers"))


def test_answers_schema_has_the_allowed_values_of_each_question() -> None:
    data = schema("answers")
    sensitivity = data["properties"]["answers"]["properties"]["control"]["properties"][
        "data_sensitivity"
    ]
    assert sensitivity["description"].startswith("What is the most sensitive data")
    (values, uncertain, not_sure, null) = sensitivity["anyOf"]
    assert null == {"type": "null"} and not_sure["const"] == "not_sure"
    assert [c["const"] for c in values["oneOf"]] == [
        "public",
        "internal",
        "personal",
        "regulated",
    ]
    assert uncertain["properties"]["one_of"]["items"]["enum"] == [
        "public",
        "internal",
        "personal",
        "regulated",
    ]
    team_size = data["properties"]["answers"]["properties"]["profile"]["properties"]["team_size"]
    assert team_size["anyOf"][1]["properties"]["range"]["items"]["minimum"] == 0


def test_uncertain_answers_pass_the_answers_schema() -> None:
    answer = {
        "answers": {
            "cost": {"expected_savings": {"range": [10, 25]}},
            "control": {"data_sensitivity": {"one_of": ["internal", "personal"]}},
            "core": {"customer_value": {"one_of": [2, 3]}},
        }
    }
    jsonschema.validate(answer, schema("answers"))


@pytest.mark.parametrize(
    ("change", "answer"),
    [
        ("unknown set", {"answers": {"contorl": {"data_sensitivity": "personal"}}}),
        ("unknown question", {"answers": {"control": {"data_sensitivty": "personal"}}}),
        ("not an option", {"answers": {"control": {"data_sensitivity": "secret"}}}),
        ("out of range", {"answers": {"profile": {"team_size": -3}}}),
        ("scale above 5", {"answers": {"culture": {"language_fit": 6}}}),
        ("not yes or no", {"answers": {"control": {"audit_rights": "maybe"}}}),
        ("unknown top-level field", {"answers": {}, "functoin": "Payroll"}),
        ("no answers", {"function": "Payroll"}),
        ("one_of on a number", {"answers": {"profile": {"team_size": {"one_of": [3, 4]}}}}),
        ("range on a choice", {"answers": {"control": {"data_sensitivity": {"range": [1, 2]}}}}),
        ("range out of bounds", {"answers": {"cost": {"expected_savings": {"range": [10, 90]}}}}),
        ("range of three", {"answers": {"cost": {"expected_savings": {"range": [1, 2, 3]}}}}),
        ("one_of unknown", {"answers": {"control": {"data_sensitivity": {"one_of": ["x"]}}}}),
    ],
)
def test_broken_answers_fail_the_answers_schema(change: str, answer: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer, schema("answers"))


def test_answers_schema_follows_the_question_sets_in_use(qdir: Path) -> None:
    core = qdir / "core.yaml"
    core.write_text(core.read_text().replace("id: imitability", "id: ties", 1))
    policy = qdir / "policy.yaml"  # a strategy cell reads it: renamed there too
    policy.write_text(policy.read_text().replace("core.imitability", "core.ties"))
    result = CliRunner().invoke(app, ["schema", "answers", "--questionnaires", str(qdir)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    core_questions = data["properties"]["answers"]["properties"]["core"]["properties"]
    assert "ties" in core_questions and "imitability" not in core_questions
    assert data["$id"].startswith("urn:outsource-cli:answers:")
    jsonschema.Draft202012Validator.check_schema(data)


def test_answers_schema_for_a_broken_folder_exits_2(qdir: Path) -> None:
    (qdir / "core.yaml").write_text("id: [\n")
    result = CliRunner().invoke(app, ["schema", "answers", "--questionnaires", str(qdir)])
    assert result.exit_code == 2 and "core.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_schema_kind_exits_2() -> None:
    result = CliRunner().invoke(app, ["schema", "answer"])
    assert result.exit_code == 2
    assert "'answer' is not one of" in result.output and "Traceback" not in result.output


def test_a_bare_yes_to_a_text_yes_option_passes_the_schema_as_assess_takes_it() -> None:
    answer = {"answers": {"cost": {"in_house_efficiency": True}}}  # `in_house_efficiency: yes`
    jsonschema.validate(answer, schema("answers"))
    with pytest.raises(jsonschema.ValidationError):  # a boolean the options do not spell
        jsonschema.validate({"answers": {"control": {"data_sensitivity": True}}}, schema("answers"))
