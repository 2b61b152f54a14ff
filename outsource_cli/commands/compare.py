"""``outsource compare``: several functions ranked, and concentration risk."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from outsource_cli.commands.common import (
    ForceOpt,
    OutputOpt,
    QuestionnairesOpt,
    QuietOpt,
    catalog_inputs,
    deliver,
    err,
    exit_codes,
    read_catalog,
    reflowed,
)
from outsource_cli.errors import (
    InputError,
    Problem,
    UsageError,
    one_line_path,
)

if TYPE_CHECKING:
    pass


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@reflowed
def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Answers files, or folders of them (their top-level *.yaml, *.yml, *.json).",
            show_default=False,
        ),
    ],
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: Annotated[
        CompareFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: text, json, markdown or csv.",
        ),
    ] = CompareFormat.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 2) on files that are not answers files, instead of skipping "
            "them with a warning.",
        ),
    ] = False,
) -> None:
    """Rank several functions by score, and flag concentration risk.

    Each function's row shows its outcome, form, location, robustness (and whether provisional) and top reason. Files
    that are not answers files are skipped with a warning (--strict: an error).

    Examples:

      outsource compare answers/
      outsource compare payroll.yaml desk.yaml --format csv -o portfolio.csv
    """
    with exit_codes():
        from outsource_cli.decision import portfolio
        from outsource_cli.decision.engine import decide
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.answer_files import read_entry

        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                for p in sorted(path.iterdir()):
                    if p.suffix not in (".yaml", ".yml", ".json") or p.is_dir():
                        continue
                    if p.exists():
                        files.append(p)
                    else:  # a link to nothing (or to itself): say so, never drop it unseen
                        err(f"warning: {one_line_path(p)}: skipped: a broken link")
            else:
                files.append(path)
        if not files:
            raise UsageError("no answers files found in " + ", ".join(str(p) for p in paths))
        inputs = files + catalog_inputs(questionnaires)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        catalog = read_catalog(questionnaires)
        entries, problems = [], []
        for f in files:
            entry = read_entry(f, catalog)
            if entry.kind == "answers" and entry.sheet is not None:
                for note in entry.notes:
                    err(f"warning: {one_line_path(f)}: {note}")
                sheet = entry.sheet
                decision = decide(
                    catalog,
                    sheet.all_answers,
                    sheet.function,
                    defaulted=sheet.defaulted,
                    uncertain=sheet.uncertain,
                )._replace(currency=sheet.currency)
                entries.append((sheet.function or f.stem, str(f), decision))
            elif entry.kind == "skipped" and not strict:
                err(f"warning: {one_line_path(f)}: skipped: {entry.reason}")
            elif entry.kind == "skipped":
                problems.append(Problem(str(f), 0, 0, f"{entry.reason} (--strict)"))
            else:
                problems.extend(entry.problems)
        if entries:
            result = portfolio.rank(entries, catalog.policy.portfolio)
            from outsource_cli.output.portfolio import note_words

            for twice in result.notes:
                err(f"warning: {note_words(twice)}")
            if output_format is CompareFormat.text and output is None:
                from outsource_cli.output.terminal import print_portfolio

                print_portfolio(result)
            else:
                from outsource_cli.output import portfolio as portfolio_output

                render = {
                    CompareFormat.json: portfolio_output.as_json,
                    CompareFormat.markdown: portfolio_output.as_markdown,
                    CompareFormat.csv: portfolio_output.as_csv,
                    CompareFormat.text: portfolio_output.as_markdown,
                }[output_format]
                deliver(render(result), output)
        elif not problems:
            raise UsageError(
                "none of the files is an answers file: "
                + ", ".join(str(p) for p in paths)
                + " (`outsource template` writes one to fill in)"
            )
        if problems:  # after the ranking, so that one bad file hides nothing
            if entries:
                n = len({p.path for p in problems})
                err(f"ranked {len(entries)} of {len(files)} files; {n} could not be read:")
            raise InputError(problems)
