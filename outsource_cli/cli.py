"""The command line: wires commands to the core, and maps errors to exit codes in one place.

Heavy modules (rich, questionary, pydantic models) are imported inside the commands that
need them, so ``outsource --help`` stays fast. No ``from __future__ import annotations``
here: typer reads every command's options from their annotations at each start, and string
annotations would be compiled and evaluated each time (about 10 ms for these commands).
"""

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer._completion_classes import completion_init
from typer.core import TyperCommand

from outsource_cli import __version__
from outsource_cli.conventions import ConventionalCommand, ConventionalGroup
from outsource_cli.errors import (
    EXIT_CLOSED_PIPE,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    InputError,
    Interrupted,
    OutsourceError,
    Problem,
    UsageError,
    one_line_path,
)

if TYPE_CHECKING:
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog

app = typer.Typer(
    name="outsource",
    cls=ConventionalGroup,  # metavars, not Python types, in help; plain words in usage errors
    add_completion=False,  # --install-completion and --show-completion SHELL: see _main
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
completion_init()  # the shells' completion classes (add_completion=True registered them)


F = TypeVar("F", bound=Callable[..., Any])


def _reflowed(command: F) -> F:
    """The command's docstring as help: prose paragraphs joined into one line each (typer
    keeps a docstring's line breaks, which shows as stray breaks), indented example lines
    kept as they are, and any ``[`` shown literally."""
    import inspect

    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    command.__doc__ = "\n\n".join(
        p if p.startswith(" ") else " ".join(line.strip() for line in p.splitlines())
        for p in paragraphs
    )
    command.__doc__ = _lit(command.__doc__)
    return command


def _lit(text: str) -> str:
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


TextJsonFormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", metavar="FORMAT", help="Output format: text or json."),
]
ReportFormatOpt = Annotated[
    AssessFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: text, json, or a markdown or html report.",
    ),
]
QuestionnairesOpt = Annotated[
    Path | None,
    typer.Option(
        "--questionnaires",  # no short flag: -q is --quiet, as for every peer
        help="Folder of question sets and policy.yaml to use instead of the built-in ones.",
        envvar="OUTSOURCE_QUESTIONNAIRES",
        show_envvar=False,  # said once in `outsource --help`: the name is too long for a cell
        metavar="DIR",
        show_default=False,
    ),
]


def _output_path(raw: str) -> Path:
    """The value of every output option: a path that remembers a trailing slash."""
    from outsource_cli.files import output_path

    return output_path(raw)


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of standard output.",
        parser=_output_path,
        metavar="FILE",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite the files this command writes if they exist.")
]
_QUIET = False


def _set_quiet(value: bool) -> None:
    global _QUIET
    _QUIET = _QUIET or value  # before the command (the group's) or after it


def _start_quiet(value: bool) -> None:
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


def _catalog_inputs(questionnaires: Path | None) -> list[Path]:
    """The question-set files a run reads (no output may replace one)."""
    from outsource_cli.questionnaire.catalog import builtin_directory, set_files

    try:
        return set_files(questionnaires or builtin_directory())
    except OSError:
        return []  # a missing folder: said when the catalog is loaded


