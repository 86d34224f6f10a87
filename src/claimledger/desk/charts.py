"""Small bar charts drawn on the server as inline SVG: no script, nothing fetched.

A chart is a list of ``(label, count)`` pairs.  Every label and count is
escaped text inside the SVG, every bar carries a ``<title>`` (what a pointer
or a screen reader gets), and the whole figure has a text alternative, so
the chart says what the numbers beside it say.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Sequence

from markupsafe import Markup


def daily(counts: dict[str, int], last: date, days: int) -> list[tuple[str, int]]:
    """``days`` consecutive days ending on ``last``, each with its count (0 when none)."""
    first = last - timedelta(days=days - 1)
    return [((first + timedelta(d)).isoformat(), counts.get((first + timedelta(d)).isoformat(), 0))
            for d in range(days)]


def columns(data: Sequence[tuple[str, int]], title: str, width: int = 560, height: int = 160,
            css_class: str = "cl-chart") -> Markup:
    """Vertical bars, one per pair, left to right; the first and last labels under the axis."""
    top = max((n for _, n in data), default=0)
    pad_left, pad_bottom, pad_top = 34, 20, 8
    plot_w, plot_h = width - pad_left - 4, height - pad_bottom - pad_top
    step = plot_w / max(len(data), 1)
    parts = [_open(title, width, height, css_class, _summary(data)),
             Markup('<line class="cl-axis" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                 pad_left, pad_top + plot_h, pad_left + plot_w),
             Markup('<text class="cl-tick" x="{}" y="{}" text-anchor="end">{}</text>').format(
                 pad_left - 4, pad_top + 10, f"{top:,}")]
    for i, (label, n) in enumerate(data):
        h = 0 if top == 0 else round(plot_h * n / top, 1)
        parts.append(Markup('<rect class="cl-bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>')
                     .format(round(pad_left + i * step + 1, 1), round(pad_top + plot_h - h, 1),
                             round(max(step - 2, 1), 1), h, label, f"{n:,}"))
    if data:
        for label, x, anchor in ((data[0][0], pad_left, "start"), (data[-1][0], pad_left + plot_w, "end")):
            parts.append(Markup('<text class="cl-tick" x="{}" y="{}" text-anchor="{}">{}</text>').format(
                x, height - 4, anchor, label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def rows(data: Sequence[tuple[str, int]], title: str, width: int = 360, bar_height: int = 22,
         css_class: str = "cl-chart", classes: dict[str, str] | None = None) -> Markup:
    """Horizontal bars, one per pair, top to bottom, each with its label and count."""
    top = max((n for _, n in data), default=0)
    label_w, count_w = 110, 44
    plot_w = width - label_w - count_w
    height = bar_height * max(len(data), 1) + 4
    parts = [_open(title, width, height, css_class, _summary(data))]
    for i, (label, n) in enumerate(data):
        y = 2 + i * bar_height
        w = 0 if top == 0 else round(plot_w * n / top, 1)
        extra = (classes or {}).get(label, "")
        parts.append(Markup(
            '<text class="cl-tick" x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect class="cl-bar {}" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>'
            '<text class="cl-count" x="{}" y="{}">{}</text>').format(
                label_w - 6, y + bar_height * 0.68, label,
                extra, label_w, y + 2, w, bar_height - 6, label, f"{n:,}",
                label_w + w + 4, y + bar_height * 0.68, f"{n:,}"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _open(title: str, width: int, height: int, css_class: str, summary: str) -> Markup:
    return Markup('<svg class="{}" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
                  'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>').format(
        css_class, width, height, width, height, title, summary)


def _summary(data: Iterable[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {n:,}" for label, n in data if n) or "nothing yet"
