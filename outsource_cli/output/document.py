"""A small document model: what the board paper says, made once (``board.py``) and rendered
three ways (``markdown.py``, ``html.py``, ``rich_document.py``), so the formats agree by
construction. Every text here is plain and unescaped: each renderer escapes for its format.
"""

from __future__ import annotations

from typing import NamedTuple


class Heading(NamedTuple):
    """A heading inside a section (the section's own title is its heading)."""

    text: str
    level: int = 3
    id: str = ""


class Paragraph(NamedTuple):
    """A paragraph; ``lead`` is a bold lead-in ("Location:")."""

    text: str
    lead: str = ""


class Headline(NamedTuple):
    """The recommendation, set apart: ``outcome`` is the decision's outcome id (its colour)."""

    text: str
    outcome: str


class Note(NamedTuple):
    """A remark set apart (the what-if warning): ``lead`` in bold, then ``text``."""

    lead: str
    text: str


class Item(NamedTuple):
    """A list item: an optional bold ``lead``, its ``text``, and a checklist under it."""

    text: str
    lead: str = ""
    actions: tuple[str, ...] = ()


class Bullets(NamedTuple):
    """A list; ``checklist``: each item is a box to tick (a step to take)."""

    items: tuple[Item, ...]
    checklist: bool = False
    id: str = ""


class Table(NamedTuple):
    """A table: ``numeric`` says which columns are figures (aligned right)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    id: str = ""


class Figure(NamedTuple):
    """A chart: ``svg`` is its drawing for HTML (made, and escaped, by ``svg.py`` or
    ``business.py``); ``table`` says the same in rows, for Markdown and the terminal, where an
    image is dropped or garbled (it may draw a bar in text: :func:`text_bar`); None when the
    next block is that table already."""

    caption: str
    svg: str
    table: Table | None
    id: str = ""


class Definitions(NamedTuple):
    """Terms and what they mean."""

    pairs: tuple[tuple[str, str], ...]


Block = Heading | Paragraph | Headline | Note | Bullets | Table | Figure | Definitions


class Section(NamedTuple):
    """A titled part of the document (its title is a level-2 heading)."""

    title: str
    id: str
    blocks: tuple[Block, ...]


class Document(NamedTuple):
    """The board paper: a title, a line on how it was made, the executive summary (one page),
    then the appendices."""

    title: str
    meta: str
    summary: Section
    appendices: tuple[Section, ...]

    def sections(self) -> tuple[Section, ...]:
        return (self.summary, *self.appendices)


def text_bar(score: float | None, width: int = 20) -> str:
    """A 0-100 score as a bar of ``width`` cells ("█████░░░"), dots when there is none."""
    if score is None:
        return "·" * width
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)
