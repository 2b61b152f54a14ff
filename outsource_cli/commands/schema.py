"""``outsource schema``: JSON Schemas for editors and CI."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from outsource_cli.commands.common import (
    QuestionnairesOpt,
    QuietOpt,
    exit_codes,
    read_catalog,
    reflowed,
)

if TYPE_CHECKING:
    pass


class SchemaKind(StrEnum):
    questionnaire = "questionnaire"
    policy = "policy"
    answers = "answers"


@reflowed
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            metavar="KIND",
            help="Which file the schema is for: questionnaire (a question set), policy, or "
            "answers (for the question sets in use).",
        ),
    ] = SchemaKind.questionnaire,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the JSON Schema of question sets, policy.yaml or answers files, for editors and CI.

    Point your editor's YAML language server at it for completion and hover help. The
    answers schema is made from the question sets in use (--questionnaires), with each
    question's allowed values.

    Examples:

      outsource schema > questionnaire.schema.json
      outsource schema policy > policy.schema.json
      outsource schema answers --questionnaires my-sets/ > answers.schema.json
    """
    with exit_codes():
        from outsource_cli.questionnaire.schema import answers_schema, json_schema
        from outsource_cli.text import json_dumps

        if kind is SchemaKind.answers:
            from outsource_cli.questionnaire.catalog import builtin_directory

            catalog = read_catalog(questionnaires)
            builtin = Path(catalog.directory).resolve() == builtin_directory().resolve()
            data = answers_schema(catalog, builtin=builtin)
        else:
            data = json_schema(kind.value)
        print(json_dumps(data))