def _deliver(text: str, output: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        return
    from outsource_cli.files import write_atomic

    write_atomic(output, text)
    _info(f"wrote {output}")


def _info(message: str) -> None:
    """A note on standard error (what was written, where the answers are); none with -q."""
    if not _QUIET:
        _err(message)


def _err(message: str) -> None:
    """One message on standard error, with any control characters from files neutralised."""
    from outsource_cli.text import clean

    sys.stderr.write("\n".join(clean(line) for line in message.rstrip("\n").split("\n")) + "\n")


# The entry point's SIGINT handler (one line, exit 130 at once: see outsource_cli/__main__.py),
# in force while no command body runs; None when the commands are called in-process.
_early_sigint: Callable[[int, Any], None] | None = None


def _sigint(handler: Callable[[int, Any], None] | None) -> None:
    """Ctrl-C handled by ``handler`` (None: raises KeyboardInterrupt), in the ``outsource``
    process only."""
    if _early_sigint is not None:
        import signal

        signal.signal(signal.SIGINT, handler or signal.default_int_handler)


@contextlib.contextmanager
def _errors(debug: bool = False) -> Iterator[None]:
    """The one place where errors become messages and exit codes. In a command's body Ctrl-C
    raises KeyboardInterrupt (so that the command cleans up, e.g. an interview saves its
    answers), which ends here with exit 130."""
    try:
        _sigint(None)
        yield
    except typer.Exit:
        raise
    except BrokenPipeError:  # the reader went away (`outsource schema | head -1`): end quietly
        _closed_pipe()
    except InputError as exc:
        for problem in exc.problems:
            _err(f"error: {problem}")
        if len(exc.problems) > 1:
            _err(f"{len(exc.problems)} problems found")
        raise typer.Exit(exc.exit_code) from None
    except Interrupted as exc:
        raise typer.Exit(exc.exit_code) from None
    except OutsourceError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: one line, and the traceback only with --debug
        if debug or os.environ.get("OUTSOURCE_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            _err(
                f"internal error: {type(exc).__name__}: {exc}. Please report it "
                "(set OUTSOURCE_DEBUG=1 to see the traceback)."
            )
        raise typer.Exit(EXIT_INTERNAL) from None


def _closed_pipe() -> NoReturn:
    """Stop quietly when standard output's reader has gone, with the shell's usual status.

    Whatever is still buffered for the closed pipe is dropped (standard output now goes to
    the null device), so the interpreter's last flush cannot complain either.
    """
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(EXIT_CLOSED_PIPE)


_WARNED: set[str] = set()


def _warn(message: str) -> None:
    """One warning line on standard error (each message once per run)."""
    if message not in _WARNED:
        _WARNED.add(message)
        _err(f"warning: {message}")


def _catalog(directory: Path | None) -> "Catalog":
    from outsource_cli.questionnaire.catalog import load_catalog

    return load_catalog(directory, warn=_warn)


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
@_reflowed
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
            callback=_start_quiet,
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


@app.command()
@_reflowed
def assess(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file (YAML or JSON): run without any prompt.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            metavar="FILE",
            help="Go on with an interrupted interview: ask only what this answers "
            "file does not answer yet (it keeps being saved as you go).",
            show_default=False,
        ),
    ] = None,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: ReportFormatOpt = AssessFormat.text,
    output: OutputOpt = None,
    set_answers: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ID=VALUE",
            help="What-if: override the answer to the question ID (set.question), as in the "
            "examples; repeatable.",
            show_default=False,
        ),
    ] = None,
    set_weights: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            metavar="SET=N",
            help="What-if: override a question set's weight, e.g. --weight cost=2; repeatable.",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        bool,
        typer.Option(
            "--pairs",
            help="Also search pairs of answer changes (always done in reports and with "
            "--detail full).",
        ),
    ] = False,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            metavar="LEVEL",
            help="Text output: short (the answer, why, what you could do, the plan in one "
            "line a step; fits one screen) or full (every score, gate, change and action).",
        ),
    ] = Detail.short,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            help="Save the answers to this file as you go (YAML; JSON if it "
            "ends in .json). Default for an interview: a new file named after the function in "
            "your state folder (its path is printed at the start).",
            parser=_output_path,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    function: Annotated[
        str | None,
        typer.Option(
            "--function",
            metavar="NAME",
            help="Name of the function being assessed (shown in the output).",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    full_interview: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Ask every question in the set order, as a full interview does, instead of "
            "the question that decides most first and stopping when the result is settled.",
        ),
    ] = False,
) -> None:
    """Assess a function: interview in the terminal, or read --answers FILE, and recommend.

    The interview (arrow keys and Enter; numbered choices on a plain terminal) saves each
    answer as you go, so Ctrl-C loses nothing: go on later with --resume FILE. With
    --answers FILE it runs without a prompt, as in CI.

    Examples:

      outsource assess --function "Accounts payable at Acme"
      outsource assess --resume accounts-payable.yaml
      outsource assess --answers payroll.yaml
      outsource assess --answers payroll.yaml --format html -o payroll.html
      outsource assess -a payroll.yaml --set control.data_sensitivity=internal
      outsource assess -a payroll.yaml --weight cost=2 --pairs
    """
    with _errors():
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.answers import AnswerSheet

        if answers is not None and resume is not None:
            raise UsageError(
                "--answers and --resume do not go together: --answers runs without prompts"
            )
        if answers is None and not _has_terminal():
            raise UsageError(
                "the interview needs a terminal, and there is none on standard input; "
                "pass --answers FILE to assess from an answers file "
                "(`outsource template > answers.yaml` writes one to fill in)"
            )
        outputs = {"--save-answers": save_answers if save_answers != resume else None}
        outputs["--output"] = output
        inputs = [p for p in (answers, resume) if p is not None]
        check_outputs(outputs, force=force, inputs=inputs + _catalog_inputs(questionnaires))
        catalog = _catalog(questionnaires)
        if answers is not None:
            sheet = _load_answers_warning(answers, catalog)
            name = function or sheet.function
            if save_answers is not None:
                _save(
                    save_answers,
                    AnswerSheet(
                        sheet.answers,
                        name,
                        sheet.notes,
                        sheet.skipped,
                        defaulted=sheet.defaulted,
                        respondent=sheet.respondent,
                        uncertain=sheet.uncertain,
                        not_asked=sheet.not_asked,
                        currency=sheet.currency,
                    ),
                    catalog,
                )
        else:
            from outsource_cli.interview import on_the_terminal

            with on_the_terminal():
                sheet, target = _interview(
                    catalog, function, save_answers or resume, resume, adaptive=not full_interview
                )
            name = sheet.function
        _report(
            catalog,
            sheet.all_answers,
            sheet.defaulted,
            name,
            output_format,
            output,
            set_answers or [],
            set_weights or [],
            pairs,
            detail.value,
            sheet.uncertain,
            sheet.respondent,
            sheet.not_asked,
            sheet.currency,
        )
        if answers is None:
            _info(
                _hint(
                    f"answers saved in {target}; replay with:",
                    f"outsource assess --answers {target}",
                )
            )


