"""The reports' charts as inline SVG (HTML only): the question sets' scores and the tornado of
uncertain answers. Every text in them is escaped."""

from __future__ import annotations

import math

from outsource_cli.decision.engine import Decision
from outsource_cli.output.html import h
from outsource_cli.output.report import number
from outsource_cli.output.uncertainty import swing_rows
from outsource_cli.questionnaire.catalog import Catalog


def chart(decision: Decision, catalog: Catalog) -> str:
    """An inline SVG bar chart of the question sets' scores, with the band edges marked."""
    dims = [dim for dim in decision.dimensions if dim.score is not None]
    row, left, width = 28, 220, 420
    height = row * len(dims) + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'width="{left + width + 60}" height="{height}" viewBox="0 0 {left + width + 60} {height}" '
        f'font-family="sans-serif" font-size="13">',
        '<title id="chart-title">Scores by question set, 0 (keep in-house) to 100 (outsource)</title>',
    ]
    for i, dim in enumerate(dims):
        y = 10 + i * row
        w = round((dim.score or 0) / 100 * width, 1)
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{h(dim.title)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{width}" height="18" fill="#eef1f5"/>')
        parts.append(
            f'<rect class="bar" x="{left}" y="{y + 2}" width="{w}" height="18" fill="#3d6fb6">'
            f"<title>{h(dim.title)}: {dim.score:.1f}</title></rect>"
        )
        parts.append(f'<text x="{left + width + 6}" y="{y + 15}">{dim.score:.1f}</text>')
    bottom = 10 + len(dims) * row
    if decision.provisional:  # what the unanswered questions could still make of the score
        lo, hi = decision.missing_range.score
        x0, x1 = left + lo / 100 * width, left + hi / 100 * width
        parts.append(
            f'<rect class="missing-range" x="{x0}" y="4" width="{max(x1 - x0, 1)}" '
            f'height="{bottom - 4}" fill="#d1242f" fill-opacity="0.08" stroke="#d1242f" '
            f'stroke-dasharray="2 2"><title>The unanswered questions could put the score '
            f"anywhere from {number(lo)} to {number(hi)}</title></rect>"
        )
    x = left + decision.score / 100 * width
    parts.append(
        f'<line x1="{x}" y1="4" x2="{x}" y2="{bottom}" stroke="#d1242f" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{x}" y="{bottom + 30}" text-anchor="middle" fill="#d1242f">overall '
        f"{number(decision.score)}"
        + (
            f" (could be {number(decision.missing_range.score[0])} to "
            f"{number(decision.missing_range.score[1])})"
            if decision.provisional
            else ""
        )
        + "</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def tornado_svg(d: Decision, catalog: Catalog) -> str:
    """An inline SVG tornado: each uncertain answer's span of scores, widest first, on a scale
    zoomed to the spans (to the nearest 5 points, marked at its ends), the band edges inside it
    dashed and the headline's score as a red line."""
    rows = swing_rows(d, catalog)
    row, left, width = 28, 260, 380
    lo = max(0, math.floor((min([r.low for r in rows] + [d.score]) - 1) / 5) * 5)
    hi = min(100, math.ceil((max([r.high for r in rows] + [d.score]) + 1) / 5) * 5)

    def x_of(score: float) -> float:
        return round(left + (score - lo) / ((hi - lo) or 1) * width, 1)

    height = row * len(rows) + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="tornado-title" '
        f'width="{left + width + 100}" height="{height}" '
        f'viewBox="0 0 {left + width + 100} {height}" font-family="sans-serif" font-size="13">',
        '<title id="tornado-title">What swings the score: each uncertain answer from its lowest '
        f"to its highest score, on a scale from {lo} to {hi} (0 keeps in-house, 100 "
        "outsources)</title>",
    ]
    for i, r in enumerate(rows):
        y = 10 + i * row
        x0, x1 = x_of(r.low), x_of(r.high)
        label = r.question if len(r.question) <= 34 else r.question[:33] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{h(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{width}" height="18" fill="#eef1f5"/>')
        parts.append(
            f'<rect class="swing" x="{x0}" y="{y + 2}" width="{max(x1 - x0, 1):.1f}" '
            f'height="18" fill="#9a6700"><title>{h(r.question)} ({h(r.given)}): '
            f"{r.low:.1f} ({h(r.low_answer)}) to {r.high:.1f} ({h(r.high_answer)})</title></rect>"
        )
        parts.append(
            f'<text x="{left + width + 6}" y="{y + 15}">{r.low:.1f} to {r.high:.1f}</text>'
        )
    bottom = 10 + len(rows) * row
    ticks = [lo, hi]
    for tick in ticks:
        edge = tick not in (lo, hi)
        x = x_of(tick)
        if edge:
            parts.append(
                f'<line x1="{x}" y1="6" x2="{x}" y2="{bottom}" stroke="#9aa3b2" '
                'stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="#5b6475">{tick:g}</text>'
        )
    x = x_of(d.score)
    parts.append(
        f'<line x1="{x}" y1="4" x2="{x}" y2="{bottom}" stroke="#d1242f" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{x}" y="{bottom + 30}" text-anchor="middle" fill="#d1242f">headline '
        f"{number(d.score)}</text></svg>"
    )
    return "".join(parts)
