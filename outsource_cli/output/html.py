"""A document (``document.py``) as one self-contained HTML page for a board paper: inline CSS
and SVG, no external assets, every text escaped. Printed, the executive summary fills the
first sheet (A4 or Letter), alone; the appendices follow."""

from __future__ import annotations

import html as _html

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


def h(text: str) -> str:
    """Text from a file, safe in HTML: no control characters, every markup character escaped."""
    return _html.escape(clean(text), quote=True)


CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2433;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d8dde6}
.meta{color:#5b6475}.headline{font-size:1.4rem;font-weight:700;padding:.8rem 1rem;border-radius:6px;
background:#eef3fb;margin:1rem 0}.keep_in_house{color:#126e82}.hybrid{color:#9a6700}.outsource{color:#1a7f37}
.whatif{background:#fff8c5;padding:.6rem 1rem;border-radius:6px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e5e8ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}.pos{color:#1a7f37}.neg{color:#126e82}
ul.checklist{list-style:none;padding-left:1rem}ul.checklist li:before{content:"\\2610  "}
dl.terms dt{font-weight:600;margin-top:.5rem}dl.terms dd{margin-left:1.5rem}
figure{margin:1rem 0}figcaption{color:#5b6475;font-size:.9rem}
"""
PRINT = """
@page{margin:12mm 14mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:9.5pt;line-height:1.3}
h1{font-size:14pt;margin:0}h2{font-size:11.5pt;margin:.8rem 0 .3rem}h3{font-size:10pt;margin:.6rem 0 .2rem}
p,ul{margin:.25rem 0}li{margin:.05rem 0}td,th{padding:.15rem .35rem}
.headline{font-size:12.5pt;padding:.4rem .6rem;margin:.4rem 0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
section.summary{break-after:page;page-break-after:always}
h2,h3,figcaption,dt,p:has(+ figure){break-after:avoid;page-break-after:avoid}
tr,li,figure,svg,dt,dd{break-inside:avoid;page-break-inside:avoid}
svg{max-width:100%;height:auto}
}
"""


def page_head(title: str) -> list[str]:
    """A page's lines up to its body: the ``title``, and the stylesheet for the screen and for
    print (every page a board paper takes: the decision report, the panel)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title><style>{CSS}{PRINT}</style></head><body>",
    ]


def render(doc: Document) -> str:
    out = [
        *page_head(doc.title),
        f"<h1>{h(doc.title)}</h1>",
        f'<p class="meta">{h(doc.meta)}</p>',
    ]
    out.append(_section(doc.summary, "summary"))
    if doc.appendices:
        out.append('<h1 class="appendices">Appendices</h1>')
    out += [_section(s, "appendix") for s in doc.appendices]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _section(section: Section, kind: str) -> str:
    body = "".join(_block(b) for b in section.blocks)
    return (
        f'<section class="{kind}" id="{h(section.id)}"><h2>{h(section.title)}</h2>{body}</section>'
    )


def _id(value: str) -> str:
    return f' id="{h(value)}"' if value else ""


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}{_id(block.id)}>{h(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        lead = f"<strong>{h(block.lead)}</strong> " if block.lead else ""
        return f"<p>{lead}{h(block.text)}</p>"
    if isinstance(block, Headline):
        return f'<div class="headline {h(block.outcome)}" id="recommendation">{h(block.text)}</div>'
    if isinstance(block, Note):
        return f'<p class="whatif"><strong>{h(block.lead)}</strong> {h(block.text)}</p>'
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):  # the drawing is made and escaped by its maker
        caption = f"<figcaption>{h(block.caption)}</figcaption>"
        return f"<figure{_id(block.id)}>{block.svg}{caption}</figure>"
    pairs = "".join(f"<dt>{h(t)}</dt><dd>{h(x)}</dd>" for t, x in block.pairs)
    return f'<dl class="terms">{pairs}</dl>'


def _bullets(block: Bullets) -> str:
    items = []
    for item in block.items:
        lead = f"<strong>{h(item.lead)}</strong> " if item.lead else ""
        actions = "".join(f"<li>{h(a)}</li>" for a in item.actions)
        checklist = f'<ul class="checklist">{actions}</ul>' if actions else ""
        items.append(f"<li>{lead}{h(item.text)}{checklist}</li>")
    kind = ' class="checklist"' if block.checklist else ""
    return f"<ul{_id(block.id)}{kind}>{''.join(items)}</ul>"


def _table(table: Table) -> str:
    numeric = table.numeric or (False,) * len(table.header)

    def cls(i: int) -> str:
        return ' class="num"' if i < len(numeric) and numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{h(c)}</th>" for i, c in enumerate(table.header))
    rows = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{h(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    # the header in <thead>: a table that runs onto another printed page repeats it there
    return f"<table{_id(table.id)}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
