"""The interactive interview: the one package that prompts.

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

The modules, by job: ``state`` (the answers so far, the special answers), ``terminal`` (its
size, plain or not, folding), ``arrow_keys`` and ``plain`` (the two ways to prompt),
``questions`` (asking one question), ``loop`` (the questions in turn, or adaptively),
``review_pages`` (the review) and ``opening`` (the function's name and the currency). The
shell reaches them through this package only.
"""

from outsource_cli.interview.loop import progress, run, settled_progress
from outsource_cli.interview.opening import ask_currency, ask_function, locale_currency
from outsource_cli.interview.review_pages import review
from outsource_cli.interview.state import InterviewInterrupted, State, is_default
from outsource_cli.interview.terminal import interrupt_prompt, on_the_terminal, plain_terminal

__all__ = [
    "InterviewInterrupted",
    "State",
    "ask_currency",
    "ask_function",
    "interrupt_prompt",
    "is_default",
    "locale_currency",
    "on_the_terminal",
    "plain_terminal",
    "progress",
    "review",
    "run",
    "settled_progress",
]
