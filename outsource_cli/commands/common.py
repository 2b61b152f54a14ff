"""What every command shares: the options, the output helpers, and the one place where errors
become messages and exit codes (``exit_codes``). No ``from __future__ import annotations`` in
this package: typer reads every command's options from their annotations at each start, and
string annotations would be compiled and evaluated each time (about 10 ms for these commands).
"""

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from outsource_cli.errors import (
    EXIT_CLOSED_PIPE,
    EXIT_INTERNAL,
    InputError,
    Interrupted,
    OutsourceError,
    ctrl_c,
    forget_ctrl_c,
    one_line_path,
)

if TYPE_CHECKING:
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog


F = TypeVar("F", bound=Callable[..., Any])


def reflowed(command: F) -> F:
    """The command's docstring as help: prose paragraphs joined into one line each (typer
    keeps a docstring's line breaks, which shows as stray breaks), indented example lines
    kept as they are, and any ``[`` shown literally."""
    import inspect

    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    command.__doc__ = "\n\n".join(
        p if p.startswith(" ") else " ".join(line.strip() for line in p.splitlines())
        for p in paragraphs
    )
    command.__doc__ = literal(command.__doc__)
    return command


def literal(text: str) -> str:
    """Help text shown literally: typer renders help with rich markup, which would swallow
    ``[tool.outsource-lint]`` or ``[default]``; a backslash before ``[`` keeps it."""
    return text.replace("[", "\\[")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Detail(StrEnum):
    short = "short"
    full = "full"


class AssessFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def value_option(*names: str, metavar: str, help: str) -> Any:
    """An option that takes a value, shown as ``metavar``, with no default shown."""
    return typer.Option(*names, metavar=metavar, help=help, show_default=False)


def format_option(help: str) -> Any:
    """Every command's ``--format``/``-f``; ``help`` names its formats."""
    return typer.Option("--format", "-f", metavar="FORMAT", help=help)


TextJsonFormatOpt = Annotated[OutputFormat, format_option("Output format: text or json.")]
ReportFormatOpt = Annotated[
    AssessFormat, format_option("Output format: text, json, or a markdown or html report.")
]


def questionnaires_option(help: str) -> Any:
    """Every command's ``--questionnaires DIR``; ``help`` says what the folder is for."""
    return typer.Option(
        "--questionnaires",  # no short flag: -q is --quiet, as for every peer
        help=help,
        envvar="OUTSOURCE_QUESTIONNAIRES",
        show_envvar=False,  # said once in `outsource --help`: the name is too long for a cell
        metavar="DIR",
        show_default=False,
    )


QuestionnairesOpt = Annotated[
    Path | None,
    questionnaires_option(
        "Folder of question sets and policy.yaml to use instead of the built-in ones."
    ),
]


def output_path_option(raw: str) -> Path:
    """The value of every output option: a path that remembers a trailing slash."""
    from outsource_cli.files import output_path

    return output_path(raw)


def file_option(*names: str, help: str) -> Any:
    """An option that names a file to write (its value: see :func:`output_path_option`)."""
    return typer.Option(
        *names, help=help, parser=output_path_option, metavar="FILE", show_default=False
    )


OutputOpt = Annotated[
    Path | None,
    file_option(
        "--output", "-o", help="Write to this file (atomically) instead of standard output."
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite the files this command writes if they exist.")
]
_QUIET = False


def _set_quiet(value: bool) -> None:
    global _QUIET
    _QUIET = _QUIET or value  # before the command (the group's) or after it


def start_quiet(value: bool) -> None:
    """The group's -q, read first at each start (so not left over from an earlier run in the
    same process)."""
    global _QUIET
    _QUIET = value


QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        callback=_set_quiet,
        expose_value=False,
        help="Print the result, warnings and errors only: no notes on standard error (the "
        "file written, the answers file's path).",
    ),
]


def catalog_inputs(questionnaires: Path | None) -> list[Path]:
    """The question-set files a run reads (no output may replace one)."""
    from outsource_cli.questionnaire.catalog import builtin_directory, set_files

    try:
        return set_files(questionnaires or builtin_directory())
    except OSError:
        return []  # a missing folder: said when the catalog is loaded


