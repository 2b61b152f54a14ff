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
    format_option,
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
    from outsource_cli.decision.engine import Decision
    from outsource_cli.questionnaire.catalog import Catalog


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
        CompareFormat, format_option("Output format: text, json, markdown or csv.")
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
    """Rank several functions by outcome, and flag concentration risk.

    Each function's row shows its outcome, form, location, robustness (and whether provisional) and top reason. Files
    that are not answers files are skipped with a warning (--strict: an error).

    Examples:

      outsource compare answers/
      outsource compare payroll.yaml desk.yaml --format csv -o portfolio.csv
    """
    with exit_codes():
        from outsource_cli.files import check_outputs

        files = _answers_files(paths)
        inputs = files + catalog_inputs(questionnaires)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        catalog = read_catalog(questionnaires)
        entries, problems = _decided(files, catalog, strict)
        if entries:
            _show_ranking(entries, catalog, output_format, output)
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


def _answers_files(paths: list[Path]) -> list[Path]:
    """The files named, and the top-level *.yaml, *.yml and *.json of the folders named (a
    broken link among them is said, never dropped unseen)."""
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
    return files


def _decided(
    files: list[Path], catalog: "Catalog", strict: bool
) -> tuple[list[tuple[str, str, "Decision"]], list[Problem]]:
    """Each answers file's function, path and decision; the problems of those that could not
    be read (and, with ``strict``, of files that are not answers files: skipped otherwise)."""
    from outsource_cli.decision.engine import decide
    from outsource_cli.questionnaire.answer_files import read_entry

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
    return entries, problems


def _show_ranking(
    entries: list[tuple[str, str, "Decision"]],
    catalog: "Catalog",
    output_format: CompareFormat,
    output: Path | None,
) -> None:
    """The functions ranked (and any warning of the ranking) in the format asked for."""
    from outsource_cli.decision import portfolio
    from outsource_cli.output.portfolio import note_words

    result = portfolio.rank(entries, catalog.policy.portfolio)
    for twice in result.notes:
        err(f"warning: {note_words(twice)}")
    if output_format is CompareFormat.text and output is None:
        from outsource_cli.output.terminal import print_portfolio

        print_portfolio(result)
        return
    from outsource_cli.output import portfolio as portfolio_output

    render = {
        CompareFormat.json: portfolio_output.as_json,
        CompareFormat.markdown: portfolio_output.as_markdown,
        CompareFormat.csv: portfolio_output.as_csv,
        CompareFormat.text: portfolio_output.as_markdown,
    }[output_format]
    deliver(render(result), output)
