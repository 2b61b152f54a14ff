"""One answer: a value as written (YAML, JSON or ``--set``) read as a valid answer to its
question (:func:`coerce`), and an answer as a person reads it (:func:`display`)."""

from __future__ import annotations

import math
import re
from typing import Any

from outsource_cli.questionnaire.conditions import AnswerValue
from outsource_cli.questionnaire.shapes import MAX_NUMBER, Question
from outsource_cli.text import did_you_mean, number, one_line

# the words for yes and no an answer may be written as (a bare one is a boolean in YAML 1.1)
YES_WORDS = ("yes", "y", "true", "on")
NO_WORDS = ("no", "n", "false", "off")

CURRENCY = re.compile(r"[A-Z]{3}")


def currency_problem(value: Any) -> str | None:
    """Why ``value`` is not a currency code (None when it is one): an ISO 4217 code is three
    capital letters, such as EUR, USD or GBP."""
    if isinstance(value, str) and CURRENCY.fullmatch(value):
        return None
    shown = one_line(str(value))[:20]
    hint = ""
    if isinstance(value, str) and CURRENCY.fullmatch(value.strip().upper()):
        hint = f" (did you mean '{value.strip().upper()}'?)"
    return (
        f"'currency' must be an ISO 4217 code, three capital letters such as EUR, USD or GBP, "
        f"not '{shown}'{hint}"
    )


def coerce(q: Question, raw: Any) -> AnswerValue:
    """``raw`` as a valid answer to ``q``; ``ValueError`` with a readable reason otherwise.

    Accepts what YAML, JSON or a command line (``--set``) would give.
    """
    if q.type == "number":
        value = raw
        if isinstance(raw, str):
            try:
                value = float(raw.strip().rstrip("%").replace(",", ""))
            except ValueError:
                raise ValueError(f"expected a number, got {raw!r}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {raw!r}")
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {raw!r}")
        lo, hi = q.scale
        if abs(value) > MAX_NUMBER:
            raise ValueError(
                f"expected a number from {number(lo)} to {number(hi)}, got one too large"
            )
        if not lo <= value <= hi:
            unit = f" {q.unit}" if q.unit else ""
            raise ValueError(f"{number(value)} is outside {number(lo)} to {number(hi)}{unit}")
        return int(value) if float(value).is_integer() else float(value)
    if q.type == "yes_no":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in (*YES_WORDS, *NO_WORDS):
            return raw.strip().lower() in YES_WORDS
        raise ValueError(f"expected yes or no, got {raw!r}")
    if q.type == "scale":
        value = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"expected a whole number from 1 to 5, got {raw!r}")
        return value
    values = [o.value for o in q.options]
    raw = _same_text(_bool_as_text(raw, values), values)
    if q.type == "multi":
        items = (
            [_same_text(_bool_as_text(item, values), values) for item in raw]
            if isinstance(raw, list | tuple)
            else (
                [_same_text(p.strip(), values) for p in raw.split(",") if p.strip()]
                if isinstance(raw, str)
                else [raw]
            )
        )
        for item in items:
            if not isinstance(item, str) or item not in values:
                raise ValueError(_not_one_of(item, values))
        return tuple(str(v) for v in values if v in items)  # option order, no repeats
    if not isinstance(raw, str) or raw not in values:
        also = did_you_mean(str(raw), [str(v) for v in values])
        raise ValueError(_not_one_of(raw, values) + also)
    return raw


def _same_text(raw: Any, values: list[Any]) -> Any:
    """A text answer that is an option's value written with other Unicode code points for the
    same characters (``é`` as e + a combining accent): that option's value (NFC compared)."""
    if not isinstance(raw, str) or raw in values:
        return raw
    import unicodedata

    form = unicodedata.normalize("NFC", raw)
    same = [v for v in values if isinstance(v, str) and unicodedata.normalize("NFC", v) == form]
    return same[0] if len(same) == 1 else raw


def _not_one_of(raw: Any, values: list[Any]) -> str:
    message = f"{raw!r} is not one of: {', '.join(map(str, values))}"
    texts = [v for v in values if isinstance(v, str)]
    if not isinstance(raw, str) and not isinstance(raw, bool) and str(raw) in texts:
        message += f" ({raw!r} is read as a number; the option is the text '{raw}': quote it)"
    return message


def _bool_as_text(raw: Any, values: list[Any]) -> Any:
    """YAML 1.1 reads a bare yes/no (true/false, on/off) as a boolean: to a question whose
    option values are such words as text, it means that word."""
    if not isinstance(raw, bool) or raw in [v for v in values if isinstance(v, bool)]:
        return raw
    words = YES_WORDS if raw else NO_WORDS
    return next((v for v in values if isinstance(v, str) and v.lower() in words), raw)


def display(q: Question, value: AnswerValue | None) -> str:
    """An answer as a person reads it: the option's label, or the number with its unit."""
    if value is None:
        return "(not answered)"
    if q.type == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            # 2,100 thousand, not 2100 or 2.1e+03; 1 year, not 1 years
            unit = q.unit[:-1] if value == 1 and q.unit in ("years", "months") else q.unit
            return f"{number(value)} {unit}".strip()
        return str(value)
    items = value if isinstance(value, tuple) else (value,)
    labels = [
        o.label for o in q.options if any(type(o.value) is type(v) and o.value == v for v in items)
    ]
    return ", ".join(labels) if labels else "(none)"
