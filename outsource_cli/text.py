"""Making text from files safe to show: the one neutraliser for every name or text that
reaches a terminal, a GitHub annotation, a CSV cell, JSON, a report or a template.

- :func:`clean`: no escape sequences, no control characters (C0, DEL, C1: shown as U+FFFD),
  and invisible characters (zero-width, bidi controls) shown as visible ``<U+200B>`` escapes,
  so that a text never looks like another one.
- :func:`one_line`: :func:`clean`, on one line.
- :func:`csv_cell`: :func:`one_line`, and no formula when a spreadsheet opens the CSV.
- :func:`json_dumps`: JSON whose values are exact (nothing removed) but where DEL, C1 controls,
  invisible characters and line separators are written as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control character but newline.
_ANSI = r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])"
_CONTROL = r"[\x00-\x09\x0b-\x1f\x7f-\x9f]"

# Characters that show nothing (or reorder what is shown, or break a line where a reader sees
# none) but change what a text is: soft hyphen, combining grapheme joiner, Arabic letter mark,
# Hangul fillers, Khmer inherent vowels, Mongolian vowel separator, zero-width space/
# non-joiner/joiner, left-to-right/right-to-left marks, line and paragraph separators, bidi
# embeddings and overrides, word joiner and invisible operators, bidi isolates, deprecated
# format characters, zero-width no-break space (a BOM inside a text), interlinear annotation
# marks, musical format characters and the tag characters.
INVISIBLE_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_INVISIBLE = f"[{INVISIBLE_CHARS}]"
_JSON_ESCAPE = f"[\x7f-\x9f{INVISIBLE_CHARS}]"
_FORMULA = ("=", "+", "-", "@")


@cache
def pattern(source: str) -> re.Pattern[str]:
    """The compiled pattern, made on first use (compiling all of them costs a millisecond of
    every start-up, and most runs need one or none)."""
    return re.compile(source)


def invisible() -> re.Pattern[str]:
    """Matches one invisible character (:data:`INVISIBLE_CHARS`)."""
    return pattern(_INVISIBLE)


def visible(char: str) -> str:
    """An invisible character as a visible escape: ``<U+200B>``."""
    return f"<U+{ord(char):04X}>"


def clean(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs become spaces), and with
    invisible characters made visible."""
    text = pattern(_ANSI).sub("", text).replace("\t", " ")
    text = pattern(_CONTROL).sub("\ufffd", text)
    return invisible().sub(lambda m: visible(m.group()), text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def same_name(text: str) -> str:
    """A name as two names are compared: case, runs of white space, invisible characters and
    compatibility forms aside ("Payroll  at ACME", "payroll at Acme" and "ＰＡＹＲＯＬＬ at
    Acme" name the same function; "CFO" with a zero-width space is "CFO")."""
    import unicodedata

    text = invisible().sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.casefold().split())


def csv_cell(text: str) -> str:
    """One line, and no formula injection when the CSV is opened in a spreadsheet: a cell that
    starts with ``= + - @`` is prefixed with ``'``."""
    text = one_line(text)
    return "'" + text if text[:1] in _FORMULA else text


def json_dumps(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON (UTF-8 text kept readable), with DEL, C1 controls, invisible characters
    and U+2028/U+2029 escaped as ``\\uXXXX``: the values parse back exactly, and none of them
    reaches a terminal or a JavaScript string raw. (JSON always escapes C0 controls itself.)"""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:
        return text  # nothing to escape (the usual case, without compiling the pattern)
    return pattern(_JSON_ESCAPE).sub(lambda m: _json_escape(m.group()), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def did_you_mean(name: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the nearest of ``choices`` (ignoring case), or nothing."""
    import difflib

    by_lower = {c.lower(): c for c in choices}
    near = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean '{by_lower[near[0]]}'?)" if near else ""


def number(x: float) -> str:
    """A number for people: thousands separated, no exponent (10,000,000, not 1e+07)."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"
