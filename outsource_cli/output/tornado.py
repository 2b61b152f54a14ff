"""The tornado for the terminal: which uncertain answers swing the balance of the answers
most, each a bar of text between its lowest and highest score, widest first."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from outsource_cli.decision.engine import Decision
from outsource_cli.output.uncertainty import SWING_NOTE, still_note, swing_rows, unproven_note
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean

TORNADO_WIDTH = 24


def tornado_bar(low: float, high: float, base: float, axis: tuple[float, float]) -> str:
    """One row of the tornado: the span from ``low`` to ``high`` on ``axis``, ``┃`` at the
    headline's score."""
    width = TORNADO_WIDTH
    span = (axis[1] - axis[0]) or 1.0

    def at(x: float) -> int:
        return min(width - 1, max(0, round((x - axis[0]) / span * (width - 1))))

    cells = ["█" if at(low) <= i <= at(high) else "░" for i in range(width)]
    cells[at(base)] = "┃"
    return "".join(cells)


def tornado(d: Decision, catalog: Catalog, limit: int | None = None) -> list[object]:
    """Which uncertain answers swing the score most: text bars, widest first."""
    rows = swing_rows(d, catalog)
    notes = [n for n in (None if limit else still_note(d, catalog), unproven_note(d, catalog)) if n]
    if not rows:
        return ["", *(Text(n, style="dim") for n in notes)] if notes else []
    axis = (min(min(r.low for r in rows), d.score), max(max(r.high for r in rows), d.score))
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    shown = rows[:limit] if limit else rows
    for r in shown:
        label = Text(clean(r.question))
        label.append(f" ({clean(r.given)})", style="dim")
        table.add_row(
            f"{r.low:.1f}", tornado_bar(r.low, r.high, d.score, axis), f"{r.high:.1f}", label
        )
    parts: list[object] = [
        "",
        Text(f"What swings the score (┃ marks the headline's {d.score:g})", style="bold"),
        table,
    ]
    if len(rows) > len(shown):
        parts.append(Text(f"… {len(rows) - len(shown)} more: --detail full", style="dim"))
    parts += [Text(n, style="dim") for n in notes]
    if limit is None:
        parts.append(Text(SWING_NOTE, style="dim"))
    return parts
