"""The shell's side of ``outsource assess``'s interview: where the answers are saved, resuming
an interrupted one, and signals that end it as Ctrl-C does.
"""

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outsource_cli.commands.common import (
    err,
    info,
)
from outsource_cli.errors import (
    InputError,
    Interrupted,
    UsageError,
    ctrl_c,
)

if TYPE_CHECKING:
    from outsource_cli.interview import State
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog


def has_terminal() -> bool:
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


def hint(lead: str, command: str = "") -> str:
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
                ctrl_c(signum, frame)

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
            err(f"recovered the answers of an interrupted save ({tmp.name}) and removed it")
        else:
            err(f"removed {tmp.name}, left by an interrupted save")
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
            err(
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


def run_interview(
    catalog: "Catalog",
    function: str | None,
    target: Path | None,
    resume: Path | None,
    *,
    adaptive: bool = True,
) -> tuple["AnswerSheet", Path]:
    """The interview: the function's name first (unless a resumed file has one) and, in a new
    interview, the currency of the money answers (a resumed one keeps its file's), then the
    questions (``adaptive``: what decides first, with the offer to finish once the result is
    settled), then the review. Answers are saved to ``target`` (by default a new file named
    after the function) after every answer."""
    from outsource_cli.interview import State

    gc.enable()  # a person's pace: the collector's passes cost nothing felt (see __main__)
    state, about = State(), _About(function)
    if resume is not None:
        state, about, target, adaptive = _resume(catalog, resume, target, function, adaptive)
    received: list[int] = []  # SIGTERM or SIGHUP: exit 128 + its number, as Ctrl-C otherwise
    if resume is None or not about.function:
        _ask_opening(about, resume, received)
    target = target or _default_autosave(about.function)

    def autosave(s: "State") -> None:
        save_answers_file(target, about.sheet(s), catalog)

    autosave(state)
    info(hint(f"Your answers are saved as you go in {target}"))
    _ask_questions(catalog, state, target, resume is not None, adaptive, autosave, received)
    return about.result(catalog, state), target


@dataclass
class _About:
    """What an answers file holds besides the answers, kept as it is through the interview
    (the function's name and the currency are asked at the start of a new one)."""

    function: str | None
    notes: str | None = None
    respondent: str | None = None
    currency: str | None = None

    def sheet(self, state: "State") -> "AnswerSheet":
        """The answers so far, as they are saved after every answer."""
        from outsource_cli.questionnaire.answers import AnswerSheet

        return AnswerSheet(
            dict(state.answers),
            self.function,
            self.notes,
            frozenset(state.skipped),
            defaulted=frozenset(state.defaulted),
            respondent=self.respondent,
            uncertain=dict(state.uncertain),
            not_asked=frozenset(state.not_asked),
            currency=self.currency,
        )

    def result(self, catalog: "Catalog", state: "State") -> "AnswerSheet":
        """The answers to decide from: those asked given the others, and every one given; with
        a resumed file's respondent, as ``assess --answers`` on that file has it."""
        from outsource_cli.questionnaire.catalog import walk

        effective, _ = walk(catalog, state.answers)
        return self.sheet(state)._replace(answers=effective, given=dict(state.answers))


def _resume(
    catalog: "Catalog", resume: Path, target: Path | None, function: str | None, adaptive: bool
) -> tuple["State", _About, Path, bool]:
    """The state of a resumed interview, what its file holds besides the answers, where to
    save them, and whether to go on adaptively."""
    from outsource_cli.interview import State

    partial, target = _resumed(catalog, resume, target or resume)
    state = State(
        dict(partial.answers),
        set(partial.skipped),
        set(partial.defaulted),
        dict(partial.uncertain),
    )
    about = _About(
        function or partial.function, partial.notes, partial.respondent, partial.currency
    )
    info(f"resuming {resume}: {len(state.answers) + len(state.skipped)} answers so far")
    # questions not asked because the result was settled: asked now, in full
    return state, about, target, adaptive and not partial.not_asked


def _ask_opening(about: _About, resume: Path | None, received: list[int]) -> None:
    """The function's name and, in a new interview, the currency (into ``about``); an
    interruption here saves nothing."""
    from outsource_cli.interview import InterviewInterrupted, State, ask_currency, ask_function

    try:
        with _hangup_as_interrupt(received):
            about.function = ask_function(about.function)
            if resume is None:  # asked once: a resumed interview keeps its file's
                about.currency = ask_currency()
    except (InterviewInterrupted, KeyboardInterrupt):  # a signal before the prompt too
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            err(
                "\ninterrupted before the first question; nothing was saved"
                if resume is None
                else f"\ninterrupted; nothing new was saved; resume with: "
                f"outsource assess --resume {resume}"
            )
        raise _interrupted(InterviewInterrupted(State()), received) from None


def _ask_questions(
    catalog: "Catalog",
    state: "State",
    target: Path,
    resumed: bool,
    adaptive: bool,
    autosave: "Callable[[State], None]",
    received: list[int],
) -> None:
    """The questions, then the review (unless the interview finished once settled); an
    interruption saves the answers and says how to resume."""
    from outsource_cli.interview import InterviewInterrupted, review, run

    try:
        with _hangup_as_interrupt(received):
            run(catalog, state, only_missing=resumed, on_change=autosave, adaptive=adaptive)
            autosave(state)
            if not state.not_asked:  # finished once settled: straight to the recommendation
                review(catalog, state, on_change=autosave)
    except (InterviewInterrupted, KeyboardInterrupt) as caught:  # a signal between prompts too
        exc = caught if isinstance(caught, InterviewInterrupted) else InterviewInterrupted(state)
        autosave(exc.state)
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            err(
                "\n"
                + hint(
                    f"interrupted; your answers are saved in {target}; resume with:",
                    f"outsource assess --resume {target}",
                )
            )
        raise _interrupted(exc, received) from None


def save_answers_file(path: Path, sheet: "AnswerSheet", catalog: "Catalog") -> None:
    from outsource_cli.files import write_atomic
    from outsource_cli.questionnaire.answers import dump_answers

    write_atomic(
        path, dump_answers(sheet, catalog, fmt="json" if path.suffix == ".json" else "yaml")
    )
