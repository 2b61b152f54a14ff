"""How figures are written for a person: money worked out from the answers to three
significant figures (:func:`money`), the working's exact money (:func:`exact_money`), and
percentages never rounded across a threshold they are compared with (:func:`pct_beside`).
Pure; the business case is in thousands."""

from __future__ import annotations


def amount(x: float) -> str:
    """Thousands, as entered: ``1,234.5``; a sign when asked for."""
    return f"{x:,.1f}"


def signed(x: float) -> str:
    return ("+" if x > 0 else "-" if x < 0 else "") + amount(abs(x))


def money(x: float, currency: str | None, sign: bool = False) -> str:
    """A money figure worked out from the answers (the business case is in thousands), as a
    board paper gives it: to three significant figures, in thousands, millions or billions,
    with its currency: "EUR 498k", "GBP -60.2m", "EUR +1.23m"; with no currency given,
    "498 thousand" (never an invented one). The inputs are a percentage and an estimate of
    today's cost, so more digits would claim a precision they do not have; the JSON and the
    year-by-year table keep the exact figures (:func:`exact_money`)."""
    size = float(f"{abs(x):.3g}")  # rounded first: 999.6 is "1m", not "1,000k"
    mark = ("+" if x > 0 else "-" if x < 0 else "") if sign else ("-" if x < 0 and size else "")
    if size >= 1e6:
        scale, short, word = 1e6, "bn", "billion"
    elif size >= 1e3:
        scale, short, word = 1e3, "m", "million"
    else:
        scale, short, word = 1.0, "k", "thousand"
    value = size / scale
    figure = f"{value:,.0f}" if value >= 1000 else f"{value:g}"  # past 999bn: whole billions
    return f"{currency} {mark}{figure}{short}" if currency else f"{mark}{figure} {word}"


def exact_money(x: float, currency: str | None, sign: bool = False) -> str:
    """A money figure to a tenth of a thousand, as the year-by-year table shows the working:
    "EUR 497.8k", "EUR +1,234.5k"; with no currency, "497.8 thousand"."""
    text = signed(x) if sign else amount(x)
    return f"{currency} {text}k" if currency else f"{text} thousand"


def count(n: float, word: str) -> str:
    """ "1 question", "9 questions", "2.5 years"."""
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def unit(currency: str | None) -> str:
    """What a table of money figures is in: "EUR thousands", or "thousands"."""
    return f"{currency} thousands" if currency else "thousands"


def pct_beside(x: float, edges: tuple[float, ...]) -> str:
    """``x`` % to one decimal, or to as many more as it takes not to be rounded across one of
    ``edges`` (4.96 % is not "5.0 %" when 5 % pays): the figure is never shown on the wrong
    side of a threshold it is compared with."""
    for digits in (1, 2, 3, 4):
        r = round(x, digits)
        if all((r >= t) == (x >= t) for t in edges):
            return f"{r:.{digits}f} %"
    return f"{x:g} %"
