"""``outsource questionnaires``: the question sets in use."""

from typing import TYPE_CHECKING

from outsource_cli.commands.common import (
    OutputFormat,
    QuestionnairesOpt,
    QuietOpt,
    TextJsonFormatOpt,
    exit_codes,
    read_catalog,
    reflowed,
)

if TYPE_CHECKING:
    pass


@reflowed
def list_questionnaires(
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: TextJsonFormatOpt = OutputFormat.text,
) -> None:
    """List the question sets in use, with their weights and number of questions.

    The built-in sets, or those in --questionnaires DIR (or OUTSOURCE_QUESTIONNAIRES).

    Examples:

      outsource questionnaires
      outsource questionnaires --questionnaires my-sets/ --format json
    """
    with exit_codes():
        catalog = read_catalog(questionnaires)
        if output_format is OutputFormat.json:
            rows = [
                {"id": s.id, "title": s.title, "weight": s.weight, "questions": len(s.questions)}
                for s in catalog.sets
            ]
            from outsource_cli.text import json_dumps

            print(json_dumps({"directory": catalog.directory, "sets": rows}))
            return
        from outsource_cli.output.terminal import print_catalog

        print_catalog(catalog)
