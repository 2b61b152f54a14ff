"""The command line: wires commands to the core, and maps errors to exit codes in one place.

Heavy modules (rich, questionary, pydantic models) are imported inside the commands that
need them, so ``outsource --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from outsource_cli import __version__
from outsource_cli.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    InputError,
    Interrupted,
    OutsourceError,
    UsageError,
)

if TYPE_CHECKING:
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog

app = typer.Typer(
    name="outsource",
    help="A decision assistant for sourcing decisions: keep in-house, hybrid or outsource.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class AssessFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


QuestionnairesOpt = Annotated[
    Path | None,
    typer.Option(
        "--questionnaires",
        "-q",
        help="Folder of question sets and policy.yaml to use instead of the built-in ones.",
        envvar="OUTSOURCE_QUESTIONNAIRES",
        show_default=False,
    ),
]


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of standard output.",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite the files this command writes if they exist.")
]


def _deliver(text: str, output: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        return
    from outsource_cli.files import write_atomic

    write_atomic(output, text)
    _err(f"wrote {output}")


def _err(message: str) -> None:
    """One message on standard error, with any control characters from files neutralised."""
    from outsource_cli.text import clean

    sys.stderr.write("\n".join(clean(line) for line in message.rstrip("\n").split("\n")) + "\n")


@contextlib.contextmanager
def _errors(debug: bool = False) -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except typer.Exit:
        raise
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


_WARNED: set[str] = set()


def _warn(message: str) -> None:
    """One warning line on standard error (each message once per run)."""
    if message not in _WARNED:
        _WARNED.add(message)
        _err(f"warning: {message}")


def _catalog(directory: Path | None) -> Catalog:
    from outsource_cli.questionnaire.catalog import load_catalog

    return load_catalog(directory, warn=_warn)


def _version(value: bool) -> None:
    if value:
        print(f"outsource-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """A decision assistant for sourcing decisions: keep in-house, hybrid or outsource.

    It interviews you (or reads an answers file), scores the function on core competency,
    control, access to skills, culture and cost, and recommends keep in-house, hybrid or
    outsource, with the form (ITO, BPO, KPO), the location, the reasons and the mitigations.
    """


@app.command()
def assess(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            help="Answers file (YAML or JSON): run without any prompt.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help="Go on with an interrupted interview: ask only what this answers "
            "file does not answer yet (it keeps being saved as you go).",
            show_default=False,
        ),
    ] = None,
    questionnaires: QuestionnairesOpt = None,
    output_format: Annotated[
        AssessFormat,
        typer.Option(
            "--format", "-f", help="Output format: text, json, or a markdown or html report."
        ),
    ] = AssessFormat.text,
    output: OutputOpt = None,
    set_answers: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SET.QUESTION=VALUE",
            help="What-if: override an answer, e.g. --set control.data_sensitivity=internal "
            "(repeatable).",
            show_default=False,
        ),
    ] = None,
    set_weights: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            metavar="SET=NUMBER",
            help="What-if: override a question set's weight, e.g. --weight cost=2 (repeatable).",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        bool,
        typer.Option(
            "--pairs", help="Also search pairs of answer changes (always done in reports)."
        ),
    ] = False,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            help="Save the answers to this file as you go (YAML; JSON if it "
            "ends in .json). Default for an interview: a new file in ~/.local/state/outsource-cli.",
            show_default=False,
        ),
    ] = None,
    function: Annotated[
        str | None,
        typer.Option(
            "--function",
            help="Name of the function being assessed (shown in the output).",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Assess a function: interview in the terminal, or read --answers FILE, and recommend."""
    with _errors():
        from outsource_cli.files import check_writable
        from outsource_cli.questionnaire.answers import AnswerSheet, load_answers

        if answers is not None and resume is not None:
            raise UsageError(
                "--answers and --resume do not go together: --answers runs without prompts"
            )
        if answers is None and not _has_terminal():
            raise UsageError(
                "the interview needs a terminal, and there is none on standard input/output; "
                "pass --answers FILE to assess from an answers file "
                "(`outsource template > answers.yaml` writes one to fill in)"
            )
        if save_answers is not None and save_answers != resume:
            check_writable(save_answers, force=force)
        if output is not None:
            check_writable(output, force=force)
        catalog = _catalog(questionnaires)
        if answers is not None:
            sheet = load_answers(answers, catalog)
            name = function or sheet.function
            if save_answers is not None:
                _save(
                    save_answers,
                    AnswerSheet(sheet.answers, name, sheet.notes, sheet.skipped),
                    catalog,
                )
        else:
            target = save_answers or resume or _default_autosave()
            sheet, target = _interview(catalog, function, target, resume)
            name = sheet.function
        _report(
            catalog,
            sheet.answers,
            name,
            output_format,
            output,
            set_answers or [],
            set_weights or [],
            pairs,
        )
        if answers is None:
            _err(f"answers saved in {target}; replay with: outsource assess --answers {target}")


