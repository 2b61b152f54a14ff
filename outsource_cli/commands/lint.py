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
    file_option,
    format_option,
    literal,
    read_catalog,
    reflowed,
    value_option,
)
from outsource_cli.errors import (
    EXIT_FINDINGS,
)

if TYPE_CHECKING:
    from outsource_cli.lint.config import Config
    from outsource_cli.lint.rules import LintResult


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATH",
        help="Files and folders to lint (question sets, policy.yaml, answers files). "
        "Default: the --questionnaires folder, or the built-in sets.",
        show_default=False,
    ),
]
LintFormatOpt = Annotated[
    LintFormat,
    format_option("Output format on standard output: text, json, github or sarif."),
]
SarifOpt = Annotated[
    Path | None, file_option("--sarif-output", help="Also write SARIF 2.1.0 to this file.")
]
JsonOpt = Annotated[Path | None, file_option("--json-output", help="Also write JSON to this file.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]
ConfigOpt = Annotated[
    Path | None,
    value_option(
        "--config",
        metavar="FILE",
        help=literal("A pyproject.toml with [tool.outsource-lint] (default: the nearest one)."),
    ),
]
NoConfigOpt = Annotated[
    bool, typer.Option("--no-config", help=literal("Ignore any [tool.outsource-lint]."))
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
ExplainOpt = Annotated[
    str | None,
    value_option(
        "--explain",
        metavar="CODE",
        help="Print a rule's documentation (what it checks, an example that fails and one "
        "that passes, how to fix it) and exit; CODE is a code such as S003 or a name such "
        "as wrong-type.",
    ),
]


@reflowed
def lint(
    paths: PathsArg = None,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: LintFormatOpt = LintFormat.text,
    sarif_output: SarifOpt = None,
    json_output: JsonOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    debug: DebugOpt = False,
    explain: ExplainOpt = None,
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
            _explain(explain)
            return
        from outsource_cli.lint.config import find_config, load_config
        from outsource_cli.questionnaire.catalog import builtin_directory

        targets = list(paths or [questionnaires or builtin_directory()])
        settings = load_config(None if no_config else (config or find_config(Path.cwd())))
        files = {"sarif": sarif_output, "json": json_output}
        _check_files(files, targets, questionnaires, settings.source, force)
        result = _lint(targets, questionnaires, settings)
        _write(result, output_format.value, files, strict)
        if result.failed(strict):
            raise typer.Exit(EXIT_FINDINGS)


def _explain(code: str) -> None:
    """A rule's documentation, and where it is online."""
    from outsource_cli.lint.docs import find_rule, help_uri, rule_doc

    rule = find_rule(code)
    sys.stdout.write(rule_doc(rule.code) + f"\nOnline: {help_uri(rule.code)}\n")


def _check_files(
    files: dict[str, Path | None],
    targets: list[Path],
    questionnaires: Path | None,
    config_source: str | None,
    force: bool,
) -> None:
    """The extra files to write (``--sarif-output``, ``--json-output``) may replace none of
    the files read."""
    from outsource_cli.files import check_outputs
    from outsource_cli.lint.runner import expand

    if all(path is None for path in files.values()):
        return
    inputs = expand(targets) + catalog_inputs(questionnaires)
    inputs += [Path(config_source)] if config_source else []
    outputs = {f"--{fmt}-output": path for fmt, path in files.items()}
    check_outputs(outputs, force=force, inputs=inputs)


def _lint(targets: list[Path], questionnaires: Path | None, settings: "Config") -> "LintResult":
    from outsource_cli.lint.runner import lint_paths

    return lint_paths(
        targets, catalog_for_answers=lambda: read_catalog(questionnaires), config=settings
    )


def _write(result: "LintResult", fmt: str, files: dict[str, Path | None], strict: bool) -> None:
    """The findings to standard output in ``fmt``, and to each extra file in its format."""
    from outsource_cli.files import write_atomic
    from outsource_cli.lint.formats import FORMATS

    for extra, path in files.items():
        if path is not None:
            write_atomic(path, FORMATS[extra](result, strict))
    sys.stdout.write(FORMATS[fmt](result, strict))