def _load_answers_warning(path: Path, catalog: "Catalog") -> "AnswerSheet":
    """The answers in ``path``; answers to questions that are not asked given the others are
    ignored, and each gets a warning line on standard error (lint's A004), at its place."""
    from outsource_cli.questionnaire import source
    from outsource_cli.questionnaire.answers import answer_problems

    doc = source.load(path)
    if isinstance(doc.data, dict) and "outcome" in doc.data:  # perhaps a decision JSON
        from outsource_cli.questionnaire.answer_files import as_answers

        doc, notes = as_answers(doc)
        for note in notes:
            _info(f"note: {path}: {note}")
    sheet, problems = answer_problems(doc, catalog)
    if sheet is None:
        raise InputError([p for p in problems if p.code != "A004"])
    for problem in problems:
        _err(f"warning: {problem}")
    if sheet.record is not None:
        from outsource_cli.questionnaire.record import changes

        changed = changes(sheet.record, catalog)
        if changed.changed:
            _err(
                f"warning: {one_line_path(path)}: made against other question sets than those in use "
                f"(with {sheet.record['tool']}); " + "; ".join(changed.lines())
            )
    return sheet


def _report(
    catalog: "Catalog",
    given: Mapping[str, Any],
    defaulted: frozenset[str],
    name: str | None,
    fmt: AssessFormat,
    output: Path | None,
    set_answers: list[str],
    set_weights: list[str],
    pairs: bool,
    detail: str = "short",
    uncertain: Mapping[str, Any] | None = None,
    respondent: str | None = None,
    not_asked: frozenset[str] = frozenset(),
    currency: str | None = None,
) -> None:
    """Decide (with any what-if), explain, and write the result in the format asked for.
    ``uncertain``: the answers given as a range or one_of (a ``--set`` makes one certain);
    ``respondent``: who gave the answers (kept in a JSON decision's record); ``not_asked``:
    the questions the interview stopped without (the result was settled)."""
    from outsource_cli.decision.counterfactuals import analyse
    from outsource_cli.decision.engine import decide
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.decision.whatif import parse
    from outsource_cli.output import report

    whatif = parse(catalog, set_answers, set_weights, given)
    answers, weights = whatif.apply(given), whatif.weight_map()
    overridden = {o.target for o in whatif.answers}
    uncertain = {q: u for q, u in (uncertain or {}).items() if q not in overridden}
    evaluator = Evaluator(catalog, answers, weights)  # one for the decision and its search
    not_asked = not_asked - overridden
    decision = decide(
        catalog,
        answers,
        name,
        weights,
        defaulted - overridden,
        uncertain,
        evaluator,
        not_asked=not_asked,
    )._replace(currency=currency)
    # everything that would flip it: reports and --detail full search pairs too
    full = pairs or fmt in (AssessFormat.markdown, AssessFormat.html) or detail == "full"
    cf = analyse(catalog, answers, pairs=full, weights=weights, evaluator=evaluator)
    date = ""
    if fmt in (AssessFormat.markdown, AssessFormat.html):
        import datetime

        date = datetime.date.today().isoformat()
    if fmt is AssessFormat.json:
        from outsource_cli.decision.record import decision_record
        from outsource_cli.text import json_dumps

        out = report.data(decision, cf, whatif)
        out["record"] = decision_record(
            catalog,
            answers,
            defaulted - overridden,
            weights,
            full,
            uncertain,
            name,
            respondent,
            not_asked,
        )  # what `outsource verify` makes the decision again from
        text = json_dumps(out) + "\n"
    elif fmt is AssessFormat.markdown:
        text = report.markdown(decision, catalog, cf, whatif, date)
    elif fmt is AssessFormat.html:
        text = report.html_report(decision, catalog, cf, whatif, date)
    else:
        from outsource_cli.output.terminal import decision_text, print_decision

        if output is None:
            print_decision(decision, catalog, cf, whatif, detail=detail)
            return
        text = decision_text(decision, catalog, cf, whatif, detail=detail)
    _deliver(text, output)


