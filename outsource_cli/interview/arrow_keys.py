"""The arrow-key prompts (questionary): a menu to move in with the arrow keys and Enter,
space to tick; what was moved or ticked is watched, so that Enter on the suggestion is told
apart from a choice."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from outsource_cli.errors import after_ctrl_c
from outsource_cli.interview.state import Option
from outsource_cli.interview.terminal import size, wrap


def answer_and_moved(question: Any) -> tuple[Any, bool]:
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
    after_ctrl_c()
    return question.unsafe_ask(), moved


class ArrowKeyPrompts:
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
        columns = size().columns

        def fits(text: str) -> bool:
            return len(f"? {text} {instruction}".rstrip()) < columns

        if fits(message):
            return message, instruction
        self.say(wrap(message, indent=0), style="bold")
        if not instruction or fits(short):
            return short, instruction
        self.say(wrap(instruction, indent=0))
        return short, " "

    def _echo(self, message: str, answer: str) -> None:
        """The question and the answer given, once the prompt is gone (it is erased when
        done: its own echo wraps letter by letter), folded at words to the terminal."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        from questionary.constants import DEFAULT_STYLE

        head = f"? {message}"
        width = max(20, size().columns - 1)
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
        width = max(20, size().columns - indent - 1)
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
        picked, moved = answer_and_moved(
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
        picked, moved = answer_and_moved(
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
            self.say(wrap(message, indent=0), style="bold")
            message = hint
        shown = self._fit(message)[0]
        answer: str = answer_and_moved(
            text(shown, default=default, validate=validate, erase_when_done=True)
        )[0]
        self.untouched = answer == default
        self._echo(shown, answer)
        return answer
