"""Inline SVG charts drawn in Python: stacked weekly bars, horizontal bars and a feed-by-day grid.

Every string that reaches the markup goes through `esc` (labels come from feeds and pages). Each
bar carries class and data-* attributes so that tests, and readers of the DOM, can count them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; grey is kept for "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER = "#9a9a9a"
FAIL = "#D55E00"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def esc(value: object) -> str:
    """Escape text for HTML/SVG content and attribute values alike."""
    return escape("" if value is None else str(value), quote=True)


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round tick values from 0 that cover `top` (integers: these are counts)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(1, int(step))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def _week_label(week: date, with_year: bool = False) -> str:
    return week.strftime("%d %b %y" if with_year else "%d %b")


def stacked_bars(
    chart_id: str, weeks: Sequence[date], series: Sequence[tuple[str, Sequence[int]]], unit: str
) -> str:
    """One bar per week, stacked by series (in the given order, first at the bottom), totals on top."""
    width, height, left, right, top, bottom = 960, 300, 44, 12, 22, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(vals[i] for _, vals in series) for i in range(len(weeks))]
    ticks = nice_ticks(max(totals, default=0))
    ymax = ticks[-1]
    slot = plot_w / max(len(weeks), 1)
    bar_w = max(2.0, min(48.0, slot * 0.72))
    # Label every nth week so labels never collide (about 62 px per label).
    with_year = bool(weeks) and weeks[0].year != weeks[-1].year
    every = max(1, math.ceil((76 if with_year else 62) / slot))
    out = [_svg_open(chart_id, width, height)]
    for t in ticks:
        y = top + plot_h - plot_h * t / ymax
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{t}</text>')
    for i, week in enumerate(weeks):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for s, (name, vals) in enumerate(series):
            v = vals[i]
            if not v:
                continue
            h = plot_h * v / ymax
            y -= h
            colour = OTHER if name == "other" else PALETTE[s % len(PALETTE)]
            tip = f"{name}, week of {week.isoformat()}: {v} {unit}"
            out.append(
                f'<rect class="bar" data-series="{esc(name)}" data-week="{week.isoformat()}" data-value="{v}" '
                f'x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}" stroke="#fff" stroke-width="1">'
                f"<title>{esc(tip)}</title></rect>"
            )
        if totals[i] and _label_fits(totals, i, slot):
            out.append(
                f'<text class="data-label" data-week="{week.isoformat()}" x="{x + bar_w / 2:.1f}" '
                f'y="{y - 5:.1f}" text-anchor="middle">{totals[i]}</text>'
            )
        if i % every == 0:
            out.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{_week_label(week, with_year)}</text>"
            )
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.append(
        f'<text class="axis-title" x="{left + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        "week starting (Monday, UTC)</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _label_fits(totals: Sequence[int], i: int, slot: float) -> bool:
    """Whether bar i's total can be printed without overprinting a neighbour's (about 7 px a digit)."""
    if 7 * len(str(totals[i])) <= slot - 2:
        return True
    return not (i > 0 and totals[i - 1]) and not (i + 1 < len(totals) and totals[i + 1])


def legend(names: Sequence[str]) -> str:
    """An HTML legend whose swatches match stacked_bars' colours."""
    items = []
    for s, name in enumerate(names):
        colour = OTHER if name == "other" else PALETTE[s % len(PALETTE)]
        items.append(f'<li><span class="swatch" style="background:{colour}"></span>{esc(name)}</li>')
    return f'<ul class="legend">{"".join(items)}</ul>'


def horizontal_bars(chart_id: str, rows: Sequence[tuple[str, int]], unit: str) -> str:
    """One labelled horizontal bar per row, largest first, with its value at the end."""
    label_w, bar_area, row_h, top = 230, 640, 28, 8
    width = label_w + bar_area + 60
    height = top * 2 + row_h * len(rows)
    vmax = max((v for _, v in rows), default=1) or 1
    out = [_svg_open(chart_id, width, height)]
    for i, (name, v) in enumerate(rows):
        y = top + i * row_h
        w = max(2.0, bar_area * v / vmax)
        shown = name if len(name) <= 32 else name[:31] + "…"
        out.append(
            f'<text class="label" x="{label_w - 10}" y="{y + row_h / 2 + 5:.1f}" text-anchor="end">'
            f"<title>{esc(name)}</title>{esc(shown)}</text>"
        )
        out.append(
            f'<rect class="bar" data-series="{esc(name)}" data-value="{v}" x="{label_w}" y="{y + 4}" '
            f'width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[0]}"><title>{esc(name)}: {v} {unit}</title></rect>'
        )
        out.append(f'<text class="data-label" x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 5:.1f}">{v}</text>')
    out.append("</svg>")
    return "".join(out)


