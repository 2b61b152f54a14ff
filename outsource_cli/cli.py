"""The command line: the app, its root options, and the commands registered on it.

Each command is a module of ``outsource_cli.commands``; their shared options and the one
place where errors become exit codes are in ``commands/common.py``. Heavy modules (rich,
questionary, pydantic models) are imported inside the commands that need them, so
``outsource --help`` stays fast, and ``main`` builds only the command invoked. No ``from
__future__ import annotations`` here: typer reads every command's options from their
annotations at each start, and string annotations would be compiled and evaluated each time.
"""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from typer._completion_classes import completion_init
from typer.core import TyperCommand

from outsource_cli import __version__
from outsource_cli.commands import common
from outsource_cli.commands.assess import assess
from outsource_cli.commands.common import closed_pipe, err, reflowed, sigint, start_quiet
from outsource_cli.commands.compare import compare
from outsource_cli.commands.lint import lint
from outsource_cli.commands.panel import panel
from outsource_cli.commands.questionnaires import list_questionnaires
from outsource_cli.commands.schema import schema
from outsource_cli.commands.template import template
from outsource_cli.commands.verify import verify
from outsource_cli.commands.vet import vet
from outsource_cli.conventions import ConventionalCommand, ConventionalGroup

app = typer.Typer(
    name="outsource",
    cls=ConventionalGroup,  # metavars, not Python types, in help; plain words in usage errors
    add_completion=False,  # --install-completion and --show-completion SHELL: see _main
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
completion_init()  # the shells' completion classes (add_completion=True registered them)


def _version(value: bool) -> None:
    if value:
        print(f"outsource-cli {__version__}")
        raise typer.Exit()


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def _install_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from typer.completion import install_callback

        install_callback(ctx, param, value)  # the shell you run; exits


def _show_completion(ctx: typer.Context, param: Any, value: Shell | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        from typer.completion import show_callback

        show_callback(ctx, param, value.value)  # exits


@app.callback(invoke_without_command=True)
@reflowed
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            callback=start_quiet,
            expose_value=False,
            help="Print the result, warnings and errors only: no notes on standard error "
            "(the file written, the answers file's path).",
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help="Install shell completion for the shell you run (bash, zsh, fish or "
            "PowerShell), and exit.",
        ),
    ] = False,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            "--show-completion",
            metavar="SHELL",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for SHELL (bash, zsh, fish, powershell or "
            "pwsh), to install it your own way, and exit.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A decision assistant for sourcing decisions: keep in-house, hybrid or outsource.

    It interviews you (or reads an answers file), scores the function on core competency,
    control, access to skills, culture and cost, and recommends keep in-house, hybrid or
    outsource, with the form (ITO, BPO, KPO), the location, the reasons and the mitigations.

    Every command that reads question sets takes --questionnaires DIR to use your own; setting
    OUTSOURCE_QUESTIONNAIRES=DIR does the same for every command.

    Examples:

      outsource assess --function "Accounts payable"
      outsource assess --answers payroll.yaml --format html -o payroll.html
      outsource compare answers/
      outsource lint questionnaires/ --strict
      outsource --install-completion
    """
    if ctx.invoked_subcommand is None:  # `outsource` alone: the help, as gh does
        sys.stdout.write(ctx.get_help() + "\n")


# In the order `outsource --help` lists them.
app.command()(assess)
app.command("questionnaires")(list_questionnaires)
app.command()(template)
app.command()(compare)
app.command()(panel)
app.command()(verify)
app.command()(lint)
app.command()(schema)
app.command()(vet)


def _stdout_is_null() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError, AttributeError):
        return False


def _invoked_only(args: list[str]) -> list[Any]:
    """Keep only the command ``args`` name among the app's commands, and return all of them:
    typer makes every command's parameters at each start, and the others are not needed
    (2 ms of a start-up). An option first, an unknown name or shell completion keep them all,
    so that help, errors and suggestions see every command."""
    everything = list(app.registered_commands)
    if args and not args[0].startswith("-") and not os.environ.get("_OUTSOURCE_COMPLETE"):
        from typer.main import get_command_name

        kept = [
            c
            for c in everything
            if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == args[0]
        ]
        if kept:
            app.registered_commands = kept
    return everything


def main(early_sigint: Callable[[int, Any], None] | None = None) -> NoReturn:
    """``early_sigint``: the entry point's SIGINT handler, in force outside command bodies."""
    common.set_early_sigint(early_sigint)
    to_null = _stdout_is_null()
    everything = _invoked_only(sys.argv[1:])
    try:
        try:
            app()
        except SystemExit as exc:
            # click (and rich, which typer's help uses) end with exit 1 on a closed pipe: the
            # first swaps in PacifyFlushWrapper, the second points standard output at devnull.
            if exc.code == 1 and (
                type(sys.stdout).__name__ == "PacifyFlushWrapper"
                or (not to_null and _stdout_is_null())
            ):
                raise BrokenPipeError from None
            raise
        finally:
            app.registered_commands = everything
            sys.stdout.flush()  # here, not at exit, so that a closed pipe is seen below
            sigint(early_sigint)  # from here to the exit, Ctrl-C ends it at once
    except KeyboardInterrupt:  # outside any command body (e.g. while parsing)
        err("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # e.g. `outsource --help | head -1`, or the last flush
        try:
            closed_pipe()
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
    sys.exit(0)


for _command in app.registered_commands:  # help and errors as peers show them: see conventions
    if _command.cls in (None, TyperCommand):
        _command.cls = ConventionalCommand