def _has_terminal() -> bool:
    """A terminal to interview on: standard input is one, and so is standard output or, when
    that is redirected (``outsource assess > decision.txt``), the terminal itself."""
    if not sys.stdin.isatty():
        return False
    if sys.stdout.isatty():
        return True
    try:
        os.close(os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY))
    except OSError:
        return False
    return True


def _stderr_width() -> int | None:
    """The width of the terminal that shows standard error; None for a file or a pipe."""
    try:
        return (
            os.get_terminal_size(sys.stderr.fileno()).columns - 1 if sys.stderr.isatty() else None
        )
    except (OSError, ValueError, AttributeError):
        return None


def _folded(text: str, width: int | None = None, indent: str = "") -> list[str]:
    """``text`` folded at spaces to ``width`` (a word longer than that, a path, is never
    split)."""
    import textwrap

    if width is None:
        return [indent + text]
    return textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _hint(lead: str, command: str = "") -> str:
    """``lead``, and a ``command`` to run, on one line when that fits the terminal showing
    standard error; otherwise folded at spaces, the command on lines of its own with a
    backslash before each break, so that it can be pasted as it is. One line for a file or
    a pipe."""
    whole = f"{lead} {command}".strip()
    width = _stderr_width()
    if width is None or len(whole) <= width:
        return whole
    if not command:
        return "\n".join(_folded(lead, width))
    parts = _folded(command, width - 2, "  ")
    return "\n".join([*_folded(lead, width), " \\\n  ".join(parts)])


