"""The interactive interview: the one module that prompts.

One loop walks the questions in asking order, skipping those whose ``when`` does not hold
given the answers so far. Every prompt opens on the question's suggested default, or on
"Not sure" when it has none (the built-in risk questions have none, so pressing Enter never
quietly answers them permissively); an answer taken by pressing Enter on the suggestion,
with nothing moved, ticked or typed, is recorded as ``defaulted`` (one moved to, typed or
picked by its number is the user's choice, even when it is the suggestion). Choices at the
bottom of each list leave the question open ("Not sure"), show the help text, or go back to
the previous question. "Not sure → between which?" records an
uncertain answer: the options it could be (a choice), or two numbers it lies between (``~``
at a number's prompt, or typed at once as ``10 to 25``); see docs/uncertainty.md.

Two ways to prompt, with the same questions and keys: questionary (arrow keys) on an ordinary
terminal, and a plain one (numbered choices read a line at a time, no escape sequences) when
the terminal cannot move the cursor: ``TERM=dumb``, no ``TERM`` at all, or
``OUTSOURCE_PLAIN=1``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from outsource_cli.errors import Interrupted
from outsource_cli.questionnaire.answers import coerce, display
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.questionnaire.uncertain import NumberRange, OneOf, Uncertain, describe, point
from outsource_cli.text import clean, number, one_line

HELP, SKIP, BACK, BETWEEN = "\x00help", "\x00skip", "\x00back", "\x00between"
DONE, CHANGE, MORE, ALL = "\x00done", "\x00change", "\x00more", "\x00all"
# Keys the plain prompts (and the number prompt) take for the special choices.
KEYS = {HELP: "?", BACK: "<", SKIP: "-", BETWEEN: "~"}


@dataclass
class State:
    """Answers so far; ``skipped`` holds questions left open on purpose ("Not sure");
    ``defaulted`` the answers taken with Enter on the suggestion (see :func:`is_default`);
    ``uncertain`` the answers given as "between which?" (``answers`` holds their point
    estimates)."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    defaulted: set[str] = field(default_factory=set)
    uncertain: dict[str, Uncertain] = field(default_factory=dict)
    # not asked: the adaptive interview finished once the result was settled without them
    not_asked: set[str] = field(default_factory=set)

    def record(
        self, qid: str, result: Any, *, defaulted: bool = False, question: Question | None = None
    ) -> None:
        """An answer, "Not sure" (SKIP), or an uncertain answer (``question`` gives its
        point estimate)."""
        self.defaulted.discard(qid)
        self.uncertain.pop(qid, None)
        self.not_asked.discard(qid)
        if result is SKIP:
            self.answers.pop(qid, None)
            self.skipped.add(qid)
        elif isinstance(result, NumberRange | OneOf):
            assert question is not None
            self.uncertain[qid] = result
            self.answers[qid] = point(question, result)
            self.skipped.discard(qid)
        else:
            self.answers[qid] = result
            self.skipped.discard(qid)
            if defaulted:
                self.defaulted.add(qid)

    def shown(self, q: Question, qid: str) -> str:
        """The answer to ``qid`` as a person reads it ("between 10 and 25 %" too)."""
        if qid in self.uncertain:
            return describe(q, self.uncertain[qid], display)
        return display(q, self.answers.get(qid))


def is_default(
    q: Question,
    current: AnswerValue | None,
    result: Any,
    *,
    untouched: bool,
    was_defaulted: bool = False,
) -> bool:
    """Whether ``result`` was taken as the interview suggested it: Enter pressed on the
    suggestion the prompt opened on, with nothing moved, ticked or typed (``untouched``).
    That is all the tool can know: an answer moved to (even away and back), typed, or picked
    by its number was chosen. A question answered before and kept with Enter stays as it was
    (``was_defaulted``)."""
    if not untouched:
        return False
    if current is not None:
        return was_defaulted and result == current
    if q.default is None or isinstance(result, NumberRange | OneOf) or result in (SKIP, HELP, BACK):
        return False
    default = q.default
    if q.type == "multi":
        wanted = default if isinstance(default, tuple) else (default,)
        return isinstance(result, tuple) and set(result) == {str(v) for v in wanted}
    return type(result) is type(default) and result == default


class InterviewInterrupted(Interrupted):
    def __init__(self, state: State) -> None:
        self.state = state
        super().__init__("interrupted")