def _blue(share: float) -> str:
    """A sequential blue from near-white (0) to the palette's blue (1)."""
    lo, hi = (240, 246, 251), (0, 114, 178)
    r, g, b = (round(a + (z - a) * share) for a, z in zip(lo, hi))
    return f"#{r:02x}{g:02x}{b:02x}"


def activity_grid(
    chart_id: str, feeds: Sequence[str], columns: Sequence[date], cells: dict[tuple[str, date], tuple[int, int, int, str]],
    column_unit: str,
) -> str:
    """Feeds down, days (or weeks) across; colour = articles kept, a vermilion corner = failed fetches.

    cells maps (feed, column) to (articles, attempts, failures, failure summary).
    """
    label_w, top, row_h = 200, 40, 26
    cell_w = max(12.0, min(44.0, 760 / max(len(columns), 1)))
    width = label_w + cell_w * len(columns) + 10
    height = top + row_h * len(feeds) + 8
    amax = max((c[0] for c in cells.values()), default=1) or 1
    with_year = bool(columns) and columns[0].year != columns[-1].year
    every = max(1, math.ceil((60 if with_year else 48) / cell_w))
    out = [_svg_open(chart_id, width, height)]
    for j, col in enumerate(columns):
        if j % every == 0:
            x = label_w + cell_w * j + cell_w / 2
            out.append(f'<text class="tick" x="{x:.1f}" y="{top - 10}" text-anchor="middle">{_week_label(col, with_year)}</text>')
    for i, feed in enumerate(feeds):
        y = top + i * row_h
        shown = feed if len(feed) <= 24 else feed[:22] + "…"
        out.append(
            f'<text class="label" x="{label_w - 8}" y="{y + row_h / 2 + 5:.1f}" text-anchor="end">'
            f"<title>{esc(feed)}</title>{esc(shown)}</text>"
        )
        for j, col in enumerate(columns):
            arts, attempts, fails, why = cells.get((feed, col), (0, 0, 0, ""))
            x = label_w + cell_w * j
            fill = _blue(0.15 + 0.85 * arts / amax) if arts else ("#ffffff" if not attempts else "#eef0f2")
            tip = f"{feed}, {column_unit} of {col.isoformat()}: {arts} articles, {attempts} fetches, {fails} failed"
            if why:
                tip += f" ({why})"
            out.append(
                f'<rect class="cell" data-feed="{esc(feed)}" data-day="{col.isoformat()}" data-articles="{arts}" '
                f'data-failures="{fails}" x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" height="{row_h - 2}" '
                f'fill="{fill}" rx="2"><title>{esc(tip)}</title></rect>'
            )
            if arts and cell_w >= 20:
                ink = "#ffffff" if arts / amax > 0.5 else "#1b2733"
                out.append(
                    f'<text class="cell-label" x="{x + cell_w / 2:.1f}" y="{y + row_h / 2 + 4:.1f}" '
                    f'text-anchor="middle" fill="{ink}">{arts}</text>'
                )
            if fails:
                # A corner triangle reads without relying on hue alone.
                x2, y1 = x + cell_w - 1, y + 1
                out.append(
                    f'<path class="fail-mark" data-failures="{fails}" d="M{x2 - 11:.1f},{y1} L{x2:.1f},{y1} '
                    f'L{x2:.1f},{y1 + 11}Z" fill="{FAIL}"><title>{esc(tip)}</title></path>'
                )
    out.append("</svg>")
    return "".join(out)


def _svg_open(chart_id: str, width: float, height: float) -> str:
    return (
        f'<svg id="{esc(chart_id)}" class="chart" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="{FONT};max-width:{width:.0f}px">'
    )