def _report(
    catalog: Catalog,
    given: Mapping[str, Any],
    name: str | None,
    fmt: AssessFormat,
    output: Path | None,
    set_answers: list[str],
    set_weights: list[str],
    pairs: bool,
) -> None:
    """Decide (with any what-if), explain, and write the result in the format asked for."""
    from outsource_cli.decision.counterfactuals import analyse
    from outsource_cli.decision.engine import decide
    from outsource_cli.decision.whatif import parse
    from outsource_cli.output import report

    whatif = parse(catalog, set_answers, set_weights, given)
    answers, weights = whatif.apply(given), whatif.weight_map()
    decision = decide(catalog, answers, name, weights)
    full = pairs or fmt in (AssessFormat.markdown, AssessFormat.html)
    cf = analyse(catalog, answers, pairs=full, weights=weights)
    date = ""
    if fmt in (AssessFormat.markdown, AssessFormat.html):
        import datetime

        date = datetime.date.today().isoformat()
    if fmt is AssessFormat.json:
        from outsource_cli.text import json_dumps

        text = json_dumps(report.data(decision, cf, whatif)) + "\n"
    elif fmt is AssessFormat.markdown:
        text = report.markdown(decision, catalog, cf, whatif, date)
    elif fmt is AssessFormat.html:
        text = report.html_report(decision, catalog, cf, whatif, date)
    else:
        from outsource_cli.output.terminal import decision_text, print_decision

        if output is None:
            print_decision(decision, catalog, cf, whatif)
            return
        text = decision_text(decision, catalog, cf, whatif)
    _deliver(text, output)


def _has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _default_autosave() -> Path:
    """A new file for this interview's answers, in the user's state folder."""
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
    path, n = folder / f"interview-{stamp}.yaml", 1
    while path.exists():
        n += 1
        path = folder / f"interview-{stamp}-{n}.yaml"
    return path


@contextlib.contextmanager
def _hangup_as_interrupt(received: list[int]) -> Iterator[None]:
    """SIGTERM and SIGHUP during the interview end it as Ctrl-C does (answers saved, the resume
    hint printed); the signal is noted in ``received`` for the exit code (128 + its number)."""
    import signal

    def handler(signum: int, frame: object) -> None:
        if not received:  # the first one interrupts; a second one waits for the save
            received.append(signum)
            raise KeyboardInterrupt

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _resumed(catalog: Catalog, resume: Path, target: Path) -> tuple[AnswerSheet, Path]:
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
    catalog: Catalog, function: str | None, target: Path, resume: Path | None
) -> tuple[AnswerSheet, Path]:
    from outsource_cli.interview import InterviewInterrupted, State, review, run
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import walk

    state = State()
    notes = None
    if resume is not None:
        partial, target = _resumed(catalog, resume, target)
        state = State(dict(partial.answers), set(partial.skipped))
        function = function or partial.function
        notes = partial.notes
        _err(f"resuming {resume}: {len(state.answers)} answers so far")

    def autosave(s: State) -> None:
        _save(target, AnswerSheet(dict(s.answers), function, notes, frozenset(s.skipped)), catalog)

    _err(f"Your answers are saved as you go in {target}")
    received: list[int] = []
    try:
        with _hangup_as_interrupt(received):
            run(catalog, state, only_missing=resume is not None, on_change=autosave)
            autosave(state)
            review(catalog, state, on_change=autosave)
    except (InterviewInterrupted, KeyboardInterrupt) as caught:  # a signal between prompts too
        exc = caught if isinstance(caught, InterviewInterrupted) else InterviewInterrupted(state)
        autosave(exc.state)
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            _err(
                f"\ninterrupted; your answers are saved in {target}; resume with: outsource assess --resume {target}"
            )
        if received:
            exc.exit_code = 128 + received[0]  # 143 for SIGTERM, 129 for SIGHUP
        raise exc from None
    effective, _ = walk(catalog, state.answers)
    return AnswerSheet(effective, function, notes, frozenset(state.skipped)), target


