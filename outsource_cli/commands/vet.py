"""``outsource vet``: rank providers against a decision's own requirements (issue 26). The
core is in ``decision/vetting/``, the rendering in ``output/vetting.py``."""

import contextlib
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from outsource_cli.commands.common import (
    ForceOpt,
    OutputOpt,
    QuietOpt,
    catalog_inputs,
    exit_codes,
    format_option,
    questionnaires_option,
    read_catalog,
    reflowed,
    show,
    value_option,
)
from outsource_cli.errors import UsageError

if TYPE_CHECKING:
    from outsource_cli.decision.vetting.inputs import Decision
    from outsource_cli.decision.vetting.result import Vetting
    from outsource_cli.questionnaire.catalog import Catalog


class VetFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    csv = "csv"


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="[DECISION] PROVIDER",
        help="A decision written by outsource assess --format json (none with "
        "--no-decision), then one evaluation file per provider, or a folder of several "
        "evaluators' files for one provider.",
        show_default=False,
    ),
]
NoDecisionOpt = Annotated[
    bool,
    typer.Option(
        "--no-decision",
        help="Every path is a provider; the requirements are the provider sets' policy gates.",
    ),
]
SetsOpt = Annotated[
    Path | None,
    questionnaires_option(
        "Folder of question sets and policy.yaml the decision was made against; its "
        "providers/ folder, if any, holds the provider sets."
    ),
]
ProvidersOpt = Annotated[
    Path | None,
    value_option(
        "--providers",
        metavar="DIR",
        help="Folder of provider evaluation sets (default: the built-in ones).",
    ),
]
VetFormatOpt = Annotated[
    VetFormat, format_option("Output format: text, json, markdown, html or csv.")
]


@reflowed
def vet(
    paths: PathsArg,
    no_decision: NoDecisionOpt = False,
    questionnaires: SetsOpt = None,
    quiet: QuietOpt = False,
    providers_dir: ProvidersOpt = None,
    output_format: VetFormatOpt = VetFormat.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Vet providers: rank candidates against the decision's own requirements.

    Each provider is an evaluation file answering the provider sets (the twelve supplier capabilities, due diligence, fit, terms and price), or a folder of several evaluators' files. A provider that breaks a requirement of the decision (its location, audit and access rights, exit assistance, visible subcontracting, overlap hours) is excluded and says why; the others are ranked by score with the margin, the smallest change that would swap first and second, the evaluators' disagreements, the due-diligence gaps, and each price through the decision's business case.

    Examples:

      outsource vet decision.json northbridge.yaml alpine/ pacific.yaml
      outsource vet decision.json providers/* --format html -o vet.html
      outsource vet --no-decision a.yaml b.yaml --format json
    """
    with exit_codes():
        from outsource_cli.decision.vetting.inputs import read_providers
        from outsource_cli.decision.vetting.result import vet as run
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.providers import providers_directory

        provider_sets = providers_dir or providers_directory(questionnaires)
        inputs = _files_read(paths) + catalog_inputs(questionnaires) + catalog_inputs(provider_sets)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        decision_path = None if no_decision else (paths[0] if paths else None)
        provider_paths = paths if no_decision else paths[1:]
        if not provider_paths:
            raise UsageError(
                "give a decision and at least one provider (or --no-decision and providers)"
            )
        catalog = read_catalog(provider_sets)
        decision, sets = _decision(decision_path, questionnaires)
        result = run(catalog, read_providers(provider_paths, catalog), decision, sets)
        _show(result, catalog, output_format, output)


def _files_read(paths: list[Path]) -> list[Path]:
    """The files named and those in the folders named (no --output may replace one)."""
    files: list[Path] = []
    for path in paths:
        with contextlib.suppress(OSError):  # a folder that cannot be listed: said when read
            files.extend(path.iterdir() if path.is_dir() else [path])
    return files


def _decision(
    path: Path | None, questionnaires: Path | None
) -> tuple["Decision | None", "Catalog | None"]:
    """The decision at ``path`` (none with --no-decision), and the sets it was made against."""
    if path is None:
        return None, None
    from outsource_cli.decision.vetting.inputs import read_decision

    if path.is_dir():
        raise UsageError(
            f"{path}: the first path is the decision (a JSON file written by "
            "outsource assess --format json); pass --no-decision to vet without one"
        )
    sets = read_catalog(questionnaires)
    return read_decision(path, sets), sets


def _show(result: "Vetting", catalog: "Catalog", fmt: VetFormat, output: Path | None) -> None:
    """The vetting on the terminal, or in the format asked for to standard output or a file."""
    from outsource_cli.output import vetting as out

    show(
        fmt,
        output,
        lambda: out.print_vetting(result, catalog),
        {
            VetFormat.json: lambda _: out.as_json(result, catalog),
            VetFormat.csv: lambda _: out.as_csv(result, catalog),
            VetFormat.markdown: lambda date: out.markdown(result, catalog, date),
            VetFormat.html: lambda date: out.html_page(result, catalog, date),
            VetFormat.text: lambda _: out.text(result, catalog),
        },
    )
