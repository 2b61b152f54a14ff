"""``outsource panel``: several respondents' answers for one function, one decision."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from outsource_cli.commands.common import (
    AssessFormat,
    ForceOpt,
    OutputOpt,
    QuestionnairesOpt,
    QuietOpt,
    ReportFormatOpt,
    catalog_inputs,
    err,
    exit_codes,
    load_answers,
    read_catalog,
    reflowed,
    show,
)
from outsource_cli.errors import (
    InputError,
    UsageError,
    one_line_path,
)

if TYPE_CHECKING:
    from outsource_cli.decision.panel import Panel
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog


@reflowed
def panel(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Two or more answers files for the same function, one per respondent, or a "
            "folder of them.",
            show_default=False,
        ),
    ],
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: ReportFormatOpt = AssessFormat.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """A stakeholder panel: several respondents' answers for one function, one decision.

    Shows each question's answers side by side with their spread, the panel's answer by a
    documented rule (the median of ordered answers, an even split settled conservatively),
    the panel decision, the disagreements that alone would change its outcome, and the
    questions everyone agrees on. Respondents are named by each file's respondent: field, or
    the file name.

    Examples:

      outsource panel cfo.yaml cio.yaml coo.yaml
      outsource panel examples/panel --format html -o panel.html
    """
    with exit_codes():
        from outsource_cli.decision.panel import convene
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.panel_files import currency_of, gather

        files = _respondent_files(paths)
        inputs = files + catalog_inputs(questionnaires)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        catalog = read_catalog(questionnaires)
        sheets = _read_all(files, catalog)
        respondents, function = gather(sheets)
        result = convene(catalog, respondents, function)
        currency = currency_of(sheets)  # the one currency the files name (or none)
        result = result._replace(decision=result.decision._replace(currency=currency))
        _show(result, catalog, output_format, output)


def _respondent_files(paths: list[Path]) -> list[Path]:
    """The files named and those in the folders named: two or more, each once."""
    files: list[Path] = []
    for path in paths:  # a folder stands for the answers files in it
        files.extend(_folder_files(path) if path.is_dir() else [path])
    first: dict[Path, Path] = {}
    for path in files:
        if (twice := first.setdefault(path.resolve(), path)) is not path:
            also = "" if str(twice) == str(path) else f" (as {twice} and {path})"
            raise UsageError(f"{twice} is given twice{also}: one file per respondent")
    if len(files) < 2:
        raise UsageError("a panel needs the answers files of two or more respondents")
    return files


def _folder_files(folder: Path) -> list[Path]:
    """The answers files in ``folder`` (the others skipped with a warning); none is an error."""
    from outsource_cli.questionnaire.answer_files import folder_answers

    found, skipped = folder_answers(folder)
    for other, why in skipped:
        err(f"warning: {one_line_path(other)}: skipped: {why}")
    if not found:
        raise UsageError(
            f"{folder}: a folder with no answers files (.yaml, .yml, or .json answers "
            "or decisions) in it"
        )
    return found


def _read_all(files: list[Path], catalog: "Catalog") -> list["AnswerSheet"]:
    """Every file's answers; the problems of all the files that could not be read at once."""
    sheets, problems = [], []
    for path in files:
        try:
            sheets.append(load_answers(path, catalog))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return sheets


def _show(
    result: "Panel", catalog: "Catalog", output_format: AssessFormat, output: Path | None
) -> None:
    """The panel on the terminal, or in the format asked for to standard output or a file."""
    from outsource_cli.output import panel as panel_output
    from outsource_cli.output import panel_data, panel_report

    show(
        output_format,
        output,
        lambda: panel_output.print_panel(result, catalog),
        {
            AssessFormat.json: lambda _: panel_data.as_json(result, catalog),
            AssessFormat.markdown: lambda date: panel_report.markdown(result, catalog, date),
            AssessFormat.html: lambda date: panel_report.html(result, catalog, date),
            AssessFormat.text: lambda _: panel_output.text(result, catalog),
        },
    )