def slug(name: str | None, limit: int = 48) -> str:
    """``name`` as a safe file-name part: ASCII lower-case letters, digits and single hyphens,
    cut at a hyphen; ``interview`` when nothing is left."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0] if "-" in text[:limit] else text[:limit]
    return text or "interview"


def _default_autosave(function: str | None) -> Path:
    """A new file for this interview's answers in the user's state folder, named after the
    function, with the time so that a second interview never overwrites the first."""
    import time

    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    folder = Path(base) / "outsource-cli"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"{folder}: cannot be created ({exc.strerror}); pass --save-answers FILE"
        ) from None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = slug(function)
    path, n = folder / f"{name}-{stamp}.yaml", 1
    while path.exists():
        n += 1
        path = folder / f"{name}-{stamp}-{n}.yaml"
    return path


@contextlib.contextmanager
def _hangup_as_interrupt(received: list[int]) -> Iterator[None]:
    """SIGTERM and SIGHUP during the interview end it as Ctrl-C does (answers saved, the resume
    hint printed); the signal is noted in ``received`` for the exit code (128 + its number)."""
    import signal

    def handler(signum: int, frame: object) -> None:
        if not received:  # the first one interrupts; a second one waits for the save
            received.append(signum)
            from outsource_cli.interview import interrupt_prompt

            if not interrupt_prompt():  # no prompt on screen: interrupt here
                raise KeyboardInterrupt

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _interrupted(exc: Interrupted, received: list[int]) -> Interrupted:
    """``exc``, with the exit code of the signal that interrupted it (if one did)."""
    if received:
        exc.exit_code = 128 + received[0]  # 143 for SIGTERM, 129 for SIGHUP
    return exc


def _resumed(catalog: "Catalog", resume: Path, target: Path) -> tuple["AnswerSheet", Path]:
    """The answers to resume from, and where to save them.

    A temporary file left by an interrupted save (``.NAME.*.tmp``) holds the newest answers:
    when it is valid and newer than the file, it is used; either way it is removed, and the
    user is told. The file itself is rewritten only when that loses nothing (it is exactly what
    this tool writes); a file with the user's comments or layout is left as it is and the
    answers are saved in a new file next to it.
    """
    from outsource_cli.files import leftover_temps
    from outsource_cli.questionnaire import source
    from outsource_cli.questionnaire.answers import load_answers, written_by_us

    original = None
    if resume.exists() or not leftover_temps(resume):
        original = load_answers(resume, catalog, partial=True)
    sheet = original
    for tmp in leftover_temps(resume):
        try:
            newer = not resume.exists() or tmp.stat().st_mtime_ns >= resume.stat().st_mtime_ns
            candidate = load_answers(tmp, catalog, partial=True) if newer else None
        except (InputError, OSError):
            candidate = None
        if candidate is not None and sheet is original:
            sheet = candidate
            _err(f"recovered the answers of an interrupted save ({tmp.name}) and removed it")
        else:
            _err(f"removed {tmp.name}, left by an interrupted save")
        with contextlib.suppress(OSError):
            tmp.unlink()
    if sheet is None:  # pragma: no cover - a missing file with no usable temporary file
        sheet = load_answers(resume, catalog, partial=True)
    if target == resume and original is not None:
        fmt = "json" if resume.suffix == ".json" else "yaml"
        try:
            text = source.read_text(resume)
            lossless = written_by_us(text, source.parse(text, str(resume)).data, fmt=fmt)
        except InputError:
            lossless = False
        if not lossless:
            target = _new_file(resume)
            _err(
                f"{resume} has comments or a layout that saving would lose: it is left as it "
                f"is, and the answers are saved in {target}"
            )
    return sheet, target


def _new_file(path: Path) -> Path:
    candidate, n = path.with_name(f"{path.stem}.resumed{path.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.resumed-{n}{path.suffix}")
    return candidate


def _interview(
    catalog: "Catalog",
    function: str | None,
    target: Path | None,
    resume: Path | None,
    *,
    adaptive: bool = True,
) -> tuple["AnswerSheet", Path]:
    """The interview: the function's name first (unless a resumed file has one), then the
    questions (``adaptive``: what decides first, with the offer to finish once the result is
    settled), then the review. Answers are saved to ``target`` (by default a new file named
    after the function) after every answer."""
    from outsource_cli.interview import (
        InterviewInterrupted,
        State,
        ask_function,
        review,
        run,
    )
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import walk

    state = State()
    notes = respondent = currency = None
    if resume is not None:
        partial, target = _resumed(catalog, resume, target or resume)
        state = State(
            dict(partial.answers),
            set(partial.skipped),
            set(partial.defaulted),
            dict(partial.uncertain),
        )
        # questions not asked because the result was settled: asked now, in full
        adaptive = adaptive and not partial.not_asked
        function = function or partial.function
        notes, respondent, currency = partial.notes, partial.respondent, partial.currency
        _info(f"resuming {resume}: {len(state.answers) + len(state.skipped)} answers so far")
    received: list[int] = []  # SIGTERM or SIGHUP: exit 128 + its number, as Ctrl-C otherwise
    if resume is None or not function:
        try:
            with _hangup_as_interrupt(received):
                function = ask_function(function)
        except (InterviewInterrupted, KeyboardInterrupt):  # a signal before the prompt too
            with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
                _err(
                    "\ninterrupted before the first question; nothing was saved"
                    if resume is None
                    else f"\ninterrupted; nothing new was saved; resume with: "
                    f"outsource assess --resume {resume}"
                )
            raise _interrupted(InterviewInterrupted(State()), received) from None
    target = target or _default_autosave(function)

    def autosave(s: State) -> None:
        sheet = AnswerSheet(
            dict(s.answers),
            function,
            notes,
            frozenset(s.skipped),
            defaulted=frozenset(s.defaulted),
            respondent=respondent,
            uncertain=dict(s.uncertain),
            not_asked=frozenset(s.not_asked),
            currency=currency,
        )
        _save(target, sheet, catalog)

    autosave(state)
    _info(_hint(f"Your answers are saved as you go in {target}"))
    try:
        with _hangup_as_interrupt(received):
            run(
                catalog,
                state,
                only_missing=resume is not None,
                on_change=autosave,
                adaptive=adaptive,
            )
            autosave(state)
            if not state.not_asked:  # finished once settled: straight to the recommendation
                review(catalog, state, on_change=autosave)
    except (InterviewInterrupted, KeyboardInterrupt) as caught:  # a signal between prompts too
        exc = caught if isinstance(caught, InterviewInterrupted) else InterviewInterrupted(state)
        autosave(exc.state)
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            _err(
                "\n"
                + _hint(
                    f"interrupted; your answers are saved in {target}; resume with:",
                    f"outsource assess --resume {target}",
                )
            )
        raise _interrupted(exc, received) from None
    effective, _ = walk(catalog, state.answers)
    return (
        AnswerSheet(
            effective,
            function,
            notes,
            frozenset(state.skipped),
            given=dict(state.answers),
            defaulted=frozenset(state.defaulted),
            uncertain=dict(state.uncertain),
            not_asked=frozenset(state.not_asked),
            currency=currency,
        ),
        target,
    )


def _save(path: Path, sheet: "AnswerSheet", catalog: "Catalog") -> None:
    from outsource_cli.files import write_atomic
    from outsource_cli.questionnaire.answers import dump_answers

    write_atomic(
        path, dump_answers(sheet, catalog, fmt="json" if path.suffix == ".json" else "yaml")
    )


@app.command("questionnaires")
@_reflowed
def list_questionnaires(
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: TextJsonFormatOpt = OutputFormat.text,
) -> None:
    """List the question sets in use, with their weights and number of questions.

    The built-in sets, or those in --questionnaires DIR (or OUTSOURCE_QUESTIONNAIRES).

    Examples:

      outsource questionnaires
      outsource questionnaires --questionnaires my-sets/ --format json
    """
    with _errors():
        catalog = _catalog(questionnaires)
        if output_format is OutputFormat.json:
            rows = [
                {"id": s.id, "title": s.title, "weight": s.weight, "questions": len(s.questions)}
                for s in catalog.sets
            ]
            from outsource_cli.text import json_dumps

            print(json_dumps({"directory": catalog.directory, "sets": rows}))
            return
        from outsource_cli.output.terminal import print_catalog

        print_catalog(catalog)


@app.command()
@_reflowed
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
    with _errors():
        from outsource_cli.files import check_outputs
        from outsource_cli.questionnaire.answers import template as make_template

        check_outputs({"--output": output}, force=force, inputs=_catalog_inputs(questionnaires))
        _deliver(make_template(_catalog(questionnaires)), output)


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command()
@_reflowed
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
    with _errors():
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
                        _err(f"warning: {one_line_path(p)}: skipped: a broken link")
            else:
                files.append(path)
        if not files:
            raise UsageError("no answers files found in " + ", ".join(str(p) for p in paths))
        inputs = files + _catalog_inputs(questionnaires)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        catalog = _catalog(questionnaires)
        entries, problems = [], []
        for f in files:
            entry = read_entry(f, catalog)
            if entry.kind == "answers" and entry.sheet is not None:
                for note in entry.notes:
                    _err(f"warning: {one_line_path(f)}: {note}")
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
                _err(f"warning: {one_line_path(f)}: skipped: {entry.reason}")
            elif entry.kind == "skipped":
                problems.append(Problem(str(f), 0, 0, f"{entry.reason} (--strict)"))
            else:
                problems.extend(entry.problems)
        if entries:
            result = portfolio.rank(entries, catalog.policy.portfolio)
            for note in result.notes:
                _err(f"warning: {note}")
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
                _deliver(render(result), output)
        elif not problems:
            raise UsageError(
                "none of the files is an answers file: "
                + ", ".join(str(p) for p in paths)
                + " (`outsource template` writes one to fill in)"
            )
        if problems:  # after the ranking, so that one bad file hides nothing
            if entries:
                n = len({p.path for p in problems})
                _err(f"ranked {len(entries)} of {len(files)} files; {n} could not be read:")
            raise InputError(problems)


@app.command()
@_reflowed
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
    with _errors():
        from outsource_cli.decision.panel import convene, gather
        from outsource_cli.files import check_outputs
        from outsource_cli.output import panel as panel_output

        files: list[Path] = []
        for path in paths:  # a folder stands for the answers files in it
            if path.is_dir():
                from outsource_cli.questionnaire.answer_files import folder_answers

                found, skipped = folder_answers(path)
                for other, why in skipped:
                    _err(f"warning: {one_line_path(other)}: skipped: {why}")
                if not found:
                    raise UsageError(
                        f"{path}: a folder with no answers files (.yaml, .yml, or .json answers "
                        "or decisions) in it"
                    )
                files.extend(found)
            else:
                files.append(path)
        first: dict[Path, Path] = {}
        for path in files:
            if (twice := first.setdefault(path.resolve(), path)) is not path:
                also = "" if str(twice) == str(path) else f" (as {twice} and {path})"
                raise UsageError(f"{twice} is given twice{also}: one file per respondent")
        paths = files
        if len(paths) < 2:
            raise UsageError("a panel needs the answers files of two or more respondents")
        inputs = paths + _catalog_inputs(questionnaires)
        check_outputs({"--output": output}, force=force, inputs=inputs)
        catalog = _catalog(questionnaires)
        sheets, problems = [], []
        for path in paths:
            try:
                sheets.append(_load_answers_warning(path, catalog))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        respondents, function = gather(sheets)
        result = convene(catalog, respondents, function)
        if output_format is AssessFormat.text and output is None:
            panel_output.print_panel(result, catalog)
            return
        date = ""
        if output_format in (AssessFormat.markdown, AssessFormat.html):
            import datetime

            date = datetime.date.today().isoformat()
        text = {
            AssessFormat.json: lambda: panel_output.as_json(result, catalog),
            AssessFormat.markdown: lambda: panel_output.markdown(result, catalog, date),
            AssessFormat.html: lambda: panel_output.html(result, catalog, date),
            AssessFormat.text: lambda: panel_output.text(result, catalog),
        }[output_format]()
        _deliver(text, output)


@app.command()
@_reflowed
def verify(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A decision written by outsource assess --format json.",
            show_default=False,
        ),
    ],
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: TextJsonFormatOpt = OutputFormat.text,
) -> None:
    """Check a decision record: make the decision again from the answers it embeds.

    Exit 0 when the decision is what its answers give with the question sets in use and
    those sets are the ones it was made against; exit 1 naming every difference, and the
    questions added, removed or rescored since.

    Examples:

      outsource assess -a payroll.yaml -f json -o decision.json
      outsource verify decision.json
    """
    with _errors():
        from outsource_cli.decision.record import (
            differences,
            headline,
            ordered,
            recompute,
            record_problem,
            what_if_differences,
        )
        from outsource_cli.decision.whatif import WhatIf
        from outsource_cli.output import report
        from outsource_cli.questionnaire import source
        from outsource_cli.text import json_dumps

        doc = source.load(path)
        why = record_problem(doc.data)
        if why is not None:
            raise InputError(Problem(str(path), 0, 0, why))
        catalog = _catalog(questionnaires)
        again = recompute(catalog, doc.data)
        remade = report.data(again.decision, again.counterfactuals, WhatIf())
        found = ordered(differences(doc.data, remade) + what_if_differences(doc.data))
        record = doc.data["record"]
        verified = not found and not again.dropped and not again.changes.changed
        if output_format is OutputFormat.json:
            sys.stdout.write(
                json_dumps(
                    {
                        "verified": verified,
                        "made_with": record["tool"],
                        "differences": found,
                        "unreadable_answers": list(again.dropped),
                        "question_sets": again.changes._asdict()
                        | {"changed": again.changes.changed},
                    }
                )
                + "\n"
            )
        else:

            def name(qid: str) -> str:
                q = catalog.questions.get(qid)
                return f"“{q.text}”" if q is not None else qid

            summary = headline(doc.data, remade) if found else ""
            lines = again.changes.lines(name)
            _verify_text(path, record, found, again.dropped, lines, verified, summary)
        if not verified:
            raise typer.Exit(EXIT_FINDINGS)


def _verify_text(
    path: Path,
    record: Mapping[str, Any],
    found: list[str],
    dropped: tuple[str, ...],
    changes: list[str],
    verified: bool,
    summary: str = "",
) -> None:
    from outsource_cli.decision.record import MAX_DIFFERENCES
    from outsource_cli.text import clean

    lines = [f"{path}: made with {record['tool']}, now {__version__}"]
    if verified:
        lines.append(
            "verified: the decision is what its answers give, with the same question sets "
            f"and policy ({record['question_sets'][:19]}…)"
        )
    else:
        lines.append("NOT verified:")
        if changes:
            lines.append("  the question sets or policy changed since the record was made:")
            lines.extend(f"    {c}" for c in changes)
        if dropped:
            lines.append("  answers that cannot be read with the question sets in use:")
            lines.extend(f"    {d}" for d in dropped)
        if found:
            n = len(found)
            lines.append(f"  {summary}")
            lines.append(f"  the decision made again differs in {n} place{'' if n == 1 else 's'}:")
            lines.extend(f"    {d}" for d in found[:MAX_DIFFERENCES])
            if n > MAX_DIFFERENCES:
                lines.append(f"    … and {n - MAX_DIFFERENCES} more (--format json lists all)")
        elif dropped or changes:
            lines.append("  the decision made again is the same as the record's")
    sys.stdout.write("\n".join(clean(line) for line in lines) + "\n")


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
@_reflowed
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
            parser=_output_path,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    json_output: Annotated[
        Path | None,
        typer.Option(
            "--json-output",
            help="Also write JSON to this file.",
            parser=_output_path,
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
            help=_lit("A pyproject.toml with [tool.outsource-lint] (default: the nearest one)."),
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help=_lit("Ignore any [tool.outsource-lint]."))
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
    with _errors(debug):
        if explain is not None:
            from outsource_cli.lint.docs import find_rule, help_uri, rule_doc

            rule = find_rule(explain)
            sys.stdout.write(rule_doc(rule.code) + f"\nOnline: {help_uri(rule.code)}\n")
            return
        from outsource_cli.files import check_outputs, write_atomic
        from outsource_cli.lint.formats import FORMATS
        from outsource_cli.lint.runner import expand, find_config, lint_paths, load_config
        from outsource_cli.questionnaire.catalog import builtin_directory

        targets = list(paths or [questionnaires or builtin_directory()])
        settings = load_config(None if no_config else (config or find_config(Path.cwd())))
        outputs = {"--sarif-output": sarif_output, "--json-output": json_output}
        if sarif_output is not None or json_output is not None:
            inputs = expand(targets) + _catalog_inputs(questionnaires)
            inputs += [Path(settings.source)] if settings.source else []
            check_outputs(outputs, force=force, inputs=inputs)
        result = lint_paths(
            targets, catalog_for_answers=lambda: _catalog(questionnaires), config=settings
        )
        for path, fmt in ((sarif_output, "sarif"), (json_output, "json")):
            if path is not None:
                write_atomic(path, FORMATS[fmt](result, strict))
        sys.stdout.write(FORMATS[output_format.value](result, strict))
        if result.failed(strict):
            raise typer.Exit(EXIT_FINDINGS)


class SchemaKind(StrEnum):
    questionnaire = "questionnaire"
    policy = "policy"
    answers = "answers"


@app.command()
@_reflowed
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            metavar="KIND",
            help="Which file the schema is for: questionnaire (a question set), policy, or "
            "answers (for the question sets in use).",
        ),
    ] = SchemaKind.questionnaire,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the JSON Schema of question sets, policy.yaml or answers files, for editors and CI.

    Point your editor's YAML language server at it for completion and hover help. The
    answers schema is made from the question sets in use (--questionnaires), with each
    question's allowed values.

    Examples:

      outsource schema > questionnaire.schema.json
      outsource schema policy > policy.schema.json
      outsource schema answers --questionnaires my-sets/ > answers.schema.json
    """
    with _errors():
        from outsource_cli.questionnaire.schema import answers_schema, json_schema
        from outsource_cli.text import json_dumps

        if kind is SchemaKind.answers:
            from outsource_cli.questionnaire.catalog import builtin_directory

            catalog = _catalog(questionnaires)
            builtin = Path(catalog.directory).resolve() == builtin_directory().resolve()
            data = answers_schema(catalog, builtin=builtin)
        else:
            data = json_schema(kind.value)
        print(json_dumps(data))


from outsource_cli.vet import vet as _vet  # noqa: E402 (its own module: issue 26)

app.command("vet")(_reflowed(_vet))


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
    global _early_sigint
    _early_sigint = early_sigint
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
            _sigint(early_sigint)  # from here to the exit, Ctrl-C ends it at once
    except KeyboardInterrupt:  # outside any command body (e.g. while parsing)
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # e.g. `outsource --help | head -1`, or the last flush
        try:
            _closed_pipe()
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
    sys.exit(0)


for _command in app.registered_commands:  # help and errors as peers show them: see conventions
    if _command.cls in (None, TyperCommand):
        _command.cls = ConventionalCommand
