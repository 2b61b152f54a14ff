"""``outsource template``: an answers skeleton to fill in."""

from typing import TYPE_CHECKING

from outsource_cli.commands.common import (
    ForceOpt,
    OutputOpt,
    QuestionnairesOpt,
    QuietOpt,
    catalog_inputs,
    deliver,
    exit_codes,
    read_catalog,
    reflowed,
)

if TYPE_CHECKING:
    pass


@reflowed
def template(
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write an answers skeleton: every question, with its allowed values as comments.

    Fill in a value for each question (null means not answered) and pass the file to
    assess --answers.

    Examples:

      outsource template --output payroll.yaml
      outsource assess --answers payroll.yaml
    """
    with exit_codes():
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.answers import template as make_template

        check_outputs({"--output": output}, force=force, inputs=catalog_inputs(questionnaires))
        deliver(make_template(read_catalog(questionnaires)), output)
