"""What ``outsource vet`` prints: a scorecard side by side in the terminal, JSON, Markdown, an
HTML board page and CSV. Every name or text from a file is cleaned (text.py) and escaped for
its format. The words: ``vetting_requirements.py`` (what a provider must do, and why) and
``vetting_sections.py`` (the sections under the scorecard); the JSON: ``vetting_data.py``."""

from __future__ import annotations

import html
from typing import Any

from outsource_cli.decision.vetting.result import Row, Vetting
from outsource_cli.output.amounts import exact_money
from outsource_cli.output.vetting_data import data
from outsource_cli.output.vetting_sections import currency, lines
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean, csv_cell, json_dumps, one_line


def _columns(v: Vetting) -> list[Row]:
    return [*v.ranked, *v.excluded]


def _scorecard(v: Vetting) -> tuple[list[str], list[list[str]]]:
    rows = _columns(v)
    header = ["", *(one_line(r.scored.name) for r in rows)]
    body: list[list[str]] = []
    body.append(
        ["Rank", *(str(i + 1) if r in v.ranked and r.scored.score is not None else "out" if r in v.excluded else "–"
                   for i, r in enumerate(rows))]
    )  # fmt: skip
    body.append(
        ["Score", *(f"{r.scored.score:.1f}" if r.scored.score is not None else "–" for r in rows)]
    )
    titles: dict[str, str] = {}
    for r in rows:
        for c in r.scored.competencies:
            titles.setdefault(c.set_id, c.title)
    for set_id, title in titles.items():
        cells = []
        for r in rows:
            found = next((x for x in r.scored.competencies if x.set_id == set_id), None)
            cells.append(
                "–"
                if found is None or found.score is None
                else f"{found.score:.0f}"
                + (f" ({found.answered}/{found.scored})" if found.answered < found.scored else "")
            )
        body.append([one_line(title), *cells])
    body.append(["Evaluators", *(str(len(r.evaluators)) for r in rows)])
    cur = currency(v)
    body.append(
        [
            "Price a year",
            *(exact_money(r.price.annual_price, cur) if r.price else "–" for r in rows),
        ]
    )
    body.append(
        [
            "Clears break-even",
            *(("yes" if r.price.clears else "no") if r.price else "–" for r in rows),
        ]
    )
    return header, body


def renderable(v: Vetting, catalog: Catalog) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = f"Providers for {clean(v.function)}" if v.function else "Providers"
    header, body = _scorecard(v)
    table = Table(
        title=Text(title), title_justify="left", box=None, header_style="bold", pad_edge=False
    )
    for h in header:
        table.add_column(Text(clean(h)), justify="right" if h else "left")
    for row in body:
        table.add_row(*(Text(clean(c)) for c in row))
    parts: list[Any] = [table]
    for heading, items in lines(v, catalog).items():
        parts.append(Text(""))
        parts.append(Text(heading, style="bold"))
        parts.extend(Text(f"  • {x}") for x in items)
    return Group(*parts)


def print_vetting(v: Vetting, catalog: Catalog) -> None:
    from outsource_cli.output.console import emit, make_console

    emit(renderable(v, catalog), make_console())


def text(v: Vetting, catalog: Catalog) -> str:
    """The terminal's scorecard as plain text (for --output FILE), 100 columns."""
    from outsource_cli.output.console import plain_text

    return plain_text(renderable(v, catalog))


def as_json(v: Vetting, catalog: Catalog) -> str:
    return json_dumps(data(v)) + "\n"


def as_csv(v: Vetting, catalog: Catalog) -> str:
    import csv
    import io

    header, body = _scorecard(v)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(clean(h)) for h in ["measure", *header[1:]]])
    for row in body:
        writer.writerow([csv_cell(clean(c)) for c in row])
    return buffer.getvalue()


def markdown(v: Vetting, catalog: Catalog, date: str) -> str:
    from outsource_cli.output.markdown import md

    header, body = _scorecard(v)
    out = [f"# Provider vetting: {md(v.function or 'the function')}", "", f"_{date}_", ""]
    out.append("| " + " | ".join(md(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    out.extend("| " + " | ".join(md(c) for c in row) + " |" for row in body)
    for heading, items in lines(v, catalog).items():
        out += ["", f"## {heading}", ""]
        out += [f"- {md(x)}" for x in items]
    return "\n".join(out) + "\n"


def html_page(v: Vetting, catalog: Catalog, date: str) -> str:
    e = html.escape
    header, body = _scorecard(v)
    name = e(clean(v.function or "the function"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Provider vetting: {name}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "line-height:1.4}table{border-collapse:collapse}td,th{padding:.2em .8em;"
        "border-bottom:1px solid #ccc;text-align:right}td:first-child,th:first-child"
        "{text-align:left}</style></head><body>",
        f"<h1>Provider vetting: {name}</h1>",
        f"<p>{e(date)}</p>",
        "<table><thead><tr>"
        + "".join(f"<th>{e(clean(h))}</th>" for h in header)
        + "</tr></thead><tbody>",
    ]
    for row in body:
        parts.append("<tr>" + "".join(f"<td>{e(clean(c))}</td>" for c in row) + "</tr>")
    parts.append("</tbody></table>")
    for heading, items in lines(v, catalog).items():
        parts.append(f"<h2>{e(heading)}</h2><ul>")
        parts.extend(f"<li>{e(x)}</li>" for x in items)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
