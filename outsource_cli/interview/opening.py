"""The interview's opening: the name of the function being assessed, and the currency of
the money answers (suggested by the locale)."""

from __future__ import annotations

import os

from outsource_cli.interview.questions import prompts
from outsource_cli.interview.state import InterviewInterrupted, State
from outsource_cli.text import one_line


def ask_function(default: str | None = None) -> str:
    """The name of the function being assessed: the interview's first question."""
    ui = prompts()

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

    ui = prompts()

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
