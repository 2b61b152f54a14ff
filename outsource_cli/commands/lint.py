"""``outsource lint``: check question sets, policy and answers files."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from outsource_cli.commands.common import (
    ForceOpt,
    QuestionnairesOpt,
    QuietOpt,
    catalog_inputs,
    exit_codes,
    literal,
    output_path_option,
    read_catalog,
    reflowed,
)
from outsource_cli.errors import (
    EXIT_FINDINGS,
)

if TYPE_CHECKING:
    pass


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@reflowed
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Files and folders to lint (question sets, policy.yaml, answers files). "
            "Default: the --questionnaires folder, or the built-in sets.",
            show_default=False,
        ),
    ] = None,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: Annotated[
        LintFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format on standard output: text, json, github or sarif.",
        ),
    ] = LintFormat.text,
    sarif_output: Annotated[
        Path | None,
        typer.Option(
            "--sarif-output",
            help="Also write SARIF 2.1.0 to this file.",
            parser=output_path_option,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    json_output: Annotated[
        Path | None,
        typer.Option(
            "--json-output",
            help="Also write JSON to this file.",
            parser=output_path_option,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help=literal("A pyproject.toml with [tool.outsource-lint] (default: the nearest one)."),
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help=literal("Ignore any [tool.outsource-lint]."))
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="CODE",
            help="Print a rule's documentation (what it checks, an example that fails and one "
            "that passes, how to fix it) and exit; CODE is a code such as S003 or a name such "
            "as wrong-type.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check question sets, policy and answers files; exit 1 on findings (ruff-style output).

    Each finding is path:line:col: CODE message. Exit 0 when clean (warnings pass unless
    --strict), 1 on findings, 2 on a usage error. Silence one finding with a comment on its
    line: # outsource-lint: disable=CODE -- reason.

    Examples:

      outsource lint
      outsource lint questionnaires/ answers/ --strict
      outsource lint --format github --sarif-output lint.sarif
      outsource lint --explain S003
    """
    with exit_codes(debug):
        if explain is not None:
            from outsource_cli.lint.docs import find_rule, help_uri, rule_doc

            rule = find_rule(explain)
            sys.stdout.write(rule_doc(rule.code) + f"\nOnline: {help_uri(rule.code)}\n")
            return
        from outsource_cli.files import check_outputs, write_atomic
        from outsource_cli.lint.config import find_config, load_config
        from outsource_cli.lint.formats import FORMATS
        from outsource_cli.lint.runner import expand, lint_paths
        from outsource_cli.questionnaire.catalog import builtin_directory

        targets = list(paths or [questionnaires or builtin_directory()])
        settings = load_config(None if no_config else (config or find_config(Path.cwd())))
        outputs = {"--sarif-output": sarif_output, "--json-output": json_output}
        if sarif_output is not None or json_output is not None:
            inputs = expand(targets) + catalog_inputs(questionnaires)
            inputs += [Path(settings.source)] if settings.source else []
            check_outputs(outputs, force=force, inputs=inputs)
        result = lint_paths(
            targets, catalog_for_answers=lambda: read_catalog(questionnaires), config=settings
        )
        for path, fmt in ((sarif_output, "sarif"), (json_output, "json")):
            if path is not None:
                write_atomic(path, FORMATS[fmt](result, strict))
        sys.stdout.write(FORMATS[output_format.value](result, strict))
        if result.failed(strict):
            raise typer.Exit(EXIT_FINDINGS)
