"""The terminal's building blocks, with rich: the console and printing to it (or to plain
text for a file), how an outcome looks (its title and colour), a hanging indent, and text
folded at words that keeps a figure's unit on its line.

Every piece of text that comes from a file goes through :func:`clean` and into
``rich.text.Text`` objects, so neither escape sequences nor rich markup in a question set
can change what the terminal shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

OUTCOME_TITLES = {"keep_in_house": "KEEP IN-HOUSE", "hybrid": "HYBRID", "outsource": "OUTSOURCE"}
OUTCOME_STYLES = {"keep_in_house": "bold cyan", "hybrid": "bold yellow", "outsource": "bold green"}


def outcome_text(outcome: str, once_ready: bool, recommended: bool = True) -> Text:
    """ "OUTSOURCE ONCE READY" in the outcome's colour; "NO RECOMMENDATION YET" in red."""
    if not recommended:
        return Text("NO RECOMMENDATION YET", style="bold red")
    title = OUTCOME_TITLES[outcome] + (" ONCE READY" if once_ready else "")
    return Text(title, style=OUTCOME_STYLES[outcome])


def emit(renderable: object, console: Console | None = None) -> None:
    """Print ``renderable``; for a file or a pipe, without the padding rich leaves at line ends."""
    console = console or make_console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def plain_text(renderable: object, width: int = 100) -> str:
    """``renderable`` as plain text (for --output FILE): ``width`` columns, no escape codes."""
    import io

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False, soft_wrap=False)
    emit(renderable, console)
    return buffer.getvalue()


def hanging(marker: str | Text, body: str | Text | Glued, indent: int = 2) -> Table:
    """``marker`` then ``body``, with every wrapped line of the body under its first word
    (a hanging indent: a bullet's continuation lines keep their place at any width)."""
    mark = marker if isinstance(marker, Text) else Text(marker)
    grid = Table.grid(padding=0)
    grid.add_column(width=indent + mark.cell_len, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(" " * indent) + mark, Text(body) if isinstance(body, str) else body)
    return grid


# a word, with a unit after it kept on its line: "20 %", "17.5 %)."
_WORD = re.compile(r"\S+(?: +%\S*)*")


class Glued:
    """Text folded at words as rich folds it, except that a figure keeps its unit on its line
    ("20 %" is never "20" at a line's end and "%" at the next one's start). A word wider than
    the line is folded, as rich folds it."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(m.group()) for m in _WORD.finditer(plain)), default=0)
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        for paragraph in self.text.split("\n"):
            plain, start, breaks = paragraph.plain, 0, []
            for m in _WORD.finditer(plain):
                if m.start() > start and cell_len(plain[start : m.end()]) > width:
                    breaks.append(m.start())
                    start = m.start()
            for line in paragraph.divide(breaks):
                line.rstrip()
                yield line