def interrupt_prompt() -> bool:
    """End the prompt on screen as Ctrl-C does, from a signal handler (SIGTERM, SIGHUP): the
    prompt's own event loop raises the interrupt, so it never lands inside one of its
    callbacks (which printed a traceback). False when no prompt is running (the plain
    interview, or between questions): the caller raises the interrupt itself."""
    if "prompt_toolkit" not in sys.modules:
        return False
    from prompt_toolkit.application.current import get_app_or_none

    app = get_app_or_none()
    loop = getattr(app, "loop", None)
    if app is None or not app.is_running or loop is None:
        return False

    def stop() -> None:
        if app.future is not None and not app.future.done():
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

    loop.call_soon_threadsafe(stop)
    return True


def plain_terminal() -> bool:
    """Whether to prompt plainly: the terminal cannot move the cursor (or the user asks)."""
    if os.environ.get("OUTSOURCE_PLAIN", "") not in ("", "0"):
        return True
    term = os.environ.get("TERM")
    return term == "dumb" or (term is None and sys.platform != "win32")


# ---------------------------------------------------------------- the two ways to prompt


Option = tuple[str, Any]  # (label, value)


def _answer(question: Any) -> tuple[Any, bool]:
    """The answer to a questionary prompt, and whether the user moved or ticked anything in
    its menu before Enter (``False``: Enter on what the menu opened on).

    KeyboardInterrupt on Ctrl-C, and on a SIGINT signal too: while a prompt runs,
    prompt_toolkit turns SIGINT into a ``<sigint>`` key, which its menus ignore (``kill
    -INT``, or a Ctrl-C pressed in the instant before the menu takes the terminal, did
    nothing). EOFError on Ctrl-D at a menu, and in a text field with the cursor at its end
    (where Ctrl-D would delete nothing): the menus ignored it."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    bindings = KeyBindings()

    @bindings.add("<sigint>")
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @Condition
    def at_end() -> bool:
        document = get_app().current_buffer.document
        return document.is_cursor_at_the_end

    @bindings.add("c-d", filter=at_end)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    app = question.application
    app.key_bindings = (
        merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
    )
    menus = [c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl)]
    opened = [(c.pointed_at, list(c.selected_options)) for c in menus]
    moved = False

    def watch(_: object) -> None:
        nonlocal moved
        now = [(c.pointed_at, list(c.selected_options)) for c in menus]
        moved = moved or now != opened

    app.key_processor.after_key_press += watch
    return question.unsafe_ask(), moved


class _Fancy:
    """questionary: arrow keys and Enter, space to tick."""

    # The last prompt ended with Enter on what it opened on: nothing moved, ticked or typed.
    untouched = False

    def say(self, text: str, style: str = "") -> None:
        import questionary

        questionary.print(text, style=style or None)

    def _fit(
        self, message: str, instruction: str = "", short: str = "Your answer"
    ) -> tuple[str, str]:
        """The prompt's own line wraps letter by letter: a question too long for it (with the
        instruction after it) is shown above, folded at words, and the prompt says ``short``;
        an instruction too long even then is shown above it too (the prompt gets a space)."""
        columns = _size().columns

        def fits(text: str) -> bool:
            return len(f"? {text} {instruction}".rstrip()) < columns

        if fits(message):
            return message, instruction
        self.say(_wrap(message, indent=0), style="bold")
        if not instruction or fits(short):
            return short, instruction
        self.say(_wrap(instruction, indent=0))
        return short, " "

    def _echo(self, message: str, answer: str) -> None:
        """The question and the answer given, once the prompt is gone (it is erased when
        done: its own echo wraps letter by letter), folded at words to the terminal."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from questionary.constants import DEFAULT_STYLE

        head = f"? {message}"
        width = max(20, _size().columns - 1)
        folded = textwrap.fill(
            f"{head} {answer}".rstrip(),
            width,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        # where the answer starts in the folded text: after as many letters as the head has
        letters, split = len("".join(head.split())), len(folded)
        for i, char in enumerate(folded):
            if letters == 0:
                split = i
                break
            letters -= not char.isspace()
        print_formatted_text(
            FormattedText(
                [
                    ("class:qmark", folded[:1]),
                    ("class:question", folded[1:split]),
                    ("class:answer", folded[split:]),
                ]
            ),
            style=DEFAULT_STYLE,
        )

    @staticmethod
    def _fold(label: str, indent: int) -> str:
        """A choice folded at words to the terminal (its own folding would be by letters),
        continuation lines under the label's first letter."""
        width = max(20, _size().columns - indent - 1)
        return ("\n" + " " * indent).join(
            textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [""]
        )

    def select(
        self, message: str, options: Sequence[Option], default: Any, extras: Sequence[Option]
    ) -> Any:
        from questionary import Choice, Separator, select

        choices = [Choice(self._fold(label, 3), value=value) for label, value in options]
        more = [Choice(label, value=v) for label, v in extras]
        start = next((c for c in [*choices, *more] if c.value == default), choices[0])
        tail: list[Any] = [Separator(), *more] if extras else []
        shown, instruction = self._fit(message, "(Use arrow keys)")
        picked, moved = _answer(
            select(
                shown,
                choices=[*choices, *tail],
                default=start,
                instruction=instruction,
                erase_when_done=True,
            )
        )
        self.untouched = not moved
        self._echo(shown, next((label for label, v in [*options, *extras] if v == picked), ""))
        return picked

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        checked: Sequence[Any],
        extras: Sequence[Option],
        required: bool,
    ) -> list[Any]:
        from questionary import Choice, Separator, checkbox

        choices = [
            Choice(self._fold(label, 5), value=v, checked=v in checked) for label, v in options
        ]
        shown, instruction = self._fit(
            message,
            "(space to tick, Enter to go on"
            + ("; tick a ? or ← line to use it)" if extras else ")"),
        )
        picked: list[Any]
        picked, moved = _answer(
            checkbox(
                shown,
                choices=[
                    *choices,
                    *([Separator()] if extras else []),
                    *(Choice(label, value=v) for label, v in extras),
                ],
                instruction=instruction,
                validate=lambda sel: bool(sel) or not required or "Tick at least one option",
                erase_when_done=True,
            )
        )
        self.untouched = not moved
        labels = [label for label, v in [*options, *extras] if v in picked]
        self._echo(shown, "; ".join(labels) or "none")
        return picked

    def text(
        self,
        message: str,
        validate: Callable[[str], bool | str],
        default: str = "",
        hint: str = "",
    ) -> str:
        from questionary import text

        if hint:
            self.say(_wrap(message, indent=0), style="bold")
            message = hint
        shown = self._fit(message)[0]
        answer: str = _answer(
            text(shown, default=default, validate=validate, erase_when_done=True)
        )[0]
        self.untouched = answer == default
        self._echo(shown, answer)
        return answer


