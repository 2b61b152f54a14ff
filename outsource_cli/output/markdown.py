"""A document (``document.py``) as Markdown: GitHub-flavoured tables, task lists for the steps
to take, no raw HTML (every text is escaped, so a question set's text cannot become markup)
and no images (a figure is its table, with bars drawn in text)."""

from __future__ import annotations

import re

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
from outsource_cli.text import one_line

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md(text: str) -> str:
    """Text from a file, safe in Markdown: one line, no control characters, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text)).replace("&", "&amp;")


def render(doc: Document) -> str:
    lines = [f"# {md(doc.title)}", "", f"*{md(doc.meta)}*", ""]
    lines += _section(doc.summary)
    if doc.appendices:
        lines += ["# Appendices", ""]
    for section in doc.appendices:
        lines += _section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section) -> list[str]:
    lines = [f"## {md(section.title)}", ""]
    for block in section.blocks:
        text = _block(block)
        lines += [*text, ""] if text else []
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {md(block.text)}"]
    if isinstance(block, Paragraph):
        return [(f"**{md(block.lead)}** " if block.lead else "") + md(block.text)]
    if isinstance(block, Headline):
        return [f"**{md(block.text)}**"]
    if isinstance(block, Note):
        return [f"> **{md(block.lead)}** {md(block.text)}"]
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return [f"*{md(block.caption)}*", "", *_table(block.table)] if block.table else []
    return [f"- **{md(term)}**: {md(text)}" for term, text in block.pairs]


def _bullets(block: Bullets) -> list[str]:
    box = "[ ] " if block.checklist else ""
    lines = []
    for item in block.items:
        lead = f"**{md(item.lead)}** " if item.lead else ""
        lines.append(f"- {box}{lead}{md(item.text)}")
        lines += [f"  - [ ] {md(a)}" for a in item.actions]
    return lines


def _table(table: Table) -> list[str]:
    numeric = table.numeric or (False,) * len(table.header)
    lines = ["| " + " | ".join(md(c) for c in table.header) + " |"]
    lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in table.rows]
    return lines
