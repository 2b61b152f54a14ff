"""``outsource vet``: the command (issue 26). Registered by one line in cli.py; the core is in
``decision/vetting/``, the rendering in ``output/vetting.py``. The shell's helpers (errors to
exit codes, catalogs, delivery) are in ``commands/common.py``, imported when the command runs."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class VetFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    csv = "csv"


def vet(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="DECISION PROVIDER...",
            help="A decision written by outsource assess --format json, then one evaluation "
            "file per provider, or a folder of several evaluators' files for one provider.",
            show_default=False,
        ),
    ],
    no_decision: Annotated[
        bool,
        typer.Option(
            "--no-decision",
            help="Every path is a provider; the requirements are the provider sets' policy gates.",
        ),
    ] = False,
    questionnaires: Annotated[
        Path | None,
        typer.Option(
            "--questionnaires",
            "-q",
            help="Folder of question sets and policy.yaml the decision was made against; its "
            "providers/ folder, if any, holds the provider sets.",
            envvar="OUTSOURCE_QUESTIONNAIRES",
            show_envvar=False,
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    providers_dir: Annotated[
        Path | None,
        typer.Option(
            "--providers",
            help="Folder of provider evaluation sets (default: the built-in ones).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        VetFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: text, json, markdown, html or csv.",
        ),
    ] = VetFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the files this command writes if they exist.")
    ] = False,
) -> None:
    """Vet providers: rank candidates against the decision's own requirements.

    Each provider is an evaluation file answering the provider sets (the twelve supplier capabilities, due diligence, fit, terms and price), or a folder of several evaluators' files. A provider that breaks a requirement of the decision (its location, audit and access rights, exit assistance, visible subcontracting, overlap hours) is excluded and says why; the others are ranked by score with the margin, the smallest change that would swap first and second, the evaluators' disagreements, the due-diligence gaps, and each price through the decision's business case.

    Examples:

      outsource vet decision.json northbridge.yaml alpine/ pacific.yaml
      outsource vet decision.json providers/* --format html -o vet.html
      outsource vet --no-decision a.yaml b.yaml --format json
    """
    from outsource_cli.commands import common
    from outsource_cli.errors import UsageError

    with common.exit_codes():
        from outsource_cli.decision.vetting.inputs import read_decision, read_providers
        from outsource_cli.decision.vetting.result import vet as run
        from outsource_cli.files import check_writable
        from outsource_cli.output import vetting as out
        from outsource_cli.questionnaire.providers import providers_directory

        if output is not None:
            check_writable(output, force=force)
        decision_path = None if no_decision else (paths[0] if paths else None)
        provider_paths = paths if no_decision else paths[1:]
        if not provider_paths:
            raise UsageError(
                "give a decision and at least one provider (or --no-decision and providers)"
            )
        catalog = common.read_catalog(providers_dir or providers_directory(questionnaires))
        sets = decision = None
        if decision_path is not None:
            if decision_path.is_dir():
                raise UsageError(
                    f"{decision_path}: the first path is the decision (a JSON file written by "
                    "outsource assess --format json); pass --no-decision to vet without one"
                )
            sets = common.read_catalog(questionnaires)
            decision = read_decision(decision_path, sets)
        providers = read_providers(provider_paths, catalog)
        result = run(catalog, providers, decision, sets)
        if output_format is VetFormat.text and output is None:
            out.print_vetting(result, catalog)
            return
        date = ""
        if output_format in (VetFormat.markdown, VetFormat.html):
            import datetime

            date = datetime.date.today().isoformat()
        text = {
            VetFormat.json: lambda: out.as_json(result, catalog),
            VetFormat.csv: lambda: out.as_csv(result, catalog),
            VetFormat.markdown: lambda: out.markdown(result, catalog, date),
            VetFormat.html: lambda: out.html_page(result, catalog, date),
            VetFormat.text: lambda: out.text(result, catalog),
        }[output_format]()
        common.deliver(text, output)