class _Plain:
    """Numbered choices and plain lines: for terminals that cannot move the cursor."""

    # The last prompt ended with Enter on an empty line: what it offered was taken.
    untouched = False

    def say(self, text: str, style: str = "") -> None:
        print(text, flush=True)

    def _ask(self, prompt: str) -> str:
        return input(prompt).strip()

    def _menu(self, message: str, options: Sequence[Option], extras: Sequence[Option]) -> None:
        print(_wrap(message, indent=0), flush=True)
        for n, (label, _) in enumerate(options, 1):
            print(_wrap(f"{n}) {label}", indent=2, hang=len(f"{n}) ")), flush=True)
        for label, value in extras:
            key = KEYS.get(value)
            label = label.removeprefix("? ").removeprefix("← ")  # the key says it
            print(_wrap(f"{key}) {label}" if key else label, indent=2), flush=True)

    def _special(self, raw: str, extras: Sequence[Option]) -> Any:
        return next((v for _, v in extras if KEYS.get(v) == raw), None)

    def select(
        self, message: str, options: Sequence[Option], default: Any, extras: Sequence[Option]
    ) -> Any:
        self._menu(message, options, extras)
        values = [v for _, v in options]
        extra_values = [v for _, v in extras]
        if default in values:
            enter: Any = values.index(default) + 1
        elif default in extra_values and default in KEYS:
            enter = KEYS[default]  # e.g. "-": "Not sure"
        else:
            enter = 1
        keys = "".join(f", {KEYS[v]}" for _, v in extras if v in KEYS)
        while True:
            raw = self._ask(f"Choice [1-{len(options)}{keys}; Enter = {enter}]: ")
            self.untouched = not raw
            if not raw:
                return values[enter - 1] if isinstance(enter, int) else default
            special = self._special(raw, extras)
            if special is not None:
                return special
            if raw.isdigit() and 1 <= int(raw) <= len(options):
                return values[int(raw) - 1]
            print(
                f"  Type a number from 1 to {len(options)}{keys.replace(', ', ' or ')}.", flush=True
            )

    def checkbox(
        self,
        message: str,
        options: Sequence[Option],
        checked: Sequence[Any],
        extras: Sequence[Option],
        required: bool,
    ) -> list[Any]:
        self._menu(message, options, extras)
        values = [v for _, v in options]
        start = [n for n, v in enumerate(values, 1) if v in checked]
        shown = ",".join(map(str, start)) or "none"
        keys = "".join(f", {KEYS[v]}" for _, v in extras if v in KEYS)
        while True:
            raw = self._ask(f"Numbers, separated by commas [Enter = {shown}{keys}]: ")
            self.untouched = not raw
            special = self._special(raw, extras)
            if special is not None:
                return [special]
            parts = raw.replace(",", " ").split() if raw else [str(n) for n in start]
            if all(p.isdigit() and 1 <= int(p) <= len(values) for p in parts):
                if parts or not required:
                    return [values[int(p) - 1] for p in dict.fromkeys(parts)]
                print("  Tick at least one option.", flush=True)
                continue
            print(f"  Type numbers from 1 to {len(values)}, e.g. 1,3.", flush=True)

    def text(
        self,
        message: str,
        validate: Callable[[str], bool | str],
        default: str = "",
        hint: str = "",
    ) -> str:
        print(_wrap(message, indent=0), flush=True)
        while True:
            prompt = f"[{hint}]: " if hint else f"[Enter = {default}]: " if default else "> "
            typed = self._ask(prompt)
            self.untouched = not typed
            raw = typed or default
            verdict = validate(raw)
            if verdict is True:
                return raw
            print(f"  {verdict}", flush=True)


