"""Making text from files safe to show on a terminal."""

from __future__ import annotations

import re
from collections.abc import Iterable

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control character but newline.
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs become spaces)."""
    text = _ANSI.sub("", text).replace("\t", " ")
    return _CONTROL.sub("\ufffd", text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def did_you_mean(name: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the nearest of ``choices`` (ignoring case), or nothing."""
    import difflib

    by_lower = {c.lower(): c for c in choices}
    near = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean '{by_lower[near[0]]}'?)" if near else ""