def deliver(text: str, output: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        return
    from outsource_cli.files import write_atomic

    write_atomic(output, text)
    info(f"wrote {output}")


def show(
    fmt: str,
    output: Path | None,
    on_terminal: Callable[[], None],
    render: Mapping[str, Callable[[str], str]],
) -> None:
    """A result on the terminal (``on_terminal``) when it is asked for as text without
    ``--output``; else rendered in ``fmt`` (each renderer is given the report's date:
    :func:`report_date`) to standard output or ``output``."""
    if fmt == "text" and output is None:
        on_terminal()
        return
    deliver(render[fmt](report_date(fmt)), output)


def report_date(fmt: str) -> str:
    """The date a Markdown or HTML report shows (today's); none in the other formats."""
    if fmt not in ("markdown", "html"):
        return ""
    import datetime

    return datetime.date.today().isoformat()


def info(message: str) -> None:
    """A note on standard error (what was written, where the answers are); none with -q."""
    if not _QUIET:
        err(message)


def err(message: str) -> None:
    """One message on standard error, with any control characters from files neutralised."""
    from outsource_cli.text import clean

    sys.stderr.write("\n".join(clean(line) for line in message.rstrip("\n").split("\n")) + "\n")


# The entry point's SIGINT handler (one line, exit 130 at once: see outsource_cli/__main__.py),
# in force while no command body runs; None when the commands are called in-process.
_early_sigint: Callable[[int, Any], None] | None = None


def set_early_sigint(handler: Callable[[int, Any], None] | None) -> None:
    """The entry point's handler, set by ``outsource_cli.cli.main`` before the command runs."""
    global _early_sigint
    _early_sigint = handler


def sigint(handler: Callable[[int, Any], None] | None) -> None:
    """Ctrl-C handled by ``handler`` (None: raises KeyboardInterrupt, noted by
    :func:`outsource_cli.errors.ctrl_c`), in the ``outsource`` process only."""
    if _early_sigint is not None:
        import signal

        signal.signal(signal.SIGINT, handler or ctrl_c)


@contextlib.contextmanager
def exit_codes(debug: bool = False) -> Iterator[None]:
    """The one place where errors become messages and exit codes. In a command's body Ctrl-C
    raises KeyboardInterrupt (so that the command cleans up, e.g. an interview saves its
    answers), which ends here with exit 130."""
    try:
        forget_ctrl_c()
        sigint(None)
        yield
    except typer.Exit:
        raise
    except BrokenPipeError:  # the reader went away (`outsource schema | head -1`): end quietly
        closed_pipe()
    except InputError as exc:
        for problem in exc.problems:
            err(f"error: {problem}")
        if len(exc.problems) > 1:
            err(f"{len(exc.problems)} problems found")
        raise typer.Exit(exc.exit_code) from None
    except Interrupted as exc:
        raise typer.Exit(exc.exit_code) from None
    except OutsourceError as exc:
        err(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: one line, and the traceback only with --debug
        if debug or os.environ.get("OUTSOURCE_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            err(
                f"internal error: {type(exc).__name__}: {exc}. Please report it "
                "(set OUTSOURCE_DEBUG=1 to see the traceback)."
            )
        raise typer.Exit(EXIT_INTERNAL) from None


def closed_pipe() -> NoReturn:
    """Stop quietly when standard output's reader has gone, with the shell's usual status.

    Whatever is still buffered for the closed pipe is dropped (standard output now goes to
    the null device), so the interpreter's last flush cannot complain either.
    """
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(EXIT_CLOSED_PIPE)


WARNED: set[str] = set()


def warn(message: str) -> None:
    """One warning line on standard error (each message once per run)."""
    if message not in WARNED:
        WARNED.add(message)
        err(f"warning: {message}")


def read_catalog(directory: Path | None) -> "Catalog":
    from outsource_cli.questionnaire.catalog import load_catalog

    return load_catalog(directory, warn=warn)


def load_answers(path: Path, catalog: "Catalog") -> "AnswerSheet":
    """The answers in ``path``; answers to questions that are not asked given the others are
    ignored, and each gets a warning line on standard error (lint's A004), at its place."""
    from outsource_cli.questionnaire import source
    from outsource_cli.questionnaire.answers import answer_problems

    doc = source.load(path)
    if isinstance(doc.data, dict) and "outcome" in doc.data:  # perhaps a decision JSON
        from outsource_cli.questionnaire.answer_files import as_answers

        doc, notes = as_answers(doc)
        for note in notes:
            info(f"note: {path}: {note}")
    sheet, problems = answer_problems(doc, catalog)
    if sheet is None:
        raise InputError([p for p in problems if p.code != "A004"])
    for problem in problems:
        err(f"warning: {problem}")
    if sheet.record is not None:
        from outsource_cli.questionnaire.record import changes

        changed = changes(sheet.record, catalog)
        if changed.changed:
            err(
                f"warning: {one_line_path(path)}: made against other question sets than those in use "
                f"(with {sheet.record['tool']}); " + "; ".join(changed.lines())
            )
    return sheet