def _size() -> os.terminal_size:
    """The terminal's size: ``COLUMNS``/``LINES`` first, then the terminal the interview
    writes to (standard output, or the terminal itself when standard output is redirected)."""
    try:
        fallback = os.get_terminal_size(sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):
        fallback = os.terminal_size((80, 24))
    return shutil.get_terminal_size((fallback.columns, fallback.lines))


@contextlib.contextmanager
def on_the_terminal() -> Iterator[None]:
    """The interview on the terminal when standard output is redirected, as ``git commit``
    and ``fzf`` do: its questions go to the terminal itself (/dev/tty), and the answer,
    printed afterwards, to standard output."""
    try:
        tty = None if sys.stdout.isatty() else open("/dev/tty", "w", errors="replace")  # noqa: SIM115
    except OSError:  # no terminal to open: as it is (the caller checked there is one)
        tty = None
    if tty is None:
        yield
        return
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with tty, contextlib.redirect_stdout(tty), create_app_session(output=create_output(tty)):
        yield


def _ui() -> _Fancy | _Plain:
    return _Plain() if plain_terminal() else _Fancy()


# ---------------------------------------------------------------- the interview


def ask_function(default: str | None = None) -> str:
    """The name of the function being assessed: the interview's first question."""
    ui = _ui()

    def valid(text: str) -> bool | str:
        return bool(one_line(text)) or "Give the function a name, e.g. Accounts payable at Acme"

    try:
        ui.say("\nWhich function are you assessing?", style="bold")
        name = ui.text(
            "Its name, as it should appear in the recommendation (e.g. Accounts payable at Acme):",
            valid,
            default=one_line(default or ""),
        )
    except (KeyboardInterrupt, EOFError):
        raise InterviewInterrupted(State()) from None
    return one_line(name)


# the currency of a few territories, for the suggested answer (a locale's language_TERRITORY)
_EURO = [
    "AT",
    "BE",
    "CY",
    "DE",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PT",
    "SI",
    "SK",
]
_TERRITORY_CURRENCY = {
    **dict.fromkeys(_EURO, "EUR"),
    **{"GB": "GBP", "US": "USD", "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK"},
    **{"PL": "PLN", "CZ": "CZK", "HU": "HUF", "CA": "CAD", "AU": "AUD", "NZ": "NZD"},
    **{"JP": "JPY", "CN": "CNY", "IN": "INR", "SG": "SGD", "ZA": "ZAR", "BR": "BRL"},
}