def _save(path: Path, sheet: AnswerSheet, catalog: Catalog) -> None:
    from outsource_cli.files import write_atomic
    from outsource_cli.questionnaire.answers import dump_answers

    write_atomic(
        path, dump_answers(sheet, catalog, fmt="json" if path.suffix == ".json" else "yaml")
    )


@app.command("questionnaires")
def list_questionnaires(
    questionnaires: QuestionnairesOpt = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """List the question sets in use, with their weights and number of questions."""
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
def template(
    questionnaires: QuestionnairesOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write an answers skeleton: every question, with its allowed values as comments."""
    with _errors():
        from outsource_cli.questionnaire.answers import template as make_template

        if output is not None:
            from outsource_cli.files import check_writable

            check_writable(output, force=force)
        _deliver(make_template(_catalog(questionnaires)), output)


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command()
def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files, or folders of them (their top-level *.yaml, *.yml, *.json).",
            show_default=False,
        ),
    ],
    questionnaires: QuestionnairesOpt = None,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Rank several functions by score: outcome, form, location, confidence, top reason; and
    flag concentration risk."""
    with _errors():
        from outsource_cli.decision import portfolio
        from outsource_cli.decision.engine import decide
        from outsource_cli.files import check_writable
        from outsource_cli.questionnaire.answers import load_answers

        if output is not None:
            check_writable(output, force=force)
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.iterdir()
                        if p.exists() and not p.is_dir() and p.suffix in (".yaml", ".yml", ".json")
                    )
                )
            else:
                files.append(path)
        if not files:
            raise UsageError("no answers files found in " + ", ".join(str(p) for p in paths))
        catalog = _catalog(questionnaires)
        entries, problems = [], []
        for f in files:
            try:
                sheet = load_answers(f, catalog)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            entries.append(
                (sheet.function or f.stem, str(f), decide(catalog, sheet.answers, sheet.function))
            )
        if problems:
            raise InputError(problems)
        result = portfolio.rank(entries, catalog.policy.portfolio)
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
        _deliver(render(result), output)


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files and folders to lint (question sets, policy.yaml, answers files). "
            "Default: the --questionnaires folder, or the built-in sets.",
            show_default=False,
        ),
    ] = None,
    questionnaires: QuestionnairesOpt = None,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Output format on standard output.")
    ] = LintFormat.text,
    sarif_output: Annotated[
        Path | None,
        typer.Option(
            "--sarif-output", help="Also write SARIF 2.1.0 to this file.", show_default=False
        ),
    ] = None,
    json_output: Annotated[
        Path | None,
        typer.Option("--json-output", help="Also write JSON to this file.", show_default=False),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="A pyproject.toml with [tool.outsource-lint] (default: the nearest one).",
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore any [tool.outsource-lint].")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Check question sets, policy and answers files; exit 1 on findings (ruff-style output)."""
    with _errors(debug):
        from outsource_cli.files import write_atomic
        from outsource_cli.lint.formats import FORMATS
        from outsource_cli.lint.runner import find_config, lint_paths, load_config
        from outsource_cli.questionnaire.catalog import builtin_directory

        targets = list(paths or [questionnaires or builtin_directory()])
        settings = load_config(None if no_config else (config or find_config(Path.cwd())))
        result = lint_paths(
            targets, catalog_for_answers=lambda: _catalog(questionnaires), config=settings
        )
        for path, fmt in ((sarif_output, "sarif"), (json_output, "json")):
            if path is not None:
                if path.is_dir():
                    raise UsageError(f"{path}: is a directory; give a file name")
                write_atomic(path, FORMATS[fmt](result, strict))
        sys.stdout.write(FORMATS[output_format.value](result, strict))
        if result.failed(strict):
            raise typer.Exit(EXIT_FINDINGS)


class SchemaKind(StrEnum):
    questionnaire = "questionnaire"
    policy = "policy"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="Which file the schema is for.")
    ] = SchemaKind.questionnaire,
) -> None:
    """Print the JSON Schema of question-set files (or of policy.yaml), for editors and CI."""
    with _errors():
        from outsource_cli.questionnaire.schema import json_schema

        print(json.dumps(json_schema(kind.value), indent=2))


def main() -> NoReturn:
    try:
        app()
    except KeyboardInterrupt:  # outside any command body (e.g. while parsing)
        _err("interrupted")
        sys.exit(130)
    sys.exit(0)
