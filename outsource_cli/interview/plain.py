"""The plain prompts, for terminals that cannot move the cursor (``TERM=dumb``, no ``TERM``,
or ``OUTSOURCE_PLAIN=1``): numbered choices and plain lines read with ``input()``, the same
questions and keys as the arrow-key prompts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from outsource_cli.errors import after_ctrl_c
from outsource_cli.interview.state import KEYS, Option
from outsource_cli.interview.terminal import wrap


class PlainPrompts:
    """Numbered choices and plain lines: for terminals that cannot move the cursor."""

    # The last prompt ended with Enter on an empty line: what it offered was taken.
    untouched = False

    def say(self, text: str, style: str = "") -> None:
        print(text, flush=True)

    def _ask(self, prompt: str) -> str:
        after_ctrl_c()
        return input(prompt).strip()

    def _menu(self, message: str, options: Sequence[Option], extras: Sequence[Option]) -> None:
        print(wrap(message, indent=0), flush=True)
        for n, (label, _) in enumerate(options, 1):
            print(wrap(f"{n}) {label}", indent=2, hang=len(f"{n}) ")), flush=True)
        for label, value in extras:
            key = KEYS.get(value)
            label = label.removeprefix("? ").removeprefix("← ")  # the key says it
            print(wrap(f"{key}) {label}" if key else label, indent=2), flush=True)

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
        print(wrap(message, indent=0), flush=True)
        while True:
            prompt = f"[{hint}]: " if hint else f"[Enter = {default}]: " if default else "> "
            typed = self._ask(prompt)
            self.untouched = not typed
            raw = typed or default
            verdict = validate(raw)
            if verdict is True:
                return raw
            print(f"  {verdict}", flush=True)
