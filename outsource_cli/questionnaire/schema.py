"""JSON Schemas generated from the models (``outsource schema``)."""

from __future__ import annotations

from typing import Any

from outsource_cli.questionnaire.models import Policy, QuestionSet

SCHEMA_BASE = "https://outsource-cli.invalid/schema"


def json_schema(kind: str = "questionnaire") -> dict[str, Any]:
    model = QuestionSet if kind == "questionnaire" else Policy
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_BASE}/{kind}.json"
    return schema