def locale_currency(environ: dict[str, str] | None = None) -> str:
    """The currency the locale suggests (LC_ALL, LC_MONETARY or LANG, e.g. en_GB.UTF-8 gives
    GBP); EUR when it names no territory this knows."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = env.get(key, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return _TERRITORY_CURRENCY.get(territory, "EUR")
    return "EUR"


def ask_currency(default: str | None = None) -> str:
    """The currency of the money figures (an ISO 4217 code), asked once after the name."""
    from outsource_cli.questionnaire.answers import currency_problem

    ui = _ui()

    def valid(text: str) -> bool | str:
        return currency_problem(text.strip().upper()) or True

    try:
        code = ui.text(
            "The currency of the costs you will give (ISO code, e.g. EUR, USD, GBP):",
            valid,
            default=default or locale_currency(),
        )
    except (KeyboardInterrupt, EOFError):
        raise InterviewInterrupted(State()) from None
    return code.strip().upper()


def run(
    catalog: Catalog,
    state: State | None = None,
    *,
    only_missing: bool = False,
    on_change: Callable[[State], None] | None = None,
    adaptive: bool = False,
) -> State:
    """Ask the questions; returns the final state. Ctrl-C raises :class:`InterviewInterrupted`.

    ``only_missing`` asks only questions that have neither an answer nor a deliberate skip.
    ``adaptive`` asks the question that decides most first (:mod:`~outsource_cli.decision.
    adaptive`) and, once nothing an open answer could do changes the recommendation, offers
    to finish: finishing records the questions left in ``state.not_asked``.
    """
    if adaptive:
        return _run_adaptive(catalog, state or State(), only_missing, on_change)
    ui = _ui()
    state = state or State()
    order = list(catalog.questions)
    given = set(state.answers) | set(state.skipped) if only_missing else set()
    history: list[int] = []
    i = 0
    try:
        while i < len(order):
            qid = order[i]
            _, shown = walk(catalog, state.answers)
            if qid not in shown or qid in given:
                i += 1
                continue
            ui.say(progress(catalog, qid, shown), style="bold")
            q, current = catalog.questions[qid], state.answers.get(qid)
            result = _ask(ui, q, current, can_go_back=bool(history))
            if result is BACK:
                i = history.pop()
                continue
            defaulted = is_default(
                q, current, result, untouched=ui.untouched, was_defaulted=qid in state.defaulted
            )
            state.record(qid, result, defaulted=defaulted, question=q)
            if on_change:
                on_change(state)
            history.append(i)
            i += 1
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None
    return state


FINISH, GO_ON = "\x00finish", "\x00go_on"


def _run_adaptive(
    catalog: Catalog,
    state: State,
    only_missing: bool,
    on_change: Callable[[State], None] | None,
) -> State:
    """The adaptive interview: see :func:`run`."""
    from outsource_cli.decision import adaptive

    ui = _ui()
    context = adaptive.Context(catalog)
    given = set(state.answers) | set(state.skipped) if only_missing else set()
    history: list[str] = []
    asked = 0
    offered = False  # the offer to finish is made once; "go on" asks the rest in order
    last: str | None = None
    redo: str | None = None  # a question to ask again (after "← Back")
    try:
        while True:
            values = adaptive.possible(catalog, state.answers, context)
            now = adaptive.settled(catalog, state.answers, values, context)
            left = [q for q in now.remaining if q not in state.skipped and q not in given]
            if now.done and not offered and left and redo is None:
                offered = True
                if _offer_finish(ui, asked, len(left)):
                    state.not_asked = set(left)
                    if on_change:
                        on_change(state)
                    return state
            qid = redo or adaptive.next_question(
                catalog,
                state.answers,
                skipped=state.skipped | given,
                last=last,
                context=context,
            )
            redo = None
            if qid is None:
                return state
            ui.say(settled_progress(catalog, qid, asked + 1, now), style="bold")
            q, current = catalog.questions[qid], state.answers.get(qid)
            result = _ask(ui, q, current, can_go_back=bool(history))
            if result is BACK:
                redo = history.pop()
                asked -= 1
                given.discard(redo)
                continue
            defaulted = is_default(
                q, current, result, untouched=ui.untouched, was_defaulted=qid in state.defaulted
            )
            state.record(qid, result, defaulted=defaulted, question=q)
            if on_change:
                on_change(state)
            history.append(qid)
            asked += 1
            last = qid
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None


def _offer_finish(ui: _Fancy | _Plain, asked: int, left: int) -> bool:
    """Say that the result is settled, and ask whether to finish now (True) or go on."""
    questions = "question" if asked == 1 else "questions"
    more = "question" if left == 1 else "questions"
    ui.say(
        "\n"
        + _wrap(
            f"Settled after {asked} {questions}: nothing you could answer now changes the "
            f"recommendation. {left} more {more} would refine the business case and the plan.",
            indent=0,
        ),
        style="bold",
    )
    picked = ui.select(
        "Finish now, or go on?",
        [
            ("Finish now: show the recommendation (the rest are listed as not asked)", FINISH),
            (f"Go on: answer the {left} remaining {more}", GO_ON),
        ],
        FINISH,
        [],
    )
    return bool(picked == FINISH)


def settled_progress(catalog: Catalog, qid: str, number: int, now: Any) -> str:
    """``Question 12 · settled: outcome, location; open: model · Control and risk``: how many
    questions so far and what the answers so far settle (``now``: :class:`~outsource_cli.
    decision.adaptive.Settled`), never an "of about N" that grows."""
    status = []
    if now.settled:
        status.append("settled: " + ", ".join(now.settled))
    if now.open:
        status.append("open: " + ", ".join(now.open))
    line = f"Question {number} · {'; '.join(status)} · {one_line(catalog.set_of[qid].title)}"
    return "\n" + _wrap(line, indent=0)


def progress(catalog: Catalog, qid: str, shown: list[str]) -> str:
    """``Question 12 of about 40 · Control and risk``: where the question stands among those
    shown given the answers so far ("about": follow-ups can still appear or go)."""
    qs = catalog.set_of[qid]
    return f"\nQuestion {shown.index(qid) + 1} of about {len(shown)} · {one_line(qs.title)}"


def review(
    catalog: Catalog, state: State, *, on_change: Callable[[State], None] | None = None
) -> State:
    """The answers a page at a time (a page fits the terminal); Enter goes on to the
    recommendation, or pick one to change. After a change only what changed is shown."""
    ui = _ui()
    before = {q: state.shown(x, q) for q, x in catalog.questions.items()}
    page, show_page = 0, True
    try:
        while True:
            _, shown = walk(catalog, state.answers)
            changed = [q for q in shown if before.get(q) != state.shown(catalog.questions[q], q)]
            pages = _pages(_review_lines(catalog, state, shown, set(changed)))
            page = min(page, len(pages) - 1)
            if show_page:
                title = f"Your answers ({len(shown)})"
                if len(pages) > 1:
                    title += f" · page {page + 1} of {len(pages)}"
                ui.say("\n" + title, style="bold")
                for line in pages[page]:
                    ui.say(line, style="bold" if not line.startswith("    ") else "")
            if changed:
                ui.say(
                    f"\nChanged in this review ({len(changed)}): "
                    + "; ".join(
                        f"{one_line(catalog.questions[q].text)} → "
                        f"{one_line(state.shown(catalog.questions[q], q))}"
                        for q in changed[-3:]
                    )
                    + (" …" if len(changed) > 3 else ""),
                    style="bold",
                )
            options: list[Option] = [
                ("Show the recommendation", DONE),
                ("Change an answer", CHANGE),
            ]
            if len(pages) > 1:
                nxt = (page + 1) % len(pages)
                options.append((f"Show page {nxt + 1} of {len(pages)} of your answers", MORE))
            elif not show_page:
                options.append(("Show all your answers", ALL))
            picked = ui.select("Review", options, DONE, [])
            if picked == DONE:
                return state
            if picked in (MORE, ALL):
                page, show_page = (page + 1) % len(pages) if picked == MORE else 0, True
                continue
            qid = _pick_answer(ui, catalog, state, shown)
            if qid == BACK:
                continue
            q, current = catalog.questions[qid], state.answers.get(qid)
            result = _ask(ui, q, current, can_go_back=False)
            defaulted = is_default(
                q, current, result, untouched=ui.untouched, was_defaulted=qid in state.defaulted
            )
            state.record(qid, result, defaulted=defaulted, question=q)
            if on_change:
                on_change(state)
            run(catalog, state, only_missing=True, on_change=on_change)  # newly shown questions
            show_page = False  # show what changed, not the whole list again
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None


def _pick_answer(ui: _Fancy | _Plain, catalog: Catalog, state: State, shown: list[str]) -> str:
    """The answer to change: first the question set, then the question (each list short
    enough for any terminal); BACK to return to the review."""
    by_set: dict[str, list[str]] = {}
    for q in shown:
        by_set.setdefault(catalog.set_of[q].id, []).append(q)
    back = [("← Back to the review", BACK)]
    while True:
        set_id = next(iter(by_set))
        if len(by_set) > 1:
            sets = [
                (f"{one_line(catalog.set_of[q[0]].title)} ({len(q)})", s) for s, q in by_set.items()
            ]
            set_id = ui.select("Which question set?", sets, set_id, back)
            if set_id == BACK:
                return BACK
        choices = [
            (
                f"{one_line(catalog.questions[q].text)} "
                f"[{one_line(state.shown(catalog.questions[q], q))}]",
                q,
            )
            for q in by_set[set_id]
        ]
        extras = [("← Back to the question sets", BACK)] if len(by_set) > 1 else back
        picked: str = ui.select("Which answer?", choices, choices[0][1], extras)
        if picked != BACK or len(by_set) == 1:
            return picked


def _review_lines(catalog: Catalog, state: State, shown: list[str], changed: set[str]) -> list[str]:
    lines: list[str] = []
    current_set = None
    for qid in shown:
        qs = catalog.set_of[qid]
        if qs.id != current_set:
            lines.append(f"  {one_line(qs.title)}")
            current_set = qs.id
        q = catalog.questions[qid]
        mark = "* " if qid in changed else ""
        answer = one_line(state.shown(q, qid))
        lines.extend(_wrap(f"{mark}{one_line(q.text)} → {answer}", indent=4).split("\n"))
    return lines


def _pages(lines: list[str]) -> list[list[str]]:
    """``lines`` in pages that leave room for the title and the menu in the terminal."""
    rows = max(8, _size().lines - 12)
    pages: list[list[str]] = [[]]
    for line in lines:
        starts_set = not line.startswith("    ")
        if len(pages[-1]) >= rows or (starts_set and len(pages[-1]) >= rows - 2):
            pages.append([])
        pages[-1].append(line)
    return pages


def _ask(
    ui: _Fancy | _Plain, q: Question, current: AnswerValue | None, *, can_go_back: bool
) -> Any:
    while True:
        if q.type == "number":
            result = _ask_number(ui, q, current, can_go_back)
        elif q.type == "multi":
            result = _ask_multi(ui, q, current, can_go_back)
        else:
            result = _ask_choice(ui, q, current, can_go_back)
        if result is HELP:
            ui.say(_help_text(q), style="italic")
            continue
        return result


def _help_text(q: Question) -> str:
    return _wrap(one_line(q.help) if q.help else "No help text for this question.", indent=2)


def _wrap(text: str, *, indent: int, hang: int = 2) -> str:
    """``text`` folded to the terminal's width, every line indented (continuations by
    ``hang`` more), never breaking a word."""
    width = max(40, min(100, _size().columns - 2))
    pad = " " * indent
    return textwrap.fill(
        text,
        width=width,
        initial_indent=pad,
        subsequent_indent=pad + " " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


NOT_SURE_LABEL = "Not sure (leave it open)"
BETWEEN_LABEL = "Not sure → between which?"


def _extras(q: Question, can_go_back: bool) -> list[Option]:
    extras: list[Option] = [(NOT_SURE_LABEL, SKIP), ("? Why this matters", HELP)]
    if can_go_back:
        extras.append(("← Back to the previous question", BACK))
    if q.type not in ("multi", "number"):  # a number takes "10 to 25"; see _ask_number
        extras.append((BETWEEN_LABEL, BETWEEN))
    return extras


def _ask_choice(
    ui: _Fancy | _Plain, q: Question, current: AnswerValue | None, can_go_back: bool
) -> Any:
    keys = {f"o{i}": o.value for i, o in enumerate(q.options)}
    options = [(clean(o.label), f"o{i}") for i, o in enumerate(q.options)]
    start = current if current is not None else q.default
    extras = _extras(q, can_go_back)
    default = next(
        (k for k, v in keys.items() if start is not None and type(v) is type(start) and v == start),
        SKIP,  # no suggestion: it opens on "Not sure"
    )
    picked = ui.select(one_line(q.text), options, default, extras)
    if picked == BETWEEN:
        ticked = ui.checkbox(
            "Not sure: which could it be? Tick each answer it could be (none leaves it open)",
            options,
            [],
            [],
            False,
        )
        values = [keys[k] for k in ticked if k in keys]
        if not values:
            return SKIP
        from outsource_cli.questionnaire import uncertain

        return uncertain.read(q, {"one_of": values}, coerce)  # one ticked: that answer
    return keys.get(picked, picked)


def _ask_multi(
    ui: _Fancy | _Plain, q: Question, current: AnswerValue | None, can_go_back: bool
) -> Any:
    start = (
        current
        if isinstance(current, tuple)
        else (q.default if isinstance(q.default, tuple) else (q.default,) if q.default else ())
    )
    options = [(clean(o.label), f"o{i}") for i, o in enumerate(q.options)]
    checked = [f"o{i}" for i, o in enumerate(q.options) if o.value in start]
    picked = ui.checkbox(one_line(q.text), options, checked, _extras(q, can_go_back), q.required)
    for special in (BACK, HELP, SKIP):
        if special in picked:
            return special
    return tuple(q.options[int(k[1:])].value for k in picked)


def _ask_number(
    ui: _Fancy | _Plain, q: Question, current: AnswerValue | None, can_go_back: bool
) -> Any:
    unit = f" {one_line(q.unit)}" if q.unit else ""
    assert q.min is not None and q.max is not None
    bounds = f"{number(q.min or 0)} to {number(q.max or 0)}{unit}"
    start = current if isinstance(current, int | float) else q.default
    if not isinstance(start, int | float) or isinstance(start, bool):
        start = None  # Enter leaves it open ("not sure")
    keys = (
        (f"Enter for {start:g}" if start is not None else "Enter if not sure")
        + "; ? for help"
        + (", < to go back" if can_go_back else "")
        + ", - if not sure, ~ if between two"
    )

    def valid(text: str) -> bool | str:
        text = text.strip()
        if text in ("?", ""):
            return True
        if text == "<":
            return can_go_back or "There is no previous question"
        if text in ("-", "~"):
            return True
        try:
            _number_or_range(q, text)
        except ValueError as exc:
            return f"{exc} (a number from {bounds})"
        return True

    # The default is a hint in the prompt, not text in the field: Enter accepts it, and typing
    # a number needs no deleting first.
    raw = ui.text(one_line(q.text), valid, hint=f"{bounds}; {keys}").strip()
    if raw == "?":
        return HELP
    if raw == "<":
        return BACK
    if raw == "~":
        return _between_numbers(ui, q, bounds)
    if raw == "-" or (not raw and start is None):
        return SKIP
    if not raw:
        return coerce(q, f"{start:g}")
    return _number_or_range(q, raw)


def _between_numbers(ui: _Fancy | _Plain, q: Question, bounds: str) -> Any:
    """After "~" on a number: not sure, but between which two numbers? Enter leaves it open."""

    def valid(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            _number_or_range(q, text, pair=True)
        except ValueError as exc:
            return f"{exc} (two numbers from {bounds}, e.g. 10 to 25)"
        return True

    raw = ui.text(
        "Not sure → between which?",
        valid,
        hint="two numbers, e.g. 10 to 25; Enter leaves it open",
    ).strip()
    return _number_or_range(q, raw, pair=True) if raw else SKIP


def _number_or_range(q: Question, text: str, *, pair: bool = False) -> Any:
    """A number, or a range typed as "10 to 25" or "10..25" (a range, or with ``pair`` only
    a range; ``ValueError`` otherwise)."""
    import re

    from outsource_cli.questionnaire import uncertain

    parts = re.split(r"\s+to\s+|\.\.", text.strip(), maxsplit=1)
    if len(parts) == 2:
        return uncertain.read(q, {"range": [p.strip() for p in parts]}, coerce)
    if pair:
        raise ValueError(f"expected two numbers, got {text.strip()!r}")
    return coerce(q, text)
