"""A document (``document.py``) for the terminal, with rich: the ``--detail full`` view. Every
text goes into ``rich.text.Text`` after :func:`clean`, so neither escape sequences nor rich
markup in a question set can change what the terminal shows; a figure is its table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from outsource_cli.output.console import Glued, hanging
from outsource_cli.output.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Headline,
    Note,
    Paragraph,
    Section,
    Table,
)
from outsource_cli.text import clean

STYLES = {"keep_in_house": "bold cyan", "hybrid": "bold yellow", "outsource": "bold green"}


def render(doc: Document) -> Group:
    """The document, section by section (without the line on when it was made)."""
    parts: list[RenderableType] = [Text(clean(doc.title), style="bold")]
    parts += _section(doc.summary)
    if doc.appendices:
        parts += ["", Text("APPENDICES", style="bold")]
    for section in doc.appendices:
        parts += _section(section)
    return Group(*parts)


def _section(section: Section) -> list[RenderableType]:
    parts: list[RenderableType] = ["", Text(clean(section.title), style="bold underline")]
    for block in section.blocks:
        parts += _block(block)
    return parts


def _lead(lead: str, text: str) -> Text:
    body = Text()
    if lead:
        body.append(clean(lead) + " ", style="bold")
    body.append(clean(text))
    return body


def _block(block: Block) -> list[RenderableType]:
    if isinstance(block, Heading):
        return ["", Text(clean(block.text), style="bold")]
    if isinstance(block, Paragraph):
        return [Glued(_lead(block.lead, block.text))]
    if isinstance(block, Headline):
        text = Text(clean(block.text), style=STYLES.get(block.outcome, "bold red"))
        return [Panel(text, expand=False)]
    if isinstance(block, Note):
        return [Text(clean(f"{block.lead} {block.text}"), style="bold yellow")]
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Table):
        return [_table(block)]
    if isinstance(block, Figure):
        return (
            ["", Text(clean(block.caption), style="bold"), _table(block.table)]
            if block.table
            else []
        )
    return [Glued(_lead(term + ":", text)) for term, text in block.pairs]


def _bullets(block: Bullets) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for item in block.items:
        body = Glued(_lead(item.lead, item.text))  # a figure keeps its unit on its line
        parts.append(hanging("☐ " if block.checklist else "• ", body))
        parts += [hanging("☐ ", Glued(Text(clean(a))), 6) for a in item.actions]
    return parts


def _table(table: Table) -> RichTable:
    numeric = table.numeric or (False,) * len(table.header)
    out = RichTable(box=None, pad_edge=False, header_style="bold")
    for i, head in enumerate(table.header):
        out.add_column(Text(clean(head)), justify="right" if numeric[i] else "left")
    for row in table.rows:
        out.add_row(*(Text(clean(c)) for c in row))
    return out
