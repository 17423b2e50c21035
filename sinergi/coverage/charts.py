"""Server-drawn SVG for the coverage page (no JavaScript library, nothing from a CDN), and the shade of a
coverage percentage for the regency table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from sinergi.formatting import MONTHS_ID, format_number

# Light to dark green in five steps of 20 %: readable black text on each (WCAG AA against the lightest four).
SHADES = ("#f1f8f3", "#d3ecdb", "#a8d8b6", "#6fbf88", "#3f9b5d")


def shade(coverage: Decimal | None) -> str:
    if coverage is None:
        return "#ffffff"
    return SHADES[min(int(coverage // 20), len(SHADES) - 1)]


def trend_svg(points: list[tuple[dt.date, int]], *, width: int = 720, height: int = 240) -> str:
    """Participants per month as bars, with the value in each bar's title (the table beside it holds the
    same numbers for screen readers and printing)."""
    left, right, top, bottom = 64, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for _m, v in points), default=0) or 1
    step = plot_w / max(len(points), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             'class="coverage-trend" data-testid="coverage-trend" aria-labelledby="trend-title">',
             '<title id="trend-title">Peserta aktif per bulan</title>']
    for tick in range(0, 5):
        value = peak * tick / 4
        y = top + plot_h * (1 - tick / 4)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#555">'
                     f'{escape(format_number(int(value)))}</text>')
    for i, (month, value) in enumerate(points):
        h = plot_h * value / peak
        x = left + i * step + step * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="#3f9b5d" data-month="{month:%Y-%m}"><title>{escape(MONTHS_ID[month.month - 1])} '
                     f'{month.year}: {escape(format_number(value))}</title></rect>')
        label = f"{MONTHS_ID[month.month - 1][:3]} {month.year % 100:02d}"
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 14}" font-size="9" '
                     f'text-anchor="middle" fill="#555">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above
